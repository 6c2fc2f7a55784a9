//! Keeping each record's blocking keys and scored pairs current.
//!
//! The consumer of the domain events calls [`refresh`] for a changed contact, account or
//! lead, in the transaction that also plans its webhooks, so a retried event redoes it
//! exactly once. [`rebuild`] recomputes every key and pair of a kind (a new installation, a
//! change to how keys are made): workers queue it when the stored version differs from
//! [`VERSION`] ([`ensure_current`]).

use super::profile::Profile;
use super::score::{Scored, score};
use super::{KEPT, Matched};
use crate::Ctx;
use crate::error::{CoreError, CoreResult};
use crate::events::Event;
use crate::jobs::{self, Job, JobError, NewJob};
use crate::settings;
use entity::{duplicate_keys as keys, duplicate_pairs as pairs};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, Statement,
};
use std::collections::{BTreeSet, HashMap, HashSet};
use time::OffsetDateTime;
use types::dto::duplicates::{KINDS, Reason};
use types::dto::records::RecordKind;
use uuid::Uuid;

/// How keys and scores are made: raise it when either changes, and workers rebuild them.
pub const VERSION: &str = "1";
/// The settings key holding the version the stored keys and pairs were made with.
const VERSION_KEY: &str = "duplicates_version";
/// The job kind of [`rebuild`].
pub const REBUILD_KIND: &str = "duplicates-rebuild";
/// A key shared by more records than this says too little to compare them all ("John
/// Smith" in a large address book): such blocks are skipped, other keys still pair them.
pub const MAX_BLOCK: usize = 100;
/// Records read per step of a rebuild.
const BATCH: u64 = 500;
/// Keys read per step of a rebuild's scan.
const KEY_PAGE: u64 = 10_000;
/// Candidate pairs gathered before they are scored, which bounds a scan's memory.
const SCORE_BATCH: usize = 20_000;

/// The pair's row key: the two ids, the lower first.
pub fn ordered(x: Uuid, y: Uuid) -> (Uuid, Uuid) {
    if x < y { (x, y) } else { (y, x) }
}

/// Reasons as stored: their codes, space-separated.
fn codes(reasons: &[Reason]) -> String {
    reasons
        .iter()
        .filter_map(|r| serde_json::to_value(r).ok())
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reasons read back; codes this build does not know are skipped.
pub fn reasons(codes: &str) -> Vec<Reason> {
    codes
        .split(' ')
        .filter_map(|c| serde_json::from_value(serde_json::Value::String(c.to_owned())).ok())
        .collect()
}

/// The live rows among `ids` that take part, as profiles.
async fn profiles<K: Matched>(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> CoreResult<HashMap<Uuid, Profile>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = K::find()
        .filter(K::id_col().is_in(ids.to_vec()))
        .filter(K::deleted_col().is_null())
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|m| Some((K::id_of(&m), K::profile(&m)?)))
        .collect())
}

/// The records of `kind` sharing one of `keys`, by record; keys shared by more than
/// [`MAX_BLOCK`] records are skipped.
pub(crate) async fn sharing(
    db: &impl ConnectionTrait,
    kind: RecordKind,
    wanted: &BTreeSet<String>,
) -> CoreResult<HashSet<Uuid>> {
    let mut found = HashSet::new();
    for key in wanted {
        let ids: Vec<Uuid> = keys::Entity::find()
            .select_only()
            .column(keys::Column::RecordId)
            .filter(keys::Column::Kind.eq(kind.code()))
            .filter(keys::Column::Key.eq(key.as_str()))
            .limit(MAX_BLOCK as u64 + 1)
            .into_tuple()
            .all(db)
            .await?;
        if ids.len() <= MAX_BLOCK {
            found.extend(ids);
        }
    }
    Ok(found)
}

