//! Finding records by meaning: the query embedded, the nearest points the actor may see
//! (filtered inside the store, so the top hits are taken among what they may see), each
//! record once with its best chunk, and every record checked against the database again, so
//! an index that lags behind a change never shows what the actor may no longer see.

use super::AiError;
use crate::{Actor, Ctx};
use ai::store::Query;
use types::dto::records::RecordKind;
use uuid::Uuid;

/// Points asked of the store per record wanted: a long record may have several chunks among
/// the nearest.
const PER_RECORD: usize = 3;

/// A record found by meaning.
#[derive(Clone, Debug, PartialEq)]
pub struct Near {
    pub kind: RecordKind,
    pub id: Uuid,
    pub title: String,
    /// Cosine similarity of its nearest text, from -1 to 1.
    pub score: f32,
}

/// Which records, and how many.
pub struct Wanted<'a> {
    pub kinds: &'a [RecordKind],
    /// Left out of the results (the record whose neighbours are asked for).
    pub exclude: Option<Uuid>,
    pub limit: usize,
    /// The lowest cosine similarity worth showing: below it two texts share little more than
    /// their language.
    pub min_score: f32,
}

/// The records nearest in meaning to `text` that `actor` may see, best first, at most
/// `wanted.limit`.
pub async fn nearest(
    ctx: &Ctx,
    actor: &Actor,
    text: &str,
    wanted: Wanted<'_>,
) -> Result<Vec<Near>, AiError> {
    let engine = ctx.ai.engine().ok_or(AiError::Off)?;
    super::index::serving(ctx, engine).await?;
    let vector = engine
        .embedder()
        .embed(&[text.to_owned()])
        .await?
        .pop()
        .ok_or_else(|| AiError::Embed(ai::EmbedError::Failed("no vector".into())))?;
    let store = engine.store().await?;
    let codes: Vec<&str> = wanted.kinds.iter().map(|k| k.code()).collect();
    let reader = (!crate::policy::records::sees_all(actor)).then_some(actor.user_id.0);
    let hits = store
        .search(
            engine.collection(),
            Query {
                vector: &vector,
                kinds: &codes,
                reader,
                exclude_record: wanted.exclude,
                limit: wanted.limit.saturating_mul(PER_RECORD),
            },
        )
        .await?;
    let mut found: Vec<Near> = Vec::new();
    for hit in hits.into_iter().filter(|h| h.score >= wanted.min_score) {
        let Some(kind) = RecordKind::from_code(&hit.kind) else {
            continue;
        };
        // Hits come best first: a record's first hit is its best chunk.
        if !found.iter().any(|n| n.id == hit.record) {
            found.push(Near {
                kind,
                id: hit.record,
                title: String::new(),
                score: hit.score,
            });
        }
    }
    // One query per kind: the records the actor may see now, live ones only, with titles.
    let mut visible =
        crate::records::linked::titles(&ctx.db, actor, found.iter().map(|n| (n.kind, n.id)))
            .await?;
    Ok(found
        .into_iter()
        .filter_map(|mut n| {
            n.title = visible.remove(&n.id)?.title;
            Some(n)
        })
        .take(wanted.limit)
        .collect())
}
