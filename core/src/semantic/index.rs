//! Keeping the vector store in step with the database.
//!
//! The consumer of the event queue turns each change of a record into an `index` job
//! ([`job_for`]) on the index queue, written in the same transaction as the event's webhook
//! deliveries, so both happen exactly once per event. Only processes that have the engine
//! work that queue (the server's worker, unless search by meaning is off there). The job ([`run`]) reloads the record and brings its points
//! up to date ([`sync`]): only texts whose hash changed are embedded again; who may see it
//! (owner, watchers, the trash) is rewritten on the points without embedding. [`rebuild`]
//! does the same for every record, for a new installation, a new model, or a lost store:
//! workers queue it by themselves when they start ([`ensure_built`]), and
//! `nextcrm index rebuild` runs it by hand.
//!
//! A new model gets a collection of its own. Until the rebuild has filled it, searches say
//! so instead of answering from half an index ([`serving`]); once it is complete, the
//! collections of earlier models are dropped.

use super::document::{self, Document};
use super::{AiError, Engine};
use crate::Ctx;
use crate::error::CoreResult;
use crate::events::Event;
use crate::jobs::{self, Job, JobError, NewJob};
use crate::settings;
use ai::store::{Payload, Point};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use types::dto::records::RecordKind;
use uuid::Uuid;

/// The job kind of indexing one record.
pub const KIND: &str = "index";
/// The job kind of indexing everything ([`rebuild`]), queued when a collection has never been
/// built complete ([`ensure_built`]).
pub const REBUILD_KIND: &str = "index-rebuild";
/// With the backoff capped at an hour, about half a day of attempts: long enough to outlast
/// an outage of the vector store or of an embeddings endpoint.
const ATTEMPTS: i32 = 20;
/// Texts embedded per call: the local model's sweet spot on two cores (docs/PERFORMANCE.md).
const EMBED_BATCH: usize = 32;
/// Records loaded per step of a rebuild.
const REBUILD_BATCH: u64 = 64;

/// What an index job names: one record.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
struct Target {
    kind: RecordKind,
    id: Uuid,
}

/// The index job an event asks for, if search by meaning is on here.
pub fn job_for(ctx: &Ctx, event: &Event) -> CoreResult<Option<NewJob>> {
    if ctx.ai.engine().is_none() {
        return Ok(None);
    }
    let target = match *event {
        Event::RecordCreated { kind, id }
        | Event::RecordUpdated { kind, id, .. }
        | Event::RecordDeleted { kind, id }
        | Event::RecordRestored { kind, id } => Target { kind, id },
        // The lead leaves the index; the records made from it come with their own events.
        Event::LeadConverted { id, .. } => Target {
            kind: RecordKind::Lead,
            id,
        },
        // It comes with the deal's `record.updated`.
        Event::StageChanged { .. } => return Ok(None),
    };
    Ok(Some(
        NewJob::new(KIND, &target)?
            .on(jobs::INDEX)
            .attempts(ATTEMPTS),
    ))
}

/// The `index` job. Only processes with search by meaning on work the index queue, so the
/// engine is there; if not, the job waits for one that has it.
pub async fn run(ctx: Ctx, job: Job) -> Result<(), JobError> {
    let target: Target = job.input()?;
    let Some(engine) = ctx.ai.engine() else {
        return Err(JobError::retry(
            "job-ai-unavailable",
            "search by meaning is off here",
        ));
    };
    sync(&ctx, engine, target.kind, &[target.id]).await?;
    Ok(())
}

/// What a sync did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Synced {
    /// Records found and indexed.
    pub records: usize,
    /// Texts embedded (the others were unchanged).
    pub embedded: usize,
    /// Records gone or left out of the index, whose points were removed.
    pub removed: usize,
}

impl std::ops::AddAssign for Synced {
    fn add_assign(&mut self, other: Synced) {
        self.records += other.records;
        self.embedded += other.embedded;
        self.removed += other.removed;
    }
}

/// A text to embed, and the payload its point gets.
struct Pending {
    text: String,
    payload: Payload,
}

