//! CRM records on both databases: the visibility matrix (owner, watcher, stranger, manager,
//! admin × list, get, create, update, delete, restore), keyset lists with sorting and
//! filters, validation, history and the trash.

mod common;

use common::{actor_of, first_admin, invited, req};
use core_svc::records::actions;
use core_svc::services::{
    accounts, activities, contacts, contracts, leads, line_items, opportunities, products, tasks,
};
use core_svc::{Actor, CoreError, Ctx};
use types::dto::accounts::AccountInput;
use types::dto::activities::ActivityInput;
use types::dto::auth::Role;
use types::dto::contacts::ContactInput;
use types::dto::contracts::ContractInput;
use types::dto::leads::LeadInput;
use types::dto::lines::{Discount, DiscountKind};
use types::dto::list::ListRequest;
use types::dto::opportunities::{
    LineDiscount, LineItemInput, LinePatch, NewLineItem, OpportunityInput,
};
use types::dto::products::ProductInput;
use types::dto::records::{HistoryValue, Link, ListQuery, RecordKind};
use types::dto::tasks::{TaskInput, TaskStatus};
use types::money::Money;
use types::patch::Patch;
use uuid::Uuid;

fn account_input(name: &str) -> AccountInput {
    AccountInput {
        name: Some(name.into()),
        ..AccountInput::default()
    }
}

fn contact_input(last: &str, account: Option<Uuid>) -> ContactInput {
    ContactInput {
        first_name: Some("Grace".into()),
        last_name: Some(last.into()),
        account: Some(account.map(|a| a.to_string()).unwrap_or_default()),
        ..ContactInput::default()
    }
}

fn deal_input(name: &str) -> OpportunityInput {
    OpportunityInput {
        name: Some(name.into()),
        currency: Some("EUR".into()),
        close_date: Some("2027-03-31".into()),
        ..OpportunityInput::default()
    }
}

fn product_input(name: &str) -> ProductInput {
    ProductInput {
        name: Some(name.into()),
        price: Some("19.99".into()),
        currency: Some("EUR".into()),
        tax_rate: Some("19".into()),
        active: Some("true".into()),
        ..ProductInput::default()
    }
}

/// The kinds owned by one user (products are a shared catalog, tested apart).
const OWNED: [RecordKind; 7] = [
    RecordKind::Account,
    RecordKind::Contact,
    RecordKind::Lead,
    RecordKind::Opportunity,
    RecordKind::Contract,
    RecordKind::Task,
    RecordKind::Activity,
];

fn lead_input(last: &str) -> LeadInput {
    LeadInput {
        last_name: Some(last.into()),
        company: Some("Initech".into()),
        ..LeadInput::default()
    }
}

fn contract_input(title: &str) -> ContractInput {
    ContractInput {
        title: Some(title.into()),
        currency: Some("EUR".into()),
        ..ContractInput::default()
    }
}

fn task_input(title: &str) -> TaskInput {
    TaskInput {
        title: Some(title.into()),
        ..TaskInput::default()
    }
}

fn activity_input(subject: &str, linked: &str) -> ActivityInput {
    ActivityInput {
        kind: Some("call".into()),
        subject: Some(subject.into()),
        linked: Some(linked.into()),
        ..ActivityInput::default()
    }
}

/// A plain text value of the history.
fn text(s: &str) -> Option<HistoryValue> {
    Some(HistoryValue::Text { text: s.into() })
}

/// An amount in euros (minor units) as the history keeps it.
fn euros(minor: i64) -> Option<HistoryValue> {
    Some(HistoryValue::Money {
        money: Money {
            minor,
            currency: "EUR".into(),
            scale: 2,
        },
    })
}

async fn create(ctx: &Ctx, actor: &Actor, kind: RecordKind, name: &str) -> Uuid {
    match kind {
        RecordKind::Account => {
            accounts::create(ctx, actor, account_input(name))
                .await
                .expect("create account")
                .id
                .0
        }
        RecordKind::Contact => {
            contacts::create(ctx, actor, contact_input(name, None))
                .await
                .expect("create contact")
                .id
                .0
        }
        RecordKind::Opportunity => {
            opportunities::create(ctx, actor, deal_input(name))
                .await
                .expect("create opportunity")
                .id
                .0
        }
        RecordKind::Product => {
            products::create(ctx, actor, product_input(name))
                .await
                .expect("create product")
                .id
                .0
        }
        RecordKind::Lead => {
            leads::create(ctx, actor, lead_input(name))
                .await
                .expect("create lead")
                .id
                .0
        }
        RecordKind::Contract => {
            contracts::create(ctx, actor, contract_input(name))
                .await
                .expect("create contract")
                .id
                .0
        }
        RecordKind::Task => {
            tasks::create(ctx, actor, task_input(name))
                .await
                .expect("create task")
                .id
                .0
        }
        RecordKind::Activity => {
            activities::create(ctx, actor, activity_input(name, ""))
                .await
                .expect("create activity")
                .id
                .0
        }
    }
}

async fn get(ctx: &Ctx, actor: &Actor, kind: RecordKind, id: Uuid) -> Result<(), CoreError> {
    match kind {
        RecordKind::Account => accounts::get(ctx, actor, types::ids::AccountId(id))
            .await
            .map(drop),
        RecordKind::Contact => contacts::get(ctx, actor, types::ids::ContactId(id))
            .await
            .map(drop),
        RecordKind::Opportunity => opportunities::get(ctx, actor, types::ids::OpportunityId(id))
            .await
            .map(drop),
        RecordKind::Product => products::get(ctx, actor, types::ids::ProductId(id))
            .await
            .map(drop),
        RecordKind::Lead => leads::get(ctx, actor, types::ids::LeadId(id))
            .await
            .map(drop),
        RecordKind::Contract => contracts::get(ctx, actor, types::ids::ContractId(id))
            .await
            .map(drop),
        RecordKind::Task => tasks::get(ctx, actor, types::ids::TaskId(id))
            .await
            .map(drop),
        RecordKind::Activity => activities::get(ctx, actor, types::ids::ActivityId(id))
            .await
            .map(drop),
    }
}

