//! Vector stores end to end: one suite, run on the edge store in a temporary folder, and on a
//! Qdrant server when `QDRANT_URL` is set (with `QDRANT_API_KEY` if it needs one).
//!
//! Vectors are hand-made (dimension 4, unit length), so no model is needed.

use std::path::PathBuf;

use ai::store::{Access, Hit, Payload, Point, Query};
use ai::{EdgeStore, ModelInfo, QdrantServer, StoreError, StoreSource, VectorStore};
use uuid::Uuid;

const DIM: usize = 4;

/// Records: a and b are contacts, c an account, d a contact in the trash.
const A: Uuid = Uuid::from_u128(0xa);
const B: Uuid = Uuid::from_u128(0xb);
const C: Uuid = Uuid::from_u128(0xc);
const D: Uuid = Uuid::from_u128(0xd);
/// Users.
const ALICE: Uuid = Uuid::from_u128(0x100);
const BOB: Uuid = Uuid::from_u128(0x101);
const CAROL: Uuid = Uuid::from_u128(0x102);

/// The query vector every search uses; each point's score is its first component.
const Q: [f32; DIM] = [1.0, 0.0, 0.0, 0.0];

fn unit(v: [f32; DIM]) -> Vec<f32> {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    v.iter().map(|x| x / norm).collect()
}

fn point(
    kind: &str,
    record: Uuid,
    chunk: u32,
    vector: [f32; DIM],
    readers: &[Uuid],
    public: bool,
    deleted: bool,
) -> Point {
    Point::new(
        unit(vector),
        Payload {
            kind: kind.into(),
            record,
            chunk,
            access: access(readers, public, deleted),
            hash: format!("{record}#{chunk}"),
        },
    )
}

fn access(readers: &[Uuid], public: bool, deleted: bool) -> Access {
    Access {
        readers: readers.to_vec(),
        public,
        deleted,
    }
}

/// Scores (against [`Q`]): a/0 1.0, b/0 0.8, c/0 0.6, a/1 ~0.3, d/0 ~0.1.
fn points() -> Vec<Point> {
    vec![
        point(
            "contact",
            A,
            0,
            [1.0, 0.0, 0.0, 0.0],
            &[ALICE],
            false,
            false,
        ),
        point(
            "contact",
            A,
            1,
            [0.3, 0.0, 0.954, 0.0],
            &[ALICE],
            false,
            false,
        ),
        point("contact", B, 0, [0.8, 0.6, 0.0, 0.0], &[], true, false),
        point("account", C, 0, [0.6, 0.8, 0.0, 0.0], &[BOB], false, false),
        point("contact", D, 0, [0.1, 0.995, 0.0, 0.0], &[], true, true),
    ]
}

