//! The values records point at: pick-list entries and currencies, their decimals and rates.

use crate::error::CoreResult;
use entity::{currencies, lookup_values, users};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;
use types::dto::lookups::LookupKind;
use types::ids::{LookupId, UserId};
use types::money::{Money, Rates};

/// Whether `id` is an active value of the `kind` pick-list, or the value the record already
/// has (a deactivated value stays on the records that use it).
pub async fn lookup_ok(
    db: &impl ConnectionTrait,
    kind: LookupKind,
    id: LookupId,
    current: Option<LookupId>,
) -> CoreResult<bool> {
    Ok(lookup_values::Entity::find_by_id(id)
        .filter(lookup_values::Column::Kind.eq(kind))
        .one(db)
        .await?
        .is_some_and(|v| v.is_active || current == Some(id)))
}

/// Digits after the point of every currency, by code. The table is small and read whole.
pub async fn scales(db: &impl ConnectionTrait) -> CoreResult<HashMap<String, i16>> {
    let rows: Vec<(String, i16)> = currencies::Entity::find()
        .select_only()
        .columns([currencies::Column::Code, currencies::Column::MinorUnits])
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Each currency's (digits after the point, exchange rate), for totals in one currency.
pub async fn rates(db: &impl ConnectionTrait) -> CoreResult<Rates> {
    Ok(currencies::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.code, (c.minor_units, c.rate_ppm)))
        .collect())
}

/// The rate of the reference currency, whose unit all rates are counted in.
pub const REFERENCE_PPM: i64 = 1_000_000;

/// The currency `user` reads totals in: their choice while it is active, else the reference
/// currency, else the first active one.
pub async fn display_currency(db: &impl ConnectionTrait, user: UserId) -> CoreResult<String> {
    Ok(display_and_rates(db, user).await?.0)
}

/// The display currency and every currency's rate, for totals: one read of each table.
pub async fn display_and_rates(
    db: &impl ConnectionTrait,
    user: UserId,
) -> CoreResult<(String, Rates)> {
    let chosen = users::Entity::find_by_id(user)
        .one(db)
        .await?
        .and_then(|u| u.currency);
    let all = currencies::Entity::find()
        .order_by_asc(currencies::Column::Code)
        .all(db)
        .await?;
    let active = || all.iter().filter(|c| c.is_active);
    let display = chosen
        .filter(|code| active().any(|c| &c.code == code))
        .or_else(|| {
            active()
                .find(|c| c.rate_ppm == Some(REFERENCE_PPM))
                .map(|c| c.code.clone())
        })
        .or_else(|| active().next().map(|c| c.code.clone()))
        .unwrap_or_else(|| "EUR".to_owned());
    let rates = all
        .into_iter()
        .map(|c| (c.code, (c.minor_units, c.rate_ppm)))
        .collect();
    Ok((display, rates))
}

/// The digits after the point of an active currency (or the record's current one).
pub async fn currency_scale(
    db: &impl ConnectionTrait,
    code: &str,
    current: Option<&str>,
) -> CoreResult<Option<i16>> {
    Ok(currencies::Entity::find_by_id(code)
        .one(db)
        .await?
        .filter(|c| c.is_active || current == Some(code))
        .map(|c| c.minor_units))
}

/// An amount with its currency, when the record has both.
pub fn money(
    minor: Option<i64>,
    currency: Option<&String>,
    scales: &HashMap<String, i16>,
) -> Option<Money> {
    let (minor, currency) = (minor?, currency?);
    Some(Money {
        minor,
        scale: scales.get(currency).copied().unwrap_or(2),
        currency: currency.clone(),
    })
}

/// How history shows an amount: `1234.50 EUR`.
pub fn money_text(m: &Option<Money>) -> Option<String> {
    m.as_ref()
        .map(|m| format!("{} {}", m.to_input(), m.currency))
}
