//! The activities list.

use super::kind_label;
use crate::api::activities::list_activities;
use crate::components::data_table::{Cell, Row};
use crate::components::list_page::{RecordList, Statuses};
use crate::components::related::activity_kinds;
use crate::format;
use leptos::prelude::*;
use types::dto::activities::ActivityRow;
use types::dto::records::RecordKind;
use types::lang::Lang;

fn row(lang: Lang, a: ActivityRow) -> Row {
    Row::record(
        RecordKind::Activity,
        a.id,
        "subject",
        a.subject,
        vec![
            ("kind", Cell::Text(kind_label(lang, a.kind))),
            (
                "occurred_at",
                Cell::Text(format::date_time(lang, a.occurred_at)),
            ),
            ("owner", Cell::Text(a.owner)),
            ("outcome", Cell::opt(a.outcome)),
            ("updated_at", Cell::Text(format::date(lang, a.updated_at))),
        ],
    )
}

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    // Activities are logged on the page of what they concern, starting from an account.
    view! {
        <RecordList kind=RecordKind::Activity statuses=Statuses::Fixed(activity_kinds) row=row
            fetch=list_activities create=false start=("/accounts", "nav-accounts")/>
    }
}
