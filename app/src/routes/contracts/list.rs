//! The contracts list, and the short list other pages show contracts in.

use super::{day, status_label, statuses};
use crate::api::contracts::list_contracts;
use crate::components::data_table::{Cell, Row};
use crate::components::list_page::{RecordList, Statuses};
use crate::format;
use leptos::prelude::*;
use types::dto::contracts::ContractRow;
use types::dto::records::RecordKind;
use types::lang::Lang;

fn row(lang: Lang, c: ContractRow) -> Row {
    Row::record(
        RecordKind::Contract,
        c.id,
        "title",
        c.title,
        vec![
            ("account", Cell::account(c.account)),
            ("status", Cell::Text(status_label(lang, c.status))),
            ("value", Cell::Text(format::money(lang, &c.value))),
            ("start_date", Cell::opt(day(lang, c.start_date))),
            ("end_date", Cell::opt(day(lang, c.end_date))),
            ("owner", Cell::Text(c.owner)),
            ("updated_at", Cell::Text(format::date(lang, c.updated_at))),
        ],
    )
}

/// Contracts as a short list: title, status and value.
pub fn contract_items(lang: Lang, items: Vec<ContractRow>) -> AnyView {
    view! {
        <ul class="plain-list">
            {items.into_iter().map(|c| view! {
                <li>
                    <a href=format!("/contracts/{}", c.id)>{c.title}</a>
                    " · "{status_label(lang, c.status)}" · "{format::money(lang, &c.value)}
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn ContractsPage() -> impl IntoView {
    view! {
        <RecordList kind=RecordKind::Contract statuses=Statuses::Fixed(statuses) row=row
            fetch=list_contracts/>
    }
}
