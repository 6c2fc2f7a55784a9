//! AI foundation for NextCRM: what the rest of the app needs from a model, behind small traits.
//!
//! This first slice is text embeddings ([`Embedder`]): one vector per text, L2-normalised, so
//! that cosine similarity is a dot product. Two implementations:
//!
//! - [`MiniLm`]: all-MiniLM-L6-v2 run on the CPU with candle, from a folder holding
//!   `config.json`, `tokenizer.json` and `model.safetensors`. No network, no GPU.
//! - [`OpenAiEmbedder`]: any OpenAI-compatible `/embeddings` endpoint (OpenAI, Ollama, vLLM,
//!   LocalAI, ...).
//!
//! Callers hold an `Arc<dyn Embedder>` and store [`ModelInfo`] with what they index, so vectors
//! of different models are never compared.
//!
//! The vectors go into a [`VectorStore`], permission-filtered at search time:
//!
//! - [`EdgeStore`]: Qdrant's engine (qdrant-edge) inside this process, in a folder.
//! - [`QdrantServer`]: a Qdrant server over gRPC.
//!
//! Each model gets its own collection ([`collection_name`]).
//!
//! The implementations are behind the default `engines` feature. Without it the crate is the
//! traits, their types and [`text`]: what `core` needs to index and search through the
//! embedder and store the server opens.

#[cfg(feature = "engines")]
mod client;
pub mod embed;
pub mod store;
pub mod text;

pub use embed::{EmbedError, Embedder, ModelInfo, normalise};
#[cfg(feature = "engines")]
pub use embed::{Source, local::MiniLm, remote::OpenAiEmbedder};
pub use store::{StoreError, VectorStore, collection_name};
#[cfg(feature = "engines")]
pub use store::{StoreSource, edge::EdgeStore, server::QdrantServer};
