//! Opportunities: deals on the pipeline. Lists, detail, create and update live here, and the
//! other contacts of a deal; line items are `services::line_items`; delete, restore,
//! reassign, watchers and history are the shared `records::actions`.

use crate::audit::{self, Action, Change, Snapshot};
use crate::error::{CoreError, CoreResult};
use crate::events::Event;
use crate::policy::records::{self as policy, Relation};
use crate::records::access::{self, State};
use crate::records::checks::{given, put, required};
use crate::records::keyset::{self, Sort, ValueKind};
use crate::records::list::Listed;
use crate::records::view::{self, Extra};
use crate::records::write::{Fields, Writer, recorded};
use crate::records::{Record, linked, names, refs};
use crate::{Actor, Ctx};
use entity::opportunities::{self, Column, Entity, Model};
use entity::{contacts, opportunity_contacts, sales_stages};
use sea_orm::sea_query::{Alias, Func, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QueryTrait, Select, Set,
};
use std::collections::HashMap;
use time::OffsetDateTime;
use types::dto::contacts::full_name;
use types::dto::lookups::StageKind;
use types::dto::opportunities::{
    ContactRef, Opportunity, OpportunityFilter, OpportunityPatch, OpportunityRow, StageRef,
};
use types::dto::records::RecordKind;
use types::ids::{AccountId, ContactId, OpportunityId, StageId};
use types::patch::Patch;
use types::validate::{self, Checker};

impl Record for Entity {
    crate::record_columns!();

    const KIND: RecordKind = RecordKind::Opportunity;
    const SORTS: &'static [Sort<Column>] = &[
        Sort::account(Column::AccountId),
        Sort::linked("stage", stage_position, ValueKind::Int),
        Sort::linked("probability", stage_probability, ValueKind::Int),
    ];

    const TEXT_COLS: &'static [Column] = &[Column::Name, Column::NextStep];
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

#[async_trait::async_trait]
impl Fields for Entity {
    type Patch = OpportunityPatch;
    type Detail = Opportunity;
    type After = ();

    async fn apply<C: ConnectionTrait + Sync>(
        w: &Writer<'_, C>,
        current: Option<&Model>,
        p: OpportunityPatch,
        row: &mut opportunities::ActiveModel,
        c: &mut Checker,
    ) -> CoreResult<()> {
        let creating = current.is_none();
        put(
            &mut row.close_date,
            required(c, "close_date", p.close_date, creating, Ok),
        );
        put(&mut row.opportunity_type, given(p.opportunity_type));
        // The stage, and what it decides: when the deal entered it, whether and when it closed,
        // and whether it keeps a lost reason.
        let stage = match (p.stage, current) {
            (Some(id), _) => {
                let found = stage_for(w.db, id, current.map(|m| m.stage_id)).await?;
                if found.is_none() {
                    c.fail("stage", "validation-invalid");
                }
                found
            }
            (None, None) => Some(first_open_stage(w.db).await?),
            (None, Some(m)) => stage_for(w.db, m.stage_id, Some(m.stage_id)).await?,
        };
        if let Some(stage) = &stage {
            if current.is_none_or(|m| m.stage_id != stage.id) {
                row.stage_id = Set(stage.id);
                row.stage_entered_at = Set(w.at);
                row.closed_at = Set(closed_at(stage.kind, w.at));
            }
            let reason = p
                .lost_reason
                .apply(current.and_then(|m| m.lost_reason.clone()));
            row.lost_reason = Set(lost_reason(c, stage.kind, reason.as_deref().unwrap_or("")));
        }
        let account = access::link_change::<entity::accounts::Entity>(
            w.db,
            w.actor,
            c,
            "account",
            p.account.map(|a| a.0),
            current.and_then(|m| m.account_id).map(|a| a.0),
        )
        .await?;
        put(&mut row.account_id, account.map(|a| a.map(AccountId)));
        let contact = access::link_change::<contacts::Entity>(
            w.db,
            w.actor,
            c,
            "contact",
            p.contact.map(|a| a.0),
            current.and_then(|m| m.contact_id).map(|a| a.0),
        )
        .await?;
        put(&mut row.contact_id, contact.map(|a| a.map(ContactId)));
        let money = super::line_items::owned_money(
            w.db,
            c,
            RecordKind::Opportunity,
            ("amount", "currency"),
            (p.amount, p.currency),
            current.map(|m| (m.id.0, m.amount, m.currency.as_str())),
        )
        .await?;
        if let Some((minor, code)) = money {
            row.amount = Set(minor);
            row.currency = Set(code);
        }
        Ok(())
    }

    /// A deal moving to another stage is an event of its own: the pipeline's automations and
    /// forecasts follow stages.
    fn events(before: &Model, after: &Model) -> Vec<Event> {
        if before.stage_id == after.stage_id {
            return Vec::new();
        }
        vec![Event::StageChanged {
            id: after.id.0,
            from: before.stage_id,
            to: after.stage_id,
        }]
    }

