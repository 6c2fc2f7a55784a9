//! Pick-lists (sales stages, lookup values, currencies) with sensible defaults, and the audit
//! log that records who changed what.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SalesStages {
    Table,
    Id,
    Name,
    Position,
    Probability,
    Kind,
    IsActive,
    CreatedAt,
    UpdatedAt,
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
enum Currencies {
    Table,
    Code,
    Name,
    MinorUnits,
    IsActive,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    ActorId,
    Via,
    Entity,
    EntityId,
    Action,
    Changes,
    CreatedAt,
}

/// Default sales stages: (name, probability, kind). Order is their position.
const STAGES: [(&str, i16, &str); 7] = [
    ("New", 10, "open"),
    ("Needs analysis", 20, "open"),
    ("Offer", 40, "open"),
    ("Contract", 60, "open"),
    ("Signing", 80, "open"),
    ("Won", 100, "won"),
    ("Lost", 0, "lost"),
];

const VALUES: [(&str, &[&str]); 4] = [
    (
        "industry",
        &[
            "Software",
            "Manufacturing",
            "Retail",
            "Finance",
            "Healthcare",
            "Education",
            "Government",
            "Consulting",
            "Media",
            "Other",
        ],
    ),
    (
        "lead_source",
        &[
            "Website",
            "Referral",
            "Event",
            "Cold call",
            "Email campaign",
            "Partner",
            "Social media",
            "Other",
        ],
    ),
    (
        "lead_status",
        &["New", "Contacted", "Qualified", "Unqualified"],
    ),
    (
        "contact_type",
        &["Customer", "Prospect", "Partner", "Supplier", "Other"],
    ),
];

/// (ISO code, name, minor units)
const CURRENCIES: [(&str, &str, i16); 10] = [
    ("USD", "US Dollar", 2),
    ("EUR", "Euro", 2),
    ("GBP", "Pound Sterling", 2),
    ("CHF", "Swiss Franc", 2),
    ("CZK", "Czech Koruna", 2),
    ("PLN", "Polish Złoty", 2),
    ("UAH", "Ukrainian Hryvnia", 2),
    ("JPY", "Japanese Yen", 0),
    ("CAD", "Canadian Dollar", 2),
    ("AUD", "Australian Dollar", 2),
];

/// A bound timestamp: SQLite's CURRENT_TIMESTAMP text carries no offset.
fn now() -> SimpleExpr {
    time::OffsetDateTime::now_utc().into()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SalesStages::Table)
                .col(pk_uuid(SalesStages::Id))
                .col(string_len_uniq(SalesStages::Name, 100))
                .col(integer(SalesStages::Position))
                .col(small_integer(SalesStages::Probability))
                .col(string_len(SalesStages::Kind, 8))
                .col(boolean(SalesStages::IsActive).default(true))
                .col(timestamp_with_time_zone(SalesStages::CreatedAt))
                .col(timestamp_with_time_zone(SalesStages::UpdatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(LookupValues::Table)
                .col(pk_uuid(LookupValues::Id))
                .col(string_len(LookupValues::Kind, 16))
                .col(string_len(LookupValues::Name, 100))
                .col(integer(LookupValues::Position))
                .col(boolean(LookupValues::IsActive).default(true))
                .col(timestamp_with_time_zone(LookupValues::CreatedAt))
                .col(timestamp_with_time_zone(LookupValues::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_lookup_values_kind_name")
                .table(LookupValues::Table)
                .col(LookupValues::Kind)
                .col(LookupValues::Name)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Currencies::Table)
                .col(string_len(Currencies::Code, 3).primary_key())
                .col(string_len(Currencies::Name, 64))
                .col(small_integer(Currencies::MinorUnits))
                .col(boolean(Currencies::IsActive).default(true))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(pk_uuid(AuditLog::Id))
                .col(uuid_null(AuditLog::ActorId))
                .col(string_len(AuditLog::Via, 8))
                .col(string_len(AuditLog::Entity, 32))
                .col(string_len(AuditLog::EntityId, 64))
                .col(string_len(AuditLog::Action, 16))
                .col(text(AuditLog::Changes))
                .col(timestamp_with_time_zone(AuditLog::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_audit_log_entity")
                .table(AuditLog::Table)
                .col(AuditLog::Entity)
                .col(AuditLog::EntityId)
                .col(AuditLog::CreatedAt)
                .to_owned(),
        )
        .await?;

        let mut stages = Query::insert()
            .into_table(SalesStages::Table)
            .columns([
                SalesStages::Id,
                SalesStages::Name,
                SalesStages::Position,
                SalesStages::Probability,
                SalesStages::Kind,
                SalesStages::IsActive,
                SalesStages::CreatedAt,
                SalesStages::UpdatedAt,
            ])
            .to_owned();
        for (i, (name, probability, kind)) in STAGES.into_iter().enumerate() {
            stages.values_panic([
                uuid::Uuid::now_v7().into(),
                name.into(),
                (i as i32 + 1).into(),
                probability.into(),
                kind.into(),
                true.into(),
                now(),
                now(),
            ]);
        }
        m.exec_stmt(stages).await?;

        let mut values = Query::insert()
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
        for (kind, names) in VALUES {
            for (i, name) in names.iter().enumerate() {
                values.values_panic([
                    uuid::Uuid::now_v7().into(),
                    kind.into(),
                    (*name).into(),
                    (i as i32 + 1).into(),
                    true.into(),
                    now(),
                    now(),
                ]);
            }
        }
        m.exec_stmt(values).await?;

        let mut currencies = Query::insert()
            .into_table(Currencies::Table)
            .columns([
                Currencies::Code,
                Currencies::Name,
                Currencies::MinorUnits,
                Currencies::IsActive,
            ])
            .to_owned();
        for (code, name, minor) in CURRENCIES {
            currencies.values_panic([code.into(), name.into(), minor.into(), true.into()]);
        }
        m.exec_stmt(currencies).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditLog::Table.into_iden(),
            Currencies::Table.into_iden(),
            LookupValues::Table.into_iden(),
            SalesStages::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
