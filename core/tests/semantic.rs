//! Search by meaning's index on both databases, with the real model (all-MiniLM-L6-v2 from
//! `NEXTCRM_EMBED_MODEL_DIR`, which `cargo xtask test` fetches) and the in-process store:
//! changes reach the store through the event queue, only changed texts are embedded again,
//! who may find a record follows its owner, watchers and the trash, and a rebuild restores
//! a lost store.

mod common;

use ai::store::Query;
use ai::{EdgeStore, EmbedError, Embedder, MiniLm, ModelInfo, VectorStore};
use common::{Team, team};
use core_svc::jobs::{self, worker};
use core_svc::records::actions;
use core_svc::semantic::index::{self, Synced};
use core_svc::semantic::{Ai, Engine, admin as index_admin, similar};
use core_svc::services::{accounts, search, tasks};
use core_svc::{Actor, CoreError, Ctx};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use types::dto::accounts::{AccountPatch, NewAccount};
use types::dto::records::RecordKind;
use types::dto::search::{SearchMode, SearchResults};
use types::dto::tasks::NewTask;
use uuid::Uuid;

/// The model, loaded once for the whole binary (about a second each time otherwise).
fn model() -> Option<Arc<dyn Embedder>> {
    static MODEL: OnceLock<Option<Arc<dyn Embedder>>> = OnceLock::new();
    MODEL
        .get_or_init(|| {
            let Some(dir) = std::env::var_os("NEXTCRM_EMBED_MODEL_DIR").map(PathBuf::from) else {
                eprintln!("skipped: NEXTCRM_EMBED_MODEL_DIR is not set");
                return None;
            };
            let model = MiniLm::load(&dir).expect("load the model");
            Some(Arc::new(model) as Arc<dyn Embedder>)
        })
        .clone()
}

/// A workspace with search by meaning on (an engine over a fresh store folder, kept until
/// the test ends), an admin, two reps and a manager.
struct World {
    ctx: Ctx,
    engine: Engine,
    store: Arc<dyn VectorStore>,
    admin: Actor,
    owner: Actor,
    other: Actor,
    manager: Actor,
    _dir: common::tempdir::Dir,
}

/// The world, or `None` without the model (the test is then skipped).
async fn world(ctx: Ctx) -> Option<World> {
    let model = model()?;
    let dir = common::tempdir::Dir::new();
    let store: Arc<dyn VectorStore> =
        Arc::new(EdgeStore::open(dir.path.join("vectors")).expect("open the store"));
    let engine = Engine::new(model, store.clone());
    let ctx = ctx.with_ai(Ai::On(engine.clone()));
    let Team {
        admin,
        owner,
        other,
        manager,
    } = team(&ctx).await;
    Some(World {
        admin,
        owner,
        other,
        manager,
        ctx,
        engine,
        store,
        _dir: dir,
    })
}

/// A new account of `owner`'s, by id.
async fn account(ctx: &Ctx, owner: &Actor, name: &str, description: Option<String>) -> Uuid {
    let new = NewAccount {
        name: name.into(),
        description,
        ..NewAccount::default()
    };
    accounts::create(ctx, owner, new)
        .await
        .expect("account")
        .id
        .0
}

/// Runs every queued job the way the server's workers do, the index queue included, and
/// says how many ran.
async fn drain(ctx: &Ctx) -> usize {
    let settings = worker::Settings::for_db(
        ctx,
        vec![jobs::DEFAULT, jobs::EVENTS, jobs::WEBHOOKS, jobs::INDEX],
    );
    worker::Worker::new(ctx.clone(), jobs::handlers(), settings)
        .drain()
        .await
        .expect("drain the queues")
}

/// The records `reader` finds for `text` (`None`: a manager, who sees all), best first.
async fn find(engine: &Engine, text: &str, reader: Option<&Actor>) -> Vec<Uuid> {
    let vector = engine
        .embedder()
        .embed(&[text.to_owned()])
        .await
        .expect("embed the query")
        .remove(0);
    let store = engine.store().await.expect("store");
    let hits = store
        .search(
            engine.collection(),
            Query {
                vector: &vector,
                kinds: &[],
                reader: reader.map(|a| a.user_id.0),
                exclude_record: None,
                limit: 10,
            },
        )
        .await
        .expect("search");
    let mut records: Vec<Uuid> = Vec::new();
    for hit in hits {
        if !records.contains(&hit.record) {
            records.push(hit.record);
        }
    }
    records
}

