//! Embeddings from an OpenAI-compatible `/embeddings` endpoint (OpenAI, Ollama, vLLM, LocalAI...).

use std::time::Duration;

use async_openai::Client;
use async_openai::config::OpenAIConfig;
use async_openai::error::OpenAIError;
use async_openai::types::embeddings::{CreateEmbeddingRequestArgs, EmbeddingInput};

use super::{EmbedError, Embedder, ModelInfo, normalise};

/// How long one `embed` call may take, retries included, unless set with
/// [`OpenAiEmbedder::with_timeout`].
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// A server that does not accept the connection within this is taken as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A remote embedding model. Cheap to share: hold it in an `Arc<dyn Embedder>`.
pub struct OpenAiEmbedder {
    client: Client<OpenAIConfig>,
    base_url: String,
    info: ModelInfo,
    timeout: Duration,
}

impl std::fmt::Debug for OpenAiEmbedder {
    // Written by hand so that the API key can never reach a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenAiEmbedder")
            .field("base_url", &self.base_url)
            .field("info", &self.info)
            .finish_non_exhaustive()
    }
}

impl OpenAiEmbedder {
    /// `base_url` includes the version, e.g. `https://api.openai.com/v1` or
    /// `http://localhost:11434/v1`; `/embeddings` is appended. `dimension` is the vector size
    /// the model returns (checked on every response).
    ///
    /// Nothing is read from the environment: without `api_key` the request carries an empty
    /// bearer token, which local servers ignore.
    pub fn new(
        base_url: &str,
        api_key: Option<String>,
        model: String,
        dimension: usize,
    ) -> Result<OpenAiEmbedder, EmbedError> {
        let api_key = api_key.unwrap_or_default();
        // async-openai builds the Authorization header with `unwrap`: refuse what would panic.
        if !crate::client::header_safe(&api_key) {
            return Err(EmbedError::Unavailable(
                "the API key has characters not allowed in an HTTP header".into(),
            ));
        }
        crate::client::use_ring();
        // Built here rather than by async-openai, whose `reqwest::Client::new()` panics if TLS
        // cannot be set up (e.g. no CA certificates on the system).
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .build()
            .map_err(|e| EmbedError::Unavailable(format!("HTTP client: {e}")))?;

        let base_url = base_url.trim_end_matches('/').to_owned();
        // Org and project set empty so that OPENAI_* variables of the environment are not sent.
        let config = OpenAIConfig::new()
            .with_api_base(base_url.clone())
            .with_api_key(api_key)
            .with_org_id("")
            .with_project_id("");
        Ok(OpenAiEmbedder {
            client: Client::build(http, config),
            base_url,
            info: ModelInfo {
                name: model,
                dimension,
            },
            timeout: DEFAULT_TIMEOUT,
        })
    }

    /// Caps how long one `embed` call may take (async-openai retries 429, 5xx and refused
    /// connections on its own, with back-off).
    pub fn with_timeout(mut self, timeout: Duration) -> OpenAiEmbedder {
        self.timeout = timeout;
        self
    }
}

#[async_trait::async_trait]
impl Embedder for OpenAiEmbedder {
    fn model(&self) -> &ModelInfo {
        &self.info
    }

    async fn embed(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let request = CreateEmbeddingRequestArgs::default()
            .model(self.info.name.clone())
            .input(EmbeddingInput::StringArray(texts.to_vec()))
            .build()
            .map_err(|e| EmbedError::Failed(e.to_string()))?;
        let embeddings = self.client.embeddings();
        let response = tokio::time::timeout(self.timeout, embeddings.create(request))
            .await
            .map_err(|_| {
                EmbedError::Unavailable(format!(
                    "{} gave no answer within {:?}",
                    self.base_url, self.timeout
                ))
            })?
            .map_err(classify)?;

        // Servers may answer out of order: place each vector by its `index`.
        if response.data.len() != texts.len() {
            return Err(EmbedError::Failed(format!(
                "{} vectors for {} texts",
                response.data.len(),
                texts.len()
            )));
        }
        let mut out: Vec<Option<Vec<f32>>> = vec![None; texts.len()];
        for item in response.data {
            let i = usize::try_from(item.index).unwrap_or(usize::MAX);
            let Some(slot) = out.get_mut(i) else {
                return Err(EmbedError::Failed(format!(
                    "index {} out of range",
                    item.index
                )));
            };
            if slot.is_some() {
                return Err(EmbedError::Failed(format!("index {} repeated", item.index)));
            }
            if item.embedding.len() != self.info.dimension {
                return Err(EmbedError::Failed(format!(
                    "vector of length {}, expected {}",
                    item.embedding.len(),
                    self.info.dimension
                )));
            }
            let mut vector = item.embedding;
            // Some servers do not normalise.
            normalise(&mut vector);
            *slot = Some(vector);
        }
        // Counts match and no index repeats, so every slot is filled.
        out.into_iter()
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| EmbedError::Failed("missing index".into()))
    }
}

/// Connection problems mean the endpoint is unavailable; anything else is a failed call.
fn classify(e: OpenAIError) -> EmbedError {
    match &e {
        OpenAIError::Reqwest(r) if r.is_connect() || r.is_timeout() => {
            EmbedError::Unavailable(e.to_string())
        }
        _ => EmbedError::Failed(e.to_string()),
    }
}
