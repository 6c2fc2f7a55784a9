//! References from one record to another of any kind (a task about a deal, a call logged on
//! an account), written `kind:id`. Titles are only given for records the actor may see.

use super::{Record, access};
use crate::error::{CoreError, CoreResult};
use crate::{Actor, with_record};
use entity::leads;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;
use types::dto::records::{Link, RecordKind};
use types::dto::tasks::RecordRef;
use types::error::FieldError;
use uuid::Uuid;

/// Checks the actor sees the linked record (`NotFound` otherwise).
pub async fn check(db: &impl ConnectionTrait, actor: &Actor, link: Link) -> CoreResult<()> {
    with_record!(link.kind, E => access::load::<E>(db, actor, link.id, access::State::Live).await.map(drop))
}

/// A list's `parent` filter (`kind:id`), or a field error.
pub fn parent(text: &str) -> CoreResult<Option<Link>> {
    Link::parse(text).map_err(|key| CoreError::Validation(vec![FieldError::new("parent", key)]))
}

async fn visible_titles<E: Record>(
    db: &impl ConnectionTrait,
    actor: &Actor,
    ids: Vec<Uuid>,
) -> CoreResult<Vec<RecordRef>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(E::find()
        .filter(access::visible::<E>(actor))
        .filter(E::id_col().is_in(ids))
        .all(db)
        .await?
        .iter()
        .map(|m| RecordRef {
            kind: E::KIND,
            id: E::id_of(m),
            title: E::title(m),
        })
        .collect())
}

/// The records among `refs` the actor may see, by id: one query per kind.
pub async fn titles(
    db: &impl ConnectionTrait,
    actor: &Actor,
    refs: impl IntoIterator<Item = (RecordKind, Uuid)>,
) -> CoreResult<HashMap<Uuid, RecordRef>> {
    let mut by_kind: HashMap<RecordKind, Vec<Uuid>> = HashMap::new();
    for (kind, id) in refs {
        by_kind.entry(kind).or_default().push(id);
    }
    let mut out = HashMap::new();
    for (kind, ids) in by_kind {
        let found = with_record!(kind, E => visible_titles::<E>(db, actor, ids).await?);
        out.extend(found.into_iter().map(|r| (r.id, r)));
    }
    Ok(out)
}

/// One record's reference, when the actor may see it.
pub async fn title(
    db: &impl ConnectionTrait,
    actor: &Actor,
    kind: RecordKind,
    id: Uuid,
) -> CoreResult<Option<RecordRef>> {
    Ok(titles(db, actor, [(kind, id)]).await?.remove(&id))
}

/// How many leads a record lists as converted into it.
const CONVERTED_FROM_MAX: u64 = 5;

/// The leads converted into a record, among those the actor may see: the way back from what
/// a lead became.
pub async fn converted_from(
    db: &impl ConnectionTrait,
    actor: &Actor,
    kind: RecordKind,
    id: Uuid,
) -> CoreResult<Vec<RecordRef>> {
    let column = match kind {
        RecordKind::Account => leads::Column::ConvertedAccountId,
        RecordKind::Contact => leads::Column::ConvertedContactId,
        RecordKind::Opportunity => leads::Column::ConvertedOpportunityId,
        _ => return Ok(Vec::new()),
    };
    let ids: Vec<Uuid> = leads::Entity::find()
        .select_only()
        .column(leads::Column::Id)
        .filter(access::visible::<leads::Entity>(actor))
        .filter(column.eq(id))
        .limit(CONVERTED_FROM_MAX)
        .into_tuple()
        .all(db)
        .await?;
    let titles = titles(db, actor, ids.iter().map(|id| (RecordKind::Lead, *id))).await?;
    Ok(ids
        .iter()
        .filter_map(|id| titles.get(id).cloned())
        .collect())
}
