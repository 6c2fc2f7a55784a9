//! Resolves who is asking (session → active user), their language and theme, and the client
//! address; then sends page requests where they belong: /setup before the first admin exists,
//! /login when signed out, away from /login when signed in.

use crate::state::AppState;
use app::api::server::{AUTH_AT_KEY, ClientIp};
use app::routes::auth_pages::safe_next;
use axum::{
    extract::{ConnectInfo, Request, State},
    http::{HeaderMap, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use core_svc::signed_in::SignedIn;
use core_svc::{services::auth, session_store::USER_ID_KEY};
use std::net::SocketAddr;
use time::OffsetDateTime;
use tower_sessions::Session;
use types::dto::auth::{SessionUser, Viewer};
use types::ids::UserId;
use types::lang::{Lang, Theme};

/// Session key: when the session was last refreshed (unix seconds).
const SEEN_AT_KEY: &str = "seen_at";
/// Refresh the idle expiry at most this often, so a busy user costs one write a minute.
const REFRESH_EVERY_SECS: i64 = 60;

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn language(user: Option<&SessionUser>, headers: &HeaderMap) -> Lang {
    user.map(|u| u.lang)
        .or_else(|| cookie(headers, "lang").and_then(Lang::from_tag))
        .or_else(|| accepted_language(headers))
        .unwrap_or_default()
}

/// The supported language the request's `Accept-Language` prefers, if any.
pub fn accepted_language(headers: &HeaderMap) -> Option<Lang> {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Lang::negotiate)
}

fn theme(user: Option<&SessionUser>, headers: &HeaderMap) -> Theme {
    user.map(|u| u.theme)
        .or_else(|| cookie(headers, "theme").and_then(Theme::from_code))
        .unwrap_or_default()
}

/// The client's address. Behind `hops` trusted proxies it is the `X-Forwarded-For` entry the
/// outermost of them appended: each proxy appends the address it was reached from, so the
/// entries to its left are whatever the client sent and prove nothing.
pub fn client_ip(req: &Request, hops: usize) -> Option<String> {
    let peer = || {
        req.extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip().to_string())
    };
    if hops == 0 {
        return peer();
    }
    let entries: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect();
    // Fewer entries than proxies: the request skipped one; its leftmost is still ours.
    let at = entries.len().saturating_sub(hops);
    entries
        .get(at)
        .and_then(|e| e.parse::<std::net::IpAddr>().ok())
        .map(|ip| ip.to_string())
        .or_else(peer)
}

/// Paths rendered by the app, as opposed to assets, probes and the API.
fn is_page(path: &str) -> bool {
    !(path.starts_with("/api/")
        || path.starts_with("/pkg/")
        || path == "/healthz"
        || path == "/readyz"
        || path
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('.')))
}

/// The session store or database failed: answer 503, never "signed out".
struct Unavailable;

impl Unavailable {
    /// A page request gets a small page in the reader's language (nothing here may touch the
    /// database); anything else a plain 503.
    fn respond(self, page: bool, headers: &HeaderMap) -> Response {
        if !page {
            return (StatusCode::SERVICE_UNAVAILABLE, "service unavailable").into_response();
        }
        let lang = language(None, headers);
        let tr = |key| app::i18n::tr(lang, key);
        let html = format!(
            "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{title}</title><link rel=\"stylesheet\" href=\"/pkg/nextcrm.css\"></head>\
             <body><main class=\"not-found\"><h1>{title}</h1><p role=\"alert\">{body}</p>\
             <a class=\"button\" href=\"\">{retry}</a></main></body></html>",
            lang.code(),
            title = tr("error-page-title"),
            body = tr("error-unavailable-server"),
            retry = tr("error-page-retry"),
        );
        let mut res = (StatusCode::SERVICE_UNAVAILABLE, axum::response::Html(html)).into_response();
        res.headers_mut().insert(
            header::RETRY_AFTER,
            axum::http::HeaderValue::from_static("5"),
        );
        res
    }
}

fn unavailable(e: impl std::fmt::Display) -> Unavailable {
    tracing::error!(error = %e, "cannot resolve the session");
    Unavailable
}

/// Seconds in `d`, saturating.
fn secs(d: std::time::Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}

