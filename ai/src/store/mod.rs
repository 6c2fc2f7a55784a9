//! Vector storage: the [`VectorStore`] trait and its two implementations.
//!
//! - [`edge::EdgeStore`]: Qdrant's own engine (qdrant-edge) inside this process, one shard per
//!   collection in a folder. Nothing to run beside the app.
//! - [`server::QdrantServer`]: a Qdrant server over gRPC, for larger installations.
//!
//! Every point carries a [`Payload`] with what permission filtering needs (kind, record,
//! readers, public, deleted), so that [`VectorStore::search`] filters inside the store: a
//! filter applied after the search would return fewer hits than asked for, or none.

pub mod edge;
pub mod server;

use std::path::PathBuf;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::ModelInfo;

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

/// Fixed namespace of [`Point::id_for`]: changing it changes every point id.
const POINT_NAMESPACE: Uuid = Uuid::from_u128(0x6e78_6372_6d2d_4a1b_9c3e_7f21_0d5a_b804);

/// One stored vector: a record's main text (chunk 0) or a chunk of its longer text.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// Deterministic per (kind, record, chunk), so re-indexing a record overwrites its points.
    pub id: Uuid,
    pub vector: Vec<f32>,
    pub payload: Payload,
}

impl Point {
    /// A point whose id is derived from its payload's kind, record and chunk.
    pub fn new(vector: Vec<f32>, payload: Payload) -> Point {
        Point {
            id: Point::id_for(&payload.kind, payload.record, payload.chunk),
            vector,
            payload,
        }
    }

    /// The id of chunk `chunk` of record `record` of kind `kind`: a name-based (v5) UUID, the
    /// same on every run and in both stores.
    pub fn id_for(kind: &str, record: Uuid, chunk: u32) -> Uuid {
        Uuid::new_v5(
            &POINT_NAMESPACE,
            format!("{kind}/{record}/{chunk}").as_bytes(),
        )
    }
}

/// What permission filtering and re-checking need, stored with every point.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Payload {
    /// "contact", "account", ...
    pub kind: String,
    /// The record's id.
    pub record: Uuid,
    pub chunk: u32,
    /// Stored as top-level fields beside the others, as the filters read them.
    #[serde(flatten)]
    pub access: Access,
    /// Content hash of the embedded text, to skip re-embedding.
    pub hash: String,
}

/// Who may see a record's points: what [`VectorStore::set_access`] changes without
/// embedding again (a new owner or watcher, a delete, a restore).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Access {
    /// Users who may see it: owner, assignee, watchers.
    pub readers: Vec<Uuid>,
    /// Visible to everyone (kinds shared by policy).
    pub public: bool,
    /// In the trash.
    pub deleted: bool,
}

/// Who asks, and what they want. Deleted points are never returned.
#[derive(Clone, Copy, Debug)]
pub struct Query<'a> {
    pub vector: &'a [f32],
    /// Empty: all kinds.
    pub kinds: &'a [&'a str],
    /// `None` sees everything (managers, admins); `Some(u)` only points that are public or
    /// list `u` among their readers.
    pub reader: Option<Uuid>,
    /// "Find similar" leaves the record itself out.
    pub exclude_record: Option<Uuid>,
    pub limit: usize,
}

/// One search result, best first. The caller loads the record and re-checks access.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub kind: String,
    pub record: Uuid,
    pub chunk: u32,
    /// Cosine similarity.
    pub score: f32,
}

/// Stores vectors and searches them. Object-safe: the app holds an `Arc<dyn VectorStore>`.
#[async_trait::async_trait]
pub trait VectorStore: Send + Sync + std::fmt::Debug {
    /// Creates the collection (cosine distance, `dimension`) if missing; an existing one with
    /// another dimension is an error.
    async fn ensure(&self, collection: &str, dimension: usize) -> Result<(), StoreError>;

    /// The collections that exist, in no particular order.
    async fn collections(&self) -> Result<Vec<String>, StoreError>;

    /// Removes a collection and everything in it; a missing one is not an error.
    async fn drop_collection(&self, collection: &str) -> Result<(), StoreError>;

