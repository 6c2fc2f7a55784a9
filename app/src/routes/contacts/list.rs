//! The contacts list, and the compact table other pages show contacts in.

use crate::api::contacts::list_contacts;
use crate::components::data_table::{Cell, Row};
use crate::components::list_page::{ListSpec, RecordList, Statuses};
use crate::format;
use crate::i18n::tr;
use leptos::prelude::*;
use types::dto::contacts::{COLUMNS, ContactRow, DEFAULT_COLUMNS, SORTABLE};
use types::dto::lookups::LookupKind;
use types::dto::records::RecordKind;
use types::lang::Lang;

fn row(lang: Lang, c: ContactRow) -> Row {
    let id = c.id.to_string();
    Row {
        title: c.name.clone(),
        cells: vec![
            (
                "name",
                Cell::Link {
                    href: format!("/contacts/{id}"),
                    text: c.name,
                },
            ),
            (
                "account",
                c.account.map_or(Cell::Empty, |a| Cell::Link {
                    href: format!("/accounts/{}", a.id),
                    text: a.name,
                }),
            ),
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
        id,
    }
}

/// A compact table of contacts, for related lists on other records' pages.
pub fn contact_rows(lang: Lang, items: Vec<ContactRow>) -> AnyView {
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead><tr>
                    <th scope="col">{tr(lang, "field-name")}</th>
                    <th scope="col">{tr(lang, "field-position")}</th>
                    <th scope="col">{tr(lang, "field-email")}</th>
                    <th scope="col">{tr(lang, "field-phone")}</th>
                </tr></thead>
                <tbody>
                    {items.into_iter().map(|c| view! {
                        <tr>
                            <td><a href=format!("/contacts/{}", c.id)>{c.name}</a></td>
                            <td>{c.position}</td>
                            <td>{c.email}</td>
                            <td>{c.phone}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
pub fn ContactsPage() -> impl IntoView {
    let spec = ListSpec {
        kind: RecordKind::Contact,
        columns: COLUMNS,
        sortable: SORTABLE,
        defaults: DEFAULT_COLUMNS,
        statuses: Statuses::Lookup(LookupKind::ContactType),
        amount: false,
        row,
    };
    view! { <RecordList spec=spec fetch=list_contacts/> }
}
