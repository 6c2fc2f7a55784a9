//! Duplicate detection for contacts, accounts and leads.
//! - `duplicate_keys`: each record's blocking keys (its e-mail address, phones, domains,
//!   name keys), computed in Rust (nicknames, phonetic codes), so records that share one are
//!   found by the index on (kind, key) instead of comparing every record with every other.
//! - `duplicate_pairs`: the pairs found and scored, kept so the review queue is one indexed
//!   read; a pair marked "not a duplicate" keeps its row with `dismissed_at` set, so it is
//!   never suggested again.

use crate::helpers::index;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DuplicateKeys {
    Table,
    Kind,
    Key,
    RecordId,
}

#[derive(DeriveIden)]
enum DuplicatePairs {
    Table,
    Kind,
    A,
    B,
    Confidence,
    Reasons,
    FoundAt,
    DismissedAt,
    DismissedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(DuplicateKeys::Table)
                .col(string_len(DuplicateKeys::Kind, 32))
                .col(string_len(DuplicateKeys::Key, 200))
                .col(uuid(DuplicateKeys::RecordId))
                .primary_key(
                    Index::create()
                        .col(DuplicateKeys::Kind)
                        .col(DuplicateKeys::Key)
                        .col(DuplicateKeys::RecordId),
                )
                .to_owned(),
        )
        .await?;
        // A record's own keys, replaced when it changes.
        m.create_index(index(
            DuplicateKeys::Table,
            "idx_duplicate_keys_record",
            vec![
                DuplicateKeys::Kind.into_iden(),
                DuplicateKeys::RecordId.into_iden(),
            ],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(DuplicatePairs::Table)
                .col(string_len(DuplicatePairs::Kind, 32))
                // The two records, the lower id first.
                .col(uuid(DuplicatePairs::A))
                .col(uuid(DuplicatePairs::B))
                .col(small_integer(DuplicatePairs::Confidence))
                // The reasons' codes, space-separated.
                .col(string_len(DuplicatePairs::Reasons, 400))
                .col(timestamp_with_time_zone(DuplicatePairs::FoundAt))
                .col(timestamp_with_time_zone_null(DuplicatePairs::DismissedAt))
                .col(uuid_null(DuplicatePairs::DismissedBy))
                .primary_key(
                    Index::create()
                        .col(DuplicatePairs::Kind)
                        .col(DuplicatePairs::A)
                        .col(DuplicatePairs::B),
                )
                .to_owned(),
        )
        .await?;
        // The review queue: a kind's pairs, most likely first.
        m.create_index(index(
            DuplicatePairs::Table,
            "idx_duplicate_pairs_queue",
            vec![
                DuplicatePairs::Kind.into_iden(),
                DuplicatePairs::Confidence.into_iden(),
                DuplicatePairs::A.into_iden(),
                DuplicatePairs::B.into_iden(),
            ],
        ))
        .await?;
        // A record's pairs where it is the second of the two.
        m.create_index(index(
            DuplicatePairs::Table,
            "idx_duplicate_pairs_b",
            vec![
                DuplicatePairs::Kind.into_iden(),
                DuplicatePairs::B.into_iden(),
            ],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(DuplicatePairs::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(DuplicateKeys::Table).to_owned())
            .await
    }
}
