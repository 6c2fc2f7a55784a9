//! Shared state handed to every handler and middleware.

use app::api::server::WebConfig;
use axum::extract::FromRef;
use core_svc::Ctx;
use leptos::config::LeptosOptions;
use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};
use std::time::Duration;

/// How long a session lasts.
#[derive(Clone, Copy, Debug)]
pub struct SessionLifetimes {
    /// Without a request.
    pub idle: Duration,
    /// From sign-in, however busy.
    pub absolute: Duration,
}

#[derive(Clone, Debug)]
pub struct AppState {
    /// Shared, not copied: every middleware's `State` clones the state per request.
    pub leptos: Arc<LeptosOptions>,
    pub ctx: Ctx,
    pub web: WebConfig,
    /// Trusted reverse proxies in front of the server (see `Config::proxy_hops`).
    pub proxy_hops: usize,
    pub sessions: SessionLifetimes,
    /// The REST API's request rate limits.
    pub api_limits: Arc<crate::rest::limits::Limits>,
    /// Becomes true once the first admin exists; it never goes back, so it is cached.
    setup_done: Arc<AtomicBool>,
}

impl AppState {
    pub fn new(
        leptos: LeptosOptions,
        ctx: Ctx,
        web: WebConfig,
        proxy_hops: usize,
        sessions: SessionLifetimes,
    ) -> Self {
        Self {
            leptos: Arc::new(leptos),
            ctx,
            web,
            proxy_hops,
            sessions,
            api_limits: Arc::default(),
            setup_done: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Whether first-run setup is still pending; asks the database until it is done.
    pub async fn setup_needed(&self) -> Result<bool, core_svc::CoreError> {
        if self.setup_done.load(Ordering::Relaxed) {
            return Ok(false);
        }
        let needed = core_svc::services::auth::setup_needed(&self.ctx).await?;
        if !needed {
            self.setup_done.store(true, Ordering::Relaxed);
        }
        Ok(needed)
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        (*state.leptos).clone()
    }
}
