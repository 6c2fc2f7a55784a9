//! The leads list.

use crate::api::leads::list_leads;
use crate::components::data_table::{Cell, Row};
use crate::components::list_page::{RecordList, Statuses};
use crate::format;
use crate::i18n::tr;
use leptos::prelude::*;
use types::dto::leads::LeadRow;
use types::dto::lookups::LookupKind;
use types::dto::records::RecordKind;
use types::lang::Lang;

fn row(lang: Lang, l: LeadRow) -> Row {
    let name = if l.converted {
        format!("{} ({})", l.name, tr(lang, "leads-converted"))
    } else {
        l.name
    };
    Row::record(
        RecordKind::Lead,
        l.id,
        "name",
        name,
        vec![
            ("company", Cell::opt(l.company)),
            ("status", Cell::opt(l.status)),
            ("source", Cell::opt(l.source)),
            ("email", Cell::opt(l.email)),
            ("owner", Cell::Text(l.owner)),
            ("updated_at", Cell::Text(format::date(lang, l.updated_at))),
            ("phone", Cell::opt(l.phone)),
            ("created_at", Cell::Text(format::date(lang, l.created_at))),
        ],
    )
}

#[component]
pub fn LeadsPage() -> impl IntoView {
    view! {
        <RecordList kind=RecordKind::Lead statuses=Statuses::Lookup(LookupKind::LeadStatus) row=row
            fetch=list_leads/>
    }
}
