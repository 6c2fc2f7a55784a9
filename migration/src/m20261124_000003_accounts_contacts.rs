//! Accounts, contacts and watchers: the first CRM records. Every list filter and sort has an
//! index that ends in the id, so keyset pages stay fast however large the tables grow.

use crate::helpers::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
    Name,
    Website,
    Email,
    Phone,
    IndustryId,
    AccountType,
    Status,
    AnnualRevenue,
    Currency,
    Employees,
    VatId,
    BillingAddress,
    ShippingAddress,
    Description,
    OwnerId,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    Id,
    FirstName,
    LastName,
    Email,
    Email2,
    Phone,
    Mobile,
    Position,
    Birthday,
    Linkedin,
    Twitter,
    ContactTypeId,
    Tags,
    AccountId,
    OwnerId,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}

#[derive(DeriveIden)]
enum Watchers {
    Table,
    Entity,
    RecordId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum LookupValues {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Currencies {
    Table,
    Code,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let users = || (Users::Table.into_iden(), Users::Id.into_iden());
        let lookups = || {
            (
                LookupValues::Table.into_iden(),
                LookupValues::Id.into_iden(),
            )
        };
        m.create_table(
            Table::create()
                .table(Accounts::Table)
                .col(pk_uuid(Accounts::Id))
                .col(string_len(Accounts::Name, 200))
                .col(string_len_null(Accounts::Website, 200))
                .col(string_len_null(Accounts::Email, 254))
                .col(string_len_null(Accounts::Phone, 32))
                .col(uuid_null(Accounts::IndustryId))
                .col(string_len_null(Accounts::AccountType, 16))
                .col(string_len(Accounts::Status, 16))
                .col(big_integer_null(Accounts::AnnualRevenue))
                .col(string_len_null(Accounts::Currency, 3))
                .col(integer_null(Accounts::Employees))
                .col(string_len_null(Accounts::VatId, 200))
                .col(text_null(Accounts::BillingAddress))
                .col(text_null(Accounts::ShippingAddress))
                .col(text_null(Accounts::Description))
                .col(uuid(Accounts::OwnerId))
                .col(uuid(Accounts::CreatedBy))
                .col(timestamp_with_time_zone(Accounts::CreatedAt))
                .col(timestamp_with_time_zone(Accounts::UpdatedAt))
                .col(timestamp_with_time_zone_null(Accounts::DeletedAt))
                .foreign_key(&mut fk(
                    "fk_accounts_owner",
                    (Accounts::Table.into_iden(), Accounts::OwnerId.into_iden()),
                    users(),
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_accounts_created_by",
                    (Accounts::Table.into_iden(), Accounts::CreatedBy.into_iden()),
                    users(),
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_accounts_industry",
                    (
                        Accounts::Table.into_iden(),
                        Accounts::IndustryId.into_iden(),
                    ),
                    lookups(),
                    ForeignKeyAction::SetNull,
                ))
                .foreign_key(&mut fk(
                    "fk_accounts_currency",
                    (Accounts::Table.into_iden(), Accounts::Currency.into_iden()),
                    (Currencies::Table.into_iden(), Currencies::Code.into_iden()),
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            ("idx_accounts_name", vec![Accounts::Name, Accounts::Id]),
            (
                "idx_accounts_owner_name",
                vec![Accounts::OwnerId, Accounts::Name, Accounts::Id],
            ),
            (
                "idx_accounts_updated",
                vec![Accounts::UpdatedAt, Accounts::Id],
            ),
            (
                "idx_accounts_created",
                vec![Accounts::CreatedAt, Accounts::Id],
            ),
            (
                "idx_accounts_revenue",
                vec![Accounts::AnnualRevenue, Accounts::Id],
            ),
            (
                "idx_accounts_deleted",
                vec![Accounts::DeletedAt, Accounts::Id],
            ),
        ] {
            let cols = cols.into_iter().map(IntoIden::into_iden).collect();
            m.create_index(index(Accounts::Table, name, cols)).await?;
        }

        m.create_table(
            Table::create()
                .table(Contacts::Table)
                .col(pk_uuid(Contacts::Id))
                .col(string_len_null(Contacts::FirstName, 100))
                .col(string_len(Contacts::LastName, 100))
                .col(string_len_null(Contacts::Email, 254))
                .col(string_len_null(Contacts::Email2, 254))
                .col(string_len_null(Contacts::Phone, 32))
                .col(string_len_null(Contacts::Mobile, 32))
                .col(string_len_null(Contacts::Position, 200))
                .col(date_null(Contacts::Birthday))
                .col(string_len_null(Contacts::Linkedin, 200))
                .col(string_len_null(Contacts::Twitter, 200))
                .col(uuid_null(Contacts::ContactTypeId))
                .col(string_len_null(Contacts::Tags, 700))
                .col(uuid_null(Contacts::AccountId))
                .col(uuid(Contacts::OwnerId))
                .col(uuid(Contacts::CreatedBy))
                .col(timestamp_with_time_zone(Contacts::CreatedAt))
                .col(timestamp_with_time_zone(Contacts::UpdatedAt))
                .col(timestamp_with_time_zone_null(Contacts::DeletedAt))
                .foreign_key(&mut fk(
                    "fk_contacts_owner",
                    (Contacts::Table.into_iden(), Contacts::OwnerId.into_iden()),
                    users(),
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_contacts_created_by",
                    (Contacts::Table.into_iden(), Contacts::CreatedBy.into_iden()),
                    users(),
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_contacts_type",
                    (
                        Contacts::Table.into_iden(),
                        Contacts::ContactTypeId.into_iden(),
                    ),
                    lookups(),
                    ForeignKeyAction::SetNull,
                ))
                .foreign_key(&mut fk(
                    "fk_contacts_account",
                    (Contacts::Table.into_iden(), Contacts::AccountId.into_iden()),
                    (Accounts::Table.into_iden(), Accounts::Id.into_iden()),
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            ("idx_contacts_name", vec![Contacts::LastName, Contacts::Id]),
            (
                "idx_contacts_owner_name",
                vec![Contacts::OwnerId, Contacts::LastName, Contacts::Id],
            ),
            (
                "idx_contacts_account",
                vec![Contacts::AccountId, Contacts::LastName, Contacts::Id],
            ),
            ("idx_contacts_email", vec![Contacts::Email, Contacts::Id]),
            (
                "idx_contacts_updated",
                vec![Contacts::UpdatedAt, Contacts::Id],
            ),
            (
                "idx_contacts_created",
                vec![Contacts::CreatedAt, Contacts::Id],
            ),
            (
                "idx_contacts_deleted",
                vec![Contacts::DeletedAt, Contacts::Id],
            ),
        ] {
            let cols = cols.into_iter().map(IntoIden::into_iden).collect();
            m.create_index(index(Contacts::Table, name, cols)).await?;
        }

        m.create_table(
            Table::create()
                .table(Watchers::Table)
                .col(string_len(Watchers::Entity, 32))
                .col(uuid(Watchers::RecordId))
                .col(uuid(Watchers::UserId))
                .col(timestamp_with_time_zone(Watchers::CreatedAt))
                .primary_key(
                    Index::create()
                        .col(Watchers::Entity)
                        .col(Watchers::RecordId)
                        .col(Watchers::UserId),
                )
                .foreign_key(&mut fk(
                    "fk_watchers_user",
                    (Watchers::Table.into_iden(), Watchers::UserId.into_iden()),
                    users(),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        let cols = vec![
            Watchers::UserId.into_iden(),
            Watchers::Entity.into_iden(),
            Watchers::RecordId.into_iden(),
        ];
        m.create_index(index(Watchers::Table, "idx_watchers_user", cols))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Watchers::Table.into_iden(),
            Contacts::Table.into_iden(),
            Accounts::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
