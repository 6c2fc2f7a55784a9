//! Converting a lead (`/leads/:id/convert`): link to or create an account and a contact, and
//! optionally open a deal, in one step.

use crate::api::leads::{ConvertLead, get_convert_offer};
use crate::components::error_page::ErrorPage;
use crate::components::form::{
    Choices, Field, FormAlert, SelectField, echoed_checked, last_error, rules,
};
use crate::components::record_page::route_id;
use crate::format;
use crate::i18n::{t, tr, tr_args, use_lang};
use crate::routes::opportunities::{deal_choices, stage_option};
use leptos::prelude::*;
use leptos_meta::Title;
use types::dto::leads::ConvertOffer;
use types::dto::lookups::StageKind;
use types::dto::tasks::RecordRef;
use types::lang::Lang;

#[component]
pub fn LeadConvertPage() -> impl IntoView {
    let id = route_id();
    let offer = Resource::new(move || id.get(), get_convert_offer);
    view! {
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || offer.get().map(|res| match res {
                Ok(o) => view! { <ConvertForm offer=o/> }.into_any(),
                Err(e) => view! { <ErrorPage error=e/> }.into_any(),
            })}
        </Transition>
    }
}

/// "Create new" first, then each likely duplicate to link to instead.
fn choices(lang: Lang, new_key: &str, matches: &[RecordRef]) -> Vec<(String, String)> {
    std::iter::once((String::new(), tr(lang, new_key)))
        .chain(matches.iter().map(|r| {
            let label = tr_args(lang, "convert-link-to", &[("name", r.title.clone().into())]);
            (r.id.to_string(), label)
        }))
        .collect()
}

#[component]
fn ConvertForm(offer: ConvertOffer) -> impl IntoView {
    let lang = use_lang();
    let convert = ServerAction::<ConvertLead>::new();
    let error = last_error(convert.value());
    let lead = offer.lead;
    let name = lead.full_name();
    let title = tr_args(lang, "convert-title", &[("name", name.clone().into())]);
    let back = format!("/leads/{}", lead.id);
    let account_name = lead.company.clone().unwrap_or_else(|| name.clone());
    let accounts = choices(lang, "convert-new-account", &offer.matches.accounts);
    let contacts = choices(lang, "convert-new-contact", &offer.matches.contacts);
    let duplicates = !offer.matches.accounts.is_empty() || !offer.matches.contacts.is_empty();
    let deal_on = echoed_checked("input[deal]", true);
    let lists = Resource::new(|| (), |_| deal_choices());
    let currency = offer.currency;
    view! {
        <Title text=title.clone()/>
        <h1>{title}</h1>
        {lead.converted_at.is_some().then(|| view! {
            <div class="alert" role="status">{t("leads-already-converted")}</div>
        })}
        <ActionForm action=convert attr:novalidate=true attr:class="card record-form">
            <FormAlert error=error/>
            <input type="hidden" name="id" value=lead.id.to_string()/>
            {duplicates.then(|| view! { <p class="field-hint">{t("convert-duplicates-hint")}</p> })}
            <Choices name="account" prefix="input" legend=tr(lang, "field-account") options=accounts
                selected="" error=error/>
            <Field name="account_name" prefix="input" label=t("convert-account-name")
                hint=tr(lang, "convert-account-name-hint") value=account_name error=error/>
            <Choices name="contact" prefix="input" legend=tr(lang, "field-contact") options=contacts
                selected="" error=error/>
            <fieldset class="field">
                <legend>{t("convert-deal")}</legend>
                <label class="check" for="field-deal">
                    <input id="field-deal" type="checkbox" name="input[deal]" value="on" checked=deal_on/>
                    {t("convert-open-deal")}
                </label>
                <div class="form-grid">
                    <Field name="deal_name" prefix="input" label=t("field-name")
                        hint=tr(lang, "convert-deal-name-hint") value=String::new() error=error/>
                    <Field name="amount" prefix="input" label=t("field-amount") rule=rules::amount
                        value=String::new() error=error/>
                    <Field name="close_date" prefix="input" label=t("field-close-date") kind="date"
                        value=offer.close_date.to_string() error=error/>
                    <Transition fallback=|| ()>
                        {
                            let currency = currency.clone();
                            move || lists.get().map(|res| {
                                let (stages, currencies) = res.unwrap_or_default();
                                let stages = stages.into_iter()
                                    .filter(|s| s.kind == StageKind::Open)
                                    .map(stage_option)
                                    .collect::<Vec<_>>();
                                let first = stages.first().map(|s| s.0.clone()).unwrap_or_default();
                                let currencies = currencies.into_iter()
                                    .map(format::currency_option)
                                    .collect::<Vec<_>>();
                                view! {
                                    <SelectField name="stage" prefix="input" label=t("field-stage") options=stages
                                        selected=first error=error/>
                                    <SelectField name="currency" prefix="input" label=t("field-currency")
                                        options=currencies selected=currency.clone() error=error/>
                                }
                            })
                        }
                    </Transition>
                </div>
            </fieldset>
            <div class="form-actions">
                <button type="submit" class="button button-primary">{t("convert-submit")}</button>
                <a class="button" href=back>{t("record-cancel")}</a>
            </div>
        </ActionForm>
    }
}
