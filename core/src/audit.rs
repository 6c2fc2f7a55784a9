//! The audit log: every mutating service records who changed which fields, from what to what,
//! in the same transaction as the change, so the history can never disagree with the data.

use crate::{Actor, Via, error::CoreResult};
use entity::audit_log;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde::Serialize;
use std::fmt::Display;
use types::ids::AuditId;

/// One field's change. `None` means the field had (or has) no value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    pub field: &'static str,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// A change of `field`, or nothing when the value stayed the same.
pub fn diff<T: Display + PartialEq>(field: &'static str, old: &T, new: &T) -> Option<Change> {
    (old != new).then(|| Change {
        field,
        old: Some(old.to_string()),
        new: Some(new.to_string()),
    })
}

/// The fields of a newly created record.
pub fn created(fields: &[(&'static str, String)]) -> Vec<Change> {
    fields
        .iter()
        .map(|(field, value)| Change {
            field,
            old: None,
            new: Some(value.clone()),
        })
        .collect()
}

/// A record's fields as the history shows them: (field, value as text).
pub type Snapshot = Vec<(&'static str, Option<String>)>;

/// The fields that differ between two snapshots of one record. Diffing against an empty
/// snapshot lists every field a new record has.
pub fn between(before: &[(&'static str, Option<String>)], after: &Snapshot) -> Vec<Change> {
    after
        .iter()
        .filter_map(|(field, new)| {
            let old = before
                .iter()
                .find(|(f, _)| f == field)
                .and_then(|(_, v)| v.clone());
            (old != *new).then(|| Change {
                field,
                old,
                new: new.clone(),
            })
        })
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Create,
    Update,
    Delete,
    Restore,
}

impl Action {
    fn code(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Restore => "restore",
        }
    }
}

fn via_code(via: Via) -> &'static str {
    match via {
        Via::Web => "web",
        Via::Api => "api",
        Via::Job => "job",
        Via::Ai => "ai",
        Via::System => "system",
    }
}

/// Writes one audit row inside the caller's transaction. An update that changed nothing
/// writes nothing. `changes` may be a `Vec`, an `Option` from [`diff`], or several of them
/// chained.
pub async fn record(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    entity: &'static str,
    entity_id: impl Display,
    action: Action,
    changes: impl IntoIterator<Item = Change>,
) -> CoreResult<()> {
    let changes: Vec<Change> = changes.into_iter().collect();
    if action == Action::Update && changes.is_empty() {
        return Ok(());
    }
    let changes =
        serde_json::to_string(&changes).map_err(|e| crate::CoreError::Internal(e.to_string()))?;
    audit_log::ActiveModel {
        id: Set(AuditId::new()),
        actor_id: Set(Some(actor.user_id)),
        via: Set(via_code(actor.via).to_owned()),
        entity: Set(entity.to_owned()),
        entity_id: Set(entity_id.to_string()),
        action: Set(action.code().to_owned()),
        changes: Set(changes),
        created_at: Set(time::OffsetDateTime::now_utc()),
    }
    .insert(txn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_only_reports_real_changes() {
        assert_eq!(diff("role", &"admin", &"admin"), None);
        assert_eq!(
            diff("role", &"admin", &"user"),
            Some(Change {
                field: "role",
                old: Some("admin".into()),
                new: Some("user".into())
            })
        );
        let before = vec![("name", Some("A".to_owned())), ("phone", None)];
        let after = vec![("name", Some("B".to_owned())), ("phone", None)];
        let changes = between(&before, &after);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].old.as_deref(), Some("A"));
        assert_eq!(
            between(&[], &after).len(),
            1,
            "a new record lists its set fields"
        );
        let c = created(&[("name", "Won".into())]);
        assert_eq!(
            (c[0].old.clone(), c[0].new.clone()),
            (None, Some("Won".into()))
        );
    }
}
