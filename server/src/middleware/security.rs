//! Security headers on every response, and a same-origin check on state-changing requests
//! (cross-site request forgery defence on top of SameSite cookies).

use axum::{
    extract::Request,
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// Adds the headers every response should carry. HTML pages set their own CSP (with the
/// script nonce); everything else gets a deny-all policy.
pub async fn headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let defaults = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
        (
            header::HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), payment=()",
        ),
        (
            header::HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; frame-ancestors 'none'",
        ),
    ];
    for (name, value) in defaults {
        if !h.contains_key(&name) {
            h.insert(name, HeaderValue::from_static(value));
        }
    }
    res
}

/// The largest request body accepted: forms and server-function calls are small.
pub const MAX_BODY: usize = 2 * 1024 * 1024;

/// Answers 413 for a body over [`MAX_BODY`], declared or streamed, before any handler reads
/// it, so an oversized post is a clear refusal and never a server error.
pub async fn body_limit(req: Request, next: Next) -> Response {
    if !is_state_changing(req.method()) {
        return next.run(req).await;
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY) {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    }
    let (parts, body) = req.into_parts();
    match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, axum::body::Body::from(bytes)))
                .await
        }
        Err(_) => StatusCode::PAYLOAD_TOO_LARGE.into_response(),
    }
}

/// POST, PUT, PATCH, DELETE and the like: what may change data.
pub fn is_state_changing(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The host part (`host[:port]`) of an Origin header value.
fn origin_host(origin: &str) -> Option<&str> {
    origin
        .split_once("://")
        .map(|(_, host)| host.trim_end_matches('/'))
}

/// Whether a state-changing request comes from our own pages.
/// Browsers always send Origin on cross-site POSTs; Sec-Fetch-Site covers the rest.
fn same_origin(headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if let Some(origin) = headers.get(header::ORIGIN) {
        return match (origin.to_str().ok().and_then(origin_host), host) {
            (Some(o), Some(h)) => o.eq_ignore_ascii_case(h),
            _ => false,
        };
    }
    !headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"cross-site")
}

pub async fn origin_check(req: Request, next: Next) -> Response {
    if is_state_changing(req.method()) && !same_origin(req.headers()) {
        tracing::warn!(method = %req.method(), path = %req.uri().path(), "cross-origin request refused");
        return (StatusCode::FORBIDDEN, "cross-origin request refused").into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn origin_rules() {
        let cases = [
            (
                vec![("host", "crm.example"), ("origin", "https://crm.example")],
                true,
            ),
            (
                vec![
                    ("host", "127.0.0.1:3000"),
                    ("origin", "http://127.0.0.1:3000"),
                ],
                true,
            ),
            (
                vec![("host", "crm.example"), ("origin", "https://evil.example")],
                false,
            ),
            (vec![("host", "crm.example"), ("origin", "null")], false),
            (
                vec![("host", "crm.example"), ("sec-fetch-site", "cross-site")],
                false,
            ),
            (
                vec![("host", "crm.example"), ("sec-fetch-site", "same-origin")],
                true,
            ),
            (vec![("host", "crm.example")], true),
        ];
        for (pairs, want) in cases {
            assert_eq!(same_origin(&headers(&pairs)), want, "{pairs:?}");
        }
    }
}
