//! Lead conversion: a converted record finds the leads it came from through these indexes.

use crate::helpers::index;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Leads {
    Table,
    ConvertedAccountId,
    ConvertedContactId,
    ConvertedOpportunityId,
}

const INDEXES: [(&str, Leads); 3] = [
    ("idx_leads_converted_account", Leads::ConvertedAccountId),
    ("idx_leads_converted_contact", Leads::ConvertedContactId),
    (
        "idx_leads_converted_opportunity",
        Leads::ConvertedOpportunityId,
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, col) in INDEXES {
            m.create_index(index(Leads::Table, name, vec![col.into_iden()]))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in INDEXES {
            m.drop_index(Index::drop().name(name).table(Leads::Table).to_owned())
                .await?;
        }
        Ok(())
    }
}
