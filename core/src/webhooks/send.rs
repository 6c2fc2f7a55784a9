//! One attempt to deliver a message: a signed POST with a short timeout through the guarded
//! client, and what came of it.

use super::guard::{self, Refused, Resolver};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// How long a receiver has to answer. Standard Webhooks asks receivers to answer at once and
/// work later.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Redirects followed, each checked by the guard.
const REDIRECTS: usize = 3;

/// What one attempt came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    /// The answer's status, if one came.
    pub status: Option<u16>,
    pub duration_ms: i32,
    /// Why it failed (a message key); `None` for a 2xx answer.
    pub error: Option<&'static str>,
}

/// The client for `allow_private`, made once: it keeps connections to receivers alive.
fn client(allow_private: bool) -> Result<&'static reqwest::Client, &'static str> {
    static GUARDED: OnceLock<Option<reqwest::Client>> = OnceLock::new();
    static OPEN: OnceLock<Option<reqwest::Client>> = OnceLock::new();
    let cell = if allow_private { &OPEN } else { &GUARDED };
    cell.get_or_init(|| {
        let redirects = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() >= REDIRECTS {
                attempt.error("webhooks-too-many-redirects")
            } else if guard::check_url(attempt.url().as_str(), allow_private).is_err() {
                attempt.error(Refused)
            } else {
                attempt.follow()
            }
        });
        reqwest::Client::builder()
            .timeout(TIMEOUT)
            .connect_timeout(Duration::from_secs(5))
            .redirect(redirects)
            .dns_resolver(std::sync::Arc::new(Resolver { allow_private }))
            .user_agent(concat!("NextCRM-Webhooks/", env!("CARGO_PKG_VERSION")))
            .build()
            .inspect_err(|e| tracing::error!(error = %e, "the webhook client cannot start"))
            .ok()
    })
    .as_ref()
    .ok_or("webhooks-client")
}

/// Whether the error, or one it came from, is the guard's refusal.
fn refused(e: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        if err.is::<Refused>() || err.to_string() == guard::PRIVATE {
            return true;
        }
        source = err.source();
    }
    false
}

/// POSTs `body` to `url` with `headers`.
pub async fn post(
    url: &str,
    headers: &[(&str, String)],
    body: String,
    allow_private: bool,
) -> Attempt {
    let started = Instant::now();
    let elapsed = || i32::try_from(started.elapsed().as_millis()).unwrap_or(i32::MAX);
    let failed = |error| Attempt {
        status: None,
        duration_ms: elapsed(),
        error: Some(error),
    };
    let target = match guard::check_url(url, allow_private) {
        Ok(u) => u,
        Err(key) => return failed(key),
    };
    let client = match client(allow_private) {
        Ok(c) => c,
        Err(key) => return failed(key),
    };
    let mut request = client
        .post(target)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body);
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    match request.send().await {
        Ok(res) => {
            let status = res.status();
            Attempt {
                status: Some(status.as_u16()),
                duration_ms: elapsed(),
                error: (!status.is_success()).then_some(if status.is_redirection() {
                    "webhooks-redirect"
                } else {
                    "webhooks-status"
                }),
            }
        }
        Err(e) if refused(&e) => failed(guard::PRIVATE),
        Err(e) if e.is_timeout() => failed("webhooks-timeout"),
        Err(e) if e.is_connect() => failed("webhooks-connect"),
        Err(e) => {
            tracing::info!(error = %e, "webhook attempt failed");
            failed("webhooks-failed")
        }
    }
}
