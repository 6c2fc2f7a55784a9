//! Pick-lists: sales stages, simple lookup values and currencies. Everyone signed in reads the
//! active ones for forms; admins see all of them and change them. Every change is audited.

use crate::{
    Actor, Ctx,
    audit::{self, Action},
    error::{CoreError, CoreResult},
    policy::lookups as policy,
};
use entity::{currencies, lookup_values, sales_stages};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use std::fmt::Display;
use types::dto::lookups::{Currency, LookupKind, LookupValue, Move, SalesStage, StageKind};
use types::error::FieldError;
use types::ids::{LookupId, StageId};
use types::validate::{self, Checker};
use uuid::Uuid;

fn stage_of(s: sales_stages::Model) -> SalesStage {
    SalesStage {
        id: s.id,
        name: s.name,
        position: s.position,
        probability: s.probability,
        kind: s.kind,
        active: s.is_active,
    }
}

fn value_of(v: lookup_values::Model) -> LookupValue {
    LookupValue {
        id: v.id,
        kind: v.kind,
        name: v.name,
        position: v.position,
        active: v.is_active,
    }
}

fn currency_of(c: currencies::Model) -> Currency {
    Currency {
        code: c.code,
        name: c.name,
        minor_units: c.minor_units,
        active: c.is_active,
        rate_ppm: c.rate_ppm,
    }
}

fn name_taken() -> CoreError {
    CoreError::Validation(vec![FieldError::new("name", "validation-name-taken")])
}

/// Which rows a reader gets: admins manage inactive entries too; everyone else picks from
/// the active ones.
fn include_inactive(actor: &Actor) -> bool {
    policy::can_edit(actor).is_ok()
}

/// The position one `step` away from `index`, if there is one.
fn neighbour(len: usize, index: usize, step: Move) -> Option<usize> {
    match step {
        Move::Up => index.checked_sub(1),
        Move::Down => (index + 1 < len).then_some(index + 1),
    }
}

/// For a list ordered by position: the row `id` and its neighbour one `step` away, each with
/// the position it takes. Empty at either end of the list.
fn swap<T: Clone, I: PartialEq>(
    all: &[T],
    id: I,
    step: Move,
    key: impl Fn(&T) -> (I, i32),
) -> CoreResult<Vec<(T, i32)>> {
    let index = all
        .iter()
        .position(|row| key(row).0 == id)
        .ok_or(CoreError::NotFound)?;
    Ok(match neighbour(all.len(), index, step) {
        Some(other) => {
            let (a, b) = (&all[index], &all[other]);
            vec![(a.clone(), key(b).1), (b.clone(), key(a).1)]
        }
        None => vec![],
    })
}

