//! The activity edit form (`/activities/:id/edit`).

use crate::api::activities::{SaveActivity, get_activity};
use crate::components::form::{
    Field, FormHeading, RecordFormActions, RecordFormTop, SelectField, last_error, rules,
};
use crate::components::record_page::{Loaded, route_id};
use crate::components::related::activity_kinds;
use crate::i18n::{t, use_lang};
use leptos::prelude::*;
use types::dto::activities::Activity;

#[component]
pub fn ActivityFormPage() -> impl IntoView {
    view! {
        <Loaded key=route_id() load=get_activity show=|a| view! { <ActivityForm activity=a/> }.into_any()/>
    }
}

/// `2026-11-24T14:30`, as a datetime-local input shows it.
fn input_moment(at: time::OffsetDateTime) -> String {
    format!("{}T{:02}:{:02}", at.date(), at.hour(), at.minute())
}

#[component]
fn ActivityForm(activity: Activity) -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveActivity>::new();
    let error = last_error(save.value());
    let cancel = format!("/activities/{}", activity.id);
    view! {
        <FormHeading prefix="activities" name=Some(activity.subject.clone())/>
        <ActionForm action=save attr:novalidate=true attr:class="card record-form">
            <RecordFormTop error=error id=Some(activity.id.to_string()) version=Some(activity.updated_at)/>
            <div class="form-grid">
                <SelectField name="kind" prefix="input" label=t("field-kind") options=activity_kinds(lang)
                    selected=activity.kind.code() error=error/>
                <Field name="subject" prefix="input" label=t("field-subject") required=true rule=rules::title
                    value=activity.subject.clone() error=error/>
                <Field name="occurred_at" prefix="input" label=t("field-occurred-at") kind="datetime-local"
                    hint=t("field-occurred-at-hint") value=input_moment(activity.occurred_at) error=error/>
                <Field name="duration_minutes" prefix="input" label=t("field-duration-minutes") kind="number"
                    value=activity.duration_minutes.map(|m| m.to_string()).unwrap_or_default() error=error/>
                <Field name="outcome" prefix="input" label=t("field-outcome")
                    value=activity.outcome.clone().unwrap_or_default() error=error/>
                <Field name="body" prefix="input" label=t("field-body") kind="textarea"
                    value=activity.body.clone().unwrap_or_default() error=error/>
            </div>
            <RecordFormActions editing=true cancel=Some(cancel)/>
        </ActionForm>
    }
}