/// Brings the points of the records of `kind` among `ids` up to date with the database.
pub async fn sync(
    ctx: &Ctx,
    engine: &Engine,
    kind: RecordKind,
    ids: &[Uuid],
) -> Result<Synced, AiError> {
    let store = engine.store().await?;
    let collection = engine.collection();
    let model = engine.embedder().model();
    let mut docs = document::load(&ctx.db, kind, ids).await?;
    let mut synced = Synced::default();
    let mut pending = Vec::new();
    // Records with unchanged texts, whose points may still need new readers.
    let mut kept = Vec::new();
    for &id in ids {
        let Some(Document { texts, access }) = docs.remove(&id) else {
            store.delete_record(collection, kind.code(), id).await?;
            synced.removed += 1;
            continue;
        };
        synced.records += 1;
        let stored: HashMap<u32, String> = store
            .hashes(collection, kind.code(), id)
            .await?
            .into_iter()
            .collect();
        // Points are removed per record: fewer chunks than before means writing all anew.
        let shrunk = stored.keys().any(|&chunk| chunk as usize >= texts.len());
        if shrunk {
            store.delete_record(collection, kind.code(), id).await?;
        }
        let mut unchanged = 0;
        for (chunk, text) in (0u32..).zip(texts) {
            let hash = ai::text::content_hash(model, &text);
            if !shrunk && stored.get(&chunk) == Some(&hash) {
                unchanged += 1;
                continue;
            }
            let payload = Payload {
                kind: kind.code().to_owned(),
                record: id,
                chunk,
                access: access.clone(),
                hash,
            };
            pending.push(Pending { text, payload });
        }
        if unchanged > 0 {
            kept.push((id, access));
        }
    }
    for batch in pending.chunks(EMBED_BATCH) {
        let texts: Vec<String> = batch.iter().map(|p| p.text.clone()).collect();
        let vectors = engine.embedder().embed(&texts).await?;
        let points = batch
            .iter()
            .zip(vectors)
            .map(|(p, vector)| Point::new(vector, p.payload.clone()))
            .collect();
        store.upsert(collection, points).await?;
        synced.embedded += batch.len();
    }
    for (id, access) in kept {
        store
            .set_access(collection, kind.code(), id, &access)
            .await?;
    }
    Ok(synced)
}

/// Indexes every record of every kind, in id order, [`REBUILD_BATCH`] at a time, telling
/// `progress` after each step (kind, records done, records of that kind), then builds the
/// store's search index and marks the collection complete ([`complete`]). Running it again
/// skips what is current (it compares hashes and embeds nothing), so an interrupted rebuild
/// picks up where it stopped for the price of one look-up per record already done.
pub async fn rebuild(
    ctx: &Ctx,
    engine: &Engine,
    mut progress: impl FnMut(RecordKind, u64, u64),
) -> Result<Synced, AiError> {
    let mut synced = Synced::default();
    for kind in RecordKind::ALL {
        let total = crate::with_record!(kind, E => E::find().count(&ctx.db).await)
            .map_err(crate::error::CoreError::from)?;
        let mut done = 0;
        let mut after: Option<Uuid> = None;
        loop {
            let ids = crate::with_record!(kind, E => {
                let mut q = E::find()
                    .select_only()
                    .column(<E as crate::records::Record>::id_col())
                    .order_by_asc(<E as crate::records::Record>::id_col())
                    .limit(REBUILD_BATCH);
                if let Some(after) = after {
                    q = q.filter(<E as crate::records::Record>::id_col().gt(after));
                }
                q.into_tuple::<Uuid>().all(&ctx.db).await
            })
            .map_err(crate::error::CoreError::from)?;
            let Some(&last) = ids.last() else { break };
            synced += sync(ctx, engine, kind, &ids).await?;
            done += ids.len() as u64;
            after = Some(last);
            progress(kind, done, total);
        }
    }
    engine.store().await?.optimize(engine.collection()).await?;
    complete(ctx, engine).await?;
    Ok(synced)
}

/// What the settings keys that record a complete collection start with.
const BUILT_PREFIX: &str = "index_built:";

