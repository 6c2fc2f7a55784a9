//! The home dashboard. Every figure is an aggregate in SQL over the records the viewer may
//! see (a handful of indexed queries whatever the data size); sums are shown in the viewer's
//! display currency.

use super::activities;
use super::pipeline::{bigint, cards, split_sum, stages, sums};
use crate::error::CoreResult;
use crate::records::{access, refs};
use crate::{Actor, Ctx};
use entity::opportunities::{Column, Entity};
use entity::{sales_stages, tasks};
use sea_orm::sea_query::{Expr, Func, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QueryOrder,
    QuerySelect, RelationDef,
};
use time::{Date, Time};
use types::dto::dashboard::{Dashboard, StageBar, TaskLine, Won, quarter_start};
use types::dto::lookups::StageKind;
use types::dto::tasks::TaskStatus;
use types::money::Money;
use types::money::{joined, sum_in};

/// How many lines each list on the dashboard shows.
const LINES: usize = 5;
/// How many recent activities it shows.
const ACTIVITIES: u64 = 8;

fn sum_of(expr: impl Into<SimpleExpr>) -> SimpleExpr {
    bigint(Func::sum(expr.into()).into())
}

/// Opportunities joined to their stage, for the stage kind.
fn stage_join() -> RelationDef {
    Entity::belongs_to(sales_stages::Entity)
        .from(Column::StageId)
        .to(sales_stages::Column::Id)
        .into()
}

/// One (stage kind, currency) group of closed deals: count and sum for the quarter, then
/// for the month, each sum in halves (`pipeline::split_sum`).
type ClosedSums = (StageKind, String, i64, i64, i64, i64, i64, i64);

/// Deals closed since the quarter began, per (stage kind, currency): count and sum for the
/// quarter, and the same for the month.
async fn closed(
    db: &impl ConnectionTrait,
    actor: &Actor,
    quarter: Date,
    month: Date,
) -> CoreResult<Vec<(StageKind, String, i64, i64, i64, i64)>> {
    let midnight = |d: Date| d.with_time(Time::MIDNIGHT).assume_utc();
    let in_month = || Expr::col((Entity, Column::ClosedAt)).gte(midnight(month));
    let [high, low] = split_sum(Expr::col(Column::Amount).into());
    let [month_high, month_low] = split_sum(
        Expr::case(in_month(), Expr::col(Column::Amount))
            .finally(0)
            .into(),
    );
    let rows: Vec<ClosedSums> = Entity::find()
        .select_only()
        .column(sales_stages::Column::Kind)
        .column(Column::Currency)
        .column_as(bigint(Expr::col((Entity, Column::Id)).count()), "n")
        .column_as(high, "high")
        .column_as(low, "low")
        .column_as(sum_of(Expr::case(in_month(), 1).finally(0)), "month_n")
        .column_as(month_high, "month_high")
        .column_as(month_low, "month_low")
        .join(JoinType::InnerJoin, stage_join())
        .filter(access::visible::<Entity>(actor))
        .filter(Column::ClosedAt.gte(midnight(quarter)))
        .filter(sales_stages::Column::Kind.is_in([StageKind::Won, StageKind::Lost]))
        .group_by(sales_stages::Column::Kind)
        .group_by(Column::Currency)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(kind, currency, n, high, low, month_n, month_high, month_low)| {
                let (total, month_total) = (joined(high, low), joined(month_high, month_low));
                (kind, currency, n, total, month_n, month_total)
            },
        )
        .collect())
}

