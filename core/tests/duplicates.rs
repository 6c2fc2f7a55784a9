//! Duplicate detection on both databases: keys and pairs follow the domain events, the
//! review queue shows only pairs whose two records the viewer may see, "not a duplicate"
//! sticks, the check before saving names what the viewer may see, and a rebuild finds the
//! pairs of records written while nothing was listening.

mod common;

use common::{Team, team};
use core_svc::duplicates::{pairs, review};
use core_svc::jobs::{self, worker};
use core_svc::records::actions;
use core_svc::services::{accounts, contacts};
use core_svc::{Actor, CoreError, Ctx};
use types::dto::accounts::NewAccount;
use types::dto::contacts::{ContactPatch, NewContact};
use types::dto::duplicates::{Draft, DuplicatePage, DuplicateQuery, LIKELY, Reason};
use types::dto::records::RecordKind;
use types::patch::Patch;
use uuid::Uuid;

async fn contact(ctx: &Ctx, owner: &Actor, first: &str, last: &str, email: &str) -> Uuid {
    let new = NewContact {
        first_name: Some(first.into()),
        last_name: last.into(),
        email: Some(email.into()),
        ..NewContact::default()
    };
    contacts::create(ctx, owner, new)
        .await
        .expect("contact")
        .id
        .0
}

/// Runs the queued jobs as the server's worker does (events, then what they plan).
async fn drain(ctx: &Ctx) -> usize {
    let settings = worker::Settings::for_db(ctx, vec![jobs::DEFAULT, jobs::EVENTS]);
    worker::Worker::new(ctx.clone(), jobs::handlers(), settings)
        .drain()
        .await
        .expect("drain the queues")
}

async fn queue(ctx: &Ctx, actor: &Actor, kind: RecordKind) -> DuplicatePage {
    let q = DuplicateQuery {
        kind,
        min_confidence: LIKELY,
        limit: 50,
        after: None,
    };
    review::queue(ctx, actor, &q).await.expect("queue")
}

fn pair_ids(page: &DuplicatePage) -> Vec<(Uuid, Uuid)> {
    page.pairs.iter().map(|p| (p.a.id, p.b.id)).collect()
}

/// The pairs `actor` sees in the first page of the queue.
async fn listed(ctx: &Ctx, actor: &Actor, kind: RecordKind) -> Vec<(Uuid, Uuid)> {
    pair_ids(&queue(ctx, actor, kind).await)
}

async fn pairs_follow_the_records(ctx: Ctx) {
    let Team { owner, .. } = team(&ctx).await;
    let robert = contact(&ctx, &owner, "Robert", "Smith", "r.smith@acme.example").await;
    let bob = contact(&ctx, &owner, "Bob", "Smith", "R.Smith+crm@ACME.example").await;
    let _ada = contact(&ctx, &owner, "Ada", "Lovelace", "ada@acme.example").await;
    drain(&ctx).await;

    let found = queue(&ctx, &owner, RecordKind::Contact).await;
    assert_eq!(pair_ids(&found), [pairs::ordered(robert, bob)]);
    let pair = &found.pairs[0];
    assert!(pair.confidence >= 95, "{pair:?}");
    assert_eq!(pair.reasons, [Reason::Nickname, Reason::SameEmail]);
    assert!(listed(&ctx, &owner, RecordKind::Account).await.is_empty());

    // Changed into someone else, the pair goes at once the event is consumed.
    let patch = ContactPatch {
        first_name: Patch::Set("Roberta".into()),
        last_name: Some("Jones".into()),
        email: Patch::Set("roberta@globex.example".into()),
        ..ContactPatch::default()
    };
    contacts::update(&ctx, &owner, types::ids::ContactId(bob), patch)
        .await
        .expect("update");
    drain(&ctx).await;
    assert!(listed(&ctx, &owner, RecordKind::Contact).await.is_empty());

    // A new duplicate, then one of the two in the trash: gone from the queue.
    let again = contact(&ctx, &owner, "Rob", "Smith", "r.smith@acme.example").await;
    drain(&ctx).await;
    assert_eq!(
        listed(&ctx, &owner, RecordKind::Contact).await,
        [pairs::ordered(robert, again)]
    );
    actions::delete(&ctx, &owner, RecordKind::Contact, &[again])
        .await
        .expect("delete");
    drain(&ctx).await;
    assert!(listed(&ctx, &owner, RecordKind::Contact).await.is_empty());
    // Restored, it is back.
    actions::restore(&ctx, &owner, RecordKind::Contact, again)
        .await
        .expect("restore");
    drain(&ctx).await;
    assert_eq!(
        queue(&ctx, &owner, RecordKind::Contact).await.pairs.len(),
        1
    );
}

