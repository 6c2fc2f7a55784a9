//! Workers: claim due jobs, run their handlers concurrently, keep their leases alive, and
//! finish or fail them. One [`Worker`] runs per process (inside the server by default, or
//! alone as `nextcrm worker`); any number of them share one database.

use super::{Job, JobError, schedule, store};
use crate::Ctx;
use crate::error::CoreResult;
use sea_orm::{ConnectionTrait, DatabaseBackend};
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinSet;
use uuid::Uuid;

type BoxFuture = Pin<Box<dyn Future<Output = Result<(), JobError>> + Send>>;
type HandlerFn = Arc<dyn Fn(Ctx, Job) -> BoxFuture + Send + Sync>;

/// What a worker can run, by job kind. A worker claims only the queues it is given and
/// fails (then buries) a job whose kind it has no handler for.
#[derive(Clone, Default)]
pub struct Handlers {
    by_kind: HashMap<&'static str, HandlerFn>,
}

impl Handlers {
    pub fn on<F, Fut>(mut self, kind: &'static str, handler: F) -> Self
    where
        F: Fn(Ctx, Job) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), JobError>> + Send + 'static,
    {
        self.by_kind
            .insert(kind, Arc::new(move |ctx, job| Box::pin(handler(ctx, job))));
        self
    }

    async fn run(&self, ctx: Ctx, job: Job) -> Result<(), JobError> {
        match self.by_kind.get(job.kind.as_str()) {
            Some(handler) => handler(ctx, job).await,
            None => Err(JobError::fatal("job-unknown-kind", &job.kind)),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Settings {
    /// Names this worker in the rows it claims (host and process).
    pub id: String,
    pub queues: Vec<&'static str>,
    /// Jobs run at once.
    pub concurrency: usize,
    /// How long a claim lasts without a heartbeat; heartbeats come three times per lease.
    pub lease: Duration,
    /// How often an idle worker looks for due jobs without being woken.
    pub poll: Duration,
    /// How long a stopping worker lets running jobs finish before giving them back.
    pub grace: Duration,
    /// On Postgres, how many jobs this worker finishes between two vacuums of the queue
    /// table (see [`store::vacuum`]).
    pub vacuum_after: usize,
}

impl Settings {
    /// Defaults for `ctx`'s database: Postgres wakes workers by LISTEN/NOTIFY and polls
    /// every second as a fallback; SQLite has no notifications and polls every 50 ms (a
    /// cheap indexed read), which keeps a new job's start under 100 ms.
    pub fn for_db(ctx: &Ctx, queues: Vec<&'static str>) -> Settings {
        let postgres = ctx.db.get_database_backend() == DatabaseBackend::Postgres;
        Settings {
            id: worker_id(),
            queues,
            concurrency: 8,
            lease: Duration::from_secs(30),
            poll: Duration::from_millis(if postgres { 1000 } else { 50 }),
            grace: Duration::from_secs(10),
            vacuum_after: 1_000,
        }
    }
}

/// `host:pid:random`, unique per worker.
fn worker_id() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "local".into());
    format!(
        "{host}:{}:{}",
        std::process::id(),
        crate::secrets::random_token(4)
    )
}

pub struct Worker {
    ctx: Ctx,
    handlers: Handlers,
    settings: Settings,
    /// Jobs this worker finished since its last vacuum of the queue table.
    finished: AtomicUsize,
}

/// What a finished job task hands back.
type Outcome = (Job, Result<(), JobError>);

impl Worker {
    pub fn new(ctx: Ctx, handlers: Handlers, settings: Settings) -> Worker {
        Worker {
            ctx,
            handlers,
            settings,
            finished: AtomicUsize::new(0),
        }
    }

    fn queues(&self) -> Vec<&str> {
        self.settings.queues.clone()
    }

    fn lease_until(&self) -> time::OffsetDateTime {
        self.ctx.now() + self.settings.lease
    }

    async fn claim(&self, limit: usize) -> CoreResult<Vec<Job>> {
        let now = self.ctx.now();
        store::claim(
            &self.ctx.db,
            &self.settings.id,
            &self.queues(),
            limit as u64,
            now,
            self.lease_until(),
        )
        .await
    }

