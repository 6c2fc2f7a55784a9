//! Global search: one `search_entries` row per live record of the searchable kinds, kept in
//! step by triggers on their tables, so no write path (services, bulk seeding, restores) can
//! forget it. Postgres indexes it with pg_trgm (typo-tolerant word similarity) and a `simple`
//! tsvector (word prefixes, emails); SQLite with an FTS5 trigram table.

use sea_orm::DatabaseBackend;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SearchEntries {
    Table,
    Kind,
    RecordId,
    OwnerId,
    Title,
    Detail,
}

/// A searchable table: the kind code it is filed under, the columns whose change re-indexes
/// a row, SQL over `NEW` for the title and the detail line, and when a row is filed.
struct Source {
    table: &'static str,
    kind: &'static str,
    columns: &'static str,
    title: &'static str,
    detail: &'static str,
    filed: &'static str,
}

/// Live rows are filed; trashed ones are not.
const LIVE: &str = "NEW.deleted_at IS NULL";

const SOURCES: &[Source] = &[
    Source {
        table: "accounts",
        kind: "account",
        columns: "name, email, website, owner_id, deleted_at",
        title: "NEW.name",
        detail: "trim(coalesce(NEW.email, '') || ' ' || coalesce(NEW.website, ''))",
        filed: LIVE,
    },
    Source {
        table: "contacts",
        kind: "contact",
        columns: "first_name, last_name, email, phone, owner_id, deleted_at",
        title: "trim(coalesce(NEW.first_name, '') || ' ' || NEW.last_name)",
        detail: "trim(coalesce(NEW.email, '') || ' ' || coalesce(NEW.phone, ''))",
        filed: LIVE,
    },
    Source {
        table: "leads",
        kind: "lead",
        columns: "first_name, last_name, company, email, owner_id, deleted_at, converted_at",
        title: "trim(coalesce(NEW.first_name, '') || ' ' || NEW.last_name)",
        detail: "trim(coalesce(NEW.company, '') || ' ' || coalesce(NEW.email, ''))",
        // A converted lead lives on as its contact; search finds that instead.
        filed: "NEW.deleted_at IS NULL AND NEW.converted_at IS NULL",
    },
    Source {
        table: "opportunities",
        kind: "opportunity",
        columns: "name, owner_id, deleted_at",
        title: "NEW.name",
        detail: "''",
        filed: LIVE,
    },
    Source {
        table: "contracts",
        kind: "contract",
        columns: "title, owner_id, deleted_at",
        title: "NEW.title",
        detail: "''",
        filed: LIVE,
    },
    Source {
        table: "tasks",
        kind: "task",
        columns: "title, owner_id, deleted_at",
        title: "NEW.title",
        detail: "''",
        filed: LIVE,
    },
];

impl Source {
    fn delete(&self) -> String {
        format!(
            "DELETE FROM search_entries WHERE kind = '{}' AND record_id = OLD.id;",
            self.kind
        )
    }

    /// Files the row, when it is to be found.
    fn insert(&self) -> String {
        format!(
            "INSERT INTO search_entries (kind, record_id, owner_id, title, detail) \
             SELECT '{}', NEW.id, NEW.owner_id, {}, {} WHERE {};",
            self.kind, self.title, self.detail, self.filed
        )
    }

    /// Files every row to be found that exists, for the first run.
    fn backfill(&self) -> String {
        let row = |sql: &str| sql.replace("NEW.", "");
        format!(
            "INSERT INTO search_entries (kind, record_id, owner_id, title, detail) \
             SELECT '{}', id, owner_id, {}, {} FROM {} WHERE {}",
            self.kind,
            row(self.title),
            row(self.detail),
            self.table,
            row(self.filed)
        )
    }

    fn sqlite_triggers(&self) -> Vec<String> {
        let t = self.table;
        vec![
            format!(
                "CREATE TRIGGER search_{t}_insert AFTER INSERT ON {t} BEGIN {} END",
                self.insert()
            ),
            format!(
                "CREATE TRIGGER search_{t}_update AFTER UPDATE OF {} ON {t} BEGIN {} {} END",
                self.columns,
                self.delete(),
                self.insert()
            ),
            format!(
                "CREATE TRIGGER search_{t}_delete AFTER DELETE ON {t} BEGIN {} END",
                self.delete()
            ),
        ]
    }

