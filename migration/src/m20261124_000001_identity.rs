//! Identity: users, database-backed sessions, invites, login attempts (for rate limiting)
//! and the app settings that mark first-run setup as done.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    Name,
    PasswordHash,
    Role,
    IsActive,
    Lang,
    Theme,
    LastLoginAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    UserId,
    Data,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum Invites {
    Table,
    Id,
    Email,
    Role,
    TokenHash,
    InvitedBy,
    ExpiresAt,
    AcceptedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LoginAttempts {
    Table,
    Id,
    Email,
    Ip,
    Succeeded,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AppSettings {
    Table,
    Key,
    Value,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(pk_uuid(Users::Id))
                .col(string_len_uniq(Users::Email, 254))
                .col(string_len(Users::Name, 100))
                .col(string(Users::PasswordHash))
                .col(string_len(Users::Role, 16))
                .col(boolean(Users::IsActive).default(true))
                .col(string_len_null(Users::Lang, 8))
                .col(string_len(Users::Theme, 8).default("system"))
                .col(timestamp_with_time_zone_null(Users::LastLoginAt))
                .col(timestamp_with_time_zone(Users::CreatedAt))
                .col(timestamp_with_time_zone(Users::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_users_name")
                .table(Users::Table)
                .col(Users::Name)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Sessions::Table)
                .col(string_len(Sessions::Id, 64).primary_key())
                .col(uuid_null(Sessions::UserId))
                .col(text(Sessions::Data))
                .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Sessions::Table, Sessions::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("idx_sessions_user_id", Sessions::UserId),
            ("idx_sessions_expires_at", Sessions::ExpiresAt),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(Sessions::Table)
                    .col(col)
                    .to_owned(),
            )
            .await?;
        }

        m.create_table(
            Table::create()
                .table(Invites::Table)
                .col(pk_uuid(Invites::Id))
                .col(string_len(Invites::Email, 254))
                .col(string_len(Invites::Role, 16))
                .col(string_len_uniq(Invites::TokenHash, 64))
                .col(uuid(Invites::InvitedBy))
                .col(timestamp_with_time_zone(Invites::ExpiresAt))
                .col(timestamp_with_time_zone_null(Invites::AcceptedAt))
                .col(timestamp_with_time_zone(Invites::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Invites::Table, Invites::InvitedBy)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_invites_email")
                .table(Invites::Table)
                .col(Invites::Email)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(LoginAttempts::Table)
                .col(pk_uuid(LoginAttempts::Id))
                .col(string_len(LoginAttempts::Email, 254))
                .col(string_len_null(LoginAttempts::Ip, 64))
                .col(boolean(LoginAttempts::Succeeded))
                .col(timestamp_with_time_zone(LoginAttempts::CreatedAt))
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("idx_login_attempts_email", LoginAttempts::Email),
            ("idx_login_attempts_ip", LoginAttempts::Ip),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(LoginAttempts::Table)
                    .col(col)
                    .col(LoginAttempts::CreatedAt)
                    .to_owned(),
            )
            .await?;
        }

        m.create_table(
            Table::create()
                .table(AppSettings::Table)
                .col(string_len(AppSettings::Key, 64).primary_key())
                .col(text(AppSettings::Value))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AppSettings::Table.into_iden(),
            LoginAttempts::Table.into_iden(),
            Invites::Table.into_iden(),
            Sessions::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
