//! The job queue on both databases: exactly-once draining by two workers, enqueueing inside
//! the caller's transaction, backoff and the dead state, recurring schedules, graceful
//! shutdown, and a worker process killed mid-job whose job runs again after its lease.

mod common;

use common::{actor_of, first_admin};
use core_svc::jobs::{self, NewJob, admin, schedule, state, worker};
use core_svc::{Clock, Ctx};
use entity::jobs as rows;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use time::macros::datetime;
use tokio::sync::watch;
use uuid::Uuid;

type Seen = Arc<Mutex<HashMap<Uuid, usize>>>;

/// Handlers that count each job's runs (`test.count`) or always fail (`test.fail`).
fn counting(seen: &Seen) -> worker::Handlers {
    let seen = seen.clone();
    worker::Handlers::default()
        .on("test.count", move |_ctx, job| {
            let seen = seen.clone();
            async move {
                *seen
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .entry(job.id)
                    .or_default() += 1;
                Ok(())
            }
        })
        .on("test.fail", |_ctx, _job| async {
            Err(jobs::JobError::retry("job-failed", "always fails"))
        })
}

fn settings(ctx: &Ctx, id: &str) -> worker::Settings {
    worker::Settings {
        id: id.to_owned(),
        ..worker::Settings::for_db(ctx, vec![jobs::DEFAULT])
    }
}

async fn count(ctx: &Ctx, job_state: Option<&str>) -> u64 {
    let mut q = rows::Entity::find();
    if let Some(s) = job_state {
        q = q.filter(rows::Column::State.eq(s));
    }
    q.count(&ctx.db).await.expect("count")
}

async fn two_workers_drain_a_thousand_jobs_once(ctx: Ctx) {
    for chunk in 0..10 {
        let txn = ctx.db.begin().await.expect("begin");
        for i in 0..100 {
            let job = NewJob::new("test.count", &(chunk * 100 + i)).expect("job");
            jobs::enqueue(&txn, ctx.now(), job).await.expect("enqueue");
        }
        txn.commit().await.expect("commit");
    }
    let seen = Seen::default();
    let (stop, stopped) = watch::channel(false);
    let workers: Vec<_> = ["w1", "w2"]
        .into_iter()
        .map(|id| {
            let w = worker::Worker::new(ctx.clone(), counting(&seen), settings(&ctx, id));
            tokio::spawn(w.run(stopped.clone()))
        })
        .collect();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while count(&ctx, None).await > 0 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    stop.send(true).expect("stop");
    for w in workers {
        w.await.expect("worker task").expect("worker");
    }
    let seen = seen.lock().unwrap_or_else(|p| p.into_inner()).clone();
    assert_eq!(seen.len(), 1000, "every job ran");
    assert!(seen.values().all(|n| *n == 1), "no job ran twice");
    assert_eq!(count(&ctx, None).await, 0, "finished jobs are removed");
}

async fn a_rolled_back_change_leaves_no_job(ctx: Ctx) {
    let txn = ctx.db.begin().await.expect("begin");
    jobs::enqueue(&txn, ctx.now(), NewJob::new("test.count", &1).expect("job"))
        .await
        .expect("enqueue");
    txn.rollback().await.expect("rollback");
    assert_eq!(count(&ctx, None).await, 0);
}

