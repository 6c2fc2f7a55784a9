//! What every record page shows about its record: the activities timeline with a form to log
//! one, and the tasks about it with a form to add one.

use crate::api::activities::{SaveActivity, list_activities};
use crate::api::tasks::{SaveTask, list_tasks};
use crate::components::form::{Field, FormAlert, SelectField, last_error, reset_on_success, rules};
use crate::components::picker::Picker;
use crate::components::table::{Table, heads};
use crate::format;
use crate::i18n::{t, tr, tr_args, use_lang};
use leptos::prelude::*;
use types::dto::activities::ActivityKind;
use types::dto::activities::ActivityRow;
use types::dto::records::{ListPage, ListQuery, RecordKind};
use types::dto::tasks::TaskRow;
use types::dto::tasks::{TaskPriority, TaskStatus};
use types::error::AppError;
use types::lang::Lang;

pub fn activity_kinds(lang: Lang) -> Vec<(String, String)> {
    ActivityKind::ALL
        .iter()
        .map(|k| {
            (
                k.code().to_owned(),
                tr(lang, &format!("activity-kind-{}", k.code())),
            )
        })
        .collect()
}

pub fn priorities(lang: Lang) -> Vec<(String, String)> {
    TaskPriority::ALL
        .iter()
        .map(|p| {
            (
                p.code().to_owned(),
                tr(lang, &format!("task-priority-{}", p.code())),
            )
        })
        .collect()
}

pub fn statuses(lang: Lang) -> Vec<(String, String)> {
    TaskStatus::ALL
        .iter()
        .map(|s| {
            (
                s.code().to_owned(),
                tr(lang, &format!("task-status-{}", s.code())),
            )
        })
        .collect()
}

