//! Reading a form's text into a typed patch. A field the form did not send is left as it is,
//! an empty one is cleared, anything else is parsed by the shared rules with its error
//! reported under the field's name, so it shows next to the field, translated.

use crate::patch::Patch;
use crate::validate::{Checker, Rule};
use time::OffsetDateTime;

/// A text field: kept as typed; the service checks and trims it.
pub fn text(value: Option<String>) -> Patch<String> {
    match value {
        None => Patch::Absent,
        Some(s) if s.trim().is_empty() => Patch::Clear,
        Some(s) => Patch::Set(s),
    }
}

/// A field parsed by `rule` (an id, a date, a code, a number).
pub fn parsed<T>(
    c: &mut Checker,
    field: &str,
    value: Option<String>,
    rule: impl Fn(&str) -> Rule<Option<T>>,
) -> Patch<T> {
    let Some(text) = value else {
        return Patch::Absent;
    };
    match c.check(field, rule(&text)) {
        Some(Some(v)) => Patch::Set(v),
        Some(None) => Patch::Clear,
        None => Patch::Absent,
    }
}

/// A field that cannot be emptied (a status, a stage): a value or nothing.
pub fn chosen<T>(
    c: &mut Checker,
    field: &str,
    value: Option<String>,
    rule: impl Fn(&str) -> Rule<Option<T>>,
) -> Option<T> {
    match parsed(c, field, value, rule) {
        Patch::Set(v) => Some(v),
        _ => None,
    }
}

/// The version a form was filled in on: the record's `updated_at`, in unix nanoseconds.
pub fn version(c: &mut Checker, value: Option<String>) -> Option<OffsetDateTime> {
    let text = value.filter(|v| !v.is_empty())?;
    let at = text
        .parse::<i128>()
        .ok()
        .and_then(|n| OffsetDateTime::from_unix_timestamp_nanos(n).ok());
    if at.is_none() {
        c.fail("updated_at", "validation-invalid");
    }
    at
}

/// How a form carries a version: unix nanoseconds.
pub fn version_text(at: OffsetDateTime) -> String {
    at.unix_timestamp_nanos().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate;

    #[test]
    fn absent_empty_and_typed_fields() {
        assert_eq!(text(None), Patch::Absent);
        assert_eq!(text(Some("  ".into())), Patch::Clear);
        assert_eq!(text(Some("x".into())), Patch::Set("x".into()));
        let mut c = Checker::new();
        let date = parsed(
            &mut c,
            "d",
            Some("2026-11-30".into()),
            validate::optional_date,
        );
        assert!(matches!(date, Patch::Set(_)));
        let bad = parsed(
            &mut c,
            "e",
            Some("2026-13-01".into()),
            validate::optional_date,
        );
        assert_eq!(bad, Patch::Absent);
        let err = c.finish().expect_err("one bad date");
        assert_eq!(err.field_key("e"), Some("validation-date"));
        let mut c = Checker::new();
        let at = OffsetDateTime::from_unix_timestamp(1_700_000_000).expect("time");
        assert_eq!(version(&mut c, Some(version_text(at))), Some(at));
        assert_eq!(version(&mut c, Some(String::new())), None);
        assert!(c.finish().is_ok());
    }
}
