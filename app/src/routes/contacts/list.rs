//! The contacts list, and the compact table other pages show contacts in.

use crate::api::contacts::list_contacts;
use crate::components::data_table::{Cell, Row, compact_table};
use crate::components::list_page::{RecordList, Statuses};
use crate::format;
use leptos::prelude::*;
use types::dto::contacts::ContactRow;
use types::dto::lookups::LookupKind;
use types::dto::records::RecordKind;
use types::lang::Lang;

fn row(lang: Lang, c: ContactRow) -> Row {
    Row::record(
        RecordKind::Contact,
        c.id,
        "name",
        c.name,
        vec![
            ("account", Cell::account(c.account)),
            ("email", Cell::opt(c.email)),
            ("phone", Cell::opt(c.phone)),
            ("owner", Cell::Text(c.owner)),
            ("updated_at", Cell::Text(format::date(lang, c.updated_at))),
            ("position", Cell::opt(c.position)),
            ("contact_type", Cell::opt(c.contact_type)),
            (
                "tags",
                Cell::opt((!c.tags.is_empty()).then(|| c.tags.join(", "))),
            ),
            ("created_at", Cell::Text(format::date(lang, c.created_at))),
        ],
    )
}

/// A compact table of contacts, for related lists on other records' pages.
pub fn contact_rows(lang: Lang, items: Vec<ContactRow>) -> AnyView {
    let rows = items.into_iter().map(|r| row(lang, r)).collect();
    compact_table(lang, &["name", "position", "email", "phone"], rows)
}

#[component]
pub fn ContactsPage() -> impl IntoView {
    view! {
        <RecordList kind=RecordKind::Contact statuses=Statuses::Lookup(LookupKind::ContactType) row=row
            fetch=list_contacts/>
    }
}
