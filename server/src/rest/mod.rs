//! The REST API under `/api/v1` (docs/API.md): JSON over the same core services as the UI,
//! with the same permissions. A handler authenticates (the bearer key, [`auth`]), decodes
//! ([`body`], [`lists`]), calls one service and maps the result; every error has one shape
//! ([`error`]). A POST or PATCH may carry an `Idempotency-Key` ([`idempotent`]); request
//! rates are limited per client address and per key ([`limits`]).

mod actions;
mod auth;
mod body;
mod duplicates;
pub mod error;
mod idempotent;
pub mod limits;
mod lists;
pub mod openapi;
mod parts;
mod records;
pub mod reference;
mod search;
mod users;
mod webhooks;

use crate::state::AppState;
use axum::{
    Extension, Json, Router,
    extract::DefaultBodyLimit,
    http::{HeaderValue, StatusCode, header},
    middleware::{from_fn, from_fn_with_state},
    response::{IntoResponse, Response},
};
use openapi::{Api, Op, Verb};
use std::sync::Arc;
use tower_http::set_header::SetResponseHeaderLayer;
use types::dto::api_keys::ApiIdentity;

/// The largest JSON body the API reads; beyond it a request gets 413.
pub const MAX_BODY: usize = 1024 * 1024;

/// The API's routes with the document that describes them.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let api = Api::default().add(
        Verb::Get,
        "/me",
        me,
        Op::new("me", "me", "Who the key acts as")
            .returns::<ApiIdentity>(StatusCode::OK, "The key's user, role and scope"),
    );
    let api = records::routes(api);
    let api = parts::routes(api);
    let api = actions::routes(api);
    let api = users::routes(api);
    let api = search::routes(api);
    let api = duplicates::routes(api);
    webhooks::routes(api).finish()
}

/// The API's routes, to nest at `/api/v1`.
pub fn router(state: AppState, routes: Router<AppState>) -> Router<AppState> {
    routes
        .fallback(error::no_route)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(from_fn_with_state(state.clone(), idempotent::replay_or_run))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(from_fn_with_state(state.clone(), limits::per_key))
        .layer(from_fn_with_state(state.clone(), auth::require_key))
        .layer(from_fn_with_state(state, limits::per_ip))
        .layer(from_fn(error::render))
}

/// The key's user, role and scope.
async fn me(Extension(caller): Extension<auth::Caller>) -> Json<ApiIdentity> {
    Json(caller.identity)
}

/// The document as served at `/api/v1/openapi.json`, rendered once.
#[derive(Clone)]
pub struct Document(pub Arc<str>);

/// `GET /api/v1/openapi.json`: public, like the docs page, so tools can read it without a key.
pub async fn document(Extension(doc): Extension<Document>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        doc.0.to_string(),
    )
        .into_response()
}
