//! Search by meaning: every record embedded into a vector store, kept current from the
//! domain events.
//!
//! `core` works through the `ai` crate's traits only. The server opens the embedder and the
//! store and hands them over in the [`Ctx`](crate::Ctx) as an [`Engine`]; without them the
//! context says why the features are off ([`Ai::Off`]), and the rest of the CRM works as
//! before.
//!
//! - [`document`]: what is embedded of a record, and who may see it.
//! - [`index`]: the `index` job that brings a record's points up to date, and the full
//!   rebuild.
//! - [`search`]: the records nearest in meaning to a text, as the actor may see them.
//! - [`similar`]: the records like one record ("find similar").
//! - [`admin`]: the state of it all for the admin page, and a rebuild on request.

pub mod admin;
pub mod document;
pub mod index;
pub mod search;
pub mod similar;

use ai::{EmbedError, Embedder, StoreError, VectorStore};
use std::sync::Arc;

/// Whether the AI features are on.
#[derive(Clone, Debug)]
pub enum Ai {
    On(Engine),
    Off(Off),
}

/// Off until a server or a test turns it on.
impl Default for Ai {
    fn default() -> Self {
        Ai::Off(Off::Disabled)
    }
}

impl Ai {
    pub fn engine(&self) -> Option<&Engine> {
        match self {
            Ai::On(engine) => Some(engine),
            Ai::Off(_) => None,
        }
    }
}

/// Why the AI features are off, as a translated message key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Off {
    /// Turned off for this node (`NEXTCRM_AI=false`), or never set up (tools, tests).
    Disabled,
    /// No model files where the configuration points.
    NoModel,
    /// The model or the endpoint could not be set up.
    ModelFailed,
    /// The vector store could not be opened.
    StoreFailed,
}

impl Off {
    pub fn key(self) -> &'static str {
        match self {
            Off::Disabled => "ai-off-disabled",
            Off::NoModel => "ai-off-no-model",
            Off::ModelFailed => "ai-off-model-failed",
            Off::StoreFailed => "ai-off-store-failed",
        }
    }
}

/// The embedder and the store, and the collection this model's vectors live in.
#[derive(Clone, Debug)]
pub struct Engine(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    embedder: Arc<dyn Embedder>,
    store: Arc<dyn VectorStore>,
    collection: String,
    /// Set once the collection is known to exist.
    ready: tokio::sync::OnceCell<()>,
    /// Set once the collection is known to be built complete ([`index::serving`]).
    complete: tokio::sync::OnceCell<()>,
}

impl Engine {
    pub fn new(embedder: Arc<dyn Embedder>, store: Arc<dyn VectorStore>) -> Engine {
        let collection = ai::collection_name(embedder.model());
        Engine(Arc::new(Inner {
            embedder,
            store,
            collection,
            ready: tokio::sync::OnceCell::new(),
            complete: tokio::sync::OnceCell::new(),
        }))
    }

    pub fn embedder(&self) -> &dyn Embedder {
        self.0.embedder.as_ref()
    }

    pub fn collection(&self) -> &str {
        &self.0.collection
    }

    /// The store, with this model's collection created on first use: a Qdrant server that
    /// was down when the app started is picked up once it answers, without a restart.
    pub async fn store(&self) -> Result<&dyn VectorStore, AiError> {
        let inner = &self.0;
        inner
            .ready
            .get_or_try_init(|| {
                inner
                    .store
                    .ensure(&inner.collection, inner.embedder.model().dimension)
            })
            .await?;
        Ok(inner.store.as_ref())
    }
}

/// Why an AI call failed. Messages are for logs only.
#[derive(Debug, thiserror::Error)]
pub enum AiError {
    #[error(transparent)]
    Embed(#[from] EmbedError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Core(#[from] crate::error::CoreError),
    /// Search by meaning is off on this node.
    #[error("search by meaning is off")]
    Off,
    /// A new model's collection is being built beside the previous model's: searches wait
    /// for it to be complete ([`index::serving`]).
    #[error("the index is being built for a new model")]
    Building,
}

impl AiError {
    /// Whether the model or the store could not be reached at all (rather than one call
    /// going wrong): what the jobs page and the search box tell users.
    pub fn unavailable(&self) -> bool {
        matches!(
            self,
            AiError::Embed(EmbedError::Unavailable(_)) | AiError::Store(StoreError::Unavailable(_))
        )
    }
}

/// The message key that says why matching by meaning took no part in an answer; a database
/// failure stays an error. What went wrong is logged, never shown.
pub fn off_reason(ctx: &crate::Ctx, e: AiError) -> crate::error::CoreResult<&'static str> {
    match e {
        AiError::Core(e) => Err(e),
        AiError::Off => Ok(match &ctx.ai {
            Ai::Off(off) => off.key(),
            Ai::On(_) => "ai-unavailable",
        }),
        AiError::Building => Ok("ai-off-building"),
        e if e.unavailable() => {
            tracing::warn!(error = %e, "search by meaning is out of reach");
            Ok("ai-unavailable")
        }
        e => {
            tracing::error!(error = %e, "search by meaning failed");
            Ok("ai-unavailable")
        }
    }
}

impl From<AiError> for crate::jobs::JobError {
    fn from(e: AiError) -> Self {
        let key = if e.unavailable() {
            "job-ai-unavailable"
        } else {
            "job-failed"
        };
        crate::jobs::JobError::retry(key, e)
    }
}
