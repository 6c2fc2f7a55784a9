//! Request rates per client address and per key, counted in fixed one-minute windows in this
//! process's memory: each node counts its own, so behind a load balancer a client may reach
//! the limit once per node. A fixed window states exactly what the IETF draft's headers say
//! (`RateLimit-Policy: "per-key";q=600;w=60` and `RateLimit: "per-key";r=599;t=42`); a refusal
//! is a 429 with `Retry-After`.

use super::auth::Caller;
use super::error::ApiError;
use crate::state::AppState;
use axum::{
    extract::{Request, State},
    http::{HeaderName, HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

const POLICY: HeaderName = HeaderName::from_static("ratelimit-policy");
const RATE: HeaderName = HeaderName::from_static("ratelimit");
/// Past this many counters, the ones whose window ended are dropped.
const PRUNE_AT: usize = 10_000;

/// The API's limits; `None` where a limit is off.
#[derive(Debug, Default)]
pub struct Limits {
    pub per_ip: Option<Limiter>,
    pub per_key: Option<Limiter>,
}

impl Limits {
    /// Requests per minute per client address and per key; 0 turns a limit off.
    pub fn per_minute(per_ip: u32, per_key: u32) -> Limits {
        let limiter =
            |name, quota| (quota > 0).then(|| Limiter::new(name, quota, Duration::from_secs(60)));
        Limits {
            per_ip: limiter("per-ip", per_ip),
            per_key: limiter("per-key", per_key),
        }
    }
}

#[derive(Debug)]
pub struct Limiter {
    name: &'static str,
    quota: u32,
    window: Duration,
    counts: Mutex<HashMap<String, Window>>,
}

#[derive(Clone, Copy, Debug)]
struct Window {
    start: Instant,
    used: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Verdict {
    allowed: bool,
    remaining: u32,
    /// Seconds until the window ends.
    reset: u64,
}

impl Limiter {
    pub fn new(name: &'static str, quota: u32, window: Duration) -> Limiter {
        Limiter {
            name,
            quota,
            window,
            counts: Mutex::new(HashMap::new()),
        }
    }

    fn hit(&self, key: &str, now: Instant) -> Verdict {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        if counts.len() >= PRUNE_AT {
            counts.retain(|_, w| now.duration_since(w.start) < self.window);
        }
        let w = counts.entry(key.to_owned()).or_insert(Window {
            start: now,
            used: 0,
        });
        if now.duration_since(w.start) >= self.window {
            *w = Window {
                start: now,
                used: 0,
            };
        }
        let left = self.window.saturating_sub(now.duration_since(w.start));
        let reset = left.as_secs() + u64::from(left.subsec_nanos() > 0);
        let allowed = w.used < self.quota;
        if allowed {
            w.used += 1;
        }
        Verdict {
            allowed,
            remaining: self.quota - w.used,
            reset,
        }
    }

    /// Counts a request under `key`; runs it if within the limit, else answers 429.
    async fn apply(&self, key: &str, req: Request, next: Next) -> Response {
        let v = self.hit(key, Instant::now());
        let mut res = if v.allowed {
            next.run(req).await
        } else {
            let mut res =
                ApiError::new(StatusCode::TOO_MANY_REQUESTS, "error-rate-limited").into_response();
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(v.reset));
            res
        };
        let h = res.headers_mut();
        let policy = format!(
            "\"{}\";q={};w={}",
            self.name,
            self.quota,
            self.window.as_secs()
        );
        let rate = format!("\"{}\";r={};t={}", self.name, v.remaining, v.reset);
        for (name, value) in [(POLICY, policy), (RATE, rate)] {
            if let Ok(value) = HeaderValue::from_str(&value) {
                h.append(name, value);
            }
        }
        res
    }
}

/// Every request, before its key is read: so guessing keys is limited too.
pub async fn per_ip(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(limiter) = &state.api_limits.per_ip else {
        return next.run(req).await;
    };
    let ip = crate::middleware::viewer::client_ip(&req, state.proxy_hops).unwrap_or_default();
    limiter.apply(&ip, req, next).await
}

/// Every request with a valid key.
pub async fn per_key(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let (Some(limiter), Some(caller)) =
        (&state.api_limits.per_key, req.extensions().get::<Caller>())
    else {
        return next.run(req).await;
    };
    let key = caller.identity.key.to_string();
    limiter.apply(&key, req, next).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_allows_its_quota_then_refuses_until_it_ends() {
        let l = Limiter::new("t", 2, Duration::from_secs(60));
        let t0 = Instant::now();
        let at = |s: u64| t0 + Duration::from_secs(s);
        assert_eq!(
            l.hit("a", at(0)),
            Verdict {
                allowed: true,
                remaining: 1,
                reset: 60
            }
        );
        assert_eq!(
            l.hit("a", at(10)),
            Verdict {
                allowed: true,
                remaining: 0,
                reset: 50
            }
        );
        assert_eq!(
            l.hit("a", at(20)),
            Verdict {
                allowed: false,
                remaining: 0,
                reset: 40
            }
        );
        assert!(l.hit("b", at(20)).allowed, "each key counts alone");
        assert_eq!(
            l.hit("a", at(60)),
            Verdict {
                allowed: true,
                remaining: 1,
                reset: 60
            }
        );
    }
}
