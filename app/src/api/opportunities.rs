//! Opportunities: list, read and save, and their other contacts.

use leptos::prelude::*;
use types::dto::opportunities::{Opportunity, OpportunityInput, OpportunityRow};
use types::dto::records::{ListPage, ListQuery};
use types::error::AppError;

#[cfg(feature = "ssr")]
use super::server::{actor, ctx, done};
#[cfg(feature = "ssr")]
use core_svc::services::opportunities as svc;
#[cfg(feature = "ssr")]
use types::dto::list::ListRequest;

#[cfg(feature = "ssr")]
fn id_of<T: std::str::FromStr>(id: &str) -> Result<T, AppError> {
    id.parse().map_err(|_| AppError::NotFound)
}

#[server(prefix = "/api", endpoint = "list_opportunities")]
pub async fn list_opportunities(query: ListQuery) -> Result<ListPage<OpportunityRow>, AppError> {
    done(svc::list(&ctx()?, &actor()?, &ListRequest::read(&query)?).await)
}

#[server(prefix = "/api", endpoint = "get_opportunity")]
pub async fn get_opportunity(id: String) -> Result<Opportunity, AppError> {
    done(svc::get(&ctx()?, &actor()?, id_of(&id)?).await)
}

/// Creates (empty `id`) or updates an opportunity, then shows it.
#[server(prefix = "/api", endpoint = "save_opportunity")]
pub async fn save_opportunity(id: String, input: OpportunityInput) -> Result<(), AppError> {
    let (ctx, actor) = (ctx()?, actor()?);
    let saved = if id.is_empty() {
        done(svc::create(&ctx, &actor, input).await)?
    } else {
        done(svc::update(&ctx, &actor, id_of(&id)?, input).await)?
    };
    leptos_axum::redirect(&format!("/opportunities/{}", saved.id));
    Ok(())
}

/// Links (or unlinks) one of the deal's other contacts.
#[server(prefix = "/api", endpoint = "set_opportunity_contact")]
pub async fn set_opportunity_contact(
    id: String,
    contact: String,
    linked: bool,
) -> Result<(), AppError> {
    let contact = contact
        .parse()
        .map_err(|_| AppError::field("contact", "validation-invalid"))?;
    done(svc::set_contact(&ctx()?, &actor()?, id_of(&id)?, contact, linked).await)
}
