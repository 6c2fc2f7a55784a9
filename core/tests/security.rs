//! Regression tests for the indirect paths an outside review found around record visibility:
//! a sales rep probing a colleague's records through sort orders, cursors, history,
//! activity links, restore, watchers and the user picker. Each failed before its fix.

mod common;

use common::{actor_of, first_admin, invited, req};
use core_svc::records::actions;
use core_svc::services::{accounts, activities, contacts, dashboard, opportunities, pipeline};
use core_svc::{Actor, CoreError, Ctx};
use types::dto::accounts::{AccountFilter, AccountInput};
use types::dto::activities::ActivityInput;
use types::dto::auth::Role;
use types::dto::contacts::ContactInput;
use types::dto::list::{Common, ListRequest};
use types::dto::opportunities::OpportunityInput;
use types::dto::pipeline::BoardFilter;
use types::dto::records::{HistoryValue, ListQuery, RecordKind};
use types::ids::AccountId;

struct Team {
    admin: Actor,
    /// A rep who watches what they are shown, owning nothing.
    watcher: Actor,
    manager: Actor,
    rep: Actor,
    other: Actor,
}

async fn team(ctx: &Ctx) -> Team {
    let admin = first_admin(ctx).await;
    Team {
        admin: actor_of(&admin),
        watcher: actor_of(&invited(ctx, &admin, "watcher@example.com", Role::User).await),
        manager: actor_of(&invited(ctx, &admin, "m@example.com", Role::Manager).await),
        rep: actor_of(&invited(ctx, &admin, "rep@example.com", Role::User).await),
        other: actor_of(&invited(ctx, &admin, "other@example.com", Role::User).await),
    }
}

async fn account(ctx: &Ctx, owner: &Actor, name: &str) -> AccountId {
    accounts::create(
        ctx,
        owner,
        AccountInput {
            name: Some(name.into()),
            ..AccountInput::default()
        },
    )
    .await
    .expect("account")
    .id
}

fn sorted(sort: &str, dir: &str) -> ListQuery {
    ListQuery {
        sort: sort.into(),
        dir: dir.into(),
        ..ListQuery::default()
    }
}

