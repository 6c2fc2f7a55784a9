//! Opening the database, for the server and for every command: connect, migrate, and build
//! the service context with the server's lasting keys.

use crate::config::Config;
use anyhow::Context;
use core_svc::{Config as CoreConfig, Ctx, db::Connection as DatabaseConnection};

/// Connects and migrates; SQLite's data directory is created on first use.
pub async fn connect(config: &Config) -> anyhow::Result<DatabaseConnection> {
    if config.is_sqlite() {
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("cannot create {}", config.data_dir.display()))?;
    }
    core_svc::db::connect_and_migrate(&config.database_url)
        .await
        .context("cannot connect to or migrate the database")
}

/// Connects, migrates and builds the service context with the server's lasting keys
/// (`NEXTCRM_SECRET_KEY`, or the secret kept in the database).
pub async fn context(config: &Config) -> anyhow::Result<Ctx> {
    let db = connect(config).await?;
    let keys = core_svc::secrets::server_keys(&db, config.secret_key.as_deref())
        .await
        .context("cannot load the server secret")?;
    let settings = CoreConfig {
        webhooks_allow_private: config.webhooks_allow_private,
        ..CoreConfig::default()
    };
    Ok(Ctx::new(db, settings).with_keys(keys))
}

pub async fn migrate(config: &Config) -> anyhow::Result<()> {
    connect(config).await?;
    tracing::info!("database is up to date");
    Ok(())
}