async fn update(ctx: &Ctx, actor: &Actor, kind: RecordKind, id: Uuid) -> Result<(), CoreError> {
    match kind {
        RecordKind::Account => {
            let input = AccountInput {
                phone: Some("+1 555 0100".into()),
                ..account_input("Matrix")
            };
            accounts::update(ctx, actor, types::ids::AccountId(id), input)
                .await
                .map(drop)
        }
        RecordKind::Contact => {
            let input = ContactInput {
                phone: Some("+1 555 0100".into()),
                ..contact_input("Matrix", None)
            };
            contacts::update(ctx, actor, types::ids::ContactId(id), input)
                .await
                .map(drop)
        }
        RecordKind::Opportunity => {
            let input = OpportunityInput {
                next_step: Some("Call back".into()),
                ..deal_input("Matrix")
            };
            opportunities::update(ctx, actor, types::ids::OpportunityId(id), input)
                .await
                .map(drop)
        }
        RecordKind::Product => {
            let input = ProductInput {
                unit: Some("hour".into()),
                ..product_input("Matrix")
            };
            products::update(ctx, actor, types::ids::ProductId(id), input)
                .await
                .map(drop)
        }
        RecordKind::Lead => {
            let input = LeadInput {
                job_title: Some("CTO".into()),
                ..lead_input("Matrix")
            };
            leads::update(ctx, actor, types::ids::LeadId(id), input)
                .await
                .map(drop)
        }
        RecordKind::Contract => {
            let input = ContractInput {
                status: Some("in_progress".into()),
                ..contract_input("Matrix")
            };
            contracts::update(ctx, actor, types::ids::ContractId(id), input)
                .await
                .map(drop)
        }
        RecordKind::Task => {
            let input = TaskInput {
                priority: Some("high".into()),
                ..task_input("Matrix")
            };
            tasks::update(ctx, actor, types::ids::TaskId(id), input)
                .await
                .map(drop)
        }
        RecordKind::Activity => {
            let input = ActivityInput {
                outcome: Some("Interested".into()),
                ..activity_input("Matrix", "")
            };
            activities::update(ctx, actor, types::ids::ActivityId(id), input)
                .await
                .map(drop)
        }
    }
}

async fn list_ids(ctx: &Ctx, actor: &Actor, kind: RecordKind, q: &ListQuery) -> Vec<Uuid> {
    match kind {
        RecordKind::Account => accounts::list(ctx, actor, &req(q))
            .await
            .expect("list accounts")
            .items
            .into_iter()
            .map(|r| r.id.0)
            .collect(),
        RecordKind::Contact => contacts::list(ctx, actor, &req(q))
            .await
            .expect("list contacts")
            .items
            .into_iter()
            .map(|r| r.id.0)
            .collect(),
        RecordKind::Opportunity => opportunities::list(ctx, actor, &req(q))
            .await
            .expect("list opportunities")
            .items
            .into_iter()
            .map(|r| r.id.0)
            .collect(),
        RecordKind::Product => products::list(ctx, actor, &req(q))
            .await
            .expect("list products")
            .items
            .into_iter()
            .map(|r| r.id.0)
            .collect(),
        RecordKind::Lead => leads::list(ctx, actor, &req(q))
            .await
            .expect("list leads")
            .items
            .into_iter()
            .map(|r| r.id.0)
            .collect(),
        RecordKind::Contract => contracts::list(ctx, actor, &req(q))
            .await
            .expect("list contracts")
            .items
            .into_iter()
            .map(|r| r.id.0)
            .collect(),
        RecordKind::Task => tasks::list(ctx, actor, &req(q))
            .await
            .expect("list tasks")
            .items
            .into_iter()
            .map(|r| r.id.0)
            .collect(),
        RecordKind::Activity => activities::list(ctx, actor, &req(q))
            .await
            .expect("list activities")
            .items
            .into_iter()
            .map(|r| r.id.0)
            .collect(),
    }
}

/// "ok", "not found" or "forbidden".
fn outcome(r: Result<(), CoreError>) -> &'static str {
    match r {
        Ok(()) => "ok",
        Err(CoreError::NotFound) => "not found",
        Err(CoreError::Forbidden) => "forbidden",
        Err(other) => panic!("unexpected error {other:?}"),
    }
}

