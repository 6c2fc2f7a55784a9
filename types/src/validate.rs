//! Pure input rules, run by the forms in the browser and again by the services.
//! Each rule returns the normalised value or the Fluent key of its message.

use crate::error::{AppError, FieldError};

pub const PASSWORD_MIN_CHARS: usize = 12;
/// Bounds the work argon2 does on hostile input.
pub const PASSWORD_MAX_CHARS: usize = 256;
pub const NAME_MAX_CHARS: usize = 100;
pub const EMAIL_MAX_CHARS: usize = 254;

pub type Rule<T> = Result<T, &'static str>;

/// Trims and lowercases an address and checks its shape (one `@`, a dotted domain, no spaces).
pub fn email(input: &str) -> Rule<String> {
    let value = input.trim().to_lowercase();
    if value.is_empty() {
        return Err("validation-required");
    }
    if value.chars().count() > EMAIL_MAX_CHARS {
        return Err("validation-too-long");
    }
    let Some((local, domain)) = value.split_once('@') else {
        return Err("validation-email");
    };
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..");
    if local.is_empty() || !domain_ok || domain.contains('@') || value.contains(char::is_whitespace)
    {
        return Err("validation-email");
    }
    Ok(value)
}

/// A person's display name: required, trimmed, bounded, no control characters.
pub fn name(input: &str) -> Rule<String> {
    let value = input.trim();
    if value.is_empty() {
        return Err("validation-required");
    }
    if value.chars().count() > NAME_MAX_CHARS {
        return Err("validation-too-long");
    }
    if value.chars().any(char::is_control) {
        return Err("validation-invalid-characters");
    }
    Ok(value.to_owned())
}

/// A new password: length only, as NIST 800-63B advises; no composition rules.
pub fn new_password(input: &str) -> Rule<()> {
    let chars = input.chars().count();
    if chars < PASSWORD_MIN_CHARS {
        return Err("validation-password-too-short");
    }
    if chars > PASSWORD_MAX_CHARS {
        return Err("validation-too-long");
    }
    Ok(())
}

/// A password typed to sign in or confirm: only present and bounded.
pub fn entered_password(input: &str) -> Rule<()> {
    if input.is_empty() {
        return Err("validation-required");
    }
    if input.chars().count() > PASSWORD_MAX_CHARS {
        return Err("validation-too-long");
    }
    Ok(())
}

/// A stage's win probability in percent. Won stages are 100 and lost stages 0, so forecasts
/// weigh closed deals correctly.
pub fn probability(input: i16, kind: crate::dto::lookups::StageKind) -> Rule<i16> {
    use crate::dto::lookups::StageKind;
    match kind {
        _ if !(0..=100).contains(&input) => Err("validation-probability-range"),
        StageKind::Won if input != 100 => Err("validation-probability-won"),
        StageKind::Lost if input != 0 => Err("validation-probability-lost"),
        _ => Ok(input),
    }
}

/// An ISO 4217 currency code: three letters, stored upper-case.
pub fn currency_code(input: &str) -> Rule<String> {
    let code = input.trim().to_ascii_uppercase();
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(code)
    } else {
        Err("validation-currency-code")
    }
}

/// Digits after the decimal point of a currency (ISO 4217 uses 0 to 4).
pub fn minor_units(input: i16) -> Rule<i16> {
    if (0..=4).contains(&input) {
        Ok(input)
    } else {
        Err("validation-minor-units")
    }
}

pub const TITLE_MAX_CHARS: usize = 200;
pub const TEXT_MAX_CHARS: usize = 200;
pub const LONG_TEXT_MAX_CHARS: usize = 10_000;

/// A record's name or title: required, trimmed, one line, bounded.
pub fn title(input: &str) -> Rule<String> {
    optional_text(input)?.ok_or("validation-required")
}

/// An optional one-line text: trimmed, empty becomes `None`.
pub fn optional_text(input: &str) -> Rule<Option<String>> {
    let value = input.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().count() > TEXT_MAX_CHARS {
        return Err("validation-too-long");
    }
    if value.chars().any(char::is_control) {
        return Err("validation-invalid-characters");
    }
    Ok(Some(value.to_owned()))
}

/// An optional multi-line text (descriptions, addresses): line breaks and tabs allowed.
pub fn optional_long_text(input: &str) -> Rule<Option<String>> {
    let value = input.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().count() > LONG_TEXT_MAX_CHARS {
        return Err("validation-too-long");
    }
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err("validation-invalid-characters");
    }
    Ok(Some(value.replace("\r\n", "\n")))
}

