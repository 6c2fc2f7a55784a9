//! The task page: details with comments, watchers and history, and a button that marks it
//! done or reopens it.

use crate::api::tasks::{CommentTask, SaveTask, get_task};
use crate::components::form::{Field, FormAlert, last_error, reset_on_success};
use crate::components::layout::reload_on_success;
use crate::components::record::{record_link, text_fact};
use crate::components::record_page::{Loaded, Overview, RecordView, route_id};
use crate::format;
use crate::i18n::{t, tr, tr_args, use_lang};
use leptos::prelude::*;
use types::dto::records::RecordKind;
use types::dto::tasks::{Task, TaskStatus};

#[component]
pub fn TaskPage() -> impl IntoView {
    view! {
        <Loaded key=route_id() load=get_task show=|task| view! { <TaskView task=task/> }.into_any()/>
    }
}

/// The task's fields as the form posts them, with the status replaced: for the one-click
/// done/reopen button.
fn status_form(task: &Task, status: TaskStatus) -> impl IntoView + use<> {
    let fields = [
        ("input[title]", task.title.clone()),
        ("input[body]", task.body.clone().unwrap_or_default()),
        ("input[priority]", task.priority.code().to_owned()),
        (
            "input[due_date]",
            task.due_date.map(|d| d.to_string()).unwrap_or_default(),
        ),
        ("input[status]", status.code().to_owned()),
        ("id", task.id.to_string()),
    ];
    fields
        .into_iter()
        .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
        .collect_view()
}

#[component]
fn TaskView(task: Task) -> impl IntoView {
    let toggle = ServerAction::<SaveTask>::new();
    reload_on_success(toggle.value(), None);
    let toggle_error = last_error(toggle.value());
    let done = task.status == TaskStatus::Done;
    let next = if done {
        TaskStatus::Open
    } else {
        TaskStatus::Done
    };
    let (t2, t3) = (task.clone(), task.clone());
    view! {
        <RecordView kind=RecordKind::Task id=task.id.to_string() title=task.title.clone()
            can_delete=task.can_delete related=false
            panel=move |_| view! { <TaskOverview task=t2.clone()/> }.into_any()
            actions=move || {
                let fields = status_form(&t3, next);
                view! {
                    <ActionForm action=toggle attr:class="inline-form">
                        {fields}
                        <button type="submit" class="button button-primary">
                            {if done { t("tasks-reopen") } else { t("tasks-mark-done") }}
                        </button>
                    </ActionForm>
                }
            }>
            <FormAlert error=toggle_error with_fields=true/>
        </RecordView>
    }
}

#[component]
fn TaskOverview(task: Task) -> impl IntoView {
    let lang = use_lang();
    let text = text_fact;
    let status = match task.done_at {
        Some(at) => tr_args(
            lang,
            "tasks-done-at",
            &[("date", format::date(lang, at).into())],
        ),
        None => tr(lang, &format!("task-status-{}", task.status.code())),
    };
    let items = vec![
        (tr(lang, "field-status"), text(Some(status))),
        (
            tr(lang, "field-priority"),
            text(Some(tr(
                lang,
                &format!("task-priority-{}", task.priority.code()),
            ))),
        ),
        (
            tr(lang, "field-due-date"),
            text(task.due_date.map(|d| format::calendar_date(lang, d))),
        ),
        (
            tr(lang, "field-assignee"),
            text(Some(task.owner.name.clone())),
        ),
        (
            tr(lang, "field-linked"),
            task.linked.clone().map(record_link),
        ),
        (tr(lang, "field-body"), text(task.body.clone())),
    ];
    let t2 = task.clone();
    view! {
        <Overview kind=RecordKind::Task id=task.id.to_string() facts=items watchers=task.watchers
            below=move || view! { <TaskComments task=t2.clone()/> }/>
    }
}

#[component]
fn TaskComments(task: Task) -> impl IntoView {
    let lang = use_lang();
    let post = ServerAction::<CommentTask>::new();
    let error = last_error(post.value());
    let form = NodeRef::new();
    reset_on_success(post.value(), form);
    reload_on_success(post.value(), None);
    view! {
        <section class="card" aria-labelledby="comments-heading">
            <h2 id="comments-heading">{t("tasks-comments")}</h2>
            {if task.comments.is_empty() {
                view! { <p class="muted">{t("tasks-no-comments")}</p> }.into_any()
            } else {
                view! {
                    <ol class="comments">
                        {task.comments.into_iter().map(|c| view! {
                            <li>
                                <p class="muted">
                                    <strong>{c.author.unwrap_or_else(|| tr(lang, "history-someone"))}</strong>
                                    " · "<time>{format::date_time(lang, c.created_at)}</time>
                                </p>
                                <p class="pre">{c.body}</p>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            <ActionForm action=post node_ref=form attr:novalidate=true>
                <input type="hidden" name="id" value=task.id.to_string()/>
                <Field name="body" id="comment-body".into() label=t("tasks-add-comment") kind="textarea" error=error/>
                <button type="submit" class="button">{t("tasks-comment-submit")}</button>
            </ActionForm>
        </section>
    }
}
