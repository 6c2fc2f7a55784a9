//! Bad input loses nothing, even without JavaScript. A plain form post that a server function
//! rejects is redirected back to its page with only the error in the URL (server_fn's
//! form-redirects). This layer keeps what was typed: it stashes the posted fields in the
//! session, and hands them to the next render of that page, once, so the form fields show
//! them again next to their errors. Passwords are never kept.

use app::api::server::FormEcho;
use axum::{
    body::{Body, to_bytes},
    extract::Request,
    http::{Method, StatusCode, Uri, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::sync::Arc;
use tower_sessions::Session;

/// server_fn marks its error responses with this header.
const SERVER_FN_ERROR: &str = "serverfnerror";
/// The most a form post may carry (the server's body limit).
const MAX_FORM_BODY: usize = super::security::MAX_BODY;

fn header_has(req: &Request, name: header::HeaderName, needle: &str) -> bool {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains(needle))
}

/// A browser's own form submission to a server function (not a fetch from the hydrated UI).
fn is_plain_form_post(req: &Request) -> bool {
    req.method() == Method::POST
        && req.uri().path().starts_with("/api/")
        && header_has(req, header::ACCEPT, "text/html")
        && header_has(
            req,
            header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
}

/// The fields worth showing again: everything but secrets and server_fn's own markers.
fn kept_fields(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body)
        .filter(|(k, _)| !k.contains("password") && !k.starts_with("__"))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The path a redirect goes back to.
fn redirect_path(res: &Response) -> Option<String> {
    let location = res.headers().get(header::LOCATION)?.to_str().ok()?;
    Some(location.parse::<Uri>().ok()?.path().to_owned())
}

pub async fn keep(session: Session, req: Request, next: Next) -> Response {
    if is_plain_form_post(&req) {
        let (parts, body) = req.into_parts();
        let Ok(bytes) = to_bytes(body, MAX_FORM_BODY).await else {
            return StatusCode::PAYLOAD_TOO_LARGE.into_response();
        };
        let fields = kept_fields(&bytes);
        let res = next
            .run(Request::from_parts(parts, Body::from(bytes)))
            .await;
        let failed = res.status().is_redirection() && res.headers().contains_key(SERVER_FN_ERROR);
        if let (true, Some(path)) = (failed, redirect_path(&res)) {
            // Losing the echo only costs the retyping it exists to save; never fail the post.
            if let Err(e) = session
                .insert(FormEcho::KEY, FormEcho { path, fields })
                .await
            {
                tracing::warn!(error = %e, "could not keep a failed form's values");
            }
        }
        return res;
    }
    let mut req = req;
    if req.method() == Method::GET {
        let pending = session.get::<FormEcho>(FormEcho::KEY).await.ok().flatten();
        if let Some(echo) = pending.filter(|e| e.path == req.uri().path()) {
            // Shown once: a reload shows the saved record again.
            let _ = session.remove_value(FormEcho::KEY).await;
            req.extensions_mut().insert(Arc::new(echo));
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_fields_but_not_passwords_or_markers() {
        let body = b"input%5Bname%5D=Hooli&input%5Bwebsite%5D=not+a+site&password=x&new_password=y&__path=z";
        assert_eq!(
            kept_fields(body),
            vec![
                ("input[name]".to_owned(), "Hooli".to_owned()),
                ("input[website]".to_owned(), "not a site".to_owned()),
            ]
        );
    }
}
