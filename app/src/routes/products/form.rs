//! The product form: new (`/products/new`) or edit (`/products/:id/edit`).

use crate::api::products::{SaveProduct, get_product};
use crate::components::form::{
    CurrencyField, Field, FormHeading, RecordFormActions, RecordFormTop, echoed_checked,
    last_error, rules,
};
use crate::components::record_page::{Loaded, route_id, to_edit};
use crate::i18n::t;
use leptos::prelude::*;
use types::dto::products::Product;

#[component]
pub fn ProductFormPage() -> impl IntoView {
    view! {
        <Loaded key=route_id() load=|id| to_edit(id, get_product)
            show=|p| view! { <ProductForm product=p/> }.into_any()/>
    }
}

#[component]
fn ProductForm(product: Option<Product>) -> impl IntoView {
    let save = ServerAction::<SaveProduct>::new();
    let error = last_error(save.value());
    let cancel = product
        .as_ref()
        .map_or("/products".to_owned(), |p| format!("/products/{}", p.id));
    let p = product.clone();
    let v = move |f: fn(&Product) -> Option<String>| p.as_ref().and_then(f).unwrap_or_default();
    let active = echoed_checked("input[active]", product.as_ref().is_none_or(|p| p.active));
    let current = product.as_ref().map(|p| p.price.currency.clone());
    let editing = product.is_some();
    view! {
        <FormHeading prefix="products" name=product.as_ref().map(|p| p.name.clone())/>
        <ActionForm action=save attr:novalidate=true attr:class="card record-form">
            <RecordFormTop error=error id=product.as_ref().map(|x| x.id.to_string())
                version=product.as_ref().map(|p| p.updated_at)/>
            <div class="form-grid">
                <Field name="name" prefix="input" label=t("field-name") required=true rule=rules::title
                    value=v(|p| Some(p.name.clone())) error=error/>
                <Field name="sku" prefix="input" label=t("field-sku") value=v(|p| p.sku.clone()) error=error/>
                <Field name="price" prefix="input" label=t("field-price") required=true rule=rules::amount
                    value=v(|p| Some(p.price.to_input())) error=error/>
                <CurrencyField current=current error=error/>
                <Field name="tax_rate" prefix="input" label=t("field-tax-rate") rule=rules::rate
                    value=v(|p| Some(crate::format::decimal(types::lang::Lang::En, p.tax_rate_bp, 2))) error=error/>
                <Field name="unit" prefix="input" label=t("field-unit") value=v(|p| p.unit.clone()) error=error/>
                <div class="field">
                    <label class="check" for="field-active">
                        <input id="field-active" type="checkbox" name="input[active]" value="true" checked=active/>
                        {t("field-active")}
                    </label>
                    <p class="field-hint">{t("field-active-hint")}</p>
                </div>
                <Field name="description" prefix="input" label=t("field-description") kind="textarea"
                    value=v(|p| p.description.clone()) error=error/>
            </div>
            <RecordFormActions editing=editing cancel=Some(cancel)/>
        </ActionForm>
    }
}
