//! Tasks: the list, the task page (details, comments, watchers, history) and the form.

use crate::api::tasks::{CommentTask, SaveTask, get_task, list_tasks};
use crate::components::data_table::{
    Cell, EmptyList, FilterSpec, ListFilters, RecordTable, Row, columns, is_filtered, shown,
    use_list_query,
};
use crate::components::error_page::ErrorPage;
use crate::components::form::{
    Field, FormAlert, SelectField, Version, last_error, reset_on_success, rules,
};
use crate::components::layout::reload_on_success;
use crate::components::picker::Picker;
use crate::components::record::{
    DeleteRecord, Facts, HistoryPanel, RecordTabs, WatchersPanel, record_link,
};
use crate::components::related::{priorities, statuses};
use crate::format;
use crate::i18n::{t, tr, tr_args, use_lang};
use crate::routes::accounts::{current_tab, route_id};
use leptos::prelude::*;
use leptos_meta::Title;
use types::dto::records::RecordKind;
use types::dto::tasks::{COLUMNS, DEFAULT_COLUMNS, SORTABLE, Task, TaskRow, TaskStatus};
use types::lang::Lang;

fn row(lang: Lang, task: TaskRow) -> Row {
    let id = task.id.to_string();
    Row {
        title: task.title.clone(),
        cells: vec![
            (
                "title",
                Cell::Link {
                    href: format!("/tasks/{id}"),
                    text: task.title,
                },
            ),
            (
                "status",
                Cell::Text(tr(lang, &format!("task-status-{}", task.status.code()))),
            ),
            (
                "priority",
                Cell::Text(tr(lang, &format!("task-priority-{}", task.priority.code()))),
            ),
            (
                "due_date",
                Cell::opt(task.due_date.map(|d| format::calendar_date(lang, d))),
            ),
            ("owner", Cell::Text(task.owner)),
            (
                "linked",
                task.linked.map_or(Cell::Empty, |l| Cell::Link {
                    href: l.path(),
                    text: l.title,
                }),
            ),
            (
                "updated_at",
                Cell::Text(format::date(lang, task.updated_at)),
            ),
            (
                "created_at",
                Cell::Text(format::date(lang, task.created_at)),
            ),
        ],
        id,
    }
}

