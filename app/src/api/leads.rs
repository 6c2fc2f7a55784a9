//! Leads: list, read, save and convert.

use leptos::prelude::*;
use types::dto::leads::{ConvertInput, ConvertOffer, Lead, LeadInput, LeadRow};
use types::dto::records::{ListPage, ListQuery};
use types::error::AppError;

#[cfg(feature = "ssr")]
use super::server::{actor, ctx, done};
#[cfg(feature = "ssr")]
use core_svc::services::{lead_conversion, leads as svc};
#[cfg(feature = "ssr")]
use types::dto::list::ListRequest;

#[server(prefix = "/api", endpoint = "list_leads")]
pub async fn list_leads(query: ListQuery) -> Result<ListPage<LeadRow>, AppError> {
    done(svc::list(&ctx()?, &actor()?, &ListRequest::read(&query)?).await)
}

#[server(prefix = "/api", endpoint = "get_lead")]
pub async fn get_lead(id: String) -> Result<Lead, AppError> {
    let id = id.parse().map_err(|_| AppError::NotFound)?;
    done(svc::get(&ctx()?, &actor()?, id).await)
}

/// Creates (empty `id`) or updates a lead, then shows it.
#[server(prefix = "/api", endpoint = "save_lead")]
pub async fn save_lead(id: String, input: LeadInput) -> Result<(), AppError> {
    let (ctx, actor) = (ctx()?, actor()?);
    let saved = if id.is_empty() {
        done(svc::create(&ctx, &actor, input).await)?
    } else {
        let id = id.parse().map_err(|_| AppError::NotFound)?;
        done(svc::update(&ctx, &actor, id, input).await)?
    };
    leptos_axum::redirect(&format!("/leads/{}", saved.id));
    Ok(())
}

/// What the conversion form starts from: the lead, likely duplicates and the deal defaults.
#[server(prefix = "/api", endpoint = "get_convert_offer")]
pub async fn get_convert_offer(id: String) -> Result<ConvertOffer, AppError> {
    let id = id.parse().map_err(|_| AppError::NotFound)?;
    done(lead_conversion::offer(&ctx()?, &actor()?, id).await)
}

/// Converts a lead, then shows the deal it opened, or else the contact.
#[server(prefix = "/api", endpoint = "convert_lead")]
pub async fn convert_lead(id: String, input: ConvertInput) -> Result<(), AppError> {
    let id = id.parse().map_err(|_| AppError::NotFound)?;
    let made = done(lead_conversion::convert(&ctx()?, &actor()?, id, input).await)?;
    leptos_axum::redirect(&made.deal.unwrap_or(made.contact).path());
    Ok(())
}