/// About 400 words: three chunks of 190 words overlapping by 30.
fn long_description() -> String {
    let sentence = "The analytical engine weaves algebraic patterns just as the Jacquard loom \
                    weaves flowers and leaves, and its mill computes the Bernoulli numbers.";
    vec![sentence; 18].join(" ")
}

async fn changes_reach_the_index_through_the_events(ctx: Ctx) {
    let Some(w) = world(ctx).await else { return };
    let (ctx, engine, owner, other) = (w.ctx.clone(), w.engine.clone(), w.owner, w.other);
    let account = account(&ctx, &owner, "Lovelace Computing", Some(long_description())).await;
    let store = engine.store().await.expect("store");
    assert_eq!(store.count(engine.collection()).await.expect("count"), 0);
    drain(&ctx).await;
    // The key fields, and the description in three chunks.
    assert_eq!(store.count(engine.collection()).await.expect("count"), 4);
    let query = "machines that compute Bernoulli numbers";
    assert_eq!(find(&engine, query, Some(&owner)).await, [account]);
    assert!(find(&engine, query, Some(&other)).await.is_empty());
    assert_eq!(find(&engine, query, None).await, [account]);

    // Watching lets the other user find it; the texts are not embedded again.
    actions::set_watcher(
        &ctx,
        &owner,
        RecordKind::Account,
        account,
        other.user_id,
        true,
    )
    .await
    .expect("watch");
    drain(&ctx).await;
    assert_eq!(find(&engine, query, Some(&other)).await, [account]);

    // In the trash nobody finds it, managers included; restored, it is back.
    actions::delete(&ctx, &owner, RecordKind::Account, &[account])
        .await
        .expect("delete");
    drain(&ctx).await;
    assert!(find(&engine, query, Some(&owner)).await.is_empty());
    assert!(find(&engine, query, None).await.is_empty());
    actions::restore(&ctx, &owner, RecordKind::Account, account)
        .await
        .expect("restore");
    drain(&ctx).await;
    assert_eq!(find(&engine, query, Some(&owner)).await, [account]);

    // A task's comments are part of it.
    let task = tasks::create(
        &ctx,
        &owner,
        NewTask {
            title: "Follow up".into(),
            ..NewTask::default()
        },
    )
    .await
    .expect("task")
    .id;
    tasks::comment(
        &ctx,
        &owner,
        task,
        "The customer asked about a greenhouse irrigation controller.",
    )
    .await
    .expect("comment");
    drain(&ctx).await;
    let watering = find(&engine, "watering plants automatically", Some(&owner)).await;
    assert_eq!(watering.first(), Some(&task.0), "{watering:?}");
}

async fn only_changed_texts_are_embedded_again(ctx: Ctx) {
    let Some(w) = world(ctx).await else { return };
    let (ctx, engine, owner, other) = (w.ctx.clone(), w.engine.clone(), w.owner, w.other);
    let account = account(&ctx, &owner, "Babbage Engines", Some(long_description())).await;
    let ids = [account];
    let sync = || index::sync(&ctx, &engine, RecordKind::Account, &ids);
    let first = sync().await.expect("first sync");
    assert_eq!(first.embedded, 4);
    assert_eq!(sync().await.expect("again").embedded, 0, "nothing changed");

    // A new name changes chunk 0 only.
    accounts::update(
        &ctx,
        &owner,
        types::ids::AccountId(account),
        AccountPatch {
            name: Some("Babbage Difference Engines".into()),
            ..AccountPatch::default()
        },
    )
    .await
    .expect("rename");
    assert_eq!(sync().await.expect("renamed").embedded, 1);

    // A watcher changes who may find it, without embedding.
    actions::set_watcher(
        &ctx,
        &owner,
        RecordKind::Account,
        account,
        other.user_id,
        true,
    )
    .await
    .expect("watch");
    assert_eq!(sync().await.expect("watched").embedded, 0);
    assert_eq!(
        find(&engine, "difference engine", Some(&other)).await,
        [account]
    );

    // A shorter description leaves no stale chunk behind.
    accounts::update(
        &ctx,
        &owner,
        types::ids::AccountId(account),
        AccountPatch {
            description: types::patch::Patch::Set("A short description.".into()),
            ..AccountPatch::default()
        },
    )
    .await
    .expect("shorten");
    sync().await.expect("shortened");
    let store = engine.store().await.expect("store");
    assert_eq!(store.count(engine.collection()).await.expect("count"), 2);

    // A record that is gone loses its points.
    let gone = Uuid::now_v7();
    let removed = index::sync(&ctx, &engine, RecordKind::Account, &[gone])
        .await
        .expect("gone");
    assert_eq!(
        removed,
        Synced {
            records: 0,
            embedded: 0,
            removed: 1
        }
    );
}

