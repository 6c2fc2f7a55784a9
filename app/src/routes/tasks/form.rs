//! The task form: new (`/tasks/new`) or edit (`/tasks/:id/edit`).

use crate::api::tasks::{SaveTask, get_task};
use crate::components::form::{
    Field, FormHeading, RecordFormActions, RecordFormTop, SelectField, last_error, rules,
};
use crate::components::picker::Picker;
use crate::components::record_page::{Loaded, route_id, to_edit};
use crate::components::related::{priorities, statuses};
use crate::i18n::{t, use_lang};
use leptos::prelude::*;
use types::dto::tasks::Task;

#[component]
pub fn TaskFormPage() -> impl IntoView {
    view! {
        <Loaded key=route_id() load=|id| to_edit(id, get_task) show=|task| view! { <TaskForm task=task/> }.into_any()/>
    }
}

#[component]
fn TaskForm(task: Option<Task>) -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveTask>::new();
    let error = last_error(save.value());
    let cancel = task
        .as_ref()
        .map_or("/tasks".to_owned(), |task| format!("/tasks/{}", task.id));
    let t2 = task.clone();
    let v = move |f: fn(&Task) -> Option<String>| t2.as_ref().and_then(f).unwrap_or_default();
    let owner = task
        .as_ref()
        .map(|task| (task.owner.id.to_string(), task.owner.name.clone()));
    let editing = task.is_some();
    view! {
        <FormHeading prefix="tasks" name=task.as_ref().map(|task| task.title.clone())/>
        <ActionForm action=save attr:novalidate=true attr:class="card record-form">
            <RecordFormTop error=error id=task.as_ref().map(|x| x.id.to_string())
                version=task.as_ref().map(|task| task.updated_at)/>
            <div class="form-grid">
                <Field name="title" prefix="input" label=t("field-title") required=true rule=rules::title
                    value=v(|task| Some(task.title.clone())) error=error/>
                <SelectField name="status" prefix="input" label=t("field-status") options=statuses(lang)
                    selected=v(|task| Some(task.status.code().to_owned())) error=error/>
                <SelectField name="priority" prefix="input" label=t("field-priority") options=priorities(lang)
                    selected=task.as_ref().map_or("medium".to_owned(), |task| task.priority.code().to_owned()) error=error/>
                <Field name="due_date" prefix="input" label=t("field-due-date") kind="date"
                    value=v(|task| task.due_date.map(|d| d.to_string())) error=error/>
                <Picker name="input[owner]".into() field="owner" label=t("field-assignee") kind="user"
                    id="field-owner".into() initial=owner.unwrap_or_default() error=error/>
                <Field name="body" prefix="input" label=t("field-body") kind="textarea"
                    value=v(|task| task.body.clone()) error=error/>
            </div>
            <RecordFormActions editing=editing cancel=Some(cancel)/>
        </ActionForm>
    }
}
