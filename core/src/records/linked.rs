//! References from one record to another of any kind (a task about a deal, a call logged on
//! an account), written `kind:id`. Titles are only given for records the actor may see.

use super::{Record, access};
use crate::error::{CoreError, CoreResult};
use crate::{Actor, with_record};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter};
use std::collections::HashMap;
use types::dto::records::RecordKind;
use types::dto::tasks::RecordRef;
use types::error::FieldError;
use types::validate::Rule;
use uuid::Uuid;

/// `kind:id`, or empty for none.
pub fn parse(input: &str) -> Rule<Option<(RecordKind, Uuid)>> {
    let value = input.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let (kind, id) = value.split_once(':').ok_or("validation-invalid")?;
    let kind = RecordKind::from_code(kind).ok_or("validation-invalid")?;
    let id = id.parse().map_err(|_| "validation-invalid")?;
    Ok(Some((kind, id)))
}

/// Parses a reference and checks the actor sees the record (`NotFound` otherwise).
pub async fn parse_and_check(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: &str,
) -> CoreResult<Option<(RecordKind, Uuid)>> {
    let link =
        parse(input).map_err(|key| CoreError::Validation(vec![FieldError::new("linked", key)]))?;
    if let Some((kind, id)) = link {
        with_record!(kind, E => access::load::<E>(db, actor, id, access::State::Live).await.map(drop))?;
    }
    Ok(link)
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