    /// The fields the History tab compares, from the stored row.
    async fn snapshot<C: ConnectionTrait + Sync>(db: &C, m: &Model) -> CoreResult<Snapshot> {
        let scales = refs::scales(db).await?;
        let stage = sales_stages::Entity::find_by_id(m.stage_id).one(db).await?;
        Ok(vec![
            (
                "account",
                names::link(db, RecordKind::Account, m.account_id.map(|a| a.0)).await?,
            ),
            (
                "contact",
                names::link(db, RecordKind::Contact, m.contact_id.map(|c| c.0)).await?,
            ),
            (
                "amount",
                audit::money(Some(refs::amount(m.amount, &m.currency, &scales))),
            ),
            ("close_date", audit::date(Some(m.close_date))),
            ("stage", audit::text(stage.map(|s| s.name))),
            ("lost_reason", audit::text(m.lost_reason.clone())),
            (
                "opportunity_type",
                audit::label("opportunity-type", m.opportunity_type.map(|t| t.code())),
            ),
        ])
    }

    async fn detail<C: ConnectionTrait + Sync>(
        db: &C,
        actor: &Actor,
        m: Model,
        rel: Relation,
    ) -> CoreResult<Opportunity> {
        let stages = stages(db).await?;
        let scales = refs::scales(db).await?;
        let accounts = names::accounts(db, actor, m.account_id).await?;
        let primary = contact_names(db, actor, m.contact_id).await?;
        let stage = stages
            .get(&m.stage_id)
            .cloned()
            .ok_or_else(|| CoreError::Internal(format!("opportunity {} has no stage", m.id)))?;
        let contact = m.contact_id.and_then(|id| {
            primary.get(&id).map(|name| ContactRef {
                id,
                name: name.clone(),
            })
        });
        let extra = Extra::new()
            .with(
                "account_hidden",
                m.account_id.is_some_and(|id| !accounts.contains_key(&id)),
            )
            .with(
                "contact_hidden",
                m.contact_id.is_some_and(|id| !primary.contains_key(&id)),
            )
            .with("account", names::account_ref(&accounts, m.account_id))
            .with("contact", contact)
            .with("contacts", other_contacts(db, actor, m.id).await?)
            .with("amount", refs::amount(m.amount, &m.currency, &scales))
            .with("stage", stage)
            .with(
                "from_leads",
                linked::converted_from(db, actor, RecordKind::Opportunity, m.id.0).await?,
            )
            .with(
                "has_lines",
                super::line_items::any(db, RecordKind::Opportunity, m.id.0).await?,
            );
        view::detail::<Entity, _>(db, actor, &m, rel, extra).await
    }
}

crate::record_commands!(Entity, OpportunityId, list);

/// Moves a deal to another stage (the pipeline board's drag and drop): an update of its
/// stage, so it stamps when the deal entered the stage and, for won and lost, when it closed;
/// a lost deal needs a reason.
pub async fn move_stage(
    ctx: &Ctx,
    actor: &Actor,
    id: OpportunityId,
    stage: StageId,
    reason: &str,
) -> CoreResult<Opportunity> {
    let patch = OpportunityPatch {
        stage: Some(stage),
        lost_reason: Patch::from_option(Some(reason.to_owned()).filter(|r| !r.trim().is_empty())),
        ..OpportunityPatch::default()
    };
    update(ctx, actor, id, patch).await
}

#[async_trait::async_trait]
impl Listed for Entity {
    type Filter = OpportunityFilter;
    type Row = OpportunityRow;
    const AMOUNT: Option<Column> = Some(Column::Amount);

    fn filter(select: Select<Entity>, f: &OpportunityFilter) -> Select<Entity> {
        select
            .apply_if(f.stage, |q, id| q.filter(Column::StageId.eq(id)))
            .apply_if(f.account, |q, id| q.filter(Column::AccountId.eq(id)))
    }

    async fn extras(
        db: &DatabaseConnection,
        actor: &Actor,
        rows: &[Model],
    ) -> CoreResult<Vec<Extra>> {
        let accounts = names::accounts(db, actor, rows.iter().filter_map(|m| m.account_id)).await?;
        let stages = stages(db).await?;
        let scales = refs::scales(db).await?;
        let extra = |m: &Model| {
            let stage = stages.get(&m.stage_id);
            Extra::new()
                .with("account", names::account_ref(&accounts, m.account_id))
                .with("stage", stage.map(|s| s.name.clone()).unwrap_or_default())
                .with("probability", stage.map_or(0, |s| s.probability))
                .with("amount", refs::amount(m.amount, &m.currency, &scales))
        };
        Ok(rows.iter().map(extra).collect())
    }
}

/// Adds or removes one of the deal's other contacts.
pub async fn set_contact(
    ctx: &Ctx,
    actor: &Actor,
    id: OpportunityId,
    contact: ContactId,
    linked: bool,
) -> CoreResult<()> {
    let txn = ctx.begin().await?;
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
    let kind = RecordKind::Opportunity;
    recorded(&txn, ctx.now(), actor, kind, id.0, Action::Update, change).await?;
    ctx.commit(txn).await
}
