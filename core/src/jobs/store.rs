//! The queue's SQL: claiming with a lease, extending it, finishing, failing with backoff,
//! reaping expired leases and releasing jobs at shutdown. Every statement that touches a
//! claimed job also checks `locked_by`, so a worker whose lease was taken over cannot
//! finish or fail a job another worker now holds.

use super::{Job, JobError, state};
use crate::error::{CoreError, CoreResult};
use entity::jobs::{Column, Entity};
use sea_orm::sea_query::{Expr, LockBehavior, LockType, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, FromQueryResult, QueryFilter,
};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

#[derive(Debug, FromQueryResult)]
struct Claimed {
    id: Uuid,
    queue: String,
    kind: String,
    payload: String,
    attempts: i32,
    max_attempts: i32,
}

/// Claims up to `limit` due jobs of `queues` for `worker` until `lease_until`, oldest first,
/// counting the attempt. Postgres skips rows another worker is claiming; on SQLite the one
/// statement is its own short write transaction.
pub async fn claim(
    db: &impl ConnectionTrait,
    worker: &str,
    queues: &[&str],
    limit: u64,
    now: OffsetDateTime,
    lease_until: OffsetDateTime,
) -> CoreResult<Vec<Job>> {
    let mut due = Query::select();
    due.column(Column::Id)
        .from(Entity)
        .and_where(Expr::col(Column::Queue).is_in(queues.iter().copied()))
        .and_where(Expr::col(Column::State).eq(state::QUEUED))
        .and_where(Expr::col(Column::RunAt).lte(now))
        .order_by(Column::RunAt, sea_orm::Order::Asc)
        .order_by(Column::Id, sea_orm::Order::Asc)
        .limit(limit);
    let backend = db.get_database_backend();
    if backend == DatabaseBackend::Postgres {
        due.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let update = Query::update()
        .table(Entity)
        .value(Column::State, state::RUNNING)
        .value(Column::Attempts, Expr::col(Column::Attempts).add(1))
        .value(Column::LockedBy, worker)
        .value(Column::LockedUntil, lease_until)
        .value(Column::UpdatedAt, now)
        .and_where(Expr::col(Column::Id).in_subquery(due))
        .returning(Query::returning().columns([
            Column::Id,
            Column::Queue,
            Column::Kind,
            Column::Payload,
            Column::Attempts,
            Column::MaxAttempts,
        ]))
        .to_owned();
    let rows = Claimed::find_by_statement(backend.build(&update))
        .all(db)
        .await?;
    rows.into_iter()
        .map(|r| {
            let payload = serde_json::from_str(&r.payload)
                .map_err(|e| CoreError::Internal(format!("job {} payload: {e}", r.id)))?;
            Ok(Job {
                id: r.id,
                queue: r.queue,
                kind: r.kind,
                payload,
                attempt: r.attempts,
                max_attempts: r.max_attempts,
            })
        })
        .collect()
}

/// Extends the lease on the jobs `worker` holds.
pub async fn heartbeat(
    db: &impl ConnectionTrait,
    worker: &str,
    ids: &[Uuid],
    lease_until: OffsetDateTime,
) -> CoreResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    Entity::update_many()
        .col_expr(Column::LockedUntil, Expr::value(lease_until))
        .filter(Column::Id.is_in(ids.iter().copied()))
        .filter(Column::LockedBy.eq(worker))
        .exec(db)
        .await?;
    Ok(())
}

/// Removes the jobs that succeeded (one statement for a batch).
pub async fn complete(db: &impl ConnectionTrait, worker: &str, ids: &[Uuid]) -> CoreResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    Entity::delete_many()
        .filter(Column::Id.is_in(ids.iter().copied()))
        .filter(Column::LockedBy.eq(worker))
        .exec(db)
        .await?;
    Ok(())
}

/// The wait before attempt `attempt + 1`: 2^attempt seconds (capped at an hour), give or
/// take a quarter, so jobs that failed together do not all retry together.
pub fn backoff(attempt: i32) -> Duration {
    let base = 2f64.powi(attempt.clamp(0, 12)).min(3600.0);
    let mut byte = [0u8; 1];
    let jitter = match getrandom::fill(&mut byte) {
        Ok(()) => f64::from(byte[0]) / 255.0 * 0.5 - 0.25,
        Err(_) => 0.0,
    };
    Duration::seconds_f64(base * (1.0 + jitter))
}

