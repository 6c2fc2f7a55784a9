//! Tasks: to-dos with a priority and due date, assigned to someone, optionally about one
//! record, with comments.

use super::records::{RecordKind, UserRef};
use crate::code_enum;
use crate::ids::{CommentId, TaskId};
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
pub struct Comment {
    pub id: CommentId,
    pub author: Option<String>,
    pub body: String,
    pub created_at: OffsetDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub id: TaskId,
    pub title: String,
    pub body: Option<String>,
    pub priority: TaskPriority,
    pub due_date: Option<Date>,
    pub status: TaskStatus,
    pub done_at: Option<OffsetDateTime>,
    /// Who the task is assigned to.
    pub owner: UserRef,
    pub linked: Option<RecordRef>,
    pub comments: Vec<Comment>,
    pub watchers: Vec<UserRef>,
    pub can_delete: bool,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskRow {
    pub id: TaskId,
    pub title: String,
    pub priority: TaskPriority,
    pub due_date: Option<Date>,
    pub status: TaskStatus,
    pub owner: String,
    pub linked: Option<RecordRef>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskInput {
    pub title: String,
    pub body: String,
    pub priority: String,
    pub due_date: String,
    pub status: String,
    /// The record it is about, as `kind:id` (only set when creating).
    pub linked: String,
    /// The assignee; empty: the creator (on create) or unchanged (on update).
    pub owner: String,
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
