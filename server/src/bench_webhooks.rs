//! `nextcrm bench-webhooks [--deliveries N]`: webhook throughput on the configured (empty)
//! database, for `cargo xtask bench --webhooks`. N contacts are created through the service,
//! so N events wait in the queue; the event worker fans them out to one endpoint (deliveries
//! written, with their signed payloads fixed), then the webhook worker sends them to a local
//! receiver. Both rates are printed.

use crate::{config::Config, database};
use anyhow::{Context, bail};
use axum::{Router, http::StatusCode, routing::post};
use core_svc::jobs::{self, worker};
use core_svc::services::{auth, contacts, webhooks};
use core_svc::{Actor, Ctx, Via};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::watch;
use types::dto::contacts::NewContact;
use types::dto::webhooks::NewWebhook;
use types::lang::Lang;

/// Deliveries sent when `--deliveries` is not given.
pub const DELIVERIES: usize = 2_000;

fn settings(ctx: &Ctx, queue: &'static str, concurrency: usize) -> worker::Settings {
    worker::Settings {
        id: format!("bench-{queue}"),
        concurrency,
        ..worker::Settings::for_db(ctx, vec![queue])
    }
}

/// Works `queue` with one worker of `concurrency` until `done` reaches `n`; the time it took.
async fn work_until(
    ctx: &Ctx,
    queue: &'static str,
    concurrency: usize,
    done: impl Fn() -> usize,
    n: usize,
) -> anyhow::Result<Duration> {
    let (stop, stopped) = watch::channel(false);
    let started = Instant::now();
    let w = worker::Worker::new(
        ctx.clone(),
        jobs::handlers(),
        settings(ctx, queue, concurrency),
    );
    let running = tokio::spawn(w.run(stopped));
    while done() < n {
        tokio::time::sleep(Duration::from_millis(5)).await;
        if started.elapsed() > Duration::from_secs(600) {
            bail!("the {queue} queue was not worked off in 10 minutes");
        }
    }
    let took = started.elapsed();
    let _ = stop.send(true);
    running.await??;
    Ok(took)
}

pub async fn run(config: &Config, n: usize) -> anyhow::Result<()> {
    let ctx = database::context(&Config {
        webhooks_allow_private: true,
        ..config.clone()
    })
    .await?;
    let admin = auth::setup_first_admin(
        &ctx,
        auth::NewAccount {
            name: "Bench Admin".into(),
            email: "bench@example.com".into(),
            password: "a long benchmark password".into(),
            lang: Lang::En,
        },
    )
    .await
    .context("the database must be empty")?;
    let admin = Actor {
        user_id: admin.id,
        role: admin.role,
        via: Via::Web,
    };
    let received = Arc::new(AtomicUsize::new(0));
    let counter = received.clone();
    let app = Router::new().route(
        "/hooks",
        post(move || {
            counter.fetch_add(1, Ordering::Relaxed);
            async { StatusCode::NO_CONTENT }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/hooks", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });
    webhooks::create(
        &ctx,
        &admin,
        NewWebhook {
            name: "Bench".into(),
            url,
            events: vec!["contact.created".into()],
        },
    )
    .await?;
    for i in 0..n {
        let new = NewContact {
            last_name: format!("Bench {i}"),
            ..NewContact::default()
        };
        contacts::create(&ctx, &admin, new).await?;
    }
    let started = Instant::now();
    let fanned = worker::Worker::new(
        ctx.clone(),
        jobs::handlers(),
        settings(&ctx, jobs::EVENTS, 8),
    )
    .drain()
    .await?;
    let fan = started.elapsed();
    if fanned != n {
        bail!("{fanned} events were fanned out, not {n}");
    }
    println!(
        "webhooks: fan out {n} events in {:.2} s = {:.0} events/s",
        fan.as_secs_f64(),
        n as f64 / fan.as_secs_f64()
    );
    let sent = work_until(
        &ctx,
        jobs::WEBHOOKS,
        16,
        || received.load(Ordering::Relaxed),
        n,
    )
    .await?;
    println!(
        "webhooks: deliver {n} signed messages to a local receiver in {:.2} s = {:.0} deliveries/s (16 at once)",
        sent.as_secs_f64(),
        n as f64 / sent.as_secs_f64()
    );
    Ok(())
}