pub fn optional_email(input: &str) -> Rule<Option<String>> {
    if input.trim().is_empty() {
        Ok(None)
    } else {
        email(input).map(Some)
    }
}

/// The rule of a plain optional text field. A kind declares such fields once, with
/// [`texts!`](crate::texts), and the service checks, stores and compares them by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    /// One line ([`optional_text`]).
    Line,
    /// Several lines ([`optional_long_text`]).
    Long,
    Email,
    Url,
    Phone,
}

impl Text {
    pub fn check(self, input: &str) -> Rule<Option<String>> {
        match self {
            Text::Line => optional_text(input),
            Text::Long => optional_long_text(input),
            Text::Email => optional_email(input),
            Text::Url => optional_url(input),
            Text::Phone => optional_phone(input),
        }
    }
}

/// A web address; `acme.com` becomes `https://acme.com`. Only http and https are accepted,
/// so a stored link can never run script when clicked.
pub fn optional_url(input: &str) -> Rule<Option<String>> {
    let Some(value) = optional_text(input)? else {
        return Ok(None);
    };
    let lower = value.to_ascii_lowercase();
    let (url, rest) = if lower.starts_with("https://") || lower.starts_with("http://") {
        let rest = value.split_once("://").map_or("", |(_, r)| r).to_owned();
        (value, rest)
    } else if lower.contains("://") || lower.contains(':') && !lower.contains('.') {
        return Err("validation-url");
    } else {
        (format!("https://{value}"), value)
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_ok = host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && !host.contains('@')
        && !url.contains(char::is_whitespace);
    if host_ok {
        Ok(Some(url))
    } else {
        Err("validation-url")
    }
}

/// A phone number as people write it: digits with `+ - ( ) . /` and spaces, an optional
/// extension after `x`. At least three digits.
pub fn optional_phone(input: &str) -> Rule<Option<String>> {
    let Some(value) = optional_text(input)? else {
        return Ok(None);
    };
    let allowed = |c: char| c.is_ascii_digit() || " +-()./x".contains(c);
    let digits = value.chars().filter(char::is_ascii_digit).count();
    if value.chars().count() > 32 || digits < 3 || !value.chars().all(allowed) {
        return Err("validation-phone");
    }
    Ok(Some(value))
}

/// The largest amount accepted, in minor units: room for any deal, far from overflow.
pub const AMOUNT_MAX_MINOR: i64 = 1_000_000_000_000_000;

/// An optional non-negative amount typed in major units (`1234.5`, `1,234.50`, `1.234,50`),
/// returned in minor units of a currency with `scale` decimals. The last `.` or `,` is the
/// decimal point when fewer than three digits follow it (or `scale` allows three); the other
/// separators group thousands.
/// An exchange rate (what one unit is worth in the reference currency) in millionths: `0.92`
/// is 920000. Empty means "no rate"; zero and below are refused.
pub fn exchange_rate(input: &str) -> Rule<Option<i64>> {
    match amount(input, 6) {
        Ok(Some(ppm)) if ppm <= 0 => Err("validation-exchange-rate"),
        Ok(v) => Ok(v),
        Err(_) => Err("validation-exchange-rate"),
    }
}

pub fn amount(input: &str, scale: i16) -> Rule<Option<i64>> {
    let value: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}' && *c != '\'')
        .collect();
    if value.is_empty() {
        return Ok(None);
    }
    let scale = usize::try_from(scale).map_err(|_| "validation-amount")?;
    let (whole, frac) = match value.rfind(['.', ',']) {
        Some(at) => {
            let (head, tail) = (&value[..at], &value[at + 1..]);
            let is_decimal = (tail.len() != 3 || scale >= 3 || head == "0") && !tail.is_empty();
            if is_decimal {
                (head.replace(['.', ','], ""), tail.to_owned())
            } else {
                (value.replace(['.', ','], ""), String::new())
            }
        }
        None => (value.clone(), String::new()),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(&whole) || !(frac.is_empty() || digits(&frac)) {
        return Err("validation-amount");
    }
    if frac.len() > scale {
        return Err("validation-amount-decimals");
    }
    let padded = format!("{whole}{frac:0<scale$}");
    match padded.parse::<i64>() {
        Ok(n) if n <= AMOUNT_MAX_MINOR => Ok(Some(n)),
        _ => Err("validation-amount-too-large"),
    }
}

