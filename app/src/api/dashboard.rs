//! The home dashboard's figures.

use leptos::prelude::*;
use types::dto::dashboard::Dashboard;
use types::error::AppError;

#[cfg(feature = "ssr")]
use super::server::{actor, ctx, done};

#[server(prefix = "/api", endpoint = "get_dashboard")]
pub async fn get_dashboard() -> Result<Dashboard, AppError> {
    done(core_svc::services::dashboard::dashboard(&ctx()?, &actor()?).await)
}
