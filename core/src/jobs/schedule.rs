//! Recurring jobs. A schedule row holds a cron expression and the time it next comes due;
//! whichever worker sees it due first moves that time on with a conditional update and
//! enqueues the job in the same transaction, so each due time runs once however many nodes
//! are watching.

use super::{NewJob, cron::Cron, enqueue};
use crate::Ctx;
use crate::error::{CoreError, CoreResult};
use entity::job_schedules::{self, Column, Entity};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};

/// Creates or updates the schedule `name`: `job` whenever `cron` comes due. Called at every
/// start; a changed expression takes effect from now on.
pub async fn ensure(ctx: &Ctx, name: &str, cron: &str, job: NewJob) -> CoreResult<()> {
    let parsed: Cron = cron
        .parse()
        .map_err(|e| CoreError::Internal(format!("schedule {name}: {e}")))?;
    let now = ctx.now();
    let next = parsed
        .next_after(now)
        .ok_or_else(|| CoreError::Internal(format!("schedule {name} never comes due")))?;
    let existing = Entity::find_by_id(name).one(&ctx.db).await?;
    let same = existing.as_ref().is_some_and(|s| {
        s.cron == cron
            && s.kind == job.kind
            && s.queue == job.queue
            && serde_json::from_str::<serde_json::Value>(&s.payload)
                .ok()
                .as_ref()
                == Some(&job.payload)
    });
    if same {
        return Ok(());
    }
    let row = job_schedules::ActiveModel {
        name: Set(name.to_owned()),
        cron: Set(cron.to_owned()),
        queue: Set(job.queue.clone()),
        kind: Set(job.kind.clone()),
        payload: Set(job.payload.to_string()),
        next_run_at: Set(next),
        updated_at: Set(now),
    };
    Entity::insert(row)
        .on_conflict(
            OnConflict::column(Column::Name)
                .update_columns([
                    Column::Cron,
                    Column::Queue,
                    Column::Kind,
                    Column::Payload,
                    Column::NextRunAt,
                    Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec(&ctx.db)
        .await?;
    Ok(())
}

/// Enqueues every schedule that has come due, each once; returns how many.
pub async fn enqueue_due(ctx: &Ctx) -> CoreResult<usize> {
    let now = ctx.now();
    let due = Entity::find()
        .filter(Column::NextRunAt.lte(now))
        .all(&ctx.db)
        .await?;
    let mut enqueued = 0;
    for s in due {
        let next = s
            .cron
            .parse::<Cron>()
            .ok()
            .and_then(|c| c.next_after(now))
            .ok_or_else(|| CoreError::Internal(format!("schedule {} is broken", s.name)))?;
        let txn = ctx.begin().await?;
        let moved = Entity::update_many()
            .col_expr(Column::NextRunAt, Expr::value(next))
            .col_expr(Column::UpdatedAt, Expr::value(now))
            .filter(Column::Name.eq(s.name.as_str()))
            .filter(Column::NextRunAt.eq(s.next_run_at))
            .exec(&txn)
            .await?;
        if moved.rows_affected == 1 {
            let payload = serde_json::from_str(&s.payload)
                .map_err(|e| CoreError::Internal(format!("schedule {}: {e}", s.name)))?;
            let job = NewJob {
                queue: s.queue,
                kind: s.kind,
                payload,
                run_at: None,
                max_attempts: super::MAX_ATTEMPTS,
            };
            enqueue(&txn, now, job).await?;
            enqueued += 1;
        }
        txn.commit().await?;
    }
    Ok(enqueued)
}