/// The session's user, ending the session if it is past its absolute lifetime or the user
/// was deactivated. Store and database failures are errors, never "signed out". A session
/// read lately is answered from what this node kept of it ([`core_svc::signed_in`]), never
/// past its idle or absolute expiry, until its idle expiry is due to be pushed back.
async fn session_user(
    state: &AppState,
    session: &Session,
) -> Result<Option<SessionUser>, Unavailable> {
    // The wall clock, as sign-in stamps the session with (`sign_in`).
    let at = OffsetDateTime::now_utc();
    let now = at.unix_timestamp();
    let cookie_id = session.id().map(|id| id.to_string());
    if let Some(seen) = cookie_id
        .as_deref()
        .and_then(|id| state.ctx.sessions.get(id, at))
        && now - seen.seen_at < REFRESH_EVERY_SECS
    {
        return Ok(Some(seen.user));
    }
    let Some(id) = session
        .get::<UserId>(USER_ID_KEY)
        .await
        .map_err(unavailable)?
    else {
        return Ok(None);
    };
    let auth_at: i64 = session
        .get(AUTH_AT_KEY)
        .await
        .map_err(unavailable)?
        .unwrap_or(0);
    let absolute = secs(state.sessions.absolute);
    let user = if now.saturating_sub(auth_at) > absolute {
        None
    } else {
        auth::session_user(&state.ctx, id)
            .await
            .map_err(unavailable)?
    };
    let Some(user) = user else {
        session.flush().await.map_err(unavailable)?;
        return Ok(None);
    };
    let mut seen_at: i64 = session
        .get(SEEN_AT_KEY)
        .await
        .map_err(unavailable)?
        .unwrap_or(0);
    if now - seen_at >= REFRESH_EVERY_SECS {
        session
            .insert(SEEN_AT_KEY, now)
            .await
            .map_err(unavailable)?;
        seen_at = now;
    }
    if let Some(key) = session.id() {
        // Kept no longer than the session itself could last without another read.
        let ends = auth_at
            .saturating_add(absolute)
            .min(seen_at.saturating_add(secs(state.sessions.idle)));
        let ends = OffsetDateTime::from_unix_timestamp(ends).unwrap_or(at);
        let seen = SignedIn {
            user: user.clone(),
            auth_at,
            seen_at,
        };
        state.ctx.sessions.put(key.to_string(), seen, at, ends);
    }
    Ok(Some(user))
}

/// Where a page request must go instead, if anywhere.
fn redirect_for(
    path: &str,
    query: Option<&str>,
    setup_needed: bool,
    signed_in: bool,
) -> Option<String> {
    let public = path == "/login" || path.starts_with("/invite/");
    if setup_needed {
        return (path != "/setup").then(|| "/setup".to_owned());
    }
    if path == "/setup" {
        return Some("/".to_owned());
    }
    if !signed_in && !public {
        let target = match query {
            Some(q) => format!("{path}?{q}"),
            None => path.to_owned(),
        };
        let next = if target == "/" {
            String::new()
        } else {
            format!("?next={}", encode_query_value(&target))
        };
        return Some(format!("/login{next}"));
    }
    if signed_in && public {
        let next = query
            .and_then(|q| q.split('&').find_map(|p| p.strip_prefix("next=")))
            .map(decode_query_value);
        return Some(safe_next(next));
    }
    None
}

