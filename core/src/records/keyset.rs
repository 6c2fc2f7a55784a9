//! Keyset paging on any sortable column: each page starts after the last row of the one
//! before, so page 1,000 costs what page 1 does, and no query counts the table.
//!
//! The cursor (`after=` in the URL) names the last row shown and its sort value. It is sealed
//! (`secrets::Keys`): opaque, and bound to the viewer, the sort and its direction, so a client
//! can neither read the value nor craft one to probe a column. Values of linked rows (an
//! account's name) come from subqueries that only see what the viewer may see.

use super::{Record, access};
use crate::error::{CoreError, CoreResult};
use crate::{Actor, Ctx};
use entity::{lookup_values, users};
use sea_orm::sea_query::{Expr, NullOrdering, Order, Query, SimpleExpr, SubQueryStatement};
use sea_orm::{
    ColumnTrait, ColumnType, Condition, EntityTrait, IntoSimpleExpr, ModelTrait, QueryFilter,
    QueryOrder, QuerySelect, Select, Value,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use time::OffsetDateTime;
use types::dto::list::Page;
use types::error::FieldError;
use uuid::Uuid;

/// How a sort column's values are written into a cursor and read back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    Text,
    Int,
    Time,
    Date,
}

/// What a list is sorted by: a column of the record, or a value of a linked row read by a
/// correlated subquery, so no join is needed.
#[derive(Clone, Copy)]
pub enum By<C> {
    Col(C),
    /// The owner's name (users are visible to everyone signed in).
    Owner,
    /// The name of the account the column links to; NULL where the viewer may not see it, so
    /// the order never reveals a hidden account's name.
    Account(C),
    /// The name of the pick-list value the column links to.
    Lookup(C),
    /// A value everyone may see: a lookup's name, a stage's place.
    Linked(fn() -> SimpleExpr),
}

/// A column a list may be sorted by, under the key the URL uses.
#[derive(Clone, Copy)]
pub struct Sort<C> {
    pub key: &'static str,
    pub by: By<C>,
    pub kind: ValueKind,
}

impl<C> Sort<C> {
    /// A column of the record, under `key`.
    pub const fn col(key: &'static str, col: C, kind: ValueKind) -> Sort<C> {
        Sort {
            key,
            by: By::Col(col),
            kind,
        }
    }

    /// The owner's name, under `owner`.
    pub const fn owner() -> Sort<C> {
        Sort {
            key: "owner",
            by: By::Owner,
            kind: ValueKind::Text,
        }
    }

    /// The linked account's name (as the viewer may see it), under `account`.
    pub const fn account(col: C) -> Sort<C> {
        Sort {
            key: "account",
            by: By::Account(col),
            kind: ValueKind::Text,
        }
    }

    /// The name of the pick-list value `col` links to, under `key`.
    pub const fn lookup(key: &'static str, col: C) -> Sort<C> {
        Sort {
            key,
            by: By::Lookup(col),
            kind: ValueKind::Text,
        }
    }

    /// A value of a linked row everyone may see.
    pub const fn linked(key: &'static str, value: fn() -> SimpleExpr, kind: ValueKind) -> Sort<C> {
        Sort {
            key,
            by: By::Linked(value),
            kind,
        }
    }
}

/// The value `sort` orders rows of `E` by, as the actor may see it.
fn sort_expr<E: Record>(sort: &Sort<E::Column>, actor: &Actor) -> SimpleExpr {
    match &sort.by {
        By::Col(col) => col.into_simple_expr(),
        By::Owner => owner_name::<E>(),
        By::Account(col) => {
            visible_name::<entity::accounts::Entity, E>(entity::accounts::Column::Name, *col, actor)
        }
        By::Lookup(col) => linked::<lookup_values::Entity, E>(
            lookup_values::Column::Name,
            lookup_values::Column::Id,
            *col,
        ),
        By::Linked(expr) => expr(),
    }
}