/// Writes scored pairs; a pair already marked "not a duplicate" keeps its mark.
async fn save(
    db: &impl ConnectionTrait,
    kind: RecordKind,
    at: OffsetDateTime,
    scored: Vec<((Uuid, Uuid), Scored)>,
) -> CoreResult<()> {
    for chunk in scored.chunks(200) {
        let rows = chunk.iter().map(|((a, b), s)| pairs::ActiveModel {
            kind: Set(kind.code().to_owned()),
            a: Set(*a),
            b: Set(*b),
            confidence: Set(i16::from(s.confidence)),
            reasons: Set(codes(&s.reasons)),
            found_at: Set(at),
            dismissed_at: Set(None),
            dismissed_by: Set(None),
        });
        pairs::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([pairs::Column::Kind, pairs::Column::A, pairs::Column::B])
                    .update_columns([
                        pairs::Column::Confidence,
                        pairs::Column::Reasons,
                        pairs::Column::FoundAt,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Replaces the keys of the records among `ids` with those of `rows` (the live ones).
async fn store_keys(
    db: &impl ConnectionTrait,
    kind: RecordKind,
    ids: &[Uuid],
    rows: &[(Uuid, BTreeSet<String>)],
) -> CoreResult<()> {
    keys::Entity::delete_many()
        .filter(keys::Column::Kind.eq(kind.code()))
        .filter(keys::Column::RecordId.is_in(ids.to_vec()))
        .exec(db)
        .await?;
    let all: Vec<keys::ActiveModel> = rows
        .iter()
        .flat_map(|(id, ks)| {
            ks.iter().map(move |k| keys::ActiveModel {
                kind: Set(kind.code().to_owned()),
                key: Set(k.clone()),
                record_id: Set(*id),
            })
        })
        .collect();
    for chunk in all.chunks(500) {
        keys::Entity::insert_many(chunk.to_vec())
            .on_conflict_do_nothing()
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// The record whose keys and pairs an event changes, if it is of a matched kind.
pub fn affected(event: &Event) -> Option<(RecordKind, Uuid)> {
    let (kind, id) = match *event {
        Event::RecordCreated { kind, id }
        | Event::RecordUpdated { kind, id, .. }
        | Event::RecordDeleted { kind, id }
        | Event::RecordRestored { kind, id } => (kind, id),
        // The lead leaves matching; its contact and account come with their own events.
        Event::LeadConverted { id, .. } => (RecordKind::Lead, id),
        Event::StageChanged { .. } => return None,
    };
    super::matched(kind).then_some((kind, id))
}

/// Brings the keys and pairs of record `id` of a matched kind up to date, on `db` (the
/// event consumer's transaction). A record gone to the trash, converted or purged loses
/// its keys and its pairs not marked "not a duplicate".
pub async fn refresh(
    db: &impl ConnectionTrait,
    at: OffsetDateTime,
    kind: RecordKind,
    id: Uuid,
) -> CoreResult<()> {
    crate::with_matched!(kind, E => refresh_kind::<E>(db, at, id).await, Ok(()))
}

async fn refresh_kind<K: Matched>(
    db: &impl ConnectionTrait,
    at: OffsetDateTime,
    id: Uuid,
) -> CoreResult<()> {
    let kind = K::KIND;
    one_at_a_time(db, kind).await?;
    pairs::Entity::delete_many()
        .filter(pairs::Column::Kind.eq(kind.code()))
        .filter(pairs::Column::DismissedAt.is_null())
        .filter(
            Condition::any()
                .add(pairs::Column::A.eq(id))
                .add(pairs::Column::B.eq(id)),
        )
        .exec(db)
        .await?;
    let mut own = profiles::<K>(db, &[id]).await?;
    let Some(profile) = own.remove(&id) else {
        return store_keys(db, kind, &[id], &[]).await;
    };
    let wanted = profile.keys();
    store_keys(db, kind, &[id], &[(id, wanted.clone())]).await?;
    let mut others: Vec<Uuid> = sharing(db, kind, &wanted).await?.into_iter().collect();
    others.retain(|&o| o != id);
    let candidates = profiles::<K>(db, &others).await?;
    let scored = candidates
        .into_iter()
        .map(|(other, p)| (ordered(id, other), score(&profile, &p)))
        .filter(|(_, s)| s.confidence >= KEPT)
        .collect();
    save(db, kind, at, scored).await
}

/// Where the advisory locks of [`one_at_a_time`] start.
const LOCK_BASE: i64 = 0x6475_7000;

/// Refreshes of one kind run one at a time on Postgres, each until its transaction ends: of
/// two duplicates made at once, each refresh must see the other's keys, which a concurrent
/// one would not have committed yet. SQLite runs one writing transaction at a time anyway.
async fn one_at_a_time(db: &impl ConnectionTrait, kind: RecordKind) -> CoreResult<()> {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    let slot = KINDS.iter().position(|k| *k == kind).unwrap_or_default();
    let key = LOCK_BASE + i64::try_from(slot).unwrap_or_default();
    db.execute(Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        "SELECT pg_advisory_xact_lock($1)",
        [key.into()],
    ))
    .await?;
    Ok(())
}

/// What a rebuild did, per kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rebuilt {
    pub records: usize,
    pub pairs: usize,
}

/// Recomputes every key and pair of `kind`: the keys of all live records, then every pair
/// of records that share a key (blocks above [`MAX_BLOCK`] skipped), scored. Pairs marked
/// "not a duplicate" keep their mark.
pub async fn rebuild(ctx: &Ctx, kind: RecordKind) -> CoreResult<Rebuilt> {
    crate::with_matched!(
        kind,
        E => rebuild_kind::<E>(ctx).await,
        Err(CoreError::Internal(format!("no duplicates for {}", kind.code())))
    )
}

async fn rebuild_kind<K: Matched>(ctx: &Ctx) -> CoreResult<Rebuilt> {
    let kind = K::KIND;
    let mut done = Rebuilt::default();
    // The keys, a batch at a time.
    let mut after: Option<Uuid> = None;
    loop {
        let mut q = K::find().order_by_asc(K::id_col()).limit(BATCH);
        if let Some(after) = after {
            q = q.filter(K::id_col().gt(after));
        }
        // Read and written under the kind's lock, so a refresh of a record changed
        // meanwhile is neither overwritten nor missed.
        let txn = ctx.begin().await?;
        one_at_a_time(&txn, kind).await?;
        let rows = q.all(&txn).await?;
        let Some(last) = rows.last() else { break };
        after = Some(K::id_of(last));
        let ids: Vec<Uuid> = rows.iter().map(K::id_of).collect();
        let live: Vec<(Uuid, BTreeSet<String>)> = rows
            .iter()
            .filter(|m| K::deleted_at(m).is_none())
            .filter_map(|m| Some((K::id_of(m), K::profile(m)?.keys())))
            .collect();
        done.records += live.len();
        store_keys(&txn, kind, &ids, &live).await?;
        ctx.commit(txn).await?;
    }
    // The kind's undismissed pairs go; the blocks (records sharing a key, read in key order
    // a page at a time) bring them back, scored a batch at a time.
    let at = ctx.now();
    let txn = ctx.begin().await?;
    one_at_a_time(&txn, kind).await?;
    pairs::Entity::delete_many()
        .filter(pairs::Column::Kind.eq(kind.code()))
        .filter(pairs::Column::DismissedAt.is_null())
        .exec(&txn)
        .await?;
    ctx.commit(txn).await?;
    let mut candidates: BTreeSet<(Uuid, Uuid)> = BTreeSet::new();
    let mut block: Vec<Uuid> = Vec::new();
    let mut current: Option<String> = None;
    let mut after: Option<(String, Uuid)> = None;
    loop {
        let mut q = keys::Entity::find()
            .select_only()
            .column(keys::Column::Key)
            .column(keys::Column::RecordId)
            .filter(keys::Column::Kind.eq(kind.code()))
            .order_by_asc(keys::Column::Key)
            .order_by_asc(keys::Column::RecordId)
            .limit(KEY_PAGE);
        if let Some((key, id)) = after.take() {
            q = q.filter(
                Expr::tuple([
                    Expr::col(keys::Column::Key).into(),
                    Expr::col(keys::Column::RecordId).into(),
                ])
                .gt(Expr::tuple([Expr::value(key), Expr::value(id)])),
            );
        }
        let page: Vec<(String, Uuid)> = q.into_tuple().all(&ctx.db).await?;
        let Some(last) = page.last().cloned() else {
            break;
        };
        after = Some(last);
        for (key, id) in page {
            if current.as_deref() != Some(key.as_str()) {
                pairs_of(&mut block, &mut candidates);
                current = Some(key);
            }
            block.push(id);
        }
        if candidates.len() >= SCORE_BATCH {
            done.pairs += score_and_save::<K>(ctx, at, std::mem::take(&mut candidates)).await?;
        }
    }
    pairs_of(&mut block, &mut candidates);
    done.pairs += score_and_save::<K>(ctx, at, candidates).await?;
    Ok(done)
}

/// The pairs of a block of records sharing a key, unless it is too large to say anything.
fn pairs_of(block: &mut Vec<Uuid>, into: &mut BTreeSet<(Uuid, Uuid)>) {
    if block.len() <= MAX_BLOCK {
        for (i, &x) in block.iter().enumerate() {
            for &y in &block[i + 1..] {
                if x != y {
                    into.insert(ordered(x, y));
                }
            }
        }
    }
    block.clear();
}

/// Scores candidate pairs and keeps those worth keeping; says how many were kept.
async fn score_and_save<K: Matched>(
    ctx: &Ctx,
    at: OffsetDateTime,
    candidates: BTreeSet<(Uuid, Uuid)>,
) -> CoreResult<usize> {
    let candidates: Vec<(Uuid, Uuid)> = candidates.into_iter().collect();
    let mut kept = 0;
    for chunk in candidates.chunks(BATCH as usize) {
        let ids: Vec<Uuid> = chunk
            .iter()
            .flat_map(|&(a, b)| [a, b])
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let found = profiles::<K>(&ctx.db, &ids).await?;
        let scored: Vec<((Uuid, Uuid), Scored)> = chunk
            .iter()
            .filter_map(|&(a, b)| Some(((a, b), score(found.get(&a)?, found.get(&b)?))))
            .filter(|(_, s)| s.confidence >= KEPT)
            .collect();
        kept += scored.len();
        let txn = ctx.begin().await?;
        one_at_a_time(&txn, K::KIND).await?;
        save(&txn, K::KIND, at, scored).await?;
        ctx.commit(txn).await?;
    }
    Ok(kept)
}

/// Queues a rebuild of every kind unless the stored keys were made by this [`VERSION`] or
/// one is already waiting. Called when a worker starts.
pub async fn ensure_current(ctx: &Ctx) -> CoreResult<()> {
    if settings::get(&ctx.db, VERSION_KEY).await?.as_deref() == Some(VERSION) {
        return Ok(());
    }
    jobs::enqueue_once(ctx, NewJob::new(REBUILD_KIND, &())?).await?;
    Ok(())
}

/// Rebuilds the keys and pairs of every matched kind, then marks them made by this
/// [`VERSION`]; what each kind held, in [`KINDS`] order.
pub async fn rebuild_all(ctx: &Ctx) -> CoreResult<Vec<(RecordKind, Rebuilt)>> {
    let mut done = Vec::new();
    for kind in KINDS {
        done.push((kind, rebuild(ctx, kind).await?));
    }
    settings::put(&ctx.db, VERSION_KEY, VERSION).await?;
    Ok(done)
}

/// The `duplicates-rebuild` job.
pub async fn run_rebuild(ctx: Ctx, _job: Job) -> Result<(), JobError> {
    for (kind, done) in rebuild_all(&ctx).await? {
        tracing::info!(
            kind = kind.code(),
            records = done.records,
            pairs = done.pairs,
            "duplicates: keys and pairs rebuilt"
        );
    }
    Ok(())
}
