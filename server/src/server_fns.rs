//! The server-function endpoint. Besides calling the function it gives errors a real HTTP
//! status, and sends a plain (no-JS) form post that failed back to its page with the error in
//! the URL, where the page renders it next to the fields.

use crate::state::AppState;
use app::api::server::WebConfig;
use axum::{
    body::{Body, to_bytes},
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use base64::{Engine, engine::general_purpose::URL_SAFE};
use core_svc::Ctx;
use leptos::prelude::provide_context;
use types::error::AppError;

/// Server-function errors are small JSON documents; anything larger is not one of ours.
const MAX_ERROR_BODY: usize = 64 * 1024;

fn status_for(err: &AppError) -> StatusCode {
    match err {
        AppError::Validation { .. } | AppError::BadRequest | AppError::Rejected { .. } => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::Unauthenticated | AppError::InvalidCredentials => StatusCode::UNAUTHORIZED,
        AppError::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        AppError::Internal { .. } | AppError::Unavailable => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The path and query of a same-site Referer, without earlier error parameters.
fn back_to(referer: &str) -> Option<String> {
    let rest = referer.split_once("://").map_or(referer, |(_, r)| r);
    let path_start = rest.find('/')?;
    let local = &rest[path_start..];
    let (path, query) = local.split_once('?').unwrap_or((local, ""));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("__path=") && !p.starts_with("__err="))
        .collect();
    Some(if kept.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", kept.join("&"))
    })
}

pub async fn handle(State(state): State<AppState>, req: Request) -> Response {
    let headers = req.headers();
    let plain_form = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    let referer = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(back_to);
    let fn_path = req.uri().path().to_owned();
    let (ctx, web): (Ctx, WebConfig) = (state.ctx.clone(), state.web.clone());
    let res = leptos_axum::handle_server_fns_with_context(
        move || {
            provide_context(ctx.clone());
            provide_context(web.clone());
        },
        req,
    )
    .await
    .into_response();

    if res.status().is_success() || res.status().is_redirection() {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = status_for(&err);
    }
    match (plain_form, referer) {
        (true, Some(back)) => {
            let sep = if back.contains('?') { '&' } else { '?' };
            let location = format!(
                "{back}{sep}__path={fn_path}&__err={}",
                URL_SAFE.encode(&bytes)
            );
            Redirect::to(&location).into_response()
        }
        _ => {
            parts
                .headers
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            Response::from_parts(parts, Body::from(bytes))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::back_to;

    #[test]
    fn referer_becomes_a_local_path_without_old_errors() {
        let cases = [
            ("http://127.0.0.1:3000/login", Some("/login")),
            (
                "https://crm.example/login?next=/x&__path=/api/login&__err=e30",
                Some("/login?next=/x"),
            ),
            ("http://crm.example", None),
            ("/profile?__err=e30", Some("/profile")),
        ];
        for (input, want) in cases {
            assert_eq!(back_to(input).as_deref(), want, "{input}");
        }
    }
}
