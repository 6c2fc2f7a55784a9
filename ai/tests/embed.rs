//! Embedders end to end: the local model (when a model folder is given) and the remote client
//! against a scripted OpenAI-compatible server on 127.0.0.1.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ai::{EmbedError, Embedder, MiniLm, ModelInfo, OpenAiEmbedder};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{Value, json};

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn max_diff(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max)
}

// ---- local -------------------------------------------------------------------------------

/// The folder of all-MiniLM-L6-v2 (config.json, tokenizer.json, model.safetensors), if given.
fn model_dir() -> Option<PathBuf> {
    let Some(dir) = std::env::var_os("NEXTCRM_EMBED_MODEL_DIR") else {
        eprintln!("skipped: NEXTCRM_EMBED_MODEL_DIR is not set");
        return None;
    };
    let dir = PathBuf::from(dir);
    if !dir.join("model.safetensors").is_file() {
        eprintln!("skipped: no model.safetensors in {}", dir.display());
        return None;
    }
    Some(dir)
}

#[tokio::test]
async fn local_minilm_embeds_meaningfully_and_batch_independently() {
    let Some(dir) = model_dir() else { return };
    let model = tokio::task::spawn_blocking(move || MiniLm::load(&dir))
        .await
        .expect("load task")
        .expect("model loads");
    let model: Arc<dyn Embedder> = Arc::new(model);
    assert_eq!(
        model.model(),
        &ModelInfo {
            name: "all-MiniLM-L6-v2".into(),
            dimension: 384
        }
    );

    let texts = [
        "How do I reset my password?",
        "I forgot my login password",
        "Quarterly revenue grew by ten percent",
    ]
    .map(String::from);
    let batch = model.embed(&texts).await.expect("embed batch");
    assert_eq!(batch.len(), 3);
    for v in &batch {
        assert_eq!(v.len(), 384);
        assert!((dot(v, v) - 1.0).abs() < 1e-4, "not unit length");
    }

    let close = dot(&batch[0], &batch[1]);
    let far = dot(&batch[0], &batch[2]);
    assert!(
        close > far,
        "password/password {close} <= password/revenue {far}"
    );

    // Texts of different lengths are padded in a batch: padding must not change the vectors.
    for (text, in_batch) in texts.iter().zip(&batch) {
        let alone = model
            .embed(std::slice::from_ref(text))
            .await
            .expect("embed one");
        assert_eq!(alone.len(), 1);
        let diff = max_diff(&alone[0], in_batch);
        assert!(diff < 1e-4, "{text:?}: batch and alone differ by {diff}");
    }

    assert!(model.embed(&[]).await.expect("embed nothing").is_empty());
}

#[test]
fn local_missing_folder_is_unavailable() {
    let err = MiniLm::load(Path::new("/nonexistent/nextcrm-model")).expect_err("no folder");
    assert!(matches!(err, EmbedError::Unavailable(_)), "{err:?}");
}

// ---- remote ------------------------------------------------------------------------------

/// What the scripted server answers, and what it was sent.
struct Script {
    reply: Value,
    authorization: Mutex<Option<String>>,
    body: Mutex<Option<Value>>,
}

async fn embeddings(
    State(script): State<Arc<Script>>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Json<Value> {
    let authorization = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    *script.authorization.lock().expect("lock") = authorization;
    *script.body.lock().expect("lock") = Some(body);
    Json(script.reply.clone())
}

/// Starts a server answering `POST /v1/embeddings` with `reply`; returns its base URL.
async fn serve(reply: Value) -> (String, Arc<Script>) {
    let script = Arc::new(Script {
        reply,
        authorization: Mutex::new(None),
        body: Mutex::new(None),
    });
    let app = Router::new()
        .route("/v1/embeddings", post(embeddings))
        .with_state(Arc::clone(&script));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("local addr");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    (format!("http://{addr}/v1"), script)
}

/// An OpenAI-style answer; `data` is given as is (indices in any order).
fn reply(data: Value) -> Value {
    json!({
        "object": "list",
        "data": data,
        "model": "m",
        "usage": { "prompt_tokens": 1, "total_tokens": 1 }
    })
}

/// A base URL where nothing listens (a port just freed).
fn closed_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("local addr");
    drop(listener);
    format!("http://{addr}/v1")
}

#[tokio::test]
async fn remote_restores_order_normalises_and_sends_model_and_key() {
    let (url, script) = serve(reply(json!([
        { "object": "embedding", "index": 1, "embedding": [0.0, 3.0, 4.0] },
        { "object": "embedding", "index": 0, "embedding": [2.0, 0.0, 0.0] }
    ])))
    .await;
    let embedder =
        OpenAiEmbedder::new(&url, Some("sk-test".into()), "m".into(), 3).expect("embedder");
    let embedder: Arc<dyn Embedder> = Arc::new(embedder);
    assert_eq!(embedder.model().dimension, 3);

    let texts = ["first".to_owned(), "second".to_owned()];
    let vectors = embedder.embed(&texts).await.expect("embed");
    assert_eq!(vectors.len(), 2);
    assert!(
        max_diff(&vectors[0], &[1.0, 0.0, 0.0]) < 1e-6,
        "{vectors:?}"
    );
    assert!(
        max_diff(&vectors[1], &[0.0, 0.6, 0.8]) < 1e-6,
        "{vectors:?}"
    );

    let authorization = script.authorization.lock().expect("lock").clone();
    assert_eq!(authorization.as_deref(), Some("Bearer sk-test"));
    let body = script
        .body
        .lock()
        .expect("lock")
        .clone()
        .expect("a request");
    assert_eq!(body["model"], "m");
    assert_eq!(body["input"], json!(["first", "second"]));
}

#[tokio::test]
async fn remote_wrong_dimension_is_failed() {
    let (url, _script) = serve(reply(json!([
        { "object": "embedding", "index": 0, "embedding": [1.0, 0.0] }
    ])))
    .await;
    let embedder = OpenAiEmbedder::new(&url, None, "m".into(), 3).expect("embedder");
    let err = embedder
        .embed(&["x".to_owned()])
        .await
        .expect_err("2 values for dimension 3");
    assert!(matches!(err, EmbedError::Failed(_)), "{err:?}");
}

#[tokio::test]
async fn remote_closed_port_is_unavailable() {
    let embedder = OpenAiEmbedder::new(&closed_url(), None, "m".into(), 3).expect("embedder");
    let err = embedder
        .embed(&["x".to_owned()])
        .await
        .expect_err("nothing listens");
    assert!(matches!(err, EmbedError::Unavailable(_)), "{err:?}");
}

#[tokio::test]
async fn remote_empty_input_sends_nothing() {
    // Nothing listens: an empty slice must not even try.
    let embedder = OpenAiEmbedder::new(&closed_url(), None, "m".into(), 3).expect("embedder");
    assert!(embedder.embed(&[]).await.expect("no call").is_empty());
}
