//! Global search across the records the viewer may see.

use leptos::prelude::*;
use types::dto::search::SearchResults;
use types::error::AppError;

#[cfg(feature = "ssr")]
use super::server::{actor, ctx, done};

/// By the words typed and by meaning, fused; only by meaning when `by_meaning`.
#[server(prefix = "/api", endpoint = "search")]
pub async fn search(q: String, by_meaning: bool) -> Result<SearchResults, AppError> {
    use types::dto::search::SearchMode;
    let mode = if by_meaning {
        SearchMode::Semantic
    } else {
        SearchMode::Hybrid
    };
    done(core_svc::services::search::find(&ctx()?, &actor()?, &q, mode).await)
}

/// Search by meaning's state, for the admin page.
#[server(prefix = "/api", endpoint = "index_status")]
pub async fn load_index_status() -> Result<types::dto::search::IndexStatus, AppError> {
    done(core_svc::semantic::admin::status(&ctx()?, &actor()?).await)
}

/// Queues a rebuild of the index for search by meaning.
#[server(prefix = "/api", endpoint = "rebuild_index")]
pub async fn rebuild_index() -> Result<(), AppError> {
    done(core_svc::semantic::admin::rebuild(&ctx()?, &actor()?).await)
}

/// The records like one record ("find similar").
#[server(prefix = "/api", endpoint = "similar_records")]
pub async fn similar_records(
    kind: String,
    id: String,
) -> Result<types::dto::search::Similar, AppError> {
    let (kind, id) = super::server::record_ref(&kind, &id)?;
    done(core_svc::semantic::similar::similar(&ctx()?, &actor()?, kind, id).await)
}
