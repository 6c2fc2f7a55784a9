//! Connecting to SQLite or Postgres and migrating. The URL alone picks the backend.

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr};
use std::time::Duration;

/// Re-exported so adapters can hold a connection without depending on sea-orm.
pub use sea_orm::DatabaseConnection as Connection;

/// Connects and tunes the connection pool for the backend.
/// In-memory SQLite gets a single connection, since each connection would be its own database.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.sqlx_logging(false)
        .acquire_timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(5));
    if url.starts_with("sqlite") {
        let in_memory = url.contains(":memory:");
        opts.max_connections(if in_memory { 1 } else { 8 })
            .min_connections(1);
        if in_memory {
            opts.idle_timeout(Duration::from_secs(24 * 3600))
                .max_lifetime(Duration::from_secs(24 * 3600));
        }
    } else {
        opts.max_connections(20).min_connections(1);
    }
    let db = Database::connect(opts).await?;
    if db.get_database_backend() == DbBackend::Sqlite && !url.contains(":memory:") {
        // WAL lets readers proceed during a write; the setting persists in the file.
        db.execute_unprepared("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
            .await?;
    }
    Ok(db)
}

/// Applies every pending migration. Safe to call at each start.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

pub async fn connect_and_migrate(url: &str) -> Result<DatabaseConnection, DbErr> {
    let db = connect(url).await?;
    migrate(&db).await?;
    Ok(db)
}
