//! Money, in one place: amounts kept as integer minor units of a currency ([`Money`]), amounts
//! as typed before their currency's decimals are known ([`Amount`]), conversion between
//! currencies through exchange rates, probability weighting, and sums too large for 64 bits.
//! Never floats.

use serde::{Deserialize, Deserializer, Serialize};

/// An amount in a currency's minor units (cents), with the digits it has after the point.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    pub minor: i64,
    pub currency: String,
    pub scale: i16,
}

impl Money {
    /// The amount as a form shows it for editing: `1234.50`.
    pub fn to_input(&self) -> String {
        let scale = u32::try_from(self.scale).unwrap_or(0);
        let factor = 10i64.pow(scale);
        let (whole, frac) = (self.minor / factor, (self.minor % factor).abs());
        // `-0.50` has a whole part of 0, which carries no sign of its own.
        let sign = if self.minor < 0 && whole == 0 {
            "-"
        } else {
            ""
        };
        if scale == 0 {
            whole.to_string()
        } else {
            format!("{sign}{whole}.{frac:0width$}", width = scale as usize)
        }
    }
}

/// An amount as someone typed or sent it (`1250.5`, `1,250.50`, `1.250,50`), read in the
/// decimals of its currency once that is known: `1,234` is 1234 euros but 1.234 dinars.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Amount(pub String);

impl Amount {
    /// In minor units of a currency with `scale` decimals; `None` when empty.
    pub fn minor(&self, scale: i16) -> crate::validate::Rule<Option<i64>> {
        crate::validate::amount(&self.0, scale)
    }
}

/// Sent as a JSON number or a string; never read as a float.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Amount {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
        OneOfBuilder::new()
            .item(ObjectBuilder::new().schema_type(Type::String))
            .item(ObjectBuilder::new().schema_type(Type::Number))
            .description(Some(
                "An amount in the record's currency, as a number or a string such as \"1250.50\"",
            ))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Amount {}

impl From<&str> for Amount {
    fn from(s: &str) -> Self {
        Amount(s.to_owned())
    }
}

/// A JSON number or string.
impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Text(String),
            Number(serde_json::Number),
        }
        Ok(Amount(match Raw::deserialize(d)? {
            Raw::Text(s) => s,
            Raw::Number(n) => n.to_string(),
        }))
    }
}

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

/// An exchange rate in millionths as the decimal people type: `0.92`, `1`, `0.000123`.
pub fn rate_text(ppm: i64) -> String {
    let text = format!("{}.{:06}", ppm / 1_000_000, (ppm % 1_000_000).abs());
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Each currency's (digits after the point, exchange rate in millionths), by code.
pub type Rates = std::collections::HashMap<String, (i16, Option<i64>)>;

/// Sums in several currencies as one sum in `currency`, through the exchange rates; sums in
/// currencies without a rate come back apart.
pub fn sum_in<'a>(
    sums: impl IntoIterator<Item = (&'a String, i64)>,
    rates: &Rates,
    currency: &str,
) -> (i64, Vec<Money>) {
    let target = rates.get(currency).copied().unwrap_or((2, None));
    let (mut total, mut apart) = (0i64, Vec::new());
    for (code, sum) in sums {
        let from = rates.get(code).copied().unwrap_or((2, None));
        match (code == currency)
            .then_some(sum)
            .or_else(|| convert(sum, from, target))
        {
            Some(v) => total = total.saturating_add(v),
            None => apart.push(Money {
                minor: sum,
                currency: code.clone(),
                scale: from.0,
            }),
        }
    }
    (total, apart)
}

/// A sum kept as exact halves (SQL adds amounts divided by 2^32 and their remainders
/// separately, which never overflows), joined and saturated into an `i64` for display: a sum
/// past 92 quadrillion shows as the largest amount rather than failing.
pub fn joined(high: i64, low: i64) -> i64 {
    let total = i128::from(high) * i128::from(HALF) + i128::from(low);
    i64::try_from(total).unwrap_or(if total < 0 { i64::MIN } else { i64::MAX })
}

/// 2^32, the unit of a sum's high half.
pub const HALF: i64 = 1 << 32;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_edited_in_major_units() {
        let m = |minor, scale| Money {
            minor,
            currency: "EUR".into(),
            scale,
        };
        assert_eq!(m(123450, 2).to_input(), "1234.50");
        assert_eq!(m(5, 2).to_input(), "0.05");
        assert_eq!(m(-5, 2).to_input(), "-0.05");
        assert_eq!(m(-150, 2).to_input(), "-1.50");
        assert_eq!(m(1200, 0).to_input(), "1200");
    }

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

    #[test]
    fn rates_read_as_short_decimals() {
        assert_eq!(rate_text(920_000), "0.92");
        assert_eq!(rate_text(1_000_000), "1");
        assert_eq!(rate_text(123), "0.000123");
        assert_eq!(rate_text(158_250_000), "158.25");
    }

    #[test]
    fn halves_join_exactly_and_saturate() {
        assert_eq!(joined(0, 5), 5);
        assert_eq!(joined(1, 0), HALF);
        assert_eq!(joined(i64::MAX, 0), i64::MAX);
        let amounts = [900_000_000_000_000_000i64; 12];
        let (high, low) = amounts
            .iter()
            .fold((0i64, 0i64), |(h, l), a| (h + a / HALF, l + a % HALF));
        assert_eq!(joined(high, low), i64::MAX);
        assert_eq!(joined(high / 12, low / 12), 900_000_000_000_000_000);
    }

    #[test]
    fn amounts_read_numbers_and_strings() {
        let a: Amount = serde_json::from_str("1250.5").expect("number");
        assert_eq!(a.minor(2), Ok(Some(125_050)));
        let a: Amount = serde_json::from_str("\"1.234\"").expect("string");
        assert_eq!(
            (a.minor(2), a.minor(3)),
            (Ok(Some(123_400)), Ok(Some(1_234)))
        );
    }
}
