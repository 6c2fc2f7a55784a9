//! The one write path, on both databases: typed patches change exactly the fields they name
//! (and `null` clears), a stale version is a conflict, every create, update, delete and
//! restore emits exactly one domain event with the changed fields, and a watcher's save
//! never touches a link they cannot see.

mod common;

use common::{actor_of, first_admin, invited};
use core_svc::events::{Envelope, Event};
use core_svc::records::actions;
use core_svc::services::{
    accounts, activities, contacts, contracts, leads, opportunities, products, tasks,
};
use core_svc::{Actor, CoreError, Ctx};
use entity::jobs as rows;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use time::macros::date;
use types::dto::accounts::{AccountPatch, NewAccount};
use types::dto::activities::{ActivityKind, ActivityPatch, NewActivity};
use types::dto::auth::Role;
use types::dto::contacts::{ContactPatch, NewContact};
use types::dto::contracts::{ContractPatch, ContractStatus, NewContract};
use types::dto::leads::{LeadPatch, NewLead};
use types::dto::opportunities::{NewOpportunity, OpportunityInput, OpportunityPatch};
use types::dto::products::{NewProduct, ProductPatch};
use types::dto::records::RecordKind;
use types::dto::tasks::{NewTask, TaskPatch, TaskPriority};
use types::patch::Patch;
use uuid::Uuid;

fn deal(name: &str) -> NewOpportunity {
    NewOpportunity {
        name: name.into(),
        amount: Some("1200".into()),
        currency: Some("EUR".into()),
        close_date: Some(date!(2027 - 03 - 31)),
        next_step: Some("Send the offer".into()),
        description: Some("Two teams".into()),
        ..NewOpportunity::default()
    }
}

