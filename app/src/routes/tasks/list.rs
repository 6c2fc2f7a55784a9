//! The tasks list.

use crate::api::tasks::list_tasks;
use crate::components::data_table::{Cell, Row};
use crate::components::list_page::{RecordList, Statuses};
use crate::components::related::statuses;
use crate::format;
use crate::i18n::tr;
use leptos::prelude::*;
use types::dto::records::RecordKind;
use types::dto::tasks::TaskRow;
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
    view! {
        <RecordList kind=RecordKind::Task statuses=Statuses::Fixed(statuses) row=row
            fetch=list_tasks/>
    }
}