#[component]
pub fn TasksPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_list_query();
    let page = Resource::new(move || query.get(), list_tasks);
    let all = columns(lang, COLUMNS, SORTABLE);
    let spec = FilterSpec {
        statuses: statuses(lang),
        amount: false,
    };
    view! {
        <Title text=t("tasks-title")/>
        <div class="page-head">
            <h1>{t("tasks-title")}</h1>
            <a class="button button-primary" href="/tasks/new">{t("tasks-new")}</a>
        </div>
        {move || view! { <ListFilters query=query.get() spec=spec.clone() columns=all.clone() defaults=DEFAULT_COLUMNS/> }}
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || page.get().map(|res| {
                let q = query.get_untracked();
                match res {
                    Ok(p) if p.items.is_empty() => view! {
                        <EmptyList filtered=is_filtered(&q) title_key="tasks-empty-title"
                            body_key="tasks-empty-body" new_href="/tasks/new" new_key="tasks-new"/>
                    }.into_any(),
                    Ok(p) => {
                        let cols = shown(&columns(lang, COLUMNS, SORTABLE), &q, DEFAULT_COLUMNS);
                        let rows = p.items.into_iter().map(|r| row(lang, r)).collect();
                        view! { <RecordTable kind=RecordKind::Task query=q columns=cols rows=rows next=p.next default_sort=SORTABLE[0]/> }.into_any()
                    }
                    Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn TaskPage() -> impl IntoView {
    let id = route_id();
    let task = Resource::new(move || id.get(), get_task);
    view! {
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || task.get().map(|res| match res {
                Ok(task) => view! { <TaskView task=task/> }.into_any(),
                Err(e) => view! { <ErrorPage error=e/> }.into_any(),
            })}
        </Transition>
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
    let lang = use_lang();
    let tab = current_tab();
    let id = task.id.to_string();
    let base = format!("/tasks/{id}");
    let tabs = vec![
        ("overview", tr(lang, "record-tab-overview")),
        ("history", tr(lang, "record-tab-history")),
    ];
    let toggle = ServerAction::<SaveTask>::new();
    reload_on_success(toggle.value(), None);
    let toggle_error = last_error(toggle.value());
    let done = task.status == TaskStatus::Done;
    let next = if done {
        TaskStatus::Open
    } else {
        TaskStatus::Done
    };
    let t2 = task.clone();
    let toggle_fields = status_form(&task, next);
    view! {
        <Title text=task.title.clone()/>
        <div class="page-head">
            <h1>{task.title.clone()}</h1>
            <div class="page-actions">
                <ActionForm action=toggle attr:class="inline-form">
                    {toggle_fields}
                    <button type="submit" class="button button-primary">
                        {if done { t("tasks-reopen") } else { t("tasks-mark-done") }}
                    </button>
                </ActionForm>
                <a class="button" href=format!("{base}/edit")>{t("record-edit")}</a>
                {task.can_delete.then(|| view! { <DeleteRecord kind=RecordKind::Task id=id.clone()/> })}
            </div>
        </div>
        <FormAlert error=toggle_error with_fields=true/>
        <RecordTabs base=base current=tab.get_untracked() tabs=tabs/>
        {move || match tab.get().as_str() {
            "history" => view! { <HistoryPanel kind=RecordKind::Task id=t2.id.to_string()/> }.into_any(),
            _ => view! { <TaskOverview task=t2.clone()/> }.into_any(),
        }}
    }
}

#[component]
fn TaskOverview(task: Task) -> impl IntoView {
    let lang = use_lang();
    let text = |v: Option<String>| v.map(|v| view! { <span class="pre">{v}</span> }.into_any());
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
    view! {
        <div class="record-grid">
            <div>
                <section class="card" aria-label=t("record-details")>
                    <Facts items=items/>
                </section>
                <TaskComments task=task.clone()/>
            </div>
            <WatchersPanel kind=RecordKind::Task id=task.id.to_string() watchers=task.watchers/>
        </div>
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

/// New (`/tasks/new`) or edit (`/tasks/:id/edit`).
#[component]
pub fn TaskFormPage() -> impl IntoView {
    let id = route_id();
    let task = Resource::new(
        move || id.get(),
        |id| async move {
            if id.is_empty() {
                Ok(None)
            } else {
                get_task(id).await.map(Some)
            }
        },
    );
    view! {
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || task.get().map(|res| match res {
                Ok(task) => view! { <TaskForm task=task/> }.into_any(),
                Err(e) => view! { <ErrorPage error=e/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn TaskForm(task: Option<Task>) -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveTask>::new();
    let error = last_error(save.value());
    let title = match &task {
        Some(task) => tr_args(lang, "tasks-edit", &[("name", task.title.clone().into())]),
        None => tr(lang, "tasks-new"),
    };
    let cancel = task
        .as_ref()
        .map_or("/tasks".to_owned(), |task| format!("/tasks/{}", task.id));
    let t2 = task.clone();
    let v = move |f: fn(&Task) -> Option<String>| t2.as_ref().and_then(f).unwrap_or_default();
    let owner = task
        .as_ref()
        .map(|task| (task.owner.id.to_string(), task.owner.name.clone()));
    let submit = if task.is_some() {
        "record-save"
    } else {
        "record-create"
    };
    view! {
        <Title text=title.clone()/>
        <h1>{title}</h1>
        <ActionForm action=save attr:novalidate=true attr:class="card record-form">
            <FormAlert error=error/>
            <input type="hidden" name="id" value=task.as_ref().map(|task| task.id.to_string()).unwrap_or_default()/>
            <Version at=task.as_ref().map(|task| task.updated_at)/>
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
            <div class="form-actions">
                <button type="submit" class="button button-primary">{t(submit)}</button>
                <a class="button" href=cancel>{t("record-cancel")}</a>
            </div>
        </ActionForm>
    }
}