async fn visibility_matrix(ctx: Ctx) {
    let admin_user = first_admin(&ctx).await;
    let admin = actor_of(&admin_user);
    let manager = actor_of(&invited(&ctx, &admin_user, "m@example.com", Role::Manager).await);
    let owner = actor_of(&invited(&ctx, &admin_user, "o@example.com", Role::User).await);
    let watcher = actor_of(&invited(&ctx, &admin_user, "w@example.com", Role::User).await);
    let stranger = actor_of(&invited(&ctx, &admin_user, "s@example.com", Role::User).await);
    // (who, sees and edits, deletes, restores): a trashed record the actor may not restore
    // is not in their trash, so it does not exist for them.
    let matrix = [
        ("owner", owner, "ok", "ok", "ok"),
        ("watcher", watcher, "ok", "forbidden", "not found"),
        ("stranger", stranger, "not found", "not found", "not found"),
        ("manager", manager, "ok", "ok", "ok"),
        ("admin", admin, "ok", "ok", "ok"),
    ];
    for kind in OWNED {
        let id = create(&ctx, &owner, kind, "Matrix").await;
        actions::set_watcher(&ctx, &owner, kind, id, watcher.user_id, true)
            .await
            .expect("owner shares the record");
        let all = ListQuery::default();
        for (who, actor, sees, deletes, restores) in matrix {
            let case = format!("{kind:?} as {who}");
            let listed = list_ids(&ctx, &actor, kind, &all).await.contains(&id);
            assert_eq!(listed, sees == "ok", "{case}: list");
            let picked = actions::pick(&ctx, &actor, kind, "matrix")
                .await
                .expect("pick")
                .iter()
                .any(|o| o.id == id.to_string());
            assert_eq!(picked, sees == "ok", "{case}: picker");
            assert_eq!(
                outcome(get(&ctx, &actor, kind, id).await),
                sees,
                "{case}: get"
            );
            assert_eq!(
                outcome(update(&ctx, &actor, kind, id).await),
                sees,
                "{case}: update"
            );
            let history = actions::history(&ctx, &actor, kind, id).await.map(drop);
            assert_eq!(outcome(history), sees, "{case}: history");
            let reassign = actions::reassign(&ctx, &actor, kind, &[id], owner.user_id).await;
            assert_eq!(outcome(reassign), deletes, "{case}: reassign");
            let delete = actions::delete(&ctx, &actor, kind, &[id]).await;
            assert_eq!(outcome(delete), deletes, "{case}: delete");
            if deletes == "ok" {
                assert_eq!(
                    outcome(get(&ctx, &actor, kind, id).await),
                    "not found",
                    "{case}: a deleted record is gone"
                );
                assert!(!list_ids(&ctx, &actor, kind, &all).await.contains(&id));
                actions::restore(&ctx, &actor, kind, id)
                    .await
                    .expect("restore");
            }
            // Restoring: the owner trashes it, then each actor tries to bring it back.
            actions::delete(&ctx, &owner, kind, &[id])
                .await
                .expect("owner deletes");
            let in_trash = actions::trash(&ctx, &actor, kind, "")
                .await
                .expect("trash")
                .items
                .iter()
                .any(|t| t.id == id);
            assert_eq!(in_trash, deletes == "ok", "{case}: trash");
            let restore = actions::restore(&ctx, &actor, kind, id).await;
            assert_eq!(outcome(restore), restores, "{case}: restore");
            if restores != "ok" {
                actions::restore(&ctx, &owner, kind, id)
                    .await
                    .expect("owner restores");
            }
        }
        // Creating: linking a new contact to an account needs sight of the account.
        if kind == RecordKind::Account {
            for (who, actor, sees, _, _) in matrix {
                let r = contacts::create(&ctx, &actor, contact_input("Linked", Some(id)))
                    .await
                    .map(drop);
                assert_eq!(
                    outcome(r),
                    sees,
                    "create a contact under the account as {who}"
                );
            }
        }
        // A user creates records for themselves only; managers may create for others.
        let for_other = AccountInput {
            owner: Some(watcher.user_id.to_string()),
            ..account_input("For someone else")
        };
        let r = accounts::create(&ctx, &stranger, for_other.clone()).await;
        assert!(matches!(r, Err(CoreError::Forbidden)), "{r:?}");
        let made = accounts::create(&ctx, &manager, for_other)
            .await
            .expect("manager");
        assert_eq!(made.owner.id, watcher.user_id);
        // The stranger cannot add themselves as a watcher to gain access.
        let r = actions::set_watcher(&ctx, &stranger, kind, id, stranger.user_id, true).await;
        assert!(matches!(r, Err(CoreError::NotFound)), "{r:?}");
    }
}

async fn keyset_pages_sort_and_filter(ctx: Ctx) {
    let admin_user = first_admin(&ctx).await;
    let admin = actor_of(&admin_user);
    let other = actor_of(&invited(&ctx, &admin_user, "u@example.com", Role::User).await);
    for i in 0..120 {
        let input = AccountInput {
            name: Some(format!("Acme {i:03}")),
            // Every third account has no revenue: NULLs sort last in both directions.
            annual_revenue: Some(if i % 3 == 0 {
                String::new()
            } else {
                format!("{}.50", i * 10)
            }),
            currency: Some("EUR".into()),
            status: Some(if i % 2 == 0 { "active" } else { "inactive" }.into()),
            ..AccountInput::default()
        };
        let actor = if i < 100 { &admin } else { &other };
        accounts::create(&ctx, actor, input)
            .await
            .expect("seed account");
    }
    let walk = |q: ListQuery| {
        let ctx = ctx.clone();
        async move {
            let mut q = q;
            let mut names = Vec::new();
            let mut pages = 0;
            loop {
                let page = accounts::list(&ctx, &admin, &req(&q)).await.expect("page");
                pages += 1;
                names.extend(page.items.into_iter().map(|r| (r.name, r.annual_revenue)));
                match page.next {
                    Some(next) => q.after = next,
                    None => return (names, pages),
                }
            }
        }
    };
    let (by_name, pages) = walk(ListQuery::default()).await;
    assert_eq!((by_name.len(), pages), (120, 3));
    let names: Vec<_> = by_name.iter().map(|(n, _)| n.clone()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "ascending by name across pages");

    let desc = ListQuery {
        sort: "annual_revenue".into(),
        dir: "desc".into(),
        ..ListQuery::default()
    };
    let (by_revenue, _) = walk(desc).await;
    assert_eq!(by_revenue.len(), 120, "every row once, NULLs included");
    let amounts: Vec<Option<i64>> = by_revenue
        .iter()
        .map(|(_, m)| m.as_ref().map(|m| m.minor))
        .collect();
    let first_null = amounts
        .iter()
        .position(Option::is_none)
        .expect("some nulls");
    assert!(
        amounts[first_null..].iter().all(Option::is_none),
        "NULLs last"
    );
    assert!(
        amounts[..first_null].windows(2).all(|w| w[0] >= w[1]),
        "descending"
    );
    assert_eq!(amounts[0], Some(119_050), "1190.50 EUR in cents");

    // Sorting by the owner's name (a linked row) pages through every row once, in order.
    let by_owner = ListQuery {
        sort: "owner".into(),
        dir: "desc".into(),
        ..ListQuery::default()
    };
    let mut q = by_owner;
    let mut owners = Vec::new();
    loop {
        let page = accounts::list(&ctx, &admin, &req(&q)).await.expect("page");
        owners.extend(page.items.into_iter().map(|r| r.owner));
        match page.next {
            Some(next) => q.after = next,
            None => break,
        }
    }
    assert_eq!(owners.len(), 120);
    assert!(
        owners.windows(2).all(|w| w[0] >= w[1]),
        "descending by owner"
    );
    assert_eq!(owners[0], "User u@example.com");
    assert_eq!(owners[20], "Ada Admin");
    // Deals sort by their stage's place in the pipeline.
    let stages = core_svc::services::lookups::stages(&ctx, &admin)
        .await
        .expect("stages");
    for stage in stages.iter().rev().take(3) {
        let input = OpportunityInput {
            stage: Some(stage.id.to_string()),
            lost_reason: Some("Chose a competitor".into()),
            ..deal_input(&stage.name)
        };
        opportunities::create(&ctx, &admin, input)
            .await
            .expect("deal");
    }
    let by_stage = ListQuery {
        sort: "stage".into(),
        ..ListQuery::default()
    };
    let names: Vec<_> = opportunities::list(&ctx, &admin, &req(&by_stage))
        .await
        .expect("deals")
        .items
        .into_iter()
        .map(|d| d.stage)
        .collect();
    assert_eq!(names, ["Signing", "Won", "Lost"]);

    let filtered = |q: ListQuery| {
        let ctx = ctx.clone();
        async move { accounts::list(&ctx, &admin, &ListRequest::read(&q)?).await }
    };
    let text = ListQuery {
        q: "acme 01".into(),
        ..ListQuery::default()
    };
    assert_eq!(filtered(text).await.expect("text").items.len(), 10);
    let mine = ListQuery {
        owner: other.user_id.to_string(),
        ..ListQuery::default()
    };
    assert_eq!(filtered(mine).await.expect("owner").items.len(), 20);
    let range = ListQuery {
        status: "inactive".into(),
        min: "100".into(),
        max: "200,50".into(),
        ..ListQuery::default()
    };
    // Revenues i*10+0.5 within [100, 200.50] for odd i not divisible by 3: 11, 13, 17, 19.
    let names: Vec<_> = filtered(range)
        .await
        .expect("range")
        .items
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(names, ["Acme 011", "Acme 013", "Acme 017", "Acme 019"]);
    let bad = ListQuery {
        after: "not-a-cursor".into(),
        from: "yesterday".into(),
        ..ListQuery::default()
    };
    match filtered(bad).await {
        Err(CoreError::Validation(fields)) => assert_eq!(fields[0].field, "from"),
        other => panic!("expected a validation error, got {other:?}"),
    }
    let today = time::OffsetDateTime::now_utc().date().to_string();
    let created_today = ListQuery {
        from: today.clone(),
        to: today,
        ..ListQuery::default()
    };
    assert_eq!(
        filtered(created_today).await.expect("dates").items.len(),
        50
    );
}

