//! The context every service receives: the database and the settings that shape behaviour.

use sea_orm::DatabaseConnection;
use std::sync::Arc;
use time::Duration;

/// Tunables of the identity services; defaults suit production, tests shorten them.
#[derive(Clone, Debug)]
pub struct Config {
    pub invite_ttl: Duration,
    /// Window over which failed sign-ins are counted.
    pub login_window: Duration,
    /// Failed sign-ins allowed per account within the window.
    pub login_max_per_account: u64,
    /// Failed sign-ins allowed per IP address within the window.
    pub login_max_per_ip: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            invite_ttl: Duration::days(7),
            login_window: Duration::minutes(15),
            login_max_per_account: 5,
            login_max_per_ip: 30,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Ctx {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
}

impl Ctx {
    pub fn new(db: DatabaseConnection, config: Config) -> Self {
        Self {
            db,
            config: Arc::new(config),
        }
    }
}
