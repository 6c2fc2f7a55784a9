//! Activities: calls, meetings, notes and emails, linked to the records they concern and
//! shown as a timeline on each of them.

use super::records::UserRef;
use super::tasks::RecordRef;
use crate::code_enum;
use crate::ids::ActivityId;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

code_enum! {
    ActivityKind {
        Call = "call",
        Meeting = "meeting",
        Note = "note",
        Email = "email",
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub id: ActivityId,
    pub kind: ActivityKind,
    pub subject: String,
    pub occurred_at: OffsetDateTime,
    pub duration_minutes: Option<i32>,
    pub outcome: Option<String>,
    pub body: Option<String>,
    pub owner: UserRef,
    /// The records it is linked to that the viewer may see.
    pub links: Vec<RecordRef>,
    pub can_delete: bool,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// One entry of a list or timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityRow {
    pub id: ActivityId,
    pub kind: ActivityKind,
    pub subject: String,
    pub occurred_at: OffsetDateTime,
    pub duration_minutes: Option<i32>,
    pub outcome: Option<String>,
    pub body: Option<String>,
    pub owner: String,
    pub updated_at: OffsetDateTime,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActivityInput {
    pub kind: String,
    pub subject: String,
    /// `2026-11-24T14:30` as a datetime-local input sends it (UTC); empty: now.
    pub occurred_at: String,
    pub duration_minutes: String,
    pub outcome: String,
    pub body: String,
    /// The record it concerns, as `kind:id` (only read when creating).
    pub linked: String,
}

pub const COLUMNS: &[&str] = &[
    "subject",
    "kind",
    "occurred_at",
    "owner",
    "outcome",
    "updated_at",
];
pub const DEFAULT_COLUMNS: &[&str] = &["subject", "kind", "occurred_at", "owner", "outcome"];

/// The columns the list can be sorted by (the service checks the same keys).
pub const SORTABLE: &[&str] = &[
    "occurred_at",
    "subject",
    "kind",
    "outcome",
    "updated_at",
    "owner",
];
