//! What the adapter tests share: the real router over a given context.

#![allow(dead_code)]

pub mod document;

use app::api::server::WebConfig;
use axum::Router;
use core_svc::Ctx;
use server::rest::limits::Limits;
use server::state::{AppState, SessionLifetimes};
use server::{config::Config, router, serve};
use std::time::Duration;

/// The server's router on `ctx`, with sessions that idle out after `idle` and end after
/// `absolute`.
pub fn router(ctx: Ctx, idle: Duration, absolute: Duration) -> Router {
    router_with(ctx, idle, absolute, Limits::default())
}

/// [`router`] with the REST API's rate limits.
pub fn router_with(ctx: Ctx, idle: Duration, absolute: Duration, limits: Limits) -> Router {
    let mut config = Config::from_env().expect("config");
    config.site_root = "target/site".into();
    let mut state = AppState::new(
        serve::leptos_options(&config),
        ctx,
        WebConfig::default(),
        0,
        SessionLifetimes { idle, absolute },
    );
    state.api_limits = std::sync::Arc::new(limits);
    router::build(state)
}