async fn failing_jobs_back_off_then_die(ctx: Ctx) {
    let start = datetime!(2026-11-30 12:00 UTC);
    let ctx = ctx.with_clock(Clock::fixed(start));
    let admin_actor = actor_of(&first_admin(&ctx).await);
    let seen = Seen::default();
    let w = worker::Worker::new(ctx.clone(), counting(&seen), settings(&ctx, "w"));
    let txn = ctx.db.begin().await.expect("begin");
    let doomed = NewJob::new("test.fail", &()).expect("job").attempts(3);
    let id = jobs::enqueue(&txn, ctx.now(), doomed.clone())
        .await
        .expect("enqueue");
    let other = jobs::enqueue(&txn, ctx.now(), doomed)
        .await
        .expect("enqueue");
    txn.commit().await.expect("commit");
    let row = || async {
        rows::Entity::find_by_id(id)
            .one(&ctx.db)
            .await
            .expect("row")
            .expect("kept")
    };
    assert_eq!(w.drain().await.expect("drain"), 2, "both run once");
    let after_one = row().await;
    assert_eq!(
        (after_one.state.as_str(), after_one.attempts),
        (state::QUEUED, 1)
    );
    let wait = after_one.run_at - start;
    assert!(
        wait >= time::Duration::milliseconds(1500) && wait <= time::Duration::milliseconds(2500),
        "first retry after about 2 s: {wait}"
    );
    assert_eq!(w.drain().await.expect("drain"), 0, "not before its backoff");
    ctx.clock.advance(time::Duration::seconds(3));
    w.drain().await.expect("drain");
    let after_two = row().await;
    assert_eq!(after_two.attempts, 2);
    let wait = after_two.run_at - ctx.now();
    assert!(
        wait >= time::Duration::seconds(3) && wait <= time::Duration::seconds(5),
        "the backoff doubles: {wait}"
    );
    ctx.clock.advance(time::Duration::seconds(6));
    w.drain().await.expect("drain");
    let dead = row().await;
    assert_eq!((dead.state.as_str(), dead.attempts), (state::DEAD, 3));
    assert_eq!(count(&ctx, Some(state::DEAD)).await, 2);
    ctx.clock.advance(time::Duration::hours(1));
    assert_eq!(w.drain().await.expect("drain"), 0, "the dead stay dead");

    // The admin sees them, retries one and discards the other.
    let overview = admin::overview(&ctx, &admin_actor).await.expect("overview");
    let default = overview
        .queues
        .iter()
        .find(|q| q.queue == jobs::DEFAULT)
        .expect("the default queue");
    assert_eq!(default.dead, 2);
    let failure = overview
        .failures
        .iter()
        .find(|f| f.id == id)
        .expect("listed");
    assert_eq!(
        (failure.error_key.as_str(), failure.state.as_str()),
        ("job-failed", "dead")
    );
    assert!(!failure.trace_id.is_empty());
    admin::retry(&ctx, &admin_actor, id).await.expect("retry");
    let again = row().await;
    assert_eq!((again.state.as_str(), again.attempts), (state::QUEUED, 0));
    admin::discard(&ctx, &admin_actor, other)
        .await
        .expect("discard");
    assert!(
        rows::Entity::find_by_id(other)
            .one(&ctx.db)
            .await
            .expect("row")
            .is_none()
    );
    let r = admin::discard(&ctx, &admin_actor, id).await;
    assert!(
        matches!(r, Err(core_svc::CoreError::NotFound)),
        "only dead jobs: {r:?}"
    );
}

async fn only_admins_manage_the_queue(ctx: Ctx) {
    let admin_user = first_admin(&ctx).await;
    let user = common::invited(
        &ctx,
        &admin_user,
        "u@example.com",
        types::dto::auth::Role::Manager,
    )
    .await;
    let manager = actor_of(&user);
    let r = admin::overview(&ctx, &manager).await;
    assert!(matches!(r, Err(core_svc::CoreError::Forbidden)), "{r:?}");
    let r = admin::retry(&ctx, &manager, Uuid::now_v7()).await;
    assert!(matches!(r, Err(core_svc::CoreError::Forbidden)), "{r:?}");
    let r = admin::discard(&ctx, &manager, Uuid::now_v7()).await;
    assert!(matches!(r, Err(core_svc::CoreError::Forbidden)), "{r:?}");
}

