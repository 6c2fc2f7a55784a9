//! Leads (with a lead-type pick-list) and contracts.

use crate::helpers::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Leads {
    Table,
    Id,
    FirstName,
    LastName,
    Company,
    JobTitle,
    Email,
    Phone,
    SourceId,
    StatusId,
    TypeId,
    Description,
    ConvertedAt,
    ConvertedAccountId,
    ConvertedContactId,
    ConvertedOpportunityId,
    OwnerId,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}

#[derive(DeriveIden)]
enum Contracts {
    Table,
    Id,
    Title,
    AccountId,
    Value,
    Currency,
    StartDate,
    EndDate,
    RenewalReminderDate,
    Status,
    CustomerSignedOn,
    CompanySignedOn,
    Description,
    OwnerId,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}

#[derive(DeriveIden)]
enum LookupValues {
    Table,
    Id,
    Kind,
    Name,
    Position,
    IsActive,
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
enum Opportunities {
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

/// Lead temperatures, seeded like the other pick-lists.
const LEAD_TYPES: [&str; 3] = ["Cold", "Warm", "Hot"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let users = || (iden(Users::Table), iden(Users::Id));
        let lookups = || (iden(LookupValues::Table), iden(LookupValues::Id));
        let mut seed = Query::insert()
            .into_table(LookupValues::Table)
            .columns([
                LookupValues::Id,
                LookupValues::Kind,
                LookupValues::Name,
                LookupValues::Position,
                LookupValues::IsActive,
                LookupValues::CreatedAt,
                LookupValues::UpdatedAt,
            ])
            .to_owned();
        let now: SimpleExpr = time::OffsetDateTime::now_utc().into();
        for (i, name) in LEAD_TYPES.into_iter().enumerate() {
            seed.values_panic([
                uuid::Uuid::now_v7().into(),
                "lead_type".into(),
                name.into(),
                (i as i32 + 1).into(),
                true.into(),
                now.clone(),
                now.clone(),
            ]);
        }
        m.exec_stmt(seed).await?;

        m.create_table(
            Table::create()
                .table(Leads::Table)
                .col(pk_uuid(Leads::Id))
                .col(string_len_null(Leads::FirstName, 100))
                .col(string_len(Leads::LastName, 100))
                .col(string_len_null(Leads::Company, 200))
                .col(string_len_null(Leads::JobTitle, 200))
                .col(string_len_null(Leads::Email, 254))
                .col(string_len_null(Leads::Phone, 32))
                .col(uuid_null(Leads::SourceId))
                .col(uuid_null(Leads::StatusId))
                .col(uuid_null(Leads::TypeId))
                .col(text_null(Leads::Description))
                .col(timestamp_with_time_zone_null(Leads::ConvertedAt))
                .col(uuid_null(Leads::ConvertedAccountId))
                .col(uuid_null(Leads::ConvertedContactId))
                .col(uuid_null(Leads::ConvertedOpportunityId))
                .col(uuid(Leads::OwnerId))
                .col(uuid(Leads::CreatedBy))
                .col(timestamp_with_time_zone(Leads::CreatedAt))
                .col(timestamp_with_time_zone(Leads::UpdatedAt))
                .col(timestamp_with_time_zone_null(Leads::DeletedAt))
                .foreign_key(&mut fk(
                    "fk_leads_owner",
                    (iden(Leads::Table), iden(Leads::OwnerId)),
                    users(),
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_leads_created_by",
                    (iden(Leads::Table), iden(Leads::CreatedBy)),
                    users(),
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_leads_source",
                    (iden(Leads::Table), iden(Leads::SourceId)),
                    lookups(),
                    ForeignKeyAction::SetNull,
                ))
                .foreign_key(&mut fk(
                    "fk_leads_status",
                    (iden(Leads::Table), iden(Leads::StatusId)),
                    lookups(),
                    ForeignKeyAction::SetNull,
                ))
                .foreign_key(&mut fk(
                    "fk_leads_type",
                    (iden(Leads::Table), iden(Leads::TypeId)),
                    lookups(),
                    ForeignKeyAction::SetNull,
                ))
                .foreign_key(&mut fk(
                    "fk_leads_account",
                    (iden(Leads::Table), iden(Leads::ConvertedAccountId)),
                    (iden(Accounts::Table), iden(Accounts::Id)),
                    ForeignKeyAction::SetNull,
                ))
                .foreign_key(&mut fk(
                    "fk_leads_contact",
                    (iden(Leads::Table), iden(Leads::ConvertedContactId)),
                    (iden(Contacts::Table), iden(Contacts::Id)),
                    ForeignKeyAction::SetNull,
                ))
                .foreign_key(&mut fk(
                    "fk_leads_opportunity",
                    (iden(Leads::Table), iden(Leads::ConvertedOpportunityId)),
                    (iden(Opportunities::Table), iden(Opportunities::Id)),
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        let l = |c: Leads| iden(c);
        for (name, cols) in [
            ("idx_leads_name", vec![l(Leads::LastName), l(Leads::Id)]),
            (
                "idx_leads_owner_name",
                vec![l(Leads::OwnerId), l(Leads::LastName), l(Leads::Id)],
            ),
            ("idx_leads_company", vec![l(Leads::Company), l(Leads::Id)]),
            ("idx_leads_email", vec![l(Leads::Email), l(Leads::Id)]),
            ("idx_leads_status", vec![l(Leads::StatusId), l(Leads::Id)]),
            ("idx_leads_updated", vec![l(Leads::UpdatedAt), l(Leads::Id)]),
            ("idx_leads_created", vec![l(Leads::CreatedAt), l(Leads::Id)]),
            ("idx_leads_deleted", vec![l(Leads::DeletedAt), l(Leads::Id)]),
        ] {
            m.create_index(index(Leads::Table, name, cols)).await?;
        }

        m.create_table(
            Table::create()
                .table(Contracts::Table)
                .col(pk_uuid(Contracts::Id))
                .col(string_len(Contracts::Title, 200))
                .col(uuid_null(Contracts::AccountId))
                .col(big_integer(Contracts::Value))
                .col(string_len(Contracts::Currency, 3))
                .col(date_null(Contracts::StartDate))
                .col(date_null(Contracts::EndDate))
                .col(date_null(Contracts::RenewalReminderDate))
                .col(string_len(Contracts::Status, 16))
                .col(date_null(Contracts::CustomerSignedOn))
                .col(date_null(Contracts::CompanySignedOn))
                .col(text_null(Contracts::Description))
                .col(uuid(Contracts::OwnerId))
                .col(uuid(Contracts::CreatedBy))
                .col(timestamp_with_time_zone(Contracts::CreatedAt))
                .col(timestamp_with_time_zone(Contracts::UpdatedAt))
                .col(timestamp_with_time_zone_null(Contracts::DeletedAt))
                .foreign_key(&mut fk(
                    "fk_contracts_owner",
                    (iden(Contracts::Table), iden(Contracts::OwnerId)),
                    users(),
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_contracts_created_by",
                    (iden(Contracts::Table), iden(Contracts::CreatedBy)),
                    users(),
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_contracts_account",
                    (iden(Contracts::Table), iden(Contracts::AccountId)),
                    (iden(Accounts::Table), iden(Accounts::Id)),
                    ForeignKeyAction::SetNull,
                ))
                .foreign_key(&mut fk(
                    "fk_contracts_currency",
                    (iden(Contracts::Table), iden(Contracts::Currency)),
                    (iden(Currencies::Table), iden(Currencies::Code)),
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        let c = |c: Contracts| iden(c);
        for (name, cols) in [
            (
                "idx_contracts_title",
                vec![c(Contracts::Title), c(Contracts::Id)],
            ),
            (
                "idx_contracts_owner_title",
                vec![c(Contracts::OwnerId), c(Contracts::Title), c(Contracts::Id)],
            ),
            (
                "idx_contracts_account",
                vec![
                    c(Contracts::AccountId),
                    c(Contracts::Title),
                    c(Contracts::Id),
                ],
            ),
            (
                "idx_contracts_value",
                vec![c(Contracts::Value), c(Contracts::Id)],
            ),
            (
                "idx_contracts_end",
                vec![c(Contracts::EndDate), c(Contracts::Id)],
            ),
            (
                "idx_contracts_renewal",
                vec![c(Contracts::RenewalReminderDate), c(Contracts::Id)],
            ),
            (
                "idx_contracts_updated",
                vec![c(Contracts::UpdatedAt), c(Contracts::Id)],
            ),
            (
                "idx_contracts_created",
                vec![c(Contracts::CreatedAt), c(Contracts::Id)],
            ),
            (
                "idx_contracts_deleted",
                vec![c(Contracts::DeletedAt), c(Contracts::Id)],
            ),
        ] {
            m.create_index(index(Contracts::Table, name, cols)).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [iden(Contracts::Table), iden(Leads::Table)] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        m.exec_stmt(
            Query::delete()
                .from_table(LookupValues::Table)
                .and_where(Expr::col(LookupValues::Kind).eq("lead_type"))
                .to_owned(),
        )
        .await
    }
}
