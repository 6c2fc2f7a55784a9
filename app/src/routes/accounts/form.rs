//! The account form: new (`/accounts/new`) or edit (`/accounts/:id/edit`).

use super::{statuses, type_label};
use crate::api::accounts::{SaveAccount, get_account};
use crate::api::lookups::list_lookup_values;
use crate::components::form::{
    CurrencyField, Field, FormHeading, RecordFormActions, RecordFormTop, SelectField, last_error,
    rules, with_none,
};
use crate::components::picker::Picker;
use crate::components::record_page::{Loaded, route_id, to_edit};
use crate::i18n::{t, use_lang};
use leptos::prelude::*;
use types::dto::accounts::{Account, AccountType};
use types::dto::lookups::LookupKind;
use types::dto::records::RecordKind;

#[component]
pub fn AccountFormPage() -> impl IntoView {
    view! {
        <Loaded key=route_id() load=|id| to_edit(id, get_account)
            show=|a| view! { <AccountForm account=a/> }.into_any()/>
    }
}

#[component]
fn AccountForm(account: Option<Account>) -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveAccount>::new();
    let error = last_error(save.value());
    let industries = Resource::new(
        || (),
        |_| list_lookup_values(LookupKind::Industry.code().to_owned()),
    );
    let cancel = account
        .as_ref()
        .map_or("/accounts".to_owned(), |a| format!("/accounts/{}", a.id));
    let a = account.clone();
    let v = move |f: fn(&Account) -> Option<String>| a.as_ref().and_then(f).unwrap_or_default();
    let types = with_none(
        lang,
        AccountType::ALL
            .iter()
            .map(|t| (t.code().to_owned(), type_label(lang, *t))),
    );
    let owner = account
        .as_ref()
        .map(|a| (a.owner.id.to_string(), a.owner.name.clone()));
    let editing = account.is_some();
    let industry = v(|a| a.industry.as_ref().map(|i| i.id.to_string()));
    let currency = account
        .as_ref()
        .and_then(|a| a.annual_revenue.as_ref().map(|m| m.currency.clone()));
    let form = NodeRef::new();
    let (check, duplicates) = crate::components::duplicates::watch(RecordKind::Account, form);
    view! {
        <FormHeading prefix="accounts" name=account.as_ref().map(|a| a.name.clone())/>
        <ActionForm action=save node_ref=form attr:novalidate=true attr:class="card record-form">
            <RecordFormTop error=error id=account.as_ref().map(|a| a.id.to_string())
                version=account.as_ref().map(|a| a.updated_at)/>
            <div class="form-grid" on:change=move |_| if !editing { check() }>
                <Field name="name" prefix="input" label=t("field-name") required=true rule=rules::title
                    value=v(|a| Some(a.name.clone())) error=error/>
                <Field name="website" prefix="input" label=t("field-website") kind="url" rule=rules::optional_url
                    value=v(|a| a.website.clone()) error=error/>
                <Field name="email" prefix="input" label=t("field-email") kind="email" rule=rules::optional_email
                    value=v(|a| a.email.clone()) error=error/>
                <Field name="phone" prefix="input" label=t("field-phone") kind="tel" rule=rules::optional_phone
                    value=v(|a| a.phone.clone()) error=error/>
                <SelectField name="account_type" prefix="input" label=t("field-account-type") options=types
                    selected=v(|a| a.account_type.map(|t| t.code().to_owned())) error=error/>
                <SelectField name="status" prefix="input" label=t("field-status") options=statuses(lang)
                    selected=v(|a| Some(a.status.code().to_owned())) error=error/>
                <Transition fallback=|| ()>
                    {
                        move || industries.get().map(|res| {
                            let options = with_none(lang, res.unwrap_or_default().into_iter().map(|i| (i.id.to_string(), i.name)));
                            view! {
                                <SelectField name="industry" prefix="input" label=t("field-industry") options=options
                                    selected=industry.clone() error=error/>
                            }
                        })
                    }
                </Transition>
                <Field name="annual_revenue" prefix="input" label=t("field-annual-revenue") rule=rules::amount
                    value=v(|a| a.annual_revenue.as_ref().map(|m| m.to_input())) error=error/>
                <CurrencyField current=currency error=error/>
                <Field name="employees" prefix="input" label=t("field-employees") kind="number"
                    value=v(|a| a.employees.map(|n| n.to_string())) error=error/>
                <Field name="vat_id" prefix="input" label=t("field-vat-id")
                    value=v(|a| a.vat_id.clone()) error=error/>
                <Picker name="input[owner]".into() field="owner" label=t("field-owner") kind="user"
                    id="field-owner".into() initial=owner.unwrap_or_default() error=error/>
                <Field name="billing_address" prefix="input" label=t("field-billing-address") kind="textarea"
                    value=v(|a| a.billing_address.clone()) error=error/>
                <Field name="shipping_address" prefix="input" label=t("field-shipping-address") kind="textarea"
                    value=v(|a| a.shipping_address.clone()) error=error/>
                <Field name="description" prefix="input" label=t("field-description") kind="textarea"
                    value=v(|a| a.description.clone()) error=error/>
            </div>
            {(!editing).then_some(duplicates)}
            <RecordFormActions editing=editing cancel=Some(cancel)/>
        </ActionForm>
    }
}
