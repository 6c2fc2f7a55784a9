//! Keyset paging on any sortable column: each page starts after the last row of the one
//! before, so page 1,000 costs what page 1 does, and no query counts the table.

use super::Record;
use crate::error::{CoreError, CoreResult};
use sea_orm::sea_query::{NullOrdering, Order};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, ModelTrait, QueryFilter, QueryOrder, QuerySelect,
    Select, Value,
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

/// A column a list may be sorted by, under the key the URL uses.
pub struct Sort<C> {
    pub key: &'static str,
    pub col: C,
    pub kind: ValueKind,
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

/// Rows strictly after the cursor in (column, id) order, NULLs last in both directions.
fn after<E: Record>(sort: &Sort<E::Column>, cursor: &Cursor, desc: bool) -> CoreResult<Condition> {
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
                sort.col.lt(v.clone())
            } else {
                sort.col.gt(v.clone())
            };
            Condition::any()
                .add(beyond)
                .add(Condition::all().add(sort.col.eq(v)).add(id_after))
                .add(sort.col.is_null())
        }
        None => Condition::all().add(sort.col.is_null()).add(id_after),
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
    let mut rows = select
        .order_by_with_nulls(sort.col, order.clone(), NullOrdering::Last)
        .order_by(E::id_col(), order)
        .limit(PAGE_SIZE + 1)
        .all(db)
        .await?;
    let next = if rows.len() as u64 > PAGE_SIZE {
        rows.truncate(PAGE_SIZE as usize);
        rows.last().map(|last| {
            Cursor {
                id: E::id_of(last),
                value: write(last.get(sort.col)),
            }
            .encode()
        })
    } else {
        None
    };
    Ok((rows, next))
}