    /// Records how the jobs ended: successes removed in one statement, failures retried
    /// later or buried.
    async fn finish(&self, outcomes: Vec<Outcome>) -> CoreResult<()> {
        self.finished.fetch_add(outcomes.len(), Ordering::Relaxed);
        let mut done = Vec::new();
        for (job, result) in outcomes {
            match result {
                Ok(()) => done.push(job.id),
                Err(e) => {
                    let trace_id = crate::secrets::random_token(8);
                    let dead = store::fail(
                        &self.ctx.db,
                        &self.settings.id,
                        &job,
                        &e,
                        &trace_id,
                        self.ctx.now(),
                    )
                    .await?;
                    tracing::warn!(
                        %trace_id, job = %job.id, kind = %job.kind, attempt = job.attempt,
                        dead, key = e.key, detail = %e.detail, "job failed"
                    );
                }
            }
        }
        store::complete(&self.ctx.db, &self.settings.id, &done).await
    }

    /// Runs every due job until none is left, then returns how many ran. For tests and
    /// tools; servers use [`Worker::run`].
    pub async fn drain(&self) -> CoreResult<usize> {
        let mut ran = 0;
        loop {
            self.upkeep().await?;
            let jobs = self.claim(self.settings.concurrency).await?;
            if jobs.is_empty() {
                return Ok(ran);
            }
            ran += jobs.len();
            let mut set = JoinSet::new();
            for job in jobs {
                self.spawn(&mut set, job);
            }
            let mut outcomes = Vec::new();
            while let Some(done) = set.join_next().await {
                outcomes.extend(done.ok());
            }
            self.finish(outcomes).await?;
        }
    }

    fn spawn(&self, set: &mut JoinSet<Outcome>, job: Job) {
        let (ctx, handlers) = (self.ctx.clone(), self.handlers.clone());
        set.spawn(async move {
            let result = handlers.run(ctx, job.clone()).await;
            (job, result)
        });
    }

    /// Works until `stop` turns true: then lets running jobs finish within the grace
    /// period and gives back any that did not.
    pub async fn run(self, mut stop: watch::Receiver<bool>) -> CoreResult<()> {
        let listener = self.listen();
        let in_hand: Arc<Mutex<HashSet<Uuid>>> = Arc::default();
        let mut running: JoinSet<Outcome> = JoinSet::new();
        let mut beat = tokio::time::interval(self.settings.lease / 3);
        let mut upkeep = tokio::time::interval(self.settings.poll.max(Duration::from_secs(1)));
        let mut look = true;
        while !*stop.borrow() {
            if look && running.len() < self.settings.concurrency {
                let free = self.settings.concurrency - running.len();
                let claimed = match self.try_claim(free).await {
                    Ok(jobs) => jobs,
                    Err(e) => {
                        tracing::warn!(error = %e, "could not claim jobs");
                        Vec::new()
                    }
                };
                // A full batch means more may be waiting: look again as soon as there is room.
                look = claimed.len() == free;
                for job in claimed {
                    lock(&in_hand).insert(job.id);
                    self.spawn(&mut running, job);
                }
            }
            tokio::select! {
                Some(done) = running.join_next(), if !running.is_empty() => {
                    let mut outcomes: Vec<Outcome> = done.ok().into_iter().collect();
                    while let Some(more) = running.try_join_next() {
                        outcomes.extend(more.ok());
                    }
                    for (job, _) in &outcomes {
                        lock(&in_hand).remove(&job.id);
                    }
                    if let Err(e) = self.finish(outcomes).await {
                        tracing::warn!(error = %e, "could not record finished jobs");
                    }
                    look = true;
                }
                () = self.ctx.jobs.woken() => look = true,
                _ = tokio::time::sleep(self.settings.poll) => look = true,
                _ = beat.tick() => {
                    let ids: Vec<Uuid> = lock(&in_hand).iter().copied().collect();
                    let until = self.lease_until();
                    if let Err(e) = store::heartbeat(&self.ctx.db, &self.settings.id, &ids, until).await {
                        tracing::warn!(error = %e, "could not extend job leases");
                    }
                }
                _ = upkeep.tick() => {
                    if let Err(e) = self.upkeep().await {
                        tracing::warn!(error = %e, "job upkeep failed");
                    }
                }
                changed = stop.changed() => {
                    if changed.is_err() {
                        break;
                    }
                }
            }
        }
        self.stop(running, &in_hand).await;
        if let Some(l) = listener {
            l.abort();
        }
        Ok(())
    }

