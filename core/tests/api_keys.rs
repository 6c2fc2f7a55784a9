//! API keys: made for oneself, shown once, stored as a hash, stopped by revocation, expiry
//! and the user's deactivation; only their owner or an admin sees or revokes them.

mod common;

use common::{actor_of, first_admin, invited};
use core_svc::services::{api_keys, users};
use core_svc::{Clock, CoreError, Ctx, Via};
use time::Duration;
use time::macros::datetime;
use types::dto::api_keys::{ApiKeyState, ApiScope, NewApiKey};
use types::dto::auth::Role;
use types::error::FieldError;

fn key(name: &str, scope: ApiScope) -> NewApiKey {
    NewApiKey {
        name: name.into(),
        scope,
        expires_on: None,
    }
}

fn fixed_clock(ctx: Ctx) -> Ctx {
    Ctx {
        clock: Clock::fixed(datetime!(2026-11-30 12:00 UTC)),
        ..ctx
    }
}

async fn a_key_acts_as_its_user_until_revoked(ctx: Ctx) {
    let ctx = fixed_clock(ctx);
    let admin = first_admin(&ctx).await;
    let rep = invited(&ctx, &admin, "rep@example.com", Role::User).await;
    let made = api_keys::create(&ctx, &actor_of(&rep), key("sync", ApiScope::ReadWrite))
        .await
        .expect("create");
    assert!(made.secret.starts_with(api_keys::SECRET_PREFIX));
    assert!(made.secret.starts_with(&made.key.prefix));
    assert_eq!(made.key.user.id, rep.id);
    assert_eq!(made.key.last_used_at, None);

    let (actor, me) = api_keys::authenticate(&ctx, &made.secret)
        .await
        .expect("the key works");
    assert_eq!(
        (actor.user_id, actor.role, actor.via),
        (rep.id, Role::User, Via::Api)
    );
    assert_eq!(
        (me.key, me.scope, me.email.as_str()),
        (made.key.id, ApiScope::ReadWrite, "rep@example.com")
    );

    // Use is recorded, at most once a minute.
    let listed = api_keys::mine(&ctx, &actor_of(&rep)).await.expect("mine");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].last_used_at, Some(ctx.now()));
    ctx.clock.advance(Duration::seconds(30));
    api_keys::authenticate(&ctx, &made.secret)
        .await
        .expect("again");
    let listed = api_keys::mine(&ctx, &actor_of(&rep)).await.expect("mine");
    assert_eq!(
        listed[0].last_used_at,
        Some(ctx.now() - Duration::seconds(30))
    );

    // A near miss, another prefix or garbage: all the same refusal.
    let mut wrong = made.secret.clone();
    wrong.pop();
    wrong.push('x');
    for bad in [wrong.as_str(), "ncrm_", "", "Bearer", &made.secret[5..]] {
        assert!(
            matches!(
                api_keys::authenticate(&ctx, bad).await,
                Err(CoreError::Unauthenticated)
            ),
            "{bad:?}"
        );
    }

    api_keys::revoke(&ctx, &actor_of(&rep), made.key.id)
        .await
        .expect("revoke");
    assert!(matches!(
        api_keys::authenticate(&ctx, &made.secret).await,
        Err(CoreError::Unauthenticated)
    ));
    let listed = api_keys::mine(&ctx, &actor_of(&rep)).await.expect("mine");
    assert_eq!(listed[0].revoked_at, Some(ctx.now()));
    assert_eq!(listed[0].state, ApiKeyState::Revoked);
}

async fn expiry_and_deactivation_stop_a_key(ctx: Ctx) {
    let ctx = fixed_clock(ctx);
    let admin = first_admin(&ctx).await;
    let rep = invited(&ctx, &admin, "rep@example.com", Role::User).await;
    let today = ctx.now().date();
    let short = NewApiKey {
        expires_on: Some(today),
        ..key("today only", ApiScope::Read)
    };
    let made = api_keys::create(&ctx, &actor_of(&rep), short)
        .await
        .expect("create");
    assert_eq!(
        made.key.expires_at,
        Some(datetime!(2026-12-01 00:00 UTC)),
        "it works to the end of its last day"
    );
    api_keys::authenticate(&ctx, &made.secret)
        .await
        .expect("today");
    ctx.clock.advance(Duration::hours(12));
    assert!(matches!(
        api_keys::authenticate(&ctx, &made.secret).await,
        Err(CoreError::Unauthenticated)
    ));
    let listed = api_keys::mine(&ctx, &actor_of(&rep)).await.expect("mine");
    assert_eq!(listed[0].state, ApiKeyState::Expired);

    let lasting = api_keys::create(&ctx, &actor_of(&rep), key("lasting", ApiScope::Read))
        .await
        .expect("create");
    api_keys::authenticate(&ctx, &lasting.secret)
        .await
        .expect("works");
    users::set_active(&ctx, &actor_of(&admin), rep.id, false)
        .await
        .expect("deactivate");
    assert!(matches!(
        api_keys::authenticate(&ctx, &lasting.secret).await,
        Err(CoreError::Unauthenticated)
    ));

    let past = NewApiKey {
        expires_on: today.previous_day(),
        ..key("", ApiScope::Read)
    };
    let Err(CoreError::Validation(fields)) = api_keys::create(&ctx, &actor_of(&admin), past).await
    else {
        panic!("a nameless key expiring yesterday was made");
    };
    assert_eq!(
        fields,
        [
            FieldError::new("name", "validation-required"),
            FieldError::new("expires_on", "validation-expiry-past")
        ]
    );
}

