//! Two indexes that the REST API's mixed load showed missing at the million-record scale.
//! - Claiming jobs reads the due ones of several queues in `run_at` order; the index on
//!   `(queue, state, run_at)` could not give that order across two queues, so every claim
//!   read and sorted the whole backlog, and a backlog made each claim slower. `(state,
//!   run_at, id)` gives the order for any set of queues and stops at the claim's limit.
//! - A user's tasks by due date without a status filter (`GET /api/v1/tasks?owner=me`) had
//!   only `(owner_id, status, due_date, id)`, so it read all of a user's tasks to sort them.

use crate::helpers::index;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Jobs {
    Table,
    Id,
    Queue,
    State,
    RunAt,
}

#[derive(DeriveIden)]
enum Tasks {
    Table,
    Id,
    OwnerId,
    DueDate,
}

const OLD_CLAIM: &str = "idx_jobs_claim";
const DUE: &str = "idx_jobs_due";
const TASKS_BY_DUE: &str = "idx_tasks_owner_by_due";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name(OLD_CLAIM).table(Jobs::Table).to_owned())
            .await?;
        m.create_index(index(
            Jobs::Table,
            DUE,
            vec![
                Jobs::State.into_iden(),
                Jobs::RunAt.into_iden(),
                Jobs::Id.into_iden(),
            ],
        ))
        .await?;
        m.create_index(index(
            Tasks::Table,
            TASKS_BY_DUE,
            vec![
                Tasks::OwnerId.into_iden(),
                Tasks::DueDate.into_iden(),
                Tasks::Id.into_iden(),
            ],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name(TASKS_BY_DUE)
                .table(Tasks::Table)
                .to_owned(),
        )
        .await?;
        m.drop_index(Index::drop().name(DUE).table(Jobs::Table).to_owned())
            .await?;
        m.create_index(index(
            Jobs::Table,
            OLD_CLAIM,
            vec![
                Jobs::Queue.into_iden(),
                Jobs::State.into_iden(),
                Jobs::RunAt.into_iden(),
            ],
        ))
        .await
    }
}
