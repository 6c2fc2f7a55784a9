//! Tasks: to-dos with a priority and due date, assigned to someone, optionally about one
//! record, with comments.

use super::list::Filter;
use super::records::{Link, ListQuery, RecordKind, UserRef};
use crate::error::FieldError;
use crate::ids::{CommentId, TaskId, UserId};
use crate::patch::Patch;
use crate::validate::{self, Checker};
use crate::{code_enum, form};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

code_enum! {
    TaskPriority {
        Low = "low",
        Medium = "medium",
        High = "high",
        Critical = "critical",
    }
}

code_enum! {
    TaskStatus {
        Open = "open",
        InProgress = "in_progress",
        Done = "done",
    }
}

/// The record a task or activity is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordRef {
    pub kind: RecordKind,
    pub id: Uuid,
    pub title: String,
}

impl RecordRef {
    pub fn path(&self) -> String {
        self.kind.path(self.id)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comment {
    pub id: CommentId,
    pub author: Option<String>,
    pub body: String,
    #[serde(with = "crate::wire::text")]
    pub created_at: OffsetDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Task {
    pub id: TaskId,
    pub title: String,
    pub body: Option<String>,
    pub priority: TaskPriority,
    #[serde(with = "crate::wire::option", default)]
    pub due_date: Option<Date>,
    pub status: TaskStatus,
    #[serde(with = "crate::wire::option", default)]
    pub done_at: Option<OffsetDateTime>,
    /// Who the task is assigned to.
    pub owner: UserRef,
    pub linked: Option<RecordRef>,
    pub comments: Vec<Comment>,
    pub watchers: Vec<UserRef>,
    pub can_delete: bool,
    #[serde(with = "crate::wire::text")]
    pub created_at: OffsetDateTime,
    #[serde(with = "crate::wire::text")]
    pub updated_at: OffsetDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskRow {
    pub id: TaskId,
    pub title: String,
    pub priority: TaskPriority,
    #[serde(with = "crate::wire::option", default)]
    pub due_date: Option<Date>,
    pub status: TaskStatus,
    pub owner: String,
    pub linked: Option<RecordRef>,
    #[serde(with = "crate::wire::text")]
    pub created_at: OffsetDateTime,
    #[serde(with = "crate::wire::text")]
    pub updated_at: OffsetDateTime,
}

/// A new task. Text fields are checked and trimmed by the service.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewTask {
    pub title: String,
    pub body: Option<String>,
    pub priority: Option<TaskPriority>,
    #[serde(with = "crate::wire::option", default)]
    pub due_date: Option<Date>,
    pub status: Option<TaskStatus>,
    pub linked: Option<Link>,
    /// The creator when not given.
    pub owner: Option<UserId>,
}

/// Changes to a task: a field left out stays as it is, `null` empties it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct TaskPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub body: Patch<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<TaskPriority>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[serde(with = "crate::wire::patch", default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Date>))]
    pub due_date: Patch<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<TaskStatus>,
    /// Only read when creating.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linked: Option<Link>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<UserId>,
    /// The `updated_at` this change was based on; if the task changed since, the
    /// change is refused as a conflict instead of overwriting.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(with = "crate::wire::option", default)]
    pub updated_at: Option<OffsetDateTime>,
    /// Fields a form sent that could not be read; reported with the service's own errors,
    /// so every problem shows at once.
    #[serde(skip)]
    pub unreadable: Vec<FieldError>,
}

crate::change!(TaskPatch, owner);
crate::texts!(TaskPatch {
    title: title;
    body: Long,
});

impl From<NewTask> for TaskPatch {
    fn from(n: NewTask) -> Self {
        TaskPatch {
            title: Some(n.title),
            body: Patch::from_option(n.body),
            priority: n.priority,
            due_date: Patch::from_option(n.due_date),
            status: n.status,
            linked: n.linked,
            owner: n.owner,
            updated_at: None,
            unreadable: Vec::new(),
        }
    }
}

/// The task form as posted: text as typed. A field the form did not send is `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskInput {
    pub title: Option<String>,
    pub body: Option<String>,
    pub priority: Option<String>,
    pub due_date: Option<String>,
    pub status: Option<String>,
    pub linked: Option<String>,
    /// Empty: the creator (on create) or unchanged (on update).
    pub owner: Option<String>,
    /// The version the form was filled in on (see `form::version`).
    pub updated_at: Option<String>,
}

impl TaskInput {
    /// The form as a patch; what cannot be read is kept as a field error for the service
    /// to report with its own.
    pub fn into_patch(self) -> TaskPatch {
        let mut c = Checker::new();
        let patch = TaskPatch {
            title: self.title,
            body: form::text(self.body),
            priority: form::chosen(&mut c, "priority", self.priority, |s| {
                validate::optional_code(s, TaskPriority::from_code)
            }),
            due_date: form::parsed(&mut c, "due_date", self.due_date, validate::optional_date),
            status: form::chosen(&mut c, "status", self.status, |s| {
                validate::optional_code(s, TaskStatus::from_code)
            }),
            linked: form::chosen(&mut c, "linked", self.linked, Link::parse),
            owner: form::chosen(&mut c, "owner", self.owner, validate::optional_id),
            updated_at: form::version(&mut c, self.updated_at),
            unreadable: Vec::new(),
        };
        TaskPatch {
            unreadable: c.into_errors(),
            ..patch
        }
    }
}

impl From<TaskInput> for TaskPatch {
    fn from(input: TaskInput) -> Self {
        input.into_patch()
    }
}

pub const COLUMNS: &[&str] = &[
    "title",
    "status",
    "priority",
    "due_date",
    "owner",
    "linked",
    "updated_at",
    "created_at",
];
pub const DEFAULT_COLUMNS: &[&str] =
    &["title", "status", "priority", "due_date", "owner", "linked"];

/// The columns the list can be sorted by (the service checks the same keys).
pub const SORTABLE: &[&str] = &[
    "due_date",
    "title",
    "status",
    "priority",
    "updated_at",
    "created_at",
    "owner",
];

/// The tasks list's own filters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskFilter {
    pub status: Option<TaskStatus>,
    /// The tasks about one record.
    pub about: Option<Link>,
}

impl Filter for TaskFilter {
    fn read(q: &ListQuery, c: &mut Checker) -> Self {
        TaskFilter {
            status: c
                .check(
                    "status",
                    validate::optional_code(&q.status, TaskStatus::from_code),
                )
                .flatten(),
            about: c.check("parent", Link::parse(&q.parent)).flatten(),
        }
    }
}
