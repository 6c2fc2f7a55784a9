//! The tasks list.

use crate::api::tasks::list_tasks;
use crate::components::data_table::{Cell, Row};
use crate::components::list_page::{ListSpec, RecordList, Statuses};
use crate::components::related::statuses;
use crate::format;
use crate::i18n::tr;
use leptos::prelude::*;
use types::dto::records::RecordKind;
use types::dto::tasks::{COLUMNS, DEFAULT_COLUMNS, SORTABLE, TaskRow};
use types::lang::Lang;

fn row(lang: Lang, task: TaskRow) -> Row {
    Row::record(
        RecordKind::Task,
        task.id,
        "title",
        task.title,
        vec![
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
    )
}

#[component]
pub fn TasksPage() -> impl IntoView {
    let spec = ListSpec {
        kind: RecordKind::Task,
        columns: COLUMNS,
        sortable: SORTABLE,
        defaults: DEFAULT_COLUMNS,
        statuses: Statuses::Fixed(statuses),
        amount: false,
        row,
    };
    view! { <RecordList spec=spec fetch=list_tasks/> }
}
