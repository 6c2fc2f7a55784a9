//! The durable job queue, a table in the application's own database (SQLite or Postgres):
//!
//! - **Enqueue** on the caller's transaction ([`enqueue`]), so a job exists exactly when the
//!   change that caused it was committed. Domain events are jobs too (the outbox).
//! - **Claim** (`store`): `FOR UPDATE SKIP LOCKED` on Postgres, one short write statement on
//!   SQLite. A claim is a lease the worker keeps extending while the job runs; a worker that
//!   dies leaves a lease that runs out, and the job runs again.
//! - **Fail**: retried with exponential backoff and jitter up to its attempts, then `dead`,
//!   where an admin sees it and may retry or discard it ([`admin`]).
//! - **Schedule**: a job can wait for a time, and [`schedule`] keeps cron-like recurring ones.
//! - **Run**: [`worker::Worker`], in the server process or alone (`nextcrm worker`); any
//!   number of workers on any number of nodes share one database.

pub mod admin;
pub mod cron;
pub mod schedule;
pub mod store;
pub mod worker;

use crate::error::{CoreError, CoreResult};
use entity::jobs;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, PaginatorTrait,
    QueryFilter, Set, Statement,
};
use serde::{Serialize, de::DeserializeOwned};
use std::sync::Arc;
use time::OffsetDateTime;
use tokio::sync::Notify;
use uuid::Uuid;

/// The queue of domain events (the outbox).
pub const EVENTS: &str = "events";
/// The queue of webhook deliveries, worked apart so a slow receiver cannot hold up the rest.
pub const WEBHOOKS: &str = "webhooks";
/// The queue of indexing for search by meaning, worked only by processes that have the
/// embedder and the vector store (`semantic::index`).
pub const INDEX: &str = "index";
/// The queue of everything else.
pub const DEFAULT: &str = "default";
/// Attempts a job gets unless it asks for another number.
pub const MAX_ATTEMPTS: i32 = 8;
/// The Postgres channel enqueuing notifies, so idle workers start at once.
pub const CHANNEL: &str = "nextcrm_jobs";

/// The states a job row can be in. A job that succeeds is deleted.
pub mod state {
    pub const QUEUED: &str = "queued";
    pub const RUNNING: &str = "running";
    pub const DEAD: &str = "dead";
}

/// What to run: a kind a worker has a handler for, with its input.
#[derive(Clone, Debug)]
pub struct NewJob {
    pub queue: String,
    pub kind: String,
    pub payload: serde_json::Value,
    /// Not before this time (`None`: now).
    pub run_at: Option<OffsetDateTime>,
    pub max_attempts: i32,
}

impl NewJob {
    pub fn new(kind: &str, payload: &impl Serialize) -> CoreResult<NewJob> {
        Ok(NewJob {
            queue: DEFAULT.to_owned(),
            kind: kind.to_owned(),
            payload: serde_json::to_value(payload)
                .map_err(|e| CoreError::Internal(format!("job payload: {e}")))?,
            run_at: None,
            max_attempts: MAX_ATTEMPTS,
        })
    }

    pub fn on(mut self, queue: &str) -> NewJob {
        self.queue = queue.to_owned();
        self
    }

    pub fn at(mut self, when: OffsetDateTime) -> NewJob {
        self.run_at = Some(when);
        self
    }

    pub fn attempts(mut self, max: i32) -> NewJob {
        self.max_attempts = max.max(1);
        self
    }
}

/// A claimed job, as a handler sees it.
#[derive(Clone, Debug)]
pub struct Job {
    pub id: Uuid,
    pub queue: String,
    pub kind: String,
    pub payload: serde_json::Value,
    /// Which attempt this is, from 1.
    pub attempt: i32,
    pub max_attempts: i32,
}

impl Job {
    /// The payload as the handler's input type.
    pub fn input<T: DeserializeOwned>(&self) -> Result<T, JobError> {
        serde_json::from_value(self.payload.clone())
            .map_err(|e| JobError::fatal("job-bad-payload", e))
    }
}

/// Why a job failed. The key names a translated message for the admin page; the detail is
/// logged with a trace id and never stored or shown.
#[derive(Debug)]
pub struct JobError {
    pub key: &'static str,
    pub detail: String,
    /// Retrying cannot help (a malformed payload): the job goes straight to `dead`.
    pub fatal: bool,
}

impl JobError {
    pub fn retry(key: &'static str, detail: impl std::fmt::Display) -> JobError {
        JobError {
            key,
            detail: detail.to_string(),
            fatal: false,
        }
    }

    pub fn fatal(key: &'static str, detail: impl std::fmt::Display) -> JobError {
        JobError {
            key,
            detail: detail.to_string(),
            fatal: true,
        }
    }
}

