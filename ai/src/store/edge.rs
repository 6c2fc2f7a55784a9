//! The in-process store: Qdrant's own engine (qdrant-edge), one shard per collection.
//!
//! Layout: `<dir>/<collection>/shard/` holds the edge shard, `<dir>/<collection>/collection.json`
//! its vector size. The marker is written last, so a collection whose creation was interrupted
//! has none and is created afresh.
//!
//! qdrant-edge is blocking: every call runs in `spawn_blocking`. It builds its HNSW index only
//! when asked ([`VectorStore::optimize`]); until then search is exact (a full scan, filtered by
//! the payload indexes). Loading replays what its WAL holds beyond the segments, but the WAL is
//! only synced by `flush`, so every write is flushed before it returns.
//!
//! A folder belongs to one process at a time: [`EdgeStore::open`] takes an exclusive lock on
//! `<dir>/lock`, so a second process (a `nextcrm index rebuild` beside a running server, a
//! second worker node) is refused instead of writing the same shard.

use std::collections::HashMap;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use qdrant_edge::{
    Condition, CountRequest, CreateIndex, DEFAULT_VECTOR_NAME, Distance, EdgeConfig, EdgeShard,
    EdgeVectorParams, FieldCondition, FieldIndexOperations, Filter, JsonPath, Match, NamedQuery,
    Payload as EdgePayload, PayloadFieldSchema, PayloadOps, PayloadSchemaType, PointId,
    PointInsertOperations, PointOperations, PointStructPersisted, QueryEnum, QueryRequestBuilder,
    ScoringQuery, ScrollRequestBuilder, SetPayloadOp, UpdateOperation, VectorInternal,
    VectorStructPersisted, WithPayloadInterface,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    Access, CHUNK, DELETED, HASH, HashFields, Hit, INDEXED, IndexKind, KIND, PUBLIC, Point, Query,
    READERS, RECORD, StoreError, VectorStore, check_name, check_new, from_json, hit, json_object,
    same_size,
};

/// The marker beside a collection's shard: its vector size.
const MARKER: &str = "collection.json";
/// The shard's folder inside the collection's.
const SHARD: &str = "shard";
/// The file whose lock says which process owns the folder.
const LOCK: &str = "lock";
/// Points read per scroll page in [`VectorStore::hashes`].
const PAGE: usize = 256;

/// Vector store inside this process. Cheap to share: hold it in an `Arc<dyn VectorStore>`.
pub struct EdgeStore {
    inner: Arc<Inner>,
}

struct Inner {
    dir: PathBuf,
    /// Held (and locked) for as long as the store is open.
    _lock: std::fs::File,
    /// Open shards by collection. A std mutex, only ever locked inside `spawn_blocking`.
    shards: Mutex<HashMap<String, Arc<Collection>>>,
}

struct Collection {
    shard: EdgeShard,
    dimension: usize,
}

#[derive(Serialize, Deserialize)]
struct Marker {
    dimension: usize,
}

impl std::fmt::Debug for EdgeStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EdgeStore")
            .field("dir", &self.inner.dir)
            .finish_non_exhaustive()
    }
}

impl EdgeStore {
    /// A store keeping its collections under `dir` (created if missing). Collections written
    /// before are opened on first use.
    ///
    /// Blocking (creates the folder): call it at start-up or inside `spawn_blocking`. A
    /// folder another process has open is `Unavailable`.
    pub fn open(dir: PathBuf) -> Result<EdgeStore, StoreError> {
        let unavailable =
            |e: &dyn std::fmt::Display| StoreError::Unavailable(format!("{}: {e}", dir.display()));
        std::fs::create_dir_all(&dir).map_err(|e| unavailable(&e))?;
        let lock = std::fs::File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(LOCK))
            .map_err(|e| unavailable(&e))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(unavailable(
                    &"in use by another process (stop it, or use a Qdrant server)",
                ));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(unavailable(&e)),
        }
        Ok(EdgeStore {
            inner: Arc::new(Inner {
                dir,
                _lock: lock,
                shards: Mutex::new(HashMap::new()),
            }),
        })
    }

    /// Runs `f` on a blocking thread: qdrant-edge does disk I/O and CPU work in every call.
    async fn run<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Inner) -> Result<T, StoreError> + Send + 'static,
    {
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || f(&inner))
            .await
            .map_err(|e| StoreError::Failed(format!("store task: {e}")))?
    }
}