/// Records a failed attempt: the job waits out its backoff and is queued again, or is dead
/// when it has no attempts left or cannot succeed. Returns whether it is dead.
pub async fn fail(
    db: &impl ConnectionTrait,
    worker: &str,
    job: &Job,
    error: &JobError,
    trace_id: &str,
    now: OffsetDateTime,
) -> CoreResult<bool> {
    let dead = error.fatal || job.attempt >= job.max_attempts;
    let (next_state, run_at) = if dead {
        (state::DEAD, now)
    } else {
        (state::QUEUED, now + backoff(job.attempt))
    };
    Entity::update_many()
        .col_expr(Column::State, Expr::value(next_state))
        .col_expr(Column::RunAt, Expr::value(run_at))
        .col_expr(Column::LockedBy, Expr::value(Option::<String>::None))
        .col_expr(
            Column::LockedUntil,
            Expr::value(Option::<OffsetDateTime>::None),
        )
        .col_expr(
            Column::LastError,
            Expr::value(format!("{} {trace_id}", error.key)),
        )
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::Id.eq(job.id))
        .filter(Column::LockedBy.eq(worker))
        .exec(db)
        .await?;
    Ok(dead)
}

/// Queues again the running jobs whose lease ran out (their worker died or stalled), or
/// marks them dead when that was their last attempt. Any worker may reap.
pub async fn reap(db: &impl ConnectionTrait, now: OffsetDateTime) -> CoreResult<u64> {
    let expired = || {
        Entity::update_many()
            .filter(Column::State.eq(state::RUNNING))
            .filter(Column::LockedUntil.lt(now))
            .col_expr(Column::LockedBy, Expr::value(Option::<String>::None))
            .col_expr(
                Column::LockedUntil,
                Expr::value(Option::<OffsetDateTime>::None),
            )
            .col_expr(Column::LastError, Expr::value("job-lease-expired"))
            .col_expr(Column::UpdatedAt, Expr::value(now))
    };
    let dead = expired()
        .filter(Expr::col(Column::Attempts).gte(Expr::col(Column::MaxAttempts)))
        .col_expr(Column::State, Expr::value(state::DEAD))
        .exec(db)
        .await?;
    let again = expired()
        .col_expr(Column::State, Expr::value(state::QUEUED))
        .col_expr(Column::RunAt, Expr::value(now))
        .exec(db)
        .await?;
    Ok(dead.rows_affected + again.rows_affected)
}

/// Gives back jobs a stopping worker claimed but did not start or finish: queued again at
/// once, the attempt not counted.
pub async fn release(
    db: &impl ConnectionTrait,
    worker: &str,
    ids: &[Uuid],
    now: OffsetDateTime,
) -> CoreResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    Entity::update_many()
        .col_expr(Column::State, Expr::value(state::QUEUED))
        .col_expr(Column::Attempts, Expr::col(Column::Attempts).sub(1))
        .col_expr(Column::RunAt, Expr::value(now))
        .col_expr(Column::LockedBy, Expr::value(Option::<String>::None))
        .col_expr(
            Column::LockedUntil,
            Expr::value(Option::<OffsetDateTime>::None),
        )
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::Id.is_in(ids.iter().copied()))
        .filter(Column::LockedBy.eq(worker))
        .exec(db)
        .await?;
    Ok(())
}

/// Whether any job of `queues` is due: a cheap read before a claim, which on SQLite takes
/// the write lock. It reads one id (a count would read the whole backlog).
pub async fn any_due(
    db: &impl ConnectionTrait,
    queues: &[&str],
    now: OffsetDateTime,
) -> CoreResult<bool> {
    use sea_orm::QuerySelect;
    let one: Option<Uuid> = Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(Column::State.eq(state::QUEUED))
        .filter(Column::RunAt.lte(now))
        .filter(Column::Queue.is_in(queues.iter().copied()))
        .into_tuple()
        .one(db)
        .await?;
    Ok(one.is_some())
}

/// Vacuums the queue table, on Postgres. Every job leaves dead row versions behind (claimed,
/// then deleted), so a busy queue is almost all dead rows; until they are vacuumed, each
/// claim walks their index entries (25,000 per claim were seen under load). Autovacuum's
/// default pace (a pass a minute at most, after 20% of the table) is far too slow for a
/// table that turns over thousands of times a minute, and some servers run without it, so
/// the workers vacuum it themselves. `SKIP_LOCKED` lets a worker pass when another is
/// already at it.
pub async fn vacuum(db: &impl ConnectionTrait) -> CoreResult<()> {
    if db.get_database_backend() == DatabaseBackend::Postgres {
        db.execute_unprepared("VACUUM (SKIP_LOCKED) jobs").await?;
    }
    Ok(())
}
