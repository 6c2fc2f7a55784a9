//! Lead conversion on both databases: one transaction makes the account, contact and deal
//! (or links existing ones, offered as likely duplicates), marks the lead converted with links
//! both ways, and refuses strangers, a second conversion and bad deal fields without leaving
//! anything half made.

mod common;

use common::{actor_of, first_admin, invited, req};
use core_svc::services::{accounts, contacts, lead_conversion, leads, opportunities};
use core_svc::{CoreError, Ctx};
use types::dto::accounts::AccountInput;
use types::dto::auth::Role;
use types::dto::contacts::ContactInput;
use types::dto::leads::{ConvertInput, LeadInput};
use types::dto::records::{ListQuery, RecordKind};
use types::ids::{AccountId, ContactId, OpportunityId};

fn lead(company: &str, email: &str) -> LeadInput {
    LeadInput {
        first_name: Some("Ada".into()),
        last_name: Some("Lovelace".into()),
        company: Some(company.into()),
        job_title: Some("CTO".into()),
        email: Some(email.into()),
        phone: Some("+44 20 7946 0000".into()),
        ..LeadInput::default()
    }
}

fn with_deal(amount: &str) -> ConvertInput {
    ConvertInput {
        deal: Some("on".into()),
        amount: amount.into(),
        currency: "EUR".into(),
        close_date: "2027-06-30".into(),
        ..ConvertInput::default()
    }
}

async fn count(ctx: &Ctx, actor: &core_svc::Actor) -> (usize, usize, usize) {
    let q = ListQuery::default();
    (
        accounts::list(ctx, actor, &req(&q))
            .await
            .expect("accounts")
            .items
            .len(),
        contacts::list(ctx, actor, &req(&q))
            .await
            .expect("contacts")
            .items
            .len(),
        opportunities::list(ctx, actor, &req(&q))
            .await
            .expect("deals")
            .items
            .len(),
    )
}

async fn converting_makes_all_three_records_linked_both_ways(ctx: Ctx) {
    let admin = first_admin(&ctx).await;
    let rep = invited(&ctx, &admin, "rep@example.com", Role::User).await;
    let r = actor_of(&rep);
    let l = leads::create(&ctx, &r, lead("Analytical Engines", "ada@engines.test"))
        .await
        .expect("lead");
    let made = lead_conversion::convert(&ctx, &r, l.id, with_deal("12500"))
        .await
        .expect("converted");
    assert_eq!(made.account.title, "Analytical Engines");
    assert_eq!(made.contact.title, "Ada Lovelace");
    let deal = made.deal.expect("a deal");
    assert_eq!(
        deal.title, "Analytical Engines",
        "the deal is named after the account"
    );

    let contact = contacts::get(&ctx, &r, ContactId(made.contact.id))
        .await
        .expect("contact");
    assert_eq!(contact.email.as_deref(), Some("ada@engines.test"));
    assert_eq!(contact.position.as_deref(), Some("CTO"));
    assert_eq!(contact.account.map(|a| a.id.0), Some(made.account.id));
    assert_eq!(contact.owner.id, rep.id, "a rep's conversion is theirs");
    assert_eq!(contact.from_leads.len(), 1);
    assert_eq!(contact.from_leads[0].id, l.id.0);

    let opp = opportunities::get(&ctx, &r, OpportunityId(deal.id))
        .await
        .expect("deal");
    assert_eq!(opp.amount.minor, 1_250_000);
    assert_eq!(opp.contact.map(|c| c.id.0), Some(made.contact.id));
    assert_eq!(
        opp.stage.kind,
        types::dto::lookups::StageKind::Open,
        "no stage named: the first open one"
    );
    assert_eq!(opp.from_leads[0].id, l.id.0);
    let account = accounts::get(&ctx, &r, AccountId(made.account.id))
        .await
        .expect("account");
    assert_eq!(account.from_leads[0].id, l.id.0);

    let converted = leads::get(&ctx, &r, l.id).await.expect("lead");
    assert!(converted.converted_at.is_some());
    let kinds: Vec<_> = converted.converted_to.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        [
            RecordKind::Account,
            RecordKind::Contact,
            RecordKind::Opportunity
        ]
    );
    let history = core_svc::records::actions::history(&ctx, &r, RecordKind::Lead, l.id.0)
        .await
        .expect("history");
    assert!(
        history
            .iter()
            .any(|h| h.changes.iter().any(|c| c.field == "converted")),
        "the conversion is in the lead's history"
    );

    let again = lead_conversion::convert(&ctx, &r, l.id, ConvertInput::default()).await;
    assert!(matches!(
        again,
        Err(CoreError::Rejected("leads-already-converted"))
    ));
}

