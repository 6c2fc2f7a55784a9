//! What search by meaning embeds of a record, and who may find it.
//!
//! Chunk 0 is the record's key fields in one text: its title and its one-line texts (email,
//! phone, web address, position, …). The chunks after it are pieces of its longer texts
//! (descriptions, addresses, an activity's body, a task's comments), cut by `ai::text::chunks`.

use crate::error::CoreResult;
use crate::records::texts;
use crate::records::write::Fields;
use ai::store::Access;
use entity::watchers;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;
use types::dto::records::RecordKind;
use types::ids::UserId;
use types::validate::Text;
use uuid::Uuid;

/// One record as it is indexed.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// Never empty: chunk 0 is the key fields.
    pub texts: Vec<String>,
    pub access: Access,
}

/// The documents of the records of `kind` among `ids`, by id: one query for the rows, one for
/// their watchers and what the kind keeps beside them. A record that does not exist, or that
/// the kind leaves out of the index (a converted lead), has none.
pub async fn load<C: ConnectionTrait + Sync>(
    db: &C,
    kind: RecordKind,
    ids: &[Uuid],
) -> CoreResult<HashMap<Uuid, Document>> {
    crate::with_record!(kind, E => of_kind::<E, C>(db, ids).await)
}

async fn of_kind<E: Fields, C: ConnectionTrait + Sync>(
    db: &C,
    ids: &[Uuid],
) -> CoreResult<HashMap<Uuid, Document>> {
    let rows = E::find()
        .filter(E::id_col().is_in(ids.iter().copied()))
        .all(db)
        .await?;
    let mut watchers = if E::SHARED {
        HashMap::new()
    } else {
        watchers_of(db, E::KIND, ids).await?
    };
    let mut more = grouped(E::more_texts(db, ids).await?);
    let mut docs = HashMap::new();
    for m in rows.into_iter().filter(E::indexed) {
        let id = E::id_of(&m);
        let mut texts = vec![key_text::<E>(&m)?];
        let long = long_texts::<E>(&m)?;
        for text in long.into_iter().chain(more.remove(&id).unwrap_or_default()) {
            texts.extend(ai::text::chunks(&text));
        }
        let access = Access {
            readers: readers(E::SHARED, E::owner_of(&m), watchers.remove(&id)),
            public: E::SHARED,
            deleted: E::deleted_at(&m).is_some(),
        };
        docs.insert(id, Document { texts, access });
    }
    Ok(docs)
}

/// The title, then every one-line text field that says something the title does not.
fn key_text<E: Fields>(m: &E::Model) -> CoreResult<String> {
    let title = E::title(m);
    let mut parts = vec![title.clone()];
    for (_, rule, text) in texts::stored::<E, E::Patch>(m)? {
        match (rule, text) {
            (Some(rule), Some(text)) if rule != Text::Long && !title.contains(text.trim()) => {
                parts.push(text);
            }
            _ => {}
        }
    }
    Ok(parts.join("\n"))
}

/// The long text fields that are filled, in declared order.
fn long_texts<E: Fields>(m: &E::Model) -> CoreResult<Vec<String>> {
    Ok(texts::stored::<E, E::Patch>(m)?
        .into_iter()
        .filter(|(_, rule, _)| *rule == Some(Text::Long))
        .filter_map(|(_, _, text)| text.filter(|t| !t.trim().is_empty()))
        .collect())
}

/// Who may see a record: nobody in particular for a shared catalog (it is public), else its
/// owner and its watchers, as `policy::records` says.
fn readers(shared: bool, owner: UserId, watchers: Option<Vec<Uuid>>) -> Vec<Uuid> {
    if shared {
        return Vec::new();
    }
    let mut readers = vec![owner.0];
    for user in watchers.unwrap_or_default() {
        if !readers.contains(&user) {
            readers.push(user);
        }
    }
    readers
}

/// The watchers of the records of `kind` among `ids`, by record.
async fn watchers_of<C: ConnectionTrait + Sync>(
    db: &C,
    kind: RecordKind,
    ids: &[Uuid],
) -> CoreResult<HashMap<Uuid, Vec<Uuid>>> {
    let rows: Vec<(Uuid, Uuid)> = watchers::Entity::find()
        .select_only()
        .columns([watchers::Column::RecordId, watchers::Column::UserId])
        .filter(watchers::Column::Entity.eq(kind.code()))
        .filter(watchers::Column::RecordId.is_in(ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(grouped(rows))
}

/// (record, value) pairs gathered by record, in their order.
fn grouped<T>(rows: Vec<(Uuid, T)>) -> HashMap<Uuid, Vec<T>> {
    let mut by_record: HashMap<Uuid, Vec<T>> = HashMap::new();
    for (record, value) in rows {
        by_record.entry(record).or_default().push(value);
    }
    by_record
}

#[cfg(test)]
mod tests {
    use super::readers;
    use types::ids::UserId;
    use uuid::Uuid;

    #[test]
    fn readers_are_the_owner_and_watchers_once_each_and_none_for_a_catalog() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        assert_eq!(readers(false, UserId(a), Some(vec![b, a, b])), [a, b]);
        assert_eq!(readers(false, UserId(a), None), [a]);
        assert!(readers(true, UserId(a), Some(vec![b])).is_empty());
    }
}