async fn a_rebuild_restores_a_lost_store_and_resumes_cheaply(ctx: Ctx) {
    let Some(w) = world(ctx).await else { return };
    let (ctx, engine, owner, admin) = (w.ctx.clone(), w.engine.clone(), w.owner, w.admin);
    let mut ids = Vec::new();
    for name in [
        "Hopper Navy Systems",
        "Turing Codebreakers",
        "Noether Algebra",
    ] {
        ids.push(account(&ctx, &owner, name, None).await);
    }
    // No worker ran: the store is empty, as after a lost folder or a new model.
    let mut seen = Vec::new();
    let synced = index::rebuild(&ctx, &engine, |kind, done, total| {
        seen.push((kind, done, total));
    })
    .await
    .expect("rebuild");
    assert_eq!(synced.records, 3);
    assert_eq!(synced.embedded, 3);
    assert!(seen.contains(&(RecordKind::Account, 3, 3)), "{seen:?}");
    assert_eq!(
        find(&engine, "breaking ciphers", Some(&owner))
            .await
            .first(),
        Some(&ids[1])
    );
    let again = index::rebuild(&ctx, &engine, |_, _, _| {})
        .await
        .expect("rebuild again");
    assert_eq!((again.records, again.embedded), (3, 0));

    // A rebuild, by hand as here or by a worker's job, marks the collection complete: a
    // worker starting then has nothing to do.
    drain(&ctx).await;
    assert!(
        index::built_at(&ctx, engine.collection())
            .await
            .expect("mark")
            .is_some()
    );
    index::ensure_built(&ctx, &engine).await.expect("check");
    assert_eq!(drain(&ctx).await, 0, "already complete");
    // A store that lost its points is rebuilt, marked or not.
    let store = engine.store().await.expect("store");
    for &id in &ids {
        store
            .delete_record(engine.collection(), "account", id)
            .await
            .expect("delete");
    }
    index::ensure_built(&ctx, &engine)
        .await
        .expect("check after the loss");
    assert_eq!(drain(&ctx).await, 1, "rebuilt");
    assert_eq!(store.count(engine.collection()).await.expect("count"), 3);

    // The admin page: what the index holds, and a rebuild on request; admins only.
    let status = index_admin::status(&ctx, &admin).await.expect("status");
    assert_eq!(status.off, None);
    assert_eq!(status.points, Some(3));
    assert_eq!(status.dimension, Some(384));
    assert!(status.built_at.is_some());
    assert_eq!((status.pending, status.rebuilding), (0, false));
    for refused in [
        index_admin::status(&ctx, &owner).await.map(drop),
        index_admin::rebuild(&ctx, &owner).await,
    ] {
        assert!(matches!(refused, Err(CoreError::Forbidden)), "{refused:?}");
    }
    index_admin::rebuild(&ctx, &admin).await.expect("rebuild");
    index_admin::rebuild(&ctx, &admin)
        .await
        .expect("asked twice");
    let status = index_admin::status(&ctx, &admin).await.expect("status");
    assert_eq!(
        (status.pending, status.rebuilding),
        (1, true),
        "queued once"
    );
    assert_eq!(drain(&ctx).await, 1);
    // Off: the page says why, and a rebuild is refused (nothing would run it).
    let off = ctx.clone().with_ai(Ai::default());
    let status = index_admin::status(&off, &admin).await.expect("status");
    assert_eq!(status.off.as_deref(), Some("ai-off-disabled"));
    let refused = index_admin::rebuild(&off, &admin).await;
    assert!(
        matches!(refused, Err(CoreError::Rejected("ai-off-disabled"))),
        "{refused:?}"
    );
}

