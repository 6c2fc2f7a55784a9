//! The audit log: every mutating service records who changed which fields, from what to what,
//! in the same transaction as the change, so the history can never disagree with the data.

use crate::{Actor, Via, error::CoreResult};
use entity::audit_log;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde::Serialize;
use std::fmt::Display;
use time::{Date, OffsetDateTime};
use types::dto::records::{HistoryValue, RecordKind};
use types::ids::AuditId;
use types::money::Money;
use uuid::Uuid;

/// One field's change. `None` means the field had (or has) no value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    pub field: &'static str,
    #[serde(serialize_with = "stored")]
    pub old: Option<HistoryValue>,
    #[serde(serialize_with = "stored")]
    pub new: Option<HistoryValue>,
}

/// How a value is kept in `audit_log.changes`: text as a plain JSON string (the form every
/// entry had before values were typed), anything else as its tagged object.
fn stored<S: serde::Serializer>(value: &Option<HistoryValue>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(HistoryValue::Text { text }) => s.serialize_str(text),
        Some(other) => other.serialize(s),
        None => s.serialize_none(),
    }
}

/// A value read back from `audit_log.changes`.
#[derive(serde::Deserialize)]
#[serde(untagged)]
pub enum StoredValue {
    Text(String),
    Typed(HistoryValue),
}

impl From<StoredValue> for HistoryValue {
    fn from(v: StoredValue) -> Self {
        match v {
            StoredValue::Text(text) => HistoryValue::Text { text },
            StoredValue::Typed(value) => value,
        }
    }
}

/// One change as read back from `audit_log.changes`.
#[derive(serde::Deserialize)]
pub struct StoredChange {
    pub field: String,
    pub old: Option<StoredValue>,
    pub new: Option<StoredValue>,
}

impl Change {
    /// A value added to a list-like field (a watcher, a comment, a link).
    pub fn added(field: &'static str, value: Option<HistoryValue>) -> Change {
        Change {
            field,
            old: None,
            new: value,
        }
    }

    /// A value removed from a list-like field.
    pub fn removed(field: &'static str, value: Option<HistoryValue>) -> Change {
        Change {
            field,
            old: value,
            new: None,
        }
    }
}

/// A change of `field`, or nothing when the value stayed the same.
pub fn diff<T: Display + PartialEq>(field: &'static str, old: &T, new: &T) -> Option<Change> {
    (old != new).then(|| Change {
        field,
        old: text(Some(old.to_string())),
        new: text(Some(new.to_string())),
    })
}

/// The fields of a newly created record.
pub fn created(fields: &[(&'static str, String)]) -> Vec<Change> {
    fields
        .iter()
        .map(|(field, value)| Change::added(field, text(Some(value.clone()))))
        .collect()
}

/// A record's fields as the history shows them. Built from the stored row, never from what
/// one viewer may see of it, so the diff is of the real data.
pub type Snapshot = Vec<(&'static str, Option<HistoryValue>)>;

/// The fields that differ between two snapshots of one record. Diffing against an empty
/// snapshot lists every field a new record has.
pub fn between(before: &[(&'static str, Option<HistoryValue>)], after: &Snapshot) -> Vec<Change> {
    after
        .iter()
        .filter_map(|(field, new)| {
            let old = before
                .iter()
                .find(|(f, _)| f == field)
                .and_then(|(_, v)| v.clone());
            let same = match (&old, new) {
                (Some(a), Some(b)) => a.same(b),
                (None, None) => true,
                _ => false,
            };
            (!same).then(|| Change {
                field,
                old,
                new: new.clone(),
            })
        })
        .collect()
}

/// Text as it was typed; `None` or empty is no value.
pub fn text(value: Option<impl Into<String>>) -> Option<HistoryValue> {
    let text: String = value?.into();
    (!text.is_empty()).then_some(HistoryValue::Text { text })
}

/// A code of a fixed set, shown translated: `label("account-status", "active")`.
pub fn label(prefix: &str, code: Option<&str>) -> Option<HistoryValue> {
    code.map(|code| HistoryValue::Label {
        key: format!("{prefix}-{code}"),
    })
}

pub fn money(value: Option<Money>) -> Option<HistoryValue> {
    value.map(|money| HistoryValue::Money { money })
}

pub fn date(value: Option<Date>) -> Option<HistoryValue> {
    value.map(|date| HistoryValue::Date { date })
}

pub fn moment(at: OffsetDateTime) -> Option<HistoryValue> {
    Some(HistoryValue::Moment { at })
}

/// Another record: shown by name only to those who may see it when the history is read.
pub fn link(kind: RecordKind, id: Uuid, title: impl Into<String>) -> Option<HistoryValue> {
    Some(HistoryValue::Link {
        kind,
        id,
        title: title.into(),
    })
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
    at: OffsetDateTime,
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
        created_at: Set(at),
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
                old: text(Some("admin")),
                new: text(Some("user"))
            })
        );
        let before = vec![("name", text(Some("A"))), ("phone", None)];
        let after = vec![("name", text(Some("B"))), ("phone", None)];
        let changes = between(&before, &after);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].old, text(Some("A")));
        assert_eq!(
            between(&[], &after).len(),
            1,
            "a new record lists its set fields"
        );
        let c = created(&[("name", "Won".into())]);
        assert_eq!(
            (c[0].old.clone(), c[0].new.clone()),
            (None, text(Some("Won")))
        );
        let id = Uuid::from_u128(7);
        let renamed = between(
            &[("account", link(RecordKind::Account, id, "Acme"))],
            &vec![("account", link(RecordKind::Account, id, "Acme Ltd"))],
        );
        assert!(renamed.is_empty(), "a renamed link is the same link");
    }
}
