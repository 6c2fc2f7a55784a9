//! Five-field cron expressions for recurring jobs: `minute hour day-of-month month
//! day-of-week`, in UTC, each field `*`, a number, a range `a-b`, a step `*/n` or `a-b/n`,
//! or a comma list of those. As in cron, when both day fields are restricted a day matching
//! either one runs.

use std::str::FromStr;
use time::{Duration, OffsetDateTime, Time};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cron {
    minutes: u64,
    hours: u32,
    days: u32,
    months: u16,
    weekdays: u8,
    any_day: bool,
    any_weekday: bool,
}

/// The values a field allows, as bits, and whether it was `*`.
fn field(text: &str, min: u32, max: u32) -> Result<(u64, bool), String> {
    let mut bits = 0u64;
    for part in text.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => (
                r,
                s.parse::<u32>()
                    .map_err(|_| format!("bad step in {part:?}"))?,
            ),
            None => (part, 1),
        };
        if step == 0 {
            return Err(format!("a step of 0 in {part:?}"));
        }
        let (from, to) = match range {
            "*" => (min, max),
            r => match r.split_once('-') {
                Some((a, b)) => (num(a)?, num(b)?),
                None if part.contains('/') => (num(r)?, max),
                None => (num(r)?, num(r)?),
            },
        };
        if from < min || to > max || from > to {
            return Err(format!("{part:?} is outside {min}-{max}"));
        }
        let mut v = from;
        while v <= to {
            bits |= 1 << v;
            v += step;
        }
    }
    Ok((bits, text == "*"))
}

fn num(s: &str) -> Result<u32, String> {
    s.parse().map_err(|_| format!("{s:?} is not a number"))
}

impl FromStr for Cron {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parts: Vec<&str> = s.split_whitespace().collect();
        let [minute, hour, day, month, weekday] = parts[..] else {
            return Err(format!("{s:?} needs five fields"));
        };
        let (minutes, _) = field(minute, 0, 59)?;
        let (hours, _) = field(hour, 0, 23)?;
        let (days, any_day) = field(day, 1, 31)?;
        let (months, _) = field(month, 1, 12)?;
        // 7 is Sunday too.
        let (weekdays, any_weekday) = field(weekday, 0, 7)?;
        let weekdays = (weekdays | (weekdays >> 7)) & 0x7f;
        Ok(Cron {
            minutes,
            hours: u32::try_from(hours).map_err(|e| e.to_string())?,
            days: u32::try_from(days).map_err(|e| e.to_string())?,
            months: u16::try_from(months).map_err(|e| e.to_string())?,
            weekdays: u8::try_from(weekdays).map_err(|e| e.to_string())?,
            any_day,
            any_weekday,
        })
    }
}

/// How far ahead `next_after` looks; a valid expression always matches within this.
const HORIZON_DAYS: i64 = 366 * 8;

impl Cron {
    fn day_matches(&self, date: time::Date) -> bool {
        if self.months & (1 << u8::from(date.month())) == 0 {
            return false;
        }
        let dom = self.days & (1 << date.day()) != 0;
        let dow = self.weekdays & (1 << date.weekday().number_days_from_sunday()) != 0;
        match (self.any_day, self.any_weekday) {
            (false, false) => dom || dow,
            (false, true) => dom,
            (true, false) => dow,
            (true, true) => true,
        }
    }

    /// The first matching minute strictly after `after`.
    pub fn next_after(&self, after: OffsetDateTime) -> Option<OffsetDateTime> {
        let after = after.to_offset(time::UtcOffset::UTC);
        let start = after.replace_second(0).ok()?.replace_nanosecond(0).ok()? + Duration::MINUTE;
        for offset in 0..HORIZON_DAYS {
            let date = start.date() + Duration::days(offset);
            if !self.day_matches(date) {
                continue;
            }
            let first_day = offset == 0;
            for hour in 0..24u8 {
                if self.hours & (1 << hour) == 0 || (first_day && hour < start.hour()) {
                    continue;
                }
                for minute in 0..60u8 {
                    let early = first_day && hour == start.hour() && minute < start.minute();
                    if self.minutes & (1 << minute) == 0 || early {
                        continue;
                    }
                    let time = Time::from_hms(hour, minute, 0).ok()?;
                    return Some(date.with_time(time).assume_utc());
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn next(expr: &str, after: OffsetDateTime) -> OffsetDateTime {
        expr.parse::<Cron>()
            .expect("valid")
            .next_after(after)
            .expect("a next time")
    }

    #[test]
    fn finds_the_next_matching_minute() {
        let at = datetime!(2026-11-30 10:17:42 UTC);
        assert_eq!(next("* * * * *", at), datetime!(2026-11-30 10:18 UTC));
        assert_eq!(next("0 * * * *", at), datetime!(2026-11-30 11:00 UTC));
        assert_eq!(next("*/15 * * * *", at), datetime!(2026-11-30 10:30 UTC));
        assert_eq!(next("0 7 * * *", at), datetime!(2026-12-01 07:00 UTC));
        assert_eq!(next("30 9 1 * *", at), datetime!(2026-12-01 09:30 UTC));
        // Weekdays at 7: 2026-11-30 is a Monday; Saturday 5 Dec is skipped.
        assert_eq!(next("0 7 * * 1-5", at), datetime!(2026-12-01 07:00 UTC));
        assert_eq!(
            next("0 7 * * 1-5", datetime!(2026-12-04 08:00 UTC)),
            datetime!(2026-12-07 07:00 UTC)
        );
        assert_eq!(next("0 0 * * 7", at), datetime!(2026-12-06 00:00 UTC));
        // Both day fields restricted: either matches.
        assert_eq!(next("0 0 13 * 5", at), datetime!(2026-12-04 00:00 UTC));
        assert_eq!(next("0 0 29 2 *", at), datetime!(2028-02-29 00:00 UTC));
        assert_eq!(next("5,10 0 * 1 *", at), datetime!(2027-01-01 00:05 UTC));
    }

    #[test]
    fn refuses_what_cron_would() {
        for bad in [
            "",
            "* * * *",
            "60 * * * *",
            "* 24 * * *",
            "* * 0 * *",
            "*/0 * * * *",
            "a * * * *",
            "5-1 * * * *",
        ] {
            assert!(bad.parse::<Cron>().is_err(), "{bad:?}");
        }
        assert_eq!(
            "0 0 31 2 *"
                .parse::<Cron>()
                .expect("parses")
                .next_after(datetime!(2026-01-01 0:00 UTC)),
            None,
            "a date that never comes"
        );
    }
}
