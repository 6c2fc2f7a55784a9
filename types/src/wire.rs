//! How days and moments travel as JSON, to the browser and to API clients alike: a day as
//! `2026-11-30`, a moment as RFC 3339 in UTC (`2026-11-30T14:06:59.123456Z`), which every
//! language's standard library reads. (The `time` crate's own serde form is a tuple of
//! numbers, and its text forms would bring its formatting and parsing machinery into the
//! wasm.) Reading accepts any RFC 3339 offset.
//!
//! On a field of type `Date` or `OffsetDateTime`: `#[serde(with = "crate::wire::text")]`;
//! `wire::option` for an `Option` of one, `wire::patch` for a `Patch`.

use crate::patch::Patch;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serializer};
use std::borrow::Cow;
use std::fmt;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// A value that travels as text.
pub trait Wire: Sized {
    /// What the text should have been, for the error.
    const EXPECTED: &'static str;
    fn write(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
    fn read(text: &str) -> Option<Self>;
}

impl Wire for Date {
    const EXPECTED: &'static str = "a date, YYYY-MM-DD";

    fn write(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let month = u8::from(self.month());
        write!(f, "{:04}-{month:02}-{:02}", self.year(), self.day())
    }

    fn read(text: &str) -> Option<Self> {
        parse_day(text)
    }
}

impl Wire for OffsetDateTime {
    const EXPECTED: &'static str = "an RFC 3339 date and time";

    fn write(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.to_offset(UtcOffset::UTC);
        at.date().write(f)?;
        let (h, m, s) = (at.hour(), at.minute(), at.second());
        write!(f, "T{h:02}:{m:02}:{s:02}.{:06}Z", at.microsecond())
    }

    fn read(text: &str) -> Option<Self> {
        parse_moment(text)
    }
}

/// Shows a [`Wire`] value as its text.
struct Text<'a, T>(&'a T);

impl<T: Wire> fmt::Display for Text<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write(f)
    }
}

/// Two ASCII digits as a number.
fn two(s: &str, at: usize) -> Option<u8> {
    let pair = s.get(at..at + 2)?;
    pair.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| pair.parse().ok())
        .flatten()
}

/// `YYYY-MM-DD`, strictly.
pub fn parse_day(s: &str) -> Option<Date> {
    let year = s.get(0..4)?;
    if s.len() != 10 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if s.as_bytes().get(4) != Some(&b'-') || s.as_bytes().get(7) != Some(&b'-') {
        return None;
    }
    let month = time::Month::try_from(two(s, 5)?).ok()?;
    Date::from_calendar_date(year.parse().ok()?, month, two(s, 8)?).ok()
}

/// An RFC 3339 date and time: `YYYY-MM-DDTHH:MM:SS`, optional fraction, then `Z` or an
/// offset `±HH:MM`.
pub fn parse_moment(s: &str) -> Option<OffsetDateTime> {
    let day = parse_day(s.get(0..10)?)?;
    let rest = s.get(10..)?.strip_prefix(['T', 't', ' '])?;
    if rest.as_bytes().get(2) != Some(&b':') || rest.as_bytes().get(5) != Some(&b':') {
        return None;
    }
    let (hour, minute, second) = (two(rest, 0)?, two(rest, 3)?, two(rest, 6)?);
    let mut rest = rest.get(8..)?;
    let mut nanos = 0u32;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if !(1..=9).contains(&digits) {
            return None;
        }
        let scale = 10u32.pow(9 - u32::try_from(digits).ok()?);
        nanos = frac.get(..digits)?.parse::<u32>().ok()? * scale;
        rest = frac.get(digits..)?;
    }
    let offset = match rest {
        "Z" | "z" => UtcOffset::UTC,
        _ => {
            let sign: i8 = match rest.as_bytes().first() {
                Some(b'+') => 1,
                Some(b'-') => -1,
                _ => return None,
            };
            if rest.len() != 6 || rest.as_bytes().get(3) != Some(&b':') {
                return None;
            }
            let (h, m) = (two(rest, 1)?, two(rest, 4)?);
            let (h, m) = (i8::try_from(h).ok()?, i8::try_from(m).ok()?);
            UtcOffset::from_hms(sign * h, sign * m, 0).ok()?
        }
    };
    let time = Time::from_hms_nano(hour, minute, second, nanos).ok()?;
    Some(PrimitiveDateTime::new(day, time).assume_offset(offset))
}

