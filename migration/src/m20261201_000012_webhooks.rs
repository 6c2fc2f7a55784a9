//! Webhooks: endpoints admins register for domain events, and the log of every delivery to
//! them. A delivery row is written with the job that sends it, so none is lost across a
//! restart, and keeps its last attempt's outcome for the admin to read.

use crate::helpers::index;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Webhooks {
    Table,
    Id,
    Name,
    Url,
    Events,
    Secret,
    PreviousSecret,
    PreviousUntil,
    Active,
    Failures,
    DisabledReason,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum WebhookDeliveries {
    Table,
    Id,
    WebhookId,
    EventType,
    Payload,
    State,
    Attempts,
    StatusCode,
    DurationMs,
    Error,
    CreatedAt,
    LastAttemptAt,
    NextAttemptAt,
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
                .table(Webhooks::Table)
                .col(pk_uuid(Webhooks::Id))
                .col(string_len(Webhooks::Name, 200))
                .col(string_len(Webhooks::Url, 2000))
                // The event types it wants, space-separated.
                .col(text(Webhooks::Events))
                // The signing secrets, sealed with the server's key.
                .col(text(Webhooks::Secret))
                .col(text_null(Webhooks::PreviousSecret))
                .col(timestamp_with_time_zone_null(Webhooks::PreviousUntil))
                .col(boolean(Webhooks::Active))
                // Failed attempts in a row; at 20 the endpoint is disabled.
                .col(integer(Webhooks::Failures))
                .col(string_len_null(Webhooks::DisabledReason, 64))
                .col(uuid(Webhooks::CreatedBy))
                .col(timestamp_with_time_zone(Webhooks::CreatedAt))
                .col(timestamp_with_time_zone(Webhooks::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Webhooks::Table, Webhooks::CreatedBy)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(WebhookDeliveries::Table)
                .col(pk_uuid(WebhookDeliveries::Id))
                .col(uuid(WebhookDeliveries::WebhookId))
                .col(string_len(WebhookDeliveries::EventType, 64))
                // The body exactly as it is signed and sent, every attempt alike.
                .col(text(WebhookDeliveries::Payload))
                .col(string_len(WebhookDeliveries::State, 16))
                .col(integer(WebhookDeliveries::Attempts))
                .col(integer_null(WebhookDeliveries::StatusCode))
                .col(integer_null(WebhookDeliveries::DurationMs))
                .col(string_len_null(WebhookDeliveries::Error, 64))
                .col(timestamp_with_time_zone(WebhookDeliveries::CreatedAt))
                .col(timestamp_with_time_zone_null(
                    WebhookDeliveries::LastAttemptAt,
                ))
                .col(timestamp_with_time_zone_null(
                    WebhookDeliveries::NextAttemptAt,
                ))
                .foreign_key(
                    ForeignKey::create()
                        .from(WebhookDeliveries::Table, WebhookDeliveries::WebhookId)
                        .to(Webhooks::Table, Webhooks::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // An endpoint's log, newest first.
        m.create_index(index(
            WebhookDeliveries::Table,
            "idx_webhook_deliveries_webhook",
            vec![
                WebhookDeliveries::WebhookId.into_iden(),
                WebhookDeliveries::CreatedAt.into_iden(),
            ],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(WebhookDeliveries::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Webhooks::Table).to_owned())
            .await
    }
}
