//! Dates and numbers written the way each language's readers expect.

use time::{Date, OffsetDateTime};
use types::lang::Lang;
use types::money::Money;

/// A calendar date, e.g. `11/24/2026` (en), `24.11.2026` (de), `2026/11/24` (ja).
pub fn date(lang: Lang, at: OffsetDateTime) -> String {
    calendar_date(lang, at.date())
}

/// A date without a time of day (a birthday, a close date).
pub fn calendar_date(lang: Lang, on: Date) -> String {
    let (y, m, d) = (on.year(), u8::from(on.month()), on.day());
    match lang {
        Lang::En => format!("{m}/{d}/{y}"),
        Lang::Es | Lang::Fr => format!("{d:02}/{m:02}/{y}"),
        Lang::De | Lang::Uk => format!("{d:02}.{m:02}.{y}"),
        Lang::Cs => format!("{d}. {m}. {y}"),
        Lang::Ja => format!("{y}/{m:02}/{d:02}"),
    }
}

/// A date and 24-hour time in UTC (en uses 12-hour time).
pub fn date_time(lang: Lang, at: OffsetDateTime) -> String {
    let (h, min) = (at.hour(), at.minute());
    let time = match lang {
        Lang::En => {
            let h12 = if h % 12 == 0 { 12 } else { h % 12 };
            let ampm = if h < 12 { "AM" } else { "PM" };
            format!("{h12}:{min:02} {ampm}")
        }
        _ => format!("{h:02}:{min:02}"),
    };
    format!("{} {time} UTC", date(lang, at))
}

/// An integer with the language's digit grouping.
pub fn integer(lang: Lang, n: i64) -> String {
    let sep = match lang {
        Lang::En | Lang::Ja => ",",
        Lang::Es | Lang::De => ".",
        // Narrow no-break space (fr) and no-break space (cs, uk), as CLDR has them.
        Lang::Fr => "\u{202f}",
        Lang::Cs | Lang::Uk => "\u{a0}",
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
}

/// A number stored in `scale` decimal places (a rate in basis points has 2, a quantity in
/// thousandths 3), written with the language's decimal mark and no trailing zeros.
pub fn decimal(lang: Lang, value: i64, scale: u32) -> String {
    let factor = 10i64.pow(scale);
    let mut out = integer(lang, value / factor);
    if value < 0 && value / factor == 0 {
        out.insert(0, '-');
    }
    let frac = format!("{:0width$}", (value % factor).abs(), width = scale as usize);
    let frac = frac.trim_end_matches('0');
    if !frac.is_empty() {
        out.push(if matches!(lang, Lang::En | Lang::Ja) {
            '.'
        } else {
            ','
        });
        out.push_str(frac);
    }
    out
}

/// A rate in basis points as a percentage: `19 %`, `7.5 %` (en writes `19%`).
pub fn rate(lang: Lang, bp: i64) -> String {
    let number = decimal(lang, bp, 2);
    match lang {
        Lang::En | Lang::Ja => format!("{number}%"),
        _ => format!("{number}\u{a0}%"),
    }
}

/// The symbol of a few common currencies; others show their ISO code.
fn symbol(code: &str) -> Option<&'static str> {
    Some(match code {
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        "JPY" => "¥",
        "UAH" => "₴",
        "CZK" => "Kč",
        _ => return None,
    })
}

/// An amount the way the language writes money: `€1,250.00` (en), `1.250,00 €` (de).
pub fn money(lang: Lang, m: &Money) -> String {
    let scale = u32::try_from(m.scale).unwrap_or(0);
    let factor = 10i64.pow(scale);
    let mut number = integer(lang, m.minor / factor);
    if m.minor < 0 && m.minor / factor == 0 {
        number.insert(0, '-');
    }
    if scale > 0 {
        let point = if matches!(lang, Lang::En | Lang::Ja) {
            '.'
        } else {
            ','
        };
        let frac = (m.minor % factor).abs();
        number.push(point);
        number.push_str(&format!("{frac:0width$}", width = scale as usize));
    }
    match (symbol(&m.currency), lang) {
        (Some(sym), Lang::En | Lang::Ja) => format!("{sym}{number}"),
        (Some(sym), _) => format!("{number}\u{a0}{sym}"),
        (None, _) => format!("{number}\u{a0}{}", m.currency),
    }
}

/// A currency as a select offers it: its code, and "EUR · Euro".
pub fn currency_option(c: types::dto::lookups::Currency) -> (String, String) {
    let label = format!("{} · {}", c.code, c.name);
    (c.code, label)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn dates_per_locale() {
        let at = datetime!(2026-03-05 14:07 UTC);
        let cases = [
            (Lang::En, "3/5/2026", "3/5/2026 2:07 PM UTC"),
            (Lang::De, "05.03.2026", "05.03.2026 14:07 UTC"),
            (Lang::Fr, "05/03/2026", "05/03/2026 14:07 UTC"),
            (Lang::Ja, "2026/03/05", "2026/03/05 14:07 UTC"),
            (Lang::Cs, "5. 3. 2026", "5. 3. 2026 14:07 UTC"),
        ];
        for (lang, d, dt) in cases {
            assert_eq!(date(lang, at), d);
            assert_eq!(date_time(lang, at), dt);
        }
        assert_eq!(
            date_time(Lang::En, datetime!(2026-03-05 00:30 UTC)),
            "3/5/2026 12:30 AM UTC"
        );
    }

    #[test]
    fn integers_per_locale() {
        assert_eq!(integer(Lang::En, 1234567), "1,234,567");
        assert_eq!(integer(Lang::De, -1234), "-1.234");
        assert_eq!(integer(Lang::Fr, 1000), "1\u{202f}000");
        assert_eq!(integer(Lang::Ja, 999), "999");
        assert_eq!(integer(Lang::Cs, 0), "0");
    }

    #[test]
    fn rates_and_quantities() {
        assert_eq!(rate(Lang::En, 1900), "19%");
        assert_eq!(rate(Lang::De, 750), "7,5\u{a0}%");
        assert_eq!(decimal(Lang::En, 1500, 3), "1.5");
        assert_eq!(decimal(Lang::Fr, 3000, 3), "3");
    }

    #[test]
    fn money_per_locale() {
        let m = |minor, currency: &str, scale| Money {
            minor,
            currency: currency.into(),
            scale,
        };
        assert_eq!(money(Lang::En, &m(125_000, "EUR", 2)), "€1,250.00");
        assert_eq!(money(Lang::De, &m(125_000, "EUR", 2)), "1.250,00\u{a0}€");
        assert_eq!(money(Lang::Fr, &m(5, "CHF", 2)), "0,05\u{a0}CHF");
        assert_eq!(money(Lang::Ja, &m(1500, "JPY", 0)), "¥1,500");
    }
}
