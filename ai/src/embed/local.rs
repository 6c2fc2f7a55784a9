//! all-MiniLM-L6-v2 on the CPU with candle: 384-dimension sentence embeddings, no network.

use std::path::Path;
use std::sync::Arc;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config, DTYPE};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

use super::{EmbedError, Embedder, ModelInfo, normalise};

/// The name stored with collections embedded by this model.
pub const NAME: &str = "all-MiniLM-L6-v2";
/// Its vector size (BERT hidden size).
pub const DIMENSION: usize = 384;
/// Longest input in tokens, as sentence-transformers uses it; longer texts are cut.
const MAX_TOKENS: usize = 256;
/// Texts per forward pass: bounds memory (attention is batch × 12 heads × tokens²).
const BATCH: usize = 32;

/// all-MiniLM-L6-v2, loaded once and shared; cheap to clone.
#[derive(Clone)]
pub struct MiniLm {
    inner: Arc<Inner>,
    info: ModelInfo,
}

struct Inner {
    model: BertModel,
    tokenizer: Tokenizer,
}

impl std::fmt::Debug for MiniLm {
    // BertModel has no Debug; the model info is what matters in logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MiniLm")
            .field("info", &self.info)
            .finish_non_exhaustive()
    }
}

impl MiniLm {
    /// Loads the model from `dir`, which holds `config.json`, `tokenizer.json` and
    /// `model.safetensors` (the sentence-transformers export).
    ///
    /// Blocking (reads ~90 MB): call it at start-up or inside `spawn_blocking`.
    pub fn load(dir: &Path) -> Result<MiniLm, EmbedError> {
        let config = std::fs::read_to_string(dir.join("config.json"))
            .map_err(|e| unavailable(dir, "reading config.json", e))?;
        let config: Config = serde_json::from_str(&config)
            .map_err(|e| unavailable(dir, "parsing config.json", e))?;
        if config.hidden_size != DIMENSION {
            return Err(EmbedError::Unavailable(format!(
                "{} has hidden size {}, not {DIMENSION}: not {NAME}",
                dir.display(),
                config.hidden_size
            )));
        }

        let mut tokenizer = Tokenizer::from_file(dir.join("tokenizer.json"))
            .map_err(|e| unavailable(dir, "loading tokenizer.json", e))?;
        // The shipped tokenizer pads every text to 128 tokens; padding to the longest text of
        // the batch gives the same vectors (padding is masked) and was 5–9× faster here.
        let padding = PaddingParams {
            strategy: PaddingStrategy::BatchLongest,
            ..tokenizer.get_padding().cloned().unwrap_or_default()
        };
        tokenizer.with_padding(Some(padding));
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..TruncationParams::default()
            }))
            .map_err(|e| unavailable(dir, "setting truncation", e))?;

        // Read into memory rather than mmap: `from_mmaped_safetensors` is unsafe, and the
        // buffer is dropped once the weights are copied into tensors.
        let weights = std::fs::read(dir.join("model.safetensors"))
            .map_err(|e| unavailable(dir, "reading model.safetensors", e))?;
        let vb = VarBuilder::from_buffered_safetensors(weights, DTYPE, &Device::Cpu)
            .map_err(|e| unavailable(dir, "parsing model.safetensors", e))?;
        let model =
            BertModel::load(vb, &config).map_err(|e| unavailable(dir, "loading the weights", e))?;

        tracing::info!(dir = %dir.display(), "loaded embedding model {NAME}");
        Ok(MiniLm {
            inner: Arc::new(Inner { model, tokenizer }),
            info: ModelInfo {
                name: NAME.to_owned(),
                dimension: DIMENSION,
            },
        })
    }
}

#[async_trait::async_trait]
impl Embedder for MiniLm {
    fn model(&self) -> &ModelInfo {
        &self.info
    }

    async fn embed(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        // Inference is CPU-bound: keep it off the async worker threads.
        let inner = Arc::clone(&self.inner);
        let texts = texts.to_vec();
        tokio::task::spawn_blocking(move || -> Result<Vec<Vec<f32>>, EmbedError> {
            let mut out = Vec::with_capacity(texts.len());
            for chunk in texts.chunks(BATCH) {
                out.extend(inner.embed_batch(chunk)?);
            }
            Ok(out)
        })
        .await
        .map_err(|e| EmbedError::Failed(format!("embedding task: {e}")))?
    }
}

impl Inner {
    /// Tokenise, run BERT, mean-pool over real (unpadded) tokens, L2-normalise.
    fn embed_batch(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let encodings = self
            .tokenizer
            .encode_batch(texts.iter().map(String::as_str).collect::<Vec<_>>(), true)
            .map_err(failed)?;
        let len = encodings.first().map_or(0, |e| e.get_ids().len());
        let mut ids = Vec::with_capacity(encodings.len() * len);
        let mut mask = Vec::with_capacity(encodings.len() * len);
        for encoding in &encodings {
            if encoding.get_ids().len() != len {
                return Err(EmbedError::Failed("tokenizer did not pad the batch".into()));
            }
            ids.extend_from_slice(encoding.get_ids());
            mask.extend_from_slice(encoding.get_attention_mask());
        }

        let device = Device::Cpu;
        let shape = (encodings.len(), len);
        let input_ids = Tensor::from_vec(ids, shape, &device).map_err(failed)?;
        let attention_mask = Tensor::from_vec(mask, shape, &device).map_err(failed)?;
        // Single-sentence input: every token is of type 0.
        let token_type_ids = input_ids.zeros_like().map_err(failed)?;
        let hidden = self
            .model
            .forward(&input_ids, &token_type_ids, Some(&attention_mask))
            .map_err(failed)?; // (batch, tokens, 384)

        let mask = attention_mask
            .to_dtype(DType::F32)
            .and_then(|m| m.unsqueeze(2))
            .map_err(failed)?; // (batch, tokens, 1)
        let summed = hidden
            .broadcast_mul(&mask)
            .and_then(|h| h.sum(1))
            .map_err(failed)?; // (batch, 384)
        let counts = mask.sum(1).map_err(failed)?; // (batch, 1), at least 2 ([CLS], [SEP])
        let mut vectors = summed
            .broadcast_div(&counts)
            .and_then(|m| m.to_vec2::<f32>())
            .map_err(failed)?;
        for v in &mut vectors {
            normalise(v);
        }
        Ok(vectors)
    }
}

fn failed(e: impl std::fmt::Display) -> EmbedError {
    EmbedError::Failed(e.to_string())
}

fn unavailable(dir: &Path, what: &str, e: impl std::fmt::Display) -> EmbedError {
    EmbedError::Unavailable(format!("{what} in {}: {e}", dir.display()))
}