async fn the_global_search_fuses_words_and_meaning_for_what_each_may_see(ctx: Ctx) {
    let Some(w) = world(ctx).await else { return };
    let (ctx, owner, other, manager) = (w.ctx.clone(), w.owner, w.other, w.manager);
    let mine = account(&ctx, &owner, "Lovelace Computing", Some(long_description())).await;
    let theirs = account(
        &ctx,
        &other,
        "Jacquard Textiles",
        Some("Looms and woven patterns for upholstery.".into()),
    )
    .await;
    drain(&ctx).await;
    let ids = |r: &SearchResults| r.hits.iter().map(|h| h.id).collect::<Vec<_>>();
    let find = |actor: &Actor, mode: SearchMode| {
        let (ctx, actor) = (ctx.clone(), *actor);
        async move {
            search::find(&ctx, &actor, "jacquard looms", mode)
                .await
                .expect("search")
        }
    };

    // Neither word is in the owner's account's name; its meaning is in its description.
    assert!(ids(&find(&owner, SearchMode::Keyword).await).is_empty());
    let both = find(&owner, SearchMode::Hybrid).await;
    assert_eq!(ids(&both), [mine]);
    assert_eq!(both.meaning_off, None);
    assert_eq!(ids(&find(&owner, SearchMode::Semantic).await), [mine]);
    // The other user finds their own, never the owner's, nor learns that it exists.
    assert_eq!(ids(&find(&other, SearchMode::Hybrid).await), [theirs]);
    // A manager sees both; found by words and by meaning, theirs comes first.
    let all = ids(&find(&manager, SearchMode::Hybrid).await);
    assert_eq!(all.first(), Some(&theirs), "{all:?}");
    assert!(all.contains(&mine), "{all:?}");

    // Trashed, it is gone from every search at once, before the index has caught up.
    actions::delete(&ctx, &owner, RecordKind::Account, &[mine])
        .await
        .expect("delete");
    assert!(ids(&find(&owner, SearchMode::Semantic).await).is_empty());
    assert!(!ids(&find(&manager, SearchMode::Semantic).await).contains(&mine));

    // With search by meaning off the words still match, and the answer says why.
    let off = ctx.clone().with_ai(Ai::default());
    let words_only = search::find(&off, &other, "jacquard", SearchMode::Hybrid)
        .await
        .expect("search");
    assert_eq!(ids(&words_only), [theirs]);
    assert_eq!(words_only.meaning_off.as_deref(), Some("ai-off-disabled"));
}

async fn find_similar_shows_records_alike_that_the_actor_may_see(ctx: Ctx) {
    let Some(w) = world(ctx).await else { return };
    let (ctx, owner, other, manager) = (w.ctx.clone(), w.owner, w.other, w.manager);
    let make = |actor: Actor, name: &'static str, description: &'static str| {
        let ctx = ctx.clone();
        async move { account(&ctx, &actor, name, Some(description.into())).await }
    };
    let greenhouse = make(
        owner,
        "Greenhouse Irrigation Systems",
        "We install drip irrigation and automatic watering controllers for commercial greenhouses.",
    )
    .await;
    let drip = make(
        owner,
        "Drip and Grow",
        "Automatic watering and drip lines for glasshouse growers.",
    )
    .await;
    let ledger = make(
        owner,
        "Ledger Accountants",
        "Tax returns, payroll and bookkeeping for small businesses.",
    )
    .await;
    let theirs = make(
        other,
        "Watering Automation",
        "Irrigation controllers for greenhouses and nurseries.",
    )
    .await;
    drain(&ctx).await;

    let alike = similar::similar(&ctx, &owner, RecordKind::Account, greenhouse)
        .await
        .expect("similar");
    let ids: Vec<Uuid> = alike.records.iter().map(|r| r.id).collect();
    assert_eq!(ids.first(), Some(&drip), "{:?}", alike.records);
    assert!(!ids.contains(&greenhouse), "not itself");
    assert!(!ids.contains(&theirs), "not what the owner may not see");
    assert!(
        !ids.contains(&ledger),
        "an accountant is not alike: {:?}",
        alike.records
    );
    assert!(alike.records[0].similarity >= 50, "{:?}", alike.records);
    assert_eq!(alike.records[0].title, "Drip and Grow");
    // A manager sees the other user's account among them.
    let seen = similar::similar(&ctx, &manager, RecordKind::Account, greenhouse)
        .await
        .expect("similar");
    assert!(
        seen.records.iter().any(|r| r.id == theirs),
        "{:?}",
        seen.records
    );
    // Asking about a record one may not see is NotFound, as everywhere.
    let refused = similar::similar(&ctx, &other, RecordKind::Account, greenhouse).await;
    assert!(matches!(refused, Err(CoreError::NotFound)), "{refused:?}");
    // Off: nothing to show, and why.
    let off = ctx.clone().with_ai(Ai::default());
    let none = similar::similar(&off, &owner, RecordKind::Account, greenhouse)
        .await
        .expect("similar");
    assert!(none.records.is_empty());
    assert_eq!(none.meaning_off.as_deref(), Some("ai-off-disabled"));
}

