//! Opportunities: deals on the pipeline. Lists, detail, create and update live here, and the
//! other contacts of a deal; line items are `services::line_items`; delete, restore,
//! reassign, watchers and history are the shared `records::actions`.

use super::{begin, now};
use crate::audit::{self, Action, Change, Snapshot};
use crate::error::{CoreError, CoreResult};
use crate::policy::records::{self as policy, Relation};
use crate::records::access::{self, State};
use crate::records::keyset::{self, By, Sort, ValueKind};
use crate::records::{Record, actions, filters, names, refs};
use crate::{Actor, Ctx};
use entity::opportunities::{self, Column, Entity, Model};
use entity::{contacts, opportunity_contacts, sales_stages};
use sea_orm::sea_query::{Alias, Func, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use std::collections::HashMap;
use time::{Date, OffsetDateTime};
use types::dto::accounts::AccountRef;
use types::dto::contacts::full_name;
use types::dto::lookups::StageKind;
use types::dto::opportunities::{
    ContactRef, Opportunity, OpportunityInput, OpportunityRow, OpportunityType, StageRef,
};
use types::dto::records::{ListPage, ListQuery, RecordKind, UserRef};
use types::error::FieldError;
use types::ids::{AccountId, ContactId, OpportunityId, StageId, UserId};
use types::money::Money;
use types::validate::{self, Checker};
use uuid::Uuid;

impl Record for Entity {
    const KIND: RecordKind = RecordKind::Opportunity;

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
        vec![Column::Name, Column::NextStep]
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
        m.name.clone()
    }
    fn hint(m: &Model) -> String {
        m.close_date.to_string()
    }
}

/// A number of the deal's stage (its place or its probability), as BIGINT on every backend.
fn stage_number(column: sales_stages::Column) -> SimpleExpr {
    let value = keyset::linked::<sales_stages::Entity, Entity>(
        column,
        sales_stages::Column::Id,
        Column::StageId,
    );
    Func::cast_as(value, Alias::new("BIGINT")).into()
}

/// The stage's place in the pipeline, for sorting deals by stage.
fn stage_position() -> SimpleExpr {
    stage_number(sales_stages::Column::Position)
}

fn stage_probability() -> SimpleExpr {
    stage_number(sales_stages::Column::Probability)
}

pub(crate) const SORTS: &[Sort<Column>] = &[
    Sort {
        key: "name",
        by: By::Col(Column::Name),
        kind: ValueKind::Text,
    },
    Sort {
        key: "amount",
        by: By::Col(Column::Amount),
        kind: ValueKind::Int,
    },
    Sort {
        key: "close_date",
        by: By::Col(Column::CloseDate),
        kind: ValueKind::Date,
    },
    Sort {
        key: "opportunity_type",
        by: By::Col(Column::OpportunityType),
        kind: ValueKind::Text,
    },
    Sort {
        key: "updated_at",
        by: By::Col(Column::UpdatedAt),
        kind: ValueKind::Time,
    },
    Sort {
        key: "created_at",
        by: By::Col(Column::CreatedAt),
        kind: ValueKind::Time,
    },
    Sort {
        key: "owner",
        by: By::Owner,
        kind: ValueKind::Text,
    },
    Sort {
        key: "account",
        by: By::Account(Column::AccountId),
        kind: ValueKind::Text,
    },
    Sort {
        key: "stage",
        by: By::Linked(stage_position),
        kind: ValueKind::Int,
    },
    Sort {
        key: "probability",
        by: By::Linked(stage_probability),
        kind: ValueKind::Int,
    },
];

struct Fields {
    name: String,
    account_id: Option<AccountId>,
    contact_id: Option<ContactId>,
    amount: Option<i64>,
    currency: String,
    close_date: Date,
    stage_id: StageId,
    opportunity_type: Option<OpportunityType>,
    next_step: Option<String>,
    description: Option<String>,
    owner: Option<UserId>,
    /// The stage's kind decides whether the deal is closed and keeps a lost reason.
    stage_kind: StageKind,
    lost_reason: Option<String>,
}

/// A stage a deal may move to: active, or the one it is in already.
async fn stage_for(
    db: &impl ConnectionTrait,
    id: StageId,
    current: Option<StageId>,
) -> CoreResult<Option<sales_stages::Model>> {
    Ok(sales_stages::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|s| s.is_active || current == Some(id)))
}