async fn recurring_jobs_run_once_per_due_time(ctx: Ctx) {
    let ctx = ctx.with_clock(Clock::fixed(datetime!(2026-11-30 12:01 UTC)));
    let job = NewJob::new("test.count", &"tick").expect("job");
    schedule::ensure(&ctx, "test.tick", "*/5 * * * *", job.clone())
        .await
        .expect("schedule");
    schedule::ensure(&ctx, "test.tick", "*/5 * * * *", job)
        .await
        .expect("a second start changes nothing");
    assert_eq!(
        schedule::enqueue_due(&ctx).await.expect("due"),
        0,
        "not yet"
    );
    ctx.clock.advance(time::Duration::minutes(4));
    // Two nodes notice at once: one enqueues.
    let (a, b) = tokio::join!(schedule::enqueue_due(&ctx), schedule::enqueue_due(&ctx));
    assert_eq!(a.expect("a") + b.expect("b"), 1);
    assert_eq!(count(&ctx, Some(state::QUEUED)).await, 1);
    ctx.clock.advance(time::Duration::minutes(5));
    assert_eq!(
        schedule::enqueue_due(&ctx).await.expect("due"),
        1,
        "the next time"
    );
}

async fn shutdown_finishes_quick_jobs_and_gives_back_slow_ones(ctx: Ctx) {
    let handlers = worker::Handlers::default()
        .on("test.quick", |_ctx, _job| async { Ok(()) })
        .on("test.slow", |_ctx, _job| async {
            tokio::time::sleep(Duration::from_secs(300)).await;
            Ok(())
        });
    let txn = ctx.db.begin().await.expect("begin");
    jobs::enqueue(
        &txn,
        ctx.now(),
        NewJob::new("test.quick", &()).expect("job"),
    )
    .await
    .expect("enqueue");
    let slow = jobs::enqueue(&txn, ctx.now(), NewJob::new("test.slow", &()).expect("job"))
        .await
        .expect("enqueue");
    txn.commit().await.expect("commit");
    let mut s = settings(&ctx, "stopping");
    s.grace = Duration::from_millis(300);
    let (stop, stopped) = watch::channel(false);
    let running = tokio::spawn(worker::Worker::new(ctx.clone(), handlers, s).run(stopped));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while count(&ctx, None).await > 1 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stop.send(true).expect("stop");
    running.await.expect("task").expect("worker");
    let left = rows::Entity::find().all(&ctx.db).await.expect("rows");
    assert_eq!(left.len(), 1, "the quick job finished");
    let given_back = &left[0];
    assert_eq!(given_back.id, slow);
    assert_eq!(
        (
            given_back.state.as_str(),
            given_back.attempts,
            given_back.locked_by.clone()
        ),
        (state::QUEUED, 0, None),
        "the slow job is queued again, its attempt not counted"
    );
}

on_both!(
    two_workers_drain_a_thousand_jobs_once,
    a_rolled_back_change_leaves_no_job,
    failing_jobs_back_off_then_die,
    only_admins_manage_the_queue,
    recurring_jobs_run_once_per_due_time,
    shutdown_finishes_quick_jobs_and_gives_back_slow_ones,
);

/// How many times the queue table was vacuumed, by anyone.
async fn vacuums_of_jobs(ctx: &Ctx) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let sql = "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'jobs'";
    let row = ctx
        .db
        .query_one(Statement::from_string(ctx.db.get_database_backend(), sql))
        .await
        .expect("read table stats")
        .expect("the jobs table has stats");
    row.try_get_by_index(0).expect("vacuum_count")
}