/// The same model under another name: what a change of model looks like to the index.
#[derive(Debug)]
struct Renamed(Arc<dyn Embedder>, ModelInfo);

#[async_trait::async_trait]
impl Embedder for Renamed {
    fn model(&self) -> &ModelInfo {
        &self.1
    }

    async fn embed(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        self.0.embed(texts).await
    }
}

async fn a_new_model_answers_only_once_its_index_is_complete(ctx: Ctx) {
    let Some(w) = world(ctx).await else { return };
    let (ctx, old, owner) = (w.ctx.clone(), w.engine.clone(), w.owner);
    let mine = account(&ctx, &owner, "Lovelace Computing", Some(long_description())).await;
    drain(&ctx).await;
    index::ensure_built(&ctx, &old).await.expect("check");
    assert_eq!(drain(&ctx).await, 1, "the first model's index, complete");

    let renamed = ModelInfo {
        name: "all-MiniLM-L6-v2 retrained".into(),
        dimension: 384,
    };
    let model = model().expect("the world has the model");
    let new = Engine::new(Arc::new(Renamed(model, renamed)), w.store.clone());
    assert_ne!(new.collection(), old.collection());
    let ctx = ctx.with_ai(Ai::On(new.clone()));
    let find = |text: &'static str, mode: SearchMode| {
        let ctx = ctx.clone();
        async move {
            search::find(&ctx, &owner, text, mode)
                .await
                .expect("search")
        }
    };
    // Until the new model's index is complete, nothing is answered from half of it: the
    // words still match, and the answer says why meaning took no part.
    index::ensure_built(&ctx, &new)
        .await
        .expect("queue its build");
    let words = find("lovelace", SearchMode::Hybrid).await;
    assert_eq!(words.hits.iter().map(|h| h.id).collect::<Vec<_>>(), [mine]);
    assert_eq!(words.meaning_off.as_deref(), Some("ai-off-building"));
    let meaning = find("jacquard looms", SearchMode::Semantic).await;
    assert!(meaning.hits.is_empty());
    assert_eq!(meaning.meaning_off.as_deref(), Some("ai-off-building"));
    let alike = similar::similar(&ctx, &owner, RecordKind::Account, mine)
        .await
        .expect("similar");
    assert_eq!(alike.meaning_off.as_deref(), Some("ai-off-building"));

    // Built, it answers, and the previous model's collection and mark are gone.
    assert_eq!(drain(&ctx).await, 1, "the rebuild");
    let meaning = find("jacquard looms", SearchMode::Semantic).await;
    assert_eq!(meaning.meaning_off, None);
    assert_eq!(
        meaning.hits.iter().map(|h| h.id).collect::<Vec<_>>(),
        [mine]
    );
    assert_eq!(
        w.store.collections().await.expect("collections"),
        [new.collection().to_owned()]
    );
    assert_eq!(
        index::built_at(&ctx, old.collection()).await.expect("mark"),
        None
    );
    assert!(
        index::built_at(&ctx, new.collection())
            .await
            .expect("mark")
            .is_some()
    );
}

on_both!(
    a_new_model_answers_only_once_its_index_is_complete,
    changes_reach_the_index_through_the_events,
    only_changed_texts_are_embedded_again,
    a_rebuild_restores_a_lost_store_and_resumes_cheaply,
    the_global_search_fuses_words_and_meaning_for_what_each_may_see,
    find_similar_shows_records_alike_that_the_actor_may_see,
);
