//! Opening what search by meaning needs, the embedder and the vector store the configuration
//! names, into the `Ai` the services get. Whatever is missing turns the features off with a
//! warning that says what to do; the rest of the CRM runs as before.

use crate::config::Config;
use core_svc::semantic::{Ai, Engine, Off};

/// The engine, or why there is none. Loads the local model (about 90 MB) when it is there.
pub async fn open(config: &Config) -> Ai {
    if !config.ai {
        return Ai::Off(Off::Disabled);
    }
    if let ai::Source::Local(dir) = &config.embed
        && !dir.join("model.safetensors").is_file()
    {
        tracing::warn!(
            dir = %dir.display(),
            "search by meaning is off: no embedding model in this folder \
             (`cargo xtask run` fetches it; docs/AI.md says how to get it by hand)"
        );
        return Ai::Off(Off::NoModel);
    }
    let embedder = match config.embed.open().await {
        Ok(embedder) => embedder,
        Err(error) => {
            tracing::warn!(%error, "search by meaning is off: the embedding model could not be set up");
            return Ai::Off(Off::ModelFailed);
        }
    };
    let store = match config.vectors.open().await {
        Ok(store) => store,
        Err(error) => {
            tracing::warn!(%error, "search by meaning is off: the vector store could not be opened");
            return Ai::Off(Off::StoreFailed);
        }
    };
    let engine = Engine::new(embedder, store);
    tracing::info!(
        model = %engine.embedder().model().name,
        collection = engine.collection(),
        "search by meaning is on"
    );
    Ai::On(engine)
}
