//! API keys: the user's own on the profile page, and everyone's for admins.

use leptos::prelude::*;
use types::dto::api_keys::{ApiKeyInfo, CreatedApiKey};
use types::error::AppError;

#[cfg(feature = "ssr")]
use super::server::{actor, ctx, done, record_id};
#[cfg(feature = "ssr")]
use core_svc::services::api_keys as svc;

#[server(prefix = "/api", endpoint = "my_api_keys")]
pub async fn my_api_keys() -> Result<Vec<ApiKeyInfo>, AppError> {
    done(svc::mine(&ctx()?, &actor()?).await)
}

#[server(prefix = "/api", endpoint = "all_api_keys")]
pub async fn all_api_keys() -> Result<Vec<ApiKeyInfo>, AppError> {
    done(svc::all(&ctx()?, &actor()?).await)
}

/// Makes a key for the viewer; the answer holds its secret, shown this once.
#[server(prefix = "/api", endpoint = "create_api_key")]
pub async fn create_api_key(
    name: String,
    scope: String,
    #[server(default)] expires_on: String,
) -> Result<CreatedApiKey, AppError> {
    use types::dto::api_keys::{ApiScope, NewApiKey};
    use types::validate::{self, Checker};
    let mut c = Checker::new();
    let scope = c.check(
        "scope",
        ApiScope::from_code(&scope).ok_or("validation-invalid"),
    );
    let expires_on = c
        .check("expires_on", validate::optional_date(&expires_on))
        .flatten();
    c.finish()?;
    let new = NewApiKey {
        name,
        scope: scope.unwrap_or(ApiScope::Read),
        expires_on,
    };
    done(svc::create(&ctx()?, &actor()?, new).await)
}

#[server(prefix = "/api", endpoint = "revoke_api_key")]
pub async fn revoke_api_key(id: String) -> Result<(), AppError> {
    done(svc::revoke(&ctx()?, &actor()?, record_id(&id)?).await)
}
