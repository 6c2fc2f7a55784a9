//! Who is calling: the bearer key, checked on every request, so revocation, expiry and the
//! user's deactivation take effect at once; then the key's scope against the method. The
//! API takes no session cookie, so pages' cross-site defences have nothing to guard here.

use super::error::ApiError;
use crate::middleware::security::is_state_changing;
use crate::state::AppState;
use axum::{
    extract::{Request, State},
    http::{HeaderMap, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use core_svc::{Actor, services::api_keys};
use types::dto::api_keys::ApiIdentity;

/// The caller of a request that passed [`require_key`].
#[derive(Clone, Debug)]
pub struct Caller {
    pub actor: Actor,
    pub identity: ApiIdentity,
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

pub async fn require_key(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let Some(secret) = bearer(req.headers()) else {
        return ApiError::bad_key().into_response();
    };
    let (actor, identity) = match api_keys::authenticate(&state.ctx, secret).await {
        Ok(found) => found,
        Err(e) => return ApiError::from(e).into_response(),
    };
    if !identity.scope.allows(!is_state_changing(req.method())) {
        return ApiError::new(StatusCode::FORBIDDEN, "api-scope-read").into_response();
    }
    req.extensions_mut().insert(Caller { actor, identity });
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_bearer_scheme_only() {
        let with = |v: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(header::AUTHORIZATION, v.parse().expect("header"));
            h
        };
        assert_eq!(bearer(&with("Bearer ncrm_abc")), Some("ncrm_abc"));
        assert_eq!(bearer(&with("bearer  ncrm_abc ")), Some("ncrm_abc"));
        assert_eq!(bearer(&with("Basic ncrm_abc")), None);
        assert_eq!(bearer(&with("Bearer ")), None);
        assert_eq!(bearer(&HeaderMap::new()), None);
    }
}
