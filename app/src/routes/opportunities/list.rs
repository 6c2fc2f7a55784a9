//! The deals list, and the compact table other pages show deals in.

use super::type_label;
use crate::api::opportunities::list_opportunities;
use crate::components::data_table::{Cell, Row, compact_table};
use crate::components::list_page::{RecordList, Statuses};
use crate::format;
use leptos::prelude::*;
use types::dto::opportunities::OpportunityRow;
use types::dto::records::RecordKind;
use types::lang::Lang;

fn row(lang: Lang, o: OpportunityRow) -> Row {
    Row::record(
        RecordKind::Opportunity,
        o.id,
        "name",
        o.name,
        vec![
            ("account", Cell::account(o.account)),
            ("stage", Cell::Text(o.stage)),
            ("amount", Cell::Text(format::money(lang, &o.amount))),
            (
                "close_date",
                Cell::Text(format::calendar_date(lang, o.close_date)),
            ),
            ("owner", Cell::Text(o.owner)),
            ("updated_at", Cell::Text(format::date(lang, o.updated_at))),
            (
                "probability",
                Cell::Text(format::rate(lang, i64::from(o.probability) * 100)),
            ),
            (
                "opportunity_type",
                Cell::opt(o.opportunity_type.map(|t| type_label(lang, t))),
            ),
            ("created_at", Cell::Text(format::date(lang, o.created_at))),
        ],
    )
}

/// A compact table of deals, for related lists on other records' pages.
pub fn opportunity_rows(lang: Lang, items: Vec<OpportunityRow>) -> AnyView {
    let rows = items.into_iter().map(|r| row(lang, r)).collect();
    compact_table(lang, &["name", "stage", "amount", "close_date"], rows)
}

#[component]
pub fn OpportunitiesPage() -> impl IntoView {
    view! {
        <RecordList kind=RecordKind::Opportunity statuses=Statuses::Stages row=row
            fetch=list_opportunities/>
    }
}
