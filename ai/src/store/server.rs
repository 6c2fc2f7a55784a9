//! A Qdrant server over gRPC (qdrant-client), for installations that run one.

use std::time::Duration;

use qdrant_client::qdrant::r#match::MatchValue;
use qdrant_client::qdrant::{
    Condition, CountPointsBuilder, CreateCollectionBuilder, CreateFieldIndexCollectionBuilder,
    DeletePointsBuilder, Distance, FieldType, Filter, GetCollectionInfoResponse,
    PayloadIncludeSelector, PointId, PointStruct, Query as QdrantQuery, QueryPointsBuilder,
    ScrollPointsBuilder, SetPayloadPointsBuilder, UpsertPointsBuilder, VectorParamsBuilder,
    vectors_config,
};
use qdrant_client::{Payload as QdrantPayload, Qdrant, QdrantError};
use uuid::Uuid;

use super::{
    Access, CHUNK, DELETED, HASH, HashFields, Hit, INDEXED, IndexKind, KIND, PUBLIC, Point, Query,
    READERS, RECORD, StoreError, VectorStore, check_name, check_new, from_json, hit, json_object,
    same_size,
};

/// A server that does not accept the connection within this is taken as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one request may take.
const TIMEOUT: Duration = Duration::from_secs(30);
/// Points read per scroll page in [`VectorStore::hashes`].
const PAGE: u32 = 256;

/// A Qdrant server. Cheap to share: hold it in an `Arc<dyn VectorStore>`.
pub struct QdrantServer {
    client: Qdrant,
    url: String,
}

impl std::fmt::Debug for QdrantServer {
    // By hand: the client holds the API key, which must never reach a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QdrantServer")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl QdrantServer {
    /// `url` is the gRPC endpoint, e.g. `http://localhost:6334`. Nothing is sent yet: an
    /// unreachable server shows as [`StoreError::Unavailable`] on the first call.
    pub fn connect(url: &str, api_key: Option<String>) -> Result<QdrantServer, StoreError> {
        if let Some(key) = &api_key
            && !crate::client::header_safe(key)
        {
            return Err(StoreError::Unavailable(
                "the API key has characters not allowed in a header".into(),
            ));
        }
        crate::client::use_ring();
        let client = Qdrant::from_url(url)
            .api_key(api_key)
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(TIMEOUT)
            // The check prints to stdout and blocks on a health call; versions are our concern.
            .skip_compatibility_check()
            .build()
            .map_err(classify)?;
        Ok(QdrantServer {
            client,
            url: url.to_owned(),
        })
    }

    /// The vector size of an existing collection; `None` if there is no such collection.
    async fn dimension(&self, collection: &str) -> Result<Option<usize>, StoreError> {
        if !self
            .client
            .collection_exists(collection)
            .await
            .map_err(classify)?
        {
            return Ok(None);
        }
        let info = self
            .client
            .collection_info(collection)
            .await
            .map_err(classify)?;
        let size = vector_size(info).ok_or_else(|| {
            StoreError::Failed(format!(
                "collection {collection} has no single unnamed vector"
            ))
        })?;
        Ok(Some(usize::try_from(size).unwrap_or(usize::MAX)))
    }

    /// Creates the payload indexes filters use. The server keeps an existing index.
    async fn ensure_indexes(&self, collection: &str) -> Result<(), StoreError> {
        for (field, kind) in INDEXED {
            let field_type = match kind {
                IndexKind::Keyword => FieldType::Keyword,
                IndexKind::Bool => FieldType::Bool,
            };
            self.client
                .create_field_index(
                    CreateFieldIndexCollectionBuilder::new(collection, field, field_type)
                        .wait(true),
                )
                .await
                .map_err(classify)?;
        }
        Ok(())
    }
}

#[async_trait::async_trait]
impl VectorStore for QdrantServer {
    async fn ensure(&self, collection: &str, dimension: usize) -> Result<(), StoreError> {
        check_new(collection, dimension)?;
        let found = match self.dimension(collection).await? {
            Some(found) => found,
            None => {
                let created = self
                    .client
                    .create_collection(CreateCollectionBuilder::new(collection).vectors_config(
                        VectorParamsBuilder::new(dimension as u64, Distance::Cosine),
                    ))
                    .await;
                match created {
                    Ok(_) => dimension,
                    // Another caller may have created it meanwhile.
                    Err(e) => match self.dimension(collection).await? {
                        Some(found) => found,
                        None => return Err(classify(e)),
                    },
                }
            }
        };
        same_size(collection, found, dimension)?;
        self.ensure_indexes(collection).await
    }

    async fn collections(&self) -> Result<Vec<String>, StoreError> {
        let response = self.client.list_collections().await.map_err(classify)?;
        Ok(response
            .collections
            .into_iter()
            .map(|collection| collection.name)
            .collect())
    }

    async fn drop_collection(&self, collection: &str) -> Result<(), StoreError> {
        check_name(collection)?;
        // The server answers `false` rather than an error for a missing collection.
        self.client
            .delete_collection(collection)
            .await
            .map_err(classify)?;
        Ok(())
    }

    async fn upsert(&self, collection: &str, points: Vec<Point>) -> Result<(), StoreError> {
        if points.is_empty() {
            return Ok(());
        }
        let mut batch = Vec::with_capacity(points.len());
        for point in points {
            let payload = QdrantPayload::from(json_object(&point.payload)?);
            batch.push(PointStruct::new(
                PointId::from(point.id.to_string()),
                point.vector,
                payload,
            ));
        }
        self.client
            .upsert_points(UpsertPointsBuilder::new(collection, batch).wait(true))
            .await
            .map_err(classify)?;
        Ok(())
    }

