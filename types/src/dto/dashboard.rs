//! The home dashboard: the viewer's pipeline and results at a glance, aggregated in SQL and
//! scoped like every list (a rep sees theirs, managers the team's).

use super::activities::ActivityRow;
use super::pipeline::Card;
use crate::ids::TaskId;
use crate::money::Money;
use serde::{Deserialize, Serialize};
use time::Date;

/// One open stage's deals, for the pipeline chart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageBar {
    pub name: String,
    pub count: i64,
    pub total: Money,
}

/// Deals won in a period: how many, and their sum in the display currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Won {
    pub count: i64,
    pub total: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskLine {
    pub id: TaskId,
    pub title: String,
    #[serde(with = "crate::wire::option", default)]
    pub due_date: Option<Date>,
    pub overdue: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub currency: String,
    pub stages: Vec<StageBar>,
    pub won_month: Won,
    pub won_quarter: Won,
    /// Won deals among those closed this quarter, in percent; none closed yet: `None`.
    pub win_rate: Option<i64>,
    /// Sums in currencies without an exchange rate, left out of the totals above.
    pub unconverted: Vec<Money>,
    pub tasks_open: i64,
    pub tasks_overdue: i64,
    /// The viewer's next open tasks with a due date, overdue first.
    pub tasks: Vec<TaskLine>,
    /// Open deals closing soonest, from today.
    pub closing: Vec<Card>,
    pub activity: Vec<ActivityRow>,
}

/// The first day of `day`'s quarter.
pub fn quarter_start(day: Date) -> Date {
    let month = day.month() as u8;
    let first = (month - 1) / 3 * 3 + 1;
    let month = time::Month::try_from(first).unwrap_or(time::Month::January);
    Date::from_calendar_date(day.year(), month, 1).unwrap_or(day)
}

#[cfg(test)]
mod tests {
    use super::quarter_start;
    use time::macros::date;

    #[test]
    fn quarters_start_in_january_april_july_and_october() {
        assert_eq!(quarter_start(date!(2026 - 11 - 24)), date!(2026 - 10 - 01));
        assert_eq!(quarter_start(date!(2026 - 03 - 31)), date!(2026 - 01 - 01));
        assert_eq!(quarter_start(date!(2026 - 04 - 01)), date!(2026 - 04 - 01));
    }
}