fn read<'de, T: Wire, D: Deserializer<'de>>(text: &str) -> Result<T, D::Error> {
    T::read(text).ok_or_else(|| D::Error::custom(format!("expected {}", T::EXPECTED)))
}

/// A value as its text.
pub mod text {
    use super::*;

    pub fn serialize<T: Wire, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&Text(v))
    }

    pub fn deserialize<'de, T: Wire, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        read::<T, D>(&Cow::<'de, str>::deserialize(d)?)
    }
}

/// An optional value: its text or `null`.
pub mod option {
    use super::*;

    pub fn serialize<T: Wire, S: Serializer>(v: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.collect_str(&Text(v)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, T: Wire, D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
        Option::<Cow<'de, str>>::deserialize(d)?
            .map(|t| read::<T, D>(&t))
            .transpose()
    }
}

/// A value in a patch: absent (the field is skipped), `null`, or its text.
pub mod patch {
    use super::*;

    pub fn serialize<T: Wire, S: Serializer>(v: &Patch<T>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Patch::Set(v) => s.collect_str(&Text(v)),
            _ => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, T: Wire, D: Deserializer<'de>>(d: D) -> Result<Patch<T>, D::Error> {
        option::deserialize(d).map(Patch::from_option)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use time::macros::{date, datetime};

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    struct Stamped {
        #[serde(with = "option")]
        at: Option<OffsetDateTime>,
        #[serde(with = "option")]
        on: Option<Date>,
        #[serde(with = "patch", skip_serializing_if = "Patch::is_absent")]
        due: Patch<Date>,
    }

    #[test]
    fn moments_and_days_are_rfc_3339_text() {
        let s = Stamped {
            at: Some(datetime!(2026-11-30 14:06:59.1234567 +01:00)),
            on: Some(date!(2026 - 02 - 03)),
            due: Patch::Clear,
        };
        let json = serde_json::to_string(&s).expect("json");
        assert_eq!(
            json,
            r#"{"at":"2026-11-30T13:06:59.123456Z","on":"2026-02-03","due":null}"#
        );
        let back: Stamped = serde_json::from_str(&json).expect("read back");
        assert_eq!(back.on, s.on);
        assert_eq!(back.due, Patch::Clear);
        assert_eq!(
            back.at.map(|a| a.unix_timestamp_nanos()),
            Some(datetime!(2026-11-30 13:06:59.123456 UTC).unix_timestamp_nanos())
        );
        let absent: Stamped = serde_json::from_str("{}").expect("empty");
        assert_eq!(absent, Stamped::default());
    }

    #[test]
    fn any_rfc_3339_offset_reads_and_anything_else_does_not() {
        let want = datetime!(2026-11-30 12:00 UTC);
        for ok in [
            "2026-11-30T12:00:00Z",
            "2026-11-30t12:00:00z",
            "2026-11-30 12:00:00Z",
            "2026-11-30T13:30:00+01:30",
            "2026-11-30T07:00:00.000-05:00",
        ] {
            assert_eq!(parse_moment(ok), Some(want), "{ok}");
        }
        for bad in [
            "",
            "2026-11-30",
            "2026-11-30T12:00Z",
            "2026-11-30T12:00:00",
            "2026-11-30T25:00:00Z",
            "2026-11-30T12:00:00.Z",
            "2026-11-30T12:00:00.1234567891Z",
            "2026-11-30T12:00:00+1:00",
            "2026-13-01T12:00:00Z",
            "２026-11-30T12:00:00Z",
        ] {
            assert_eq!(parse_moment(bad), None, "{bad}");
        }
        assert_eq!(parse_day("2026-02-29"), None);
        assert_eq!(parse_day("2028-02-29"), Some(date!(2028 - 02 - 29)));
        assert_eq!(parse_day("2026-2-3"), None);
        assert!(serde_json::from_str::<Stamped>(r#"{"on":[2026,34]}"#).is_err());
    }
}
