//! The filters every list offers (text, owner, created date range, amount range), parsed
//! from the URL state once and applied in SQL.

use super::Record;
use crate::Actor;
use crate::error::{CoreError, CoreResult};
use sea_orm::sea_query::{Alias, Expr, Func, LikeExpr, SimpleExpr};
use sea_orm::{ColumnTrait, Condition, QueryFilter, Select};
use time::{Duration, OffsetDateTime, Time};
use types::dto::records::ListQuery;
use types::ids::UserId;
use types::validate::{self, Checker};

/// Amount filters are typed in major units; this many decimals are assumed.
const FILTER_SCALE: i16 = 2;

#[derive(Clone, Debug, Default)]
pub struct Common {
    pub text: Option<String>,
    pub owner: Option<UserId>,
    pub from: Option<OffsetDateTime>,
    /// Exclusive: the start of the day after the `to` date.
    pub until: Option<OffsetDateTime>,
    pub min: Option<i64>,
    pub max: Option<i64>,
}

/// Reads the shared filters; a malformed one is a field error named after its URL key.
pub fn parse(actor: &Actor, q: &ListQuery) -> CoreResult<Common> {
    let mut c = Checker::new();
    let owner = match q.owner.as_str() {
        "" => None,
        "me" => Some(actor.user_id),
        other => c.check("owner", other.parse().map_err(|_| "validation-invalid")),
    };
    let day = |d: time::Date| d.with_time(Time::MIDNIGHT).assume_utc();
    let from = c.check("from", validate::optional_date(&q.from)).flatten();
    let to = c.check("to", validate::optional_date(&q.to)).flatten();
    let min = c
        .check("min", validate::amount(&q.min, FILTER_SCALE))
        .flatten();
    let max = c
        .check("max", validate::amount(&q.max, FILTER_SCALE))
        .flatten();
    let text = c.check("q", validate::query(&q.q)).unwrap_or_default();
    c.finish()?;
    Ok(Common {
        text: (!text.is_empty()).then(|| text.to_lowercase()),
        owner,
        from: from.map(day),
        until: to.map(|d| day(d) + Duration::days(1)),
        min,
        max,
    })
}

/// `text` for a LIKE pattern whose escape is a backslash: `%` and `_` match literally.
pub fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// A case-insensitive "contains" over the given columns; `%` and `_` match literally.
pub fn contains<C: ColumnTrait>(cols: Vec<C>, text: &str) -> Condition {
    let pattern = format!("%{}%", escape_like(text));
    cols.into_iter().fold(Condition::any(), |any, col| {
        any.add(Expr::expr(Func::lower(Expr::col(col))).like(LikeExpr::new(&pattern).escape('\\')))
    })
}

/// Characters read as spaces between words, in names, emails and addresses.
const SEPARATORS: [char; 5] = ['@', '.', '-', '_', '/'];

/// The column as words: lower case, separators turned into spaces, so a word starts the
/// text or follows a space.
fn as_words<C: ColumnTrait>(col: C) -> SimpleExpr {
    let mut text: SimpleExpr = Func::lower(Expr::col(col)).into();
    for sep in SEPARATORS {
        text = Func::cust(Alias::new("REPLACE"))
            .arg(text)
            .arg(sep.to_string())
            .arg(" ")
            .into();
    }
    text
}

/// Every word of `text` starts a word in one of the columns: "ada allen" finds Ada Allen,
/// whose first and last names are two columns, as the list shows them side by side, and
/// "acme.com" finds the address info@acme.com.
pub fn words_in<C: ColumnTrait + Copy>(cols: &[C], text: &str) -> Condition {
    text.to_lowercase()
        .split(|c: char| c.is_whitespace() || SEPARATORS.contains(&c))
        .filter(|w| !w.is_empty())
        .fold(Condition::all(), |all, word| {
            let word = escape_like(word);
            let starts = |pattern: String| LikeExpr::new(pattern).escape('\\');
            let any = cols.iter().fold(Condition::any(), |any, col| {
                any.add(Expr::expr(as_words(*col)).like(starts(format!("{word}%"))))
                    .add(Expr::expr(as_words(*col)).like(starts(format!("% {word}%"))))
            });
            all.add(any)
        })
}

/// Applies the shared filters; `amount` is the column the amount range bounds, if any.
pub fn apply<E: Record>(
    mut select: Select<E>,
    f: &Common,
    created: E::Column,
    amount: Option<E::Column>,
) -> CoreResult<Select<E>> {
    if let Some(text) = &f.text {
        select = select.filter(words_in(&E::text_cols(), text));
    }
    if let Some(owner) = f.owner {
        select = select.filter(E::owner_col().eq(owner.0));
    }
    if let Some(from) = f.from {
        select = select.filter(created.gte(from));
    }
    if let Some(until) = f.until {
        select = select.filter(created.lt(until));
    }
    if f.min.is_some() || f.max.is_some() {
        let Some(col) = amount else {
            return Err(CoreError::Validation(vec![types::error::FieldError::new(
                "min",
                "validation-invalid",
            )]));
        };
        if let Some(min) = f.min {
            select = select.filter(col.gte(min));
        }
        if let Some(max) = f.max {
            select = select.filter(col.lte(max));
        }
    }
    Ok(select)
}
