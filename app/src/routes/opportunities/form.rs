//! The deal form: new (`/opportunities/new`, optionally `?account=<id>`) or edit
//! (`/opportunities/:id/edit`).

use super::{deal_choices, stage_option, type_label};
use crate::api::opportunities::{SaveOpportunity, get_opportunity};
use crate::components::form::{
    AmountField, Field, FormHeading, RecordFormActions, RecordFormTop, SelectField, last_error,
    rules, with_none,
};
use crate::components::picker::{LinkField, Picker};
use crate::components::record_page::{Loaded, id_and_account, to_edit_or_start};
use crate::format;
use crate::i18n::{t, tr, use_lang};
use leptos::prelude::*;
use types::dto::opportunities::{Opportunity, OpportunityType};
use types::dto::records::RecordKind;

#[component]
pub fn OpportunityFormPage() -> impl IntoView {
    view! {
        <Loaded key=id_and_account() load=|key| to_edit_or_start(key, get_opportunity)
            show=|(deal, account)| view! { <OpportunityForm deal=deal account=account/> }.into_any()/>
    }
}

#[component]
fn OpportunityForm(deal: Option<Opportunity>, account: Option<(String, String)>) -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveOpportunity>::new();
    let error = last_error(save.value());
    let choices = Resource::new(|| (), |_| deal_choices());
    let cancel = deal.as_ref().map_or("/opportunities".to_owned(), |d| {
        format!("/opportunities/{}", d.id)
    });
    let d = deal.clone();
    let v = move |f: fn(&Opportunity) -> Option<String>| d.as_ref().and_then(f).unwrap_or_default();
    let account = deal
        .as_ref()
        .map(|d| {
            d.account
                .as_ref()
                .map(|a| (a.id.to_string(), a.name.clone()))
        })
        .unwrap_or(account);
    let contact = deal.as_ref().and_then(|d| {
        d.contact
            .as_ref()
            .map(|c| (c.id.to_string(), c.name.clone()))
    });
    let owner = deal
        .as_ref()
        .map(|d| (d.owner.id.to_string(), d.owner.name.clone()));
    let types = with_none(
        lang,
        OpportunityType::ALL
            .iter()
            .map(|t| (t.code().to_owned(), type_label(lang, *t))),
    );
    let has_lines = deal.as_ref().is_some_and(|d| d.has_lines);
    let editing = deal.is_some();
    view! {
        <FormHeading prefix="opportunities" name=deal.as_ref().map(|d| d.name.clone())/>
        <ActionForm action=save attr:novalidate=true attr:class="card record-form">
            <RecordFormTop error=error id=deal.as_ref().map(|d| d.id.to_string())
                version=deal.as_ref().map(|d| d.updated_at)/>
            <div class="form-grid">
                <Field name="name" prefix="input" label=t("field-name") required=true rule=rules::title
                    value=v(|d| Some(d.name.clone())) error=error/>
                <LinkField field="account" kind=RecordKind::Account hidden=deal.as_ref().is_some_and(|x| x.account_hidden)
                    id="field-account".into() initial=account error=error/>
                <LinkField field="contact" kind=RecordKind::Contact hidden=deal.as_ref().is_some_and(|x| x.contact_hidden)
                    id="field-contact".into() initial=contact error=error/>
                <Field name="close_date" prefix="input" label=t("field-close-date") kind="date" required=true
                    value=v(|d| Some(d.close_date.to_string())) error=error/>
                <AmountField name="amount" from_lines=has_lines hint="opportunities-amount-from-lines" value=v(|d| Some(d.amount.to_input())) error=error/>
                <Transition fallback=|| ()>
                    {
                        let deal = deal.clone();
                        move || choices.get().map(|res| {
                            let (stages, currencies) = res.unwrap_or_default();
                            let stage = deal.as_ref().map(|d| d.stage.id.to_string())
                                .or_else(|| stages.first().map(|s| s.id.to_string()))
                                .unwrap_or_default();
                            let currency = deal.as_ref().map(|d| d.amount.currency.clone())
                                .or_else(|| currencies.first().map(|c| c.code.clone()))
                                .unwrap_or_default();
                            let stages = stages.into_iter()
                                .map(stage_option)
                                .collect::<Vec<_>>();
                            let currencies = currencies.into_iter()
                                .map(format::currency_option)
                                .collect::<Vec<_>>();
                            view! {
                                <SelectField name="stage" prefix="input" label=t("field-stage") options=stages
                                    selected=stage error=error/>
                                <SelectField name="currency" prefix="input" label=t("field-currency") options=currencies
                                    selected=currency error=error/>
                            }
                        })
                    }
                </Transition>
                <SelectField name="opportunity_type" prefix="input" label=t("field-opportunity-type") options=types
                    selected=v(|d| d.opportunity_type.map(|t| t.code().to_owned())) error=error/>
                <Field name="next_step" prefix="input" label=t("field-next-step")
                    value=v(|d| d.next_step.clone()) error=error/>
                <Field name="lost_reason" prefix="input" label=t("field-lost-reason")
                    hint=tr(lang, "opportunities-lost-reason-hint")
                    value=v(|d| d.lost_reason.clone()) error=error/>
                <Picker name="input[owner]".into() field="owner" label=t("field-owner") kind="user"
                    id="field-owner".into() initial=owner.unwrap_or_default() error=error/>
                <Field name="description" prefix="input" label=t("field-description") kind="textarea"
                    value=v(|d| d.description.clone()) error=error/>
            </div>
            <RecordFormActions editing=editing cancel=Some(cancel)/>
        </ActionForm>
    }
}
