//! The demo workspace: made through the services, spread over owners, and only into an empty
//! database.

use core_svc::services::{accounts, auth, opportunities};
use core_svc::{Actor, Config, Ctx, Via, db};
use server::demo::{DEMO_PASSWORD, Size, seed};
use types::dto::duplicates::{DuplicateQuery, LIKELY};
use types::dto::list::ListRequest;
use types::dto::records::RecordKind;

async fn actor(ctx: &Ctx, email: &str) -> Actor {
    let credentials = auth::Credentials {
        email: email.into(),
        password: DEMO_PASSWORD.into(),
        ip: None,
    };
    let user = auth::login(ctx, credentials)
        .await
        .expect("demo users sign in with the documented password");
    Actor {
        user_id: user.id,
        role: user.role,
        via: Via::Web,
    }
}

#[tokio::test]
async fn demo_fills_an_empty_database_once() {
    let ctx = Ctx::new(
        db::connect_and_migrate("sqlite::memory:")
            .await
            .expect("db"),
        Config::default(),
    );
    let size = Size {
        accounts: 24,
        contacts_per_account: 2,
    };
    let summary = seed(&ctx, size).await.expect("seed");
    assert_eq!(
        (
            summary.users,
            summary.accounts,
            summary.contacts,
            summary.opportunities
        ),
        (5, 24, 48, 24)
    );
    assert!(summary.line_items > 0, "some deals have line items");
    assert_eq!(summary.leads, 12);
    assert_eq!(summary.duplicates, 2 + 4 + 1);
    assert!(summary.activities > 0 && summary.tasks > 0 && summary.contracts > 0);

    let manager = actor(&ctx, "manager@demo.test").await;
    let rep = actor(&ctx, "riley@demo.test").await;
    let seen = |a| {
        let ctx = ctx.clone();
        async move {
            accounts::list(&ctx, &a, &ListRequest::default())
                .await
                .expect("list")
                .items
                .len()
        }
    };
    assert_eq!(
        seen(manager).await,
        24 + 2,
        "the manager sees every account, and two entered again"
    );
    let mine = seen(rep).await;
    assert!(mine > 0 && mine < 24, "a rep sees their own share: {mine}");
    let deals = opportunities::list(&ctx, &manager, &ListRequest::default())
        .await
        .expect("deals")
        .items;
    let stages: std::collections::BTreeSet<_> = deals.iter().map(|d| d.stage.clone()).collect();
    assert!(
        stages.len() >= 4,
        "deals are spread over the pipeline: {stages:?}"
    );

    let logged = core_svc::services::activities::list(&ctx, &manager, &ListRequest::default())
        .await
        .expect("activities")
        .items;
    assert!(
        logged.iter().all(|a| a.occurred_at <= ctx.now()),
        "logged activities have happened already"
    );

    let again = seed(&ctx, size).await;
    assert!(
        again.is_err(),
        "a second seed refuses to touch a used database"
    );
    // The records entered again are what the duplicate review finds, each likely.
    for (kind, planted) in [
        (RecordKind::Account, 2),
        (RecordKind::Contact, 4),
        (RecordKind::Lead, 1),
    ] {
        core_svc::duplicates::pairs::rebuild(&ctx, kind)
            .await
            .expect("pairs");
        let query = DuplicateQuery {
            kind,
            min_confidence: LIKELY,
            limit: 50,
            after: None,
        };
        let found = core_svc::duplicates::review::queue(&ctx, &manager, &query)
            .await
            .expect("queue");
        assert_eq!(found.pairs.len(), planted, "{kind:?}: {:?}", found.pairs);
    }
}