    async fn delete_record(
        &self,
        collection: &str,
        kind: &str,
        record: Uuid,
    ) -> Result<(), StoreError> {
        self.client
            .delete_points(
                DeletePointsBuilder::new(collection)
                    .points(record_filter(kind, record))
                    .wait(true),
            )
            .await
            .map_err(classify)?;
        Ok(())
    }

    async fn set_access(
        &self,
        collection: &str,
        kind: &str,
        record: Uuid,
        access: &Access,
    ) -> Result<(), StoreError> {
        let payload = QdrantPayload::from(json_object(access)?);
        self.client
            .set_payload(
                SetPayloadPointsBuilder::new(collection, payload)
                    .points_selector(record_filter(kind, record))
                    .wait(true),
            )
            .await
            .map_err(classify)?;
        Ok(())
    }

    async fn hashes(
        &self,
        collection: &str,
        kind: &str,
        record: Uuid,
    ) -> Result<Vec<(u32, String)>, StoreError> {
        let mut out = Vec::new();
        let mut offset: Option<PointId> = None;
        loop {
            let mut request = ScrollPointsBuilder::new(collection)
                .filter(record_filter(kind, record))
                .limit(PAGE)
                .with_payload(PayloadIncludeSelector::new(vec![
                    CHUNK.to_owned(),
                    HASH.to_owned(),
                ]));
            if let Some(offset) = offset.take() {
                request = request.offset(offset);
            }
            let response = self.client.scroll(request).await.map_err(classify)?;
            for point in response.result {
                let fields: HashFields = from_json(QdrantPayload::from(point.payload).into())?;
                out.push((fields.chunk, fields.hash));
            }
            match response.next_page_offset {
                Some(next) => offset = Some(next),
                None => break,
            }
        }
        out.sort();
        Ok(out)
    }

    async fn search(&self, collection: &str, query: Query<'_>) -> Result<Vec<Hit>, StoreError> {
        if query.limit == 0 {
            return Ok(Vec::new());
        }
        let request = QueryPointsBuilder::new(collection)
            .query(QdrantQuery::new_nearest(query.vector.to_vec()))
            .filter(search_filter(&query))
            .limit(query.limit as u64)
            .with_payload(PayloadIncludeSelector::new(vec![
                KIND.to_owned(),
                RECORD.to_owned(),
                CHUNK.to_owned(),
            ]));
        let response = self.client.query(request).await.map_err(classify)?;
        response
            .result
            .into_iter()
            .map(|point| hit(QdrantPayload::from(point.payload).into(), point.score))
            .collect()
    }

    async fn count(&self, collection: &str) -> Result<u64, StoreError> {
        let response = self
            .client
            .count(CountPointsBuilder::new(collection).exact(true))
            .await
            .map_err(classify)?;
        Ok(response.result.map(|result| result.count).unwrap_or(0))
    }

    async fn optimize(&self, _collection: &str) -> Result<(), StoreError> {
        // The server builds its index in the background as points arrive.
        Ok(())
    }
}

/// Connection problems (refused, timed out, TLS, bad key) mean the server is unavailable;
/// anything else is a failed call.
fn classify(e: QdrantError) -> StoreError {
    let unreachable = match &e {
        QdrantError::ResponseError { status } => {
            // gRPC codes: 4 deadline exceeded, 14 unavailable, 16 unauthenticated. The client
            // reports a failed connect or TLS set-up as 13 (internal), a URL scheme other than
            // http/https as 3 (invalid argument), and tonic a request past `TIMEOUT` as 1
            // (cancelled), with these messages.
            let code = i32::from(status.code());
            matches!(code, 4 | 14 | 16)
                || (code == 1 && status.message() == "Timeout expired")
                || (code == 13
                    && (status.message().starts_with("Failed to connect")
                        || status.message().starts_with("Failed to create TLS config")))
                || (code == 3 && status.message().starts_with("Unsupported schema"))
        }
        QdrantError::InvalidUri(_) | QdrantError::Io(_) => true,
        _ => false,
    };
    if unreachable {
        StoreError::Unavailable(e.to_string())
    } else {
        StoreError::Failed(e.to_string())
    }
}

/// The size of the collection's single unnamed vector.
fn vector_size(info: GetCollectionInfoResponse) -> Option<u64> {
    match info.result?.config?.params?.vectors_config?.config? {
        vectors_config::Config::Params(params) => Some(params.size),
        _ => None,
    }
}

fn keyword(field: &str, value: String) -> Condition {
    Condition::matches(field, MatchValue::Keyword(value))
}

/// Every point (chunk) of one record.
fn record_filter(kind: &str, record: Uuid) -> Filter {
    Filter::must([
        keyword(KIND, kind.to_owned()),
        keyword(RECORD, record.to_string()),
    ])
}

/// Not deleted, of the wanted kinds, visible to the reader, not the excluded record.
fn search_filter(query: &Query<'_>) -> Filter {
    let mut must = vec![Condition::matches(DELETED, MatchValue::Boolean(false))];
    if !query.kinds.is_empty() {
        let kinds: Vec<String> = query.kinds.iter().map(|&k| k.to_owned()).collect();
        must.push(Condition::matches(KIND, MatchValue::from(kinds)));
    }
    if let Some(reader) = query.reader {
        // Public or listing the reader: a nested filter whose `should` needs one match.
        must.push(Condition::from(Filter::should([
            Condition::matches(PUBLIC, MatchValue::Boolean(true)),
            keyword(READERS, reader.to_string()),
        ])));
    }
    let mut filter = Filter::must(must);
    if let Some(record) = query.exclude_record {
        filter.must_not = vec![keyword(RECORD, record.to_string())];
    }
    filter
}
