//! Vector storage: the [`VectorStore`] trait and its two implementations.
//!
//! - [`edge::EdgeStore`]: Qdrant's own engine (qdrant-edge) inside this process, one shard per
//!   collection in a folder. Nothing to run beside the app.
//! - [`server::QdrantServer`]: a Qdrant server over gRPC, for larger installations.
//!
//! Every point carries a [`Payload`] with what permission filtering needs (kind, record,
//! readers, public, deleted), so that [`VectorStore::search`] filters inside the store: a
//! filter applied after the search would return fewer hits than asked for, or none.

#[cfg(feature = "engines")]
pub mod edge;
#[cfg(feature = "engines")]
pub mod server;
#[cfg(feature = "engines")]
mod source;
#[cfg(feature = "engines")]
mod wire;

#[cfg(feature = "engines")]
pub use source::StoreSource;
#[cfg(feature = "engines")]
pub(crate) use wire::*;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ModelInfo;

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
