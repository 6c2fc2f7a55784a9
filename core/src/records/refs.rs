//! The values records point at: pick-list entries and currencies, their decimals and rates.

use crate::error::CoreResult;
use entity::{currencies, lookup_values, users};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;
use types::dto::lookups::LookupKind;
use types::ids::{LookupId, UserId};
use types::money::{Amount, Money, Rates};
use types::patch::Patch;
use types::validate::{self, Checker};

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

/// A patch of a pick-list field, checked: `Some(value)` to store (`Some(None)` clears), or
/// `None` to leave it (or when the value is not one of the list's).
pub async fn lookup_change(
    db: &impl ConnectionTrait,
    c: &mut Checker,
    (field, kind): (&str, LookupKind),
    patch: Patch<LookupId>,
    current: Option<LookupId>,
) -> CoreResult<Option<Option<LookupId>>> {
    match patch {
        Patch::Absent => Ok(None),
        Patch::Clear => Ok(Some(None)),
        Patch::Set(id) if lookup_ok(db, kind, id, current).await? => Ok(Some(Some(id))),
        Patch::Set(_) => {
            c.fail(field, "validation-invalid");
            Ok(None)
        }
    }
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

/// The currency a patch asks for (or the record's own), checked: an active currency, or the
/// record's current one; its digits after the point.
async fn scale_of(
    db: &impl ConnectionTrait,
    c: &mut Checker,
    field: &str,
    code: Option<&str>,
    current: Option<&str>,
) -> CoreResult<Option<(String, i16)>> {
    let code = match code.map(validate::currency_code) {
        Some(Ok(code)) => code,
        Some(Err(_)) | None => {
            c.fail(field, "validation-currency");
            return Ok(None);
        }
    };
    match currency_scale(db, &code, current).await? {
        Some(scale) => Ok(Some((code, scale))),
        None => {
            c.fail(field, "validation-currency");
            Ok(None)
        }
    }
}

/// An optional amount and its currency (an account's revenue), as a patch changes them:
/// `Some((amount, currency))` to store, `None` to leave both. An amount is read in the
/// currency the patch names, else the record's; changing only the currency of an amount
/// asks for the amount again, since its digits may mean something else in the new one.
pub async fn optional_money(
    db: &impl ConnectionTrait,
    c: &mut Checker,
    (amount_field, currency_field): (&str, &str),
    (amount, currency): (Patch<Amount>, Option<String>),
    (current_minor, current_code): (Option<i64>, Option<&str>),
) -> CoreResult<Option<(Option<i64>, Option<String>)>> {
    let amount = match amount {
        Patch::Clear => return Ok(Some((None, None))),
        Patch::Set(a) if a.0.trim().is_empty() => return Ok(Some((None, None))),
        Patch::Set(a) => a,
        Patch::Absent => {
            if currency.is_some() && current_minor.is_some() && currency.as_deref() != current_code
            {
                c.fail(amount_field, "validation-required");
            }
            return Ok(None);
        }
    };
    let code = currency.as_deref().or(current_code);
    let Some((code, scale)) = scale_of(db, c, currency_field, code, current_code).await? else {
        return Ok(None);
    };
    Ok(c.check(amount_field, amount.minor(scale))
        .map(|minor| (minor, minor.map(|_| code))))
}

/// A required amount and its currency (a deal's amount, a product's price): `(amount,
/// currency)` to store when the patch changes either; an empty amount is zero.
pub async fn required_money(
    db: &impl ConnectionTrait,
    c: &mut Checker,
    (amount_field, currency_field): (&str, &str),
    (amount, currency): (Patch<Amount>, Option<String>),
    current: Option<(i64, &str)>,
) -> CoreResult<Option<(i64, String)>> {
    let current_code = current.map(|(_, code)| code);
    let creating = current.is_none();
    if amount.is_absent() && currency.is_none() && !creating {
        return Ok(None);
    }
    let code = currency.as_deref().or(current_code);
    let Some((code, scale)) = scale_of(db, c, currency_field, code, current_code).await? else {
        return Ok(None);
    };
    let minor = match amount {
        Patch::Set(a) => match c.check(amount_field, a.minor(scale)) {
            Some(minor) => minor.unwrap_or(0),
            None => return Ok(None),
        },
        Patch::Clear => 0,
        Patch::Absent => match current {
            Some((minor, old)) if old != code && minor != 0 => {
                c.fail(amount_field, "validation-required");
                return Ok(None);
            }
            Some((minor, _)) => minor,
            None => 0,
        },
    };
    Ok(Some((minor, code)))
}

/// An amount with its currency, when the record has both.
pub fn money(
    minor: Option<i64>,
    currency: Option<&String>,
    scales: &HashMap<String, i16>,
) -> Option<Money> {
    Some(amount(minor?, currency?, scales))
}

/// An amount a record always has (a deal's, a contract's value, a product's price).
pub fn amount(minor: i64, currency: &str, scales: &HashMap<String, i16>) -> Money {
    Money {
        minor,
        scale: scales.get(currency).copied().unwrap_or(2),
        currency: currency.to_owned(),
    }
}
