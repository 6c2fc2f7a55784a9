//! Opportunities: list, read and save, and their other contacts.

use leptos::prelude::*;
use types::error::AppError;

#[cfg(feature = "ssr")]
use super::server::{actor, ctx, done, record_id};
#[cfg(feature = "ssr")]
use core_svc::services::opportunities as svc;

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
    done(svc::set_contact(&ctx()?, &actor()?, record_id(&id)?, contact, linked).await)
}

record_api! {
    Opportunity in opportunities: OpportunityRow, Opportunity, OpportunityInput;
    list_opportunities = "list_opportunities", get_opportunity = "get_opportunity", save_opportunity = "save_opportunity";
}