/// Each kind: a patch of one field leaves every other field as it was, and `null` empties an
/// optional field.
async fn patches_change_only_what_they_name(ctx: Ctx) {
    let admin = actor_of(&first_admin(&ctx).await);

    let before = accounts::create(
        &ctx,
        &admin,
        NewAccount {
            name: "Acme".into(),
            website: Some("acme.example".into()),
            phone: Some("+1 555 0100".into()),
            annual_revenue: Some("1000".into()),
            currency: Some("EUR".into()),
            ..NewAccount::default()
        },
    )
    .await
    .expect("account");
    let phone = AccountPatch {
        phone: Patch::Set("+1 555 0199".into()),
        ..AccountPatch::default()
    };
    let after = accounts::update(&ctx, &admin, before.id, phone)
        .await
        .expect("patch");
    let mut want = before.clone();
    want.phone = Some("+1 555 0199".into());
    want.updated_at = after.updated_at;
    assert_eq!(after, want, "only the phone changed");
    let clear = AccountPatch {
        website: Patch::Clear,
        ..AccountPatch::default()
    };
    let cleared = accounts::update(&ctx, &admin, before.id, clear)
        .await
        .expect("clear");
    assert_eq!((cleared.website, cleared.phone), (None, want.phone));
    assert_eq!(cleared.annual_revenue, want.annual_revenue);

    let before = contacts::create(
        &ctx,
        &admin,
        NewContact {
            first_name: Some("Grace".into()),
            last_name: "Hopper".into(),
            email: Some("grace@acme.example".into()),
            position: Some("Admiral".into()),
            ..NewContact::default()
        },
    )
    .await
    .expect("contact");
    let patch = ContactPatch {
        position: Patch::Set("Rear admiral".into()),
        ..ContactPatch::default()
    };
    let after = contacts::update(&ctx, &admin, before.id, patch)
        .await
        .expect("patch");
    let mut want = before.clone();
    want.position = Some("Rear admiral".into());
    want.updated_at = after.updated_at;
    assert_eq!(after, want);
    let clear = ContactPatch {
        email: Patch::Clear,
        ..ContactPatch::default()
    };
    let cleared = contacts::update(&ctx, &admin, before.id, clear)
        .await
        .expect("clear");
    assert_eq!((cleared.email, cleared.position), (None, want.position));

    let before = leads::create(
        &ctx,
        &admin,
        NewLead {
            last_name: "Lovelace".into(),
            company: Some("Engines".into()),
            email: Some("ada@engines.example".into()),
            ..NewLead::default()
        },
    )
    .await
    .expect("lead");
    let patch = LeadPatch {
        job_title: Patch::Set("Analyst".into()),
        ..LeadPatch::default()
    };
    let after = leads::update(&ctx, &admin, before.id, patch)
        .await
        .expect("patch");
    let mut want = before.clone();
    want.job_title = Some("Analyst".into());
    want.updated_at = after.updated_at;
    assert_eq!(after, want);
    let clear = LeadPatch {
        company: Patch::Clear,
        ..LeadPatch::default()
    };
    let cleared = leads::update(&ctx, &admin, before.id, clear)
        .await
        .expect("clear");
    assert_eq!((cleared.company, cleared.email), (None, want.email));

    let before = opportunities::create(&ctx, &admin, deal("Pilot"))
        .await
        .expect("deal");
    let patch = OpportunityPatch {
        next_step: Patch::Set("Call the CFO".into()),
        ..OpportunityPatch::default()
    };
    let after = opportunities::update(&ctx, &admin, before.id, patch)
        .await
        .expect("patch");
    let mut want = before.clone();
    want.next_step = Some("Call the CFO".into());
    want.updated_at = after.updated_at;
    assert_eq!(after, want);
    let clear = OpportunityPatch {
        description: Patch::Clear,
        ..OpportunityPatch::default()
    };
    let cleared = opportunities::update(&ctx, &admin, before.id, clear)
        .await
        .expect("clear");
    assert_eq!((cleared.description, cleared.amount), (None, want.amount));

    let before = contracts::create(
        &ctx,
        &admin,
        NewContract {
            title: "Support".into(),
            value: Some("500".into()),
            currency: Some("EUR".into()),
            start_date: Some(date!(2027 - 01 - 01)),
            description: Some("Gold".into()),
            ..NewContract::default()
        },
    )
    .await
    .expect("contract");
    let patch = ContractPatch {
        status: Some(ContractStatus::Signed),
        ..ContractPatch::default()
    };
    let after = contracts::update(&ctx, &admin, before.id, patch)
        .await
        .expect("patch");
    let mut want = before.clone();
    want.status = ContractStatus::Signed;
    want.updated_at = after.updated_at;
    assert_eq!(after, want);
    let clear = ContractPatch {
        start_date: Patch::Clear,
        ..ContractPatch::default()
    };
    let cleared = contracts::update(&ctx, &admin, before.id, clear)
        .await
        .expect("clear");
    assert_eq!(
        (cleared.start_date, cleared.description),
        (None, want.description)
    );

    let before = products::create(
        &ctx,
        &admin,
        NewProduct {
            name: "Widget".into(),
            sku: Some("W-1".into()),
            price: Some("9.50".into()),
            currency: Some("EUR".into()),
            unit: Some("piece".into()),
            ..NewProduct::default()
        },
    )
    .await
    .expect("product");
    let patch = ProductPatch {
        tax_rate: Patch::Set(700),
        ..ProductPatch::default()
    };
    let after = products::update(&ctx, &admin, before.id, patch)
        .await
        .expect("patch");
    let mut want = before.clone();
    want.tax_rate_bp = 700;
    want.updated_at = after.updated_at;
    assert_eq!(after, want);
    let clear = ProductPatch {
        unit: Patch::Clear,
        ..ProductPatch::default()
    };
    let cleared = products::update(&ctx, &admin, before.id, clear)
        .await
        .expect("clear");
    assert_eq!((cleared.unit, cleared.sku), (None, want.sku));

    let before = tasks::create(
        &ctx,
        &admin,
        NewTask {
            title: "Call back".into(),
            body: Some("About the pilot".into()),
            due_date: Some(date!(2027 - 02 - 01)),
            ..NewTask::default()
        },
    )
    .await
    .expect("task");
    let patch = TaskPatch {
        priority: Some(TaskPriority::High),
        ..TaskPatch::default()
    };
    let after = tasks::update(&ctx, &admin, before.id, patch)
        .await
        .expect("patch");
    let mut want = before.clone();
    want.priority = TaskPriority::High;
    want.updated_at = after.updated_at;
    assert_eq!(after, want);
    let clear = TaskPatch {
        due_date: Patch::Clear,
        ..TaskPatch::default()
    };
    let cleared = tasks::update(&ctx, &admin, before.id, clear)
        .await
        .expect("clear");
    assert_eq!((cleared.due_date, cleared.body), (None, want.body));

    let before = activities::create(
        &ctx,
        &admin,
        NewActivity {
            kind: Some(ActivityKind::Call),
            subject: "Intro call".into(),
            duration_minutes: Some(30),
            outcome: Some("Interested".into()),
            ..NewActivity::default()
        },
    )
    .await
    .expect("activity");
    let patch = ActivityPatch {
        body: Patch::Set("They want a demo".into()),
        ..ActivityPatch::default()
    };
    let after = activities::update(&ctx, &admin, before.id, patch)
        .await
        .expect("patch");
    let mut want = before.clone();
    want.body = Some("They want a demo".into());
    want.updated_at = after.updated_at;
    assert_eq!(after, want);
    let clear = ActivityPatch {
        duration_minutes: Patch::Clear,
        ..ActivityPatch::default()
    };
    let cleared = activities::update(&ctx, &admin, before.id, clear)
        .await
        .expect("clear");
    assert_eq!(
        (cleared.duration_minutes, cleared.outcome),
        (None, want.outcome)
    );
}

