//! The sales pipeline: when and why a deal closed, exchange rates for totals in one currency,
//! and each user's display currency.

use crate::helpers::index;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Opportunities {
    Table,
    Id,
    LostReason,
    ClosedAt,
    StageId,
    StageEnteredAt,
}

#[derive(DeriveIden)]
enum SalesStages {
    Table,
    Id,
    Kind,
}

#[derive(DeriveIden)]
enum Currencies {
    Table,
    Code,
    RatePpm,
}

/// The rate of the reference currency itself: one unit is one unit.
const REFERENCE_PPM: i64 = 1_000_000;

#[derive(DeriveIden)]
enum Users {
    Table,
    Currency,
}

/// One column per statement: SQLite alters a table one column at a time.
fn add(table: impl IntoIden + 'static, col: ColumnDef) -> TableAlterStatement {
    Table::alter().table(table).add_column(col).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(add(
            Opportunities::Table,
            string_len_null(Opportunities::LostReason, 500),
        ))
        .await?;
        m.alter_table(add(
            Opportunities::Table,
            timestamp_with_time_zone_null(Opportunities::ClosedAt),
        ))
        .await?;
        // Deals already won or lost closed when they entered that stage.
        let closed = Query::update()
            .table(Opportunities::Table)
            .value(
                Opportunities::ClosedAt,
                Expr::col(Opportunities::StageEnteredAt),
            )
            .and_where(
                Expr::col(Opportunities::StageId).in_subquery(
                    Query::select()
                        .column(SalesStages::Id)
                        .from(SalesStages::Table)
                        .and_where(Expr::col(SalesStages::Kind).is_in(["won", "lost"]))
                        .to_owned(),
                ),
            )
            .to_owned();
        m.exec_stmt(closed).await?;
        m.create_index(index(
            Opportunities::Table,
            "idx_opportunities_closed",
            vec![
                Opportunities::ClosedAt.into_iden(),
                Opportunities::Id.into_iden(),
            ],
        ))
        .await?;
        // Millionths of the workspace's reference unit one unit of the currency is worth;
        // NULL until an admin sets it (totals then show that currency apart).
        m.alter_table(add(
            Currencies::Table,
            big_integer_null(Currencies::RatePpm),
        ))
        .await?;
        // The euro starts as the reference (the demo's currency); admins set the others'
        // rates, or make another currency the reference, on the lookups page.
        m.exec_stmt(
            Query::update()
                .table(Currencies::Table)
                .value(Currencies::RatePpm, REFERENCE_PPM)
                .and_where(Expr::col(Currencies::Code).eq("EUR"))
                .to_owned(),
        )
        .await?;
        m.alter_table(add(Users::Table, string_len_null(Users::Currency, 3)))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_opportunities_closed")
                .table(Opportunities::Table)
                .to_owned(),
        )
        .await?;
        for (table, col) in [
            (
                Opportunities::Table.into_iden(),
                Opportunities::ClosedAt.into_iden(),
            ),
            (
                Opportunities::Table.into_iden(),
                Opportunities::LostReason.into_iden(),
            ),
            (
                Currencies::Table.into_iden(),
                Currencies::RatePpm.into_iden(),
            ),
            (Users::Table.into_iden(), Users::Currency.into_iden()),
        ] {
            m.alter_table(Table::alter().table(table).drop_column(col).to_owned())
                .await?;
        }
        Ok(())
    }
}