/// Writes the audit row of an admin's change to a pick-list and commits it.
async fn commit_change(
    ctx: &Ctx,
    txn: sea_orm::DatabaseTransaction,
    actor: &Actor,
    (entity, id): (&'static str, impl Display),
    action: Action,
    changes: impl IntoIterator<Item = audit::Change>,
) -> CoreResult<()> {
    audit::record(&txn, ctx.now(), actor, entity, id, action, changes).await?;
    ctx.commit(txn).await
}

/// What sales stages and lookup values share: named entries, in an order admins set, that
/// admins switch on and off.
#[async_trait::async_trait]
trait Entry:
    EntityTrait<
        Model: IntoActiveModel<Self::ActiveModel> + Send + Sync,
        ActiveModel: ActiveModelTrait<Entity = Self> + Send,
    >
{
    /// The entity name in the audit log.
    const AUDIT: &'static str;
    const ID: Self::Column;
    const POSITION: Self::Column;
    const ACTIVE: Self::Column;
    const UPDATED: Self::Column;

    fn id(m: &Self::Model) -> Uuid;
    fn position(m: &Self::Model) -> i32;
    fn is_active(m: &Self::Model) -> bool;
    /// The entries `m` is ordered among (a lookup value among those of its kind).
    fn siblings(m: &Self::Model) -> Condition;

    /// Refuses to switch `m` off when something needs it active.
    async fn may_deactivate(
        _txn: &sea_orm::DatabaseTransaction,
        _m: &Self::Model,
    ) -> CoreResult<()> {
        Ok(())
    }
}

async fn load<E: Entry>(txn: &impl ConnectionTrait, id: Uuid) -> CoreResult<E::Model> {
    E::find()
        .filter(E::ID.eq(id))
        .one(txn)
        .await?
        .ok_or(CoreError::NotFound)
}

async fn set_active<E: Entry>(
    ctx: &Ctx,
    actor: &Actor,
    id: Uuid,
    is_active: bool,
) -> CoreResult<E::Model> {
    policy::can_edit(actor)?;
    let txn = ctx.begin().await?;
    let entry = load::<E>(&txn, id).await?;
    if !is_active {
        E::may_deactivate(&txn, &entry).await?;
    }
    let change = audit::diff("active", &E::is_active(&entry), &is_active);
    let mut row = entry.into_active_model();
    row.set(E::ACTIVE, is_active.into());
    row.set(E::UPDATED, ctx.now().into());
    let updated = row.update(&txn).await?;
    commit_change(ctx, txn, actor, (E::AUDIT, id), Action::Update, change).await?;
    Ok(updated)
}

/// Swaps an entry with its neighbour one `step` away; nothing at either end of the list.
async fn move_entry<E: Entry>(ctx: &Ctx, actor: &Actor, id: Uuid, step: Move) -> CoreResult<()> {
    policy::can_edit(actor)?;
    let txn = ctx.begin().await?;
    let entry = load::<E>(&txn, id).await?;
    let all = E::find()
        .filter(E::siblings(&entry))
        .order_by_asc(E::POSITION)
        .all(&txn)
        .await?;
    for (entry, position) in swap(&all, id, step, |e| (E::id(e), E::position(e)))? {
        let entry_id = E::id(&entry);
        let change = audit::diff("position", &E::position(&entry), &position);
        let mut row = entry.into_active_model();
        row.set(E::POSITION, position.into());
        row.set(E::UPDATED, ctx.now().into());
        row.update(&txn).await?;
        audit::record(
            &txn,
            ctx.now(),
            actor,
            E::AUDIT,
            entry_id,
            Action::Update,
            change,
        )
        .await?;
    }
    ctx.commit(txn).await
}

/// The position after the last of the entries `scope` selects.
async fn next_position<E: Entry>(txn: &impl ConnectionTrait, scope: Condition) -> CoreResult<i32> {
    let last = E::find()
        .filter(scope)
        .order_by_desc(E::POSITION)
        .one(txn)
        .await?;
    Ok(last.map_or(0, |e| E::position(&e)) + 1)
}

/// Fails when another entry of `scope` (but `except`) already has the name.
async fn name_free<E: Entry>(
    txn: &impl ConnectionTrait,
    scope: Condition,
    (column, name): (E::Column, &str),
    except: Option<Uuid>,
) -> CoreResult<()> {
    let mut q = E::find().filter(scope).filter(column.eq(name));
    if let Some(id) = except {
        q = q.filter(E::ID.ne(id));
    }
    if q.count(txn).await? > 0 {
        return Err(name_taken());
    }
    Ok(())
}

/// The columns and fields stages and lookup values name alike, for an `impl Entry`.
macro_rules! entry_columns {
    ($table:ident, $audit:literal) => {
        const AUDIT: &'static str = $audit;
        const ID: $table::Column = $table::Column::Id;
        const POSITION: $table::Column = $table::Column::Position;
        const ACTIVE: $table::Column = $table::Column::IsActive;
        const UPDATED: $table::Column = $table::Column::UpdatedAt;

        fn id(m: &$table::Model) -> Uuid {
            m.id.0
        }
        fn position(m: &$table::Model) -> i32 {
            m.position
        }
        fn is_active(m: &$table::Model) -> bool {
            m.is_active
        }
    };
}

#[async_trait::async_trait]
impl Entry for sales_stages::Entity {
    entry_columns!(sales_stages, "sales_stage");

    fn siblings(_m: &sales_stages::Model) -> Condition {
        Condition::all()
    }

    async fn may_deactivate(
        txn: &sea_orm::DatabaseTransaction,
        m: &sales_stages::Model,
    ) -> CoreResult<()> {
        ensure_kind_remains(txn, m).await
    }
}

#[async_trait::async_trait]
impl Entry for lookup_values::Entity {
    entry_columns!(lookup_values, "lookup_value");

    fn siblings(m: &lookup_values::Model) -> Condition {
        Condition::all().add(lookup_values::Column::Kind.eq(m.kind))
    }
}

pub async fn stages(ctx: &Ctx, actor: &Actor) -> CoreResult<Vec<SalesStage>> {
    let mut q = sales_stages::Entity::find().order_by_asc(sales_stages::Column::Position);
    if !include_inactive(actor) {
        q = q.filter(sales_stages::Column::IsActive.eq(true));
    }
    Ok(q.all(&ctx.db).await?.into_iter().map(stage_of).collect())
}

#[derive(Clone, Debug)]
pub struct StageInput {
    pub name: String,
    pub probability: i16,
    pub kind: StageKind,
}

fn validate_stage(input: &StageInput) -> CoreResult<(String, i16)> {
    let mut c = Checker::new();
    let name = c.check("name", validate::name(&input.name));
    let probability = c.check(
        "probability",
        validate::probability(input.probability, input.kind),
    );
    c.finish()?;
    Ok((name.unwrap_or_default(), probability.unwrap_or_default()))
}

async fn stage_name_free(
    txn: &impl ConnectionTrait,
    name: &str,
    except: Option<StageId>,
) -> CoreResult<()> {
    let name = (sales_stages::Column::Name, name);
    name_free::<sales_stages::Entity>(txn, Condition::all(), name, except.map(|id| id.0)).await
}

pub async fn create_stage(ctx: &Ctx, actor: &Actor, input: StageInput) -> CoreResult<SalesStage> {
    policy::can_edit(actor)?;
    let (name, probability) = validate_stage(&input)?;
    let txn = ctx.begin().await?;
    stage_name_free(&txn, &name, None).await?;
    let position = next_position::<sales_stages::Entity>(&txn, Condition::all()).await?;
    let at = ctx.now();
    let stage = sales_stages::ActiveModel {
        id: Set(StageId::new()),
        name: Set(name),
        position: Set(position),
        probability: Set(probability),
        kind: Set(input.kind),
        is_active: Set(true),
        created_at: Set(at),
        updated_at: Set(at),
    }
    .insert(&txn)
    .await?;
    let fields = [
        ("name", stage.name.clone()),
        ("probability", stage.probability.to_string()),
        ("kind", stage.kind.code().to_owned()),
    ];
    let created = audit::created(&fields);
    commit_change(
        ctx,
        txn,
        actor,
        ("sales_stage", stage.id),
        Action::Create,
        created,
    )
    .await?;
    Ok(stage_of(stage))
}

/// Keeps at least one active stage of each kind, so deals can always be opened, won and lost.
async fn ensure_kind_remains(
    txn: &impl ConnectionTrait,
    stage: &sales_stages::Model,
) -> CoreResult<()> {
    let others = sales_stages::Entity::find()
        .filter(sales_stages::Column::Kind.eq(stage.kind))
        .filter(sales_stages::Column::IsActive.eq(true))
        .filter(sales_stages::Column::Id.ne(stage.id))
        .count(txn)
        .await?;
    if stage.is_active && others == 0 {
        return Err(CoreError::Rejected("lookups-last-stage-of-kind"));
    }
    Ok(())
}

pub async fn update_stage(
    ctx: &Ctx,
    actor: &Actor,
    id: StageId,
    input: StageInput,
) -> CoreResult<SalesStage> {
    policy::can_edit(actor)?;
    let (name, probability) = validate_stage(&input)?;
    let txn = ctx.begin().await?;
    let stage = load::<sales_stages::Entity>(&txn, id.0).await?;
    stage_name_free(&txn, &name, Some(id)).await?;
    if stage.kind != input.kind {
        ensure_kind_remains(&txn, &stage).await?;
    }
    let changes = [
        audit::diff("name", &stage.name, &name),
        audit::diff("probability", &stage.probability, &probability),
        audit::diff("kind", &stage.kind.code(), &input.kind.code()),
    ];
    let mut active: sales_stages::ActiveModel = stage.into();
    active.name = Set(name);
    active.probability = Set(probability);
    active.kind = Set(input.kind);
    active.updated_at = Set(ctx.now());
    let updated = active.update(&txn).await?;
    let changes = changes.into_iter().flatten();
    commit_change(
        ctx,
        txn,
        actor,
        ("sales_stage", id),
        Action::Update,
        changes,
    )
    .await?;
    Ok(stage_of(updated))
}

pub async fn set_stage_active(
    ctx: &Ctx,
    actor: &Actor,
    id: StageId,
    is_active: bool,
) -> CoreResult<SalesStage> {
    set_active::<sales_stages::Entity>(ctx, actor, id.0, is_active)
        .await
        .map(stage_of)
}

pub async fn move_stage(ctx: &Ctx, actor: &Actor, id: StageId, step: Move) -> CoreResult<()> {
    move_entry::<sales_stages::Entity>(ctx, actor, id.0, step).await
}

pub async fn values(ctx: &Ctx, actor: &Actor, kind: LookupKind) -> CoreResult<Vec<LookupValue>> {
    let mut q = lookup_values::Entity::find()
        .filter(lookup_values::Column::Kind.eq(kind))
        .order_by_asc(lookup_values::Column::Position);
    if !include_inactive(actor) {
        q = q.filter(lookup_values::Column::IsActive.eq(true));
    }
    Ok(q.all(&ctx.db).await?.into_iter().map(value_of).collect())
}

async fn value_name_free(
    txn: &impl ConnectionTrait,
    kind: LookupKind,
    name: &str,
    except: Option<LookupId>,
) -> CoreResult<()> {
    let scope = Condition::all().add(lookup_values::Column::Kind.eq(kind));
    let name = (lookup_values::Column::Name, name);
    name_free::<lookup_values::Entity>(txn, scope, name, except.map(|id| id.0)).await
}

fn valid_name(input: &str) -> CoreResult<String> {
    let mut c = Checker::new();
    let name = c.check("name", validate::name(input));
    c.finish()?;
    Ok(name.unwrap_or_default())
}

pub async fn create_value(
    ctx: &Ctx,
    actor: &Actor,
    kind: LookupKind,
    name: &str,
) -> CoreResult<LookupValue> {
    policy::can_edit(actor)?;
    let name = valid_name(name)?;
    let txn = ctx.begin().await?;
    value_name_free(&txn, kind, &name, None).await?;
    let scope = Condition::all().add(lookup_values::Column::Kind.eq(kind));
    let position = next_position::<lookup_values::Entity>(&txn, scope).await?;
    let at = ctx.now();
    let value = lookup_values::ActiveModel {
        id: Set(LookupId::new()),
        kind: Set(kind),
        name: Set(name),
        position: Set(position),
        is_active: Set(true),
        created_at: Set(at),
        updated_at: Set(at),
    }
    .insert(&txn)
    .await?;
    let fields = [
        ("kind", kind.code().to_owned()),
        ("name", value.name.clone()),
    ];
    let created = audit::created(&fields);
    commit_change(
        ctx,
        txn,
        actor,
        ("lookup_value", value.id),
        Action::Create,
        created,
    )
    .await?;
    Ok(value_of(value))
}

pub async fn rename_value(
    ctx: &Ctx,
    actor: &Actor,
    id: LookupId,
    name: &str,
) -> CoreResult<LookupValue> {
    policy::can_edit(actor)?;
    let name = valid_name(name)?;
    let txn = ctx.begin().await?;
    let value = load::<lookup_values::Entity>(&txn, id.0).await?;
    value_name_free(&txn, value.kind, &name, Some(id)).await?;
    let change = audit::diff("name", &value.name, &name);
    let mut active: lookup_values::ActiveModel = value.into();
    active.name = Set(name);
    active.updated_at = Set(ctx.now());
    let updated = active.update(&txn).await?;
    commit_change(
        ctx,
        txn,
        actor,
        ("lookup_value", id),
        Action::Update,
        change,
    )
    .await?;
    crate::records::names::renamed_lookup(id);
    Ok(value_of(updated))
}

pub async fn set_value_active(
    ctx: &Ctx,
    actor: &Actor,
    id: LookupId,
    is_active: bool,
) -> CoreResult<LookupValue> {
    set_active::<lookup_values::Entity>(ctx, actor, id.0, is_active)
        .await
        .map(value_of)
}

pub async fn move_value(ctx: &Ctx, actor: &Actor, id: LookupId, step: Move) -> CoreResult<()> {
    move_entry::<lookup_values::Entity>(ctx, actor, id.0, step).await
}

pub async fn currencies(ctx: &Ctx, actor: &Actor) -> CoreResult<Vec<Currency>> {
    let mut q = currencies::Entity::find().order_by_asc(currencies::Column::Code);
    if !include_inactive(actor) {
        q = q.filter(currencies::Column::IsActive.eq(true));
    }
    Ok(q.all(&ctx.db).await?.into_iter().map(currency_of).collect())
}

pub async fn add_currency(
    ctx: &Ctx,
    actor: &Actor,
    code: &str,
    name: &str,
    minor_units: i16,
) -> CoreResult<Currency> {
    policy::can_edit(actor)?;
    let mut c = Checker::new();
    let code = c.check("code", validate::currency_code(code));
    let name = c.check("name", validate::name(name));
    let minor_units = c.check("minor_units", validate::minor_units(minor_units));
    c.finish()?;
    let (code, name, minor_units) = (
        code.unwrap_or_default(),
        name.unwrap_or_default(),
        minor_units.unwrap_or_default(),
    );
    let txn = ctx.begin().await?;
    if currencies::Entity::find_by_id(code.as_str())
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(CoreError::Validation(vec![FieldError::new(
            "code",
            "validation-currency-exists",
        )]));
    }
    let currency = currencies::ActiveModel {
        code: Set(code),
        name: Set(name),
        minor_units: Set(minor_units),
        is_active: Set(true),
        rate_ppm: Set(None),
    }
    .insert(&txn)
    .await?;
    let fields = [
        ("name", currency.name.clone()),
        ("minor_units", currency.minor_units.to_string()),
    ];
    let created = audit::created(&fields);
    commit_change(
        ctx,
        txn,
        actor,
        ("currency", &currency.code),
        Action::Create,
        created,
    )
    .await?;
    Ok(currency_of(currency))
}