async fn validation_reports_every_field(ctx: Ctx) {
    let admin = actor_of(&first_admin(&ctx).await);
    let input = AccountInput {
        name: Some(" ".into()),
        website: Some("javascript:alert(1)".into()),
        email: Some("nope".into()),
        annual_revenue: Some("12.3456".into()),
        currency: Some("EUR".into()),
        employees: Some("-3".into()),
        industry: Some(Uuid::nil().to_string()),
        ..AccountInput::default()
    };
    let Err(CoreError::Validation(fields)) = accounts::create(&ctx, &admin, input).await else {
        panic!("expected validation errors");
    };
    let mut got: Vec<_> = fields
        .iter()
        .map(|f| (f.field.as_str(), f.key.as_str()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("annual_revenue", "validation-amount-decimals"),
            ("email", "validation-email"),
            ("employees", "validation-out-of-range"),
            ("industry", "validation-invalid"),
            ("name", "validation-required"),
            ("website", "validation-url"),
        ]
    );
    let unknown_currency = AccountInput {
        annual_revenue: Some("10".into()),
        currency: Some("XXX".into()),
        ..account_input("Acme")
    };
    let Err(CoreError::Validation(fields)) = accounts::create(&ctx, &admin, unknown_currency).await
    else {
        panic!("expected a currency error");
    };
    assert_eq!(fields[0].field, "currency");
    let r = contacts::create(&ctx, &admin, contact_input("Hopper", Some(Uuid::now_v7()))).await;
    assert!(
        matches!(r, Err(CoreError::NotFound)),
        "an unknown account: {r:?}"
    );
}

async fn history_shows_field_changes(ctx: Ctx) {
    let admin_user = first_admin(&ctx).await;
    let admin = actor_of(&admin_user);
    let created = accounts::create(&ctx, &admin, account_input("Acme"))
        .await
        .expect("create");
    let id = created.id;
    let edit = AccountInput {
        annual_revenue: Some("1,250.00".into()),
        currency: Some("EUR".into()),
        ..account_input("Acme GmbH")
    };
    accounts::update(&ctx, &admin, id, edit.clone())
        .await
        .expect("edit");
    accounts::update(&ctx, &admin, id, edit)
        .await
        .expect("same again");
    let history = actions::history(&ctx, &admin, RecordKind::Account, id.0)
        .await
        .expect("history");
    let actions: Vec<_> = history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(
        actions,
        ["update", "create"],
        "an edit that changed nothing adds nothing"
    );
    let update = &history[0];
    assert_eq!(update.actor.as_deref(), Some("Ada Admin"));
    let fields: Vec<_> = update
        .changes
        .iter()
        .map(|c| (c.field.as_str(), c.old.clone(), c.new.clone()))
        .collect();
    assert_eq!(
        fields,
        [
            ("name", text("Acme"), text("Acme GmbH")),
            ("annual_revenue", None, euros(125_000)),
        ],
        "money is kept as money, for the page to write it as the rest of the UI does"
    );
}

async fn related_contacts_follow_visibility(ctx: Ctx) {
    let admin_user = first_admin(&ctx).await;
    let manager = actor_of(&invited(&ctx, &admin_user, "m@example.com", Role::Manager).await);
    let user = actor_of(&invited(&ctx, &admin_user, "u@example.com", Role::User).await);
    let account = accounts::create(&ctx, &user, account_input("Shared"))
        .await
        .expect("account");
    let mine = contacts::create(&ctx, &user, contact_input("Mine", Some(account.id.0)))
        .await
        .expect("user's contact");
    let theirs = contacts::create(&ctx, &manager, contact_input("Theirs", Some(account.id.0)))
        .await
        .expect("manager's contact");
    let of_account = ListQuery {
        parent: account.id.to_string(),
        ..ListQuery::default()
    };
    let seen = list_ids(&ctx, &user, RecordKind::Contact, &of_account).await;
    assert_eq!(
        seen,
        [mine.id.0],
        "the user sees only their own contact of the account"
    );
    let seen = list_ids(&ctx, &manager, RecordKind::Contact, &of_account).await;
    assert_eq!(seen.len(), 2);
    assert_eq!(mine.account.map(|a| a.name), Some("Shared".to_owned()));
    // Trashing the account leaves its contacts, without the link.
    actions::delete(&ctx, &user, RecordKind::Account, &[account.id.0])
        .await
        .expect("delete account");
    let again = contacts::get(&ctx, &manager, theirs.id)
        .await
        .expect("contact");
    assert_eq!(again.account, None);
}

