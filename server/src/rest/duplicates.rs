//! `GET /duplicates`: the review queue of likely duplicates of one kind (contacts, accounts
//! or leads), most likely first, with why each pair matched. A pair is listed only when the
//! key's user may see both records.

use super::auth::Caller;
use super::error::ApiError;
use super::lists;
use super::openapi::{self, Api, Op, Verb};
use super::records::Page;
use crate::state::AppState;
use axum::{
    Extension, Json,
    extract::{RawQuery, State},
};
use core_svc::duplicates::review;
use types::dto::duplicates::DuplicatePair;

pub fn routes(api: Api) -> Api {
    api.add(
        Verb::Get,
        "/duplicates",
        queue,
        Op::new(
            "listDuplicates",
            "duplicates",
            "Likely duplicates of one kind, most likely first",
        )
        .query(
            "kind",
            "The records compared (required)",
            openapi::one_of_words(&lists::DUPLICATE_KINDS),
        )
        .query(
            "min_confidence",
            "The lowest confidence listed, 0 to 100 (85 if left out: the likely duplicates)",
            openapi::percent(),
        )
        .paged()
        .returns_page::<DuplicatePair>(),
    )
}

async fn queue(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<DuplicatePair>>, ApiError> {
    let query = lists::read_duplicates(raw.as_deref())?;
    let page = review::queue(&state.ctx, &caller.actor, &query)
        .await
        .map_err(|e| lists::in_query(e.into(), &[]))?;
    Ok(Json(Page {
        data: page.pairs,
        next_cursor: page.next,
    }))
}
