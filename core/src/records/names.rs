//! Names of linked rows (owners, lookups, accounts) for a whole page in one query each,
//! never one query per row. Names of users and pick-list values are the same whoever reads
//! them, change rarely and appear on every list and record page, so this process keeps those
//! it read for [`NAME_TTL`]: a rename on this node is seen at once, one on another node within
//! that window. Account names depend on who may see the account and are always read.

use super::Record;
use crate::error::CoreResult;
use crate::recent::Recent;
use crate::{Actor, with_record};
use entity::{accounts, lookup_values, users};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, TryGetable,
    Value,
};
use std::collections::{BTreeSet, HashMap};
use std::hash::Hash;
use std::sync::LazyLock;
use time::OffsetDateTime;
use types::dto::accounts::AccountRef;
use types::dto::records::{HistoryValue, LookupRef, RecordKind};
use types::ids::{AccountId, LookupId, UserId};
use uuid::Uuid;

pub type Names<K> = HashMap<K, String>;

/// How long this process shows a user's or pick-list value's name without reading it again.
pub const NAME_TTL: time::Duration = time::Duration::seconds(5);
/// Names kept at most, per table.
const NAMES_MAX: usize = 20_000;

/// The names read lately. Ids are UUIDs, unique across every database this process may
/// serve (tests serve several), so one map per table serves them all.
static USER_NAMES: LazyLock<Recent<UserId, String>> = LazyLock::new(|| Recent::new(NAMES_MAX));
static LOOKUP_NAMES: LazyLock<Recent<LookupId, String>> = LazyLock::new(|| Recent::new(NAMES_MAX));

/// Forgets a user's name after a rename here.
pub fn renamed_user(id: UserId) {
    USER_NAMES.forget(&id);
}

/// Forgets a pick-list value's name after a rename here.
pub fn renamed_lookup(id: LookupId) {
    LOOKUP_NAMES.forget(&id);
}

/// A pick-list value as a record's page shows it.
pub fn lookup_ref(names: &Names<LookupId>, id: Option<LookupId>) -> Option<LookupRef> {
    id.map(|id| LookupRef {
        id,
        name: of(names, &id),
    })
}

/// A linked account, when it is among those the viewer may see (`names` from [`accounts`]).
pub fn account_ref(names: &Names<AccountId>, id: Option<AccountId>) -> Option<AccountRef> {
    let id = id?;
    names.get(&id).map(|name| AccountRef {
        id,
        name: name.clone(),
    })
}

async fn by_id<E, K>(
    db: &impl ConnectionTrait,
    (id, name): (E::Column, E::Column),
    ids: impl IntoIterator<Item = K>,
    only: Condition,
) -> CoreResult<Names<K>>
where
    E: EntityTrait,
    K: TryGetable + Into<Value> + Ord + Hash,
{
    let ids: BTreeSet<K> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(K, String)> = E::find()
        .select_only()
        .columns([id, name])
        .filter(id.is_in(ids))
        .filter(only)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Names from `recent`, reading only those it lacks (in one query) and keeping them.
async fn through<E, K>(
    db: &impl ConnectionTrait,
    recent: &Recent<K, String>,
    cols: (E::Column, E::Column),
    ids: impl IntoIterator<Item = K>,
) -> CoreResult<Names<K>>
where
    E: EntityTrait,
    K: TryGetable + Into<Value> + Ord + Hash + Copy,
{
    let now = OffsetDateTime::now_utc();
    let mut names = Names::new();
    let mut missing = BTreeSet::new();
    for id in ids {
        match recent.get(&id, now) {
            Some(name) => {
                names.insert(id, name);
            }
            None => {
                missing.insert(id);
            }
        }
    }
    let read = by_id::<E, K>(db, cols, missing, Condition::all()).await?;
    for (id, name) in read {
        recent.put(id, name.clone(), now + NAME_TTL);
        names.insert(id, name);
    }
    Ok(names)
}

pub async fn users(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = UserId>,
) -> CoreResult<Names<UserId>> {
    let cols = (users::Column::Id, users::Column::Name);
    through::<users::Entity, _>(db, &USER_NAMES, cols, ids).await
}

pub async fn lookups(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = LookupId>,
) -> CoreResult<Names<LookupId>> {
    let cols = (lookup_values::Column::Id, lookup_values::Column::Name);
    through::<lookup_values::Entity, _>(db, &LOOKUP_NAMES, cols, ids).await
}

/// Names of the accounts the actor may see (live ones only): a link to an account the actor
/// may not see is left out, so its name never leaks through a related record.
pub async fn accounts(
    db: &impl ConnectionTrait,
    actor: &Actor,
    ids: impl IntoIterator<Item = AccountId>,
) -> CoreResult<Names<AccountId>> {
    let cols = (accounts::Column::Id, accounts::Column::Name);
    let visible = super::access::visible::<accounts::Entity>(actor);
    by_id::<accounts::Entity, _>(db, cols, ids, visible).await
}

/// One user's name (empty when the row is gone).
pub async fn user(db: &impl ConnectionTrait, id: UserId) -> CoreResult<String> {
    Ok(of(&users(db, [id]).await?, &id))
}

/// One pick-list value's name.
pub async fn lookup(db: &impl ConnectionTrait, id: Option<LookupId>) -> CoreResult<Option<String>> {
    Ok(lookups(db, id).await?.into_values().next())
}

/// A linked record as the history keeps it: its kind, id and current title, whoever may see
/// it (the history checks that when it is read).
pub async fn link(
    db: &impl ConnectionTrait,
    kind: RecordKind,
    id: Option<Uuid>,
) -> CoreResult<Option<HistoryValue>> {
    let Some(id) = id else {
        return Ok(None);
    };
    let title = with_record!(kind, E => E::find()
        .filter(E::id_col().eq(id))
        .one(db)
        .await?
        .map(|m| E::title(&m)));
    Ok(crate::audit::link(kind, id, title.unwrap_or_default()))
}

/// The name in `map`, or empty when the row is gone.
pub fn of<K: Hash + Eq>(map: &Names<K>, key: &K) -> String {
    map.get(key).cloned().unwrap_or_default()
}
