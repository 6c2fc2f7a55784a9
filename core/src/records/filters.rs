//! The filters every list offers (text, owner, created date range, amount range), applied
//! in SQL to the records the actor may see.

use super::{Record, access};
use crate::Actor;
use crate::error::{CoreError, CoreResult};
use sea_orm::sea_query::{Alias, Expr, Func, LikeExpr, SimpleExpr};
use sea_orm::{ColumnTrait, Condition, QueryFilter, Select};
use time::{Duration, Time};
use types::dto::list::{Common, Owner};
use types::error::FieldError;
use types::validate;

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

/// The records of `E` the actor may see, narrowed by the shared filters; `amount` is the
/// column the amount range bounds, if the kind has one.
pub fn select<E: Record>(
    actor: &Actor,
    f: &Common,
    amount: Option<E::Column>,
) -> CoreResult<Select<E>> {
    let field_error =
        |field: &str, key: &str| CoreError::Validation(vec![FieldError::new(field, key)]);
    // Checked here too: not every adapter reads the text through the UI's rules.
    let text = validate::query(&f.text).map_err(|key| field_error("q", key))?;
    let mut select = E::find().filter(access::visible::<E>(actor));
    if !text.is_empty() {
        select = select.filter(words_in(E::TEXT_COLS, &text));
    }
    match f.owner {
        Some(Owner::Me) => select = select.filter(E::owner_col().eq(actor.user_id.0)),
        Some(Owner::User(id)) => select = select.filter(E::owner_col().eq(id.0)),
        None => {}
    }
    let day = |d: time::Date| d.with_time(Time::MIDNIGHT).assume_utc();
    if let Some(from) = f.created_from {
        select = select.filter(E::created_col().gte(day(from)));
    }
    if let Some(to) = f.created_to {
        select = select.filter(E::created_col().lt(day(to) + Duration::days(1)));
    }
    if f.amount_min.is_some() || f.amount_max.is_some() {
        let col = amount.ok_or_else(|| field_error("min", "validation-invalid"))?;
        if let Some(min) = f.amount_min {
            select = select.filter(col.gte(min));
        }
        if let Some(max) = f.amount_max {
            select = select.filter(col.lte(max));
        }
    }
    Ok(select)
}