async fn only_the_owner_or_an_admin_sees_and_revokes_a_key(ctx: Ctx) {
    let admin = first_admin(&ctx).await;
    let rep = invited(&ctx, &admin, "rep@example.com", Role::User).await;
    let manager = invited(&ctx, &admin, "boss@example.com", Role::Manager).await;
    let made = api_keys::create(&ctx, &actor_of(&rep), key("mine", ApiScope::Read))
        .await
        .expect("create");
    let admins = api_keys::create(&ctx, &actor_of(&admin), key("admin's", ApiScope::ReadWrite))
        .await
        .expect("create");

    assert!(
        api_keys::mine(&ctx, &actor_of(&manager))
            .await
            .expect("mine")
            .is_empty()
    );
    assert!(matches!(
        api_keys::all(&ctx, &actor_of(&manager)).await,
        Err(CoreError::Forbidden)
    ));
    for (stranger, id) in [(&manager, made.key.id), (&rep, admins.key.id)] {
        assert!(matches!(
            api_keys::revoke(&ctx, &actor_of(stranger), id).await,
            Err(CoreError::NotFound)
        ));
    }
    api_keys::authenticate(&ctx, &made.secret)
        .await
        .expect("still works");

    let all = api_keys::all(&ctx, &actor_of(&admin)).await.expect("all");
    let names: Vec<&str> = all.iter().map(|k| k.name.as_str()).collect();
    assert_eq!(names.len(), 2);
    assert!(names.contains(&"mine") && names.contains(&"admin's"));
    assert!(all.iter().any(|k| k.user.name == "User rep@example.com"));
    api_keys::revoke(&ctx, &actor_of(&admin), made.key.id)
        .await
        .expect("an admin revokes anyone's key");
    assert!(api_keys::authenticate(&ctx, &made.secret).await.is_err());
}

async fn operators_make_keys_by_email(ctx: Ctx) {
    let admin = first_admin(&ctx).await;
    let made =
        api_keys::create_for_email(&ctx, " ADA@example.com ", key("cli", ApiScope::ReadWrite))
            .await
            .expect("by email");
    assert_eq!(made.key.user.id, admin.id);
    let (actor, _) = api_keys::authenticate(&ctx, &made.secret)
        .await
        .expect("works");
    assert_eq!(actor.user_id, admin.id);
    assert!(matches!(
        api_keys::create_for_email(&ctx, "nobody@example.com", key("cli", ApiScope::Read)).await,
        Err(CoreError::NotFound)
    ));
}

/// Another node keeps a key's identity for [`api_keys::IDENTITY_TTL`] at most: a revocation
/// or a deactivation on one node stops the key there at once, and on the other within it.
async fn other_nodes_trust_a_key_for_seconds_at_most(ctx: Ctx) {
    let here = fixed_clock(ctx);
    let there = Ctx {
        identities: api_keys::Identities::default(),
        ..here.clone()
    };
    let admin = first_admin(&here).await;
    let rep = invited(&here, &admin, "rep@example.com", Role::User).await;
    let rep_actor = actor_of(&rep);
    let made = |name: &'static str| api_keys::create(&here, &rep_actor, key(name, ApiScope::Read));
    let works = |ctx: &Ctx, secret: &str| {
        let (ctx, secret) = (ctx.clone(), secret.to_owned());
        async move { api_keys::authenticate(&ctx, &secret).await.is_ok() }
    };
    let first = made("first").await.expect("key");
    assert!(works(&here, &first.secret).await && works(&there, &first.secret).await);
    api_keys::revoke(&here, &actor_of(&rep), first.key.id)
        .await
        .expect("revoke");
    assert!(!works(&here, &first.secret).await, "stopped here at once");
    assert!(works(&there, &first.secret).await, "still trusted there");
    here.clock.advance(api_keys::IDENTITY_TTL);
    assert!(
        !works(&there, &first.secret).await,
        "stopped there within the window"
    );

    let second = made("second").await.expect("key");
    assert!(works(&here, &second.secret).await && works(&there, &second.secret).await);
    users::set_active(&here, &actor_of(&admin), rep.id, false)
        .await
        .expect("deactivate");
    assert!(!works(&here, &second.secret).await);
    here.clock.advance(api_keys::IDENTITY_TTL);
    assert!(!works(&there, &second.secret).await);
}

on_both!(
    other_nodes_trust_a_key_for_seconds_at_most,
    a_key_acts_as_its_user_until_revoked,
    expiry_and_deactivation_stop_a_key,
    only_the_owner_or_an_admin_sees_and_revokes_a_key,
    operators_make_keys_by_email,
);