/// A change based on an older version of the record is refused, never a silent overwrite.
async fn stale_versions_conflict(ctx: Ctx) {
    let admin = actor_of(&first_admin(&ctx).await);
    let made = accounts::create(
        &ctx,
        &admin,
        NewAccount {
            name: "Acme".into(),
            ..NewAccount::default()
        },
    )
    .await
    .expect("account");
    let first = AccountPatch {
        phone: Patch::Set("+1 555 0100".into()),
        updated_at: Some(made.updated_at),
        ..AccountPatch::default()
    };
    let saved = accounts::update(&ctx, &admin, made.id, first)
        .await
        .expect("based on the current version");
    let second = AccountPatch {
        phone: Patch::Set("+1 555 0199".into()),
        updated_at: Some(made.updated_at),
        ..AccountPatch::default()
    };
    let r = accounts::update(&ctx, &admin, made.id, second.clone()).await;
    assert!(
        matches!(r, Err(CoreError::Conflict("error-stale"))),
        "{r:?}"
    );
    let kept = accounts::get(&ctx, &admin, made.id).await.expect("get");
    assert_eq!(
        kept.phone.as_deref(),
        Some("+1 555 0100"),
        "nothing was overwritten"
    );
    let fresh = AccountPatch {
        updated_at: Some(saved.updated_at),
        ..second
    };
    accounts::update(&ctx, &admin, made.id, fresh)
        .await
        .expect("based on what is there now");
}

/// The events in the outbox about one record, oldest first.
async fn events_of(ctx: &Ctx, id: Uuid) -> Vec<Event> {
    rows::Entity::find()
        .filter(rows::Column::Queue.eq(core_svc::jobs::EVENTS))
        .order_by_asc(rows::Column::Id)
        .all(&ctx.db)
        .await
        .expect("events")
        .into_iter()
        .filter_map(|j| serde_json::from_str::<Envelope>(&j.payload).ok())
        .map(|e| e.event)
        .filter(|e| match e {
            Event::RecordCreated { id: r, .. }
            | Event::RecordUpdated { id: r, .. }
            | Event::RecordDeleted { id: r, .. }
            | Event::RecordRestored { id: r, .. }
            | Event::StageChanged { id: r, .. }
            | Event::LeadConverted { id: r, .. } => *r == id,
        })
        .collect()
}

