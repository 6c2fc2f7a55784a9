//! Products: the catalog's list, the product page (overview, history) and the form.

use crate::api::lookups::list_currencies;
use crate::api::products::{SaveProduct, get_product, list_products};
use crate::components::data_table::{
    Cell, EmptyList, FilterSpec, ListFilters, RecordTable, Row, columns, is_filtered, shown,
    use_list_query,
};
use crate::components::error_page::ErrorPage;
use crate::components::form::{
    Field, FormAlert, SelectField, Version, echoed_checked, last_error, rules,
};
use crate::components::record::{DeleteRecord, Facts, HistoryPanel, RecordTabs};
use crate::format;
use crate::i18n::{t, tr, tr_args, use_lang};
use crate::routes::accounts::{current_tab, route_id};
use leptos::prelude::*;
use leptos_meta::Title;
use types::dto::products::{COLUMNS, DEFAULT_COLUMNS, Product, ProductRow, SORTABLE};
use types::dto::records::RecordKind;
use types::lang::Lang;

fn active_label(lang: Lang, active: bool) -> String {
    tr(
        lang,
        if active {
            "product-active"
        } else {
            "product-inactive"
        },
    )
}

fn row(lang: Lang, p: ProductRow) -> Row {
    let id = p.id.to_string();
    Row {
        title: p.name.clone(),
        cells: vec![
            (
                "name",
                Cell::Link {
                    href: format!("/products/{id}"),
                    text: p.name,
                },
            ),
            ("sku", Cell::opt(p.sku)),
            ("price", Cell::Text(format::money(lang, &p.price))),
            ("tax_rate", Cell::Text(format::rate(lang, p.tax_rate_bp))),
            ("unit", Cell::opt(p.unit)),
            ("active", Cell::Text(active_label(lang, p.active))),
            ("updated_at", Cell::Text(format::date(lang, p.updated_at))),
        ],
        id,
    }
}