/// The first active open stage: where new deals start when none is named.
async fn first_open_stage(db: &impl ConnectionTrait) -> CoreResult<sales_stages::Model> {
    sales_stages::Entity::find()
        .filter(sales_stages::Column::IsActive.eq(true))
        .filter(sales_stages::Column::Kind.eq(StageKind::Open))
        .order_by_asc(sales_stages::Column::Position)
        .one(db)
        .await?
        .ok_or_else(|| CoreError::Internal("no active open stage".into()))
}

/// The reason a deal in a stage of `kind` keeps: a lost deal must say why it was lost; any
/// other deal keeps none.
fn lost_reason(c: &mut Checker, kind: StageKind, reason: &str) -> Option<String> {
    if kind != StageKind::Lost {
        return None;
    }
    let reason = c
        .check("lost_reason", validate::optional_text(reason))
        .flatten();
    if reason.is_none() {
        c.fail("lost_reason", "validation-lost-reason");
    }
    reason
}

/// When a deal entering a stage of `kind` at `at` closed: then, unless the stage is open.
fn closed_at(kind: StageKind, at: OffsetDateTime) -> Option<OffsetDateTime> {
    (kind != StageKind::Open).then_some(at)
}

async fn check(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: &OpportunityInput,
    current: Option<&Model>,
) -> CoreResult<Fields> {
    let mut c = Checker::new();
    let name = c.check("name", validate::title(&input.name));
    let account_id: Option<Option<AccountId>> =
        c.check("account", validate::optional_id(&input.account));
    let contact_id: Option<Option<ContactId>> =
        c.check("contact", validate::optional_id(&input.contact));
    let close_date = c.check("close_date", validate::optional_date(&input.close_date));
    if let Some(None) = close_date {
        c.fail("close_date", "validation-required");
    }
    let stage: Option<Option<StageId>> = c.check("stage", validate::optional_id(&input.stage));
    let opportunity_type = c.check(
        "opportunity_type",
        validate::optional_code(&input.opportunity_type, OpportunityType::from_code),
    );
    let next_step = c.check("next_step", validate::optional_text(&input.next_step));
    let description = c.check(
        "description",
        validate::optional_long_text(&input.description),
    );
    let owner = c.check("owner", validate::optional_id(&input.owner));
    let stage = match stage {
        Some(Some(id)) => {
            let found = stage_for(db, id, current.map(|m| m.stage_id)).await?;
            if found.is_none() {
                c.fail("stage", "validation-invalid");
            }
            found
        }
        Some(None) if current.is_none() => Some(first_open_stage(db).await?),
        Some(None) => match current {
            Some(m) => stage_for(db, m.stage_id, Some(m.stage_id)).await?,
            None => None,
        },
        None => None,
    };
    let lost = stage
        .as_ref()
        .and_then(|s| lost_reason(&mut c, s.kind, &input.lost_reason));
    let code = input.currency.trim().to_ascii_uppercase();
    let mut amount = None;
    match refs::currency_scale(db, &code, current.map(|m| m.currency.as_str())).await? {
        Some(scale) => {
            amount = c
                .check("amount", validate::amount(&input.amount, scale))
                .flatten()
        }
        None => c.fail("currency", "validation-currency"),
    }
    c.finish()?;
    let (account_id, contact_id) = (account_id.flatten(), contact_id.flatten());
    access::check_link::<entity::accounts::Entity>(
        db,
        actor,
        account_id.map(|id| id.0),
        current.and_then(|m| m.account_id).map(|id| id.0),
    )
    .await?;
    access::check_link::<contacts::Entity>(
        db,
        actor,
        contact_id.map(|id| id.0),
        current.and_then(|m| m.contact_id).map(|id| id.0),
    )
    .await?;
    let stage = stage.ok_or_else(|| CoreError::Internal("a deal without a stage".into()))?;
    Ok(Fields {
        name: name.unwrap_or_default(),
        account_id,
        contact_id,
        amount,
        currency: code,
        close_date: close_date.flatten().unwrap_or(Date::MIN),
        stage_id: stage.id,
        opportunity_type: opportunity_type.flatten(),
        next_step: next_step.flatten(),
        description: description.flatten(),
        owner: owner.flatten(),
        stage_kind: stage.kind,
        lost_reason: lost,
    })
}

fn fill(a: &mut opportunities::ActiveModel, f: Fields) {
    a.name = Set(f.name);
    a.account_id = Set(f.account_id);
    a.contact_id = Set(f.contact_id);
    a.currency = Set(f.currency);
    a.close_date = Set(f.close_date);
    a.stage_id = Set(f.stage_id);
    a.opportunity_type = Set(f.opportunity_type);
    a.next_step = Set(f.next_step);
    a.description = Set(f.description);
    a.lost_reason = Set(f.lost_reason);
}

