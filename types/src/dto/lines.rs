//! Line items and document totals, in integers: quantities in thousandths, money in minor
//! units, rates in basis points (1/100 of a percent). The browser previews totals with the
//! same code the server stores them with.

use serde::{Deserialize, Serialize};

/// Thousandths in one unit of quantity (`1.5` hours is 1500).
pub const QTY_SCALE: i64 = 1000;
/// Basis points in 100 % (`19 %` is 1900).
pub const RATE_SCALE: i64 = 10_000;

crate::code_enum! {
    /// How a line's discount is given.
    DiscountKind {
        Percent = "percent",
        Amount = "amount",
    }
}

/// A line's discount as stored: a rate in basis points (`percent`) or an amount in minor units
/// of the document's currency (`amount`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Discount {
    pub kind: DiscountKind,
    pub value: i64,
}

/// The figures of one line, as entered (in integers).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineFigures {
    pub quantity_milli: i64,
    pub unit_price: i64,
    /// `None`: no discount.
    pub discount: Option<(DiscountKind, i64)>,
    pub tax_rate_bp: i64,
}

/// A line's computed amounts, in minor units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineAmounts {
    /// Quantity × unit price.
    pub gross: i64,
    pub discount: i64,
    /// Gross less discount: what tax is charged on.
    pub net: i64,
    pub tax: i64,
    pub total: i64,
}

/// `value × num / den`, rounded half away from zero, in 128 bits so no product overflows.
fn mul_div_round(value: i64, num: i64, den: i64) -> i64 {
    let (v, n, d) = (i128::from(value), i128::from(num), i128::from(den));
    let product = v * n;
    let half = d / 2;
    let rounded = if product >= 0 {
        (product + half) / d
    } else {
        (product - half) / d
    };
    i64::try_from(rounded).unwrap_or(if rounded > 0 { i64::MAX } else { i64::MIN })
}

impl LineFigures {
    pub fn amounts(&self) -> LineAmounts {
        let gross = mul_div_round(self.quantity_milli, self.unit_price, QTY_SCALE);
        let discount = match self.discount {
            Some((DiscountKind::Percent, bp)) => mul_div_round(gross, bp, RATE_SCALE),
            Some((DiscountKind::Amount, minor)) => minor.min(gross),
            None => 0,
        };
        let net = gross - discount;
        let tax = mul_div_round(net, self.tax_rate_bp, RATE_SCALE);
        LineAmounts {
            gross,
            discount,
            net,
            tax,
            total: net.saturating_add(tax),
        }
    }
}

/// A document's totals: the sums of its lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Totals {
    pub net: i64,
    pub discount: i64,
    pub tax: i64,
    pub total: i64,
}

pub fn totals(lines: impl IntoIterator<Item = LineAmounts>) -> Totals {
    lines.into_iter().fold(Totals::default(), |t, l| Totals {
        net: t.net.saturating_add(l.net),
        discount: t.discount.saturating_add(l.discount),
        tax: t.tax.saturating_add(l.tax),
        total: t.total.saturating_add(l.total),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_amounts_round_half_away_from_zero() {
        // 1.5 × 19.99 = 29.985 → 29.99; 10 % off → 3.00 (2.999); net 26.99; 19 % tax 5.13.
        let line = LineFigures {
            quantity_milli: 1500,
            unit_price: 1999,
            discount: Some((DiscountKind::Percent, 1000)),
            tax_rate_bp: 1900,
        };
        assert_eq!(
            line.amounts(),
            LineAmounts {
                gross: 2999,
                discount: 300,
                net: 2699,
                tax: 513,
                total: 3212
            }
        );
        let capped = LineFigures {
            quantity_milli: 1000,
            unit_price: 500,
            discount: Some((DiscountKind::Amount, 900)),
            tax_rate_bp: 0,
        };
        assert_eq!(
            capped.amounts().net,
            0,
            "a fixed discount never goes below zero"
        );
        let t = totals([line.amounts(), capped.amounts()]);
        assert_eq!((t.net, t.tax, t.total), (2699, 513, 3212));
    }

    #[test]
    fn huge_figures_do_not_overflow() {
        let line = LineFigures {
            quantity_milli: 1_000_000_000,
            unit_price: 1_000_000_000_000,
            discount: None,
            tax_rate_bp: 2500,
        };
        assert_eq!(line.amounts().gross, 1_000_000_000_000_000_000);
        let beyond = LineFigures {
            unit_price: i64::MAX,
            ..line
        };
        assert_eq!(
            beyond.amounts().gross,
            i64::MAX,
            "saturates; services reject it"
        );
    }
}
