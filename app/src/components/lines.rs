//! Line items of a deal or contract: the table with its totals, and the form to add a line
//! (a product from the catalog, or free text).

use crate::api::lines::{AddLineItem, RemoveLineItem, record_lines};
use crate::components::form::{Field, FormAlert, SelectField, last_error, reset_on_success, rules};
use crate::components::picker::Picker;
use crate::format;
use crate::i18n::{t, tr, tr_args, use_lang};
use leptos::prelude::*;
use types::dto::lines::DiscountKind;
use types::dto::opportunities::LineItems;
use types::dto::records::RecordKind;
use types::lang::Lang;
use types::money::Money;

/// A stored quantity (thousandths) as a form or table shows it.
fn quantity(lang: Lang, milli: i64) -> String {
    format::decimal(lang, milli, 3)
}

/// A deal's or contract's lines with their totals, and a form to add one.
#[component]
pub fn LineItemsPanel(kind: RecordKind, id: String) -> impl IntoView {
    let lang = use_lang();
    let add = ServerAction::<AddLineItem>::new();
    let remove = ServerAction::<RemoveLineItem>::new();
    let add_error = last_error(add.value());
    let remove_error = last_error(remove.value());
    let form = NodeRef::new();
    reset_on_success(add.value(), form);
    let (lines_id, table_id) = (id.clone(), id.clone());
    let lines = Resource::new(
        move || (add.version().get(), remove.version().get()),
        move |_| record_lines(kind.code().to_owned(), lines_id.clone()),
    );
    let discount_kinds = vec![
        (String::new(), tr(lang, "discount-none")),
        (
            DiscountKind::Percent.code().to_owned(),
            tr(lang, "discount-percent"),
        ),
        (
            DiscountKind::Amount.code().to_owned(),
            tr(lang, "discount-amount"),
        ),
    ];
    view! {
        <section class="card" aria-labelledby="lines-heading">
            <h2 id="lines-heading">{t("opportunities-lines")}</h2>
            <FormAlert error=remove_error/>
            <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
                {
                    move || lines.get().map(|res| match res {
                        Ok(l) => view! { <LinesTable lines=l kind=kind parent=table_id.clone() remove=remove/> }.into_any(),
                        Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
                    })
                }
            </Transition>
        </section>
        <section class="card" aria-labelledby="add-line-heading">
            <h2 id="add-line-heading">{t("lines-add")}</h2>
            <ActionForm action=add node_ref=form attr:novalidate=true attr:class="record-form">
                <FormAlert error=add_error/>
                <input type="hidden" name="kind" value=kind.code()/>
                <input type="hidden" name="id" value=id.clone()/>
                <div class="form-grid">
                    <Picker name="input[product]".into() field="product" label=t("field-product") kind="product"
                        id="line-product".into() error=add_error/>
                    <Field name="description" prefix="input" label=t("field-description") id="line-description".into()
                        error=add_error/>
                    <Field name="quantity" prefix="input" label=t("field-quantity") id="line-quantity".into()
                        rule=rules::quantity value="1" error=add_error/>
                    <Field name="unit_price" prefix="input" label=t("field-unit-price") id="line-unit-price".into()
                        rule=rules::amount hint=t("lines-price-hint") error=add_error/>
                    <SelectField name="discount_kind" prefix="input" label=t("field-discount-kind")
                        id="line-discount-kind".into() options=discount_kinds selected="" error=add_error/>
                    <Field name="discount" prefix="input" label=t("field-discount") id="line-discount".into()
                        error=add_error/>
                    <Field name="tax_rate" prefix="input" label=t("field-line-tax") id="line-tax".into()
                        rule=rules::rate error=add_error/>
                </div>
                <div class="form-actions">
                    <button type="submit" class="button button-primary">{t("lines-add-submit")}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn LinesTable(
    lines: LineItems,
    kind: RecordKind,
    parent: String,
    remove: ServerAction<RemoveLineItem>,
) -> impl IntoView {
    let lang = use_lang();
    let (currency, scale) = (lines.currency.clone(), lines.scale);
    let money = move |minor| {
        format::money(
            lang,
            &Money {
                minor,
                currency: currency.clone(),
                scale,
            },
        )
    };
    if lines.items.is_empty() {
        return view! { <p class="muted">{t("lines-empty")}</p> }.into_any();
    }
    let totals = lines.totals;
    let can_edit = lines.can_edit;
    view! {
        <div class="table-wrap">
            <table class="table lines">
                <thead><tr>
                    <th scope="col">{t("lines-item")}</th>
                    <th scope="col" class="num">{t("field-quantity")}</th>
                    <th scope="col" class="num">{t("field-unit-price")}</th>
                    <th scope="col" class="num">{t("lines-discount")}</th>
                    <th scope="col" class="num">{t("lines-net")}</th>
                    <th scope="col" class="num">{t("lines-tax")}</th>
                    <th scope="col" class="num">{t("lines-total")}</th>
                    <th scope="col"><span class="visually-hidden">{t("record-actions")}</span></th>
                </tr></thead>
                <tbody>
                    {lines.items.into_iter().map(|l| {
                        let line_id = l.id.to_string();
                        let label = tr_args(lang, "lines-remove", &[("name", l.description.clone().into())]);
                        let discount = match l.discount {
                            Some(d) if d.kind == DiscountKind::Percent => format::rate(lang, d.value),
                            _ if l.amounts.discount == 0 => String::new(),
                            _ => money(l.amounts.discount),
                        };
                        let parent = parent.clone();
                        view! {
                            <tr>
                                <td>{l.description.clone()}</td>
                                <td class="num">{quantity(lang, l.quantity_milli)}</td>
                                <td class="num">{money(l.unit_price)}</td>
                                <td class="num">{discount}</td>
                                <td class="num">{money(l.amounts.net)}</td>
                                <td class="num">{format!("{} ({})", money(l.amounts.tax), format::rate(lang, l.tax_rate_bp))}</td>
                                <td class="num">{money(l.amounts.total)}</td>
                                <td>
                                    {can_edit.then(|| view! {
                                        <ActionForm action=remove attr:class="inline-form">
                                            <input type="hidden" name="kind" value=kind.code()/>
                                            <input type="hidden" name="id" value=parent/>
                                            <input type="hidden" name="line" value=line_id/>
                                            <button type="submit" class="button button-small" aria-label=label>"×"</button>
                                        </ActionForm>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
                <tfoot class="totals">
                    <tr><th scope="row" colspan="6">{t("lines-subtotal")}</th><td class="num" id="lines-net">{money(totals.net)}</td><td></td></tr>
                    <tr><th scope="row" colspan="6">{t("lines-tax")}</th><td class="num" id="lines-tax">{money(totals.tax)}</td><td></td></tr>
                    <tr><th scope="row" colspan="6">{t("lines-grand-total")}</th><td class="num" id="lines-total"><strong>{money(totals.total)}</strong></td><td></td></tr>
                </tfoot>
            </table>
        </div>
    }
    .into_any()
}
