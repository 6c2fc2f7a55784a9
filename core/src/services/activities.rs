//! Activities: calls, meetings, notes and emails. Each is linked to the records it concerns;
//! logging one on a contact or deal also links its account, so the account's timeline shows
//! everything that happened around it. Delete, restore, watchers and history are the shared
//! `records::actions`.

use crate::audit::{self, Action, Change, Snapshot};
use crate::error::{CoreError, CoreResult};
use crate::policy::records::{self as policy, Relation};
use crate::records::access::{self, State};
use crate::records::checks::{optional, put};
use crate::records::keyset::{self};
use crate::records::view::{self, Extra};
use crate::records::write::{Fields, Writer, recorded};
use crate::records::{Record, filters, linked};
use crate::{Actor, Ctx};
use entity::activities::{self, Column, Entity, Model};
use entity::{activity_links, contacts, opportunities};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use types::dto::activities::{
    Activity, ActivityFilter, ActivityKind, ActivityPatch, ActivityRow, DURATION_MAX,
};
use types::dto::list::{ListRequest, Page};
use types::dto::records::{Link, ListPage, RecordKind};
use types::dto::tasks::RecordRef;
use types::ids::ActivityId;
use types::validate::{self, Checker};
use uuid::Uuid;

impl Record for Entity {
    crate::record_columns!();

    const KIND: RecordKind = RecordKind::Activity;
    const WATCHED: bool = false;
    const TEXT_COLS: &'static [Column] = &[Column::Subject, Column::Outcome];
    fn title(m: &Model) -> String {
        m.subject.clone()
    }
    fn hint(m: &Model) -> String {
        m.occurred_at.date().to_string()
    }
}