    /// On SQLite, claims only after a cheap check that something is due: a claim takes the
    /// write lock, which an idle poll should not. A Postgres claim that finds nothing is as
    /// cheap as the check, so it claims straight away.
    async fn try_claim(&self, free: usize) -> CoreResult<Vec<Job>> {
        use sea_orm::{ConnectionTrait, DatabaseBackend};
        let sqlite = self.ctx.db.get_database_backend() == DatabaseBackend::Sqlite;
        if sqlite && !store::any_due(&self.ctx.db, &self.queues(), self.ctx.now()).await? {
            return Ok(Vec::new());
        }
        self.claim(free).await
    }

    /// Expired leases back into the queue; recurring jobs that came due into it; and, after
    /// enough finished jobs, a vacuum of the queue table.
    async fn upkeep(&self) -> CoreResult<()> {
        let now = self.ctx.now();
        if store::reap(&self.ctx.db, now).await? > 0 {
            self.ctx.jobs.wake();
        }
        if schedule::enqueue_due(&self.ctx).await? > 0 {
            self.ctx.jobs.wake();
        }
        let postgres = self.ctx.db.get_database_backend() == DatabaseBackend::Postgres;
        if postgres && self.finished.load(Ordering::Relaxed) >= self.settings.vacuum_after {
            self.finished.store(0, Ordering::Relaxed);
            store::vacuum(&self.ctx.db).await?;
        }
        Ok(())
    }

    async fn stop(&self, mut running: JoinSet<Outcome>, in_hand: &Mutex<HashSet<Uuid>>) {
        let deadline = tokio::time::Instant::now() + self.settings.grace;
        let mut outcomes = Vec::new();
        while !running.is_empty() {
            match tokio::time::timeout_at(deadline, running.join_next()).await {
                Ok(Some(done)) => outcomes.extend(done.ok()),
                Ok(None) | Err(_) => break,
            }
        }
        running.abort_all();
        for (job, _) in &outcomes {
            lock(in_hand).remove(&job.id);
        }
        if let Err(e) = self.finish(outcomes).await {
            tracing::warn!(error = %e, "could not record finished jobs at shutdown");
        }
        let unfinished: Vec<Uuid> = lock(in_hand).drain().collect();
        if let Err(e) =
            store::release(&self.ctx.db, &self.settings.id, &unfinished, self.ctx.now()).await
        {
            tracing::warn!(error = %e, "could not give back unfinished jobs");
        }
    }

    /// On Postgres, a task that wakes this worker whenever a committed transaction enqueued
    /// a job on any node.
    fn listen(&self) -> Option<tokio::task::JoinHandle<()>> {
        if self.ctx.db.get_database_backend() != DatabaseBackend::Postgres {
            return None;
        }
        let ctx = self.ctx.clone();
        Some(tokio::spawn(async move {
            loop {
                let pool = ctx.db.get_postgres_connection_pool();
                match sea_orm::sqlx::postgres::PgListener::connect_with(pool).await {
                    Ok(mut listener) => {
                        if listener.listen(super::CHANNEL).await.is_ok() {
                            while listener.recv().await.is_ok() {
                                ctx.jobs.wake();
                            }
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "cannot listen for new jobs"),
                }
                // Polling covers the gap; try to listen again shortly.
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        }))
    }
}

fn lock(set: &Mutex<HashSet<Uuid>>) -> std::sync::MutexGuard<'_, HashSet<Uuid>> {
    set.lock().unwrap_or_else(|p| p.into_inner())
}