/// A whole number from 0 to `max` (employees, minutes).
pub fn count(n: i32, max: i32) -> Rule<i32> {
    if (0..=max).contains(&n) {
        Ok(n)
    } else {
        Err("validation-out-of-range")
    }
}

/// An optional whole number from 0 to `max`, as typed.
pub fn optional_count(input: &str, max: i32) -> Rule<Option<i32>> {
    let value = input.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let n = value.parse::<i32>().map_err(|_| "validation-number")?;
    count(n, max).map(Some)
}

/// An optional ISO date (`2026-11-24`), as date inputs send it.
pub fn optional_date(input: &str) -> Rule<Option<time::Date>> {
    let value = input.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let mut parts = value.splitn(3, '-');
    let mut next = || parts.next().and_then(|p| p.parse::<i32>().ok());
    let (Some(y), Some(m), Some(d)) = (next(), next(), next()) else {
        return Err("validation-date");
    };
    let month = u8::try_from(m)
        .ok()
        .and_then(|m| time::Month::try_from(m).ok())
        .ok_or("validation-date")?;
    let day = u8::try_from(d).map_err(|_| "validation-date")?;
    if !(1800..=9999).contains(&y) {
        return Err("validation-date");
    }
    time::Date::from_calendar_date(y, month, day)
        .map(Some)
        .map_err(|_| "validation-date")
}

/// `2026-11-24T14:30` (a datetime-local input), taken as UTC; empty means now.
pub fn moment(input: &str) -> Rule<Option<time::OffsetDateTime>> {
    let value = input.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let (date, time) = value.split_once('T').ok_or("validation-date")?;
    let date = optional_date(date)?.ok_or("validation-date")?;
    let mut parts = time.splitn(3, ':');
    let mut next = || {
        parts
            .next()
            .and_then(|p| p.get(..2).unwrap_or(p).parse::<u8>().ok())
    };
    let (Some(h), Some(m)) = (next(), next()) else {
        return Err("validation-date");
    };
    let time = time::Time::from_hms(h, m, 0).map_err(|_| "validation-date")?;
    Ok(Some(time::PrimitiveDateTime::new(date, time).assume_utc()))
}

/// An optional reference by id (a lookup, a user, a record) as a form sends it.
pub fn optional_id<T: std::str::FromStr>(input: &str) -> Rule<Option<T>> {
    let value = input.trim();
    if value.is_empty() {
        return Ok(None);
    }
    value.parse().map(Some).map_err(|_| "validation-invalid")
}

/// An optional choice from a fixed set of codes.
pub fn optional_code<T>(input: &str, from_code: impl Fn(&str) -> Option<T>) -> Rule<Option<T>> {
    let value = input.trim();
    if value.is_empty() {
        return Ok(None);
    }
    from_code(value).map(Some).ok_or("validation-invalid")
}

/// A percentage in basis points, 0 to 100 %.
pub fn basis_points(bp: i64) -> Rule<i64> {
    if (0..=10_000).contains(&bp) {
        Ok(bp)
    } else {
        Err("validation-rate")
    }
}

/// An optional percentage with up to two decimals (`19`, `7.5`), in basis points (0–10000).
pub fn rate(input: &str) -> Rule<Option<i64>> {
    let value = input.trim().trim_end_matches('%').trim_end();
    match amount(value, 2) {
        Ok(Some(bp)) => basis_points(bp).map(Some),
        Ok(None) => Ok(None),
        Err(_) => Err("validation-rate"),
    }
}

/// A quantity above zero with up to three decimals, in thousandths; empty means one.
pub fn quantity(input: &str) -> Rule<i64> {
    match amount(input, 3) {
        Ok(None) => Ok(1000),
        Ok(Some(q)) => quantity_milli(q),
        Err(_) => Err("validation-quantity"),
    }
}

/// A quantity in thousandths: above zero, at most a million units.
pub fn quantity_milli(q: i64) -> Rule<i64> {
    if q > 0 && q <= 1_000_000_000 {
        Ok(q)
    } else {
        Err("validation-quantity")
    }
}

pub const TAG_MAX_CHARS: usize = 32;
pub const TAGS_MAX: usize = 20;

/// Comma-separated tags: trimmed, duplicates (ignoring case) dropped, each short.
pub fn tags(input: &str) -> Rule<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for tag in input.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        if tag.chars().count() > TAG_MAX_CHARS || tag.chars().any(char::is_control) {
            return Err("validation-tag");
        }
        if !out.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
            out.push(tag.to_owned());
        }
    }
    if out.len() > TAGS_MAX {
        return Err("validation-too-many-tags");
    }
    Ok(out)
}