#[async_trait::async_trait]
impl VectorStore for EdgeStore {
    async fn ensure(&self, collection: &str, dimension: usize) -> Result<(), StoreError> {
        let name = collection.to_owned();
        self.run(move |inner| inner.ensure(&name, dimension)).await
    }

    async fn collections(&self) -> Result<Vec<String>, StoreError> {
        self.run(|inner| inner.collections()).await
    }

    async fn drop_collection(&self, collection: &str) -> Result<(), StoreError> {
        let name = collection.to_owned();
        self.run(move |inner| inner.drop_collection(&name)).await
    }

    async fn upsert(&self, collection: &str, points: Vec<Point>) -> Result<(), StoreError> {
        if points.is_empty() {
            return Ok(());
        }
        let name = collection.to_owned();
        self.run(move |inner| inner.need(&name)?.upsert(&name, points))
            .await
    }

    async fn delete_record(
        &self,
        collection: &str,
        kind: &str,
        record: Uuid,
    ) -> Result<(), StoreError> {
        let name = collection.to_owned();
        let filter = record_filter(kind, record);
        self.run(move |inner| {
            inner.need(&name)?.write(UpdateOperation::PointOperation(
                PointOperations::DeletePointsByFilter(filter),
            ))
        })
        .await
    }

    async fn set_access(
        &self,
        collection: &str,
        kind: &str,
        record: Uuid,
        access: &Access,
    ) -> Result<(), StoreError> {
        let name = collection.to_owned();
        let operation = SetPayloadOp {
            payload: EdgePayload(json_object(access)?),
            points: None,
            filter: Some(record_filter(kind, record)),
            key: None,
        };
        self.run(move |inner| {
            inner
                .need(&name)?
                .write(UpdateOperation::PayloadOperation(PayloadOps::SetPayload(
                    operation,
                )))
        })
        .await
    }

    async fn hashes(
        &self,
        collection: &str,
        kind: &str,
        record: Uuid,
    ) -> Result<Vec<(u32, String)>, StoreError> {
        let name = collection.to_owned();
        let filter = record_filter(kind, record);
        self.run(move |inner| inner.need(&name)?.hashes(filter))
            .await
    }

    async fn search(&self, collection: &str, query: Query<'_>) -> Result<Vec<Hit>, StoreError> {
        if query.limit == 0 {
            return Ok(Vec::new());
        }
        let name = collection.to_owned();
        let vector = query.vector.to_vec();
        let limit = query.limit;
        let filter = search_filter(&query);
        self.run(move |inner| inner.need(&name)?.search(&name, vector, filter, limit))
            .await
    }

    async fn count(&self, collection: &str) -> Result<u64, StoreError> {
        let name = collection.to_owned();
        self.run(move |inner| {
            let count = inner
                .need(&name)?
                .shard
                .count(CountRequest::new())
                .map_err(failed)?;
            Ok(u64::try_from(count).unwrap_or(u64::MAX))
        })
        .await
    }

