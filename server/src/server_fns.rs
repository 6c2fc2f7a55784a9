//! Server-function responses. leptos_axum registers every server function and answers any
//! error with 500; this layer reads the error the body carries and gives it its real status
//! (422, 401, 403, 404, 429), so logs, proxies and API clients see what happened. A plain
//! (no-JS) form post that failed is already redirected back to its page by server_fn, with
//! the error in the URL for the page to render.

use axum::{
    body::{Body, to_bytes},
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use types::error::AppError;

/// server_fn marks its error responses with this header.
const SERVER_FN_ERROR: &str = "serverfnerror";
/// Server-function errors are small JSON documents; anything larger is not one of ours.
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn error_status(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    // A no-JS form post's error comes back as a redirect to the form; keep it.
    if !res.headers().contains_key(SERVER_FN_ERROR) || res.status().is_redirection() {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Response::from_parts(parts, Body::from(bytes))
}
