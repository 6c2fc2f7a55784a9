//! The job queue: jobs (background work and the domain-event outbox) and recurring schedules,
//! in the application's own database so a job is enqueued in the transaction of the change
//! that caused it.

use crate::helpers::index;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Jobs {
    Table,
    Id,
    Queue,
    Kind,
    Payload,
    State,
    Attempts,
    MaxAttempts,
    RunAt,
    LockedBy,
    LockedUntil,
    LastError,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum JobSchedules {
    Table,
    Name,
    Cron,
    Queue,
    Kind,
    Payload,
    NextRunAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Jobs::Table)
                .col(pk_uuid(Jobs::Id))
                .col(string_len(Jobs::Queue, 32))
                .col(string_len(Jobs::Kind, 64))
                .col(text(Jobs::Payload))
                .col(string_len(Jobs::State, 16))
                .col(integer(Jobs::Attempts).default(0))
                .col(integer(Jobs::MaxAttempts))
                .col(timestamp_with_time_zone(Jobs::RunAt))
                .col(string_len_null(Jobs::LockedBy, 64))
                .col(timestamp_with_time_zone_null(Jobs::LockedUntil))
                .col(text_null(Jobs::LastError))
                .col(timestamp_with_time_zone(Jobs::CreatedAt))
                .col(timestamp_with_time_zone(Jobs::UpdatedAt))
                .to_owned(),
        )
        .await?;
        // Claiming: the due jobs of a queue, oldest first.
        m.create_index(index(
            Jobs::Table,
            "idx_jobs_claim",
            vec![
                Jobs::Queue.into_iden(),
                Jobs::State.into_iden(),
                Jobs::RunAt.into_iden(),
            ],
        ))
        .await?;
        // Reaping: running jobs whose lease ran out.
        m.create_index(index(
            Jobs::Table,
            "idx_jobs_lease",
            vec![Jobs::State.into_iden(), Jobs::LockedUntil.into_iden()],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(JobSchedules::Table)
                .col(string_len(JobSchedules::Name, 64).primary_key())
                .col(string_len(JobSchedules::Cron, 64))
                .col(string_len(JobSchedules::Queue, 32))
                .col(string_len(JobSchedules::Kind, 64))
                .col(text(JobSchedules::Payload))
                .col(timestamp_with_time_zone(JobSchedules::NextRunAt))
                .col(timestamp_with_time_zone(JobSchedules::UpdatedAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(JobSchedules::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Jobs::Table).to_owned())
            .await
    }
}