#[component]
pub fn ProductsPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_list_query();
    let page = Resource::new(move || query.get(), list_products);
    let all = columns(lang, COLUMNS, SORTABLE);
    let spec = FilterSpec {
        statuses: vec![
            ("active".to_owned(), active_label(lang, true)),
            ("inactive".to_owned(), active_label(lang, false)),
        ],
        amount: true,
    };
    let can_edit = crate::use_viewer().sees_all();
    view! {
        <Title text=t("products-title")/>
        <div class="page-head">
            <h1>{t("products-title")}</h1>
            {can_edit.then(|| view! { <a class="button button-primary" href="/products/new">{t("products-new")}</a> })}
        </div>
        <p class="muted">{t("products-catalog-note")}</p>
        {move || view! { <ListFilters query=query.get() spec=spec.clone() columns=all.clone() defaults=DEFAULT_COLUMNS/> }}
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || page.get().map(|res| {
                let q = query.get_untracked();
                match res {
                    Ok(p) if p.items.is_empty() => view! {
                        <EmptyList filtered=is_filtered(&q) title_key="products-empty-title"
                            body_key="products-empty-body" new_href="/products/new" new_key="products-new"/>
                    }.into_any(),
                    Ok(p) => {
                        let cols = shown(&columns(lang, COLUMNS, SORTABLE), &q, DEFAULT_COLUMNS);
                        let rows = p.items.into_iter().map(|r| row(lang, r)).collect();
                        view! { <RecordTable kind=RecordKind::Product query=q columns=cols rows=rows next=p.next default_sort=SORTABLE[0]/> }.into_any()
                    }
                    Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn ProductPage() -> impl IntoView {
    let id = route_id();
    let product = Resource::new(move || id.get(), get_product);
    view! {
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || product.get().map(|res| match res {
                Ok(p) => view! { <ProductView product=p/> }.into_any(),
                Err(e) => view! { <ErrorPage error=e/> }.into_any(),
            })}
        </Transition>
    }
}

/// The product's fields as its overview lists them.
fn facts(lang: Lang, product: &Product) -> Vec<(String, Option<AnyView>)> {
    let text = |v: Option<String>| v.map(|v| view! { <span class="pre">{v}</span> }.into_any());
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
    let tab = current_tab();
    let id = product.id.to_string();
    let base = format!("/products/{id}");
    let tabs = vec![
        ("overview", tr(lang, "record-tab-overview")),
        ("history", tr(lang, "record-tab-history")),
    ];
    let history_id = id.clone();
    let shown = product.clone();
    view! {
        <Title text=product.name.clone()/>
        <div class="page-head">
            <h1>{product.name.clone()}</h1>
            {product.can_edit.then(|| view! {
                <div class="page-actions">
                    <a class="button" href=format!("{base}/edit")>{t("record-edit")}</a>
                    <DeleteRecord kind=RecordKind::Product id=id.clone()/>
                </div>
            })}
        </div>
        <RecordTabs base=base.clone() current=tab.get_untracked() tabs=tabs/>
        {move || match tab.get().as_str() {
            "history" => view! { <HistoryPanel kind=RecordKind::Product id=history_id.clone()/> }.into_any(),
            _ => view! { <section class="card" aria-label=t("record-details")><Facts items=facts(lang, &shown)/></section> }.into_any(),
        }}
    }
}

/// New (`/products/new`) or edit (`/products/:id/edit`).
#[component]
pub fn ProductFormPage() -> impl IntoView {
    let id = route_id();
    let product = Resource::new(
        move || id.get(),
        |id| async move {
            if id.is_empty() {
                Ok(None)
            } else {
                get_product(id).await.map(Some)
            }
        },
    );
    view! {
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || product.get().map(|res| match res {
                Ok(p) => view! { <ProductForm product=p/> }.into_any(),
                Err(e) => view! { <ErrorPage error=e/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn ProductForm(product: Option<Product>) -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveProduct>::new();
    let error = last_error(save.value());
    let currencies = Resource::new(|| (), |_| list_currencies());
    let title = match &product {
        Some(p) => tr_args(lang, "products-edit", &[("name", p.name.clone().into())]),
        None => tr(lang, "products-new"),
    };
    let cancel = product
        .as_ref()
        .map_or("/products".to_owned(), |p| format!("/products/{}", p.id));
    let p = product.clone();
    let v = move |f: fn(&Product) -> Option<String>| p.as_ref().and_then(f).unwrap_or_default();
    let active = echoed_checked("input[active]", product.as_ref().is_none_or(|p| p.active));
    let submit = if product.is_some() {
        "record-save"
    } else {
        "record-create"
    };
    let current = product.as_ref().map(|p| p.price.currency.clone());
    view! {
        <Title text=title.clone()/>
        <h1>{title}</h1>
        <ActionForm action=save attr:novalidate=true attr:class="card record-form">
            <FormAlert error=error/>
            <input type="hidden" name="id" value=product.as_ref().map(|p| p.id.to_string()).unwrap_or_default()/>
            <Version at=product.as_ref().map(|p| p.updated_at)/>
            <div class="form-grid">
                <Field name="name" prefix="input" label=t("field-name") required=true rule=rules::title
                    value=v(|p| Some(p.name.clone())) error=error/>
                <Field name="sku" prefix="input" label=t("field-sku") value=v(|p| p.sku.clone()) error=error/>
                <Field name="price" prefix="input" label=t("field-price") required=true rule=rules::amount
                    value=v(|p| Some(p.price.to_input())) error=error/>
                <Transition fallback=|| ()>
                    {
                        let current = current.clone();
                        move || currencies.get().map(|res| {
                            let list = res.unwrap_or_default();
                            let selected = current.clone()
                                .or_else(|| list.first().map(|c| c.code.clone()))
                                .unwrap_or_default();
                            let options = list.into_iter()
                                .map(format::currency_option)
                                .collect::<Vec<_>>();
                            view! {
                                <SelectField name="currency" prefix="input" label=t("field-currency")
                                    options=options selected=selected error=error/>
                            }
                        })
                    }
                </Transition>
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
            <div class="form-actions">
                <button type="submit" class="button button-primary">{t(submit)}</button>
                <a class="button" href=cancel>{t("record-cancel")}</a>
            </div>
        </ActionForm>
    }
}