    async fn optimize(&self, collection: &str) -> Result<(), StoreError> {
        let name = collection.to_owned();
        self.run(move |inner| {
            let collection = inner.need(&name)?;
            collection.shard.optimize().map_err(failed)?;
            collection.shard.flush().map_err(failed)
        })
        .await
    }
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, Arc<Collection>>> {
        // The map is only changed by single inserts and removes: still consistent after a
        // panic elsewhere.
        self.shards.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The open collection, opening it from disk if it exists there.
    fn get(
        &self,
        shards: &mut HashMap<String, Arc<Collection>>,
        name: &str,
    ) -> Result<Option<Arc<Collection>>, StoreError> {
        check_name(name)?;
        if let Some(collection) = shards.get(name) {
            return Ok(Some(Arc::clone(collection)));
        }
        let dir = self.dir.join(name);
        let Some(dimension) = read_marker(&dir)? else {
            return Ok(None);
        };
        let shard = EdgeShard::load(&dir.join(SHARD), None).map_err(failed)?;
        let stored = shard
            .config()
            .vectors
            .get(DEFAULT_VECTOR_NAME)
            .map(|params| params.size);
        if stored != Some(dimension) {
            return Err(StoreError::Failed(format!(
                "collection {name}: marker says size {dimension}, shard has {stored:?}"
            )));
        }
        // Indexes live in the segments. Loading seeds a new appendable segment with those of the
        // others, so this only repairs a shard that lost one; an existing index costs nothing.
        ensure_indexes(&shard)?;
        let collection = Arc::new(Collection { shard, dimension });
        shards.insert(name.to_owned(), Arc::clone(&collection));
        Ok(Some(collection))
    }

    fn need(&self, name: &str) -> Result<Arc<Collection>, StoreError> {
        let mut shards = self.lock();
        self.get(&mut shards, name)?
            .ok_or_else(|| StoreError::Failed(format!("no collection {name}")))
    }

    fn ensure(&self, name: &str, dimension: usize) -> Result<(), StoreError> {
        check_new(name, dimension)?;
        // Held throughout, so two callers never create the same shard.
        let mut shards = self.lock();
        if let Some(collection) = self.get(&mut shards, name)? {
            return same_size(name, collection.dimension, dimension);
        }

        let dir = self.dir.join(name);
        // No marker: leftovers of an interrupted creation, if anything.
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(failed)?;
        }
        let shard_dir = dir.join(SHARD);
        std::fs::create_dir_all(&shard_dir).map_err(failed)?;
        let config = EdgeConfig::builder()
            .vector(
                DEFAULT_VECTOR_NAME,
                EdgeVectorParams::builder(dimension, Distance::Cosine).build(),
            )
            .build();
        let shard = EdgeShard::new(&shard_dir, config).map_err(failed)?;
        ensure_indexes(&shard)?;
        shard.flush().map_err(failed)?;
        write_marker(&dir, dimension)?;
        shards.insert(name.to_owned(), Arc::new(Collection { shard, dimension }));
        Ok(())
    }

    fn collections(&self) -> Result<Vec<String>, StoreError> {
        let entries = std::fs::read_dir(&self.dir)
            .map_err(|e| StoreError::Unavailable(format!("{}: {e}", self.dir.display())))?;
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry.map_err(failed)?;
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            if check_name(&name).is_ok() && entry.path().join(MARKER).is_file() {
                names.push(name);
            }
        }
        names.sort();
        Ok(names)
    }

    fn drop_collection(&self, name: &str) -> Result<(), StoreError> {
        check_name(name)?;
        let mut shards = self.lock();
        // Closing flushes the shard; a call still running on it keeps it open until it ends.
        drop(shards.remove(name));
        let dir = self.dir.join(name);
        // Marker first: a removal cut short leaves no half collection that looks whole.
        match std::fs::remove_file(dir.join(MARKER)) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => return Err(failed(e)),
        }
        match std::fs::remove_dir_all(&dir) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
            Err(e) => Err(failed(e)),
        }
    }
}

impl Collection {
    /// Applies one update and makes it durable: the WAL is synced only by `flush`, so an update
    /// not flushed may be lost in a crash.
    fn write(&self, operation: UpdateOperation) -> Result<(), StoreError> {
        self.shard.update(operation).map_err(failed)?;
        self.shard.flush().map_err(failed)
    }

    fn upsert(&self, name: &str, points: Vec<Point>) -> Result<(), StoreError> {
        let mut batch = Vec::with_capacity(points.len());
        for point in points {
            same_size(name, self.dimension, point.vector.len())?;
            batch.push(PointStructPersisted {
                id: PointId::Uuid(point.id),
                vector: VectorStructPersisted::Single(point.vector),
                payload: Some(EdgePayload(json_object(&point.payload)?)),
            });
        }
        self.write(UpdateOperation::PointOperation(
            PointOperations::UpsertPoints(PointInsertOperations::PointsList(batch)),
        ))
    }

    fn search(
        &self,
        name: &str,
        vector: Vec<f32>,
        filter: Filter,
        limit: usize,
    ) -> Result<Vec<Hit>, StoreError> {
        same_size(name, self.dimension, vector.len())?;
        let request = QueryRequestBuilder::new(limit)
            .query(ScoringQuery::Vector(QueryEnum::Nearest(NamedQuery {
                query: VectorInternal::Dense(vector),
                using: None,
            })))
            .filter(filter)
            .with_payload(WithPayloadInterface::Fields(vec![
                key(KIND),
                key(RECORD),
                key(CHUNK),
            ]))
            .build();
        let found = self.shard.query(request).map_err(failed)?;
        found
            .into_iter()
            .map(|point| hit(point.payload.map(|p| p.0).unwrap_or_default(), point.score))
            .collect()
    }