/// Turns a currency on or off for new records; at least one stays active.
pub async fn set_currency_active(
    ctx: &Ctx,
    actor: &Actor,
    code: &str,
    is_active: bool,
) -> CoreResult<Currency> {
    policy::can_edit(actor)?;
    let txn = ctx.begin().await?;
    let currency = currencies::Entity::find_by_id(code)
        .one(&txn)
        .await?
        .ok_or(CoreError::NotFound)?;
    if !is_active && currency.is_active {
        let others = currencies::Entity::find()
            .filter(currencies::Column::IsActive.eq(true))
            .filter(currencies::Column::Code.ne(code))
            .count(&txn)
            .await?;
        if others == 0 {
            return Err(CoreError::Rejected("lookups-last-currency"));
        }
    }
    let change = audit::diff("active", &currency.is_active, &is_active);
    let code = currency.code.clone();
    let mut active: currencies::ActiveModel = currency.into();
    active.is_active = Set(is_active);
    let updated = active.update(&txn).await?;
    commit_change(ctx, txn, actor, ("currency", code), Action::Update, change).await?;
    Ok(currency_of(updated))
}

/// Sets (or, with an empty `rate`, clears) what one unit of a currency is worth in the
/// reference currency, for totals in one currency.
pub async fn set_currency_rate(
    ctx: &Ctx,
    actor: &Actor,
    code: &str,
    rate: &str,
) -> CoreResult<Currency> {
    policy::can_edit(actor)?;
    let mut c = Checker::new();
    let rate = c.check("rate", validate::exchange_rate(rate)).flatten();
    c.finish()?;
    let txn = ctx.begin().await?;
    let currency = currencies::Entity::find_by_id(code)
        .one(&txn)
        .await?
        .ok_or(CoreError::NotFound)?;
    let shown = |ppm: Option<i64>| audit::text(ppm.map(types::money::rate_text));
    let change = (currency.rate_ppm != rate).then(|| audit::Change {
        field: "rate",
        old: shown(currency.rate_ppm),
        new: shown(rate),
    });
    let code = currency.code.clone();
    let mut active: currencies::ActiveModel = currency.into();
    active.rate_ppm = Set(rate);
    let updated = active.update(&txn).await?;
    commit_change(ctx, txn, actor, ("currency", code), Action::Update, change).await?;
    Ok(currency_of(updated))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbours_stop_at_the_ends() {
        assert_eq!(neighbour(3, 0, Move::Up), None);
        assert_eq!(neighbour(3, 0, Move::Down), Some(1));
        assert_eq!(neighbour(3, 2, Move::Down), None);
        assert_eq!(neighbour(3, 2, Move::Up), Some(1));
    }
}