/// The longest text a search box, picker or list filter looks at. Longer input is refused
/// rather than cut, so nobody wonders why the end of their query was ignored.
pub const QUERY_MAX_CHARS: usize = 200;

/// What someone typed into a search box, picker or list filter: one line, bounded, trimmed.
pub fn query(input: &str) -> Rule<String> {
    if input.chars().count() > QUERY_MAX_CHARS {
        return Err("validation-too-long");
    }
    if input.chars().any(char::is_control) {
        return Err("validation-invalid-characters");
    }
    Ok(input.trim().to_owned())
}

/// The longest path followed after an action (`next`, `back`).
pub const PATH_MAX_CHARS: usize = 2_000;

/// `input` when it is a path on this site, safe to redirect to: it starts with one `/`, and
/// holds no backslash, whitespace or control character. Browsers drop tabs and line breaks
/// from URLs, so `/\t/evil.example` would otherwise be followed as `//evil.example`.
pub fn local_path(input: &str) -> Option<&str> {
    let mut chars = input.chars();
    let ok = chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && input.chars().count() <= PATH_MAX_CHARS
        && !input
            .chars()
            .any(|c| c == '\\' || c.is_whitespace() || c.is_control());
    ok.then_some(input)
}

/// Collects field errors so a form reports every problem at once.
#[derive(Default, Debug)]
pub struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs `rule` for `field`; returns the value when it passes.
    pub fn check<T>(&mut self, field: &str, rule: Rule<T>) -> Option<T> {
        match rule {
            Ok(v) => Some(v),
            Err(key) => {
                self.fail(field, key);
                None
            }
        }
    }

    pub fn fail(&mut self, field: &str, key: &str) {
        self.errors.push(FieldError::new(field, key));
    }

    /// A checker that starts with errors found earlier (fields a form could not read).
    pub fn with_errors(errors: Vec<FieldError>) -> Self {
        Self { errors }
    }

    /// The errors found so far.
    pub fn into_errors(self) -> Vec<FieldError> {
        self.errors
    }

    pub fn finish(self) -> Result<(), AppError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation {
                fields: self.errors,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_rules() {
        let cases = [
            ("  Ada@Example.COM ", Ok("ada@example.com".to_owned())),
            ("", Err("validation-required")),
            ("ada", Err("validation-email")),
            ("ada@example", Err("validation-email")),
            ("@example.com", Err("validation-email")),
            ("ada@.com", Err("validation-email")),
            ("ada@example..com", Err("validation-email")),
            ("a da@example.com", Err("validation-email")),
            ("a@b@example.com", Err("validation-email")),
        ];
        for (input, want) in cases {
            assert_eq!(email(input), want, "{input:?}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(email(&long), Err("validation-too-long"));
    }

    #[test]
    fn password_rules_count_characters_not_bytes() {
        assert_eq!(new_password("short"), Err("validation-password-too-short"));
        assert_eq!(new_password("ääääääääääää"), Ok(()));
        assert_eq!(
            new_password("ääääääääääa"),
            Err("validation-password-too-short")
        );
        assert_eq!(new_password(&"x".repeat(257)), Err("validation-too-long"));
        assert_eq!(entered_password(""), Err("validation-required"));
    }

    #[test]
    fn name_rules() {
        assert_eq!(name("  Ada Lovelace "), Ok("Ada Lovelace".to_owned()));
        assert_eq!(name("   "), Err("validation-required"));
        assert_eq!(name("a\u{0007}b"), Err("validation-invalid-characters"));
        assert_eq!(name(&"n".repeat(101)), Err("validation-too-long"));
    }

    #[test]
    fn stage_and_currency_rules() {
        use crate::dto::lookups::StageKind;
        let cases = [
            (40, StageKind::Open, Ok(40)),
            (0, StageKind::Open, Ok(0)),
            (101, StageKind::Open, Err("validation-probability-range")),
            (-1, StageKind::Lost, Err("validation-probability-range")),
            (100, StageKind::Won, Ok(100)),
            (90, StageKind::Won, Err("validation-probability-won")),
            (10, StageKind::Lost, Err("validation-probability-lost")),
        ];
        for (p, kind, want) in cases {
            assert_eq!(probability(p, kind), want, "{p} {kind:?}");
        }
        assert_eq!(currency_code(" eur "), Ok("EUR".to_owned()));
        assert_eq!(currency_code("EURO"), Err("validation-currency-code"));
        assert_eq!(currency_code("E1R"), Err("validation-currency-code"));
        assert_eq!(minor_units(2), Ok(2));
        assert_eq!(minor_units(5), Err("validation-minor-units"));
    }

    #[test]
    fn checker_reports_every_field() {
        let mut c = Checker::new();
        assert_eq!(c.check("email", email("nope")), None);
        assert_eq!(c.check("name", name("Ada")), Some("Ada".to_owned()));
        c.check("password", new_password("short"));
        let err = c.finish().expect_err("two fields are invalid");
        assert_eq!(err.field_key("email"), Some("validation-email"));
        assert_eq!(
            err.field_key("password"),
            Some("validation-password-too-short")
        );
        assert_eq!(err.field_key("name"), None);
    }

    #[test]
    fn record_field_rules() {
        assert_eq!(title("  Acme "), Ok("Acme".to_owned()));
        assert_eq!(title(" "), Err("validation-required"));
        assert_eq!(optional_text(""), Ok(None));
        assert_eq!(optional_long_text("a\r\nb"), Ok(Some("a\nb".to_owned())));
        assert_eq!(
            optional_url("acme.com"),
            Ok(Some("https://acme.com".to_owned()))
        );
        assert_eq!(
            optional_url("HTTP://acme.com/x"),
            Ok(Some("HTTP://acme.com/x".to_owned()))
        );
        assert_eq!(optional_url("javascript:alert(1)"), Err("validation-url"));
        assert_eq!(optional_url("ftp://acme.com"), Err("validation-url"));
        assert_eq!(optional_url("acme"), Err("validation-url"));
        assert_eq!(
            optional_phone("+49 (30) 123-45 x7"),
            Ok(Some("+49 (30) 123-45 x7".to_owned()))
        );
        assert_eq!(optional_phone("call me"), Err("validation-phone"));
        assert_eq!(optional_count("12", 100), Ok(Some(12)));
        assert_eq!(optional_count("-1", 100), Err("validation-out-of-range"));
        assert_eq!(optional_count("x", 100), Err("validation-number"));
        assert_eq!(
            optional_date("2026-02-28"),
            Ok(time::Date::from_calendar_date(2026, time::Month::February, 28).ok())
        );
        assert_eq!(optional_date("2026-02-30"), Err("validation-date"));
        assert_eq!(
            tags("vip, Berlin,VIP ,"),
            Ok(vec!["vip".to_owned(), "Berlin".to_owned()])
        );
    }

    #[test]
    fn only_plain_local_paths_are_followed() {
        for good in ["/", "/accounts/1?tab=history", "/a%20b"] {
            assert_eq!(local_path(good), Some(good), "{good:?}");
        }
        for bad in [
            "",
            "accounts",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/ok\r\nSet-Cookie: x=1",
            "/a b",
            "https://evil.example",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
        assert_eq!(
            local_path(&format!("/{}", "a".repeat(PATH_MAX_CHARS))),
            None
        );
    }

    #[test]
    fn queries_are_one_bounded_line() {
        assert_eq!(query("  Ada Allen "), Ok("Ada Allen".to_owned()));
        assert_eq!(query("a\u{0}b"), Err("validation-invalid-characters"));
        assert_eq!(
            query(&"x".repeat(QUERY_MAX_CHARS + 1)),
            Err("validation-too-long")
        );
    }

    #[test]
    fn amounts_accept_both_decimal_marks() {
        let cases = [
            ("1234", 2, Ok(Some(123400))),
            ("1234.5", 2, Ok(Some(123450))),
            ("1,234.50", 2, Ok(Some(123450))),
            ("1.234,50", 2, Ok(Some(123450))),
            ("1 234,5", 2, Ok(Some(123450))),
            ("1,234", 2, Ok(Some(123400))),
            ("1.234.567", 2, Ok(Some(123456700))),
            ("1500", 0, Ok(Some(1500))),
            ("", 2, Ok(None)),
            ("0.001", 2, Err("validation-amount-decimals")),
            ("-5", 2, Err("validation-amount")),
            ("12a", 2, Err("validation-amount")),
            (
                "99999999999999999999",
                2,
                Err("validation-amount-too-large"),
            ),
        ];
        for (input, scale, want) in cases {
            assert_eq!(amount(input, scale), want, "{input:?}");
        }
    }
}