async fn pairs_are_seen_only_by_who_may_see_both(ctx: Ctx) {
    let Team {
        owner,
        other,
        manager,
        ..
    } = team(&ctx).await;
    let mine = contact(&ctx, &owner, "Grace", "Hopper", "grace@navy.example").await;
    let theirs = contact(&ctx, &other, "Grace", "Hoper", "grace@navy.example").await;
    drain(&ctx).await;

    // Neither rep sees the pair, nor learns that the other record exists.
    assert!(listed(&ctx, &owner, RecordKind::Contact).await.is_empty());
    assert!(listed(&ctx, &other, RecordKind::Contact).await.is_empty());
    assert_eq!(
        listed(&ctx, &manager, RecordKind::Contact).await,
        [pairs::ordered(mine, theirs)]
    );
    // The check before saving names only what the viewer may see.
    let draft = Draft {
        first_name: Some("Grace".into()),
        name: "Hopper".into(),
        emails: vec!["GRACE@navy.example".into()],
        ..Draft::default()
    };
    let seen = review::check(&ctx, &owner, RecordKind::Contact, &draft)
        .await
        .expect("check");
    assert_eq!(seen.iter().map(|d| d.record.id).collect::<Vec<_>>(), [mine]);
    assert!(seen[0].reasons.contains(&Reason::SameEmail), "{seen:?}");
    let all = review::check(&ctx, &manager, RecordKind::Contact, &draft)
        .await
        .expect("check");
    assert_eq!(all.len(), 2);

    // Only someone who may edit both says "not a duplicate"; for others the pair does not
    // exist.
    for (who, actor) in [("owner", &owner), ("other", &other)] {
        let refused = review::dismiss(&ctx, actor, RecordKind::Contact, mine, theirs).await;
        assert!(
            matches!(refused, Err(CoreError::NotFound)),
            "{who}: {refused:?}"
        );
    }
    review::dismiss(&ctx, &manager, RecordKind::Contact, theirs, mine)
        .await
        .expect("dismiss");
    assert!(listed(&ctx, &manager, RecordKind::Contact).await.is_empty());
    let twice = review::dismiss(&ctx, &manager, RecordKind::Contact, mine, theirs).await;
    assert!(matches!(twice, Err(CoreError::NotFound)), "{twice:?}");
    // It never comes back, however often the records change.
    let patch = ContactPatch {
        position: Patch::Set("Rear admiral".into()),
        ..ContactPatch::default()
    };
    contacts::update(&ctx, &owner, types::ids::ContactId(mine), patch)
        .await
        .expect("update");
    drain(&ctx).await;
    pairs::rebuild(&ctx, RecordKind::Contact)
        .await
        .expect("rebuild");
    assert!(listed(&ctx, &manager, RecordKind::Contact).await.is_empty());
}