/// The records an activity on `kind:id` is linked to: the record, and its account when a
/// contact or deal has one the actor may see. An account hidden from them stays unlinked:
/// they could neither see nor remove the link, and would be writing into a record that is
/// not theirs.
async fn links_for(
    db: &impl ConnectionTrait,
    actor: &Actor,
    kind: RecordKind,
    id: Uuid,
) -> CoreResult<Vec<(RecordKind, Uuid)>> {
    let account = match kind {
        RecordKind::Contact => contacts::Entity::find_by_id(types::ids::ContactId(id))
            .one(db)
            .await?
            .and_then(|c| c.account_id),
        RecordKind::Opportunity => opportunities::Entity::find_by_id(types::ids::OpportunityId(id))
            .one(db)
            .await?
            .and_then(|o| o.account_id),
        _ => None,
    };
    let mut out = vec![(kind, id)];
    if let Some(account) = account {
        match access::load::<entity::accounts::Entity>(db, actor, account.0, State::Live).await {
            Ok(_) => out.push((RecordKind::Account, account.0)),
            Err(CoreError::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

#[async_trait::async_trait]
impl Fields for Entity {
    type Patch = ActivityPatch;
    type Detail = Activity;
    type After = Option<Link>;

    async fn apply<C: ConnectionTrait + Sync>(
        w: &Writer<'_, C>,
        current: Option<&Model>,
        p: ActivityPatch,
        row: &mut activities::ActiveModel,
        c: &mut Checker,
    ) -> CoreResult<Option<Link>> {
        let creating = current.is_none();
        let _text = |s: String| validate::optional_text(&s);
        put(
            &mut row.kind,
            p.kind.or(creating.then_some(ActivityKind::Note)),
        );
        // Logged without a time: it happened now.
        put(
            &mut row.occurred_at,
            p.occurred_at.or(creating.then_some(w.at)),
        );
        put(
            &mut row.duration_minutes,
            optional(c, "duration_minutes", p.duration_minutes, |n| {
                validate::count(n, DURATION_MAX).map(Some)
            }),
        );
        if p.linked.is_some() && !creating {
            c.fail("linked", "validation-create-only");
        }
        Ok(p.linked)
    }

    /// Links the new activity to the record it was logged on, and that record's account.
    async fn after_insert<C: ConnectionTrait + Sync>(
        w: &Writer<'_, C>,
        activity: &Model,
        link: Option<Link>,
    ) -> CoreResult<()> {
        let Some(link) = link else {
            return Ok(());
        };
        linked::check(w.db, w.actor, link).await?;
        for (kind, record_id) in links_for(w.db, w.actor, link.kind, link.id).await? {
            activity_links::ActiveModel {
                activity_id: Set(activity.id),
                kind: Set(kind.code().to_owned()),
                record_id: Set(record_id),
            }
            .insert(w.db)
            .await?;
        }
        Ok(())
    }

    /// The fields the History tab compares, from the stored row.
    async fn snapshot<C: ConnectionTrait + Sync>(_db: &C, m: &Model) -> CoreResult<Snapshot> {
        Ok(vec![
            ("kind", audit::label("activity-kind", Some(m.kind.code()))),
            ("occurred_at", audit::moment(m.occurred_at)),
            (
                "duration_minutes",
                audit::text(m.duration_minutes.map(|d| d.to_string())),
            ),
        ])
    }

    async fn detail<C: ConnectionTrait + Sync>(
        db: &C,
        actor: &Actor,
        m: Model,
        rel: Relation,
    ) -> CoreResult<Activity> {
        let extra = Extra::new().with("links", links(db, actor, m.id).await?);
        view::detail::<Entity, _>(db, actor, &m, rel, extra).await
    }
}

/// The records an activity is linked to that the actor may see, by kind, then title.
async fn links(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: ActivityId,
) -> CoreResult<Vec<RecordRef>> {
    let refs: Vec<(RecordKind, Uuid)> = activity_links::Entity::find()
        .filter(activity_links::Column::ActivityId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|l| Some((RecordKind::from_code(&l.kind)?, l.record_id)))
        .collect();
    let titles = linked::titles(db, actor, refs.iter().copied()).await?;
    let mut links: Vec<_> = refs
        .iter()
        .filter_map(|(_, id)| titles.get(id).cloned())
        .collect();
    links.sort_by_key(|l| {
        (
            RecordKind::ALL.iter().position(|k| *k == l.kind),
            l.title.clone(),
        )
    });
    Ok(links)
}

/// The records an activity is linked to, for whoever sees the activity.
pub async fn links_of(ctx: &Ctx, actor: &Actor, id: ActivityId) -> CoreResult<Vec<RecordRef>> {
    access::load::<Entity>(&ctx.db, actor, id.0, State::Live).await?;
    links(&ctx.db, actor, id).await
}

crate::record_commands!(Entity, ActivityId);

pub async fn list(
    ctx: &Ctx,
    actor: &Actor,
    q: &ListRequest<ActivityFilter>,
) -> CoreResult<ListPage<ActivityRow>> {
    let mut select = filters::select::<Entity>(actor, &q.common, None)?;
    if let Some(kind) = q.filter.kind {
        select = select.filter(Column::Kind.eq(kind));
    }
    if let Some(link) = q.filter.on {
        // The record itself must be visible; its timeline then lists the visible activities.
        linked::check(&ctx.db, actor, link).await?;
        let Link { kind, id } = link;
        let on_record = Query::select()
            .column(activity_links::Column::ActivityId)
            .from(activity_links::Entity)
            .and_where(Expr::col(activity_links::Column::Kind).eq(kind.code()))
            .and_where(Expr::col(activity_links::Column::RecordId).eq(id))
            .to_owned();
        select = select.filter(Column::Id.in_subquery(on_record));
    }
    // Newest first unless another order is asked for.
    let page = Page {
        desc: q.page.desc || q.page.sort.is_none(),
        ..q.page.clone()
    };
    let (rows, next) = keyset::page(ctx, actor, select, &page).await?;
    Ok(ListPage {
        items: rows_of(&ctx.db, rows).await?,
        next,
    })
}

/// The latest activities the actor may see that have happened (a meeting planned for next
/// week is not "recent"), newest first.
pub async fn recent(ctx: &Ctx, actor: &Actor, limit: u64) -> CoreResult<Vec<ActivityRow>> {
    let rows = Entity::find()
        .filter(access::visible::<Entity>(actor))
        .filter(Column::OccurredAt.lte(ctx.now()))
        .order_by_desc(Column::OccurredAt)
        .order_by_desc(Column::Id)
        .limit(limit)
        .all(&ctx.db)
        .await?;
    rows_of(&ctx.db, rows).await
}

/// List rows: the activities' fields and owners.
async fn rows_of(db: &impl ConnectionTrait, rows: Vec<Model>) -> CoreResult<Vec<ActivityRow>> {
    let extras = rows.iter().map(|_| Extra::new()).collect();
    view::rows::<Entity, _>(db, &rows, extras).await
}

/// Links the activity to one more record, or removes a link. Whoever may edit the activity
/// and see the record may.
pub async fn set_link(
    ctx: &Ctx,
    actor: &Actor,
    id: ActivityId,
    link: Link,
    linked: bool,
) -> CoreResult<()> {
    let txn = ctx.begin().await?;
    let (_, rel) = access::load::<Entity>(&txn, actor, id.0, State::Live).await?;
    policy::can_edit(actor, rel)?;
    linked::check(&txn, actor, link).await?;
    let Link { kind, id: record } = link;
    let title = linked::title(&txn, actor, kind, record)
        .await?
        .map(|r| r.title)
        .unwrap_or_default();
    let link = audit::link(kind, record, title);
    let existing = activity_links::Entity::find_by_id((id, kind.code().to_owned(), record))
        .one(&txn)
        .await?;
    let change = match (existing, linked) {
        (None, true) => {
            activity_links::ActiveModel {
                activity_id: Set(id),
                kind: Set(kind.code().to_owned()),
                record_id: Set(record),
            }
            .insert(&txn)
            .await?;
            Some(Change::added("links", link))
        }
        (Some(_), false) => {
            activity_links::Entity::delete_by_id((id, kind.code().to_owned(), record))
                .exec(&txn)
                .await?;
            Some(Change::removed("links", link))
        }
        _ => None,
    };
    let at = ctx.now();
    recorded(
        &txn,
        at,
        actor,
        RecordKind::Activity,
        id.0,
        Action::Update,
        change,
    )
    .await?;
    ctx.commit(txn).await
}
