//! Pick-lists: read by every form, edited by admins on the lookups page.

use leptos::prelude::*;
use types::dto::lookups::{Currency, LookupValue, SalesStage};
use types::error::AppError;

#[cfg(feature = "ssr")]
use super::server::{actor, ctx, done};
#[cfg(feature = "ssr")]
use core_svc::services::lookups as svc;
#[cfg(feature = "ssr")]
use types::dto::lookups::{LookupKind, Move, StageKind};

/// Form values arrive as text; a field that is not a whole number gets its own message.
#[cfg(feature = "ssr")]
fn number(field: &str, value: &str) -> Result<i16, AppError> {
    value
        .trim()
        .parse()
        .map_err(|_| AppError::field(field, "validation-number"))
}

#[cfg(feature = "ssr")]
fn parse<T>(field: &str, value: &str, from: impl Fn(&str) -> Option<T>) -> Result<T, AppError> {
    from(value).ok_or_else(|| AppError::field(field, "validation-invalid"))
}

#[cfg(feature = "ssr")]
fn direction(value: &str) -> Result<Move, AppError> {
    match value {
        "up" => Ok(Move::Up),
        "down" => Ok(Move::Down),
        _ => Err(AppError::BadRequest),
    }
}

#[cfg(feature = "ssr")]
fn stage_input(name: String, probability: &str, kind: &str) -> Result<svc::StageInput, AppError> {
    Ok(svc::StageInput {
        name,
        probability: number("probability", probability)?,
        kind: parse("kind", kind, StageKind::from_code)?,
    })
}

#[server(prefix = "/api", endpoint = "list_stages")]
pub async fn list_stages() -> Result<Vec<SalesStage>, AppError> {
    done(svc::stages(&ctx()?, &actor()?).await)
}

#[server(prefix = "/api", endpoint = "list_lookup_values")]
pub async fn list_lookup_values(kind: String) -> Result<Vec<LookupValue>, AppError> {
    let kind = parse("kind", &kind, LookupKind::from_code)?;
    done(svc::values(&ctx()?, &actor()?, kind).await)
}

#[server(prefix = "/api", endpoint = "list_currencies")]
pub async fn list_currencies() -> Result<Vec<Currency>, AppError> {
    done(svc::currencies(&ctx()?, &actor()?).await)
}

#[server(prefix = "/api", endpoint = "create_stage")]
pub async fn create_stage(name: String, probability: String, kind: String) -> Result<(), AppError> {
    let input = stage_input(name, &probability, &kind)?;
    done(svc::create_stage(&ctx()?, &actor()?, input).await).map(|_| ())
}

#[server(prefix = "/api", endpoint = "update_stage")]
pub async fn update_stage(
    id: String,
    name: String,
    probability: String,
    kind: String,
) -> Result<(), AppError> {
    let id = id.parse().map_err(|_| AppError::NotFound)?;
    let input = stage_input(name, &probability, &kind)?;
    done(svc::update_stage(&ctx()?, &actor()?, id, input).await).map(|_| ())
}

#[server(prefix = "/api", endpoint = "set_stage_active")]
pub async fn set_stage_active(id: String, active: bool) -> Result<(), AppError> {
    let id = id.parse().map_err(|_| AppError::NotFound)?;
    done(svc::set_stage_active(&ctx()?, &actor()?, id, active).await).map(|_| ())
}

#[server(prefix = "/api", endpoint = "move_stage")]
pub async fn move_stage(id: String, direction: String) -> Result<(), AppError> {
    let id = id.parse().map_err(|_| AppError::NotFound)?;
    done(svc::move_stage(&ctx()?, &actor()?, id, self::direction(&direction)?).await)
}

#[server(prefix = "/api", endpoint = "create_lookup_value")]
pub async fn create_lookup_value(kind: String, name: String) -> Result<(), AppError> {
    let kind = parse("kind", &kind, LookupKind::from_code)?;
    done(svc::create_value(&ctx()?, &actor()?, kind, &name).await).map(|_| ())
}

#[server(prefix = "/api", endpoint = "rename_lookup_value")]
pub async fn rename_lookup_value(id: String, name: String) -> Result<(), AppError> {
    let id = id.parse().map_err(|_| AppError::NotFound)?;
    done(svc::rename_value(&ctx()?, &actor()?, id, &name).await).map(|_| ())
}

#[server(prefix = "/api", endpoint = "set_lookup_value_active")]
pub async fn set_lookup_value_active(id: String, active: bool) -> Result<(), AppError> {
    let id = id.parse().map_err(|_| AppError::NotFound)?;
    done(svc::set_value_active(&ctx()?, &actor()?, id, active).await).map(|_| ())
}

#[server(prefix = "/api", endpoint = "move_lookup_value")]
pub async fn move_lookup_value(id: String, direction: String) -> Result<(), AppError> {
    let id = id.parse().map_err(|_| AppError::NotFound)?;
    done(svc::move_value(&ctx()?, &actor()?, id, self::direction(&direction)?).await)
}

#[server(prefix = "/api", endpoint = "add_currency")]
pub async fn add_currency(code: String, name: String, minor_units: String) -> Result<(), AppError> {
    let minor = number("minor_units", &minor_units)?;
    done(svc::add_currency(&ctx()?, &actor()?, &code, &name, minor).await).map(|_| ())
}

/// Sets a currency's exchange rate to the reference currency; empty clears it.
#[server(prefix = "/api", endpoint = "set_currency_rate")]
pub async fn set_currency_rate(code: String, rate: String) -> Result<(), AppError> {
    done(svc::set_currency_rate(&ctx()?, &actor()?, &code, &rate).await).map(|_| ())
}

#[server(prefix = "/api", endpoint = "set_currency_active")]
pub async fn set_currency_active(code: String, active: bool) -> Result<(), AppError> {
    done(svc::set_currency_active(&ctx()?, &actor()?, &code, active).await).map(|_| ())
}