async fn likely_duplicates_are_offered_and_linked(ctx: Ctx) {
    let admin = first_admin(&ctx).await;
    let a = actor_of(&admin);
    let account = accounts::create(
        &ctx,
        &a,
        AccountInput {
            name: Some("Initech Corporation".into()),
            ..AccountInput::default()
        },
    )
    .await
    .expect("account");
    let contact = contacts::create(
        &ctx,
        &a,
        ContactInput {
            last_name: Some("Lumbergh".into()),
            email: Some("bill@initech.test".into()),
            ..ContactInput::default()
        },
    )
    .await
    .expect("contact");
    let l = leads::create(&ctx, &a, lead("initech", "BILL@initech.test"))
        .await
        .expect("lead");
    let offer = lead_conversion::offer(&ctx, &a, l.id).await.expect("offer");
    assert_eq!(offer.matches.accounts.len(), 1);
    assert_eq!(offer.matches.accounts[0].id, account.id.0);
    assert_eq!(offer.matches.contacts.len(), 1);
    assert_eq!(offer.matches.contacts[0].id, contact.id.0);

    let before = count(&ctx, &a).await;
    let made = lead_conversion::convert(
        &ctx,
        &a,
        l.id,
        ConvertInput {
            account: account.id.to_string(),
            contact: contact.id.to_string(),
            ..ConvertInput::default()
        },
    )
    .await
    .expect("converted");
    assert_eq!(made.account.id, account.id.0);
    assert_eq!(made.contact.id, contact.id.0);
    assert!(made.deal.is_none());
    assert_eq!(count(&ctx, &a).await, before, "nothing new was created");
}

async fn strangers_bad_links_and_bad_deals_change_nothing(ctx: Ctx) {
    let admin = first_admin(&ctx).await;
    let rep = invited(&ctx, &admin, "rep@example.com", Role::User).await;
    let other = invited(&ctx, &admin, "other@example.com", Role::User).await;
    let (a, r, o) = (actor_of(&admin), actor_of(&rep), actor_of(&other));
    let l = leads::create(&ctx, &r, lead("Globex", "hank@globex.test"))
        .await
        .expect("lead");
    // Someone who cannot see the lead cannot convert it or read its offer.
    assert!(matches!(
        lead_conversion::convert(&ctx, &o, l.id, with_deal("1")).await,
        Err(CoreError::NotFound)
    ));
    assert!(matches!(
        lead_conversion::offer(&ctx, &o, l.id).await,
        Err(CoreError::NotFound)
    ));
    // Linking to an account the rep cannot see is NotFound too.
    let hidden = accounts::create(
        &ctx,
        &o,
        AccountInput {
            name: Some("Globex".into()),
            ..AccountInput::default()
        },
    )
    .await
    .expect("other's account");
    let offer = lead_conversion::offer(&ctx, &r, l.id).await.expect("offer");
    assert!(
        offer.matches.accounts.is_empty(),
        "hidden accounts are not offered"
    );
    let linked = ConvertInput {
        account: hidden.id.to_string(),
        ..ConvertInput::default()
    };
    assert!(matches!(
        lead_conversion::convert(&ctx, &r, l.id, linked).await,
        Err(CoreError::NotFound)
    ));
    // A bad deal amount fails on the form's field, after the account and contact were made
    // in the same transaction: nothing of them stays.
    let before = count(&ctx, &a).await;
    match lead_conversion::convert(&ctx, &r, l.id, with_deal("twelve")).await {
        Err(CoreError::Validation(fields)) => {
            assert_eq!(fields[0].field, "amount");
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert_eq!(count(&ctx, &a).await, before, "the transaction rolled back");
    let still = leads::get(&ctx, &r, l.id).await.expect("lead");
    assert!(still.converted_at.is_none());
    // A manager converts a rep's lead: the records stay the rep's.
    let made = lead_conversion::convert(&ctx, &a, l.id, with_deal("5"))
        .await
        .expect("converted");
    let contact = contacts::get(&ctx, &r, ContactId(made.contact.id))
        .await
        .expect("the rep sees their contact");
    assert_eq!(contact.owner.id, rep.id);
}

on_both!(
    converting_makes_all_three_records_linked_both_ways,
    likely_duplicates_are_offered_and_linked,
    strangers_bad_links_and_bad_deals_change_nothing,
);
