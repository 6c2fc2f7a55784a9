//! Text embeddings: the [`Embedder`] trait and its two implementations.

#[cfg(feature = "engines")]
pub mod local;
#[cfg(feature = "engines")]
pub mod remote;

#[cfg(feature = "engines")]
use std::path::PathBuf;
#[cfg(feature = "engines")]
use std::sync::Arc;

/// Where embeddings come from, as configured.
#[cfg(feature = "engines")]
#[derive(Clone)]
pub enum Source {
    /// A model folder on this machine (all-MiniLM-L6-v2, see [`local::MiniLm::load`]).
    Local(PathBuf),
    /// An OpenAI-compatible `/embeddings` endpoint.
    Remote {
        url: String,
        api_key: Option<String>,
        model: String,
        dimension: usize,
    },
}

#[cfg(feature = "engines")]
impl std::fmt::Debug for Source {
    // By hand, so that the API key never reaches a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Local(dir) => f.debug_tuple("Local").field(dir).finish(),
            Source::Remote {
                url,
                model,
                dimension,
                ..
            } => f
                .debug_struct("Remote")
                .field("url", url)
                .field("model", model)
                .field("dimension", dimension)
                .finish_non_exhaustive(),
        }
    }
}

#[cfg(feature = "engines")]
impl Source {
    /// The embedder this source names. A local model is read from disk (about 90 MB) off the
    /// async threads.
    pub async fn open(&self) -> Result<Arc<dyn Embedder>, EmbedError> {
        match self {
            Source::Local(dir) => {
                let dir = dir.clone();
                let model = tokio::task::spawn_blocking(move || local::MiniLm::load(&dir))
                    .await
                    .map_err(|e| EmbedError::Failed(format!("loading task: {e}")))??;
                Ok(Arc::new(model))
            }
            Source::Remote {
                url,
                api_key,
                model,
                dimension,
            } => Ok(Arc::new(remote::OpenAiEmbedder::new(
                url,
                api_key.clone(),
                model.clone(),
                *dimension,
            )?)),
        }
    }
}

/// Turns texts into vectors. Object-safe: the app holds an `Arc<dyn Embedder>`.
#[async_trait::async_trait]
pub trait Embedder: Send + Sync + std::fmt::Debug {
    /// The model's name and vector size, stored with a collection.
    fn model(&self) -> &ModelInfo;

    /// One L2-normalised vector per text, in order.
    async fn embed(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError>;
}

/// Which model made a vector, and its length. Vectors are only comparable with equal `ModelInfo`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ModelInfo {
    pub name: String,
    pub dimension: usize,
}

/// Why embedding failed. Messages are for logs only: never show them to users.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    /// The model cannot be used at all: its folder is missing or unreadable, or the endpoint is
    /// unreachable. Retrying later (or fixing the configuration) may help.
    #[error("embedding model unavailable: {0}")]
    Unavailable(String),
    /// The model was reached but this call failed: inference error or a bad response.
    #[error("embedding failed: {0}")]
    Failed(String),
}

/// Scales `v` to unit length in place, so that cosine similarity is a plain dot product.
/// A zero (or non-finite) vector is left as it is rather than filled with NaN.
pub fn normalise(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 && norm.is_finite() {
        for x in v.iter_mut() {
            *x /= norm;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn normalise_scales_to_unit_length() {
        let mut v = [3.0_f32, 4.0];
        normalise(&mut v);
        assert!((v[0] - 0.6).abs() < 1e-6 && (v[1] - 0.8).abs() < 1e-6);
    }

    #[test]
    fn normalise_leaves_zero_vector_alone() {
        let mut v = [0.0_f32; 4];
        normalise(&mut v);
        assert_eq!(v, [0.0; 4]);
    }
}
