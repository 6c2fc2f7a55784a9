//! The opportunity pipeline: a kanban board of the deals by stage, with column totals in the
//! viewer's display currency.

use super::opportunities::StageRef;
use super::records::Money;
use crate::ids::OpportunityId;
use serde::{Deserialize, Serialize};
use time::Date;

/// One deal as a card on the board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    pub id: OpportunityId,
    pub name: String,
    /// The account's name, when the viewer may see it.
    pub account: Option<String>,
    pub amount: Money,
    pub close_date: Date,
    pub owner: String,
}

/// A stage's column: what it holds in total, and its first page of cards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub stage: StageRef,
    pub count: i64,
    /// The sum of the deals, in the board's currency.
    pub total: Money,
    /// The sum weighted by the stage's probability.
    pub weighted: Money,
    /// Sums in currencies that have no exchange rate yet, so they could not be added in.
    pub unconverted: Vec<Money>,
    pub cards: Vec<Card>,
    /// The cursor of the column's next page of cards.
    pub next: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    /// The display currency every total is in.
    pub currency: String,
    pub columns: Vec<Column>,
    /// When no close-date range is given, won and lost columns show deals closed since this
    /// day only (the last 30 days), so the board opens on the work at hand.
    pub closed_since: Option<Date>,
}

/// A column's next page of cards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cards {
    pub cards: Vec<Card>,
    pub next: Option<String>,
}

/// How many days of won and lost deals the board shows by default.
pub const CLOSED_DAYS: i64 = 30;

/// Converts `minor` units of a currency with `from_scale` decimals and rate `from_ppm` into
/// minor units of one with `to_scale` and `to_ppm`. Rates are millionths of a common
/// reference unit per unit of the currency. Integer math, rounding half away from zero;
/// None when a rate is missing or zero.
pub fn convert(
    minor: i64,
    (from_scale, from_ppm): (i16, Option<i64>),
    (to_scale, to_ppm): (i16, Option<i64>),
) -> Option<i64> {
    let (from_ppm, to_ppm) = (from_ppm.filter(|r| *r > 0)?, to_ppm.filter(|r| *r > 0)?);
    let pow = |s: i16| 10i128.checked_pow(u32::try_from(s).ok()?);
    let num = i128::from(minor)
        .checked_mul(i128::from(from_ppm))?
        .checked_mul(pow(to_scale)?)?;
    let den = pow(from_scale)?.checked_mul(i128::from(to_ppm))?;
    let q = num / den;
    let r = num % den;
    let rounded = if 2 * r.abs() >= den {
        q + num.signum()
    } else {
        q
    };
    i64::try_from(rounded).ok()
}

/// `total` weighted by a probability in percent, rounded half away from zero.
pub fn weighted(total: i64, probability: i16) -> i64 {
    let num = i128::from(total) * i128::from(probability);
    let q = num / 100;
    let rounded = if 2 * (num % 100).abs() >= 100 {
        q + num.signum()
    } else {
        q
    };
    i64::try_from(rounded).unwrap_or(if total < 0 { i64::MIN } else { i64::MAX })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_through_the_reference_unit() {
        // 1 USD = 0.92 reference (EUR as the reference at 1.0).
        let usd = (2, Some(920_000));
        let eur = (2, Some(1_000_000));
        let jpy = (0, Some(6_100));
        assert_eq!(convert(10_000, usd, eur), Some(9_200));
        assert_eq!(convert(9_200, eur, usd), Some(10_000));
        assert_eq!(convert(100, eur, eur), Some(100));
        // 1 EUR = 163.93 JPY; JPY has no minor units.
        assert_eq!(convert(100, eur, jpy), Some(164));
        assert_eq!(convert(-100, eur, jpy), Some(-164));
        assert_eq!(convert(100, eur, (2, None)), None);
        assert_eq!(convert(100, (2, Some(0)), eur), None);
        assert_eq!(convert(i64::MAX, eur, jpy), None);
    }

    #[test]
    fn weights_by_probability() {
        assert_eq!(weighted(10_000, 25), 2_500);
        assert_eq!(weighted(3, 50), 2);
        assert_eq!(weighted(-3, 50), -2);
        assert_eq!(weighted(10_000, 0), 0);
        assert_eq!(weighted(10_000, 100), 10_000);
    }
}
