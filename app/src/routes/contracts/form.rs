//! The contract form: new (`/contracts/new`, optionally `?account=<id>`) or edit
//! (`/contracts/:id/edit`).

use super::statuses;
use crate::api::contracts::{SaveContract, get_contract};
use crate::components::form::{
    AmountField, CurrencyField, Field, FormHeading, RecordFormActions, RecordFormTop, SelectField,
    last_error, rules,
};
use crate::components::picker::{LinkField, Picker};
use crate::components::record_page::{Loaded, id_and_account, to_edit_or_start};
use crate::i18n::{t, use_lang};
use leptos::prelude::*;
use types::dto::contracts::Contract;
use types::dto::records::RecordKind;

#[component]
pub fn ContractFormPage() -> impl IntoView {
    view! {
        <Loaded key=id_and_account() load=|key| to_edit_or_start(key, get_contract)
            show=|(contract, account)| view! { <ContractForm contract=contract account=account/> }.into_any()/>
    }
}

#[component]
fn ContractForm(contract: Option<Contract>, account: Option<(String, String)>) -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveContract>::new();
    let error = last_error(save.value());
    let cancel = contract
        .as_ref()
        .map_or("/contracts".to_owned(), |c| format!("/contracts/{}", c.id));
    let c2 = contract.clone();
    let v = move |f: fn(&Contract) -> Option<String>| c2.as_ref().and_then(f).unwrap_or_default();
    let account = contract
        .as_ref()
        .map(|c| {
            c.account
                .as_ref()
                .map(|a| (a.id.to_string(), a.name.clone()))
        })
        .unwrap_or(account);
    let owner = contract
        .as_ref()
        .map(|c| (c.owner.id.to_string(), c.owner.name.clone()));
    let has_lines = contract.as_ref().is_some_and(|c| c.has_lines);
    let current = contract.as_ref().map(|c| c.value.currency.clone());
    let editing = contract.is_some();
    view! {
        <FormHeading prefix="contracts" name=contract.as_ref().map(|c| c.title.clone())/>
        <ActionForm action=save attr:novalidate=true attr:class="card record-form">
            <RecordFormTop error=error id=contract.as_ref().map(|c| c.id.to_string())
                version=contract.as_ref().map(|c| c.updated_at)/>
            <div class="form-grid">
                <Field name="title" prefix="input" label=t("field-title") required=true rule=rules::title
                    value=v(|c| Some(c.title.clone())) error=error/>
                <LinkField field="account" kind=RecordKind::Account hidden=contract.as_ref().is_some_and(|x| x.account_hidden)
                    id="field-account".into() initial=account error=error/>
                <SelectField name="status" prefix="input" label=t("field-status") options=statuses(lang)
                    selected=v(|c| Some(c.status.code().to_owned())) error=error/>
                <AmountField name="value" from_lines=has_lines hint="contracts-value-from-lines" value=v(|c| Some(c.value.to_input())) error=error/>
                <CurrencyField current=current error=error/>
                <Field name="start_date" prefix="input" label=t("field-start-date") kind="date"
                    value=v(|c| c.start_date.map(|d| d.to_string())) error=error/>
                <Field name="end_date" prefix="input" label=t("field-end-date") kind="date"
                    value=v(|c| c.end_date.map(|d| d.to_string())) error=error/>
                <Field name="renewal_reminder_date" prefix="input" label=t("field-renewal-reminder-date") kind="date"
                    value=v(|c| c.renewal_reminder_date.map(|d| d.to_string())) error=error/>
                <Field name="customer_signed_on" prefix="input" label=t("field-customer-signed-on") kind="date"
                    value=v(|c| c.customer_signed_on.map(|d| d.to_string())) error=error/>
                <Field name="company_signed_on" prefix="input" label=t("field-company-signed-on") kind="date"
                    value=v(|c| c.company_signed_on.map(|d| d.to_string())) error=error/>
                <Picker name="input[owner]".into() field="owner" label=t("field-owner") kind="user"
                    id="field-owner".into() initial=owner.unwrap_or_default() error=error/>
                <Field name="description" prefix="input" label=t("field-description") kind="textarea"
                    value=v(|c| c.description.clone()) error=error/>
            </div>
            <RecordFormActions editing=editing cancel=Some(cancel)/>
        </ActionForm>
    }
}
