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
}
