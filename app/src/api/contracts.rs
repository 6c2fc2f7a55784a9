//! Contracts: list, read and save.

use leptos::prelude::*;
use types::dto::contracts::{Contract, ContractInput, ContractRow};
use types::dto::records::{ListPage, ListQuery};
use types::error::AppError;

#[cfg(feature = "ssr")]
use super::server::{actor, ctx, done};
#[cfg(feature = "ssr")]
use core_svc::services::contracts as svc;
#[cfg(feature = "ssr")]
use types::dto::list::ListRequest;

#[server(prefix = "/api", endpoint = "list_contracts")]
pub async fn list_contracts(query: ListQuery) -> Result<ListPage<ContractRow>, AppError> {
    done(svc::list(&ctx()?, &actor()?, &ListRequest::read(&query)?).await)
}

#[server(prefix = "/api", endpoint = "get_contract")]
pub async fn get_contract(id: String) -> Result<Contract, AppError> {
    let id = id.parse().map_err(|_| AppError::NotFound)?;
    done(svc::get(&ctx()?, &actor()?, id).await)
}

/// Creates (empty `id`) or updates a contract, then shows it.
#[server(prefix = "/api", endpoint = "save_contract")]
pub async fn save_contract(id: String, input: ContractInput) -> Result<(), AppError> {
    let (ctx, actor) = (ctx()?, actor()?);
    let saved = if id.is_empty() {
        done(svc::create(&ctx, &actor, input).await)?
    } else {
        let id = id.parse().map_err(|_| AppError::NotFound)?;
        done(svc::update(&ctx, &actor, id, input).await)?
    };
    leptos_axum::redirect(&format!("/contracts/{}", saved.id));
    Ok(())
}
