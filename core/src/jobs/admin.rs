//! The queue as admins see it: counts by state, the latest failures, and retrying or
//! discarding a dead job. Admins only.

use super::state;
use crate::audit::{self, Action};
use crate::error::{CoreError, CoreResult};
use crate::policy::users::can_manage;
use crate::{Actor, Ctx};
use entity::jobs::{Column, Entity};
use sea_orm::sea_query::{Alias, Expr, Func, SimpleExpr};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::BTreeMap;
use types::dto::jobs::{FailedJob, JobsOverview, QueueStats};
use uuid::Uuid;

/// How many failures the page lists.
const FAILURES: u64 = 50;

pub async fn overview(ctx: &Ctx, actor: &Actor) -> CoreResult<JobsOverview> {
    can_manage(actor)?;
    let now = ctx.now();
    let bigint = |e: SimpleExpr| SimpleExpr::from(Func::cast_as(e, Alias::new("BIGINT")));
    let later: SimpleExpr = Expr::case(Expr::col(Column::RunAt).gt(now), 1)
        .finally(0)
        .into();
    let counts: Vec<(String, String, i64, i64)> = Entity::find()
        .select_only()
        .column(Column::Queue)
        .column(Column::State)
        .column_as(bigint(Expr::col(Column::Id).count()), "n")
        .column_as(bigint(Func::sum(later).into()), "later")
        .group_by(Column::Queue)
        .group_by(Column::State)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let mut queues: BTreeMap<String, QueueStats> = [super::DEFAULT, super::EVENTS]
        .into_iter()
        .map(|q| {
            let stats = QueueStats {
                queue: q.to_owned(),
                ..QueueStats::default()
            };
            (q.to_owned(), stats)
        })
        .collect();
    for (queue, job_state, n, later) in counts {
        let stats = queues.entry(queue.clone()).or_insert_with(|| QueueStats {
            queue,
            ..QueueStats::default()
        });
        match job_state.as_str() {
            state::QUEUED => {
                stats.waiting += later;
                stats.queued += n - later;
            }
            state::RUNNING => stats.running += n,
            _ => stats.dead += n,
        }
    }
    let failed = Entity::find()
        .filter(Column::LastError.is_not_null())
        .filter(Column::State.ne(state::RUNNING))
        .order_by_desc(Column::UpdatedAt)
        .order_by_desc(Column::Id)
        .limit(FAILURES)
        .all(&ctx.db)
        .await?;
    let failures = failed
        .into_iter()
        .map(|j| {
            let error = j.last_error.unwrap_or_default();
            let (key, trace) = error.split_once(' ').unwrap_or((error.as_str(), ""));
            let dead = j.state == state::DEAD;
            FailedJob {
                id: j.id,
                error_key: key.to_owned(),
                trace_id: trace.to_owned(),
                retry_at: (!dead).then_some(j.run_at),
                queue: j.queue,
                kind: j.kind,
                state: j.state,
                attempts: j.attempts,
                max_attempts: j.max_attempts,
                failed_at: j.updated_at,
            }
        })
        .collect();
    Ok(JobsOverview {
        queues: queues.into_values().collect(),
        failures,
    })
}

/// The job `id` when it is dead: the only jobs an admin retries or discards.
fn dead(id: Uuid) -> Condition {
    Condition::all()
        .add(Column::Id.eq(id))
        .add(Column::State.eq(state::DEAD))
}

/// A job that was not dead (or not there) is not found.
fn found(rows_affected: u64) -> CoreResult<()> {
    if rows_affected == 0 {
        return Err(CoreError::NotFound);
    }
    Ok(())
}

/// A dead job gets its attempts back and runs again now.
pub async fn retry(ctx: &Ctx, actor: &Actor, id: Uuid) -> CoreResult<()> {
    can_manage(actor)?;
    let now = ctx.now();
    let txn = ctx.begin().await?;
    let done = Entity::update_many()
        .col_expr(Column::State, Expr::value(state::QUEUED))
        .col_expr(Column::Attempts, Expr::value(0))
        .col_expr(Column::RunAt, Expr::value(now))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(dead(id))
        .exec(&txn)
        .await?;
    found(done.rows_affected)?;
    let change = audit::diff("state", &state::DEAD, &state::QUEUED);
    audit::record(&txn, now, actor, "job", id, Action::Update, change).await?;
    ctx.commit(txn).await
}

/// A dead job is removed for good.
pub async fn discard(ctx: &Ctx, actor: &Actor, id: Uuid) -> CoreResult<()> {
    can_manage(actor)?;
    let txn = ctx.begin().await?;
    let done = Entity::delete_many().filter(dead(id)).exec(&txn).await?;
    found(done.rows_affected)?;
    audit::record(&txn, ctx.now(), actor, "job", id, Action::Delete, []).await?;
    txn.commit().await?;
    Ok(())
}
