//! Products: list, read and save.

use leptos::prelude::*;
use types::dto::products::{Product, ProductInput, ProductRow};
use types::dto::records::{ListPage, ListQuery};
use types::error::AppError;

#[cfg(feature = "ssr")]
use super::server::{actor, ctx, done};
#[cfg(feature = "ssr")]
use core_svc::services::products as svc;
#[cfg(feature = "ssr")]
use types::dto::list::ListRequest;

#[server(prefix = "/api", endpoint = "list_products")]
pub async fn list_products(query: ListQuery) -> Result<ListPage<ProductRow>, AppError> {
    done(svc::list(&ctx()?, &actor()?, &ListRequest::read(&query)?).await)
}

#[server(prefix = "/api", endpoint = "get_product")]
pub async fn get_product(id: String) -> Result<Product, AppError> {
    let id = id.parse().map_err(|_| AppError::NotFound)?;
    done(svc::get(&ctx()?, &actor()?, id).await)
}

/// Creates (empty `id`) or updates a product, then shows it.
#[server(prefix = "/api", endpoint = "save_product")]
pub async fn save_product(id: String, input: ProductInput) -> Result<(), AppError> {
    let (ctx, actor) = (ctx()?, actor()?);
    let saved = if id.is_empty() {
        done(svc::create(&ctx, &actor, input).await)?
    } else {
        let id = id.parse().map_err(|_| AppError::NotFound)?;
        done(svc::update(&ctx, &actor, id, input).await)?
    };
    leptos_axum::redirect(&format!("/products/{}", saved.id));
    Ok(())
}