/// The viewer's own open tasks: how many, how many overdue, and the next few with a date.
async fn my_tasks(
    db: &impl ConnectionTrait,
    actor: &Actor,
    today: Date,
) -> CoreResult<(i64, i64, Vec<TaskLine>)> {
    let mine = || {
        tasks::Entity::find()
            .filter(tasks::Column::OwnerId.eq(actor.user_id.0))
            .filter(tasks::Column::DeletedAt.is_null())
            .filter(tasks::Column::Status.ne(TaskStatus::Done))
    };
    let overdue = Expr::col(tasks::Column::DueDate).lt(today);
    let counts: Option<(i64, Option<i64>)> = mine()
        .select_only()
        .column_as(bigint(Expr::col(tasks::Column::Id).count()), "n")
        .column_as(sum_of(Expr::case(overdue, 1).finally(0)), "overdue")
        .into_tuple()
        .one(db)
        .await?;
    let (open, late) = counts.map_or((0, 0), |(n, o)| (n, o.unwrap_or(0)));
    let lines = mine()
        .filter(tasks::Column::DueDate.is_not_null())
        .order_by_asc(tasks::Column::DueDate)
        .order_by_asc(tasks::Column::Id)
        .limit(LINES as u64)
        .all(db)
        .await?
        .into_iter()
        .map(|t| TaskLine {
            overdue: t.due_date.is_some_and(|d| d < today),
            id: t.id,
            title: t.title,
            due_date: t.due_date,
        })
        .collect();
    Ok((open, late, lines))
}

/// The open deals closing soonest, from today.
async fn closing(
    db: &impl ConnectionTrait,
    open: Condition,
    today: Date,
) -> CoreResult<Vec<entity::opportunities::Model>> {
    Ok(Entity::find()
        .filter(open)
        .filter(Column::CloseDate.gte(today))
        .order_by_asc(Column::CloseDate)
        .order_by_asc(Column::Id)
        .limit(LINES as u64)
        .all(db)
        .await?)
}

pub async fn dashboard(ctx: &Ctx, actor: &Actor) -> CoreResult<Dashboard> {
    let db = &ctx.db;
    let today = ctx.now().date();
    let quarter = quarter_start(today);
    let month = today.replace_day(1).unwrap_or(today);
    let open = access::visible::<Entity>(actor).add(Column::ClosedAt.is_null());
    // Independent reads at once on the pool: the page waits for the slowest, not the sum.
    let (
        (currency, rates),
        per_stage,
        stages,
        closed,
        (tasks_open, tasks_overdue, tasks),
        soon,
        recent,
    ) = tokio::try_join!(
        refs::display_and_rates(db, actor.user_id),
        sums(db, open.clone()),
        stages(db),
        closed(db, actor, quarter, month),
        my_tasks(db, actor, today),
        closing(db, open, today),
        activities::recent(ctx, actor, ACTIVITIES),
    )?;
    let scale = rates.get(&currency).map_or(2, |r| r.0);
    let money = |minor| Money {
        minor,
        currency: currency.clone(),
        scale,
    };
    let mut unconverted = Vec::new();
    let mut bars = Vec::new();
    for stage in stages {
        if stage.kind != StageKind::Open {
            continue;
        }
        let mine = || per_stage.iter().filter(|r| r.0 == stage.id);
        let (total, apart) = sum_in(mine().map(|r| (&r.1, r.3)), &rates, &currency);
        unconverted.extend(apart);
        bars.push(StageBar {
            count: mine().map(|r| r.2).sum(),
            total: money(total),
            name: stage.name,
        });
    }
    let won = || closed.iter().filter(|r| r.0 == StageKind::Won);
    let (quarter_total, apart) = sum_in(won().map(|r| (&r.1, r.3)), &rates, &currency);
    unconverted.extend(apart);
    let (month_total, _) = sum_in(won().map(|r| (&r.1, r.5)), &rates, &currency);
    let won_n: i64 = won().map(|r| r.2).sum();
    let closed_n: i64 = closed.iter().map(|r| r.2).sum();
    Ok(Dashboard {
        stages: bars,
        won_month: Won {
            count: won().map(|r| r.4).sum(),
            total: money(month_total),
        },
        won_quarter: Won {
            count: won_n,
            total: money(quarter_total),
        },
        win_rate: (closed_n > 0).then(|| won_n * 100 / closed_n),
        unconverted,
        tasks_open,
        tasks_overdue,
        tasks,
        closing: cards(db, actor, soon, &rates).await?,
        activity: recent,
        currency,
    })
}
