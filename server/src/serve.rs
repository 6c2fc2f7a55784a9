//! `nextcrm serve`: connect, migrate, start the job worker (unless turned off), serve until a
//! signal arrives, then stop the worker gracefully. `nextcrm worker` runs the worker alone.

use crate::state::{AppState, SessionLifetimes};
use crate::{config::Config, database, router};
use anyhow::Context;
use app::api::server::WebConfig;
use core_svc::Ctx;
use core_svc::jobs::{self, worker};
use leptos::config::LeptosOptions;
use std::net::SocketAddr;
use tokio::sync::watch;

pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("nextcrm")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.site_addr)
        .build()
}

pub async fn run(config: Config) -> anyhow::Result<()> {
    let ctx = database::context(&config)
        .await?
        .with_ai(crate::engine::open(&config).await);
    let mut state = AppState::new(
        leptos_options(&config),
        ctx.clone(),
        WebConfig {
            secure_cookies: config.secure_cookies,
        },
        config.proxy_hops,
        SessionLifetimes {
            idle: config.session_idle,
            absolute: config.session_absolute,
        },
    );
    state.api_limits = std::sync::Arc::new(crate::rest::limits::Limits::per_minute(
        config.api_rate_per_ip,
        config.api_rate_per_key,
    ));
    let app = router::build(state);
    let (stop, stopped) = watch::channel(false);
    let worker = config
        .run_jobs
        .then(|| tokio::spawn(start_worker(ctx.clone(), config.job_concurrency, stopped)));

    let listener = tokio::net::TcpListener::bind(config.site_addr)
        .await
        .with_context(|| format!("cannot listen on {}", config.site_addr))?;
    tracing::info!("listening on http://{}", config.site_addr);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("server error")?;
    // In-flight requests are done; let the worker finish or give back its jobs.
    let _ = stop.send(true);
    if let Some(worker) = worker {
        worker.await.context("the job worker panicked")??;
    }
    Ok(())
}

/// Schedules the built-in recurring jobs and works the queues until `stop`.
async fn start_worker(
    ctx: Ctx,
    concurrency: usize,
    stop: watch::Receiver<bool>,
) -> anyhow::Result<()> {
    jobs::schedule_builtin(&ctx)
        .await
        .context("cannot schedule the recurring jobs")?;
    let mut settings = worker::Settings::for_db(&ctx, vec![jobs::DEFAULT, jobs::EVENTS]);
    settings.concurrency = concurrency;
    // Webhook deliveries mostly wait on other servers: they get a worker of their own, so a
    // slow receiver never holds up the other jobs.
    let mut deliveries = worker::Settings::for_db(&ctx, vec![jobs::WEBHOOKS]);
    deliveries.concurrency = concurrency.saturating_mul(2);
    // Indexing is CPU work for the model: a worker of its own, as many jobs at once as
    // there are cores, and only where the engine is (the queue waits for such a process).
    if let Some(engine) = ctx.ai.engine()
        && let Err(error) = core_svc::semantic::index::ensure_built(&ctx, engine).await
    {
        // The store may come up later; the next start checks again.
        tracing::warn!(%error, "cannot check whether the index for search by meaning is complete");
    }
    let indexing = ctx.ai.engine().is_some().then(|| {
        let mut settings = worker::Settings::for_db(&ctx, vec![jobs::INDEX]);
        settings.concurrency = std::thread::available_parallelism().map_or(2, |n| n.get());
        worker::Worker::new(ctx.clone(), jobs::handlers(), settings)
    });
    tracing::info!(
        worker = %settings.id,
        webhooks = %deliveries.id,
        indexing = indexing.is_some(),
        "job workers started"
    );
    let webhooks = worker::Worker::new(ctx.clone(), jobs::handlers(), deliveries);
    let others = worker::Worker::new(ctx, jobs::handlers(), settings);
    let indexing = async {
        match indexing {
            Some(worker) => worker.run(stop.clone()).await,
            None => Ok(()),
        }
    };
    let (others, webhooks, indexing) = tokio::join!(
        others.run(stop.clone()),
        webhooks.run(stop.clone()),
        indexing
    );
    others.context("the job worker stopped")?;
    webhooks.context("the webhook worker stopped")?;
    indexing.context("the indexing worker stopped")
}

/// `nextcrm worker`: only the job worker, until Ctrl-C or SIGTERM; for nodes that run jobs
/// beside (or instead of) serving.
pub async fn run_worker(config: Config) -> anyhow::Result<()> {
    let ctx = database::context(&config)
        .await?
        .with_ai(crate::engine::open(&config).await);
    let (stop, stopped) = watch::channel(false);
    let worker = tokio::spawn(start_worker(ctx, config.job_concurrency, stopped));
    shutdown_signal().await;
    let _ = stop.send(true);
    worker.await.context("the job worker panicked")?
}

/// Resolves on Ctrl-C or SIGTERM; in-flight requests then finish before the process exits.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
