//! Identity services on both databases: setup, sign-in and its limits, the users admin,
//! invites, the profile, and the session store.

mod common;

use common::{PASSWORD, actor_of, first_admin, invited};
use core_svc::{
    CoreError, Ctx,
    services::{auth, health, invites, users},
    session_store::{DbSessionStore, USER_ID_KEY},
};
use entity::{invites as invite_rows, sessions};
use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set};
use time::{Duration, OffsetDateTime};
use tower_sessions::{
    SessionStore,
    session::{Id, Record},
    session_store::ExpiredDeletion,
};
use types::dto::auth::Role;
use types::lang::{Lang, Theme};

fn credentials(email: &str, password: &str, ip: &str) -> auth::Credentials {
    auth::Credentials {
        email: email.into(),
        password: password.into(),
        ip: Some(ip.into()),
    }
}

fn field_keys(err: CoreError) -> Vec<(String, String)> {
    match err {
        CoreError::Validation(fields) => fields.into_iter().map(|f| (f.field, f.key)).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// Stores a session for `user` directly, as the web layer would after sign-in.
async fn store_session(ctx: &Ctx, user: types::ids::UserId) -> Id {
    let store = DbSessionStore::new(ctx);
    let mut record = Record {
        id: Id::default(),
        data: [(
            USER_ID_KEY.to_owned(),
            serde_json::to_value(user).expect("id json"),
        )]
        .into(),
        expiry_date: OffsetDateTime::now_utc() + Duration::hours(1),
    };
    store.create(&mut record).await.expect("create session");
    record.id
}

async fn session_exists(ctx: &Ctx, id: Id) -> bool {
    DbSessionStore::new(ctx)
        .load(&id)
        .await
        .expect("load session")
        .is_some()
}

async fn setup_creates_one_admin_once(ctx: Ctx) {
    assert!(auth::setup_needed(&ctx).await.expect("check"));
    let bad = auth::setup_first_admin(
        &ctx,
        auth::NewAccount {
            name: " ".into(),
            email: "nope".into(),
            password: "short".into(),
            lang: Lang::En,
        },
    )
    .await
    .expect_err("invalid input");
    assert_eq!(
        field_keys(bad),
        vec![
            ("name".into(), "validation-required".into()),
            ("email".into(), "validation-email".into()),
            ("password".into(), "validation-password-too-short".into()),
        ]
    );
    assert!(
        auth::setup_needed(&ctx)
            .await
            .expect("still needed after bad input")
    );

    let admin = first_admin(&ctx).await;
    assert_eq!(admin.role, Role::Admin);
    assert_eq!(admin.email, "ada@example.com");
    assert!(!auth::setup_needed(&ctx).await.expect("check"));

    let again = auth::setup_first_admin(
        &ctx,
        auth::NewAccount {
            name: "Mallory".into(),
            email: "mallory@example.com".into(),
            password: PASSWORD.into(),
            lang: Lang::En,
        },
    )
    .await;
    assert!(matches!(again, Err(CoreError::NotFound)), "{again:?}");
    assert_eq!(users::count(&ctx).await.expect("count"), 1);
}

async fn login_checks_password_and_activity(ctx: Ctx) {
    let admin = first_admin(&ctx).await;
    let user = auth::login(&ctx, credentials("ADA@example.com ", PASSWORD, "10.0.0.1"))
        .await
        .expect("valid credentials, email normalised");
    assert_eq!(user.id, admin.id);

    let wrong = auth::login(
        &ctx,
        credentials("ada@example.com", "wrong password!!", "10.0.0.1"),
    )
    .await;
    assert!(
        matches!(wrong, Err(CoreError::InvalidCredentials)),
        "{wrong:?}"
    );
    let unknown = auth::login(&ctx, credentials("ghost@example.com", PASSWORD, "10.0.0.1")).await;
    assert!(
        matches!(unknown, Err(CoreError::InvalidCredentials)),
        "{unknown:?}"
    );

    let bob = invited(&ctx, &admin, "bob@example.com", Role::User).await;
    users::set_active(&ctx, &actor_of(&admin), bob.id, false)
        .await
        .expect("deactivate");
    let deactivated = auth::login(&ctx, credentials("bob@example.com", PASSWORD, "10.0.0.2")).await;
    assert!(
        matches!(deactivated, Err(CoreError::Rejected("auth-deactivated"))),
        "{deactivated:?}"
    );
    assert!(
        auth::session_user(&ctx, bob.id)
            .await
            .expect("lookup")
            .is_none()
    );
    users::set_active(&ctx, &actor_of(&admin), bob.id, true)
        .await
        .expect("reactivate");
    auth::login(&ctx, credentials("bob@example.com", PASSWORD, "10.0.0.2"))
        .await
        .expect("reactivated user signs in");
}

async fn login_is_rate_limited_per_account_and_ip(ctx: Ctx) {
    let admin = first_admin(&ctx).await;
    invited(&ctx, &admin, "carol@example.com", Role::User).await;
    // The test config allows 3 failures per account.
    for _ in 0..3 {
        let r = auth::login(
            &ctx,
            credentials("ada@example.com", "not the password", "10.0.0.9"),
        )
        .await;
        assert!(matches!(r, Err(CoreError::InvalidCredentials)), "{r:?}");
    }
    let limited = auth::login(&ctx, credentials("ada@example.com", PASSWORD, "10.0.0.8")).await;
    assert!(
        matches!(limited, Err(CoreError::RateLimited)),
        "{limited:?}"
    );

    // 5 failures per IP: two more from 10.0.0.9 on another account reach the IP limit.
    for _ in 0..2 {
        let r = auth::login(
            &ctx,
            credentials("carol@example.com", "not the password", "10.0.0.9"),
        )
        .await;
        assert!(matches!(r, Err(CoreError::InvalidCredentials)), "{r:?}");
    }
    let by_ip = auth::login(&ctx, credentials("carol@example.com", PASSWORD, "10.0.0.9")).await;
    assert!(matches!(by_ip, Err(CoreError::RateLimited)), "{by_ip:?}");
    auth::login(&ctx, credentials("carol@example.com", PASSWORD, "10.0.0.7"))
        .await
        .expect("another address is not limited");
    assert_eq!(
        auth::prune_login_attempts(&ctx).await.expect("prune"),
        0,
        "recent attempts are kept"
    );
}

/// Forty wrong passwords at once, from forty addresses: only as many reach the password
/// check as the per-account limit allows (3 in the test config); the rest are refused.
async fn parallel_sign_ins_cannot_pass_the_limit(ctx: Ctx) {
    first_admin(&ctx).await;
    let mut attempts = tokio::task::JoinSet::new();
    for i in 0..40 {
        let ctx = ctx.clone();
        attempts.spawn(async move {
            let ip = format!("10.9.0.{i}");
            auth::login(
                &ctx,
                credentials("ada@example.com", "not the password", &ip),
            )
            .await
        });
    }
    let (mut checked, mut limited) = (0, 0);
    while let Some(done) = attempts.join_next().await {
        match done.expect("attempt task") {
            Err(CoreError::InvalidCredentials) => checked += 1,
            Err(CoreError::RateLimited) => limited += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    // Attempts that overlap may all see each other and all be refused; never more than 3 pass.
    assert!(checked <= 3, "{checked} wrong passwords were checked");
    assert_eq!(checked + limited, 40);
}

async fn only_admins_manage_users(ctx: Ctx) {
    let admin = first_admin(&ctx).await;
    let manager = invited(&ctx, &admin, "mia@example.com", Role::Manager).await;
    let user = invited(&ctx, &admin, "uma@example.com", Role::User).await;
    assert_eq!(
        user.lang,
        Lang::De,
        "an invitee keeps the language they accepted in"
    );

    let page = users::list(&ctx, &actor_of(&admin), 0)
        .await
        .expect("admin lists");
    let names: Vec<_> = page.items.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(
        names,
        ["Ada Admin", "User mia@example.com", "User uma@example.com"]
    );
    assert!(!page.has_more);
    assert!(
        users::list(&ctx, &actor_of(&admin), 1)
            .await
            .expect("page 2")
            .items
            .is_empty()
    );

    for outsider in [&manager, &user] {
        let actor = actor_of(outsider);
        assert!(matches!(
            users::list(&ctx, &actor, 0).await,
            Err(CoreError::Forbidden)
        ));
        assert!(matches!(
            users::change_role(&ctx, &actor, user.id, Role::Admin).await,
            Err(CoreError::Forbidden)
        ));
        assert!(matches!(
            users::set_active(&ctx, &actor, admin.id, false).await,
            Err(CoreError::Forbidden)
        ));
        assert!(matches!(
            invites::create(&ctx, &actor, "eve@example.com", Role::Admin).await,
            Err(CoreError::Forbidden)
        ));
        assert!(matches!(
            invites::pending(&ctx, &actor).await,
            Err(CoreError::Forbidden)
        ));
    }
    let ghost = types::ids::UserId::new();
    assert!(matches!(
        users::change_role(&ctx, &actor_of(&admin), ghost, Role::User).await,
        Err(CoreError::NotFound)
    ));

    let promoted = users::change_role(&ctx, &actor_of(&admin), user.id, Role::Manager)
        .await
        .expect("promote");
    assert_eq!(promoted.role, Role::Manager);
}

async fn the_last_admin_stays(ctx: Ctx) {
    let admin = first_admin(&ctx).await;
    let a = actor_of(&admin);
    let demote = users::change_role(&ctx, &a, admin.id, Role::User).await;
    assert!(
        matches!(demote, Err(CoreError::Rejected("users-last-admin"))),
        "{demote:?}"
    );
    let self_off = users::set_active(&ctx, &a, admin.id, false).await;
    assert!(
        matches!(
            self_off,
            Err(CoreError::Rejected("users-cannot-deactivate-self"))
        ),
        "{self_off:?}"
    );

    let second = invited(&ctx, &admin, "sam@example.com", Role::Admin).await;
    users::change_role(&ctx, &a, admin.id, Role::Manager)
        .await
        .expect("with two admins one may step down");
    let back = users::change_role(&ctx, &actor_of(&second), second.id, Role::User).await;
    assert!(
        matches!(back, Err(CoreError::Rejected("users-last-admin"))),
        "{back:?}"
    );
}

async fn deactivation_ends_sessions(ctx: Ctx) {
    let admin = first_admin(&ctx).await;
    let bob = invited(&ctx, &admin, "bob@example.com", Role::User).await;
    let bob_session = store_session(&ctx, bob.id).await;
    let admin_session = store_session(&ctx, admin.id).await;
    assert!(session_exists(&ctx, bob_session).await);

    users::set_active(&ctx, &actor_of(&admin), bob.id, false)
        .await
        .expect("deactivate");
    assert!(
        !session_exists(&ctx, bob_session).await,
        "bob's session ended"
    );
    assert!(
        session_exists(&ctx, admin_session).await,
        "others are untouched"
    );
}

async fn invites_are_single_use_and_expire(ctx: Ctx) {
    let admin = first_admin(&ctx).await;
    let a = actor_of(&admin);
    let taken = invites::create(&ctx, &a, "ada@example.com", Role::User).await;
    assert_eq!(
        field_keys(taken.expect_err("existing user")),
        vec![("email".into(), "validation-email-taken".into())]
    );

    let invite = invites::create(&ctx, &a, " Dan@Example.com", Role::Manager)
        .await
        .expect("invite");
    assert_eq!(invite.email, "dan@example.com");
    let days = (invite.expires_at - OffsetDateTime::now_utc()).whole_hours();
    assert!((167..=168).contains(&days), "valid 7 days, got {days} h");
    let info = invites::lookup(&ctx, &invite.token).await.expect("lookup");
    assert_eq!(info.role, Role::Manager);
    assert_eq!(invites::pending(&ctx, &a).await.expect("pending").len(), 1);
    assert!(matches!(
        invites::lookup(&ctx, "forged").await,
        Err(CoreError::NotFound)
    ));

    let weak = invites::accept(
        &ctx,
        invites::Acceptance {
            token: invite.token.clone(),
            name: "Dan".into(),
            password: "short".into(),
            lang: Lang::Fr,
        },
    )
    .await;
    assert_eq!(
        field_keys(weak.expect_err("weak password")),
        vec![("password".into(), "validation-password-too-short".into())]
    );
    let dan = invites::accept(
        &ctx,
        invites::Acceptance {
            token: invite.token.clone(),
            name: "Dan".into(),
            password: PASSWORD.into(),
            lang: Lang::Fr,
        },
    )
    .await
    .expect("accept");
    assert_eq!((dan.role, dan.lang), (Role::Manager, Lang::Fr));
    let twice = invites::accept(
        &ctx,
        invites::Acceptance {
            token: invite.token,
            name: "Dan again".into(),
            password: PASSWORD.into(),
            lang: Lang::Fr,
        },
    )
    .await;
    assert!(matches!(twice, Err(CoreError::NotFound)), "{twice:?}");
    assert!(
        invites::pending(&ctx, &a)
            .await
            .expect("pending")
            .is_empty()
    );

    let stale = invites::create(&ctx, &a, "old@example.com", Role::User)
        .await
        .expect("invite");
    let row = invite_rows::Entity::find()
        .all(&ctx.db)
        .await
        .expect("rows")
        .into_iter()
        .find(|r| r.email == "old@example.com")
        .expect("row");
    let mut expired: invite_rows::ActiveModel = row.into();
    expired.expires_at = Set(OffsetDateTime::now_utc() - Duration::minutes(1));
    expired.update(&ctx.db).await.expect("expire");
    assert!(matches!(
        invites::lookup(&ctx, &stale.token).await,
        Err(CoreError::NotFound)
    ));
}

async fn profile_and_password(ctx: Ctx) {
    let admin = first_admin(&ctx).await;
    let a = actor_of(&admin);
    let updated = users::update_profile(
        &ctx,
        &a,
        users::ProfileInput {
            name: "  Ada L.  ".into(),
            lang: Lang::Ja,
            theme: Theme::Dark,
            currency: "usd".into(),
        },
    )
    .await
    .expect("update");
    assert_eq!(
        (updated.name.as_str(), updated.lang, updated.theme),
        ("Ada L.", Lang::Ja, Theme::Dark)
    );
    let shown = users::profile(&ctx, &a).await.expect("profile");
    assert_eq!(
        shown.currency.as_deref(),
        Some("USD"),
        "the display currency"
    );
    // An unknown currency is a field error, and changes nothing.
    let unknown = users::update_profile(
        &ctx,
        &a,
        users::ProfileInput {
            name: "Someone else".into(),
            lang: Lang::En,
            theme: Theme::Light,
            currency: "ZZZ".into(),
        },
    )
    .await;
    match unknown {
        Err(CoreError::Validation(fields)) => assert_eq!(fields[0].field, "currency"),
        other => panic!("expected a currency error, got {other:?}"),
    }
    let kept = users::profile(&ctx, &a).await.expect("profile");
    assert_eq!(
        (kept.name.as_str(), kept.currency.as_deref()),
        ("Ada L.", Some("USD"))
    );
    let p = users::profile(&ctx, &a).await.expect("profile");
    assert_eq!((p.lang, p.theme), (Lang::Ja, Theme::Dark));
    users::set_preferences(&ctx, &a, Some(Lang::Cs), None)
        .await
        .expect("prefs");
    assert_eq!(
        users::profile(&ctx, &a).await.expect("profile").lang,
        Lang::Cs
    );

    let this = store_session(&ctx, admin.id).await;
    let other = store_session(&ctx, admin.id).await;
    let wrong = users::change_password(
        &ctx,
        &a,
        users::PasswordChange {
            current: "not my password".into(),
            new: "a brand new passphrase".into(),
            confirm: "a brand new passphrase".into(),
            keep_session: Some(this.to_string()),
        },
    )
    .await;
    assert_eq!(
        field_keys(wrong.expect_err("wrong current")),
        vec![("current".into(), "validation-password-wrong".into())]
    );
    let mismatch = users::change_password(
        &ctx,
        &a,
        users::PasswordChange {
            current: PASSWORD.into(),
            new: "a brand new passphrase".into(),
            confirm: "a different passphrase".into(),
            keep_session: None,
        },
    )
    .await;
    assert_eq!(
        field_keys(mismatch.expect_err("mismatch")),
        vec![("confirm".into(), "validation-password-mismatch".into())]
    );
    users::change_password(
        &ctx,
        &a,
        users::PasswordChange {
            current: PASSWORD.into(),
            new: "a brand new passphrase".into(),
            confirm: "a brand new passphrase".into(),
            keep_session: Some(this.to_string()),
        },
    )
    .await
    .expect("change");
    assert!(
        session_exists(&ctx, this).await,
        "the current session stays"
    );
    assert!(!session_exists(&ctx, other).await, "other sessions end");
    auth::login(
        &ctx,
        credentials("ada@example.com", "a brand new passphrase", "10.1.1.1"),
    )
    .await
    .expect("new password works");
    let old = auth::login(&ctx, credentials("ada@example.com", PASSWORD, "10.1.1.1")).await;
    assert!(matches!(old, Err(CoreError::InvalidCredentials)));
}

async fn a_deactivated_actor_changes_nothing(ctx: Ctx) {
    let admin = first_admin(&ctx).await;
    let bob = invited(&ctx, &admin, "bob@example.com", Role::User).await;
    users::set_active(&ctx, &actor_of(&admin), bob.id, false)
        .await
        .expect("deactivate");
    let b = actor_of(&bob);
    let profile = users::update_profile(
        &ctx,
        &b,
        users::ProfileInput {
            name: "Bob".into(),
            lang: Lang::En,
            theme: Theme::Dark,
            currency: String::new(),
        },
    )
    .await;
    assert!(
        matches!(profile, Err(CoreError::Unauthenticated)),
        "{profile:?}"
    );
    let prefs = users::set_preferences(&ctx, &b, Some(Lang::Fr), None).await;
    assert!(
        matches!(prefs, Err(CoreError::Unauthenticated)),
        "{prefs:?}"
    );
    let password = users::change_password(
        &ctx,
        &b,
        users::PasswordChange {
            current: PASSWORD.into(),
            new: "another long passphrase".into(),
            confirm: "another long passphrase".into(),
            keep_session: None,
        },
    )
    .await;
    assert!(
        matches!(password, Err(CoreError::Unauthenticated)),
        "{password:?}"
    );
    assert!(matches!(
        users::profile(&ctx, &b).await,
        Err(CoreError::Unauthenticated)
    ));
}

async fn session_store_round_trip(ctx: Ctx) {
    let admin = first_admin(&ctx).await;
    let store = DbSessionStore::new(&ctx);
    let id = store_session(&ctx, admin.id).await;
    let mut record = store.load(&id).await.expect("load").expect("exists");
    assert_eq!(
        record.data.get(USER_ID_KEY),
        Some(&serde_json::to_value(admin.id).expect("json"))
    );
    record.data.insert("seen_at".into(), 42.into());
    store.save(&record).await.expect("save");
    let reloaded = store.load(&id).await.expect("load").expect("exists");
    assert_eq!(reloaded.data.get("seen_at"), Some(&serde_json::json!(42)));

    record.expiry_date = OffsetDateTime::now_utc() - Duration::seconds(1);
    store.save(&record).await.expect("expire");
    assert!(
        store.load(&id).await.expect("load").is_none(),
        "expired sessions do not load"
    );
    store.delete_expired().await.expect("delete expired");
    assert_eq!(
        sessions::Entity::find()
            .count(&ctx.db)
            .await
            .expect("count"),
        0
    );

    let id = store_session(&ctx, admin.id).await;
    store.delete(&id).await.expect("delete");
    assert!(store.load(&id).await.expect("load").is_none());
    health::ping(&ctx).await.expect("database answers");
}

on_both!(
    setup_creates_one_admin_once,
    login_checks_password_and_activity,
    login_is_rate_limited_per_account_and_ip,
    parallel_sign_ins_cannot_pass_the_limit,
    only_admins_manage_users,
    the_last_admin_stays,
    deactivation_ends_sessions,
    invites_are_single_use_and_expire,
    profile_and_password,
    a_deactivated_actor_changes_nothing,
    session_store_round_trip,
);
