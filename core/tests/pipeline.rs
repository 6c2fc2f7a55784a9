//! The pipeline board on both databases: totals per stage in the display currency (with
//! exchange rates, and apart when a currency has none), scoped by visibility and filters;
//! moving a deal, with the lost reason, closing stamps and history; and who may move what.

mod common;

use common::{actor_of, first_admin, invited};
use core_svc::records::actions;
use core_svc::services::{lookups, opportunities, pipeline};
use core_svc::{CoreError, Ctx};
use types::dto::auth::Role;
use types::dto::lookups::StageKind;
use types::dto::opportunities::OpportunityInput;
use types::dto::pipeline::{Board, BoardFilter};
use types::dto::records::{HistoryValue, ListQuery, RecordKind};

/// The board's URL state read as its server function reads it.
fn board_filter(q: &ListQuery) -> BoardFilter {
    BoardFilter::read(q).expect("well-formed board filters")
}

fn deal(name: &str, amount: &str, currency: &str, stage: &str) -> OpportunityInput {
    OpportunityInput {
        name: Some(name.into()),
        amount: Some(amount.into()),
        currency: Some(currency.into()),
        close_date: Some("2027-03-31".into()),
        stage: Some(stage.into()),
        ..OpportunityInput::default()
    }
}

fn column<'a>(board: &'a Board, stage: &str) -> &'a types::dto::pipeline::Column {
    board
        .columns
        .iter()
        .find(|c| c.stage.name == stage)
        .expect("a column for the stage")
}

async fn board_totals_follow_rates_visibility_and_filters(ctx: Ctx) {
    let admin = first_admin(&ctx).await;
    let rep = invited(&ctx, &admin, "rep@example.com", Role::User).await;
    let other = invited(&ctx, &admin, "other@example.com", Role::User).await;
    let (a, r, o) = (actor_of(&admin), actor_of(&rep), actor_of(&other));
    let stages = lookups::stages(&ctx, &a).await.expect("stages");
    let first = &stages[0];
    let first_id = first.id.to_string();
    for (name, amount, currency) in [
        ("Acme", "1000", "EUR"),
        ("Globex", "500.50", "EUR"),
        ("Initech", "100", "USD"),
        ("Umbrella", "200", "GBP"),
    ] {
        opportunities::create(&ctx, &r, deal(name, amount, currency, &first_id))
            .await
            .expect("deal");
    }
    opportunities::create(&ctx, &o, deal("Hidden", "700", "EUR", &first_id))
        .await
        .expect("other's deal");
    // USD has a rate (0.92 of the reference, the euro); GBP has none.
    lookups::set_currency_rate(&ctx, &a, "USD", "0.92")
        .await
        .expect("rate");
    let board = pipeline::board(&ctx, &r, &BoardFilter::default())
        .await
        .expect("board");
    assert_eq!(board.currency, "EUR");
    let col = column(&board, &first.name);
    assert_eq!(col.count, 4, "the other rep's deal is not counted");
    assert_eq!(col.total.minor, 100_000 + 50_050 + 9_200);
    let weighted = types::money::weighted(col.total.minor, first.probability);
    assert_eq!(col.weighted.minor, weighted);
    assert_eq!(col.unconverted.len(), 1);
    assert_eq!(
        (
            col.unconverted[0].currency.as_str(),
            col.unconverted[0].minor
        ),
        ("GBP", 20_000)
    );
    assert_eq!(col.cards.len(), 4);
    assert!(col.cards.iter().all(|c| c.name != "Hidden"));

    // A manager sees everyone's; "me" narrows to their own; dates narrow by close date.
    let board = pipeline::board(&ctx, &a, &BoardFilter::default())
        .await
        .expect("admin board");
    assert_eq!(column(&board, &first.name).count, 5);
    let mine = ListQuery {
        owner: "me".into(),
        ..ListQuery::default()
    };
    let board = pipeline::board(&ctx, &o, &board_filter(&mine))
        .await
        .expect("mine");
    assert_eq!(column(&board, &first.name).count, 1);
    let later = ListQuery {
        from: "2027-04-01".into(),
        ..ListQuery::default()
    };
    let board = pipeline::board(&ctx, &a, &board_filter(&later))
        .await
        .expect("later");
    assert_eq!(column(&board, &first.name).count, 0);
    assert_eq!(board.closed_since, None);
    let bad = ListQuery {
        to: "soon".into(),
        ..ListQuery::default()
    };
    assert!(matches!(
        BoardFilter::read(&bad).map_err(CoreError::from),
        Err(CoreError::Validation(_))
    ));
    // Bad rates are refused; only admins set them.
    assert!(matches!(
        lookups::set_currency_rate(&ctx, &a, "GBP", "-1").await,
        Err(CoreError::Validation(_))
    ));
    assert!(matches!(
        lookups::set_currency_rate(&ctx, &r, "GBP", "1.17").await,
        Err(CoreError::Forbidden)
    ));
}

