//! Dates and numbers written the way each language's readers expect.

use time::OffsetDateTime;
use types::lang::Lang;

/// A calendar date, e.g. `11/24/2026` (en), `24.11.2026` (de), `2026/11/24` (ja).
pub fn date(lang: Lang, at: OffsetDateTime) -> String {
    let (y, m, d) = (at.year(), u8::from(at.month()), at.day());
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
}
