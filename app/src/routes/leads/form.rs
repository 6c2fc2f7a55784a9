//! The lead form: new (`/leads/new`) or edit (`/leads/:id/edit`).

use crate::api::leads::{SaveLead, get_lead};
use crate::api::lookups::list_lookup_values;
use crate::components::form::{
    Field, FormHeading, RecordFormActions, RecordFormTop, SelectField, last_error, rules, with_none,
};
use crate::components::picker::Picker;
use crate::components::record_page::{Loaded, route_id, to_edit};
use crate::i18n::{t, use_lang};
use futures::future::try_join3;
use leptos::prelude::*;
use types::dto::leads::Lead;
use types::dto::lookups::{LookupKind, LookupValue};
use types::dto::records::RecordKind;
use types::error::AppError;

#[component]
pub fn LeadFormPage() -> impl IntoView {
    view! {
        <Loaded key=route_id() load=|id| to_edit(id, get_lead) show=|l| view! { <LeadForm lead=l/> }.into_any()/>
    }
}

/// The three lead pick-lists, read once per page and at the same time (see `deal_choices`).
async fn lead_lookups() -> Result<[Vec<LookupValue>; 3], AppError> {
    let list = |kind: LookupKind| list_lookup_values(kind.code().to_owned());
    let (source, status, kind) = try_join3(
        list(LookupKind::LeadSource),
        list(LookupKind::LeadStatus),
        list(LookupKind::LeadType),
    )
    .await?;
    Ok([source, status, kind])
}

#[component]
fn LeadForm(lead: Option<Lead>) -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveLead>::new();
    let error = last_error(save.value());
    let lookups = Resource::new(|| (), |_| lead_lookups());
    let cancel = lead
        .as_ref()
        .map_or("/leads".to_owned(), |l| format!("/leads/{}", l.id));
    let l2 = lead.clone();
    let v = move |f: fn(&Lead) -> Option<String>| l2.as_ref().and_then(f).unwrap_or_default();
    let owner = lead
        .as_ref()
        .map(|l| (l.owner.id.to_string(), l.owner.name.clone()));
    let current = lead.as_ref().map(|l| {
        [&l.source, &l.status, &l.lead_type]
            .map(|r| r.as_ref().map(|r| r.id.to_string()).unwrap_or_default())
    });
    let editing = lead.is_some();
    let form = NodeRef::new();
    let (check, duplicates) = crate::components::duplicates::watch(RecordKind::Lead, form);
    view! {
        <FormHeading prefix="leads" name=lead.as_ref().map(Lead::full_name)/>
        <ActionForm action=save node_ref=form attr:novalidate=true attr:class="card record-form">
            <RecordFormTop error=error id=lead.as_ref().map(|x| x.id.to_string())
                version=lead.as_ref().map(|l| l.updated_at)/>
            <div class="form-grid" on:change=move |_| if !editing { check() }>
                <Field name="first_name" prefix="input" label=t("field-first-name")
                    value=v(|l| l.first_name.clone()) error=error/>
                <Field name="last_name" prefix="input" label=t("field-last-name") required=true rule=rules::title
                    value=v(|l| Some(l.last_name.clone())) error=error/>
                <Field name="company" prefix="input" label=t("field-company") value=v(|l| l.company.clone()) error=error/>
                <Field name="job_title" prefix="input" label=t("field-job-title") value=v(|l| l.job_title.clone()) error=error/>
                <Field name="email" prefix="input" label=t("field-email") kind="email" rule=rules::optional_email
                    value=v(|l| l.email.clone()) error=error/>
                <Field name="phone" prefix="input" label=t("field-phone") kind="tel" rule=rules::optional_phone
                    value=v(|l| l.phone.clone()) error=error/>
                <Transition fallback=|| ()>
                    {
                        let current = current.clone().unwrap_or_default();
                        move || lookups.get().map(|res| {
                            let [sources, statuses, types] = res.unwrap_or_default();
                            let options = |values: Vec<LookupValue>| {
                                with_none(lang, values.into_iter().map(|v| (v.id.to_string(), v.name)))
                            };
                            view! {
                                <SelectField name="status" prefix="input" label=t("field-status")
                                    options=options(statuses) selected=current[1].clone() error=error/>
                                <SelectField name="source" prefix="input" label=t("field-source")
                                    options=options(sources) selected=current[0].clone() error=error/>
                                <SelectField name="lead_type" prefix="input" label=t("field-lead-type")
                                    options=options(types) selected=current[2].clone() error=error/>
                            }
                        })
                    }
                </Transition>
                <Picker name="input[owner]".into() field="owner" label=t("field-owner") kind="user"
                    id="field-owner".into() initial=owner.unwrap_or_default() error=error/>
                <Field name="description" prefix="input" label=t("field-description") kind="textarea"
                    value=v(|l| l.description.clone()) error=error/>
            </div>
            {(!editing).then_some(duplicates)}
            <RecordFormActions editing=editing cancel=Some(cancel)/>
        </ActionForm>
    }
}