/// A worker vacuums the queue table itself once it has finished enough jobs, so a busy
/// queue stays small on a server whose autovacuum is slow or off. Postgres only: SQLite
/// reuses a deleted row's space without help.
#[tokio::test]
async fn a_busy_queue_is_vacuumed_by_its_worker() {
    let Some(db) = common::postgres().await else {
        return;
    };
    let ctx = db.ctx.clone();
    let txn = ctx.db.begin().await.expect("begin");
    for i in 0..20 {
        let job = NewJob::new("test.count", &i).expect("job");
        jobs::enqueue(&txn, ctx.now(), job).await.expect("enqueue");
    }
    txn.commit().await.expect("commit");
    let before = vacuums_of_jobs(&ctx).await;
    let quiet = worker::Settings {
        vacuum_after: 1_000_000,
        ..settings(&ctx, "quiet")
    };
    let seen = Seen::default();
    worker::Worker::new(ctx.clone(), counting(&seen), quiet)
        .drain()
        .await
        .expect("drain");
    assert_eq!(vacuums_of_jobs(&ctx).await, before, "below the mark");

    let txn = ctx.db.begin().await.expect("begin");
    for i in 0..20 {
        let job = NewJob::new("test.count", &i).expect("job");
        jobs::enqueue(&txn, ctx.now(), job).await.expect("enqueue");
    }
    txn.commit().await.expect("commit");
    let eager = worker::Settings {
        vacuum_after: 10,
        ..settings(&ctx, "eager")
    };
    worker::Worker::new(ctx.clone(), counting(&seen), eager)
        .drain()
        .await
        .expect("drain");
    assert!(
        vacuums_of_jobs(&ctx).await > before,
        "vacuumed past the mark"
    );
    assert_eq!(seen.lock().unwrap_or_else(|p| p.into_inner()).len(), 40);
    db.cleanup().await;
}

/// The worker process the kill tests start: it claims the slow job and hangs in it until
/// it is killed. Runs only when started by them.
#[tokio::test]
#[ignore = "started as a child process by the kill tests"]
async fn killed_worker_child() {
    let Ok(url) = std::env::var("NEXTCRM_TEST_CHILD_DB") else {
        return;
    };
    let db = core_svc::db::connect(&url).await.expect("child connects");
    let ctx = Ctx::new(db, common::test_config());
    let handlers = worker::Handlers::default().on("test.slow", |_ctx, _job| async {
        tokio::time::sleep(Duration::from_secs(3600)).await;
        Ok(())
    });
    let mut s = settings(&ctx, "child");
    s.lease = Duration::from_secs(2);
    let (_stop, stopped) = watch::channel(false);
    let _ = worker::Worker::new(ctx, handlers, s).run(stopped).await;
}

/// Starts a worker process, waits until it holds the slow job, kills it with SIGKILL, and
/// checks a new worker runs the job only once the dead one's lease has run out.
async fn killed_worker_leaves_a_job_that_runs_again(ctx: Ctx, url: &str) {
    let txn = ctx.db.begin().await.expect("begin");
    let id = jobs::enqueue(&txn, ctx.now(), NewJob::new("test.slow", &()).expect("job"))
        .await
        .expect("enqueue");
    txn.commit().await.expect("commit");
    let mut child = common::child("killed_worker_child", url);
    let held = || async {
        rows::Entity::find_by_id(id)
            .one(&ctx.db)
            .await
            .expect("row")
            .is_some_and(|j| j.locked_by.as_deref().is_some_and(|w| w.contains("child")))
    };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while !held().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the child never claimed the job"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reap the child");

    let attempts = Arc::new(Mutex::new(Vec::new()));
    let seen = attempts.clone();
    let handlers = worker::Handlers::default().on("test.slow", move |_ctx, job| {
        let seen = seen.clone();
        async move {
            seen.lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(job.attempt);
            Ok(())
        }
    });
    let w = worker::Worker::new(ctx.clone(), handlers, settings(&ctx, "second"));
    assert_eq!(
        w.drain().await.expect("drain"),
        0,
        "the lease still holds it"
    );
    // The child's lease was 2 s and it extended it while alive.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(
        w.drain().await.expect("drain"),
        1,
        "the expired lease frees it"
    );
    assert_eq!(*attempts.lock().unwrap_or_else(|p| p.into_inner()), [2]);
    assert_eq!(count(&ctx, None).await, 0);
}

on_both_files!(killed_worker_leaves_a_job_that_runs_again);
