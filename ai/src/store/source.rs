//! Opening the store the configuration names.

use std::path::PathBuf;
use std::sync::Arc;

use super::{StoreError, VectorStore, edge, server};

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
