//! Activities: calls, meetings, notes and emails. Each is linked to the records it concerns;
//! logging one on a contact or deal also links its account, so the account's timeline shows
//! everything that happened around it. Delete, restore, watchers and history are the shared
//! `records::actions`.

use super::{begin, now};
use crate::audit::{self, Action, Change, Snapshot};
use crate::error::{CoreError, CoreResult};
use crate::policy::records::{self as policy, Relation};
use crate::records::access::{self, State};
use crate::records::keyset::{self, By, Sort, ValueKind};
use crate::records::{Record, filters, linked, names};
use crate::{Actor, Ctx};
use entity::activities::{self, Column, Entity, Model};
use entity::{activity_links, contacts, opportunities};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use time::{OffsetDateTime, PrimitiveDateTime};
use types::dto::activities::{Activity, ActivityInput, ActivityKind, ActivityRow};
use types::dto::records::{ListPage, ListQuery, RecordKind, UserRef};
use types::error::FieldError;
use types::ids::{ActivityId, UserId};
use types::validate::{self, Checker};
use uuid::Uuid;

impl Record for Entity {
    const KIND: RecordKind = RecordKind::Activity;

    fn id_col() -> Column {
        Column::Id
    }
    fn owner_col() -> Column {
        Column::OwnerId
    }
    fn deleted_col() -> Column {
        Column::DeletedAt
    }
    fn updated_col() -> Column {
        Column::UpdatedAt
    }
    fn text_cols() -> Vec<Column> {
        vec![Column::Subject, Column::Outcome]
    }
    fn id_of(m: &Model) -> Uuid {
        m.id.0
    }
    fn owner_of(m: &Model) -> UserId {
        m.owner_id
    }
    fn deleted_at(m: &Model) -> Option<OffsetDateTime> {
        m.deleted_at
    }
    fn title(m: &Model) -> String {
        m.subject.clone()
    }
    fn hint(m: &Model) -> String {
        m.occurred_at.date().to_string()
    }
}

/// Newest first by default: a timeline reads backwards.
const SORTS: &[Sort<Column>] = &[
    Sort {
        key: "occurred_at",
        by: By::Col(Column::OccurredAt),
        kind: ValueKind::Time,
    },
    Sort {
        key: "subject",
        by: By::Col(Column::Subject),
        kind: ValueKind::Text,
    },
    Sort {
        key: "kind",
        by: By::Col(Column::Kind),
        kind: ValueKind::Text,
    },
    Sort {
        key: "outcome",
        by: By::Col(Column::Outcome),
        kind: ValueKind::Text,
    },
    Sort {
        key: "updated_at",
        by: By::Col(Column::UpdatedAt),
        kind: ValueKind::Time,
    },
    Sort {
        key: "owner",
        by: By::Owner,
        kind: ValueKind::Text,
    },
];

/// The longest duration accepted: a full day.
const MAX_MINUTES: i32 = 24 * 60;

struct Fields {
    kind: ActivityKind,
    subject: String,
    occurred_at: OffsetDateTime,
    duration_minutes: Option<i32>,
    outcome: Option<String>,
    body: Option<String>,
}

/// `2026-11-24T14:30` (a datetime-local input), taken as UTC; empty means now.
fn moment(input: &str) -> validate::Rule<Option<OffsetDateTime>> {
    let value = input.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let (date, time) = value.split_once('T').ok_or("validation-date")?;
    let date = validate::optional_date(date)?.ok_or("validation-date")?;
    let mut parts = time.splitn(3, ':');
    let mut next = || {
        parts
            .next()
            .and_then(|p| p.get(..2).unwrap_or(p).parse::<u8>().ok())
    };
    let (Some(h), Some(m)) = (next(), next()) else {
        return Err("validation-date");
    };
    let time = time::Time::from_hms(h, m, 0).map_err(|_| "validation-date")?;
    Ok(Some(PrimitiveDateTime::new(date, time).assume_utc()))
}

