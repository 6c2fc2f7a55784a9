//! The product page: overview and history.

use super::active_label;
use crate::api::products::get_product;
use crate::components::record::{Facts, text_fact};
use crate::components::record_page::{Loaded, RecordView, route_id};
use crate::format;
use crate::i18n::{t, tr, use_lang};
use leptos::prelude::*;
use types::dto::products::Product;
use types::dto::records::RecordKind;
use types::lang::Lang;

#[component]
pub fn ProductPage() -> impl IntoView {
    view! {
        <Loaded key=route_id() load=get_product show=|p| view! { <ProductView product=p/> }.into_any()/>
    }
}

fn facts(lang: Lang, product: &Product) -> Vec<(String, Option<AnyView>)> {
    let text = text_fact;
    vec![
        (tr(lang, "field-sku"), text(product.sku.clone())),
        (
            tr(lang, "field-price"),
            text(Some(format::money(lang, &product.price))),
        ),
        (
            tr(lang, "field-tax-rate"),
            text(Some(format::rate(lang, product.tax_rate_bp))),
        ),
        (tr(lang, "field-unit"), text(product.unit.clone())),
        (
            tr(lang, "field-active"),
            text(Some(active_label(lang, product.active))),
        ),
        (
            tr(lang, "field-description"),
            text(product.description.clone()),
        ),
        (
            tr(lang, "record-updated"),
            text(Some(format::date_time(lang, product.updated_at))),
        ),
    ]
}

#[component]
fn ProductView(product: Product) -> impl IntoView {
    let lang = use_lang();
    let shown = product.clone();
    let panel = move |_: &str| {
        view! { <section class="card" aria-label=t("record-details")><Facts items=facts(lang, &shown)/></section> }
            .into_any()
    };
    view! {
        <RecordView kind=RecordKind::Product id=product.id.to_string() title=product.name.clone()
            can_edit=product.can_edit can_delete=product.can_edit related=false panel=panel/>
    }
}
