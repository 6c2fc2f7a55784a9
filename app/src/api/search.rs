//! Global search across the records the viewer may see.

use leptos::prelude::*;
use types::dto::search::SearchHit;
use types::error::AppError;

#[cfg(feature = "ssr")]
use super::server::{actor, ctx, done};

#[server(prefix = "/api", endpoint = "search")]
pub async fn search(q: String) -> Result<Vec<SearchHit>, AppError> {
    done(core_svc::services::search::search(&ctx()?, &actor()?, &q).await)
}