/// Stages by id, with what lists and pages show of them.
async fn stages(db: &impl ConnectionTrait) -> CoreResult<HashMap<StageId, StageRef>> {
    Ok(sales_stages::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| {
            let r = StageRef {
                id: s.id,
                name: s.name,
                probability: s.probability,
                kind: s.kind,
            };
            (s.id, r)
        })
        .collect())
}

fn money(m: &Model, scales: &HashMap<String, i16>) -> Money {
    Money {
        minor: m.amount,
        currency: m.currency.clone(),
        scale: scales.get(&m.currency).copied().unwrap_or(2),
    }
}

/// Names of the contacts the actor may see, by id.
async fn contact_names(
    db: &impl ConnectionTrait,
    actor: &Actor,
    ids: impl IntoIterator<Item = ContactId>,
) -> CoreResult<HashMap<ContactId, String>> {
    let ids: Vec<ContactId> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(contacts::Entity::find()
        .filter(contacts::Column::Id.is_in(ids))
        .filter(access::visible::<contacts::Entity>(actor))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, full_name(c.first_name.as_deref(), &c.last_name)))
        .collect())
}

/// The deal's other contacts the actor may see, by name.
async fn other_contacts(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: OpportunityId,
) -> CoreResult<Vec<ContactRef>> {
    let ids: Vec<ContactId> = opportunity_contacts::Entity::find()
        .filter(opportunity_contacts::Column::OpportunityId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.contact_id)
        .collect();
    let names = contact_names(db, actor, ids.iter().copied()).await?;
    let mut out: Vec<ContactRef> = ids
        .into_iter()
        .filter_map(|id| {
            names.get(&id).map(|name| ContactRef {
                id,
                name: name.clone(),
            })
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

async fn detail(
    db: &impl ConnectionTrait,
    actor: &Actor,
    m: Model,
    rel: Relation,
) -> CoreResult<Opportunity> {
    let stages = stages(db).await?;
    let scales = refs::scales(db).await?;
    let owners = names::users(db, [m.owner_id]).await?;
    let accounts = names::accounts(db, actor, m.account_id).await?;
    let primary = contact_names(db, actor, m.contact_id).await?;
    let has_lines = super::line_items::any(db, RecordKind::Opportunity, m.id.0).await?;
    let stage = stages
        .get(&m.stage_id)
        .cloned()
        .ok_or_else(|| CoreError::Internal(format!("opportunity {} has no stage", m.id)))?;
    Ok(Opportunity {
        id: m.id,
        account: m.account_id.and_then(|id| {
            accounts.get(&id).map(|name| AccountRef {
                id,
                name: name.clone(),
            })
        }),
        contact: m.contact_id.and_then(|id| {
            primary.get(&id).map(|name| ContactRef {
                id,
                name: name.clone(),
            })
        }),
        contacts: other_contacts(db, actor, m.id).await?,
        amount: money(&m, &scales),
        stage,
        owner: UserRef {
            id: m.owner_id,
            name: names::of(&owners, &m.owner_id),
        },
        watchers: actions::watchers_of(db, RecordKind::Opportunity, m.id.0).await?,
        from_leads: super::lead_conversion::converted_from(
            db,
            actor,
            RecordKind::Opportunity,
            m.id.0,
        )
        .await?,
        has_lines,
        can_delete: policy::can_delete(actor, rel).is_ok(),
        name: m.name,
        close_date: m.close_date,
        stage_entered_at: m.stage_entered_at,
        closed_at: m.closed_at,
        lost_reason: m.lost_reason,
        opportunity_type: m.opportunity_type,
        next_step: m.next_step,
        description: m.description,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// The fields the History tab compares, from the stored row.
async fn snapshot(db: &impl ConnectionTrait, m: &Model) -> CoreResult<Snapshot> {
    let scales = refs::scales(db).await?;
    let stage = sales_stages::Entity::find_by_id(m.stage_id).one(db).await?;
    Ok(vec![
        ("name", audit::text(Some(&m.name))),
        (
            "account",
            names::link(db, RecordKind::Account, m.account_id.map(|a| a.0)).await?,
        ),
        (
            "contact",
            names::link(db, RecordKind::Contact, m.contact_id.map(|c| c.0)).await?,
        ),
        ("amount", audit::money(Some(money(m, &scales)))),
        ("close_date", audit::date(Some(m.close_date))),
        ("stage", audit::text(stage.map(|s| s.name))),
        ("lost_reason", audit::text(m.lost_reason.clone())),
        (
            "opportunity_type",
            audit::label("opportunity-type", m.opportunity_type.map(|t| t.code())),
        ),
        ("next_step", audit::text(m.next_step.clone())),
        ("description", audit::text(m.description.clone())),
        (
            "owner",
            audit::text(Some(names::user(db, m.owner_id).await?)),
        ),
    ])
}

pub async fn create(ctx: &Ctx, actor: &Actor, input: OpportunityInput) -> CoreResult<Opportunity> {
    let txn = begin(ctx).await?;
    let opportunity = insert(&txn, actor, input).await?;
    txn.commit().await?;
    Ok(opportunity)
}

/// Creates one inside the caller's transaction (a lead conversion makes several at once).
pub(crate) async fn insert(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    input: OpportunityInput,
) -> CoreResult<Opportunity> {
    let f = check(txn, actor, &input, None).await?;
    let owner = actions::new_owner(txn, actor, f.owner).await?;
    let at = now();
    let mut row = opportunities::ActiveModel {
        id: Set(OpportunityId::new()),
        amount: Set(f.amount.unwrap_or(0)),
        stage_entered_at: Set(at),
        closed_at: Set(closed_at(f.stage_kind, at)),
        owner_id: Set(owner),
        created_by: Set(actor.user_id),
        created_at: Set(at),
        updated_at: Set(at),
        deleted_at: Set(None),
        ..Default::default()
    };
    fill(&mut row, f);
    let model = row.insert(txn).await?;
    let changes = audit::between(&[], &snapshot(txn, &model).await?);
    audit::record(
        txn,
        now(),
        actor,
        "opportunity",
        model.id,
        Action::Create,
        changes,
    )
    .await?;
    let rel = Relation::to_new(actor, owner);
    detail(txn, actor, model, rel).await
}

pub async fn get(ctx: &Ctx, actor: &Actor, id: OpportunityId) -> CoreResult<Opportunity> {
    let (model, rel) = access::load::<Entity>(&ctx.db, actor, id.0, State::Live).await?;
    detail(&ctx.db, actor, model, rel).await
}

pub async fn update(
    ctx: &Ctx,
    actor: &Actor,
    id: OpportunityId,
    input: OpportunityInput,
) -> CoreResult<Opportunity> {
    let txn = begin(ctx).await?;
    let (model, rel) = access::load::<Entity>(&txn, actor, id.0, State::Live).await?;
    policy::can_edit(actor, rel)?;
    let mut f = check(&txn, actor, &input, Some(&model)).await?;
    let owner = actions::next_owner(&txn, actor, rel, model.owner_id, f.owner.take()).await?;
    let before = snapshot(&txn, &model).await?;
    let has_lines = super::line_items::any(&txn, RecordKind::Opportunity, model.id.0).await?;
    if has_lines && f.currency != model.currency {
        return Err(CoreError::Validation(vec![FieldError::new(
            "currency",
            "validation-currency-has-lines",
        )]));
    }
    let stage_changed = f.stage_id != model.stage_id;
    let kind = f.stage_kind;
    let mut row: opportunities::ActiveModel = model.into();
    // Line items own the amount once there are any.
    if !has_lines {
        row.amount = Set(f.amount.take().unwrap_or(0));
    }
    fill(&mut row, f);
    if stage_changed {
        row.stage_entered_at = Set(now());
        row.closed_at = Set(closed_at(kind, now()));
    }
    row.owner_id = Set(owner);
    row.updated_at = Set(now());
    let updated = row.update(&txn).await?;
    let changes = audit::between(&before, &snapshot(&txn, &updated).await?);
    audit::record(
        &txn,
        now(),
        actor,
        "opportunity",
        id,
        Action::Update,
        changes,
    )
    .await?;
    let opportunity = detail(&txn, actor, updated, rel).await?;
    txn.commit().await?;
    Ok(opportunity)
}

/// Moves a deal to another stage (the pipeline board's drag and drop): stamps when it
/// entered the stage and, for won and lost, when it closed; a lost deal needs a reason.
pub async fn move_stage(
    ctx: &Ctx,
    actor: &Actor,
    id: OpportunityId,
    stage: StageId,
    reason: &str,
) -> CoreResult<Opportunity> {
    let txn = begin(ctx).await?;
    let (model, rel) = access::load::<Entity>(&txn, actor, id.0, State::Live).await?;
    policy::can_edit(actor, rel)?;
    let mut c = Checker::new();
    let target = stage_for(&txn, stage, Some(model.stage_id)).await?;
    if target.is_none() {
        c.fail("stage", "validation-invalid");
    }
    let lost = target
        .as_ref()
        .and_then(|s| lost_reason(&mut c, s.kind, reason));
    c.finish()?;
    let Some(target) = target else {
        return Err(CoreError::Internal("a checked stage went missing".into()));
    };
    if target.id == model.stage_id && lost == model.lost_reason {
        return detail(&txn, actor, model, rel).await;
    }
    let before = snapshot(&txn, &model).await?;
    let at = now();
    let stage_changed = target.id != model.stage_id;
    let mut row: opportunities::ActiveModel = model.into();
    if stage_changed {
        row.stage_id = Set(target.id);
        row.stage_entered_at = Set(at);
        row.closed_at = Set(closed_at(target.kind, at));
    }
    row.lost_reason = Set(lost);
    row.updated_at = Set(at);
    let updated = row.update(&txn).await?;
    let changes = audit::between(&before, &snapshot(&txn, &updated).await?);
    audit::record(
        &txn,
        now(),
        actor,
        "opportunity",
        id,
        Action::Update,
        changes,
    )
    .await?;
    let opportunity = detail(&txn, actor, updated, rel).await?;
    txn.commit().await?;
    Ok(opportunity)
}

/// Adds or removes one of the deal's other contacts.
pub async fn set_contact(
    ctx: &Ctx,
    actor: &Actor,
    id: OpportunityId,
    contact: ContactId,
    linked: bool,
) -> CoreResult<()> {
    let txn = begin(ctx).await?;
    let (_, rel) = access::load::<Entity>(&txn, actor, id.0, State::Live).await?;
    policy::can_edit(actor, rel)?;
    let (person, _) = access::load::<contacts::Entity>(&txn, actor, contact.0, State::Live).await?;
    let name = full_name(person.first_name.as_deref(), &person.last_name);
    let person = audit::link(RecordKind::Contact, contact.0, name);
    let existing = opportunity_contacts::Entity::find_by_id((id, contact))
        .one(&txn)
        .await?;
    let change = match (existing, linked) {
        (None, true) => {
            opportunity_contacts::ActiveModel {
                opportunity_id: Set(id),
                contact_id: Set(contact),
            }
            .insert(&txn)
            .await?;
            Some(Change::added("contacts", person))
        }
        (Some(row), false) => {
            opportunity_contacts::Entity::delete_by_id((row.opportunity_id, row.contact_id))
                .exec(&txn)
                .await?;
            Some(Change::removed("contacts", person))
        }
        _ => None,
    };
    audit::record(
        &txn,
        now(),
        actor,
        "opportunity",
        id,
        Action::Update,
        change,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn list(ctx: &Ctx, actor: &Actor, q: &ListQuery) -> CoreResult<ListPage<OpportunityRow>> {
    let f = filters::parse(actor, q)?;
    let mut select = Entity::find().filter(access::visible::<Entity>(actor));
    select = filters::apply(select, &f, Column::CreatedAt, Some(Column::Amount))?;
    let mut c = Checker::new();
    let stage: Option<Option<StageId>> = c.check("status", validate::optional_id(&q.status));
    let account: Option<Option<AccountId>> = c.check("parent", validate::optional_id(&q.parent));
    c.finish()?;
    if let Some(id) = stage.flatten() {
        select = select.filter(Column::StageId.eq(id));
    }
    if let Some(id) = account.flatten() {
        select = select.filter(Column::AccountId.eq(id));
    }
    let (rows, next) = keyset::page(ctx, actor, select, SORTS, q).await?;
    let owners = names::users(&ctx.db, rows.iter().map(|m| m.owner_id)).await?;
    let accounts =
        names::accounts(&ctx.db, actor, rows.iter().filter_map(|m| m.account_id)).await?;
    let stages = stages(&ctx.db).await?;
    let scales = refs::scales(&ctx.db).await?;
    let items = rows
        .into_iter()
        .map(|m| {
            let stage = stages.get(&m.stage_id);
            OpportunityRow {
                id: m.id,
                account: m.account_id.and_then(|id| {
                    accounts.get(&id).map(|name| AccountRef {
                        id,
                        name: name.clone(),
                    })
                }),
                stage: stage.map(|s| s.name.clone()).unwrap_or_default(),
                probability: stage.map_or(0, |s| s.probability),
                amount: money(&m, &scales),
                owner: names::of(&owners, &m.owner_id),
                name: m.name,
                close_date: m.close_date,
                opportunity_type: m.opportunity_type,
                created_at: m.created_at,
                updated_at: m.updated_at,
            }
        })
        .collect();
    Ok(ListPage { items, next })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_list_sorts_by_what_the_ui_offers() {
        let offered = types::dto::opportunities::SORTABLE;
        crate::records::keyset::assert_offered(super::SORTS, offered);
    }
}
