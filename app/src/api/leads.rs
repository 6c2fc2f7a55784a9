//! Leads: list, read, save and convert.

use leptos::prelude::*;
use types::dto::leads::{ConvertInput, ConvertOffer};
use types::error::AppError;

#[cfg(feature = "ssr")]
use super::server::{actor, ctx, done, record_id};
#[cfg(feature = "ssr")]
use core_svc::services::lead_conversion;

/// What the conversion form starts from: the lead, likely duplicates and the deal defaults.
#[server(prefix = "/api", endpoint = "get_convert_offer")]
pub async fn get_convert_offer(id: String) -> Result<ConvertOffer, AppError> {
    done(lead_conversion::offer(&ctx()?, &actor()?, record_id(&id)?).await)
}

/// Converts a lead, then shows the deal it opened, or else the contact.
#[server(prefix = "/api", endpoint = "convert_lead")]
pub async fn convert_lead(id: String, input: ConvertInput) -> Result<(), AppError> {
    let made = done(lead_conversion::convert(&ctx()?, &actor()?, record_id(&id)?, input).await)?;
    leptos_axum::redirect(&made.deal.unwrap_or(made.contact).path());
    Ok(())
}

record_api! {
    Lead in leads: LeadRow, Lead, LeadInput;
    list_leads = "list_leads", get_lead = "get_lead", save_lead = "save_lead";
}
