//! The deals list, and the compact table other pages show deals in.

use super::type_label;
use crate::api::opportunities::list_opportunities;
use crate::components::data_table::{Cell, Row};
use crate::components::list_page::{ListSpec, RecordList, Statuses};
use crate::format;
use crate::i18n::tr;
use leptos::prelude::*;
use types::dto::opportunities::{COLUMNS, DEFAULT_COLUMNS, OpportunityRow, SORTABLE};
use types::dto::records::RecordKind;
use types::lang::Lang;

fn row(lang: Lang, o: OpportunityRow) -> Row {
    let id = o.id.to_string();
    Row {
        title: o.name.clone(),
        cells: vec![
            (
                "name",
                Cell::Link {
                    href: format!("/opportunities/{id}"),
                    text: o.name,
                },
            ),
            (
                "account",
                o.account.map_or(Cell::Empty, |a| Cell::Link {
                    href: format!("/accounts/{}", a.id),
                    text: a.name,
                }),
            ),
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
        id,
    }
}

/// A compact table of deals, for related lists on other records' pages.
pub fn opportunity_rows(lang: Lang, items: Vec<OpportunityRow>) -> AnyView {
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead><tr>
                    <th scope="col">{tr(lang, "field-name")}</th>
                    <th scope="col">{tr(lang, "field-stage")}</th>
                    <th scope="col">{tr(lang, "field-amount")}</th>
                    <th scope="col">{tr(lang, "field-close-date")}</th>
                </tr></thead>
                <tbody>
                    {items.into_iter().map(|o| view! {
                        <tr>
                            <td><a href=format!("/opportunities/{}", o.id)>{o.name}</a></td>
                            <td>{o.stage}</td>
                            <td>{format::money(lang, &o.amount)}</td>
                            <td>{format::calendar_date(lang, o.close_date)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
pub fn OpportunitiesPage() -> impl IntoView {
    let spec = ListSpec {
        kind: RecordKind::Opportunity,
        columns: COLUMNS,
        sortable: SORTABLE,
        defaults: DEFAULT_COLUMNS,
        statuses: Statuses::Stages,
        amount: true,
        row,
    };
    view! { <RecordList spec=spec fetch=list_opportunities/> }
}
