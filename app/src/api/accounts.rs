//! Accounts: list, read and save.

use leptos::prelude::*;
use types::dto::accounts::{Account, AccountInput, AccountRow};
use types::dto::records::{ListPage, ListQuery};
use types::error::AppError;

#[cfg(feature = "ssr")]
use super::server::{actor, ctx, done};
#[cfg(feature = "ssr")]
use core_svc::services::accounts as svc;
#[cfg(feature = "ssr")]
use types::dto::list::ListRequest;

#[server(prefix = "/api", endpoint = "list_accounts")]
pub async fn list_accounts(query: ListQuery) -> Result<ListPage<AccountRow>, AppError> {
    done(svc::list(&ctx()?, &actor()?, &ListRequest::read(&query)?).await)
}

#[server(prefix = "/api", endpoint = "get_account")]
pub async fn get_account(id: String) -> Result<Account, AppError> {
    let id = id.parse().map_err(|_| AppError::NotFound)?;
    done(svc::get(&ctx()?, &actor()?, id).await)
}

/// Creates (empty `id`) or updates an account, then shows it.
#[server(prefix = "/api", endpoint = "save_account")]
pub async fn save_account(id: String, input: AccountInput) -> Result<(), AppError> {
    let (ctx, actor) = (ctx()?, actor()?);
    let saved = if id.is_empty() {
        done(svc::create(&ctx, &actor, input).await)?
    } else {
        let id = id.parse().map_err(|_| AppError::NotFound)?;
        done(svc::update(&ctx, &actor, id, input).await)?
    };
    leptos_axum::redirect(&format!("/accounts/{}", saved.id));
    Ok(())
}