/// Creates one record of `kind` and changes one field of it; returns its id and the field.
async fn create_and_change(ctx: &Ctx, actor: &Actor, kind: RecordKind) -> (Uuid, &'static str) {
    let text = |s: &str| Patch::Set(s.to_owned());
    match kind {
        RecordKind::Account => {
            let a = accounts::create(
                ctx,
                actor,
                NewAccount {
                    name: "E".into(),
                    ..NewAccount::default()
                },
            );
            let id = a.await.expect("create").id;
            let p = AccountPatch {
                phone: text("+1 555 0100"),
                ..AccountPatch::default()
            };
            accounts::update(ctx, actor, id, p).await.expect("update");
            (id.0, "phone")
        }
        RecordKind::Contact => {
            let c = contacts::create(
                ctx,
                actor,
                NewContact {
                    last_name: "E".into(),
                    ..NewContact::default()
                },
            );
            let id = c.await.expect("create").id;
            let p = ContactPatch {
                position: text("CTO"),
                ..ContactPatch::default()
            };
            contacts::update(ctx, actor, id, p).await.expect("update");
            (id.0, "position")
        }
        RecordKind::Lead => {
            let l = leads::create(
                ctx,
                actor,
                NewLead {
                    last_name: "E".into(),
                    ..NewLead::default()
                },
            );
            let id = l.await.expect("create").id;
            let p = LeadPatch {
                company: text("Initech"),
                ..LeadPatch::default()
            };
            leads::update(ctx, actor, id, p).await.expect("update");
            (id.0, "company")
        }
        RecordKind::Opportunity => {
            let id = opportunities::create(ctx, actor, deal("E"))
                .await
                .expect("create")
                .id;
            let p = OpportunityPatch {
                next_step: text("Demo"),
                ..OpportunityPatch::default()
            };
            opportunities::update(ctx, actor, id, p)
                .await
                .expect("update");
            (id.0, "next_step")
        }
        RecordKind::Contract => {
            let new = NewContract {
                title: "E".into(),
                currency: Some("EUR".into()),
                ..NewContract::default()
            };
            let id = contracts::create(ctx, actor, new).await.expect("create").id;
            let p = ContractPatch {
                description: text("Gold"),
                ..ContractPatch::default()
            };
            contracts::update(ctx, actor, id, p).await.expect("update");
            (id.0, "description")
        }
        RecordKind::Product => {
            let new = NewProduct {
                name: "E".into(),
                price: Some("1".into()),
                currency: Some("EUR".into()),
                ..NewProduct::default()
            };
            let id = products::create(ctx, actor, new).await.expect("create").id;
            let p = ProductPatch {
                unit: text("box"),
                ..ProductPatch::default()
            };
            products::update(ctx, actor, id, p).await.expect("update");
            (id.0, "unit")
        }
        RecordKind::Task => {
            let id = tasks::create(
                ctx,
                actor,
                NewTask {
                    title: "E".into(),
                    ..NewTask::default()
                },
            )
            .await
            .expect("create")
            .id;
            let p = TaskPatch {
                body: text("Soon"),
                ..TaskPatch::default()
            };
            tasks::update(ctx, actor, id, p).await.expect("update");
            (id.0, "body")
        }
        RecordKind::Activity => {
            let new = NewActivity {
                subject: "E".into(),
                ..NewActivity::default()
            };
            let id = activities::create(ctx, actor, new)
                .await
                .expect("create")
                .id;
            let p = ActivityPatch {
                outcome: text("Good"),
                ..ActivityPatch::default()
            };
            activities::update(ctx, actor, id, p).await.expect("update");
            (id.0, "outcome")
        }
    }
}

/// Every kind's create, update, delete and restore writes exactly one event each, of the
/// right type, the update naming the field it changed; a deal's move names its stages too.
async fn every_change_emits_one_event(ctx: Ctx) {
    let admin = actor_of(&first_admin(&ctx).await);
    for kind in RecordKind::ALL {
        let (id, field) = create_and_change(&ctx, &admin, kind).await;
        actions::delete(&ctx, &admin, kind, &[id])
            .await
            .expect("delete");
        actions::restore(&ctx, &admin, kind, id)
            .await
            .expect("restore");
        assert_eq!(
            events_of(&ctx, id).await,
            [
                Event::RecordCreated { kind, id },
                Event::RecordUpdated {
                    kind,
                    id,
                    fields: vec![field.to_owned()],
                },
                Event::RecordDeleted { kind, id },
                Event::RecordRestored { kind, id },
            ],
            "{kind:?}"
        );
    }
    let d = opportunities::create(&ctx, &admin, deal("Mover"))
        .await
        .expect("deal");
    let stages = core_svc::services::lookups::stages(&ctx, &admin)
        .await
        .expect("stages");
    let next = &stages[1];
    opportunities::move_stage(&ctx, &admin, d.id, next.id, "")
        .await
        .expect("move");
    let events = events_of(&ctx, d.id.0).await;
    assert_eq!(events.len(), 3, "{events:?}");
    assert!(
        matches!(&events[1], Event::RecordUpdated { fields, .. } if fields.contains(&"stage".to_owned()))
    );
    assert_eq!(
        events[2],
        Event::StageChanged {
            id: d.id.0,
            from: d.stage.id,
            to: next.id
        }
    );
    // Nothing changed, nothing announced.
    let same = OpportunityPatch {
        name: Some("Mover".into()),
        ..OpportunityPatch::default()
    };
    opportunities::update(&ctx, &admin, d.id, same)
        .await
        .expect("no-op");
    assert_eq!(events_of(&ctx, d.id.0).await.len(), 3);
}