/// Products are a catalog: everyone reads it, only managers and admins change it.
async fn catalog_matrix(ctx: Ctx) {
    let admin_user = first_admin(&ctx).await;
    let admin = actor_of(&admin_user);
    let manager = actor_of(&invited(&ctx, &admin_user, "m@example.com", Role::Manager).await);
    let user = actor_of(&invited(&ctx, &admin_user, "u@example.com", Role::User).await);
    let kind = RecordKind::Product;
    let r = products::create(&ctx, &user, product_input("Widget")).await;
    assert!(
        matches!(r, Err(CoreError::Forbidden)),
        "a user cannot add products: {r:?}"
    );
    let id = create(&ctx, &manager, kind, "Widget").await;
    let all = ListQuery::default();
    for (who, actor, changes) in [
        ("user", user, "forbidden"),
        ("manager", manager, "ok"),
        ("admin", admin, "ok"),
    ] {
        assert!(
            list_ids(&ctx, &actor, kind, &all).await.contains(&id),
            "{who}: list"
        );
        assert_eq!(
            outcome(get(&ctx, &actor, kind, id).await),
            "ok",
            "{who}: get"
        );
        assert_eq!(
            outcome(update(&ctx, &actor, kind, id).await),
            changes,
            "{who}: update"
        );
        let delete = actions::delete(&ctx, &actor, kind, &[id]).await;
        assert_eq!(outcome(delete), changes, "{who}: delete");
        if changes == "ok" {
            actions::restore(&ctx, &actor, kind, id)
                .await
                .expect("restore");
        }
        actions::delete(&ctx, &manager, kind, &[id])
            .await
            .expect("manager deletes");
        let restore = actions::restore(&ctx, &actor, kind, id).await;
        let restores = if changes == "ok" { "ok" } else { "not found" };
        assert_eq!(outcome(restore), restores, "{who}: restore");
        if changes != "ok" {
            actions::restore(&ctx, &manager, kind, id)
                .await
                .expect("manager restores");
        }
        let r = actions::set_watcher(&ctx, &actor, kind, id, actor.user_id, true).await;
        assert_eq!(outcome(r), changes, "{who}: watch");
    }
    let dup = products::create(
        &ctx,
        &manager,
        ProductInput {
            sku: Some("W-1".into()),
            ..product_input("Widget 2")
        },
    )
    .await
    .expect("sku");
    let Err(CoreError::Validation(fields)) = products::create(
        &ctx,
        &manager,
        ProductInput {
            sku: Some("W-1".into()),
            tax_rate: Some("120".into()),
            ..product_input("Widget 3")
        },
    )
    .await
    else {
        panic!("expected validation errors");
    };
    let keys: Vec<_> = fields
        .iter()
        .map(|f| (f.field.as_str(), f.key.as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("tax_rate", "validation-rate"),
            ("sku", "validation-sku-taken")
        ]
    );
    assert_eq!(dup.price.minor, 1999);
}

