//! What both stores write and read back: payload keys and their indexes, payloads as JSON
//! objects, and the checks of collection names and vector sizes.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::{Hit, StoreError};

/// Payload keys, shared by both stores and their filters. They are the field names of
/// [`Payload`]: renaming a field means renaming its key here.
pub(crate) const KIND: &str = "kind";
pub(crate) const RECORD: &str = "record";
pub(crate) const CHUNK: &str = "chunk";
pub(crate) const READERS: &str = "readers";
pub(crate) const PUBLIC: &str = "public";
pub(crate) const DELETED: &str = "deleted";
pub(crate) const HASH: &str = "hash";

/// How a payload field is indexed, so that filtered search does not scan every payload.
#[derive(Clone, Copy, Debug)]
pub(crate) enum IndexKind {
    Keyword,
    Bool,
}

/// The payload fields filters use, indexed in both stores.
pub(crate) const INDEXED: [(&str, IndexKind); 5] = [
    (KIND, IndexKind::Keyword),
    (RECORD, IndexKind::Keyword),
    (READERS, IndexKind::Keyword),
    (PUBLIC, IndexKind::Bool),
    (DELETED, IndexKind::Bool),
];

/// Collection names become folder names in the edge store: ASCII letters, digits, `_` and `-`
/// only, so a name can never leave the store's folder.
pub(crate) fn check_name(collection: &str) -> Result<(), StoreError> {
    let ok = !collection.is_empty()
        && collection.len() <= 200
        && collection
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(StoreError::Failed(format!(
            "invalid collection name {collection:?}: use ASCII letters, digits, '_' and '-'"
        )))
    }
}

/// A payload, or the access part of one, as a JSON object: the form both stores take.
pub(crate) fn json_object(value: &impl Serialize) -> Result<Map<String, Value>, StoreError> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(StoreError::Failed(format!(
            "payload is not an object: {other}"
        ))),
        Err(e) => Err(StoreError::Failed(format!("payload: {e}"))),
    }
}

/// A new collection's name and vector size, checked the same way by both stores.
pub(crate) fn check_new(collection: &str, dimension: usize) -> Result<(), StoreError> {
    check_name(collection)?;
    if dimension == 0 {
        return Err(StoreError::Failed(format!(
            "collection {collection}: vector size 0"
        )));
    }
    Ok(())
}

/// Vectors of size `wanted` against a collection of size `found`.
pub(crate) fn same_size(collection: &str, found: usize, wanted: usize) -> Result<(), StoreError> {
    if found == wanted {
        Ok(())
    } else {
        Err(StoreError::Dimension {
            collection: collection.to_owned(),
            found,
            wanted,
        })
    }
}

/// Reads the fields a caller asked the store to return.
pub(crate) fn from_json<T: DeserializeOwned>(map: Map<String, Value>) -> Result<T, StoreError> {
    serde_json::from_value(Value::Object(map))
        .map_err(|e| StoreError::Failed(format!("stored payload: {e}")))
}

/// The payload fields a search hit is made of.
#[derive(Deserialize)]
struct HitFields {
    kind: String,
    record: Uuid,
    chunk: u32,
}

/// A search hit from the payload fields both stores return with it.
pub(crate) fn hit(payload: Map<String, Value>, score: f32) -> Result<Hit, StoreError> {
    let fields: HitFields = from_json(payload)?;
    Ok(Hit {
        kind: fields.kind,
        record: fields.record,
        chunk: fields.chunk,
        score,
    })
}

/// The payload fields [`VectorStore::hashes`] returns.
#[derive(Deserialize)]
pub(crate) struct HashFields {
    pub chunk: u32,
    pub hash: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Access, Payload};

    #[test]
    fn keys_match_payload_fields() {
        let payload = Payload {
            kind: "contact".into(),
            record: Uuid::nil(),
            chunk: 0,
            access: Access {
                readers: Vec::new(),
                public: false,
                deleted: false,
            },
            hash: String::new(),
        };
        let map = json_object(&payload).expect("object");
        for key in [KIND, RECORD, CHUNK, READERS, PUBLIC, DELETED, HASH] {
            assert!(map.contains_key(key), "{key} is not a payload field");
        }
        assert_eq!(map.len(), 7);
    }

    #[test]
    fn names_are_checked() {
        assert!(check_name("records_all_minilm_l6_v2_384").is_ok());
        for bad in ["", "..", "a/b", "a b", "é"] {
            assert!(check_name(bad).is_err(), "{bad:?} accepted");
        }
    }
}