/// A deal's watcher saving its form (which, for an account and contact they may not see,
/// sends no such fields) leaves those links alone; clearing them outright is refused; and the
/// owner's history shows no change to them.
async fn a_watchers_save_keeps_links_they_cannot_see(ctx: Ctx) {
    let admin = first_admin(&ctx).await;
    let owner = actor_of(&invited(&ctx, &admin, "o@example.com", Role::User).await);
    let watcher = actor_of(&invited(&ctx, &admin, "w@example.com", Role::User).await);
    let acme = accounts::create(
        &ctx,
        &owner,
        NewAccount {
            name: "Acme Hidden".into(),
            ..NewAccount::default()
        },
    )
    .await
    .expect("account");
    let person = contacts::create(
        &ctx,
        &owner,
        NewContact {
            last_name: "Hidden".into(),
            account: Some(acme.id),
            ..NewContact::default()
        },
    )
    .await
    .expect("contact");
    let made = opportunities::create(
        &ctx,
        &owner,
        NewOpportunity {
            account: Some(acme.id),
            contact: Some(person.id),
            ..deal("Shared deal")
        },
    )
    .await
    .expect("deal");
    actions::set_watcher(
        &ctx,
        &owner,
        RecordKind::Opportunity,
        made.id.0,
        watcher.user_id,
        true,
    )
    .await
    .expect("share the deal only");
    let seen = opportunities::get(&ctx, &watcher, made.id)
        .await
        .expect("watcher sees the deal");
    assert!(seen.account.is_none() && seen.account_hidden && seen.contact_hidden);

    // The form as the watcher's page renders it: no account or contact field.
    let form = OpportunityInput {
        name: Some(seen.name.clone()),
        amount: Some("1500".into()),
        currency: Some("EUR".into()),
        close_date: Some(seen.close_date.to_string()),
        stage: Some(seen.stage.id.to_string()),
        next_step: Some("Follow up".into()),
        updated_at: Some(types::form::version_text(seen.updated_at)),
        ..OpportunityInput::default()
    };
    opportunities::update(&ctx, &watcher, made.id, form)
        .await
        .expect("the watcher saves");
    let now = opportunities::get(&ctx, &owner, made.id)
        .await
        .expect("owner's view");
    assert_eq!(
        now.account.map(|a| a.id),
        Some(acme.id),
        "the account link stays"
    );
    assert_eq!(
        now.contact.map(|c| c.id),
        Some(person.id),
        "the contact link stays"
    );
    assert_eq!(now.amount.minor, 150_000);

    // An old form that sends the hidden fields empty cannot wipe them either.
    let wipe = OpportunityPatch {
        account: Patch::Clear,
        contact: Patch::Clear,
        ..OpportunityPatch::default()
    };
    let Err(CoreError::Validation(fields)) =
        opportunities::update(&ctx, &watcher, made.id, wipe).await
    else {
        panic!("clearing a hidden link must be refused");
    };
    let keys: Vec<_> = fields
        .iter()
        .map(|f| (f.field.as_str(), f.key.as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("account", "validation-link-hidden"),
            ("contact", "validation-link-hidden")
        ]
    );
    let history = actions::history(&ctx, &owner, RecordKind::Opportunity, made.id.0)
        .await
        .expect("history");
    assert!(
        history
            .iter()
            .flat_map(|h| &h.changes)
            .filter(|c| c.field == "account" || c.field == "contact")
            .all(|c| c.old.is_none()),
        "the only link changes on record are the ones the deal was created with"
    );
}

on_both!(
    patches_change_only_what_they_name,
    stale_versions_conflict,
    every_change_emits_one_event,
    a_watchers_save_keeps_links_they_cannot_see,
);

/// On SQLite a write transaction holds the write lock from its start: another connection that
/// commits meanwhile waits for it, instead of making the transaction's first write after a
/// read fail (`SQLITE_BUSY_SNAPSHOT`), which the job worker's writes used to cause.
#[tokio::test]
async fn sqlite_write_transactions_never_fail_on_a_concurrent_commit() {
    use sea_orm::ConnectionTrait;
    let (db, _dir) = common::sqlite_file().await;
    let ctx = db.ctx.clone();
    let txn = ctx.begin().await.expect("begin");
    txn.execute_unprepared("SELECT count(*) FROM users")
        .await
        .expect("a read first");
    let other = ctx.clone();
    let writer = tokio::spawn(async move {
        other
            .db
            .execute_unprepared("INSERT INTO app_settings (key, value) VALUES ('other', '1')")
            .await
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(!writer.is_finished(), "the other writer waits for the lock");
    txn.execute_unprepared("INSERT INTO app_settings (key, value) VALUES ('mine', '1')")
        .await
        .expect("the write after a read goes through");
    txn.commit().await.expect("commit");
    writer
        .await
        .expect("join")
        .expect("then the other writes too");
    db.cleanup().await;
}