async fn a_rebuild_finds_what_no_event_reported(ctx: Ctx) {
    let Team { owner, .. } = team(&ctx).await;
    let account = |name: &'static str, website: &'static str| {
        let (ctx, owner) = (ctx.clone(), owner);
        async move {
            let new = NewAccount {
                name: name.into(),
                website: Some(website.into()),
                ..NewAccount::default()
            };
            accounts::create(&ctx, &owner, new)
                .await
                .expect("account")
                .id
                .0
        }
    };
    let acme = account("ACME Corporation", "https://www.acme.example/").await;
    let acme_inc = account("Acme Inc.", "acme.example").await;
    let _globex = account("Globex", "https://globex.example").await;
    // No worker ran: the keys and pairs are not there yet, as after an import.
    assert!(listed(&ctx, &owner, RecordKind::Account).await.is_empty());
    let done = pairs::rebuild(&ctx, RecordKind::Account)
        .await
        .expect("rebuild");
    assert_eq!((done.records, done.pairs), (3, 1));
    let found = queue(&ctx, &owner, RecordKind::Account).await;
    assert_eq!(pair_ids(&found), [pairs::ordered(acme, acme_inc)]);
    assert_eq!(
        found.pairs[0].reasons,
        [Reason::SameName, Reason::SameDomain]
    );

    // Workers queue a rebuild once per version of the keys.
    drain(&ctx).await;
    pairs::ensure_current(&ctx).await.expect("check");
    pairs::ensure_current(&ctx).await.expect("check twice");
    assert_eq!(drain(&ctx).await, 1, "one rebuild");
    pairs::ensure_current(&ctx).await.expect("check again");
    assert_eq!(drain(&ctx).await, 0, "already current");
}

async fn bad_requests_are_field_errors(ctx: Ctx) {
    let Team { owner, .. } = team(&ctx).await;
    let field = |r: Result<(), CoreError>| match r {
        Err(CoreError::Validation(errors)) => errors[0].field.clone(),
        other => panic!("expected a field error, got {other:?}"),
    };
    let q = |kind, after: Option<&str>| DuplicateQuery {
        kind,
        min_confidence: LIKELY,
        limit: 10,
        after: after.map(str::to_owned),
    };
    let tasks = review::queue(&ctx, &owner, &q(RecordKind::Task, None)).await;
    assert_eq!(field(tasks.map(drop)), "kind");
    let forged = review::queue(
        &ctx,
        &owner,
        &q(RecordKind::Contact, Some("bm90IGEgY3Vyc29y")),
    )
    .await;
    assert_eq!(field(forged.map(drop)), "after");
    let many = Draft {
        name: "Smith".into(),
        emails: vec!["a@b.example".into(); 6],
        ..Draft::default()
    };
    let refused = review::check(&ctx, &owner, RecordKind::Contact, &many).await;
    assert_eq!(field(refused.map(drop)), "emails");
    let long = Draft {
        name: "x".repeat(300),
        ..Draft::default()
    };
    let refused = review::check(&ctx, &owner, RecordKind::Account, &long).await;
    assert_eq!(field(refused.map(drop)), "name");
}

async fn the_queue_pages_most_likely_first(ctx: Ctx) {
    let Team { owner, .. } = team(&ctx).await;
    // Three pairs: the same address (very likely), and a nickname with the same phone.
    for (first, last) in [("Marie", "Curie"), ("Emmy", "Noether"), ("Alan", "Turing")] {
        let email = format!("{}@science.example", last.to_lowercase());
        contact(&ctx, &owner, first, last, &email).await;
        contact(&ctx, &owner, first, last, &email.to_uppercase()).await;
    }
    drain(&ctx).await;
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let q = DuplicateQuery {
            kind: RecordKind::Contact,
            min_confidence: LIKELY,
            limit: 1,
            after: after.clone(),
        };
        let page = review::queue(&ctx, &owner, &q).await.expect("page");
        assert!(page.pairs.len() <= 1);
        seen.extend(pair_ids(&page));
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(seen.len(), 3, "{seen:?}");
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 3);
}

on_both!(
    pairs_follow_the_records,
    pairs_are_seen_only_by_who_may_see_both,
    a_rebuild_finds_what_no_event_reported,
    bad_requests_are_field_errors,
    the_queue_pages_most_likely_first,
);
