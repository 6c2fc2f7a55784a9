//! Products, opportunities (with their other contacts) and line items. Line items belong to
//! an opportunity or a contract through (parent_kind, parent_id); amounts are integers.

use crate::helpers::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Products {
    Table,
    Id,
    Name,
    Sku,
    Price,
    Currency,
    TaxRateBp,
    Unit,
    IsActive,
    Description,
    OwnerId,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}

#[derive(DeriveIden)]
enum Opportunities {
    Table,
    Id,
    Name,
    AccountId,
    ContactId,
    Amount,
    Currency,
    CloseDate,
    StageId,
    StageEnteredAt,
    OpportunityType,
    NextStep,
    Description,
    OwnerId,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}

#[derive(DeriveIden)]
enum OpportunityContacts {
    Table,
    OpportunityId,
    ContactId,
}

#[derive(DeriveIden)]
enum LineItems {
    Table,
    Id,
    ParentKind,
    ParentId,
    Position,
    ProductId,
    Description,
    QuantityMilli,
    UnitPrice,
    DiscountKind,
    DiscountValue,
    TaxRateBp,
    Net,
    Tax,
    Total,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum SalesStages {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Currencies {
    Table,
    Code,
}

fn iden(i: impl IntoIden) -> DynIden {
    i.into_iden()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let users = || (iden(Users::Table), iden(Users::Id));
        let currency = || (iden(Currencies::Table), iden(Currencies::Code));
        m.create_table(
            Table::create()
                .table(Products::Table)
                .col(pk_uuid(Products::Id))
                .col(string_len(Products::Name, 200))
                .col(string_len_null(Products::Sku, 200))
                .col(big_integer(Products::Price))
                .col(string_len(Products::Currency, 3))
                .col(big_integer(Products::TaxRateBp))
                .col(string_len_null(Products::Unit, 200))
                .col(boolean(Products::IsActive).default(true))
                .col(text_null(Products::Description))
                .col(uuid(Products::OwnerId))
                .col(uuid(Products::CreatedBy))
                .col(timestamp_with_time_zone(Products::CreatedAt))
                .col(timestamp_with_time_zone(Products::UpdatedAt))
                .col(timestamp_with_time_zone_null(Products::DeletedAt))
                .foreign_key(&mut fk(
                    "fk_products_owner",
                    (iden(Products::Table), iden(Products::OwnerId)),
                    users(),
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_products_created_by",
                    (iden(Products::Table), iden(Products::CreatedBy)),
                    users(),
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_products_currency",
                    (iden(Products::Table), iden(Products::Currency)),
                    currency(),
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            (
                "idx_products_name",
                vec![iden(Products::Name), iden(Products::Id)],
            ),
            (
                "idx_products_sku",
                vec![iden(Products::Sku), iden(Products::Id)],
            ),
            (
                "idx_products_price",
                vec![iden(Products::Price), iden(Products::Id)],
            ),
            (
                "idx_products_updated",
                vec![iden(Products::UpdatedAt), iden(Products::Id)],
            ),
            (
                "idx_products_deleted",
                vec![iden(Products::DeletedAt), iden(Products::Id)],
            ),
        ] {
            m.create_index(index(Products::Table, name, cols)).await?;
        }

        m.create_table(
            Table::create()
                .table(Opportunities::Table)
                .col(pk_uuid(Opportunities::Id))
                .col(string_len(Opportunities::Name, 200))
                .col(uuid_null(Opportunities::AccountId))
                .col(uuid_null(Opportunities::ContactId))
                .col(big_integer(Opportunities::Amount))
                .col(string_len(Opportunities::Currency, 3))
                .col(date(Opportunities::CloseDate))
                .col(uuid(Opportunities::StageId))
                .col(timestamp_with_time_zone(Opportunities::StageEnteredAt))
                .col(string_len_null(Opportunities::OpportunityType, 16))
                .col(string_len_null(Opportunities::NextStep, 200))
                .col(text_null(Opportunities::Description))
                .col(uuid(Opportunities::OwnerId))
                .col(uuid(Opportunities::CreatedBy))
                .col(timestamp_with_time_zone(Opportunities::CreatedAt))
                .col(timestamp_with_time_zone(Opportunities::UpdatedAt))
                .col(timestamp_with_time_zone_null(Opportunities::DeletedAt))
                .foreign_key(&mut fk(
                    "fk_opportunities_owner",
                    (iden(Opportunities::Table), iden(Opportunities::OwnerId)),
                    users(),
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_opportunities_created_by",
                    (iden(Opportunities::Table), iden(Opportunities::CreatedBy)),
                    users(),
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_opportunities_account",
                    (iden(Opportunities::Table), iden(Opportunities::AccountId)),
                    (iden(Accounts::Table), iden(Accounts::Id)),
                    ForeignKeyAction::SetNull,
                ))
                .foreign_key(&mut fk(
                    "fk_opportunities_contact",
                    (iden(Opportunities::Table), iden(Opportunities::ContactId)),
                    (iden(Contacts::Table), iden(Contacts::Id)),
                    ForeignKeyAction::SetNull,
                ))
                .foreign_key(&mut fk(
                    "fk_opportunities_stage",
                    (iden(Opportunities::Table), iden(Opportunities::StageId)),
                    (iden(SalesStages::Table), iden(SalesStages::Id)),
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_opportunities_currency",
                    (iden(Opportunities::Table), iden(Opportunities::Currency)),
                    currency(),
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        let o = |c: Opportunities| iden(c);
        for (name, cols) in [
            (
                "idx_opportunities_name",
                vec![o(Opportunities::Name), o(Opportunities::Id)],
            ),
            (
                "idx_opportunities_owner_name",
                vec![
                    o(Opportunities::OwnerId),
                    o(Opportunities::Name),
                    o(Opportunities::Id),
                ],
            ),
            (
                "idx_opportunities_account",
                vec![
                    o(Opportunities::AccountId),
                    o(Opportunities::Name),
                    o(Opportunities::Id),
                ],
            ),
            (
                "idx_opportunities_stage",
                vec![
                    o(Opportunities::StageId),
                    o(Opportunities::CloseDate),
                    o(Opportunities::Id),
                ],
            ),
            (
                "idx_opportunities_amount",
                vec![o(Opportunities::Amount), o(Opportunities::Id)],
            ),
            (
                "idx_opportunities_close",
                vec![o(Opportunities::CloseDate), o(Opportunities::Id)],
            ),
            (
                "idx_opportunities_updated",
                vec![o(Opportunities::UpdatedAt), o(Opportunities::Id)],
            ),
            (
                "idx_opportunities_created",
                vec![o(Opportunities::CreatedAt), o(Opportunities::Id)],
            ),
            (
                "idx_opportunities_deleted",
                vec![o(Opportunities::DeletedAt), o(Opportunities::Id)],
            ),
        ] {
            m.create_index(index(Opportunities::Table, name, cols))
                .await?;
        }

        m.create_table(
            Table::create()
                .table(OpportunityContacts::Table)
                .col(uuid(OpportunityContacts::OpportunityId))
                .col(uuid(OpportunityContacts::ContactId))
                .primary_key(
                    Index::create()
                        .col(OpportunityContacts::OpportunityId)
                        .col(OpportunityContacts::ContactId),
                )
                .foreign_key(&mut fk(
                    "fk_opportunity_contacts_opportunity",
                    (
                        iden(OpportunityContacts::Table),
                        iden(OpportunityContacts::OpportunityId),
                    ),
                    (iden(Opportunities::Table), iden(Opportunities::Id)),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_opportunity_contacts_contact",
                    (
                        iden(OpportunityContacts::Table),
                        iden(OpportunityContacts::ContactId),
                    ),
                    (iden(Contacts::Table), iden(Contacts::Id)),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            OpportunityContacts::Table,
            "idx_opportunity_contacts_contact",
            vec![iden(OpportunityContacts::ContactId)],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(LineItems::Table)
                .col(pk_uuid(LineItems::Id))
                .col(string_len(LineItems::ParentKind, 32))
                .col(uuid(LineItems::ParentId))
                .col(integer(LineItems::Position))
                .col(uuid_null(LineItems::ProductId))
                .col(string_len(LineItems::Description, 200))
                .col(big_integer(LineItems::QuantityMilli))
                .col(big_integer(LineItems::UnitPrice))
                .col(string_len_null(LineItems::DiscountKind, 16))
                .col(big_integer(LineItems::DiscountValue))
                .col(big_integer(LineItems::TaxRateBp))
                .col(big_integer(LineItems::Net))
                .col(big_integer(LineItems::Tax))
                .col(big_integer(LineItems::Total))
                .col(timestamp_with_time_zone(LineItems::CreatedAt))
                .col(timestamp_with_time_zone(LineItems::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_line_items_product",
                    (iden(LineItems::Table), iden(LineItems::ProductId)),
                    (iden(Products::Table), iden(Products::Id)),
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            LineItems::Table,
            "idx_line_items_parent",
            vec![
                iden(LineItems::ParentKind),
                iden(LineItems::ParentId),
                iden(LineItems::Position),
            ],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            iden(LineItems::Table),
            iden(OpportunityContacts::Table),
            iden(Opportunities::Table),
            iden(Products::Table),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