fn check(input: &ActivityInput) -> CoreResult<Fields> {
    let mut c = Checker::new();
    let kind = c.check(
        "kind",
        validate::optional_code(&input.kind, ActivityKind::from_code),
    );
    let subject = c.check("subject", validate::title(&input.subject));
    let occurred_at = c.check("occurred_at", moment(&input.occurred_at));
    let duration = c.check(
        "duration_minutes",
        validate::optional_count(&input.duration_minutes, MAX_MINUTES),
    );
    let outcome = c.check("outcome", validate::optional_text(&input.outcome));
    let body = c.check("body", validate::optional_long_text(&input.body));
    c.finish()?;
    Ok(Fields {
        kind: kind.flatten().unwrap_or(ActivityKind::Note),
        subject: subject.unwrap_or_default(),
        occurred_at: occurred_at.flatten().unwrap_or_else(now),
        duration_minutes: duration.flatten(),
        outcome: outcome.flatten(),
        body: body.flatten(),
    })
}

fn fill(a: &mut activities::ActiveModel, f: Fields) {
    a.kind = Set(f.kind);
    a.subject = Set(f.subject);
    a.occurred_at = Set(f.occurred_at);
    a.duration_minutes = Set(f.duration_minutes);
    a.outcome = Set(f.outcome);
    a.body = Set(f.body);
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

async fn detail(
    db: &impl ConnectionTrait,
    actor: &Actor,
    m: Model,
    rel: Relation,
) -> CoreResult<Activity> {
    let owners = names::users(db, [m.owner_id]).await?;
    let refs: Vec<(RecordKind, Uuid)> = activity_links::Entity::find()
        .filter(activity_links::Column::ActivityId.eq(m.id))
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
    Ok(Activity {
        id: m.id,
        owner: UserRef {
            id: m.owner_id,
            name: names::of(&owners, &m.owner_id),
        },
        links,
        can_delete: policy::can_delete(actor, rel).is_ok(),
        kind: m.kind,
        subject: m.subject,
        occurred_at: m.occurred_at,
        duration_minutes: m.duration_minutes,
        outcome: m.outcome,
        body: m.body,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// The fields the History tab compares, from the stored row.
fn snapshot(m: &Model) -> Snapshot {
    vec![
        ("kind", audit::label("activity-kind", Some(m.kind.code()))),
        ("subject", audit::text(Some(&m.subject))),
        ("occurred_at", audit::moment(m.occurred_at)),
        (
            "duration_minutes",
            audit::text(m.duration_minutes.map(|d| d.to_string())),
        ),
        ("outcome", audit::text(m.outcome.clone())),
        ("body", audit::text(m.body.clone())),
    ]
}

pub async fn create(ctx: &Ctx, actor: &Actor, input: ActivityInput) -> CoreResult<Activity> {
    let f = check(&input)?;
    let txn = begin(ctx).await?;
    let link = linked::parse_and_check(&txn, actor, &input.linked).await?;
    let at = now();
    let mut row = activities::ActiveModel {
        id: Set(ActivityId::new()),
        owner_id: Set(actor.user_id),
        created_by: Set(actor.user_id),
        created_at: Set(at),
        updated_at: Set(at),
        deleted_at: Set(None),
        ..Default::default()
    };
    fill(&mut row, f);
    let model = row.insert(&txn).await?;
    if let Some((kind, id)) = link {
        for (kind, record_id) in links_for(&txn, actor, kind, id).await? {
            activity_links::ActiveModel {
                activity_id: Set(model.id),
                kind: Set(kind.code().to_owned()),
                record_id: Set(record_id),
            }
            .insert(&txn)
            .await?;
        }
    }
    let created = snapshot(&model);
    let activity = detail(&txn, actor, model, Relation::Owner).await?;
    let changes = audit::between(&[], &created);
    audit::record(
        &txn,
        now(),
        actor,
        "activity",
        activity.id,
        Action::Create,
        changes,
    )
    .await?;
    txn.commit().await?;
    Ok(activity)
}

pub async fn get(ctx: &Ctx, actor: &Actor, id: ActivityId) -> CoreResult<Activity> {
    let (model, rel) = access::load::<Entity>(&ctx.db, actor, id.0, State::Live).await?;
    detail(&ctx.db, actor, model, rel).await
}

pub async fn update(
    ctx: &Ctx,
    actor: &Actor,
    id: ActivityId,
    input: ActivityInput,
) -> CoreResult<Activity> {
    let f = check(&input)?;
    let txn = begin(ctx).await?;
    let (model, rel) = access::load::<Entity>(&txn, actor, id.0, State::Live).await?;
    policy::can_edit(actor, rel)?;
    let before = snapshot(&model);
    let mut row: activities::ActiveModel = model.into();
    fill(&mut row, f);
    row.updated_at = Set(now());
    let updated = row.update(&txn).await?;
    let changes = audit::between(&before, &snapshot(&updated));
    let activity = detail(&txn, actor, updated, rel).await?;
    audit::record(&txn, now(), actor, "activity", id, Action::Update, changes).await?;
    txn.commit().await?;
    Ok(activity)
}

/// Links the activity to one more record (`kind:id`), or removes a link. Whoever may edit the
/// activity and see the record may.
pub async fn set_link(
    ctx: &Ctx,
    actor: &Actor,
    id: ActivityId,
    reference: &str,
    linked: bool,
) -> CoreResult<()> {
    let txn = begin(ctx).await?;
    let (_, rel) = access::load::<Entity>(&txn, actor, id.0, State::Live).await?;
    policy::can_edit(actor, rel)?;
    let (kind, record) = linked::parse_and_check(&txn, actor, reference)
        .await?
        .ok_or_else(|| {
            CoreError::Validation(vec![FieldError::new("record", "validation-required")])
        })?;
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
    audit::record(&txn, now(), actor, "activity", id, Action::Update, change).await?;
    txn.commit().await?;
    Ok(())
}

/// Activities the actor may see; `parent` (`kind:id`) narrows them to one record's timeline.
pub async fn list(ctx: &Ctx, actor: &Actor, q: &ListQuery) -> CoreResult<ListPage<ActivityRow>> {
    let f = filters::parse(actor, q)?;
    let mut select = Entity::find().filter(access::visible::<Entity>(actor));
    select = filters::apply(select, &f, Column::CreatedAt, None)?;
    let mut c = Checker::new();
    let kind = c.check(
        "status",
        validate::optional_code(&q.status, ActivityKind::from_code),
    );
    let parent = c.check("parent", linked::parse(&q.parent));
    c.finish()?;
    if let Some(kind) = kind.flatten() {
        select = select.filter(Column::Kind.eq(kind));
    }
    if let Some((kind, id)) = parent.flatten() {
        // The record itself must be visible; its timeline then lists the visible activities.
        linked::parse_and_check(&ctx.db, actor, &q.parent).await?;
        let on_record = Query::select()
            .column(activity_links::Column::ActivityId)
            .from(activity_links::Entity)
            .and_where(Expr::col(activity_links::Column::Kind).eq(kind.code()))
            .and_where(Expr::col(activity_links::Column::RecordId).eq(id))
            .to_owned();
        select = select.filter(Column::Id.in_subquery(on_record));
    }
    let q = if q.sort.is_empty() {
        ListQuery {
            dir: "desc".into(),
            ..q.clone()
        }
    } else {
        q.clone()
    };
    let (rows, next) = keyset::page(ctx, actor, select, SORTS, &q).await?;
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

/// List rows, with the owners' names fetched once for all of them.
async fn rows_of(db: &impl ConnectionTrait, rows: Vec<Model>) -> CoreResult<Vec<ActivityRow>> {
    let owners = names::users(db, rows.iter().map(|m| m.owner_id)).await?;
    Ok(rows
        .into_iter()
        .map(|m| ActivityRow {
            id: m.id,
            owner: names::of(&owners, &m.owner_id),
            kind: m.kind,
            subject: m.subject,
            occurred_at: m.occurred_at,
            duration_minutes: m.duration_minutes,
            outcome: m.outcome,
            body: m.body,
            updated_at: m.updated_at,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_list_sorts_by_what_the_ui_offers() {
        let offered = types::dto::activities::SORTABLE;
        crate::records::keyset::assert_offered(super::SORTS, offered);
    }
}
