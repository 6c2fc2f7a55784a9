//! The context every service receives: the database, the settings that shape behaviour, the
//! clock, the server's keys and the job queue.

use crate::secrets::Keys;
use sea_orm::{DatabaseConnection, DatabaseTransaction};
use std::sync::{Arc, Mutex};
use time::{Duration, OffsetDateTime};

/// Tunables of the services; defaults suit production, tests shorten them.
#[derive(Clone, Debug)]
pub struct Config {
    pub invite_ttl: Duration,
    /// Window over which failed sign-ins are counted.
    pub login_window: Duration,
    /// Failed sign-ins allowed per account within the window.
    pub login_max_per_account: u64,
    /// Failed sign-ins allowed per IP address within the window.
    pub login_max_per_ip: u64,
    /// Whether webhooks may go to private, loopback and link-local addresses.
    pub webhooks_allow_private: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            invite_ttl: Duration::days(7),
            login_window: Duration::minutes(15),
            login_max_per_account: 5,
            login_max_per_ip: 30,
            webhooks_allow_private: false,
        }
    }
}

/// Where services get the time: the system's, or one a test sets and moves.
#[derive(Clone, Debug, Default)]
pub enum Clock {
    #[default]
    System,
    Fixed(Arc<Mutex<OffsetDateTime>>),
}

impl Clock {
    /// A clock that stands at `at` until it is moved.
    pub fn fixed(at: OffsetDateTime) -> Clock {
        Clock::Fixed(Arc::new(Mutex::new(at)))
    }

    pub fn now(&self) -> OffsetDateTime {
        match self {
            Clock::System => OffsetDateTime::now_utc(),
            Clock::Fixed(at) => *at.lock().unwrap_or_else(|p| p.into_inner()),
        }
    }

    /// Moves a fixed clock by `by`; the system clock moves on its own.
    pub fn advance(&self, by: Duration) {
        if let Clock::Fixed(at) = self {
            let mut at = at.lock().unwrap_or_else(|p| p.into_inner());
            *at += by;
        }
    }
}

#[derive(Clone, Debug)]
pub struct Ctx {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub clock: Clock,
    /// Seals what clients must hand back unchanged (list cursors).
    pub keys: Keys,
    /// Wakes this process's job worker after a commit that enqueued work.
    pub jobs: crate::jobs::Queue,
    /// API keys' identities this node saw lately.
    pub identities: crate::services::api_keys::Identities,
    /// Sessions' identities this node saw lately.
    pub sessions: crate::signed_in::Sessions,
    /// The embedder and vector store search by meaning uses, or why it is off.
    pub ai: crate::semantic::Ai,
}

impl Ctx {
    /// A context on the system clock with fresh random keys; a server sets its lasting keys
    /// with [`Ctx::with_keys`].
    pub fn new(db: DatabaseConnection, config: Config) -> Self {
        Self {
            db,
            config: Arc::new(config),
            clock: Clock::System,
            keys: Keys::random(),
            jobs: crate::jobs::Queue::default(),
            identities: crate::services::api_keys::Identities::default(),
            sessions: crate::signed_in::Sessions::default(),
            ai: crate::semantic::Ai::default(),
        }
    }

    /// Forgets what this node kept about a user's keys and sessions, after a change to the
    /// user made here.
    pub fn user_changed(&self, id: types::ids::UserId) {
        self.identities.forget_user(id);
        self.sessions.forget_user(id);
    }

    pub fn with_keys(mut self, keys: Keys) -> Self {
        self.keys = keys;
        self
    }

    pub fn with_ai(mut self, ai: crate::semantic::Ai) -> Self {
        self.ai = ai;
        self
    }

    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// The current time, from the context's clock.
    pub fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    /// Begins a transaction that writes. On SQLite it takes the write lock at once (a write
    /// that matches no row): a transaction that read first and wrote later would fail with
    /// `SQLITE_BUSY_SNAPSHOT` if another connection (the job worker) committed in between,
    /// where waiting for the lock up front only waits out the busy timeout.
    pub async fn begin(&self) -> crate::error::CoreResult<DatabaseTransaction> {
        use sea_orm::{ConnectionTrait, DatabaseBackend, TransactionTrait};
        let txn = self.db.begin().await?;
        if txn.get_database_backend() == DatabaseBackend::Sqlite {
            txn.execute_unprepared("DELETE FROM app_settings WHERE 0")
                .await?;
        }
        Ok(txn)
    }

    /// Commits a change that may have enqueued jobs or events, then wakes this process's
    /// worker (other nodes hear of them through the database).
    pub async fn commit(&self, txn: DatabaseTransaction) -> crate::error::CoreResult<()> {
        txn.commit().await?;
        self.jobs.wake();
        Ok(())
    }
}
