//! The opportunity pipeline: a kanban board of the deals by stage, with column totals in the
//! viewer's display currency.

use super::list::Owner;
use super::opportunities::StageRef;
use super::records::ListQuery;
use crate::error::AppError;
use crate::ids::OpportunityId;
use crate::money::Money;
use crate::validate::{self, Checker};
use serde::{Deserialize, Serialize};
use time::Date;

/// One deal as a card on the board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    pub id: OpportunityId,
    pub name: String,
    /// The account's name, when the viewer may see it.
    pub account: Option<String>,
    pub amount: Money,
    #[serde(with = "crate::wire::text")]
    pub close_date: Date,
    pub owner: String,
}

/// A stage's column: what it holds in total, and its first page of cards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub stage: StageRef,
    pub count: i64,
    /// The sum of the deals, in the board's currency.
    pub total: Money,
    /// The sum weighted by the stage's probability.
    pub weighted: Money,
    /// Sums in currencies that have no exchange rate yet, so they could not be added in.
    pub unconverted: Vec<Money>,
    pub cards: Vec<Card>,
    /// The cursor of the column's next page of cards.
    pub next: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    /// The display currency every total is in.
    pub currency: String,
    pub columns: Vec<Column>,
    /// When no close-date range is given, won and lost columns show deals closed since this
    /// day only (the last 30 days), so the board opens on the work at hand.
    #[serde(with = "crate::wire::option", default)]
    pub closed_since: Option<Date>,
}

/// A column's next page of cards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cards {
    pub cards: Vec<Card>,
    pub next: Option<String>,
}

/// How many days of won and lost deals the board shows by default.
pub const CLOSED_DAYS: i64 = 30;

/// Which deals the board shows: one owner's, and those closing in a date range.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BoardFilter {
    pub owner: Option<Owner>,
    #[serde(with = "crate::wire::option", default)]
    pub close_from: Option<Date>,
    #[serde(with = "crate::wire::option", default)]
    pub close_to: Option<Date>,
}

impl BoardFilter {
    /// The board's filters from its URL state (`owner`, `from`, `to`), or every field error.
    pub fn read(q: &ListQuery) -> Result<BoardFilter, AppError> {
        let mut c = Checker::new();
        let filter = BoardFilter {
            owner: c.check("owner", Owner::parse(&q.owner)).flatten(),
            close_from: c.check("from", validate::optional_date(&q.from)).flatten(),
            close_to: c.check("to", validate::optional_date(&q.to)).flatten(),
        };
        c.finish()?;
        Ok(filter)
    }
}
