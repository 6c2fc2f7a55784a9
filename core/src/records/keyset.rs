//! Keyset paging on any sortable column: each page starts after the last row of the one
//! before, so page 1,000 costs what page 1 does, and no query counts the table.

use super::Record;
use crate::error::{CoreError, CoreResult};
use entity::users;
use sea_orm::sea_query::{Expr, NullOrdering, Order, Query, SimpleExpr, SubQueryStatement};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoSimpleExpr, ModelTrait, QueryFilter,
    QueryOrder, QuerySelect, Select, Value,
};
use time::OffsetDateTime;
use types::dto::records::{Cursor, ListQuery};
use types::error::FieldError;

/// How a sort column's values are written into a cursor and read back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    Text,
    Int,
    Time,
    Date,
}

/// What a list is sorted by: a column of the record, or the name of a linked row (an
/// owner, an account) read by a correlated subquery, so no join is needed.
pub enum By<C> {
    Col(C),
    Linked(fn() -> SimpleExpr),
}

/// A column a list may be sorted by, under the key the URL uses.
pub struct Sort<C> {
    pub key: &'static str,
    pub by: By<C>,
    pub kind: ValueKind,
}

impl<C: ColumnTrait> Sort<C> {
    fn expr(&self) -> SimpleExpr {
        match &self.by {
            By::Col(col) => col.into_simple_expr(),
            By::Linked(expr) => expr(),
        }
    }

    /// Whether the value may be NULL. For a NOT NULL column the query leaves out the NULLs
    /// clause and cursor branch, so its index serves both directions (Postgres reads an
    /// ascending index backwards as `DESC NULLS FIRST`, never `DESC NULLS LAST`).
    fn nullable(&self) -> bool {
        match &self.by {
            By::Col(col) => col.def().is_null(),
            By::Linked(_) => true,
        }
    }
}

/// `(SELECT <name> FROM <T> WHERE <T>.<id> = <outer>)`: a linked row's value for sorting.
pub fn linked<T: EntityTrait, O: EntityTrait>(
    value: T::Column,
    id: T::Column,
    outer: O::Column,
) -> SimpleExpr {
    let select = Query::select()
        .column((T::default(), value))
        .from(T::default())
        .and_where(Expr::col((T::default(), id)).equals((O::default(), outer)))
        .to_owned();
    SimpleExpr::SubQuery(None, Box::new(SubQueryStatement::SelectStatement(select)))
}

/// The owner's name, for sorting any record by its owner.
pub fn owner_name<E: Record>() -> SimpleExpr {
    linked::<users::Entity, E>(users::Column::Name, users::Column::Id, E::owner_col())
}

/// Fails when a list's sorts and the column keys its page offers for sorting differ.
#[cfg(test)]
pub fn assert_offered<C>(sorts: &[Sort<C>], offered: &[&str]) {
    let mut have: Vec<&str> = sorts.iter().map(|s| s.key).collect();
    let mut want = offered.to_vec();
    have.sort_unstable();
    want.sort_unstable();
    assert_eq!(have, want);
}

/// Rows per page.
pub const PAGE_SIZE: u64 = 50;

fn bad_cursor() -> CoreError {
    CoreError::Validation(vec![FieldError::new("after", "validation-invalid")])
}

fn write(value: Value) -> Option<String> {
    match value {
        Value::String(Some(s)) => Some(*s),
        Value::BigInt(Some(n)) => Some(n.to_string()),
        Value::Int(Some(n)) => Some(n.to_string()),
        Value::TimeDateTimeWithTimeZone(Some(t)) => Some(t.unix_timestamp_nanos().to_string()),
        Value::TimeDate(Some(d)) => Some(d.to_string()),
        _ => None,
    }
}

fn read(kind: ValueKind, text: &str) -> CoreResult<Value> {
    Ok(match kind {
        ValueKind::Text => text.to_owned().into(),
        ValueKind::Int => text.parse::<i64>().map_err(|_| bad_cursor())?.into(),
        ValueKind::Time => text
            .parse::<i128>()
            .ok()
            .and_then(|n| OffsetDateTime::from_unix_timestamp_nanos(n).ok())
            .ok_or_else(bad_cursor)?
            .into(),
        ValueKind::Date => types::validate::optional_date(text)
            .ok()
            .flatten()
            .ok_or_else(bad_cursor)?
            .into(),
    })
}

/// Rows strictly after the cursor in (column, id) order, NULLs (where the column has them)
/// last in both directions.
fn after<E: Record>(sort: &Sort<E::Column>, cursor: &Cursor, desc: bool) -> CoreResult<Condition> {
    let col = || Expr::expr(sort.expr());
    let id = cursor.id;
    let id_after = if desc {
        E::id_col().lt(id)
    } else {
        E::id_col().gt(id)
    };
    Ok(match &cursor.value {
        Some(text) => {
            let v = read(sort.kind, text)?;
            let beyond = if desc {
                col().lt(v.clone())
            } else {
                col().gt(v.clone())
            };
            let next = Condition::any()
                .add(beyond)
                .add(Condition::all().add(col().eq(v)).add(id_after));
            if sort.nullable() {
                next.add(col().is_null())
            } else {
                next
            }
        }
        None => Condition::all().add(col().is_null()).add(id_after),
    })
}

/// One page of `select` in the order the query asks for (or the first sort), and the cursor
/// of the next page.
pub async fn page<E: Record>(
    db: &impl ConnectionTrait,
    select: Select<E>,
    sorts: &[Sort<E::Column>],
    q: &ListQuery,
) -> CoreResult<(Vec<E::Model>, Option<String>)> {
    let sort = sorts
        .iter()
        .find(|s| s.key == q.sort)
        .or_else(|| sorts.first())
        .ok_or_else(|| CoreError::Internal("a list without sorts".into()))?;
    let desc = q.descending();
    let mut select = select;
    if !q.after.is_empty() {
        let cursor = Cursor::decode(&q.after).ok_or_else(bad_cursor)?;
        select = select.filter(after::<E>(sort, &cursor, desc)?);
    }
    let order = if desc { Order::Desc } else { Order::Asc };
    let select = if sort.nullable() {
        select.order_by_with_nulls(sort.expr(), order.clone(), NullOrdering::Last)
    } else {
        select.order_by(sort.expr(), order.clone())
    };
    let mut rows = select
        .order_by(E::id_col(), order)
        .limit(PAGE_SIZE + 1)
        .all(db)
        .await?;
    if rows.len() as u64 <= PAGE_SIZE {
        return Ok((rows, None));
    }
    rows.truncate(PAGE_SIZE as usize);
    let Some(last) = rows.last() else {
        return Ok((rows, None));
    };
    let id = E::id_of(last);
    let value = match &sort.by {
        By::Col(col) => write(last.get(*col)),
        // One small query for the last row's linked value, which the model does not hold.
        By::Linked(expr) => {
            let one = E::find()
                .select_only()
                .expr(expr())
                .filter(E::id_col().eq(id));
            match sort.kind {
                ValueKind::Int => one
                    .into_tuple::<Option<i64>>()
                    .one(db)
                    .await?
                    .flatten()
                    .map(|n| n.to_string()),
                _ => one.into_tuple::<Option<String>>().one(db).await?.flatten(),
            }
        }
    };
    Ok((rows, Some(Cursor { id, value }.encode())))
}