async fn line_items_total_the_deal(ctx: Ctx) {
    let admin_user = first_admin(&ctx).await;
    let manager = actor_of(&invited(&ctx, &admin_user, "m@example.com", Role::Manager).await);
    let owner = actor_of(&invited(&ctx, &admin_user, "o@example.com", Role::User).await);
    let watcher = actor_of(&invited(&ctx, &admin_user, "w@example.com", Role::User).await);
    let stranger = actor_of(&invited(&ctx, &admin_user, "s@example.com", Role::User).await);
    let product = products::create(&ctx, &manager, product_input("Widget"))
        .await
        .expect("product");
    let deal = opportunities::create(
        &ctx,
        &owner,
        OpportunityInput {
            amount: Some("5000".into()),
            ..deal_input("Globex expansion")
        },
    )
    .await
    .expect("deal");
    assert_eq!(
        deal.amount.minor, 500_000,
        "entered by hand while there are no lines"
    );
    assert_eq!(
        deal.stage.name, "New",
        "new deals start in the first open stage"
    );
    actions::set_watcher(
        &ctx,
        &owner,
        RecordKind::Opportunity,
        deal.id.0,
        watcher.user_id,
        true,
    )
    .await
    .expect("share");
    // A product line takes the product's name, price and tax rate (a typed command, as the
    // API sends it; the free-text line below comes from the form).
    let widgets = NewLineItem {
        product: Some(product.id),
        quantity_milli: Some(3_000),
        ..NewLineItem::default()
    };
    line_items::add(
        &ctx,
        &owner,
        RecordKind::Opportunity,
        deal.id.0,
        widgets.clone(),
    )
    .await
    .expect("widgets");
    // A free-text line by the watcher, with a 10 % discount.
    let setup = LineItemInput {
        description: "Setup".into(),
        unit_price: "500".into(),
        discount_kind: "percent".into(),
        discount: "10".into(),
        tax_rate: "19".into(),
        ..LineItemInput::default()
    };
    line_items::add(
        &ctx,
        &watcher,
        RecordKind::Opportunity,
        deal.id.0,
        setup.clone(),
    )
    .await
    .expect("setup");
    let lines = line_items::of_parent(&ctx, &owner, RecordKind::Opportunity, deal.id.0)
        .await
        .expect("lines");
    let totals = lines.totals;
    // 3 × 19.99 = 59.97 + 19 % = 71.36; 500 − 10 % = 450 + 19 % = 535.50.
    assert_eq!(
        (totals.net, totals.tax, totals.total),
        (50_997, 9_689, 60_686)
    );
    assert_eq!(lines.items[0].description, "Widget");
    let again = opportunities::get(&ctx, &owner, deal.id)
        .await
        .expect("deal");
    assert_eq!(
        again.amount.minor, 60_686,
        "the lines' total is the deal's amount"
    );
    assert!(again.has_lines);
    let history = actions::history(&ctx, &owner, RecordKind::Opportunity, deal.id.0)
        .await
        .expect("history");
    let latest: Vec<_> = history[0]
        .changes
        .iter()
        .map(|c| (c.field.as_str(), c.old.clone(), c.new.clone()))
        .collect();
    let setup_line = HistoryValue::Line {
        description: "Setup".into(),
        quantity: "1".into(),
        total: Money {
            minor: 53_550,
            currency: "EUR".into(),
            scale: 2,
        },
    };
    assert_eq!(
        latest,
        [
            ("line_items", None, Some(setup_line)),
            ("amount", euros(7_136), euros(60_686)),
        ]
    );
    // A stranger can neither see nor change the lines.
    let r = line_items::of_parent(&ctx, &stranger, RecordKind::Opportunity, deal.id.0).await;
    assert!(matches!(r, Err(CoreError::NotFound)), "{r:?}");
    let r = line_items::add(
        &ctx,
        &stranger,
        RecordKind::Opportunity,
        deal.id.0,
        widgets.clone(),
    )
    .await;
    assert!(matches!(r, Err(CoreError::NotFound)), "{r:?}");
    let first = lines.items[0].id;
    let r = line_items::remove(&ctx, &stranger, RecordKind::Opportunity, deal.id.0, first).await;
    assert!(matches!(r, Err(CoreError::NotFound)), "{r:?}");
    line_items::remove(&ctx, &owner, RecordKind::Opportunity, deal.id.0, first)
        .await
        .expect("remove");
    let after = opportunities::get(&ctx, &owner, deal.id)
        .await
        .expect("deal");
    assert_eq!(after.amount.minor, 53_550);
    // A patch changes only what it names, by the rules a new line follows; the deal's amount
    // follows it, and the history shows the line before and after.
    let setup_id = line_items::of_parent(&ctx, &owner, RecordKind::Opportunity, deal.id.0)
        .await
        .expect("lines")
        .items[0]
        .id;
    let on_deal = |who, patch| {
        line_items::update(
            &ctx,
            who,
            RecordKind::Opportunity,
            deal.id.0,
            setup_id,
            patch,
        )
    };
    let twice = LinePatch {
        quantity_milli: Some(2_000),
        ..LinePatch::default()
    };
    let r = on_deal(&stranger, twice.clone()).await;
    assert!(matches!(r, Err(CoreError::NotFound)), "{r:?}");
    let r = line_items::get(
        &ctx,
        &stranger,
        RecordKind::Opportunity,
        deal.id.0,
        setup_id,
    )
    .await;
    assert!(matches!(r, Err(CoreError::NotFound)), "{r:?}");
    let r = line_items::get(&ctx, &owner, RecordKind::Contract, deal.id.0, setup_id).await;
    assert!(
        matches!(r, Err(CoreError::NotFound)),
        "a line under another kind: {r:?}"
    );
    let zero = LinePatch {
        quantity_milli: Some(0),
        ..LinePatch::default()
    };
    let r = on_deal(&owner, zero).await;
    assert!(matches!(r, Err(CoreError::Validation(_))), "{r:?}");
    let line = on_deal(&owner, twice).await.expect("update");
    // 2 × 500 = 1,000 − 10 % = 900 + 19 % = 1,071.
    assert_eq!(
        (
            line.description.as_str(),
            line.quantity_milli,
            line.amounts.total
        ),
        ("Setup", 2_000, 107_100)
    );
    assert_eq!(
        line.discount,
        Some(Discount {
            kind: DiscountKind::Percent,
            value: 1_000
        })
    );
    let plain = LinePatch {
        discount: Patch::Clear,
        ..LinePatch::default()
    };
    let line = on_deal(&owner, plain).await.expect("no discount");
    assert_eq!((line.discount, line.amounts.total), (None, 119_000));
    let got = line_items::get(&ctx, &watcher, RecordKind::Opportunity, deal.id.0, setup_id)
        .await
        .expect("a watcher sees the line");
    assert_eq!(got, line);
    let now = opportunities::get(&ctx, &owner, deal.id)
        .await
        .expect("deal");
    assert_eq!(now.amount.minor, 119_000);
    let history = actions::history(&ctx, &owner, RecordKind::Opportunity, deal.id.0)
        .await
        .expect("history");
    let fields: Vec<_> = history[0]
        .changes
        .iter()
        .map(|c| c.field.as_str())
        .collect();
    assert_eq!(fields, ["line_items", "amount"]);
    // Other contacts: the owner links one; a stranger cannot, nor can a watcher link a
    // contact they cannot see.
    let person = contacts::create(&ctx, &owner, contact_input("Linked", None))
        .await
        .expect("contact");
    for who in [stranger, watcher] {
        let r = opportunities::set_contact(&ctx, &who, deal.id, person.id, true).await;
        assert!(matches!(r, Err(CoreError::NotFound)), "{r:?}");
    }
    opportunities::set_contact(&ctx, &owner, deal.id, person.id, true)
        .await
        .expect("link");
    let linked = opportunities::get(&ctx, &owner, deal.id)
        .await
        .expect("deal");
    assert_eq!(linked.contacts.len(), 1);
    assert_eq!(linked.contacts[0].name, "Grace Linked");
    let seen = opportunities::get(&ctx, &watcher, deal.id)
        .await
        .expect("deal");
    assert!(
        seen.contacts.is_empty(),
        "a contact the watcher may not see stays hidden"
    );
    // Bad lines report each field.
    let bad = LineItemInput {
        quantity: "0".into(),
        discount_kind: "percent".into(),
        discount: "150".into(),
        ..LineItemInput::default()
    };
    let Err(CoreError::Validation(fields)) =
        line_items::add(&ctx, &owner, RecordKind::Opportunity, deal.id.0, bad).await
    else {
        panic!("expected validation errors");
    };
    let keys = |fields: Vec<types::error::FieldError>| {
        let mut keys: Vec<_> = fields.into_iter().map(|f| (f.field, f.key)).collect();
        keys.sort();
        keys
    };
    let expected = [
        ("description", "validation-required"),
        ("discount", "validation-rate"),
        ("quantity", "validation-quantity"),
        ("unit_price", "validation-required"),
    ]
    .map(|(f, k)| (f.to_owned(), k.to_owned()));
    assert_eq!(keys(fields), expected);
    // The same line as a typed command is refused with the same errors.
    let bad = NewLineItem {
        quantity_milli: Some(0),
        discount: Some(LineDiscount::Percent(15_000)),
        ..NewLineItem::default()
    };
    let Err(CoreError::Validation(fields)) =
        line_items::add(&ctx, &owner, RecordKind::Opportunity, deal.id.0, bad).await
    else {
        panic!("expected validation errors");
    };
    assert_eq!(keys(fields), expected);
    // Moving the deal to another stage restarts its clock and shows in the history.
    let stages = core_svc::services::lookups::stages(&ctx, &owner)
        .await
        .expect("stages");
    let offer = stages.iter().find(|s| s.name == "Offer").expect("offer");
    let moved = opportunities::update(
        &ctx,
        &owner,
        deal.id,
        OpportunityInput {
            stage: Some(offer.id.to_string()),
            ..deal_input("Globex expansion")
        },
    )
    .await
    .expect("move");
    assert_eq!(moved.stage.name, "Offer");
    assert!(moved.stage_entered_at > deal.stage_entered_at);
    assert_eq!(
        moved.amount.minor, 119_000,
        "the form does not override the lines' total"
    );
    // ...nor the currency the lines are priced in.
    let Err(CoreError::Validation(fields)) = opportunities::update(
        &ctx,
        &owner,
        deal.id,
        OpportunityInput {
            currency: Some("USD".into()),
            ..deal_input("Globex expansion")
        },
    )
    .await
    else {
        panic!("expected the currency to be refused");
    };
    assert_eq!(
        (fields[0].field.as_str(), fields[0].key.as_str()),
        ("currency", "validation-currency-has-lines")
    );
    // Contracts take line items the same way; their value follows the lines.
    let contract = contracts::create(
        &ctx,
        &owner,
        ContractInput {
            value: Some("100".into()),
            start_date: Some("2027-01-01".into()),
            end_date: Some("2027-12-31".into()),
            ..contract_input("Globex 2027")
        },
    )
    .await
    .expect("contract");
    assert_eq!(contract.value.minor, 10_000);
    line_items::add(&ctx, &owner, RecordKind::Contract, contract.id.0, setup)
        .await
        .expect("contract line");
    let signed = contracts::get(&ctx, &owner, contract.id)
        .await
        .expect("contract");
    assert_eq!((signed.value.minor, signed.has_lines), (53_550, true));
    let r = line_items::add(&ctx, &owner, RecordKind::Account, deal.id.0, widgets).await;
    assert!(
        matches!(r, Err(CoreError::NotFound)),
        "accounts have no lines: {r:?}"
    );
    let backwards = ContractInput {
        start_date: Some("2027-12-31".into()),
        end_date: Some("2027-01-01".into()),
        ..contract_input("Backwards")
    };
    let Err(CoreError::Validation(fields)) = contracts::create(&ctx, &owner, backwards).await
    else {
        panic!("expected a date error");
    };
    assert_eq!(fields[0].key, "validation-end-before-start");
}