async fn moving_a_deal_stamps_closes_and_asks_why_it_was_lost(ctx: Ctx) {
    let admin = first_admin(&ctx).await;
    let rep = invited(&ctx, &admin, "rep@example.com", Role::User).await;
    let stranger = invited(&ctx, &admin, "s@example.com", Role::User).await;
    let watcher = invited(&ctx, &admin, "w@example.com", Role::User).await;
    let (a, r) = (actor_of(&admin), actor_of(&rep));
    let stages = lookups::stages(&ctx, &a).await.expect("stages");
    let next = stages
        .iter()
        .filter(|s| s.kind == StageKind::Open)
        .nth(1)
        .expect("a second open stage");
    let won = stages
        .iter()
        .find(|s| s.kind == StageKind::Won)
        .expect("won");
    let lost = stages
        .iter()
        .find(|s| s.kind == StageKind::Lost)
        .expect("lost");
    let d = opportunities::create(&ctx, &r, deal("Acme", "1000", "EUR", ""))
        .await
        .expect("deal");
    assert_eq!(d.closed_at, None);

    // A stranger cannot find it; a watcher may move it (watchers edit).
    let r2 = opportunities::move_stage(&ctx, &actor_of(&stranger), d.id, next.id, "").await;
    assert!(matches!(r2, Err(CoreError::NotFound)), "{r2:?}");
    actions::set_watcher(&ctx, &r, RecordKind::Opportunity, d.id.0, watcher.id, true)
        .await
        .expect("watch");
    let moved = opportunities::move_stage(&ctx, &actor_of(&watcher), d.id, next.id, "")
        .await
        .expect("watcher moves");
    assert_eq!(moved.stage.id, next.id);
    assert!(moved.stage_entered_at >= d.stage_entered_at);

    // Lost needs a reason, and keeps it; won clears it and both stamp the close.
    let no_reason = opportunities::move_stage(&ctx, &r, d.id, lost.id, "  ").await;
    match no_reason {
        Err(CoreError::Validation(fields)) => {
            assert_eq!(fields[0].field, "lost_reason");
            assert_eq!(fields[0].key, "validation-lost-reason");
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    let lost_deal = opportunities::move_stage(&ctx, &r, d.id, lost.id, "Chose a competitor")
        .await
        .expect("lost");
    assert_eq!(lost_deal.lost_reason.as_deref(), Some("Chose a competitor"));
    assert!(lost_deal.closed_at.is_some());
    let won_deal = opportunities::move_stage(&ctx, &r, d.id, won.id, "")
        .await
        .expect("won");
    assert_eq!(won_deal.lost_reason, None);
    assert!(won_deal.closed_at.is_some());
    let reopened = opportunities::move_stage(&ctx, &r, d.id, next.id, "")
        .await
        .expect("reopened");
    assert_eq!(reopened.closed_at, None);

    // Every move is in the history, with the stage names and the reason.
    let history = actions::history(&ctx, &r, RecordKind::Opportunity, d.id.0)
        .await
        .expect("history");
    let text = |v: &Option<HistoryValue>| v.as_ref().and_then(|v| v.as_text().map(str::to_owned));
    let stage_changes: Vec<(Option<String>, Option<String>)> = history
        .iter()
        .flat_map(|h| h.changes.iter())
        .filter(|c| c.field == "stage")
        .map(|c| (text(&c.old), text(&c.new)))
        .collect();
    assert!(stage_changes.contains(&(Some(next.name.clone()), Some(lost.name.clone()))));
    assert!(stage_changes.contains(&(Some(lost.name.clone()), Some(won.name.clone()))));
    assert!(
        history
            .iter()
            .flat_map(|h| h.changes.iter())
            .any(|c| c.field == "lost_reason"
                && text(&c.new).as_deref() == Some("Chose a competitor"))
    );

    // The won deal left the open column and shows under Won, closed recently.
    opportunities::move_stage(&ctx, &r, d.id, won.id, "")
        .await
        .expect("won again");
    let board = pipeline::board(&ctx, &r, &BoardFilter::default())
        .await
        .expect("board");
    assert!(board.closed_since.is_some());
    assert_eq!(column(&board, &next.name).count, 0);
    assert_eq!(column(&board, &won.name).count, 1);
    assert_eq!(column(&board, &won.name).total.minor, 100_000);

    // An inactive or unknown stage is refused.
    let bogus = types::ids::StageId::new();
    let r3 = opportunities::move_stage(&ctx, &r, d.id, bogus, "").await;
    assert!(matches!(r3, Err(CoreError::Validation(_))), "{r3:?}");
}

async fn columns_page_their_cards(ctx: Ctx) {
    let admin = first_admin(&ctx).await;
    let a = actor_of(&admin);
    let stages = lookups::stages(&ctx, &a).await.expect("stages");
    let first = &stages[0];
    for i in 0..60 {
        let mut input = deal(&format!("Deal {i:02}"), "10", "EUR", &first.id.to_string());
        input.close_date = Some(format!("2027-01-{:02}", 1 + i % 28));
        opportunities::create(&ctx, &a, input).await.expect("deal");
    }
    let board = pipeline::board(&ctx, &a, &BoardFilter::default())
        .await
        .expect("board");
    let col = column(&board, &first.name);
    assert_eq!(col.count, 60);
    assert_eq!(col.total.minor, 60_000);
    assert_eq!(col.cards.len(), 50);
    let next = col.next.clone().expect("a second page");
    let rest = pipeline::column(&ctx, &a, &BoardFilter::default(), first.id, &next)
        .await
        .expect("next page");
    assert_eq!(rest.cards.len(), 10);
    assert_eq!(rest.next, None);
    let mut seen: Vec<_> = col.cards.iter().chain(&rest.cards).map(|c| c.id).collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 60, "no card twice, none missing");
    // Soonest close date first.
    assert!(
        col.cards
            .windows(2)
            .all(|w| w[0].close_date <= w[1].close_date)
    );
}

on_both!(
    board_totals_follow_rates_visibility_and_filters,
    moving_a_deal_stamps_closes_and_asks_why_it_was_lost,
    columns_page_their_cards,
);
