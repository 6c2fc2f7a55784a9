//! The REST API's tables: users' keys, kept only as hashes, and the responses stored for
//! idempotent retries.

use crate::helpers::index;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ApiKeys {
    Table,
    Id,
    UserId,
    Name,
    Prefix,
    SecretHash,
    Scope,
    ExpiresAt,
    LastUsedAt,
    RevokedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    Id,
    UserId,
    Key,
    RequestHash,
    Status,
    Response,
    Location,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ApiKeys::Table)
                .col(pk_uuid(ApiKeys::Id))
                .col(uuid(ApiKeys::UserId))
                .col(string_len(ApiKeys::Name, 200))
                .col(string_len(ApiKeys::Prefix, 16))
                .col(string_len_uniq(ApiKeys::SecretHash, 64))
                .col(string_len(ApiKeys::Scope, 16))
                .col(timestamp_with_time_zone_null(ApiKeys::ExpiresAt))
                .col(timestamp_with_time_zone_null(ApiKeys::LastUsedAt))
                .col(timestamp_with_time_zone_null(ApiKeys::RevokedAt))
                .col(timestamp_with_time_zone(ApiKeys::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ApiKeys::Table, ApiKeys::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // A user's keys on their profile, newest first.
        m.create_index(index(
            ApiKeys::Table,
            "idx_api_keys_user",
            vec![ApiKeys::UserId.into_iden(), ApiKeys::CreatedAt.into_iden()],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(IdempotencyKeys::Table)
                .col(pk_uuid(IdempotencyKeys::Id))
                .col(uuid(IdempotencyKeys::UserId))
                .col(string_len(IdempotencyKeys::Key, 255))
                .col(string_len(IdempotencyKeys::RequestHash, 64))
                // None while the first request is still running.
                .col(integer_null(IdempotencyKeys::Status))
                .col(text_null(IdempotencyKeys::Response))
                .col(text_null(IdempotencyKeys::Location))
                .col(timestamp_with_time_zone(IdempotencyKeys::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(IdempotencyKeys::Table, IdempotencyKeys::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // One stored answer per user and key: the insert that wins runs the request.
        m.create_index(
            index(
                IdempotencyKeys::Table,
                "idx_idempotency_user_key",
                vec![
                    IdempotencyKeys::UserId.into_iden(),
                    IdempotencyKeys::Key.into_iden(),
                ],
            )
            .unique()
            .to_owned(),
        )
        .await?;
        // Pruning what is older than a day.
        m.create_index(index(
            IdempotencyKeys::Table,
            "idx_idempotency_created",
            vec![IdempotencyKeys::CreatedAt.into_iden()],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(IdempotencyKeys::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(ApiKeys::Table).to_owned())
            .await
    }
}
