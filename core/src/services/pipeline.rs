//! The opportunity pipeline board: a column per active stage with its count, total and
//! probability-weighted total in the viewer's display currency (aggregated in SQL, one
//! GROUP BY for the whole board), and each column's cards a keyset page at a time, so a
//! column of 5,000 deals costs what a column of 50 does. Moving a card is
//! `opportunities::move_stage`.

use crate::error::CoreResult;
use crate::records::{access, keyset, names, refs};
use crate::{Actor, Ctx};
use entity::opportunities::{Column, Entity, Model};
use entity::sales_stages;
use sea_orm::sea_query::{Alias, BinOper, Expr, Func, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use time::{Date, Duration, OffsetDateTime, Time};
use types::dto::list::{Owner, Page};
use types::dto::lookups::StageKind;
use types::dto::opportunities::StageRef;
use types::dto::pipeline::{self, Board, BoardFilter, Card, Cards, Column as BoardColumn};
use types::ids::StageId;
use types::money;
use types::money::Money;

/// Without a close-date range, won and lost deals show from this day on.
fn closed_since(f: &BoardFilter, now: OffsetDateTime) -> Option<Date> {
    (f.close_from.is_none() && f.close_to.is_none())
        .then(|| (now - Duration::days(pipeline::CLOSED_DAYS)).date())
}

/// The deals the board shows: visible to the actor, live, and within the filters.
fn condition(actor: &Actor, f: &BoardFilter, now: OffsetDateTime) -> Condition {
    let mut cond = access::visible::<Entity>(actor);
    match f.owner {
        Some(Owner::Me) => cond = cond.add(Column::OwnerId.eq(actor.user_id)),
        Some(Owner::User(id)) => cond = cond.add(Column::OwnerId.eq(id)),
        None => {}
    }
    if let Some(from) = f.close_from {
        cond = cond.add(Column::CloseDate.gte(from));
    }
    if let Some(to) = f.close_to {
        cond = cond.add(Column::CloseDate.lte(to));
    }
    if let Some(since) = closed_since(f, now) {
        let since = since.with_time(Time::MIDNIGHT).assume_utc();
        cond = cond.add(
            Condition::any()
                .add(Column::ClosedAt.is_null())
                .add(Column::ClosedAt.gte(since)),
        );
    }
    cond
}

/// The active stages in pipeline order.
pub(crate) async fn stages(db: &impl ConnectionTrait) -> CoreResult<Vec<StageRef>> {
    Ok(sales_stages::Entity::find()
        .filter(sales_stages::Column::IsActive.eq(true))
        .order_by_asc(sales_stages::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|s| StageRef {
            id: s.id,
            name: s.name,
            probability: s.probability,
            kind: s.kind,
        })
        .collect())
}

/// A stage's cards: open stages by close date, soonest first; won and lost most recent first.
fn card_page(stage: &StageRef, after: &str) -> Page {
    Page {
        sort: Some("close_date".into()),
        desc: stage.kind != StageKind::Open,
        after: (!after.is_empty()).then(|| after.to_owned()),
        limit: None,
    }
}

async fn page(
    ctx: &Ctx,
    actor: &Actor,
    cond: Condition,
    stage: &StageRef,
    after: &str,
) -> CoreResult<(Vec<Model>, Option<String>)> {
    let select = Entity::find()
        .filter(cond)
        .filter(Column::StageId.eq(stage.id));
    keyset::page(ctx, actor, select, &card_page(stage, after)).await
}

/// Cards for rows, with owner and (visible) account names fetched once for all of them.
pub(crate) async fn cards(
    db: &impl ConnectionTrait,
    actor: &Actor,
    rows: Vec<Model>,
    scales: &money::Rates,
) -> CoreResult<Vec<Card>> {
    let owners = names::users(db, rows.iter().map(|m| m.owner_id)).await?;
    let accounts = names::accounts(db, actor, rows.iter().filter_map(|m| m.account_id)).await?;
    Ok(rows
        .into_iter()
        .map(|m| Card {
            id: m.id,
            account: m.account_id.and_then(|id| accounts.get(&id).cloned()),
            amount: Money {
                minor: m.amount,
                scale: scales.get(&m.currency).map_or(2, |s| s.0),
                currency: m.currency,
            },
            owner: names::of(&owners, &m.owner_id),
            name: m.name,
            close_date: m.close_date,
        })
        .collect())
}

/// An aggregate read back as an `i64` on both databases (Postgres sums a BIGINT into a
/// NUMERIC).
pub(crate) fn bigint(expr: SimpleExpr) -> SimpleExpr {
    Func::cast_as(expr, Alias::new("BIGINT")).into()
}

/// `SUM(amount / 2^32)` and `SUM(amount % 2^32)` of an amount expression, as BIGINTs: no
/// number of deals can overflow them (SQLite would fail the query, Postgres the cast);
/// `money::joined` adds them up.
pub(crate) fn split_sum(amount: SimpleExpr) -> [SimpleExpr; 2] {
    let half = || SimpleExpr::Value(money::HALF.into());
    let part = |op| SimpleExpr::Binary(Box::new(amount.clone()), op, Box::new(half()));
    [
        bigint(Func::sum(part(BinOper::Div)).into()),
        bigint(Func::sum(part(BinOper::Mod)).into()),
    ]
}

/// Count and sum per (stage, currency), in one query over the whole board.
pub(crate) async fn sums(
    db: &impl ConnectionTrait,
    cond: Condition,
) -> CoreResult<Vec<(StageId, String, i64, i64)>> {
    let [high, low] = split_sum(Expr::col(Column::Amount).into());
    let rows: Vec<(StageId, String, i64, i64, i64)> = Entity::find()
        .select_only()
        .column(Column::StageId)
        .column(Column::Currency)
        .column_as(bigint(Expr::col(Column::Id).count()), "n")
        .column_as(high, "high")
        .column_as(low, "low")
        .filter(cond)
        .group_by(Column::StageId)
        .group_by(Column::Currency)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(stage, currency, n, high, low)| (stage, currency, n, money::joined(high, low)))
        .collect())
}

