//! Line items of deals and contracts.

use leptos::prelude::*;
use types::dto::opportunities::{LineItemInput, LineItems};
use types::error::AppError;

#[cfg(feature = "ssr")]
use super::server::{actor, ctx, done, record_ref};
#[cfg(feature = "ssr")]
use core_svc::services::line_items as svc;

#[server(prefix = "/api", endpoint = "record_lines")]
pub async fn record_lines(kind: String, id: String) -> Result<LineItems, AppError> {
    let (kind, id) = record_ref(&kind, &id)?;
    done(svc::of_parent(&ctx()?, &actor()?, kind, id).await)
}

#[server(prefix = "/api", endpoint = "add_line_item")]
pub async fn add_line_item(kind: String, id: String, input: LineItemInput) -> Result<(), AppError> {
    let (kind, id) = record_ref(&kind, &id)?;
    done(svc::add(&ctx()?, &actor()?, kind, id, input).await).map(drop)
}

#[server(prefix = "/api", endpoint = "remove_line_item")]
pub async fn remove_line_item(kind: String, id: String, line: String) -> Result<(), AppError> {
    let (kind, id) = record_ref(&kind, &id)?;
    let line = line.parse().map_err(|_| AppError::NotFound)?;
    done(svc::remove(&ctx()?, &actor()?, kind, id, line).await)
}
