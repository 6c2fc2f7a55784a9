//! `GET /search`: the global search over every kind the UI's search box covers, by the words
//! typed, by meaning, or both fused (the default), exactly as the box answers.

use super::auth::Caller;
use super::error::ApiError;
use super::lists;
use super::openapi::{self, Api, Op, Verb};
use crate::state::AppState;
use axum::{
    Extension, Json,
    extract::{RawQuery, State},
    http::StatusCode,
};
use core_svc::services::search;
use serde::Serialize;
use types::dto::search::SearchHit;

pub fn routes(api: Api) -> Api {
    api.add(
        Verb::Get,
        "/search",
        find,
        Op::new(
            "search",
            "search",
            "Search accounts, contacts, leads, deals, contracts and tasks",
        )
        .query(
            "q",
            "What to look for (at most 200 characters)",
            openapi::text(),
        )
        .query(
            "mode",
            "`keyword` (the words typed, typos forgiven), `semantic` (by meaning) or `hybrid` \
             (both, fused by reciprocal rank; the default)",
            openapi::one_of_words(&["keyword", "semantic", "hybrid"]),
        )
        .returns::<Found>(StatusCode::OK, "At most 20 records, best first"),
    )
}

/// What a search found.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Found {
    /// Best first.
    data: Vec<SearchHit>,
    /// Why matching by meaning took no part although the mode asked for it: search by
    /// meaning is off on the server (`ai-off-…`) or out of reach (`ai-unavailable`). The
    /// words were still matched (in `hybrid`).
    meaning_off: Option<String>,
}

async fn find(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Found>, ApiError> {
    let (text, mode) = lists::read_find(raw.as_deref())?;
    let found = search::find(&state.ctx, &caller.actor, &text, mode)
        .await
        .map_err(|e| lists::in_query(e.into(), &[]))?;
    Ok(Json(Found {
        data: found.hits,
        meaning_off: found.meaning_off,
    }))
}