pub async fn board(ctx: &Ctx, actor: &Actor, f: &BoardFilter) -> CoreResult<Board> {
    let db = &ctx.db;
    let cond = condition(actor, f, ctx.now());
    // Independent reads at once on the pool: the board waits for the slowest, not the sum.
    let ((currency, rates), sums, stages) = tokio::try_join!(
        refs::display_and_rates(db, actor.user_id),
        sums(db, cond.clone()),
        stages(db),
    )?;
    let target = rates.get(&currency).copied().unwrap_or((2, None));
    // Every column's first page, then the names on all their cards in one go.
    let mut pages = Vec::new();
    let mut rows = Vec::new();
    for stage in stages {
        let (page_rows, next) = page(ctx, actor, cond.clone(), &stage, "").await?;
        pages.push((stage, page_rows.len(), next));
        rows.extend(page_rows);
    }
    let mut all_cards = cards(db, actor, rows, &rates).await?.into_iter();
    let mut columns = Vec::new();
    for (stage, shown, next) in pages {
        let mine = || sums.iter().filter(|r| r.0 == stage.id);
        let count = mine().map(|r| r.2).sum();
        let (total, unconverted) = money::sum_in(mine().map(|r| (&r.1, r.3)), &rates, &currency);
        let money = |minor| Money {
            minor,
            currency: currency.clone(),
            scale: target.0,
        };
        columns.push(BoardColumn {
            count,
            total: money(total),
            weighted: money(money::weighted(total, stage.probability)),
            unconverted,
            cards: all_cards.by_ref().take(shown).collect(),
            next,
            stage,
        });
    }
    Ok(Board {
        currency,
        columns,
        closed_since: closed_since(f, ctx.now()),
    })
}

/// The next page of one column's cards.
pub async fn column(
    ctx: &Ctx,
    actor: &Actor,
    f: &BoardFilter,
    stage: StageId,
    after: &str,
) -> CoreResult<Cards> {
    let db = &ctx.db;
    let stage = stages(db)
        .await?
        .into_iter()
        .find(|s| s.id == stage)
        .ok_or(crate::CoreError::NotFound)?;
    let cond = condition(actor, f, ctx.now());
    let (rows, next) = page(ctx, actor, cond, &stage, after).await?;
    let rates = refs::rates(db).await?;
    Ok(Cards {
        cards: cards(db, actor, rows, &rates).await?,
        next,
    })
}
