//! The job queue as the admin page shows it.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// One queue's jobs by state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueStats {
    pub queue: String,
    /// Waiting to run now.
    pub queued: i64,
    /// Waiting for a later time: scheduled, or a retry after a failure.
    pub waiting: i64,
    pub running: i64,
    /// Out of attempts, kept for an admin to retry or discard.
    pub dead: i64,
}

/// A job whose last attempt failed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedJob {
    pub id: Uuid,
    pub queue: String,
    pub kind: String,
    /// `queued` (it will be retried) or `dead`.
    pub state: String,
    pub attempts: i32,
    pub max_attempts: i32,
    /// The Fluent key of what went wrong.
    pub error_key: String,
    /// Finds the failure's log line.
    pub trace_id: String,
    #[serde(with = "crate::wire::text")]
    pub failed_at: OffsetDateTime,
    /// When it runs again, if it will.
    #[serde(with = "crate::wire::option", default)]
    pub retry_at: Option<OffsetDateTime>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobsOverview {
    pub queues: Vec<QueueStats>,
    /// The latest failures, newest first.
    pub failures: Vec<FailedJob>,
}
