//! The accounts list.

use super::{status_label, statuses, type_label};
use crate::api::accounts::list_accounts;
use crate::components::data_table::{Cell, Row};
use crate::components::list_page::{RecordList, Statuses};
use crate::format;
use leptos::prelude::*;
use types::dto::accounts::AccountRow;
use types::dto::records::RecordKind;
use types::lang::Lang;

fn row(lang: Lang, a: AccountRow) -> Row {
    Row::record(
        RecordKind::Account,
        a.id,
        "name",
        a.name,
        vec![
            ("industry", Cell::opt(a.industry)),
            ("status", Cell::Text(status_label(lang, a.status))),
            (
                "annual_revenue",
                Cell::opt(a.annual_revenue.map(|m| format::money(lang, &m))),
            ),
            ("owner", Cell::Text(a.owner)),
            ("updated_at", Cell::Text(format::date(lang, a.updated_at))),
            ("website", Cell::opt(a.website)),
            ("email", Cell::opt(a.email)),
            ("phone", Cell::opt(a.phone)),
            (
                "account_type",
                Cell::opt(a.account_type.map(|t| type_label(lang, t))),
            ),
            ("created_at", Cell::Text(format::date(lang, a.created_at))),
        ],
    )
}

#[component]
pub fn AccountsPage() -> impl IntoView {
    view! {
        <RecordList kind=RecordKind::Account statuses=Statuses::Fixed(statuses) row=row
            fetch=list_accounts/>
    }
}
