//! Pick-list services on both databases: seeded defaults, admin-only changes, the rules that
//! keep the pipeline usable, ordering, and the audit trail.

mod common;

use common::{actor_of, first_admin, invited};
use core_svc::{
    CoreError, Ctx,
    services::lookups::{self, StageInput},
};
use entity::audit_log;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use types::dto::auth::Role;
use types::dto::lookups::{LookupKind, Move, StageKind};

fn stage(name: &str, probability: i16, kind: StageKind) -> StageInput {
    StageInput {
        name: name.into(),
        probability,
        kind,
    }
}

fn field_keys(err: CoreError) -> Vec<(String, String)> {
    match err {
        CoreError::Validation(fields) => fields.into_iter().map(|f| (f.field, f.key)).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

async fn defaults_are_seeded(ctx: Ctx) {
    let admin = first_admin(&ctx).await;
    let a = actor_of(&admin);
    let stages = lookups::stages(&ctx, &a).await.expect("stages");
    let names: Vec<_> = stages
        .iter()
        .map(|s| (s.name.as_str(), s.probability, s.kind))
        .collect();
    assert_eq!(
        names,
        [
            ("New", 10, StageKind::Open),
            ("Needs analysis", 20, StageKind::Open),
            ("Offer", 40, StageKind::Open),
            ("Contract", 60, StageKind::Open),
            ("Signing", 80, StageKind::Open),
            ("Won", 100, StageKind::Won),
            ("Lost", 0, StageKind::Lost),
        ]
    );
    for kind in LookupKind::ALL {
        assert!(
            !lookups::values(&ctx, &a, kind)
                .await
                .expect("values")
                .is_empty(),
            "{kind:?}"
        );
    }
    let codes: Vec<_> = lookups::currencies(&ctx, &a)
        .await
        .expect("currencies")
        .into_iter()
        .map(|c| (c.code, c.minor_units))
        .collect();
    assert!(codes.contains(&("EUR".to_owned(), 2)) && codes.contains(&("JPY".to_owned(), 0)));
}

async fn only_admins_change_lookups(ctx: Ctx) {
    let admin = first_admin(&ctx).await;
    let a = actor_of(&admin);
    let stage_id = lookups::stages(&ctx, &a).await.expect("stages")[0].id;
    let value_id = lookups::values(&ctx, &a, LookupKind::Industry)
        .await
        .expect("values")[0]
        .id;
    for role in [Role::Manager, Role::User] {
        let who = invited(&ctx, &admin, &format!("{}@example.com", role.code()), role).await;
        let o = actor_of(&who);
        let forbidden = |r: Result<(), CoreError>| matches!(r, Err(CoreError::Forbidden));
        assert!(forbidden(
            lookups::create_stage(&ctx, &o, stage("X", 50, StageKind::Open))
                .await
                .map(|_| ())
        ));
        assert!(forbidden(
            lookups::update_stage(&ctx, &o, stage_id, stage("X", 50, StageKind::Open))
                .await
                .map(|_| ())
        ));
        assert!(forbidden(
            lookups::set_stage_active(&ctx, &o, stage_id, false)
                .await
                .map(|_| ())
        ));
        assert!(forbidden(
            lookups::move_stage(&ctx, &o, stage_id, Move::Down).await
        ));
        assert!(forbidden(
            lookups::create_value(&ctx, &o, LookupKind::Industry, "X")
                .await
                .map(|_| ())
        ));
        assert!(forbidden(
            lookups::rename_value(&ctx, &o, value_id, "X")
                .await
                .map(|_| ())
        ));
        assert!(forbidden(
            lookups::set_value_active(&ctx, &o, value_id, false)
                .await
                .map(|_| ())
        ));
        assert!(forbidden(
            lookups::move_value(&ctx, &o, value_id, Move::Down).await
        ));
        assert!(forbidden(
            lookups::add_currency(&ctx, &o, "SEK", "Swedish Krona", 2)
                .await
                .map(|_| ())
        ));
        assert!(forbidden(
            lookups::set_currency_active(&ctx, &o, "EUR", false)
                .await
                .map(|_| ())
        ));
        // Reading is for everyone.
        assert_eq!(lookups::stages(&ctx, &o).await.expect("read").len(), 7);
    }
}

async fn stages_follow_the_rules(ctx: Ctx) {
    let admin = first_admin(&ctx).await;
    let a = actor_of(&admin);
    let bad = lookups::create_stage(&ctx, &a, stage(" ", 120, StageKind::Open)).await;
    assert_eq!(
        field_keys(bad.expect_err("invalid")),
        [
            ("name".to_owned(), "validation-required".to_owned()),
            (
                "probability".to_owned(),
                "validation-probability-range".to_owned()
            )
        ]
    );
    let won90 = lookups::create_stage(&ctx, &a, stage("Closed", 90, StageKind::Won)).await;
    assert_eq!(
        field_keys(won90.expect_err("won must be 100")),
        [(
            "probability".to_owned(),
            "validation-probability-won".to_owned()
        )]
    );
    let dup = lookups::create_stage(&ctx, &a, stage("Offer", 40, StageKind::Open)).await;
    assert_eq!(
        field_keys(dup.expect_err("duplicate")),
        [("name".to_owned(), "validation-name-taken".to_owned())]
    );

    let demo = lookups::create_stage(&ctx, &a, stage("Demo", 30, StageKind::Open))
        .await
        .expect("create");
    assert_eq!(demo.position, 8, "new stages go last");
    let renamed = lookups::update_stage(&ctx, &a, demo.id, stage("Demo call", 35, StageKind::Open))
        .await
        .expect("update");
    assert_eq!(
        (renamed.name.as_str(), renamed.probability),
        ("Demo call", 35)
    );

    let all = lookups::stages(&ctx, &a).await.expect("stages");
    let won = all.iter().find(|s| s.kind == StageKind::Won).expect("won");
    let last = lookups::set_stage_active(&ctx, &a, won.id, false).await;
    assert!(
        matches!(last, Err(CoreError::Rejected("lookups-last-stage-of-kind"))),
        "{last:?}"
    );
    let to_open = lookups::update_stage(&ctx, &a, won.id, stage("Won", 50, StageKind::Open)).await;
    assert!(
        matches!(
            to_open,
            Err(CoreError::Rejected("lookups-last-stage-of-kind"))
        ),
        "{to_open:?}"
    );

    let offer = all.iter().find(|s| s.name == "Offer").expect("offer");
    lookups::set_stage_active(&ctx, &a, offer.id, false)
        .await
        .expect("deactivate");
    let user = invited(&ctx, &admin, "rep@example.com", Role::User).await;
    let visible: Vec<_> = lookups::stages(&ctx, &actor_of(&user))
        .await
        .expect("stages")
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert!(
        !visible.contains(&"Offer".to_owned()),
        "reps only pick active stages"
    );
    assert_eq!(
        lookups::stages(&ctx, &a).await.expect("all").len(),
        8,
        "admins see all"
    );
}

async fn values_are_ordered_and_renamed(ctx: Ctx) {
    let admin = first_admin(&ctx).await;
    let a = actor_of(&admin);
    let before = lookups::values(&ctx, &a, LookupKind::LeadStatus)
        .await
        .expect("values");
    let names = |v: &[types::dto::lookups::LookupValue]| -> Vec<String> {
        v.iter().map(|x| x.name.clone()).collect()
    };
    assert_eq!(
        names(&before),
        ["New", "Contacted", "Qualified", "Unqualified"]
    );

    lookups::move_value(&ctx, &a, before[1].id, Move::Up)
        .await
        .expect("move up");
    lookups::move_value(&ctx, &a, before[3].id, Move::Down)
        .await
        .expect("last stays last");
    let after = lookups::values(&ctx, &a, LookupKind::LeadStatus)
        .await
        .expect("values");
    assert_eq!(
        names(&after),
        ["Contacted", "New", "Qualified", "Unqualified"]
    );

    let nurture = lookups::create_value(&ctx, &a, LookupKind::LeadStatus, "Nurture")
        .await
        .expect("create");
    let dup = lookups::create_value(&ctx, &a, LookupKind::LeadStatus, "Nurture").await;
    assert_eq!(
        field_keys(dup.expect_err("duplicate")),
        [("name".to_owned(), "validation-name-taken".to_owned())]
    );
    lookups::create_value(&ctx, &a, LookupKind::Industry, "Nurture")
        .await
        .expect("the same name in another list is fine");
    let renamed = lookups::rename_value(&ctx, &a, nurture.id, "Nurturing")
        .await
        .expect("rename");
    assert_eq!(renamed.name, "Nurturing");
    lookups::set_value_active(&ctx, &a, nurture.id, false)
        .await
        .expect("deactivate");
    let rep = invited(&ctx, &admin, "rep@example.com", Role::User).await;
    let for_rep = lookups::values(&ctx, &actor_of(&rep), LookupKind::LeadStatus)
        .await
        .expect("values");
    assert!(!names(&for_rep).contains(&"Nurturing".to_owned()));
    assert!(matches!(
        lookups::rename_value(&ctx, &a, types::ids::LookupId::new(), "Ghost").await,
        Err(CoreError::NotFound)
    ));
}

async fn currencies_keep_one_active(ctx: Ctx) {
    let admin = first_admin(&ctx).await;
    let a = actor_of(&admin);
    let sek = lookups::add_currency(&ctx, &a, "sek", "Swedish Krona", 2)
        .await
        .expect("add");
    assert_eq!(sek.code, "SEK");
    let again = lookups::add_currency(&ctx, &a, "SEK", "Krona", 2).await;
    assert_eq!(
        field_keys(again.expect_err("exists")),
        [("code".to_owned(), "validation-currency-exists".to_owned())]
    );
    let bad = lookups::add_currency(&ctx, &a, "EURO", "", 7).await;
    assert_eq!(field_keys(bad.expect_err("invalid")).len(), 3);

    let all = lookups::currencies(&ctx, &a).await.expect("currencies");
    let (last, rest) = all.split_last().expect("some");
    for c in rest {
        lookups::set_currency_active(&ctx, &a, &c.code, false)
            .await
            .expect("deactivate");
    }
    let refused = lookups::set_currency_active(&ctx, &a, &last.code, false).await;
    assert!(
        matches!(refused, Err(CoreError::Rejected("lookups-last-currency"))),
        "{refused:?}"
    );
}

async fn changes_are_audited(ctx: Ctx) {
    let admin = first_admin(&ctx).await;
    let a = actor_of(&admin);
    let value = lookups::create_value(&ctx, &a, LookupKind::Industry, "Space")
        .await
        .expect("create");
    lookups::rename_value(&ctx, &a, value.id, "Aerospace")
        .await
        .expect("rename");
    lookups::rename_value(&ctx, &a, value.id, "Aerospace")
        .await
        .expect("no-op rename");
    let rows = audit_log::Entity::find()
        .filter(audit_log::Column::EntityId.eq(value.id.to_string()))
        .all(&ctx.db)
        .await
        .expect("audit");
    let actions: Vec<_> = rows.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(actions, ["create", "update"], "a no-op writes nothing");
    let update = &rows[1];
    assert_eq!(update.actor_id, Some(admin.id));
    assert_eq!(update.entity, "lookup_value");
    let changes: serde_json::Value = serde_json::from_str(&update.changes).expect("json");
    assert_eq!(
        changes,
        serde_json::json!([{"field": "name", "old": "Space", "new": "Aerospace"}])
    );

    let bob = invited(&ctx, &admin, "bob@example.com", Role::User).await;
    core_svc::services::users::change_role(&ctx, &a, bob.id, Role::Manager)
        .await
        .expect("promote");
    let row = audit_log::Entity::find()
        .filter(audit_log::Column::EntityId.eq(bob.id.to_string()))
        .one(&ctx.db)
        .await
        .expect("audit")
        .expect("the role change is audited");
    assert!(
        row.changes.contains(r#""old":"user","new":"manager""#),
        "{}",
        row.changes
    );
}

on_both!(
    defaults_are_seeded,
    only_admins_change_lookups,
    stages_follow_the_rules,
    values_are_ordered_and_renamed,
    currencies_keep_one_active,
    changes_are_audited,
);
