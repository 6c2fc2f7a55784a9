//! A record as the UI gets it: the stored row's fields under their own names, with what the
//! kind works out (names of linked rows, money, permissions) laid over them. A field added to
//! a table and to its page's type shows without the service naming it.

use super::{Record, actions, names};
use crate::Actor;
use crate::error::{CoreError, CoreResult};
use crate::policy::records::{self as policy, Relation};
use sea_orm::ConnectionTrait;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use types::dto::records::UserRef;

fn internal(e: serde_json::Error) -> CoreError {
    CoreError::Internal(format!("record view: {e}"))
}

/// What a kind lays over the row's own fields, by name.
pub struct Extra(Result<Map<String, Value>, serde_json::Error>);

impl Extra {
    pub fn new() -> Extra {
        Extra(Ok(Map::new()))
    }

    pub fn with(self, field: &str, value: impl Serialize) -> Extra {
        Extra(self.0.and_then(|mut fields| {
            fields.insert(field.to_owned(), serde_json::to_value(value)?);
            Ok(fields)
        }))
    }

    /// These fields with `other`'s over them.
    pub fn and(self, other: Extra) -> Extra {
        Extra(self.0.and_then(|mut fields| {
            fields.extend(other.0?);
            Ok(fields)
        }))
    }
}

impl Default for Extra {
    fn default() -> Self {
        Extra::new()
    }
}

/// `row`'s fields with `extra`'s over them, read as `D`.
pub fn merge<D: DeserializeOwned>(row: &impl Serialize, extra: Extra) -> CoreResult<D> {
    let mut fields = match serde_json::to_value(row).map_err(internal)? {
        Value::Object(fields) => fields,
        _ => Map::new(),
    };
    fields.extend(extra.0.map_err(internal)?);
    serde_json::from_value(Value::Object(fields)).map_err(internal)
}

/// The record's page: its fields, `extra`, and what every kind's page has: the owner, the
/// watchers and whether the viewer may delete it.
pub async fn detail<K: Record, D: DeserializeOwned>(
    db: &impl ConnectionTrait,
    actor: &Actor,
    m: &K::Model,
    rel: Relation,
    extra: Extra,
) -> CoreResult<D>
where
    K::Model: Serialize,
{
    let mut common = Extra::new();
    if !K::SHARED {
        let id = K::owner_of(m);
        let name = names::user(db, id).await?;
        common = common
            .with("owner", UserRef { id, name })
            .with("can_delete", policy::can_delete(actor, rel).is_ok());
    }
    if K::WATCHED {
        let watchers = actions::watchers_of(db, K::KIND, K::id_of(m)).await?;
        common = common.with("watchers", watchers);
    }
    merge(m, common.and(extra))
}

/// List rows: each row's fields, its owner's name (one query for the page) and its `extras`.
pub async fn rows<K: Record, R: DeserializeOwned>(
    db: &impl ConnectionTrait,
    rows: &[K::Model],
    extras: Vec<Extra>,
) -> CoreResult<Vec<R>>
where
    K::Model: Serialize,
{
    let owners = if K::SHARED {
        names::Names::new()
    } else {
        names::users(db, rows.iter().map(K::owner_of)).await?
    };
    rows.iter()
        .zip(extras)
        .map(|(m, extra)| {
            let owner = Extra::new().with("owner", names::of(&owners, &K::owner_of(m)));
            merge(m, owner.and(extra))
        })
        .collect()
}