impl From<CoreError> for JobError {
    fn from(e: CoreError) -> Self {
        JobError::retry("job-failed", e)
    }
}

/// The queue as the services hold it: wakes this process's workers when a job is due, so a
/// job enqueued and committed here starts without waiting for the next poll.
#[derive(Clone, Debug, Default)]
pub struct Queue {
    wake: Arc<Notify>,
}

impl Queue {
    /// Tells this process's worker to look for work now (call after a commit). If it is
    /// busy, the wake-up waits for it.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Resolves at the next [`Queue::wake`].
    pub async fn woken(&self) {
        self.wake.notified().await;
    }
}

/// The kind of the hourly upkeep job.
pub const UPKEEP: &str = "upkeep";

/// The handlers this build runs: the server's own worker and `nextcrm worker` use these.
pub fn handlers() -> worker::Handlers {
    worker::Handlers::default()
        .on(crate::events::KIND, crate::events::deliver)
        .on(crate::webhooks::KIND, crate::webhooks::deliver)
        .on(crate::semantic::index::KIND, crate::semantic::index::run)
        .on(
            crate::semantic::index::REBUILD_KIND,
            crate::semantic::index::run_rebuild,
        )
        .on(
            crate::duplicates::pairs::REBUILD_KIND,
            crate::duplicates::pairs::run_rebuild,
        )
        .on(UPKEEP, upkeep)
}

/// Keeps the built-in recurring jobs scheduled, and queues the rebuild of duplicate keys a
/// new way of making them asks for; called at every start.
pub async fn schedule_builtin(ctx: &crate::Ctx) -> CoreResult<()> {
    schedule::ensure(ctx, "upkeep", "17 * * * *", NewJob::new(UPKEEP, &())?).await?;
    crate::duplicates::pairs::ensure_current(ctx).await
}

/// Hourly: drops expired sessions, sign-in attempts no rate limit looks at any more, and
/// API answers kept past their day.
async fn upkeep(ctx: crate::Ctx, _job: Job) -> Result<(), JobError> {
    use tower_sessions::session_store::ExpiredDeletion;
    crate::session_store::DbSessionStore::new(&ctx)
        .delete_expired()
        .await
        .map_err(|e| JobError::retry("job-failed", e))?;
    crate::services::auth::prune_login_attempts(&ctx).await?;
    crate::services::idempotency::prune(&ctx).await?;
    Ok(())
}

/// Whether a job of `kind` is waiting or running (not given up).
pub async fn pending(ctx: &crate::Ctx, kind: &str) -> CoreResult<bool> {
    let found = jobs::Entity::find()
        .filter(jobs::Column::Kind.eq(kind))
        .filter(jobs::Column::State.ne(state::DEAD))
        .count(&ctx.db)
        .await?;
    Ok(found > 0)
}

/// Adds `job` unless one of its kind is waiting or running, so work asked for twice (a
/// rebuild at every start) runs once; says whether it added it.
pub async fn enqueue_once(ctx: &crate::Ctx, job: NewJob) -> CoreResult<bool> {
    if pending(ctx, &job.kind).await? {
        return Ok(false);
    }
    enqueue_all(ctx, vec![job]).await?;
    Ok(true)
}

/// Adds several jobs in one transaction of their own (work that follows no change of data:
/// imports, tools, benchmarks).
pub async fn enqueue_all(ctx: &crate::Ctx, jobs: Vec<NewJob>) -> CoreResult<()> {
    let txn = ctx.begin().await?;
    let now = ctx.now();
    for job in jobs {
        enqueue(&txn, now, job).await?;
    }
    ctx.commit(txn).await
}

/// Adds a job inside the caller's transaction: it exists exactly if that commits. On
/// Postgres the commit also notifies idle workers on every node.
pub async fn enqueue(
    txn: &impl ConnectionTrait,
    now: OffsetDateTime,
    job: NewJob,
) -> CoreResult<Uuid> {
    let id = Uuid::now_v7();
    jobs::ActiveModel {
        id: Set(id),
        queue: Set(job.queue.clone()),
        kind: Set(job.kind),
        payload: Set(job.payload.to_string()),
        state: Set(state::QUEUED.to_owned()),
        attempts: Set(0),
        max_attempts: Set(job.max_attempts),
        run_at: Set(job.run_at.unwrap_or(now)),
        locked_by: Set(None),
        locked_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(txn)
    .await?;
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        // Delivered at commit, and only if the transaction commits.
        txn.execute(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [CHANNEL.into(), job.queue.into()],
        ))
        .await?;
    }
    Ok(id)
}