    fn postgres_triggers(&self) -> Vec<String> {
        let t = self.table;
        vec![
            format!(
                "CREATE FUNCTION search_{t}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
                 IF TG_OP <> 'INSERT' THEN {} END IF; \
                 IF TG_OP <> 'DELETE' THEN {} END IF; \
                 RETURN NULL; END $$",
                self.delete(),
                self.insert()
            ),
            format!(
                "CREATE TRIGGER search_{t}_insert_delete AFTER INSERT OR DELETE ON {t} \
                 FOR EACH ROW EXECUTE FUNCTION search_{t}()"
            ),
            format!(
                "CREATE TRIGGER search_{t}_update AFTER UPDATE OF {} ON {t} \
                 FOR EACH ROW EXECUTE FUNCTION search_{t}()",
                self.columns
            ),
        ]
    }
}

/// The FTS5 table mirrors `search_entries` (external content) through its own triggers.
const SQLITE_FTS: &[&str] = &[
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, detail, content='search_entries', \
     content_rowid='rowid', tokenize='trigram')",
    "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_entries BEGIN \
     INSERT INTO search_fts (rowid, title, detail) VALUES (NEW.rowid, NEW.title, NEW.detail); END",
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_entries BEGIN \
     INSERT INTO search_fts (search_fts, rowid, title, detail) \
     VALUES ('delete', OLD.rowid, OLD.title, OLD.detail); END",
];

/// Refiles every searchable record on Postgres, for writers that switch the triggers off
/// while they load many rows at once (`core::bulk`): the tables whose triggers to switch,
/// and the statements that refill the index afterwards.
pub fn rebuild() -> (Vec<&'static str>, Vec<String>) {
    let tables = SOURCES.iter().map(|s| s.table).collect();
    let refill = std::iter::once("DELETE FROM search_entries".to_owned())
        .chain(SOURCES.iter().map(Source::backfill))
        .collect();
    (tables, refill)
}

/// The document the Postgres word index covers; the search service queries the same
/// expression.
pub const PG_DOCUMENT: &str = "to_tsvector('simple', title || ' ' || detail)";

/// For a user's search, their entries in order of word-similarity distance (GiST on owner and
/// title trigrams, through btree_gist) and word prefixes (GIN on owner and document, through
/// btree_gin); for managers, who search everyone's, trigram and word matches alone (GIN).
fn postgres_indexes() -> Vec<String> {
    vec![
        "CREATE EXTENSION IF NOT EXISTS pg_trgm".into(),
        "CREATE EXTENSION IF NOT EXISTS btree_gist".into(),
        "CREATE EXTENSION IF NOT EXISTS btree_gin".into(),
        "CREATE INDEX idx_search_owner_title ON search_entries \
         USING gist (owner_id, title gist_trgm_ops)"
            .into(),
        format!(
            "CREATE INDEX idx_search_owner_document ON search_entries \
             USING gin (owner_id, {PG_DOCUMENT})"
        ),
        "CREATE INDEX idx_search_title ON search_entries USING gin (title gin_trgm_ops)".into(),
        format!("CREATE INDEX idx_search_document ON search_entries USING gin ({PG_DOCUMENT})"),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SearchEntries::Table)
                .col(string_len(SearchEntries::Kind, 16))
                .col(uuid(SearchEntries::RecordId))
                .col(uuid(SearchEntries::OwnerId))
                .col(text(SearchEntries::Title))
                .col(text(SearchEntries::Detail))
                .primary_key(
                    Index::create()
                        .col(SearchEntries::Kind)
                        .col(SearchEntries::RecordId),
                )
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        let mut statements: Vec<String> = Vec::new();
        let postgres = m.get_database_backend() == DatabaseBackend::Postgres;
        if postgres {
            for s in SOURCES {
                statements.extend(s.postgres_triggers());
            }
        } else {
            statements.extend(SQLITE_FTS.iter().map(|s| (*s).to_owned()));
            for s in SOURCES {
                statements.extend(s.sqlite_triggers());
            }
        }
        statements.extend(SOURCES.iter().map(Source::backfill));
        // GIN indexes build faster over the filled table than row by row.
        if postgres {
            statements.extend(postgres_indexes());
        }
        for sql in statements {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let postgres = m.get_database_backend() == DatabaseBackend::Postgres;
        for s in SOURCES {
            let t = s.table;
            if postgres {
                db.execute_unprepared(&format!("DROP FUNCTION search_{t}() CASCADE"))
                    .await?;
            } else {
                for suffix in ["insert", "update", "delete"] {
                    db.execute_unprepared(&format!("DROP TRIGGER search_{t}_{suffix}"))
                        .await?;
                }
            }
        }
        if !postgres {
            db.execute_unprepared("DROP TABLE search_fts").await?;
        }
        m.drop_table(Table::drop().table(SearchEntries::Table).to_owned())
            .await
    }
}