/// Sorting by a linked account's name orders the rows the viewer may see by the names they
/// may see: accounts hidden from them sort as "no account", whatever they are called.
async fn linked_name_sorts_see_only_visible_names(ctx: Ctx) {
    let t = team(&ctx).await;
    let zed = account(&ctx, &t.other, "Zed Corp").await;
    let abe = account(&ctx, &t.other, "Abe Inc").await;
    // The manager files a contact for the rep under each of the colleague's accounts.
    for (last, account) in [("First", zed), ("Second", abe)] {
        contacts::create(
            &ctx,
            &t.manager,
            ContactInput {
                last_name: Some(last.into()),
                account: Some(account.to_string()),
                owner: Some(t.rep.user_id.to_string()),
                ..ContactInput::default()
            },
        )
        .await
        .expect("contact");
    }
    let names = |q: ListQuery, who: Actor| {
        let ctx = ctx.clone();
        async move {
            contacts::list(&ctx, &who, &req(&q))
                .await
                .expect("list")
                .items
                .into_iter()
                .map(|r| r.name)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        names(sorted("account", ""), t.manager).await,
        ["Second", "First"],
        "the manager sees both names and sorts by them"
    );
    assert_eq!(
        names(sorted("account", ""), t.rep).await,
        ["First", "Second"],
        "for the rep both accounts are hidden, so the rows keep their creation order"
    );
    assert_eq!(
        names(sorted("account", "desc"), t.rep).await,
        ["Second", "First"]
    );
}

/// A cursor is opaque and sealed: one written by hand (the old `id:value` form, which let a
/// client compare any value against a hidden name) is refused, as is one from someone else.
async fn cursors_cannot_be_forged_or_shared(ctx: Ctx) {
    let t = team(&ctx).await;
    for i in 0..55 {
        account(&ctx, &t.rep, &format!("Acme {i:02}")).await;
    }
    let first = accounts::list(&ctx, &t.rep, &ListRequest::default())
        .await
        .expect("first page");
    let next = first.next.expect("a second page");
    assert!(!next.contains("Acme"), "the cursor does not show the value");
    let second = ListQuery {
        after: next.clone(),
        ..ListQuery::default()
    };
    let page = accounts::list(&ctx, &t.rep, &req(&second))
        .await
        .expect("page 2");
    assert_eq!(page.items.len(), 5);
    let forged = ListQuery {
        after: format!("{}:Mmm", first.items[0].id),
        ..ListQuery::default()
    };
    let r = accounts::list(&ctx, &t.rep, &req(&forged)).await;
    assert!(matches!(r, Err(CoreError::Validation(_))), "{r:?}");
    let r = accounts::list(&ctx, &t.other, &req(&second)).await;
    assert!(matches!(r, Err(CoreError::Validation(_))), "{r:?}");
    let other_sort = ListQuery {
        sort: "owner".into(),
        ..second
    };
    let r = accounts::list(&ctx, &t.rep, &req(&other_sort)).await;
    assert!(matches!(r, Err(CoreError::Validation(_))), "{r:?}");
}

/// The deal's watcher sees in its history what its page shows: the account and contact
/// they may not see are hidden, by name and by link.
async fn history_hides_what_the_page_hides(ctx: Ctx) {
    let t = team(&ctx).await;
    let acme = account(&ctx, &t.other, "Acme Secret").await;
    let person = contacts::create(
        &ctx,
        &t.other,
        ContactInput {
            last_name: Some("Hidden".into()),
            account: Some(acme.to_string()),
            ..ContactInput::default()
        },
    )
    .await
    .expect("contact");
    let deal = opportunities::create(
        &ctx,
        &t.other,
        OpportunityInput {
            name: Some("Big deal".into()),
            account: Some(acme.to_string()),
            contact: Some(person.id.to_string()),
            currency: Some("EUR".into()),
            close_date: Some("2027-01-31".into()),
            ..OpportunityInput::default()
        },
    )
    .await
    .expect("deal");
    actions::set_watcher(
        &ctx,
        &t.other,
        RecordKind::Opportunity,
        deal.id.0,
        t.rep.user_id,
        true,
    )
    .await
    .expect("share the deal only");
    let page = opportunities::get(&ctx, &t.rep, deal.id)
        .await
        .expect("page");
    assert!(page.account.is_none() && page.contact.is_none());
    let values = |who: Actor| {
        let ctx = ctx.clone();
        async move {
            actions::history(&ctx, &who, RecordKind::Opportunity, deal.id.0)
                .await
                .expect("history")
                .into_iter()
                .flat_map(|e| e.changes)
                .filter(|c| c.field == "account" || c.field == "contact")
                .filter_map(|c| c.new)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        values(t.rep).await,
        [HistoryValue::Hidden, HistoryValue::Hidden],
        "the watcher learns neither name"
    );
    let owner_sees = values(t.other).await;
    assert!(
        owner_sees
            .iter()
            .any(|v| matches!(v, HistoryValue::Link { title, .. } if title == "Acme Secret")),
        "{owner_sees:?}"
    );
}

/// Logging a call on a deal the rep watches links the deal, not the deal's account they may
/// not see (they could neither see nor remove that link).
async fn activities_do_not_reach_hidden_accounts(ctx: Ctx) {
    let t = team(&ctx).await;
    let acme = account(&ctx, &t.other, "Acme Hidden").await;
    let deal = opportunities::create(
        &ctx,
        &t.other,
        OpportunityInput {
            name: Some("Shared deal".into()),
            account: Some(acme.to_string()),
            currency: Some("EUR".into()),
            close_date: Some("2027-01-31".into()),
            ..OpportunityInput::default()
        },
    )
    .await
    .expect("deal");
    actions::set_watcher(
        &ctx,
        &t.other,
        RecordKind::Opportunity,
        deal.id.0,
        t.rep.user_id,
        true,
    )
    .await
    .expect("share");
    let call = activities::create(
        &ctx,
        &t.rep,
        ActivityInput {
            kind: Some("call".into()),
            subject: Some("Called about the deal".into()),
            linked: Some(RecordKind::Opportunity.reference(deal.id)),
            ..ActivityInput::default()
        },
    )
    .await
    .expect("call");
    let kinds: Vec<_> = call.links.iter().map(|l| l.kind).collect();
    assert_eq!(kinds, [RecordKind::Opportunity]);
    let timeline = ListQuery {
        parent: RecordKind::Account.reference(acme),
        ..ListQuery::default()
    };
    let on_account = activities::list(&ctx, &t.other, &req(&timeline))
        .await
        .expect("timeline");
    assert!(
        on_account.items.is_empty(),
        "nothing was written into the account"
    );
    // The account's owner logging on the same deal still links their account.
    let own = activities::create(
        &ctx,
        &t.other,
        ActivityInput {
            kind: Some("note".into()),
            subject: Some("Owner's note".into()),
            linked: Some(RecordKind::Opportunity.reference(deal.id)),
            ..ActivityInput::default()
        },
    )
    .await
    .expect("note");
    assert_eq!(own.links.len(), 2);
}

/// Watching lets a user see a record, so only those who may hand the record over may add
/// someone else; a watcher may still stop watching.
async fn watchers_cannot_share_further(ctx: Ctx) {
    let t = team(&ctx).await;
    let acme = account(&ctx, &t.other, "Acme").await;
    let kind = RecordKind::Account;
    actions::set_watcher(&ctx, &t.other, kind, acme.0, t.rep.user_id, true)
        .await
        .expect("the owner shares");
    let r = actions::set_watcher(&ctx, &t.rep, kind, acme.0, t.admin.user_id, true).await;
    assert!(matches!(r, Err(CoreError::Forbidden)), "{r:?}");
    let r = actions::set_watcher(&ctx, &t.rep, kind, acme.0, t.other.user_id, false).await;
    assert!(matches!(r, Err(CoreError::Forbidden)), "{r:?}");
    actions::set_watcher(&ctx, &t.rep, kind, acme.0, t.rep.user_id, false)
        .await
        .expect("a watcher stops watching");
    let r = accounts::get(&ctx, &t.rep, acme).await;
    assert!(matches!(r, Err(CoreError::NotFound)), "{r:?}");
}

/// Reps choose colleagues by name; email addresses are for managers and admins.
async fn the_user_picker_shows_addresses_to_managers_only(ctx: Ctx) {
    let t = team(&ctx).await;
    let rep_sees = actions::pick_users(&ctx, &t.rep, "").await.expect("pick");
    assert!(rep_sees.len() >= 3);
    assert!(rep_sees.iter().all(|o| o.hint.is_empty()), "{rep_sees:?}");
    let manager_sees = actions::pick_users(&ctx, &t.manager, "other@")
        .await
        .expect("pick");
    assert_eq!(manager_sees.len(), 1);
    assert_eq!(manager_sees[0].hint, "other@example.com");
}

/// Queries too long for the database to match, or holding control characters, are field
/// errors, not failures.
async fn crafted_queries_are_field_errors(ctx: Ctx) {
    let t = team(&ctx).await;
    let long = "a".repeat(100_000);
    for text in [long.as_str(), "ac\0me"] {
        let r = actions::pick(&ctx, &t.rep, RecordKind::Account, text).await;
        assert!(matches!(r, Err(CoreError::Validation(_))), "{r:?}");
        let r = core_svc::services::search::search(&ctx, &t.rep, text).await;
        assert!(matches!(r, Err(CoreError::Validation(_))), "{r:?}");
        // Whatever adapter built the request, the service checks the text itself.
        let q = ListRequest::<AccountFilter> {
            common: Common {
                text: text.into(),
                ..Common::default()
            },
            ..ListRequest::default()
        };
        let r = accounts::list(&ctx, &t.rep, &q).await;
        assert!(matches!(r, Err(CoreError::Validation(_))), "{r:?}");
    }
}

/// Sums over many large deals stay exact in SQL and never fail the board or the dashboard:
/// past what 64 bits hold, the total shows as the largest amount. (A form accepts up to
/// 10^15 minor units a deal, so the test writes the amounts directly, as an import might.)
async fn huge_pipelines_do_not_overflow(ctx: Ctx) {
    use sea_orm::{EntityTrait, sea_query::Expr};
    let t = team(&ctx).await;
    for i in 0..12 {
        opportunities::create(
            &ctx,
            &t.rep,
            OpportunityInput {
                name: Some(format!("Mega {i}")),
                amount: Some("1000".into()),
                currency: Some("EUR".into()),
                close_date: Some("2027-06-30".into()),
                ..OpportunityInput::default()
            },
        )
        .await
        .expect("deal");
    }
    entity::opportunities::Entity::update_many()
        .col_expr(
            entity::opportunities::Column::Amount,
            Expr::value(900_000_000_000_000_000i64),
        )
        .exec(&ctx.db)
        .await
        .expect("huge amounts");
    let board = pipeline::board(&ctx, &t.rep, &BoardFilter::default())
        .await
        .expect("the board loads");
    let first = &board.columns[0];
    assert_eq!(first.count, 12);
    assert_eq!(
        first.total.minor,
        i64::MAX,
        "12 × 9·10^17 minor units saturate"
    );
    let home = dashboard::dashboard(&ctx, &t.rep)
        .await
        .expect("the dashboard loads");
    assert_eq!(home.stages[0].total.minor, i64::MAX);
}

/// A text filter matches every word across the name fields, as the list shows them.
async fn text_filters_match_words_across_fields(ctx: Ctx) {
    let t = team(&ctx).await;
    contacts::create(
        &ctx,
        &t.rep,
        ContactInput {
            first_name: Some("Ada".into()),
            last_name: Some("Allen".into()),
            ..ContactInput::default()
        },
    )
    .await
    .expect("contact");
    for text in ["Allen", "ada allen", "Allen Ada"] {
        let q = ListQuery {
            q: text.into(),
            ..ListQuery::default()
        };
        let found = contacts::list(&ctx, &t.rep, &req(&q))
            .await
            .expect("list")
            .items;
        assert_eq!(found.len(), 1, "{text:?}");
    }
    let q = ListQuery {
        q: "ada smith".into(),
        ..ListQuery::default()
    };
    assert!(
        contacts::list(&ctx, &t.rep, &req(&q))
            .await
            .expect("list")
            .items
            .is_empty()
    );
}

/// "Recent activity" is what has happened: a meeting planned for next week is not in it.
async fn recent_activity_is_in_the_past(ctx: Ctx) {
    let t = team(&ctx).await;
    let acme = account(&ctx, &t.rep, "Acme").await;
    let when = |days: i64| {
        let at = ctx.now() + time::Duration::days(days);
        format!("{}T{:02}:{:02}", at.date(), at.hour(), at.minute())
    };
    for (subject, days) in [("Next week's meeting", 7), ("Yesterday's call", -1)] {
        activities::create(
            &ctx,
            &t.rep,
            ActivityInput {
                kind: Some("meeting".into()),
                subject: Some(subject.into()),
                occurred_at: Some(when(days)),
                linked: Some(RecordKind::Account.reference(acme)),
                ..ActivityInput::default()
            },
        )
        .await
        .expect("activity");
    }
    let home = dashboard::dashboard(&ctx, &t.rep).await.expect("dashboard");
    let subjects: Vec<_> = home.activity.iter().map(|a| a.subject.as_str()).collect();
    assert_eq!(subjects, ["Yesterday's call"]);
}

/// One rule decides who sees a record, and every read follows it: lists, pickers, search,
/// the pipeline's counts and the dashboard's. Owner and watcher see the deal; a colleague
/// does not; managers and admins see all.
async fn one_visibility_rule_everywhere(ctx: Ctx) {
    let t = team(&ctx).await;
    let watcher = t.watcher;
    let deal = opportunities::create(
        &ctx,
        &t.rep,
        OpportunityInput {
            name: Some("Zebra rollout".into()),
            currency: Some("EUR".into()),
            close_date: Some("2027-04-30".into()),
            ..OpportunityInput::default()
        },
    )
    .await
    .expect("deal");
    actions::set_watcher(
        &ctx,
        &t.rep,
        RecordKind::Opportunity,
        deal.id.0,
        watcher.user_id,
        true,
    )
    .await
    .expect("share");
    let cases = [
        ("owner", t.rep, true),
        ("watcher", watcher, true),
        ("colleague", t.other, false),
        ("manager", t.manager, true),
        ("admin", t.admin, true),
    ];
    for (who, actor, sees) in cases {
        let listed = opportunities::list(&ctx, &actor, &ListRequest::default())
            .await
            .expect("list")
            .items
            .iter()
            .any(|d| d.id == deal.id);
        assert_eq!(listed, sees, "{who}: list");
        let picked = actions::pick(&ctx, &actor, RecordKind::Opportunity, "zebra")
            .await
            .expect("pick")
            .iter()
            .any(|o| o.id == deal.id.to_string());
        assert_eq!(picked, sees, "{who}: picker");
        let found = core_svc::services::search::search(&ctx, &actor, "zebra")
            .await
            .expect("search")
            .iter()
            .any(|h| h.id == deal.id.0);
        assert_eq!(found, sees, "{who}: search");
        let board = pipeline::board(&ctx, &actor, &BoardFilter::default())
            .await
            .expect("board");
        let on_board: i64 = board.columns.iter().map(|c| c.count).sum();
        assert_eq!(on_board, i64::from(sees), "{who}: pipeline count");
        let home = dashboard::dashboard(&ctx, &actor).await.expect("dashboard");
        let open: i64 = home.stages.iter().map(|s| s.count).sum();
        assert_eq!(open, i64::from(sees), "{who}: dashboard count");
    }
}

on_both!(
    one_visibility_rule_everywhere,
    linked_name_sorts_see_only_visible_names,
    cursors_cannot_be_forged_or_shared,
    history_hides_what_the_page_hides,
    activities_do_not_reach_hidden_accounts,
    watchers_cannot_share_further,
    the_user_picker_shows_addresses_to_managers_only,
    crafted_queries_are_field_errors,
    huge_pipelines_do_not_overflow,
    text_filters_match_words_across_fields,
    recent_activity_is_in_the_past,
);
