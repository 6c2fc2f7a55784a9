//! Record visibility, in SQL for lists and per row for single records. Both follow
//! `policy::records`: owners and watchers see a record; managers and admins see all.

use super::Record;
use crate::Actor;
use crate::error::{CoreError, CoreResult};
use crate::policy::records::{self as policy, Relation};
use entity::watchers;
use sea_orm::sea_query::{Expr, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoSimpleExpr, QueryFilter, QuerySelect,
};
use std::collections::BTreeSet;
use types::dto::records::RecordKind;
use types::ids::UserId;
use uuid::Uuid;

/// What the actor sees of a kind of record: all of it (managers, admins, and everyone for a
/// shared catalog), or what they own and what they watch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    All,
    Own(UserId),
}

/// The actor's scope over records of a kind; `shared` for a catalog everyone reads.
pub fn scope(actor: &Actor, shared: bool) -> Scope {
    if shared || policy::sees_all(actor) {
        Scope::All
    } else {
        Scope::Own(actor.user_id)
    }
}

/// Where a query finds a record's kind: one kind for a kind's own table, or a column of a
/// table that holds several (the search entries).
pub enum KindOf {
    Is(RecordKind),
    Column(SimpleExpr),
}

/// The visibility rule itself, over any table with an owner and a record id: owned by `user`,
/// or watched by them. Every read that scopes records builds its condition here: lists,
/// counts, pickers, the pipeline, the dashboard and search.
pub fn own_or_watched(user: UserId, kind: KindOf, owner: SimpleExpr, id: SimpleExpr) -> Condition {
    let mut watched = Query::select();
    watched
        .from(watchers::Entity)
        .and_where(Expr::col(watchers::Column::UserId).eq(user.0));
    let watched_here = match kind {
        // One kind: the ids of its watched records (a subquery Postgres hashes once).
        KindOf::Is(kind) => {
            watched
                .column(watchers::Column::RecordId)
                .and_where(Expr::col(watchers::Column::Entity).eq(kind.code()));
            Expr::expr(id).in_subquery(watched.to_owned())
        }
        // Several kinds in one table: match the (kind, id) pairs.
        KindOf::Column(kind) => {
            watched.columns([watchers::Column::Entity, watchers::Column::RecordId]);
            Expr::tuple([kind, id]).in_subquery(watched.to_owned())
        }
    };
    Condition::any()
        .add(Expr::expr(owner).eq(user.0))
        .add(watched_here)
}

/// The live records of `E` the actor may see, as a WHERE condition.
pub fn visible<E: Record>(actor: &Actor) -> Condition {
    let live = Condition::all().add(E::deleted_col().is_null());
    match scope(actor, E::SHARED) {
        Scope::All => live,
        Scope::Own(user) => live.add(own_or_watched(
            user,
            KindOf::Is(E::KIND),
            E::owner_col().into_simple_expr(),
            E::id_col().into_simple_expr(),
        )),
    }
}

/// The trashed records of `E` the actor may restore: their own, or any for managers.
pub fn restorable<E: Record>(actor: &Actor) -> Condition {
    let trashed = Condition::all().add(E::deleted_col().is_not_null());
    if policy::sees_all(actor) {
        trashed
    } else if E::SHARED {
        // Only managers and admins restore the catalog; an id is never NULL.
        trashed.add(E::id_col().is_null())
    } else {
        trashed.add(E::owner_col().eq(actor.user_id.0))
    }
}

/// Which state of a record a caller wants to load.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Live,
    Trashed,
}

