//! The products list.

use super::active_label;
use crate::api::products::list_products;
use crate::components::data_table::{Cell, Row};
use crate::components::list_page::{RecordList, Statuses};
use crate::format;
use leptos::prelude::*;
use types::dto::products::ProductRow;
use types::dto::records::RecordKind;
use types::lang::Lang;

fn row(lang: Lang, p: ProductRow) -> Row {
    Row::record(
        RecordKind::Product,
        p.id,
        "name",
        p.name,
        vec![
            ("sku", Cell::opt(p.sku)),
            ("price", Cell::Text(format::money(lang, &p.price))),
            ("tax_rate", Cell::Text(format::rate(lang, p.tax_rate_bp))),
            ("unit", Cell::opt(p.unit)),
            ("active", Cell::Text(active_label(lang, p.active))),
            ("updated_at", Cell::Text(format::date(lang, p.updated_at))),
        ],
    )
}

/// The active and withdrawn filter.
fn statuses(lang: Lang) -> Vec<(String, String)> {
    vec![
        ("active".to_owned(), active_label(lang, true)),
        ("inactive".to_owned(), active_label(lang, false)),
    ]
}

#[component]
pub fn ProductsPage() -> impl IntoView {
    let can_edit = crate::use_viewer().sees_all();
    view! {
        <RecordList kind=RecordKind::Product statuses=Statuses::Fixed(statuses) row=row
            fetch=list_products create=can_edit note="products-catalog-note"/>
    }
}
