//! Tasks (with comments) and activities (with links to the records they concern).

use crate::helpers::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tasks {
    Table,
    Id,
    Title,
    Body,
    Priority,
    DueDate,
    Status,
    DoneAt,
    LinkedKind,
    LinkedId,
    OwnerId,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}

#[derive(DeriveIden)]
enum TaskComments {
    Table,
    Id,
    TaskId,
    AuthorId,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Activities {
    Table,
    Id,
    Kind,
    Subject,
    OccurredAt,
    DurationMinutes,
    Outcome,
    Body,
    OwnerId,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}

#[derive(DeriveIden)]
enum ActivityLinks {
    Table,
    ActivityId,
    Kind,
    RecordId,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

fn iden(i: impl IntoIden) -> DynIden {
    i.into_iden()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let users = || (iden(Users::Table), iden(Users::Id));
        m.create_table(
            Table::create()
                .table(Tasks::Table)
                .col(pk_uuid(Tasks::Id))
                .col(string_len(Tasks::Title, 200))
                .col(text_null(Tasks::Body))
                .col(string_len(Tasks::Priority, 16))
                .col(date_null(Tasks::DueDate))
                .col(string_len(Tasks::Status, 16))
                .col(timestamp_with_time_zone_null(Tasks::DoneAt))
                .col(string_len_null(Tasks::LinkedKind, 32))
                .col(uuid_null(Tasks::LinkedId))
                .col(uuid(Tasks::OwnerId))
                .col(uuid(Tasks::CreatedBy))
                .col(timestamp_with_time_zone(Tasks::CreatedAt))
                .col(timestamp_with_time_zone(Tasks::UpdatedAt))
                .col(timestamp_with_time_zone_null(Tasks::DeletedAt))
                .foreign_key(&mut fk(
                    "fk_tasks_owner",
                    (iden(Tasks::Table), iden(Tasks::OwnerId)),
                    users(),
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_tasks_created_by",
                    (iden(Tasks::Table), iden(Tasks::CreatedBy)),
                    users(),
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            ("idx_tasks_title", vec![iden(Tasks::Title), iden(Tasks::Id)]),
            (
                "idx_tasks_owner_due",
                vec![
                    iden(Tasks::OwnerId),
                    iden(Tasks::Status),
                    iden(Tasks::DueDate),
                    iden(Tasks::Id),
                ],
            ),
            ("idx_tasks_due", vec![iden(Tasks::DueDate), iden(Tasks::Id)]),
            (
                "idx_tasks_linked",
                vec![iden(Tasks::LinkedKind), iden(Tasks::LinkedId)],
            ),
            (
                "idx_tasks_updated",
                vec![iden(Tasks::UpdatedAt), iden(Tasks::Id)],
            ),
            (
                "idx_tasks_created",
                vec![iden(Tasks::CreatedAt), iden(Tasks::Id)],
            ),
            (
                "idx_tasks_deleted",
                vec![iden(Tasks::DeletedAt), iden(Tasks::Id)],
            ),
        ] {
            m.create_index(index(Tasks::Table, name, cols)).await?;
        }

        m.create_table(
            Table::create()
                .table(TaskComments::Table)
                .col(pk_uuid(TaskComments::Id))
                .col(uuid(TaskComments::TaskId))
                .col(uuid(TaskComments::AuthorId))
                .col(text(TaskComments::Body))
                .col(timestamp_with_time_zone(TaskComments::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_task_comments_task",
                    (iden(TaskComments::Table), iden(TaskComments::TaskId)),
                    (iden(Tasks::Table), iden(Tasks::Id)),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_task_comments_author",
                    (iden(TaskComments::Table), iden(TaskComments::AuthorId)),
                    users(),
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            TaskComments::Table,
            "idx_task_comments_task",
            vec![iden(TaskComments::TaskId), iden(TaskComments::CreatedAt)],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(Activities::Table)
                .col(pk_uuid(Activities::Id))
                .col(string_len(Activities::Kind, 16))
                .col(string_len(Activities::Subject, 200))
                .col(timestamp_with_time_zone(Activities::OccurredAt))
                .col(integer_null(Activities::DurationMinutes))
                .col(string_len_null(Activities::Outcome, 200))
                .col(text_null(Activities::Body))
                .col(uuid(Activities::OwnerId))
                .col(uuid(Activities::CreatedBy))
                .col(timestamp_with_time_zone(Activities::CreatedAt))
                .col(timestamp_with_time_zone(Activities::UpdatedAt))
                .col(timestamp_with_time_zone_null(Activities::DeletedAt))
                .foreign_key(&mut fk(
                    "fk_activities_owner",
                    (iden(Activities::Table), iden(Activities::OwnerId)),
                    users(),
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_activities_created_by",
                    (iden(Activities::Table), iden(Activities::CreatedBy)),
                    users(),
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            (
                "idx_activities_occurred",
                vec![iden(Activities::OccurredAt), iden(Activities::Id)],
            ),
            (
                "idx_activities_owner_occurred",
                vec![
                    iden(Activities::OwnerId),
                    iden(Activities::OccurredAt),
                    iden(Activities::Id),
                ],
            ),
            (
                "idx_activities_subject",
                vec![iden(Activities::Subject), iden(Activities::Id)],
            ),
            (
                "idx_activities_updated",
                vec![iden(Activities::UpdatedAt), iden(Activities::Id)],
            ),
            (
                "idx_activities_created",
                vec![iden(Activities::CreatedAt), iden(Activities::Id)],
            ),
            (
                "idx_activities_deleted",
                vec![iden(Activities::DeletedAt), iden(Activities::Id)],
            ),
        ] {
            m.create_index(index(Activities::Table, name, cols)).await?;
        }

        m.create_table(
            Table::create()
                .table(ActivityLinks::Table)
                .col(uuid(ActivityLinks::ActivityId))
                .col(string_len(ActivityLinks::Kind, 32))
                .col(uuid(ActivityLinks::RecordId))
                .primary_key(
                    Index::create()
                        .col(ActivityLinks::ActivityId)
                        .col(ActivityLinks::Kind)
                        .col(ActivityLinks::RecordId),
                )
                .foreign_key(&mut fk(
                    "fk_activity_links_activity",
                    (iden(ActivityLinks::Table), iden(ActivityLinks::ActivityId)),
                    (iden(Activities::Table), iden(Activities::Id)),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            ActivityLinks::Table,
            "idx_activity_links_record",
            vec![
                iden(ActivityLinks::Kind),
                iden(ActivityLinks::RecordId),
                iden(ActivityLinks::ActivityId),
            ],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            iden(ActivityLinks::Table),
            iden(Activities::Table),
            iden(TaskComments::Table),
            iden(Tasks::Table),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