/// Loads records the actor may see, with their relation to each: one query, and a second
/// for the actor's watches among those they do not own. Any id that is missing, invisible or
/// in the wrong state makes the whole call `NotFound`.
pub async fn load_many<E: Record>(
    db: &impl ConnectionTrait,
    actor: &Actor,
    ids: &[Uuid],
    state: State,
) -> CoreResult<Vec<(E::Model, Relation)>> {
    let wanted: BTreeSet<Uuid> = ids.iter().copied().collect();
    let models = E::find()
        .filter(E::id_col().is_in(wanted.iter().copied()))
        .all(db)
        .await?;
    if models.len() != wanted.len() {
        return Err(CoreError::NotFound);
    }
    // Whether the actor watches a record matters only where they do not own it.
    let others: BTreeSet<Uuid> = models
        .iter()
        .filter(|m| !E::SHARED && E::owner_of(m) != actor.user_id)
        .map(E::id_of)
        .collect();
    let watched: BTreeSet<Uuid> = if others.is_empty() {
        BTreeSet::new()
    } else {
        watchers::Entity::find()
            .select_only()
            .column(watchers::Column::RecordId)
            .filter(watchers::Column::Entity.eq(E::KIND.code()))
            .filter(watchers::Column::UserId.eq(actor.user_id))
            .filter(watchers::Column::RecordId.is_in(others))
            .into_tuple()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    models
        .into_iter()
        .map(|m| {
            let trashed = E::deleted_at(&m).is_some();
            if trashed != (state == State::Trashed) {
                return Err(CoreError::NotFound);
            }
            let rel = if E::SHARED {
                Relation::Reader
            } else if E::owner_of(&m) == actor.user_id {
                Relation::Owner
            } else if watched.contains(&E::id_of(&m)) {
                Relation::Watcher
            } else {
                Relation::Stranger
            };
            policy::can_see(actor, rel)?;
            Ok((m, rel))
        })
        .collect()
}

/// Checks a patch of a link to a record of `E`: a new link must point at a record the actor
/// sees (`NotFound` otherwise), and a link to a record hidden from the actor may be neither
/// changed nor cleared by them (a field error), so nobody loses a link they cannot see.
/// Returns the link to store, or `None` to leave it.
pub async fn link_change<E: Record>(
    db: &impl ConnectionTrait,
    actor: &Actor,
    c: &mut types::validate::Checker,
    field: &str,
    wanted: types::patch::Patch<Uuid>,
    current: Option<Uuid>,
) -> CoreResult<Option<Option<Uuid>>> {
    use types::patch::Patch;
    let wanted = match wanted {
        Patch::Absent => return Ok(None),
        Patch::Set(id) if current == Some(id) => return Ok(None),
        Patch::Set(id) => Some(id),
        Patch::Clear if current.is_none() => return Ok(None),
        Patch::Clear => None,
    };
    if let Some(cur) = current {
        match load::<E>(db, actor, cur, State::Live).await {
            Ok(_) => {}
            // A link to a trashed record may be replaced by anyone who may edit.
            Err(CoreError::NotFound) if sees_trashed::<E>(db, cur).await? => {}
            Err(CoreError::NotFound) => {
                c.fail(field, "validation-link-hidden");
                return Ok(None);
            }
            Err(e) => return Err(e),
        }
    }
    if let Some(id) = wanted {
        load::<E>(db, actor, id, State::Live).await?;
    }
    Ok(Some(wanted))
}

/// Whether the record `id` of `E` is in the trash (or gone).
async fn sees_trashed<E: Record>(db: &impl ConnectionTrait, id: Uuid) -> CoreResult<bool> {
    let row = E::find().filter(E::id_col().eq(id)).one(db).await?;
    Ok(row.is_none_or(|m| E::deleted_at(&m).is_some()))
}

/// Checks a link a form sets to a record of `E`: a new link must point at a record the actor
/// sees (`NotFound` otherwise); keeping the current one needs no check.
pub async fn check_link<E: Record>(
    db: &impl ConnectionTrait,
    actor: &Actor,
    wanted: Option<Uuid>,
    current: Option<Uuid>,
) -> CoreResult<()> {
    if let Some(id) = wanted
        && current != Some(id)
    {
        load::<E>(db, actor, id, State::Live).await?;
    }
    Ok(())
}

/// Loads one record the actor may see, with their relation to it. Missing, invisible and
/// wrong-state records are all `NotFound`.
pub async fn load<E: Record>(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    state: State,
) -> CoreResult<(E::Model, Relation)> {
    load_many::<E>(db, actor, &[id], state)
        .await?
        .pop()
        .ok_or(CoreError::NotFound)
}
