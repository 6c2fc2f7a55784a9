//! The scale dataset generator, at a small size, on Postgres (the only backend it supports):
//! the rows it writes must keep the invariants the services keep, and be what the services
//! then list.

mod common;

use common::{actor_of, first_admin, invited, req};
use core_svc::bulk::{Plan, generate};
use core_svc::services::contacts;
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use types::dto::auth::Role;
use types::dto::records::ListQuery;

fn words(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

async fn number(db: &impl ConnectionTrait, sql: &str) -> i64 {
    db.query_one(Statement::from_string(DatabaseBackend::Postgres, sql))
        .await
        .expect("query")
        .expect("a row")
        .try_get_by_index::<i64>(0)
        .expect("a number")
}

#[tokio::test]
async fn scale_rows_keep_the_service_invariants() {
    let Some(db) = common::postgres().await else {
        return;
    };
    let ctx = &db.ctx;
    let admin = first_admin(ctx).await;
    let rep = invited(ctx, &admin, "rep@example.com", Role::User).await;
    let other = invited(ctx, &admin, "other@example.com", Role::User).await;
    let plan = Plan {
        accounts: 40,
        contacts: 300,
        opportunities: 140,
        activities: 200,
        tasks: 60,
        owners: vec![admin.id, rep.id, other.id],
        first_names: words(&["Ada", "Grace", "Alan"]),
        last_names: words(&["Lovelace", "Hopper", "Turing", "Novák"]),
        company_stems: words(&["Acme", "Globex"]),
        company_tails: words(&["Ltd", "GmbH"]),
        positions: words(&["CEO"]),
        next_steps: words(&["Call"]),
        lost_reasons: words(&["No budget"]),
        subjects: words(&["Discovery call"]),
        task_titles: words(&["Follow up"]),
    };
    let report = generate(&ctx.db, &plan).await.expect("generate");
    assert_eq!(
        report,
        vec![
            ("accounts", 40),
            ("contacts", 300),
            ("opportunities", 140),
            ("activities", 200),
            ("activity_links", 400),
            ("tasks", 60),
            // Every record above but the activities, filed for search in one go.
            ("search_entries", 40 + 300 + 140 + 60),
        ]
    );
    let db_ = &ctx.db;
    // Contacts and deals belong to their account's owner; tasks to their deal's owner.
    let mismatched = number(
        db_,
        "SELECT count(*) FROM contacts c JOIN accounts a ON a.id = c.account_id
         WHERE c.owner_id <> a.owner_id",
    )
    .await;
    assert_eq!(mismatched, 0);
    let mismatched = number(
        db_,
        "SELECT count(*) FROM opportunities o JOIN accounts a ON a.id = o.account_id
         WHERE o.owner_id <> a.owner_id",
    )
    .await;
    assert_eq!(mismatched, 0);
    let mismatched = number(
        db_,
        "SELECT count(*) FROM tasks t JOIN opportunities o ON o.id = t.linked_id
         WHERE t.owner_id <> o.owner_id OR t.linked_kind <> 'opportunity'",
    )
    .await;
    assert_eq!(mismatched, 0);
    // Every owner gets records; every deal has a real stage, one in seven still open.
    assert_eq!(
        number(db_, "SELECT count(DISTINCT owner_id) FROM contacts").await,
        3
    );
    assert_eq!(
        number(
            db_,
            "SELECT count(*) FROM opportunities o JOIN sales_stages s ON s.id = o.stage_id
             WHERE s.kind = 'open'"
        )
        .await,
        20
    );
    // Ids are UUIDv7, unique, and time-ordered like the services' own.
    assert_eq!(
        number(
            db_,
            "SELECT count(*) FROM contacts WHERE substr(id::text, 15, 1) <> '7'"
        )
        .await,
        0
    );
    // Activity links point at a contact and that contact's account.
    assert_eq!(
        number(
            db_,
            "SELECT count(*) FROM activity_links l LEFT JOIN contacts c ON c.id = l.record_id
             LEFT JOIN accounts a ON a.id = l.record_id
             WHERE (l.kind = 'contact' AND c.id IS NULL) OR (l.kind = 'account' AND a.id IS NULL)"
        )
        .await,
        0
    );

    // The services list exactly the generated rows a user owns.
    let owned = number(
        db_,
        &format!(
            "SELECT count(*) FROM contacts WHERE owner_id = '{}'",
            rep.id.0
        ),
    )
    .await;
    let mut seen = 0;
    let mut query = ListQuery {
        sort: "name".into(),
        ..ListQuery::default()
    };
    loop {
        let page = contacts::list(ctx, &actor_of(&rep), &req(&query))
            .await
            .expect("list");
        seen += page.items.len() as i64;
        match page.next {
            Some(after) => query.after = after,
            None => break,
        }
    }
    assert_eq!(seen, owned);
    assert!(seen > 0);
    // The refiled index answers searches, scoped like the lists.
    let hits = core_svc::services::search::search(ctx, &actor_of(&rep), "lovelace")
        .await
        .expect("search");
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.title.contains("Lovelace")));
    let rep_owns = number(
        db_,
        &format!(
            "SELECT count(*) FROM search_entries WHERE owner_id = '{}'",
            rep.id
        ),
    )
    .await;
    assert!(rep_owns > 0);
    // The triggers are back on: a record created now is filed at once.
    contacts::create(
        ctx,
        &actor_of(&rep),
        types::dto::contacts::ContactInput {
            last_name: Some("Zuse".into()),
            ..Default::default()
        },
    )
    .await
    .expect("contact");
    let found = core_svc::services::search::search(ctx, &actor_of(&rep), "zuse")
        .await
        .expect("search");
    assert_eq!(found.len(), 1);
    db.cleanup().await;
}