/// A call logged on a contact shows on the contact's and its account's timelines; tasks
/// about a record, assigned to a colleague, with comments and completion.
async fn timeline_and_tasks(ctx: Ctx) {
    let admin_user = first_admin(&ctx).await;
    let manager = actor_of(&invited(&ctx, &admin_user, "m@example.com", Role::Manager).await);
    let owner = actor_of(&invited(&ctx, &admin_user, "o@example.com", Role::User).await);
    let colleague = actor_of(&invited(&ctx, &admin_user, "c@example.com", Role::User).await);
    let stranger = actor_of(&invited(&ctx, &admin_user, "s@example.com", Role::User).await);
    let account = accounts::create(&ctx, &owner, account_input("Globex"))
        .await
        .expect("account");
    let contact = contacts::create(&ctx, &owner, contact_input("Hopper", Some(account.id.0)))
        .await
        .expect("contact");
    let on_contact = RecordKind::Contact.reference(contact.id);
    let call = activities::create(
        &ctx,
        &owner,
        ActivityInput {
            occurred_at: Some("2026-11-20T09:30".into()),
            duration_minutes: Some("25".into()),
            ..activity_input("Discovery call", &on_contact)
        },
    )
    .await
    .expect("call");
    assert_eq!(call.occurred_at.hour(), 9);
    let titles: Vec<_> = call.links.iter().map(|l| l.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Globex", "Grace Hopper"],
        "linked to the contact and its account"
    );
    let timeline = |who: Actor, parent: String| {
        let ctx = ctx.clone();
        async move {
            let q = ListQuery {
                parent,
                ..ListQuery::default()
            };
            activities::list(&ctx, &who, &req(&q))
                .await
                .map(|p| p.items)
        }
    };
    let on_account = RecordKind::Account.reference(account.id);
    let entries = timeline(owner, on_account.clone())
        .await
        .expect("account timeline");
    assert_eq!(
        entries
            .iter()
            .map(|e| e.subject.as_str())
            .collect::<Vec<_>>(),
        ["Discovery call"]
    );
    assert_eq!(
        timeline(manager, on_contact.clone())
            .await
            .expect("manager")
            .len(),
        1
    );
    let r = timeline(stranger, on_account.clone()).await;
    assert!(matches!(r, Err(CoreError::NotFound)), "{r:?}");
    let r = activities::create(&ctx, &stranger, activity_input("Sneaky", &on_account)).await;
    assert!(matches!(r, Err(CoreError::NotFound)), "{r:?}");
    let bad = ActivityInput {
        kind: Some("telegram".into()),
        occurred_at: Some("yesterday".into()),
        duration_minutes: Some("5000".into()),
        ..activity_input(" ", "")
    };
    let Err(CoreError::Validation(fields)) = activities::create(&ctx, &owner, bad).await else {
        panic!("expected validation errors");
    };
    let mut keys: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
    keys.sort();
    assert_eq!(keys, ["duration_minutes", "kind", "occurred_at", "subject"]);

    // One more link, to a deal: its timeline shows the call; strangers cannot link.
    let deal = opportunities::create(&ctx, &owner, deal_input("Globex pilot"))
        .await
        .expect("deal");
    let on_deal = RecordKind::Opportunity.reference(deal.id);
    let deal_link = Link {
        kind: RecordKind::Opportunity,
        id: deal.id.0,
    };
    let r = activities::set_link(&ctx, &stranger, call.id, deal_link, true).await;
    assert!(matches!(r, Err(CoreError::NotFound)), "{r:?}");
    let r = activities::set_link(&ctx, &manager, call.id, deal_link, true).await;
    assert!(r.is_ok(), "managers edit every activity: {r:?}");
    assert_eq!(
        timeline(owner, on_deal.clone())
            .await
            .expect("deal timeline")
            .len(),
        1
    );
    activities::set_link(&ctx, &owner, call.id, deal_link, false)
        .await
        .expect("unlink");
    assert!(
        timeline(owner, on_deal)
            .await
            .expect("deal timeline")
            .is_empty()
    );
    // A task about the account, assigned to a colleague: both see it, the stranger does not.
    let task = tasks::create(
        &ctx,
        &owner,
        TaskInput {
            linked: Some(on_account.clone()),
            owner: Some(colleague.user_id.to_string()),
            due_date: Some("2026-12-01".into()),
            ..task_input("Send the proposal")
        },
    )
    .await
    .expect("task");
    assert_eq!(task.owner.id, colleague.user_id);
    assert_eq!(
        task.linked.as_ref().map(|l| l.title.as_str()),
        Some("Globex")
    );
    let about = ListQuery {
        parent: on_account.clone(),
        ..ListQuery::default()
    };
    for who in [owner, colleague, manager] {
        assert_eq!(
            tasks::list(&ctx, &who, &req(&about))
                .await
                .expect("tasks")
                .items
                .len(),
            1
        );
    }
    assert!(
        tasks::list(&ctx, &stranger, &req(&about))
            .await
            .expect("tasks")
            .items
            .is_empty()
    );
    let r = tasks::comment(&ctx, &stranger, task.id, "Me too").await;
    assert!(matches!(r, Err(CoreError::NotFound)), "{r:?}");
    tasks::comment(&ctx, &colleague, task.id, "On it")
        .await
        .expect("comment");
    let done = tasks::update(
        &ctx,
        &colleague,
        task.id,
        TaskInput {
            status: Some("done".into()),
            ..task_input("Send the proposal")
        },
    )
    .await
    .expect("done");
    assert_eq!(done.status, TaskStatus::Done);
    assert!(done.done_at.is_some());
    assert_eq!(done.comments.len(), 1);
    assert_eq!(
        done.comments[0].author.as_deref(),
        Some("User c@example.com")
    );
    let reopen = TaskInput {
        status: Some("open".into()),
        ..task_input("Send the proposal")
    };
    let reopened = tasks::update(&ctx, &colleague, task.id, reopen)
        .await
        .expect("reopen");
    assert_eq!(
        (reopened.status, reopened.done_at),
        (TaskStatus::Open, None)
    );
    let r = tasks::create(
        &ctx,
        &stranger,
        TaskInput {
            linked: Some(on_account),
            ..task_input("Sneaky")
        },
    )
    .await;
    assert!(matches!(r, Err(CoreError::NotFound)), "{r:?}");
}