impl<C: ColumnTrait> Sort<C> {
    /// Whether the value may be NULL. For a NOT NULL column the query leaves out the NULLs
    /// clause and cursor branch, so its index serves both directions (Postgres reads an
    /// ascending index backwards as `DESC NULLS FIRST`, never `DESC NULLS LAST`).
    fn nullable(&self) -> bool {
        match &self.by {
            By::Col(col) => col.def().is_null(),
            _ => true,
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
fn owner_name<E: Record>() -> SimpleExpr {
    linked::<users::Entity, E>(users::Column::Name, users::Column::Id, E::owner_col())
}

/// `(SELECT <value> FROM <T> WHERE <T>.id = <outer> AND <T visible to the actor>)`.
fn visible_name<T: Record, O: EntityTrait>(
    value: T::Column,
    outer: O::Column,
    actor: &Actor,
) -> SimpleExpr {
    let select = Query::select()
        .column((T::default(), value))
        .from(T::default())
        .and_where(Expr::col((T::default(), T::id_col())).equals((O::default(), outer)))
        .cond_where(access::visible::<T>(actor))
        .to_owned();
    SimpleExpr::SubQuery(None, Box::new(SubQueryStatement::SelectStatement(select)))
}

/// The sort a list asked for under `key` (the default when it offers no such key): one of the
/// kind's own [`Record::SORTS`], the owner's name, or the column named `key`.
fn sort_for<E: Record>(wanted: Option<&str>) -> CoreResult<Sort<E::Column>> {
    let key = E::SORTABLE
        .iter()
        .copied()
        .find(|k| Some(*k) == wanted)
        .or_else(|| E::SORTABLE.first().copied())
        .ok_or_else(|| CoreError::Internal("a list without sorts".into()))?;
    if let Some(sort) = E::SORTS.iter().find(|s| s.key == key) {
        return Ok(*sort);
    }
    if key == "owner" {
        return Ok(Sort::owner());
    }
    let unsortable = || CoreError::Internal(format!("{} cannot sort by {key}", E::KIND.code()));
    let col = E::Column::from_str(key).map_err(|_| unsortable())?;
    let kind = match col.def().get_column_type() {
        ColumnType::String(_) | ColumnType::Text | ColumnType::Char(_) => ValueKind::Text,
        ColumnType::Integer | ColumnType::BigInteger | ColumnType::SmallInteger => ValueKind::Int,
        ColumnType::TimestampWithTimeZone | ColumnType::DateTime | ColumnType::Timestamp => {
            ValueKind::Time
        }
        ColumnType::Date => ValueKind::Date,
        _ => return Err(unsortable()),
    };
    Ok(Sort::col(key, col, kind))
}

/// Rows per page of lists that take no size.
pub use types::dto::list::PAGE_SIZE;

fn bad_cursor() -> CoreError {
    CoreError::Validation(vec![FieldError::new("after", "validation-invalid")])
}

/// Where a page starts: after the row `id` whose sort value was `value` (`None`: NULL).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Cursor {
    id: Uuid,
    value: Option<String>,
}

/// What a sealed cursor is bound to: who paged, by which sort, in which direction.
fn binding(actor: &Actor, sort: &str, desc: bool) -> String {
    format!("cursor:{}:{sort}:{desc}", actor.user_id)
}

/// Seals `cursor` for the viewer, bound to the list (or sort) `sort` and the direction, so
/// it is neither forged nor reused by another viewer or for another list.
pub(crate) fn seal<T: Serialize>(
    ctx: &Ctx,
    actor: &Actor,
    sort: &str,
    desc: bool,
    cursor: &T,
) -> CoreResult<String> {
    let plain = serde_json::to_vec(cursor).map_err(|e| CoreError::Internal(e.to_string()))?;
    ctx.keys.seal(&plain, binding(actor, sort, desc).as_bytes())
}

/// The cursor in `after`; anything not sealed by this server for this viewer, sort and
/// direction is a field error, never a probe.
pub(crate) fn open<T: DeserializeOwned>(
    ctx: &Ctx,
    actor: &Actor,
    sort: &str,
    desc: bool,
    after: &str,
) -> CoreResult<T> {
    let plain = ctx
        .keys
        .open(after, binding(actor, sort, desc).as_bytes())
        .ok_or_else(bad_cursor)?;
    serde_json::from_slice(&plain).map_err(|_| bad_cursor())
}

/// How a list that is not a record list (the users directory, a delivery log) is ordered:
/// by `col`, then `id`, both one way.
pub(crate) struct Pair<C> {
    pub col: C,
    pub id: C,
    pub kind: ValueKind,
    pub desc: bool,
}

/// One page of such a list, after the sealed cursor in `page.after` (sealed under the list's
/// name `list`), and the next page's cursor; `key` gives a row's id and sort value.
pub(crate) async fn page_on<E: EntityTrait>(
    ctx: &Ctx,
    actor: &Actor,
    list: &str,
    mut select: Select<E>,
    by: Pair<E::Column>,
    page: &Page,
    key: impl Fn(&E::Model) -> (Uuid, Value),
) -> CoreResult<(Vec<E::Model>, Option<String>)> {
    if let Some(after) = page.after.as_deref() {
        let cursor: Cursor = open(ctx, actor, list, by.desc, after)?;
        let value = read(by.kind, cursor.value.as_deref().ok_or_else(bad_cursor)?)?;
        let (beyond, id_after) = if by.desc {
            (by.col.lt(value.clone()), by.id.lt(cursor.id))
        } else {
            (by.col.gt(value.clone()), by.id.gt(cursor.id))
        };
        select = select.filter(
            Condition::any()
                .add(beyond)
                .add(Condition::all().add(by.col.eq(value)).add(id_after)),
        );
    }
    let order = if by.desc { Order::Desc } else { Order::Asc };
    let size = page.size();
    let mut rows = select
        .order_by(by.col, order.clone())
        .order_by(by.id, order)
        .limit(size + 1)
        .all(&ctx.db)
        .await?;
    let mut next = None;
    if rows.len() as u64 > size {
        rows.truncate(usize::try_from(size).unwrap_or(usize::MAX));
        if let Some(last) = rows.last() {
            let (id, value) = key(last);
            let cursor = Cursor {
                id,
                value: write(value),
            };
            next = Some(seal(ctx, actor, list, by.desc, &cursor)?);
        }
    }
    Ok((rows, next))
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
fn after<E: Record>(
    sort: &Sort<E::Column>,
    actor: &Actor,
    cursor: &Cursor,
    desc: bool,
) -> CoreResult<Condition> {
    let col = || Expr::expr(sort_expr::<E>(sort, actor));
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

/// One page of `select` in the order the request asks for (or the first sort), and the
/// cursor of the next page.
pub async fn page<E: Record>(
    ctx: &Ctx,
    actor: &Actor,
    select: Select<E>,
    page: &Page,
) -> CoreResult<(Vec<E::Model>, Option<String>)> {
    let sort = sort_for::<E>(page.sort.as_deref())?;
    page_by(ctx, actor, select, &sort, page).await
}

/// One page of `select` in the order of `sort` (a list of its own, such as the trash's), and
/// the cursor of the next page.
pub async fn page_by<E: Record>(
    ctx: &Ctx,
    actor: &Actor,
    select: Select<E>,
    sort: &Sort<E::Column>,
    page: &Page,
) -> CoreResult<(Vec<E::Model>, Option<String>)> {
    let db = &ctx.db;
    let desc = page.desc;
    let mut select = select;
    if let Some(sealed) = &page.after {
        let cursor: Cursor = open(ctx, actor, sort.key, desc, sealed)?;
        select = select.filter(after::<E>(sort, actor, &cursor, desc)?);
    }
    let order = if desc { Order::Desc } else { Order::Asc };
    let select = if sort.nullable() {
        select.order_by_with_nulls(
            sort_expr::<E>(sort, actor),
            order.clone(),
            NullOrdering::Last,
        )
    } else {
        select.order_by(sort_expr::<E>(sort, actor), order.clone())
    };
    let size = page.size();
    let mut rows = select
        .order_by(E::id_col(), order)
        .limit(size + 1)
        .all(db)
        .await?;
    if rows.len() as u64 <= size {
        return Ok((rows, None));
    }
    rows.truncate(usize::try_from(size).unwrap_or(usize::MAX));
    let Some(last) = rows.last() else {
        return Ok((rows, None));
    };
    let id = E::id_of(last);
    let value = match &sort.by {
        By::Col(col) => write(last.get(*col)),
        // One small query for the last row's linked value, which the model does not hold.
        _ => {
            let one = E::find()
                .select_only()
                .expr(sort_expr::<E>(sort, actor))
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
    let next = seal(ctx, actor, sort.key, desc, &Cursor { id, value })?;
    Ok((rows, Some(next)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Via;
    use types::dto::auth::Role;
    use types::ids::UserId;

    #[test]
    fn every_sort_a_list_offers_resolves() {
        for kind in types::dto::records::RecordKind::ALL {
            crate::with_record!(kind, E => for key in E::SORTABLE {
                let sort = sort_for::<E>(Some(key));
                assert_eq!(sort.map(|s| s.key).ok(), Some(*key), "{kind:?} by {key}");
            });
        }
    }

    #[tokio::test]
    async fn cursors_are_sealed_to_their_viewer_sort_and_direction() {
        let db = sea_orm::Database::connect("sqlite::memory:")
            .await
            .expect("sqlite");
        let ctx = Ctx::new(db, crate::Config::default());
        let actor = |n| Actor {
            user_id: UserId(Uuid::from_u128(n)),
            role: Role::User,
            via: Via::Web,
        };
        let (ada, bob) = (actor(1), actor(2));
        for value in [None, Some(String::new()), Some("Acme:Ltd".to_owned())] {
            let c = Cursor {
                id: Uuid::from_u128(5),
                value,
            };
            let sealed = seal(&ctx, &ada, "name", false, &c).expect("seal");
            assert!(!sealed.contains("Acme"), "the value is not readable");
            assert_eq!(open(&ctx, &ada, "name", false, &sealed).ok(), Some(c));
            assert!(
                open::<Cursor>(&ctx, &bob, "name", false, &sealed).is_err(),
                "another viewer"
            );
            assert!(
                open::<Cursor>(&ctx, &ada, "owner", false, &sealed).is_err(),
                "another sort"
            );
            assert!(
                open::<Cursor>(&ctx, &ada, "name", true, &sealed).is_err(),
                "another direction"
            );
            let mut bytes = sealed.into_bytes();
            bytes[5] = if bytes[5] == b'A' { b'B' } else { b'A' };
            let tampered = String::from_utf8(bytes).expect("ascii");
            assert!(
                open::<Cursor>(&ctx, &ada, "name", false, &tampered).is_err(),
                "tampered"
            );
        }
        let plain = format!("{}:Acme", Uuid::from_u128(5));
        assert!(
            open::<Cursor>(&ctx, &ada, "name", false, &plain).is_err(),
            "an unsealed cursor"
        );
    }
}
