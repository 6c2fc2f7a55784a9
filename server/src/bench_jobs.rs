//! `nextcrm bench-jobs [--jobs N]`: the job queue's throughput and start latency on the configured
//! database, for `cargo xtask bench --jobs`. Throughput: how fast one and two workers drain a
//! backlog of trivial jobs. Latency: from the commit that enqueued a job (on another
//! connection pool, as another node would) to the moment a waiting worker starts it.

use crate::{config::Config, database};
use anyhow::{Context, bail};
use core_svc::Ctx;
use core_svc::jobs::{self, NewJob, worker};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, watch};

const KIND: &str = "bench.noop";

/// Jobs drained when `--jobs` is not given.
pub const JOBS: usize = 20_000;

pub async fn run(config: &Config, jobs: usize) -> anyhow::Result<()> {
    let ctx = database::context(config).await?;
    for workers in [1, 2] {
        let (enqueued, drained) = throughput(&ctx, jobs, workers).await?;
        println!(
            "jobs: enqueue {jobs} in {:.2} s = {:.0} jobs/s; {workers} worker(s) drain them in {:.2} s = {:.0} jobs/s",
            enqueued.as_secs_f64(),
            jobs as f64 / enqueued.as_secs_f64(),
            drained.as_secs_f64(),
            jobs as f64 / drained.as_secs_f64(),
        );
    }
    let mut waits = latency(config, &ctx, 200).await?;
    waits.sort_by(f64::total_cmp);
    let at = |p: f64| waits[((waits.len() - 1) as f64 * p).round() as usize];
    println!(
        "jobs: commit to start, idle worker, {} jobs: p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        waits.len(),
        at(0.5),
        at(0.95),
        at(0.99),
        at(1.0)
    );
    Ok(())
}

fn settings(ctx: &Ctx, id: String) -> worker::Settings {
    worker::Settings {
        id,
        concurrency: 64,
        ..worker::Settings::for_db(ctx, vec![jobs::DEFAULT])
    }
}

/// Enqueues `n` jobs in transactions of 500, then lets `workers` workers drain them.
async fn throughput(ctx: &Ctx, n: usize, workers: usize) -> anyhow::Result<(Duration, Duration)> {
    let started = Instant::now();
    let mut left = n;
    while left > 0 {
        let size = left.min(500);
        let batch: Vec<NewJob> = (0..size)
            .map(|i| NewJob::new(KIND, &i))
            .collect::<Result<_, _>>()?;
        jobs::enqueue_all(ctx, batch).await?;
        left -= size;
    }
    let enqueued = started.elapsed();
    let done = Arc::new(AtomicUsize::new(0));
    let counter = done.clone();
    let handlers = worker::Handlers::default().on(KIND, move |_ctx, _job| {
        let counter = counter.clone();
        async move {
            counter.fetch_add(1, Ordering::Relaxed);
            Ok(())
        }
    });
    let (stop, stopped) = watch::channel(false);
    let started = Instant::now();
    let running: Vec<_> = (0..workers)
        .map(|i| {
            let w = worker::Worker::new(
                ctx.clone(),
                handlers.clone(),
                settings(ctx, format!("bench-{i}")),
            );
            tokio::spawn(w.run(stopped.clone()))
        })
        .collect();
    while done.load(Ordering::Relaxed) < n {
        tokio::time::sleep(Duration::from_millis(5)).await;
        if started.elapsed() > Duration::from_secs(600) {
            bail!("the workers did not drain the queue in 10 minutes");
        }
    }
    let drained = started.elapsed();
    let _ = stop.send(true);
    for r in running {
        r.await??;
    }
    Ok((enqueued, drained))
}

/// Enqueues one job at a time from a second connection pool, each in its own committed
/// transaction, and measures how long until the idle worker starts it, in milliseconds.
async fn latency(config: &Config, ctx: &Ctx, n: usize) -> anyhow::Result<Vec<f64>> {
    let (started_tx, mut started_rx) = mpsc::unbounded_channel::<(usize, Instant)>();
    let handlers = worker::Handlers::default().on(KIND, move |_ctx, job| {
        let started_tx = started_tx.clone();
        async move {
            let i: usize = job.input()?;
            let _ = started_tx.send((i, Instant::now()));
            Ok(())
        }
    });
    let (stop, stopped) = watch::channel(false);
    let w = worker::Worker::new(ctx.clone(), handlers, settings(ctx, "bench-latency".into()));
    let running = tokio::spawn(w.run(stopped));
    // Another node's pool: its commits reach this worker only through the database.
    let other = database::context(config).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut waits = Vec::with_capacity(n);
    for i in 0..n {
        jobs::enqueue_all(&other, vec![NewJob::new(KIND, &i)?]).await?;
        let committed = Instant::now();
        let (got, at) = tokio::time::timeout(Duration::from_secs(10), started_rx.recv())
            .await
            .context("a job did not start within 10 s")?
            .context("the worker stopped")?;
        if got != i {
            bail!("job {got} started while waiting for {i}");
        }
        waits.push(at.saturating_duration_since(committed).as_secs_f64() * 1000.0);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let _ = stop.send(true);
    running.await??;
    Ok(waits)
}
