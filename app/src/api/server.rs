//! What the server functions need from the request: the service context, the viewer the
//! middleware resolved, the session, and cookie writing.

use core_svc::{Actor, Ctx, Via, session_store};
use http::{HeaderValue, header::SET_COOKIE, request::Parts};
use leptos::prelude::*;
use tower_sessions::Session;
use types::dto::auth::{SessionUser, Viewer};
use types::error::AppError;

/// Server settings the UI layer needs, provided by the server binary.
#[derive(Clone, Debug, Default)]
pub struct WebConfig {
    /// Mark cookies `Secure` (the site is served over TLS).
    pub secure_cookies: bool,
}

/// The client address the server decided to trust (peer address or proxy header).
#[derive(Clone, Debug)]
pub struct ClientIp(pub Option<String>);

/// Session key: when the user signed in (unix seconds), for the absolute expiry.
pub const AUTH_AT_KEY: &str = "auth_at";

fn internal(detail: impl std::fmt::Display) -> AppError {
    core_svc::CoreError::Internal(detail.to_string()).into()
}

pub fn ctx() -> Result<Ctx, AppError> {
    use_context::<Ctx>().ok_or_else(|| internal("no Ctx in context"))
}

fn parts() -> Option<Parts> {
    use_context::<Parts>()
}

pub fn viewer() -> Viewer {
    parts()
        .and_then(|p| p.extensions.get::<Viewer>().cloned())
        .unwrap_or_default()
}

/// The signed-in user as an actor, or Unauthenticated.
pub fn actor() -> Result<Actor, AppError> {
    viewer()
        .user
        .map(|u| Actor {
            user_id: u.id,
            role: u.role,
            via: Via::Web,
        })
        .ok_or(AppError::Unauthenticated)
}

pub fn client_ip() -> Option<String> {
    parts().and_then(|p| p.extensions.get::<ClientIp>().and_then(|ip| ip.0.clone()))
}

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(internal)
}

/// Starts an authenticated session under a fresh id (no session fixation).
pub async fn sign_in(user: &SessionUser) -> Result<(), AppError> {
    let session = session().await?;
    session.cycle_id().await.map_err(internal)?;
    session
        .insert(session_store::USER_ID_KEY, user.id)
        .await
        .map_err(internal)?;
    session
        .insert(
            AUTH_AT_KEY,
            time::OffsetDateTime::now_utc().unix_timestamp(),
        )
        .await
        .map_err(internal)?;
    Ok(())
}

pub async fn sign_out() -> Result<(), AppError> {
    session().await?.flush().await.map_err(internal)
}

/// Sets a long-lived preference cookie (language, theme) readable by the server only.
pub fn set_pref_cookie(name: &str, value: &str) {
    let secure = use_context::<WebConfig>().is_some_and(|c| c.secure_cookies);
    let cookie = format!(
        "{name}={value}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{}",
        if secure { "; Secure" } else { "" }
    );
    if let (Some(res), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(&cookie),
    ) {
        res.append_header(SET_COOKIE, value);
    }
}

/// The id in a URL or form; one that does not parse names no record.
pub fn record_id<T: std::str::FromStr>(id: &str) -> Result<T, AppError> {
    id.parse().map_err(|_| AppError::NotFound)
}

/// A record of any kind named by its kind's code and id; an unknown kind or a malformed id
/// is simply not found.
pub fn record_ref(
    kind: &str,
    id: &str,
) -> Result<(types::dto::records::RecordKind, uuid::Uuid), AppError> {
    let kind = types::dto::records::RecordKind::from_code(kind).ok_or(AppError::NotFound)?;
    Ok((kind, record_id(id)?))
}

/// Where to go after a save: `back` when it is a path on this site, checked before the save
/// so a crafted value is a clear 400 and never a failure after the record was stored; empty
/// means the caller's default.
pub fn back_path(back: &str) -> Result<Option<String>, AppError> {
    if back.is_empty() {
        return Ok(None);
    }
    types::validate::local_path(back)
        .map(|p| Some(p.to_owned()))
        .ok_or(AppError::BadRequest)
}

/// What a plain (no-JS) form post sent when it failed, so the page it returns to can show the
/// typed values again next to their errors. The server keeps it in the session for exactly
/// one render of that page; passwords are never kept.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct FormEcho {
    /// The page the post came from and returns to.
    pub path: String,
    /// The posted (name, value) pairs, in order.
    pub fields: Vec<(String, String)>,
}

impl FormEcho {
    /// Session key of the pending echo.
    pub const KEY: &'static str = "form_echo";

    /// The first value posted under `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The echo of a failed no-JS post, when this render is the page it returned to.
pub fn form_echo() -> Option<std::sync::Arc<FormEcho>> {
    parts().and_then(|p| p.extensions.get::<std::sync::Arc<FormEcho>>().cloned())
}

/// Maps a core result to the client-facing error.
pub fn done<T>(r: Result<T, core_svc::CoreError>) -> Result<T, AppError> {
    r.map_err(AppError::from)
}