fn query<'a>(kinds: &'a [&'a str], reader: Option<Uuid>) -> Query<'a> {
    Query {
        vector: &Q,
        kinds,
        reader,
        exclude_record: None,
        limit: 10,
    }
}

/// (record, chunk) of each hit, in order.
fn keys(hits: &[Hit]) -> Vec<(Uuid, u32)> {
    hits.iter().map(|h| (h.record, h.chunk)).collect()
}

async fn search(store: &dyn VectorStore, collection: &str, q: Query<'_>) -> Vec<Hit> {
    store.search(collection, q).await.expect("search")
}

/// What every store must do. Leaves the collection holding b/0, c/0 and d/0.
async fn suite(store: &dyn VectorStore, collection: &str) {
    // ensure: idempotent; another dimension is an error.
    store.ensure(collection, DIM).await.expect("ensure");
    store.ensure(collection, DIM).await.expect("ensure again");
    let err = store
        .ensure(collection, DIM + 1)
        .await
        .expect_err("other dimension");
    assert!(
        matches!(err, StoreError::Dimension { found: DIM, wanted, .. } if wanted == DIM + 1),
        "{err:?}"
    );
    let names = store.collections().await.expect("collections");
    assert!(names.iter().any(|n| n == collection), "{names:?}");
    assert_eq!(store.count(collection).await.expect("count"), 0);

    store.upsert(collection, points()).await.expect("upsert");
    assert_eq!(store.count(collection).await.expect("count"), 5);
    // Ids are deterministic: upserting again replaces, it does not add.
    store
        .upsert(collection, points())
        .await
        .expect("upsert again");
    assert_eq!(store.count(collection).await.expect("count"), 5);
    store
        .upsert(collection, Vec::new())
        .await
        .expect("upsert nothing");

    // Everything but the deleted point, by similarity.
    let all = search(store, collection, query(&[], None)).await;
    assert_eq!(keys(&all), [(A, 0), (B, 0), (C, 0), (A, 1)]);
    assert!((all[0].score - 1.0).abs() < 1e-4, "{all:?}");
    assert!((all[1].score - 0.8).abs() < 1e-4, "{all:?}");
    assert!(all.windows(2).all(|w| w[0].score >= w[1].score), "{all:?}");
    assert_eq!(all[0].kind, "contact");
    assert_eq!(all[2].kind, "account");

    // A reader sees public points and points listing them; nothing else.
    let alice = search(store, collection, query(&[], Some(ALICE))).await;
    assert_eq!(keys(&alice), [(A, 0), (B, 0), (A, 1)]);
    let bob = search(store, collection, query(&[], Some(BOB))).await;
    assert_eq!(keys(&bob), [(B, 0), (C, 0)]);
    let carol = search(store, collection, query(&[], Some(CAROL))).await;
    assert_eq!(keys(&carol), [(B, 0)]);

    // Kinds.
    let accounts = search(store, collection, query(&["account"], None)).await;
    assert_eq!(keys(&accounts), [(C, 0)]);
    let contacts = search(store, collection, query(&["contact"], None)).await;
    assert_eq!(keys(&contacts), [(A, 0), (B, 0), (A, 1)]);
    let both = search(store, collection, query(&["contact", "account"], Some(BOB))).await;
    assert_eq!(keys(&both), [(B, 0), (C, 0)]);
    let none = search(store, collection, query(&["opportunity"], None)).await;
    assert!(none.is_empty(), "{none:?}");

    // "Find similar" leaves the record out, all its chunks.
    let similar = Query {
        exclude_record: Some(A),
        ..query(&[], None)
    };
    assert_eq!(
        keys(&search(store, collection, similar).await),
        [(B, 0), (C, 0)]
    );

    // Limit.
    let one = Query {
        limit: 1,
        ..query(&[], None)
    };
    assert_eq!(keys(&search(store, collection, one).await), [(A, 0)]);

    // Hashes.
    let hashes = store
        .hashes(collection, "contact", A)
        .await
        .expect("hashes");
    assert_eq!(
        hashes,
        [(0, format!("{A}#0")), (1, format!("{A}#1"))],
        "hashes of a"
    );
    let unknown = store
        .hashes(collection, "contact", Uuid::from_u128(0xeeee))
        .await
        .expect("hashes of nothing");
    assert!(unknown.is_empty(), "{unknown:?}");
    // Same record id, other kind: nothing.
    let other_kind = store
        .hashes(collection, "account", A)
        .await
        .expect("hashes of other kind");
    assert!(other_kind.is_empty(), "{other_kind:?}");

    // set_access: b becomes private to carol, vectors untouched.
    let score_of_b = all[1].score;
    store
        .set_access(collection, "contact", B, &access(&[CAROL], false, false))
        .await
        .expect("set access");
    let carol = search(store, collection, query(&[], Some(CAROL))).await;
    assert_eq!(keys(&carol), [(B, 0)]);
    assert!((carol[0].score - score_of_b).abs() < 1e-5, "{carol:?}");
    let alice = search(store, collection, query(&[], Some(ALICE))).await;
    assert_eq!(keys(&alice), [(A, 0), (A, 1)]);
    let bob = search(store, collection, query(&[], Some(BOB))).await;
    assert_eq!(keys(&bob), [(C, 0)]);

    // Trash a: gone for everyone, managers included.
    store
        .set_access(collection, "contact", A, &access(&[ALICE], false, true))
        .await
        .expect("delete");
    assert_eq!(
        keys(&search(store, collection, query(&[], None)).await),
        [(B, 0), (C, 0)]
    );
    assert!(
        search(store, collection, query(&[], Some(ALICE)))
            .await
            .is_empty()
    );
    // Restore: back with the same scores and hashes.
    store
        .set_access(collection, "contact", A, &access(&[ALICE], false, false))
        .await
        .expect("restore");
    let alice = search(store, collection, query(&[], Some(ALICE))).await;
    assert_eq!(keys(&alice), [(A, 0), (A, 1)]);
    assert!((alice[0].score - all[0].score).abs() < 1e-5, "{alice:?}");
    assert!((alice[1].score - all[3].score).abs() < 1e-5, "{alice:?}");
    assert_eq!(
        store
            .hashes(collection, "contact", A)
            .await
            .expect("hashes"),
        hashes
    );

    // delete_record removes every chunk.
    store
        .delete_record(collection, "contact", A)
        .await
        .expect("delete record");
    assert_eq!(store.count(collection).await.expect("count"), 3);
    assert!(
        store
            .hashes(collection, "contact", A)
            .await
            .expect("hashes")
            .is_empty()
    );
    assert_eq!(
        keys(&search(store, collection, query(&[], None)).await),
        [(B, 0), (C, 0)]
    );

    // Vectors of the wrong size are refused.
    let mut wrong = point("contact", A, 0, [1.0, 0.0, 0.0, 0.0], &[], true, false);
    wrong.vector.push(0.0);
    assert!(store.upsert(collection, vec![wrong]).await.is_err());
    let short = [1.0_f32, 0.0];
    let bad = Query {
        vector: &short,
        ..query(&[], None)
    };
    assert!(store.search(collection, bad).await.is_err());
    assert_eq!(store.count(collection).await.expect("count"), 3);

    // Building the index changes nothing visible.
    store.optimize(collection).await.expect("optimize");
    assert_eq!(store.count(collection).await.expect("count"), 3);
    let after = search(store, collection, query(&[], None)).await;
    assert_eq!(keys(&after), [(B, 0), (C, 0)]);
    assert!((after[0].score - score_of_b).abs() < 1e-5, "{after:?}");
    let carol = search(store, collection, query(&[], Some(CAROL))).await;
    assert_eq!(keys(&carol), [(B, 0)]);
}

/// A fresh folder under the system's temporary directory.
fn temp_dir(label: &str) -> PathBuf {
    std::env::temp_dir().join(format!("nextcrm-store-{label}-{}", Uuid::new_v4()))
}

#[tokio::test]
async fn edge_store_passes_the_suite() {
    let dir = temp_dir("suite");
    let store = EdgeStore::open(dir.clone()).expect("open");
    suite(&store, "records_test_4").await;

    store
        .drop_collection("records_test_4")
        .await
        .expect("drop collection");
    let names = store.collections().await.expect("collections");
    assert!(names.is_empty(), "{names:?}");
    assert!(store.count("records_test_4").await.is_err());
    // Dropping what is not there is fine.
    store
        .drop_collection("records_test_4")
        .await
        .expect("drop again");

    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn edge_store_survives_reopen() {
    let dir = temp_dir("reopen");
    let collection = "records_reopen_4";
    {
        let store = EdgeStore::open(dir.clone()).expect("open");
        store.ensure(collection, DIM).await.expect("ensure");
        store.upsert(collection, points()).await.expect("upsert");
        store
            .set_access(collection, "contact", B, &access(&[CAROL], false, false))
            .await
            .expect("set access");
    }

    let store = EdgeStore::open(dir.clone()).expect("reopen");
    // One process at a time: while it is open, the folder is refused to anyone else.
    let err = EdgeStore::open(dir.clone()).expect_err("second open");
    assert!(matches!(err, StoreError::Unavailable(_)), "{err:?}");
    assert_eq!(
        store.collections().await.expect("collections"),
        [collection.to_owned()]
    );
    // The dimension survived.
    let err = store
        .ensure(collection, DIM + 1)
        .await
        .expect_err("other dimension");
    assert!(
        matches!(err, StoreError::Dimension { found: DIM, .. }),
        "{err:?}"
    );
    store.ensure(collection, DIM).await.expect("ensure");
    assert_eq!(store.count(collection).await.expect("count"), 5);
    let all = search(&store, collection, query(&[], None)).await;
    assert_eq!(keys(&all), [(A, 0), (B, 0), (C, 0), (A, 1)]);
    // So did the access change, and filtering still works.
    let carol = search(&store, collection, query(&[], Some(CAROL))).await;
    assert_eq!(keys(&carol), [(B, 0)]);
    assert_eq!(
        store
            .hashes(collection, "contact", A)
            .await
            .expect("hashes"),
        [(0, format!("{A}#0")), (1, format!("{A}#1"))]
    );
    // Writes after a reopen land too.
    store
        .delete_record(collection, "contact", A)
        .await
        .expect("delete record");
    assert_eq!(store.count(collection).await.expect("count"), 3);

    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn edge_store_refuses_unsafe_names_and_missing_collections() {
    let dir = temp_dir("names");
    let store = EdgeStore::open(dir.clone()).expect("open");
    for bad in ["", "../escape", "a/b", "with space"] {
        assert!(store.ensure(bad, DIM).await.is_err(), "{bad:?} accepted");
    }
    assert!(store.ensure("records_zero", 0).await.is_err());
    let err = store
        .search("records_missing_4", query(&[], None))
        .await
        .expect_err("no such collection");
    assert!(matches!(err, StoreError::Failed(_)), "{err:?}");
    assert!(store.collections().await.expect("collections").is_empty());

    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn store_source_opens_edge_and_hides_the_key() {
    let dir = temp_dir("source");
    let store = StoreSource::Edge(dir.clone())
        .open()
        .await
        .expect("open from source");
    store.ensure("records_source_4", DIM).await.expect("ensure");
    assert_eq!(
        store.collections().await.expect("collections"),
        ["records_source_4".to_owned()]
    );
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);

    let server = StoreSource::Server {
        url: "http://localhost:6334".into(),
        api_key: Some("sk-very-secret".into()),
    };
    let shown = format!("{server:?}");
    assert!(!shown.contains("sk-very-secret"), "{shown}");
    assert!(shown.contains("localhost:6334"), "{shown}");
}

#[tokio::test]
async fn unreachable_server_is_unavailable() {
    // A port just freed: nothing listens.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("local addr");
    drop(listener);
    let server = QdrantServer::connect(&format!("http://{addr}"), None).expect("client");
    let err = server.collections().await.expect_err("nothing listens");
    assert!(matches!(err, StoreError::Unavailable(_)), "{err:?}");
}

#[test]
fn point_ids_are_deterministic_and_distinct() {
    let id = Point::id_for("contact", A, 0);
    assert_eq!(id, Point::id_for("contact", A, 0));
    assert_ne!(id, Point::id_for("contact", A, 1));
    assert_ne!(id, Point::id_for("account", A, 0));
    assert_ne!(id, Point::id_for("contact", B, 0));
    let p = point("contact", A, 1, [1.0, 0.0, 0.0, 0.0], &[], false, false);
    assert_eq!(p.id, Point::id_for("contact", A, 1));
}

#[test]
fn collection_names_are_safe_and_per_model() {
    let minilm = ModelInfo {
        name: "all-MiniLM-L6-v2".into(),
        dimension: 384,
    };
    assert_eq!(ai::collection_name(&minilm), "records_all_minilm_l6_v2_384");
    let odd = ModelInfo {
        name: "  Org/Model:Large v2!! ".into(),
        dimension: 1536,
    };
    assert_eq!(ai::collection_name(&odd), "records_org_model_large_v2_1536");
    let empty = ModelInfo {
        name: "///".into(),
        dimension: 8,
    };
    assert_eq!(ai::collection_name(&empty), "records_model_8");
    // Same name, other size: another collection.
    let smaller = ModelInfo {
        dimension: 256,
        ..minilm.clone()
    };
    assert_ne!(ai::collection_name(&minilm), ai::collection_name(&smaller));
}

#[tokio::test]
async fn qdrant_server_passes_the_suite() {
    let Ok(url) = std::env::var("QDRANT_URL") else {
        eprintln!("skipped: QDRANT_URL is not set (the server half of the store suite)");
        return;
    };
    let api_key = std::env::var("QDRANT_API_KEY").ok();
    let server = QdrantServer::connect(&url, api_key).expect("client");
    let collection = format!("nextcrm_test_{}", Uuid::new_v4().simple());
    suite(&server, &collection).await;

    server
        .drop_collection(&collection)
        .await
        .expect("drop collection");
    let names = server.collections().await.expect("collections");
    assert!(!names.contains(&collection), "{names:?}");
}
