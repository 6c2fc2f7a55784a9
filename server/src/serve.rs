//! `nextcrm serve`: connect, migrate, start background upkeep, serve until a signal arrives.

use crate::{cli, config::Config, router, state::AppState};
use anyhow::Context;
use app::api::server::WebConfig;
use core_svc::{Config as CoreConfig, Ctx, session_store::DbSessionStore};
use leptos::config::LeptosOptions;
use std::net::SocketAddr;
use std::time::Duration;
use tower_sessions::session_store::ExpiredDeletion;

pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("nextcrm")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.site_addr)
        .build()
}

pub async fn run(config: Config) -> anyhow::Result<()> {
    let db = cli::connect(&config).await?;
    let ctx = Ctx::new(db, CoreConfig::default());
    let state = AppState::new(
        leptos_options(&config),
        ctx.clone(),
        WebConfig {
            secure_cookies: config.secure_cookies,
        },
        config.trust_proxy,
        config.session_absolute,
    );
    let app = router::build(
        state,
        router::SessionSettings {
            idle: config.session_idle,
            secure: config.secure_cookies,
        },
    );
    tokio::spawn(upkeep(ctx));

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
    .context("server error")
}

/// Hourly: drop expired sessions and old sign-in attempts.
async fn upkeep(ctx: Ctx) {
    let store = DbSessionStore::new(ctx.db.clone());
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        if let Err(e) = store.delete_expired().await {
            tracing::warn!(error = %e, "could not delete expired sessions");
        }
        if let Err(e) = core_svc::services::auth::prune_login_attempts(&ctx).await {
            tracing::warn!(error = %e, "could not prune sign-in attempts");
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM; in-flight requests then finish before the process exits.
async fn shutdown_signal() {
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
