//! Likely duplicates of contacts, accounts and leads: the review queue, "not a duplicate",
//! and the check of a record being filled in.

use leptos::prelude::*;
use types::dto::duplicates::{Draft, DuplicatePage, DuplicateQuery, LikelyDuplicate};
use types::error::AppError;

#[cfg(feature = "ssr")]
use super::server::{actor, ctx, done, record_id, record_ref};

/// A page of the review queue.
#[server(prefix = "/api", endpoint = "duplicate_queue")]
pub async fn duplicate_queue(query: DuplicateQuery) -> Result<DuplicatePage, AppError> {
    done(core_svc::duplicates::review::queue(&ctx()?, &actor()?, &query).await)
}

/// Marks records `a` and `b` of `kind` "not a duplicate".
#[server(prefix = "/api", endpoint = "dismiss_duplicate")]
pub async fn dismiss_duplicate(kind: String, a: String, b: String) -> Result<(), AppError> {
    let (kind, a) = record_ref(&kind, &a)?;
    let b = record_id(&b)?;
    done(core_svc::duplicates::review::dismiss(&ctx()?, &actor()?, kind, a, b).await)
}

/// The records a new one of `kind` looks like.
#[server(prefix = "/api", endpoint = "check_duplicates")]
pub async fn check_duplicates(
    kind: String,
    draft: Draft,
) -> Result<Vec<LikelyDuplicate>, AppError> {
    let kind = types::dto::records::RecordKind::from_code(&kind).ok_or(AppError::NotFound)?;
    done(core_svc::duplicates::review::check(&ctx()?, &actor()?, kind, &draft).await)
}
