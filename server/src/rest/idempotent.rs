//! `Idempotency-Key` on POST and PATCH: the first request runs and its successful answer is
//! kept for a day (`core::services::idempotency`); a retry gets it again, marked
//! `Idempotent-Replayed: true`. An error is not kept, so a retry after one runs again.

use super::MAX_BODY;
use super::auth::Caller;
use super::error::ApiError;
use crate::state::AppState;
use axum::{
    body::{Body, to_bytes},
    extract::{Request, State},
    http::{HeaderName, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use core_svc::services::idempotency::{self, Claim, Stored};

const KEY: HeaderName = HeaderName::from_static("idempotency-key");
const REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");
/// The largest answer kept: a record and its fields.
const MAX_ANSWER: usize = 4 * 1024 * 1024;

pub async fn replay_or_run(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::POST | Method::PATCH) {
        return next.run(req).await;
    }
    let Some(key) = req.headers().get(KEY).cloned() else {
        return next.run(req).await;
    };
    let Some(user) = req.extensions().get::<Caller>().map(|c| c.actor.user_id) else {
        return ApiError::bad_key().into_response();
    };
    let Ok(key) = key.to_str().map(str::to_owned) else {
        return bad_key_header();
    };
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return ApiError::too_large().into_response();
    };
    let target = parts.uri.path_and_query().map_or("", |p| p.as_str());
    let fingerprint = idempotency::fingerprint(parts.method.as_str(), target, &bytes);
    let id = match idempotency::claim(&state.ctx, user, &key, &fingerprint).await {
        Ok(Claim::Run(id)) => id,
        Ok(Claim::Replay(stored)) => return replay(stored),
        Err(core_svc::CoreError::Rejected("api-idempotency-key")) => return bad_key_header(),
        Err(e) => return ApiError::from(e).into_response(),
    };
    let res = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if !res.status().is_success() {
        if let Err(e) = idempotency::release(&state.ctx, id).await {
            tracing::error!(error = %e, "cannot release an idempotency key");
        }
        return res;
    }
    let (parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ANSWER).await else {
        return ApiError::from(core_svc::CoreError::Internal(
            "answer too large to keep".into(),
        ))
        .into_response();
    };
    let stored = Stored {
        status: parts.status.as_u16(),
        body: String::from_utf8_lossy(&bytes).into_owned(),
        location: parts
            .headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    };
    if let Err(e) = idempotency::keep(&state.ctx, id, stored).await {
        // The work is done: answer it, though a retry would now run it again.
        tracing::error!(error = %e, "cannot keep an idempotent answer");
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn bad_key_header() -> Response {
    ApiError::field(
        StatusCode::BAD_REQUEST,
        "api-idempotency-key",
        "Idempotency-Key",
    )
    .into_response()
}

fn replay(stored: Stored) -> Response {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let mut res = (status, stored.body).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(REPLAYED, HeaderValue::from_static("true"));
    if let Some(location) = stored.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        h.insert(header::LOCATION, location);
    }
    res
}
