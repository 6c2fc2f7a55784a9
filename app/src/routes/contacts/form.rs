//! The contact form: its own page (`/contacts/new`, `/contacts/:id/edit`), or in place on an
//! account page.

use crate::api::contacts::{SaveContact, get_contact};
use crate::api::lookups::list_lookup_values;
use crate::components::form::{
    Field, FormHeading, RecordFormActions, RecordFormTop, SelectField, last_error,
    reset_on_success, rules, with_none,
};
use crate::components::picker::{LinkField, Picker};
use crate::components::record_page::{Loaded, route_id, to_edit};
use crate::i18n::{t, use_lang};
use leptos::prelude::*;
use types::dto::contacts::Contact;
use types::dto::lookups::LookupKind;
use types::dto::records::RecordKind;

#[component]
pub fn ContactFormPage() -> impl IntoView {
    view! {
        <Loaded key=route_id() load=|id| to_edit(id, get_contact) show=form_page/>
    }
}

fn form_page(contact: Option<Contact>) -> AnyView {
    let account = contact.as_ref().and_then(|c| {
        c.account
            .as_ref()
            .map(|a| (a.id.to_string(), a.name.clone()))
    });
    view! {
        <FormHeading prefix="contacts" name=contact.as_ref().map(Contact::full_name)/>
        <div class="card"><ContactForm contact=contact account=account back=String::new()/></div>
    }
    .into_any()
}

/// The contact form. `account` preselects the account; `back` is where to go after saving
/// (empty: the contact's page).
#[component]
pub fn ContactForm(
    contact: Option<Contact>,
    account: Option<(String, String)>,
    back: String,
    /// The page's own action, when it reloads something after a save.
    #[prop(optional)]
    action: Option<ServerAction<SaveContact>>,
) -> impl IntoView {
    let lang = use_lang();
    let save = action.unwrap_or_default();
    let error = last_error(save.value());
    let form = NodeRef::new();
    reset_on_success(save.value(), form);
    let types = Resource::new(
        || (),
        |_| list_lookup_values(LookupKind::ContactType.code().to_owned()),
    );
    let cancel = contact
        .as_ref()
        .map_or("/contacts".to_owned(), |c| format!("/contacts/{}", c.id));
    let c = contact.clone();
    let v = move |f: fn(&Contact) -> Option<String>| c.as_ref().and_then(f).unwrap_or_default();
    let owner = contact
        .as_ref()
        .map(|c| (c.owner.id.to_string(), c.owner.name.clone()));
    let current_type = contact
        .as_ref()
        .and_then(|c| c.contact_type.as_ref().map(|t| t.id.to_string()))
        .unwrap_or_default();
    let inline = !back.is_empty();
    let creating = contact.is_none();
    let (check, duplicates) = crate::components::duplicates::watch(RecordKind::Contact, form);
    view! {
        <ActionForm action=save node_ref=form attr:novalidate=true attr:class="record-form">
            <RecordFormTop error=error id=contact.as_ref().map(|c| c.id.to_string())
                version=contact.as_ref().map(|c| c.updated_at)/>
            <input type="hidden" name="back" value=back/>
            <div class="form-grid" on:change=move |_| if creating { check() }>
                <Field name="first_name" prefix="input" label=t("field-first-name")
                    value=v(|c| c.first_name.clone()) error=error/>
                <Field name="last_name" prefix="input" label=t("field-last-name") required=true rule=rules::title
                    value=v(|c| Some(c.last_name.clone())) error=error/>
                <Field name="email" prefix="input" label=t("field-email") kind="email" rule=rules::optional_email
                    value=v(|c| c.email.clone()) error=error/>
                <Field name="phone" prefix="input" label=t("field-phone") kind="tel" rule=rules::optional_phone
                    value=v(|c| c.phone.clone()) error=error/>
                <Field name="position" prefix="input" label=t("field-position")
                    value=v(|c| c.position.clone()) error=error/>
                <LinkField field="account" kind=RecordKind::Account hidden=contact.as_ref().is_some_and(|x| x.account_hidden)
                    id=if inline { "inline-account".to_owned() } else { "field-account".to_owned() } initial=account.clone() error=error/>
                {(!inline).then(|| view! {
                    <Field name="email2" prefix="input" label=t("field-email2") kind="email" rule=rules::optional_email
                        value=v(|c| c.email2.clone()) error=error/>
                    <Field name="mobile" prefix="input" label=t("field-mobile") kind="tel" rule=rules::optional_phone
                        value=v(|c| c.mobile.clone()) error=error/>
                    <Field name="birthday" prefix="input" label=t("field-birthday") kind="date"
                        value=v(|c| c.birthday.map(|d| d.to_string())) error=error/>
                    <Field name="linkedin" prefix="input" label=t("field-linkedin") kind="url" rule=rules::optional_url
                        value=v(|c| c.linkedin.clone()) error=error/>
                    <Field name="twitter" prefix="input" label=t("field-twitter")
                        value=v(|c| c.twitter.clone()) error=error/>
                    <Field name="tags" prefix="input" label=t("field-tags") rule=rules::tags hint=t("field-tags-hint")
                        value=v(|c| (!c.tags.is_empty()).then(|| c.tags.join(", "))) error=error/>
                    <Picker name="input[owner]".into() field="owner" label=t("field-owner") kind="user"
                        id="field-owner".into() initial=owner.clone().unwrap_or_default() error=error/>
                })}
                <Transition fallback=|| ()>
                    {
                        let current = current_type.clone();
                        move || types.get().map(|res| {
                            let options = with_none(lang, res.unwrap_or_default().into_iter().map(|v| (v.id.to_string(), v.name)));
                            view! {
                                <SelectField name="contact_type" prefix="input" label=t("field-contact-type")
                                    options=options selected=current.clone() error=error/>
                            }
                        })
                    }
                </Transition>
            </div>
            {creating.then_some(duplicates)}
            <RecordFormActions editing=contact.is_some() cancel=(!inline).then_some(cancel)/>
        </ActionForm>
    }
}