/// Names of users and pick-list values are kept for a few seconds per node
/// (`records::names`); a rename on this node shows at once, in lists and on record pages.
async fn names_follow_a_rename_at_once(ctx: Ctx) {
    use core_svc::services::{lookups, users};
    use types::dto::lookups::LookupKind;
    let admin = first_admin(&ctx).await;
    let a = actor_of(&admin);
    let industry = lookups::create_value(&ctx, &a, LookupKind::Industry, "Shipping")
        .await
        .expect("value");
    let with_industry = AccountInput {
        industry: Some(industry.id.to_string()),
        ..account_input("Maersk")
    };
    let account = accounts::create(&ctx, &a, with_industry)
        .await
        .expect("account");
    let shown = |ctx: Ctx| async move {
        let page = accounts::list(&ctx, &a, &req(&ListQuery::default()))
            .await
            .expect("list");
        let detail = accounts::get(&ctx, &a, account.id).await.expect("get");
        let row = page.items.first().expect("one row");
        (
            row.industry.clone(),
            row.owner.clone(),
            detail.industry.map(|i| i.name),
            detail.owner.name,
        )
    };
    let before = shown(ctx.clone()).await;
    assert_eq!(
        before,
        (
            Some("Shipping".to_owned()),
            admin.name.clone(),
            Some("Shipping".to_owned()),
            admin.name.clone()
        )
    );
    lookups::rename_value(&ctx, &a, industry.id, "Logistics")
        .await
        .expect("rename");
    let profile = users::ProfileInput {
        name: "Ada Renamed".into(),
        lang: admin.lang,
        theme: admin.theme,
        currency: String::new(),
    };
    users::update_profile(&ctx, &a, profile)
        .await
        .expect("profile");
    let logistics = Some("Logistics".to_owned());
    let renamed = "Ada Renamed".to_owned();
    assert_eq!(
        shown(ctx.clone()).await,
        (logistics.clone(), renamed.clone(), logistics, renamed)
    );
}

on_both!(
    timeline_and_tasks,
    catalog_matrix,
    line_items_total_the_deal,
    visibility_matrix,
    keyset_pages_sort_and_filter,
    validation_reports_every_field,
    history_shows_field_changes,
    related_contacts_follow_visibility,
    names_follow_a_rename_at_once,
);
