//! Checks of the values a record form points at: pick-list entries and currencies.

use crate::error::CoreResult;
use entity::{currencies, lookup_values};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;
use types::dto::lookups::LookupKind;
use types::dto::records::Money;
use types::ids::LookupId;

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