/// A card of the records related to the one on the page (an account's deals, a record's
/// tasks): a heading, maybe a button beside it, then the rows or a line saying there are none.
#[component]
pub fn RelatedList<R, Fut>(
    /// The heading's element id, which labels the card.
    id: &'static str,
    heading: &'static str,
    query: ListQuery,
    fetch: fn(ListQuery) -> Fut,
    /// What shows when there are none.
    empty: &'static str,
    rows: fn(Lang, Vec<R>) -> AnyView,
    /// A button beside the heading: (href, label key).
    #[prop(optional)]
    new: Option<(String, &'static str)>,
    /// Shows the rows again when it changes (the version of a form's action on the page).
    #[prop(optional, into)]
    reload: Option<Signal<usize>>,
) -> impl IntoView
where
    R: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    Fut: std::future::Future<Output = Result<ListPage<R>, AppError>> + Send + 'static,
{
    let lang = use_lang();
    let list = Resource::new(
        move || (query.clone(), reload.map(|r| r.get())),
        move |(query, _)| fetch(query),
    );
    view! {
        <section class="card" aria-labelledby=id>
            <div class="page-head">
                <h2 id=id>{t(heading)}</h2>
                {new.map(|(href, key)| view! { <a class="button" href=href>{t(key)}</a> })}
            </div>
            <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
                {move || list.get().map(|res| match res {
                    Ok(p) if p.items.is_empty() => view! { <p class="muted">{t(empty)}</p> }.into_any(),
                    Ok(p) => rows(lang, p.items),
                    Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// The list of what concerns one record.
fn about(kind: RecordKind, id: &str) -> ListQuery {
    ListQuery {
        parent: kind.reference(id),
        ..ListQuery::default()
    }
}

/// Activities as a timeline, newest first.
fn timeline(lang: Lang, items: Vec<ActivityRow>) -> AnyView {
    view! {
        <ol class="timeline">
            {items.into_iter().map(|a| {
                let kind = tr(lang, &format!("activity-kind-{}", a.kind.code()));
                let by = tr_args(lang, "activities-by", &[("name", a.owner.clone().into())]);
                let minutes = a.duration_minutes.map(|m| tr_args(lang, "activities-minutes", &[("minutes", m.into())]));
                view! {
                    <li class=format!("timeline-item kind-{}", a.kind.code())>
                        <p class="timeline-head">
                            <span class="badge">{kind}</span>" "
                            <a href=format!("/activities/{}", a.id)>{a.subject}</a>
                        </p>
                        <p class="muted">
                            <time>{format::date_time(lang, a.occurred_at)}</time>
                            {minutes.map(|m| format!(" · {m}"))}" · "{by}
                        </p>
                        {a.outcome.map(|o| view! { <p><strong>{o}</strong></p> })}
                        {a.body.map(|b| view! { <p class="pre">{b}</p> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}

/// Tasks as a compact table.
fn task_rows(lang: Lang, items: Vec<TaskRow>) -> AnyView {
    let keys = [
        "field-title",
        "field-status",
        "field-due-date",
        "field-assignee",
    ];
    view! {
        <Table heads=heads(lang, &keys)>
            {items.into_iter().map(|task| view! {
                <tr>
                    <td><a href=format!("/tasks/{}", task.id)>{task.title}</a></td>
                    <td>{tr(lang, &format!("task-status-{}", task.status.code()))}</td>
                    <td>{task.due_date.map(|d| format::calendar_date(lang, d))}</td>
                    <td>{task.owner}</td>
                </tr>
            }).collect_view()}
        </Table>
    }
    .into_any()
}

/// The record's activities, newest first, and a form to log one.
#[component]
pub fn Timeline(kind: RecordKind, id: String) -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveActivity>::new();
    let error = last_error(save.value());
    let form = NodeRef::new();
    reset_on_success(save.value(), form);
    let reference = kind.reference(&id);
    view! {
        <RelatedList id="timeline-heading" heading="activities-timeline" query=about(kind, &id)
            fetch=list_activities empty="activities-timeline-empty" rows=timeline
            reload=save.version()/>
        <section class="card" aria-labelledby="log-heading">
            <h2 id="log-heading">{t("activities-log")}</h2>
            <ActionForm action=save node_ref=form attr:novalidate=true attr:class="record-form">
                <FormAlert error=error/>
                <input type="hidden" name="id" value=""/>
                <input type="hidden" name="input[linked]" value=reference/>
                <input type="hidden" name="back" value=format!("{}?tab=activities", kind.path(&id))/>
                <div class="form-grid">
                    <SelectField name="kind" prefix="input" id="activity-kind".into() label=t("field-kind")
                        options=activity_kinds(lang) selected="call" error=error/>
                    <Field name="subject" prefix="input" id="activity-subject".into() label=t("field-subject")
                        required=true rule=rules::title error=error/>
                    <Field name="occurred_at" prefix="input" id="activity-occurred-at".into() label=t("field-occurred-at")
                        kind="datetime-local" hint=t("field-occurred-at-hint") error=error/>
                    <Field name="duration_minutes" prefix="input" id="activity-duration".into()
                        label=t("field-duration-minutes") kind="number" error=error/>
                    <Field name="outcome" prefix="input" id="activity-outcome".into() label=t("field-outcome") error=error/>
                    <Field name="body" prefix="input" id="activity-body".into() label=t("field-body") kind="textarea" error=error/>
                </div>
                <div class="form-actions">
                    <button type="submit" class="button button-primary">{t("activities-log-submit")}</button>
                </div>
            </ActionForm>
        </section>
    }
}

/// The tasks about the record, and a form to add one.
#[component]
pub fn RelatedTasks(kind: RecordKind, id: String) -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveTask>::new();
    let error = last_error(save.value());
    let form = NodeRef::new();
    reset_on_success(save.value(), form);
    let reference = kind.reference(&id);
    view! {
        <RelatedList id="tasks-heading" heading="tasks-related" query=about(kind, &id)
            fetch=list_tasks empty="tasks-related-empty" rows=task_rows reload=save.version()/>
        <section class="card" aria-labelledby="add-task-heading">
            <h2 id="add-task-heading">{t("tasks-add")}</h2>
            <ActionForm action=save node_ref=form attr:novalidate=true attr:class="record-form">
                <FormAlert error=error/>
                <input type="hidden" name="id" value=""/>
                <input type="hidden" name="input[linked]" value=reference/>
                <input type="hidden" name="back" value=format!("{}?tab=tasks", kind.path(&id))/>
                <div class="form-grid">
                    <Field name="title" prefix="input" id="task-title".into() label=t("field-title")
                        required=true rule=rules::title error=error/>
                    <Field name="due_date" prefix="input" id="task-due".into() label=t("field-due-date")
                        kind="date" error=error/>
                    <SelectField name="priority" prefix="input" id="task-priority".into() label=t("field-priority")
                        options=priorities(lang) selected="medium" error=error/>
                    <Picker name="input[owner]".into() field="owner" label=t("field-assignee") kind="user"
                        id="task-owner".into() error=error/>
                </div>
                <div class="form-actions">
                    <button type="submit" class="button button-primary">{t("tasks-add")}</button>
                </div>
            </ActionForm>
        </section>
    }
}