/// The settings key that records when `collection` was last built complete.
fn built_key(collection: &str) -> String {
    format!("{BUILT_PREFIX}{collection}")
}

/// Whether the engine's collection may answer searches: once it was built complete, or while
/// no collection ever was (a new installation's first build fills it from empty, and what it
/// holds so far beats nothing). A new model's collection, built while an earlier model's was
/// complete, waits for its rebuild: until then searches by meaning say it is being built,
/// and the words still match.
pub async fn serving(ctx: &Ctx, engine: &Engine) -> Result<(), AiError> {
    if engine.0.complete.initialized() {
        return Ok(());
    }
    let built = settings::keys_starting(&ctx.db, BUILT_PREFIX).await?;
    if built.contains(&built_key(engine.collection())) {
        // Once complete, always: later changes arrive by the events.
        let _ = engine.0.complete.set(());
        return Ok(());
    }
    if built.is_empty() {
        return Ok(());
    }
    Err(AiError::Building)
}

/// Marks the engine's collection built complete, then drops the collections of earlier
/// models this database marked complete, and their marks, so that a model change frees the
/// space of the one it replaced. Only marked collections go: a Qdrant server may hold other
/// installations' collections.
async fn complete(ctx: &Ctx, engine: &Engine) -> Result<(), AiError> {
    let mine = built_key(engine.collection());
    let now = ctx.now().unix_timestamp().to_string();
    settings::put(&ctx.db, &mine, &now).await?;
    let store = engine.store().await?;
    for key in settings::keys_starting(&ctx.db, BUILT_PREFIX).await? {
        if key == mine {
            continue;
        }
        let collection = key.trim_start_matches(BUILT_PREFIX);
        store.drop_collection(collection).await?;
        tracing::info!(
            collection,
            "search by meaning: dropped the previous model's index"
        );
        settings::remove(&ctx.db, &key).await?;
    }
    Ok(())
}

/// Queues a rebuild unless this model's collection was built complete before and still holds
/// points, and none is queued or running: a new installation, records loaded while search by
/// meaning was off (a demo seed), a new model, or a store folder that was lost. Called when a
/// worker with the engine starts.
pub async fn ensure_built(ctx: &Ctx, engine: &Engine) -> Result<(), AiError> {
    let collection = engine.collection();
    let built = built_at(ctx, collection).await?;
    let store = engine.store().await?;
    if built.is_some() && store.count(collection).await? > 0 {
        return Ok(());
    }
    queue_rebuild(ctx).await?;
    Ok(())
}

/// Queues a rebuild unless one is waiting or running; says whether it queued one.
pub async fn queue_rebuild(ctx: &Ctx) -> CoreResult<bool> {
    jobs::enqueue_once(ctx, NewJob::new(REBUILD_KIND, &())?.on(jobs::INDEX)).await
}

/// When `collection` was last built complete.
pub async fn built_at(ctx: &Ctx, collection: &str) -> CoreResult<Option<time::OffsetDateTime>> {
    let stored = settings::get(&ctx.db, &built_key(collection)).await?;
    Ok(stored
        .and_then(|v| v.parse::<i64>().ok())
        .and_then(|t| time::OffsetDateTime::from_unix_timestamp(t).ok()))
}

/// The `index-rebuild` job: every record, then the mark that the collection is complete.
/// Given back at a shutdown, it goes on where it stopped (unchanged texts are skipped).
pub async fn run_rebuild(ctx: Ctx, _job: Job) -> Result<(), JobError> {
    let Some(engine) = ctx.ai.engine() else {
        return Err(JobError::retry(
            "job-ai-unavailable",
            "search by meaning is off here",
        ));
    };
    let synced = rebuild(&ctx, engine, |kind, done, total| {
        if done == total || done % 10_000 < REBUILD_BATCH {
            tracing::info!(
                kind = kind.code(),
                done,
                total,
                "indexing for search by meaning"
            );
        }
    })
    .await?;
    tracing::info!(
        records = synced.records,
        embedded = synced.embedded,
        "search by meaning: index complete"
    );
    Ok(())
}
