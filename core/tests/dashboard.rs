//! The home dashboard on both databases: pipeline by stage, won this month and quarter, win
//! rate, the viewer's open and overdue tasks, deals closing soon and recent activity, each
//! scoped like the lists (a rep's own, a manager's whole team).

mod common;

use common::{actor_of, first_admin, invited};
use core_svc::services::{dashboard, lookups, opportunities, tasks};
use time::{Duration, OffsetDateTime};
use types::dto::auth::Role;
use types::dto::lookups::StageKind;
use types::dto::opportunities::OpportunityInput;
use types::dto::tasks::TaskInput;

fn deal(name: &str, amount: &str, close: &str) -> OpportunityInput {
    OpportunityInput {
        name: Some(name.into()),
        amount: Some(amount.into()),
        currency: Some("EUR".into()),
        close_date: Some(close.into()),
        ..OpportunityInput::default()
    }
}

async fn figures_follow_wins_losses_tasks_and_scope(ctx: core_svc::Ctx) {
    let admin = first_admin(&ctx).await;
    let rep = invited(&ctx, &admin, "rep@example.com", Role::User).await;
    let other = invited(&ctx, &admin, "other@example.com", Role::User).await;
    let manager = invited(&ctx, &admin, "boss@example.com", Role::Manager).await;
    let (r, o, m) = (actor_of(&rep), actor_of(&other), actor_of(&manager));
    let stages = lookups::stages(&ctx, &r).await.expect("stages");
    let stage = |kind: StageKind| {
        stages
            .iter()
            .find(|s| s.kind == kind)
            .expect("a stage of the kind")
            .id
    };
    let today = OffsetDateTime::now_utc().date();
    let soon = (today + Duration::days(3)).to_string();
    let later = (today + Duration::days(40)).to_string();

    let empty = dashboard::dashboard(&ctx, &r).await.expect("dashboard");
    assert_eq!((empty.won_month.count, empty.won_quarter.count), (0, 0));
    assert_eq!(empty.win_rate, None, "nothing closed yet");
    assert!(empty.stages.iter().all(|b| b.count == 0));

    let first = opportunities::create(&ctx, &r, deal("Soon", "1000", &soon))
        .await
        .expect("deal");
    opportunities::create(&ctx, &r, deal("Later", "500", &later))
        .await
        .expect("deal");
    let won = opportunities::create(&ctx, &r, deal("Winner", "2500", &later))
        .await
        .expect("deal");
    let lost = opportunities::create(&ctx, &r, deal("Loser", "700", &later))
        .await
        .expect("deal");
    opportunities::create(&ctx, &o, deal("Not mine", "9999", &soon))
        .await
        .expect("other's deal");
    opportunities::move_stage(&ctx, &r, won.id, stage(StageKind::Won), "")
        .await
        .expect("won");
    opportunities::move_stage(&ctx, &r, lost.id, stage(StageKind::Lost), "Price")
        .await
        .expect("lost");
    for (title, due) in [
        ("Overdue call", Some(today - Duration::days(2))),
        ("Send proposal", Some(today + Duration::days(1))),
        ("Someday", None),
    ] {
        tasks::create(
            &ctx,
            &r,
            TaskInput {
                title: Some(title.into()),
                due_date: Some(due.map(|d| d.to_string()).unwrap_or_default()),
                ..TaskInput::default()
            },
        )
        .await
        .expect("task");
    }

    let d = dashboard::dashboard(&ctx, &r).await.expect("dashboard");
    assert_eq!(d.currency, "EUR");
    let open: i64 = d.stages.iter().map(|b| b.count).sum();
    assert_eq!(open, 2, "the rep's two open deals, not the other rep's");
    let open_total: i64 = d.stages.iter().map(|b| b.total.minor).sum();
    assert_eq!(open_total, 150_000);
    assert_eq!((d.won_month.count, d.won_month.total.minor), (1, 250_000));
    assert_eq!(
        (d.won_quarter.count, d.won_quarter.total.minor),
        (1, 250_000)
    );
    assert_eq!(d.win_rate, Some(50), "one won of two closed");
    assert_eq!((d.tasks_open, d.tasks_overdue), (3, 1));
    let dated: Vec<_> = d
        .tasks
        .iter()
        .map(|t| (t.title.as_str(), t.overdue))
        .collect();
    assert_eq!(dated, [("Overdue call", true), ("Send proposal", false)]);
    assert_eq!(d.closing[0].id, first.id, "the soonest open deal first");
    assert!(
        d.closing
            .iter()
            .all(|c| c.name != "Not mine" && c.name != "Winner")
    );

    // A manager sees the team: the other rep's open deal counts too; tasks stay their own.
    let team = dashboard::dashboard(&ctx, &m).await.expect("dashboard");
    let team_open: i64 = team.stages.iter().map(|b| b.count).sum();
    assert_eq!(team_open, 3);
    assert_eq!(team.won_month.count, 1);
    assert_eq!((team.tasks_open, team.tasks_overdue), (0, 0));
}

on_both!(figures_follow_wins_losses_tasks_and_scope);
