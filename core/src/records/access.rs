//! Record visibility, in SQL for lists and per row for single records. Both follow
//! `policy::records`: owners and watchers see a record; managers and admins see all.

use super::Record;
use crate::Actor;
use crate::error::{CoreError, CoreResult};
use crate::policy::records::{self as policy, Relation};
use entity::watchers;
use sea_orm::sea_query::{Expr, Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::BTreeSet;
use types::dto::records::RecordKind;
use uuid::Uuid;

/// The ids of the records of `kind` that `user` watches.
fn watched(kind: RecordKind, user: types::ids::UserId) -> SelectStatement {
    Query::select()
        .column(watchers::Column::RecordId)
        .from(watchers::Entity)
        .and_where(Expr::col(watchers::Column::Entity).eq(kind.code()))
        .and_where(Expr::col(watchers::Column::UserId).eq(user.0))
        .to_owned()
}

/// The live records of `E` the actor may see, as a WHERE condition.
pub fn visible<E: Record>(actor: &Actor) -> Condition {
    let live = Condition::all().add(E::deleted_col().is_null());
    if E::SHARED || policy::sees_all(actor) {
        return live;
    }
    live.add(
        Condition::any()
            .add(E::owner_col().eq(actor.user_id.0))
            .add(E::id_col().in_subquery(watched(E::KIND, actor.user_id))),
    )
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

/// Loads records the actor may see, with their relation to each, in two queries. Any id
/// that is missing, invisible or in the wrong state makes the whole call `NotFound`.
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
    let watched: BTreeSet<Uuid> = watchers::Entity::find()
        .select_only()
        .column(watchers::Column::RecordId)
        .filter(watchers::Column::Entity.eq(E::KIND.code()))
        .filter(watchers::Column::UserId.eq(actor.user_id))
        .filter(watchers::Column::RecordId.is_in(wanted))
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
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