fn encode_query_value(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn decode_query_value(v: &str) -> String {
    let bytes = v.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub async fn resolve(
    State(state): State<AppState>,
    session: Session,
    mut req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path().to_owned();
    let page = is_page(&path);
    if !page && !path.starts_with("/api/") {
        return next.run(req).await;
    }
    let user = match session_user(&state, &session).await {
        Ok(user) => user,
        Err(unavailable) => return unavailable.respond(page, req.headers()),
    };
    let viewer = Viewer {
        lang: language(user.as_ref(), req.headers()),
        theme: theme(user.as_ref(), req.headers()),
        user,
    };
    if page && matches!(*req.method(), Method::GET | Method::HEAD) {
        let setup_needed = match state.setup_needed().await {
            Ok(needed) => needed,
            Err(e) => return unavailable(e).respond(page, req.headers()),
        };
        if let Some(to) = redirect_for(
            &path,
            req.uri().query(),
            setup_needed,
            viewer.user.is_some(),
        ) {
            return Redirect::to(&to).into_response();
        }
    }
    let ip = client_ip(&req, state.proxy_hops);
    let signed_in = viewer.user.is_some();
    req.extensions_mut().insert(ClientIp(ip));
    req.extensions_mut().insert(viewer);
    let mut res = next.run(req).await;
    if signed_in {
        // Nothing a signed-in user was shown may outlive the session in a cache: not the
        // browser's, not the back/forward cache's, not a proxy's.
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-store"),
        );
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_redirects() {
        /// (path, query, setup needed, signed in, expected redirect)
        type Case = (
            &'static str,
            Option<&'static str>,
            bool,
            bool,
            Option<&'static str>,
        );
        let cases: [Case; 12] = [
            ("/", None, true, false, Some("/setup")),
            ("/setup", None, true, false, None),
            ("/setup", None, false, false, Some("/")),
            ("/", None, false, false, Some("/login")),
            (
                "/admin/users",
                Some("page=2"),
                false,
                false,
                Some("/login?next=/admin/users%3Fpage%3D2"),
            ),
            ("/login", None, false, false, None),
            ("/invite/abc", None, false, false, None),
            (
                "/login",
                Some("next=/admin/users%3Fpage%3D2"),
                false,
                true,
                Some("/admin/users?page=2"),
            ),
            (
                "/login",
                Some("next=//evil.example"),
                false,
                true,
                Some("/"),
            ),
            ("/profile", None, false, true, None),
            (
                "/login",
                Some("next=/%09/evil.example"),
                false,
                true,
                Some("/"),
            ),
            (
                "/login",
                Some("next=/x%0D%0ASet-Cookie:%20a=b"),
                false,
                true,
                Some("/"),
            ),
        ];
        for (path, query, setup, signed_in, want) in cases {
            assert_eq!(
                redirect_for(path, query, setup, signed_in).as_deref(),
                want,
                "{path}?{query:?}"
            );
        }
    }

    #[test]
    fn language_prefers_user_then_cookie_then_header() {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_LANGUAGE,
            "fr-CA,fr;q=0.9".parse().expect("header"),
        );
        assert_eq!(language(None, &h), Lang::Fr);
        h.insert(header::COOKIE, "a=1; lang=ja".parse().expect("header"));
        assert_eq!(language(None, &h), Lang::Ja);
        assert_eq!(language(None, &HeaderMap::new()), Lang::En);
    }

    #[test]
    fn the_client_address_is_what_the_trusted_proxy_saw() {
        let req = |xff: &[&str]| {
            let mut b = Request::builder().uri("/");
            for v in xff {
                b = b.header("x-forwarded-for", *v);
            }
            let mut r = b.body(axum::body::Body::empty()).expect("request");
            r.extensions_mut()
                .insert(ConnectInfo(SocketAddr::from(([10, 0, 0, 1], 4000))));
            r
        };
        // A client claiming to be 1.1.1.1 behind one proxy is the address that proxy saw.
        let spoofed = req(&["1.1.1.1, 203.0.113.7"]);
        assert_eq!(client_ip(&spoofed, 1).as_deref(), Some("203.0.113.7"));
        assert_eq!(client_ip(&spoofed, 2).as_deref(), Some("1.1.1.1"));
        assert_eq!(client_ip(&spoofed, 0).as_deref(), Some("10.0.0.1"));
        // Several headers are one list, in order.
        let split = req(&["1.1.1.1", "198.51.100.2, 203.0.113.7"]);
        assert_eq!(client_ip(&split, 2).as_deref(), Some("198.51.100.2"));
        // No header, or garbage where the address should be: the peer.
        assert_eq!(client_ip(&req(&[]), 1).as_deref(), Some("10.0.0.1"));
        assert_eq!(
            client_ip(&req(&["1.1.1.1, nonsense"]), 1).as_deref(),
            Some("10.0.0.1")
        );
    }

    #[test]
    fn assets_are_not_pages() {
        assert!(is_page("/"));
        assert!(is_page("/admin/users"));
        assert!(!is_page("/pkg/nextcrm.js"));
        assert!(!is_page("/favicon.ico"));
        assert!(!is_page("/api/login"));
        assert!(!is_page("/healthz"));
    }
}