    /// Inserts or replaces points (by id).
    async fn upsert(&self, collection: &str, points: Vec<Point>) -> Result<(), StoreError>;

    /// Removes every point of a record (all chunks), e.g. before re-chunking or on purge.
    async fn delete_record(
        &self,
        collection: &str,
        kind: &str,
        record: Uuid,
    ) -> Result<(), StoreError>;

    /// Sets readers/public/deleted on every point of a record without re-embedding (a
    /// visibility change, a delete, a restore).
    async fn set_access(
        &self,
        collection: &str,
        kind: &str,
        record: Uuid,
        access: &Access,
    ) -> Result<(), StoreError>;

    /// The content hashes stored for a record's chunks (chunk -> hash, by chunk), so the
    /// indexer embeds only changed text.
    async fn hashes(
        &self,
        collection: &str,
        kind: &str,
        record: Uuid,
    ) -> Result<Vec<(u32, String)>, StoreError>;

    /// Nearest points, permission-filtered inside the store (a filter on the query, never
    /// after it).
    async fn search(&self, collection: &str, query: Query<'_>) -> Result<Vec<Hit>, StoreError>;

    /// Number of points, deleted ones included.
    async fn count(&self, collection: &str) -> Result<u64, StoreError>;

    /// Builds the index after a bulk load (edge: runs the optimizers; server: nothing, it
    /// optimizes on its own).
    async fn optimize(&self, collection: &str) -> Result<(), StoreError>;
}

/// Why a store call failed. Messages are for logs only: never show them to users.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The store cannot be used at all: its folder is unusable or the server is unreachable.
    /// Retrying later (or fixing the configuration) may help.
    #[error("vector store unavailable: {0}")]
    Unavailable(String),
    /// The store was reached but this call failed.
    #[error("vector store failed: {0}")]
    Failed(String),
    /// Vectors of another size than the collection's: another model, or a bug.
    #[error("collection {collection} holds vectors of size {found}, not {wanted}")]
    Dimension {
        collection: String,
        found: usize,
        wanted: usize,
    },
}

/// Where vectors are stored, as configured.
#[derive(Clone)]
pub enum StoreSource {
    /// An edge store in this folder (see [`edge::EdgeStore::open`]).
    Edge(PathBuf),
    /// A Qdrant server's gRPC endpoint, e.g. `http://localhost:6334`.
    Server {
        url: String,
        api_key: Option<String>,
    },
}

impl std::fmt::Debug for StoreSource {
    // By hand, so that the API key never reaches a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreSource::Edge(dir) => f.debug_tuple("Edge").field(dir).finish(),
            StoreSource::Server { url, .. } => f
                .debug_struct("Server")
                .field("url", url)
                .finish_non_exhaustive(),
        }
    }
}

impl StoreSource {
    /// The store this source names. The edge folder is created if missing, off the async
    /// threads; a server is not contacted until the first call.
    pub async fn open(&self) -> Result<Arc<dyn VectorStore>, StoreError> {
        match self {
            StoreSource::Edge(dir) => {
                let dir = dir.clone();
                let store = tokio::task::spawn_blocking(move || edge::EdgeStore::open(dir))
                    .await
                    .map_err(|e| StoreError::Failed(format!("opening task: {e}")))??;
                Ok(Arc::new(store))
            }
            StoreSource::Server { url, api_key } => Ok(Arc::new(server::QdrantServer::connect(
                url,
                api_key.clone(),
            )?)),
        }
    }
}

/// The collection for vectors of `model`: `records_<model slug>_<dimension>`, lowercase ASCII
/// letters, digits and `_` only, so vectors of different models never share a collection.
pub fn collection_name(model: &ModelInfo) -> String {
    let mut slug = String::new();
    for c in model.name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('_') {
            slug.push('_');
        }
    }
    // Bounded so the name stays well under Qdrant's limit whatever the model is called.
    slug.truncate(64);
    let slug = slug.trim_end_matches('_');
    let slug = if slug.is_empty() { "model" } else { slug };
    format!("records_{slug}_{}", model.dimension)
}

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
