//! Contacts: list, read and save.

use leptos::prelude::*;
use types::dto::contacts::{Contact, ContactInput, ContactRow};
use types::dto::records::{ListPage, ListQuery};
use types::error::AppError;

#[cfg(feature = "ssr")]
use super::server::{actor, back_path, ctx, done};
#[cfg(feature = "ssr")]
use core_svc::services::contacts as svc;
#[cfg(feature = "ssr")]
use types::dto::list::ListRequest;

#[server(prefix = "/api", endpoint = "list_contacts")]
pub async fn list_contacts(query: ListQuery) -> Result<ListPage<ContactRow>, AppError> {
    done(svc::list(&ctx()?, &actor()?, &ListRequest::read(&query)?).await)
}

#[server(prefix = "/api", endpoint = "get_contact")]
pub async fn get_contact(id: String) -> Result<Contact, AppError> {
    let id = id.parse().map_err(|_| AppError::NotFound)?;
    done(svc::get(&ctx()?, &actor()?, id).await)
}

/// Creates (empty `id`) or updates a contact, then shows it, or goes back to the account
/// page it was added from (`back`, a local path).
#[server(prefix = "/api", endpoint = "save_contact")]
pub async fn save_contact(
    id: String,
    input: ContactInput,
    #[server(default)] back: String,
) -> Result<(), AppError> {
    let back = back_path(&back)?;
    let (ctx, actor) = (ctx()?, actor()?);
    let saved = if id.is_empty() {
        done(svc::create(&ctx, &actor, input).await)?
    } else {
        let id = id.parse().map_err(|_| AppError::NotFound)?;
        done(svc::update(&ctx, &actor, id, input).await)?
    };
    let to = back.unwrap_or_else(|| format!("/contacts/{}", saved.id));
    leptos_axum::redirect(&to);
    Ok(())
}