    fn hashes(&self, filter: Filter) -> Result<Vec<(u32, String)>, StoreError> {
        let mut out = Vec::new();
        let mut offset = None;
        loop {
            let mut request = ScrollRequestBuilder::new()
                .filter(filter.clone())
                .limit(PAGE)
                .with_payload(WithPayloadInterface::Fields(vec![key(CHUNK), key(HASH)]));
            if let Some(offset) = offset {
                request = request.offset(offset);
            }
            let (records, next) = self.shard.scroll(request.build()).map_err(failed)?;
            for record in records {
                let fields: HashFields =
                    from_json(record.payload.map(|p| p.0).unwrap_or_default())?;
                out.push((fields.chunk, fields.hash));
            }
            match next {
                Some(next) => offset = Some(next),
                None => break,
            }
        }
        out.sort();
        Ok(out)
    }
}

fn failed(e: impl std::fmt::Display) -> StoreError {
    StoreError::Failed(e.to_string())
}

/// The vector size in a collection's marker; `None` if the collection does not exist.
fn read_marker(dir: &Path) -> Result<Option<usize>, StoreError> {
    match std::fs::read(dir.join(MARKER)) {
        Ok(bytes) => serde_json::from_slice::<Marker>(&bytes)
            .map(|marker| Some(marker.dimension))
            .map_err(|e| StoreError::Failed(format!("{}: {e}", dir.join(MARKER).display()))),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(failed(e)),
    }
}

/// Writes the marker through a temporary file, so it is whole or absent.
fn write_marker(dir: &Path, dimension: usize) -> Result<(), StoreError> {
    let bytes = serde_json::to_vec(&Marker { dimension }).map_err(failed)?;
    let temporary = dir.join("collection.json.tmp");
    std::fs::write(&temporary, bytes).map_err(failed)?;
    std::fs::rename(&temporary, dir.join(MARKER)).map_err(failed)
}

/// Creates the payload indexes filters use. Idempotent: an existing index is kept.
fn ensure_indexes(shard: &EdgeShard) -> Result<(), StoreError> {
    for (field, kind) in INDEXED {
        let schema = match kind {
            IndexKind::Keyword => PayloadSchemaType::Keyword,
            IndexKind::Bool => PayloadSchemaType::Bool,
        };
        shard
            .update(UpdateOperation::FieldIndexOperation(
                FieldIndexOperations::CreateIndex(CreateIndex {
                    field_name: key(field),
                    field_schema: Some(PayloadFieldSchema::FieldType(schema)),
                }),
            ))
            .map_err(failed)?;
    }
    Ok(())
}

/// A top-level payload key (built directly: parsing could fail, these names cannot).
fn key(name: &str) -> JsonPath {
    JsonPath {
        first_key: name.to_owned(),
        rest: Vec::new(),
    }
}

fn field(name: &str, r#match: Match) -> Condition {
    Condition::Field(FieldCondition::new_match(key(name), r#match))
}

/// Every point (chunk) of one record.
fn record_filter(kind: &str, record: Uuid) -> Filter {
    Filter {
        must: Some(vec![
            field(KIND, Match::from(kind.to_owned())),
            field(RECORD, Match::from(record.to_string())),
        ]),
        ..Filter::default()
    }
}

/// Not deleted, of the wanted kinds, visible to the reader, not the excluded record.
fn search_filter(query: &Query<'_>) -> Filter {
    let mut must = vec![field(DELETED, Match::from(false))];
    if !query.kinds.is_empty() {
        let kinds: Vec<String> = query.kinds.iter().map(|&k| k.to_owned()).collect();
        must.push(field(KIND, Match::from(kinds)));
    }
    if let Some(reader) = query.reader {
        // Public or listing the reader: a nested filter whose `should` needs one match.
        must.push(Condition::Filter(Filter {
            should: Some(vec![
                field(PUBLIC, Match::from(true)),
                field(READERS, Match::from(reader.to_string())),
            ]),
            ..Filter::default()
        }));
    }
    let must_not = query
        .exclude_record
        .map(|record| vec![field(RECORD, Match::from(record.to_string()))]);
    Filter {
        must: Some(must),
        must_not,
        ..Filter::default()
    }
}
