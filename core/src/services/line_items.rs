//! Line items of opportunities and contracts. Their rights follow the parent: who may edit
//! the deal or contract may edit its lines. Amounts are computed in integers by
//! `types::dto::lines`; a parent with lines takes their total as its amount (a deal) or
//! value (a contract). Every change is recorded in the parent's history.

use crate::audit::{self, Action, Change};
use crate::error::{CoreError, CoreResult};
use crate::policy::records as policy;
use crate::records::access::{self, State};
use crate::records::write::recorded;
use crate::records::{Record, refs};
use crate::services::products;
use crate::{Actor, Ctx};
use entity::{contracts, line_items, opportunities};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use time::OffsetDateTime;
use types::dto::lines::{self, Discount, DiscountKind, LineFigures};
use types::dto::opportunities::{LineDiscount, LineItem, LineItems, LinePatch, NewLineItem};
use types::dto::records::{HistoryValue, RecordKind};
use types::ids::{LineItemId, ProductId};
use types::money::{Amount, Money};
use types::patch::Patch;
use types::validate::{self, Checker};
use uuid::Uuid;

/// The most lines one document holds.
pub const LINES_MAX: usize = 200;

/// A record whose amount is the total of its line items once it has any.
pub trait LineParent: Record {
    /// The history field of the amount.
    const AMOUNT_FIELD: &'static str;
    fn currency(m: &Self::Model) -> &str;
    fn amount(m: &Self::Model) -> i64;
    fn amount_col() -> Self::Column;
}

/// A parent kind's amount field (named as its column) and column.
macro_rules! line_parent {
    ($module:ident, $field:ident, $column:ident) => {
        impl LineParent for $module::Entity {
            const AMOUNT_FIELD: &'static str = stringify!($field);
            fn currency(m: &$module::Model) -> &str {
                &m.currency
            }
            fn amount(m: &$module::Model) -> i64 {
                m.$field
            }
            fn amount_col() -> $module::Column {
                $module::Column::$column
            }
        }
    };
}

line_parent!(opportunities, amount, Amount);
line_parent!(contracts, value, Value);

/// Runs `$body` with `$P` bound to the parent entity of `$kind`; other kinds have no lines.
macro_rules! with_parent {
    ($kind:expr, $P:ident => $body:expr) => {
        match $kind {
            RecordKind::Opportunity => {
                type $P = opportunities::Entity;
                $body
            }
            RecordKind::Contract => {
                type $P = contracts::Entity;
                $body
            }
            _ => Err(CoreError::NotFound),
        }
    };
}

fn figures(m: &line_items::Model) -> LineFigures {
    LineFigures {
        quantity_milli: m.quantity_milli,
        unit_price: m.unit_price,
        discount: m.discount_kind.map(|k| (k, m.discount_value)),
        tax_rate_bp: m.tax_rate_bp,
    }
}

fn item_of(m: &line_items::Model) -> LineItem {
    let f = figures(m);
    LineItem {
        id: m.id,
        product: m.product_id,
        description: m.description.clone(),
        quantity_milli: f.quantity_milli,
        unit_price: f.unit_price,
        discount: f.discount.map(|(kind, value)| Discount { kind, value }),
        tax_rate_bp: f.tax_rate_bp,
        amounts: f.amounts(),
    }
}

/// A line as history shows it: `Widget × 3 = 71.36 EUR`.
/// A line as the parent's history shows it.
fn line_value(m: &line_items::Model, currency: &str, scale: i16) -> Option<HistoryValue> {
    let qty = Money {
        minor: m.quantity_milli,
        currency: String::new(),
        scale: 3,
    }
    .to_input();
    Some(HistoryValue::Line {
        description: m.description.clone(),
        quantity: qty.trim_end_matches('0').trim_end_matches('.').to_owned(),
        total: Money {
            minor: figures(m).amounts().total,
            currency: currency.to_owned(),
            scale,
        },
    })
}

async fn lines_of(
    db: &impl ConnectionTrait,
    kind: RecordKind,
    id: Uuid,
) -> CoreResult<Vec<line_items::Model>> {
    Ok(line_items::Entity::find()
        .filter(line_items::Column::ParentKind.eq(kind.code()))
        .filter(line_items::Column::ParentId.eq(id))
        .order_by_asc(line_items::Column::Position)
        .order_by_asc(line_items::Column::Id)
        .all(db)
        .await?)
}

/// Whether a record has line items (then they set its amount).
pub async fn any(db: &impl ConnectionTrait, kind: RecordKind, id: Uuid) -> CoreResult<bool> {
    Ok(line_items::Entity::find()
        .filter(line_items::Column::ParentKind.eq(kind.code()))
        .filter(line_items::Column::ParentId.eq(id))
        .one(db)
        .await?
        .is_some())
}

/// The money a deal's or contract's form sets (`fields`: its amount and currency fields), read
/// by [`refs::required_money`] with one rule on top: once the record has line items, they own
/// the amount (a posted one is ignored) and fix the currency. `current`: the stored record's
/// id, amount and currency.
pub async fn owned_money(
    db: &impl ConnectionTrait,
    c: &mut Checker,
    kind: RecordKind,
    fields: (&str, &str),
    (amount, currency): (Patch<Amount>, Option<String>),
    current: Option<(Uuid, i64, &str)>,
) -> CoreResult<Option<(i64, String)>> {
    let has_lines = match current {
        Some((id, _, _)) => any(db, kind, id).await?,
        None => false,
    };
    if has_lines {
        // Refused on the currency itself: read on, the lines' total would be reported as a
        // missing amount in the new currency.
        if let (Some(new), Some((_, _, old))) = (currency.as_deref(), current)
            && new != old
        {
            c.fail(fields.1, "validation-currency-has-lines");
            return Ok(None);
        }
    }
    let amount = if has_lines { Patch::Absent } else { amount };
    let stored = current.map(|(_, minor, code)| (minor, code));
    refs::required_money(db, c, fields, (amount, currency), stored).await
}

/// A deal's or contract's lines and totals, for whoever sees it.
pub async fn of_parent(
    ctx: &Ctx,
    actor: &Actor,
    kind: RecordKind,
    id: Uuid,
) -> CoreResult<LineItems> {
    with_parent!(kind, P => of::<P>(ctx, actor, id).await)
}

async fn of<P: LineParent>(ctx: &Ctx, actor: &Actor, id: Uuid) -> CoreResult<LineItems> {
    let (parent, rel) = access::load::<P>(&ctx.db, actor, id, State::Live).await?;
    let rows = lines_of(&ctx.db, P::KIND, id).await?;
    let currency = P::currency(&parent).to_owned();
    let scale = refs::scales(&ctx.db)
        .await?
        .get(&currency)
        .copied()
        .unwrap_or(2);
    let items: Vec<LineItem> = rows.iter().map(item_of).collect();
    Ok(LineItems {
        totals: lines::totals(items.iter().map(|i| i.amounts)),
        items,
        currency,
        scale,
        can_edit: policy::can_edit(actor, rel).is_ok(),
    })
}

struct Checked {
    product_id: Option<ProductId>,
    description: String,
    figures: LineFigures,
}

/// Checks a line in the parent's currency; a price, description or tax rate it leaves out
/// comes from the chosen product.
async fn check(
    db: &impl ConnectionTrait,
    line: NewLineItem,
    currency: &str,
    scale: i16,
) -> CoreResult<Checked> {
    let mut c = Checker::with_errors(line.unreadable);
    let description = line
        .description
        .and_then(|d| c.check("description", validate::optional_text(&d)))
        .flatten();
    let quantity = match line.quantity_milli {
        Some(q) => c.check("quantity", validate::quantity_milli(q)),
        None => Some(lines::QTY_SCALE),
    };
    let unit_price = line
        .unit_price
        .and_then(|a| c.check("unit_price", a.minor(scale)))
        .flatten();
    let tax = line
        .tax_rate_bp
        .and_then(|bp| c.check("tax_rate", validate::basis_points(bp)));
    let discount = match line.discount {
        Some(LineDiscount::Percent(bp)) => c
            .check("discount", validate::basis_points(bp))
            .map(|bp| (DiscountKind::Percent, bp)),
        Some(LineDiscount::Amount(a)) => c
            .check("discount", a.minor(scale))
            .flatten()
            .map(|minor| (DiscountKind::Amount, minor)),
        None => None,
    };
    let product = match line.product {
        Some(id) => {
            let p = products::for_line(db, id).await?;
            if p.is_none() {
                c.fail("product", "validation-invalid");
            }
            p
        }
        None => None,
    };
    let description = description.or_else(|| product.as_ref().map(|p| p.name.clone()));
    if description.is_none() {
        c.fail("description", "validation-required");
    }
    let unit_price = match (unit_price, &product) {
        (Some(price), _) => Some(price),
        (None, Some(p)) if p.currency == currency => Some(p.price),
        (None, _) => {
            c.fail("unit_price", "validation-required");
            None
        }
    };
    let figures = |price| LineFigures {
        quantity_milli: quantity.unwrap_or(lines::QTY_SCALE),
        unit_price: price,
        discount,
        tax_rate_bp: 0,
    };
    if unit_price.is_some_and(|p| figures(p).amounts().gross > validate::AMOUNT_MAX_MINOR) {
        c.fail("quantity", "validation-amount-too-large");
    }
    c.finish()?;
    let tax_rate_bp = tax
        .or_else(|| product.as_ref().map(|p| p.tax_rate_bp))
        .unwrap_or(0);
    Ok(Checked {
        product_id: product.map(|p| p.id),
        description: description.unwrap_or_default(),
        figures: LineFigures {
            tax_rate_bp,
            ..figures(unit_price.unwrap_or(0))
        },
    })
}

/// Loads the parent for editing its lines, with its currency's decimals.
async fn editable<P: LineParent>(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> CoreResult<(P::Model, i16)> {
    let (parent, rel) = access::load::<P>(db, actor, id, State::Live).await?;
    policy::can_edit(actor, rel)?;
    let scale = refs::scales(db)
        .await?
        .get(P::currency(&parent))
        .copied()
        .unwrap_or(2);
    Ok((parent, scale))
}

/// Sets the parent's amount to its lines' total and records the change.
async fn sync_amount<P: LineParent>(
    db: &impl ConnectionTrait,
    at: OffsetDateTime,
    actor: &Actor,
    parent: &P::Model,
    scale: i16,
    line: Change,
) -> CoreResult<()> {
    let id = P::id_of(parent);
    let rows = lines_of(db, P::KIND, id).await?;
    let total = lines::totals(rows.iter().map(|r| figures(r).amounts())).total;
    P::update_many()
        .col_expr(P::amount_col(), Expr::value(total))
        .col_expr(P::updated_col(), Expr::value(at))
        .filter(P::id_col().eq(id))
        .exec(db)
        .await?;
    let currency = P::currency(parent).to_owned();
    let money = |minor| {
        audit::money(Some(Money {
            minor,
            currency: currency.clone(),
            scale,
        }))
    };
    let old = P::amount(parent);
    let amount = (old != total).then(|| Change {
        field: P::AMOUNT_FIELD,
        old: money(old),
        new: money(total),
    });
    let changes = std::iter::once(line).chain(amount);
    recorded(db, at, actor, P::KIND, id, Action::Update, changes).await
}

/// Adds a line to a deal or contract.
pub async fn add(
    ctx: &Ctx,
    actor: &Actor,
    kind: RecordKind,
    id: Uuid,
    line: impl Into<NewLineItem>,
) -> CoreResult<LineItem> {
    let line = line.into();
    with_parent!(kind, P => add_to::<P>(ctx, actor, id, line).await)
}

async fn add_to<P: LineParent>(
    ctx: &Ctx,
    actor: &Actor,
    id: Uuid,
    line: NewLineItem,
) -> CoreResult<LineItem> {
    let txn = ctx.begin().await?;
    let (parent, scale) = editable::<P>(&txn, actor, id).await?;
    let currency = P::currency(&parent).to_owned();
    let existing = lines_of(&txn, P::KIND, id).await?;
    if existing.len() >= LINES_MAX {
        return Err(CoreError::Rejected("lines-too-many"));
    }
    let checked = check(&txn, line, &currency, scale).await?;
    let f = checked.figures;
    let a = f.amounts();
    let at = ctx.now();
    let row = line_items::ActiveModel {
        id: Set(LineItemId::new()),
        parent_kind: Set(P::KIND.code().to_owned()),
        parent_id: Set(id),
        position: Set(existing.last().map_or(1, |l| l.position + 1)),
        product_id: Set(checked.product_id),
        description: Set(checked.description),
        quantity_milli: Set(f.quantity_milli),
        unit_price: Set(f.unit_price),
        discount_kind: Set(f.discount.map(|d| d.0)),
        discount_value: Set(f.discount.map_or(0, |d| d.1)),
        tax_rate_bp: Set(f.tax_rate_bp),
        net: Set(a.net),
        tax: Set(a.tax),
        total: Set(a.total),
        created_at: Set(at),
        updated_at: Set(at),
    }
    .insert(&txn)
    .await?;
    let change = Change::added("line_items", line_value(&row, &currency, scale));
    sync_amount::<P>(&txn, ctx.now(), actor, &parent, scale, change).await?;
    ctx.commit(txn).await?;
    Ok(item_of(&row))
}

/// Removes a line from a deal or contract.
pub async fn remove(
    ctx: &Ctx,
    actor: &Actor,
    kind: RecordKind,
    id: Uuid,
    line: LineItemId,
) -> CoreResult<()> {
    with_parent!(kind, P => remove_from::<P>(ctx, actor, id, line).await)
}

async fn remove_from<P: LineParent>(
    ctx: &Ctx,
    actor: &Actor,
    id: Uuid,
    line: LineItemId,
) -> CoreResult<()> {
    let txn = ctx.begin().await?;
    let (parent, scale) = editable::<P>(&txn, actor, id).await?;
    let row = line_of(&txn, P::KIND, id, line).await?;
    let value = line_value(&row, P::currency(&parent), scale);
    line_items::Entity::delete_by_id(line).exec(&txn).await?;
    let change = Change::removed("line_items", value);
    sync_amount::<P>(&txn, ctx.now(), actor, &parent, scale, change).await?;
    ctx.commit(txn).await
}

/// One line of the parent `kind:id`; a line of another parent is NotFound.
async fn line_of(
    db: &impl ConnectionTrait,
    kind: RecordKind,
    id: Uuid,
    line: LineItemId,
) -> CoreResult<line_items::Model> {
    line_items::Entity::find_by_id(line)
        .filter(line_items::Column::ParentKind.eq(kind.code()))
        .filter(line_items::Column::ParentId.eq(id))
        .one(db)
        .await?
        .ok_or(CoreError::NotFound)
}

/// One line of a deal or contract, for whoever sees it.
pub async fn get(
    ctx: &Ctx,
    actor: &Actor,
    kind: RecordKind,
    id: Uuid,
    line: LineItemId,
) -> CoreResult<LineItem> {
    with_parent!(kind, P => {
        access::load::<P>(&ctx.db, actor, id, State::Live).await?;
        Ok(item_of(&line_of(&ctx.db, P::KIND, id, line).await?))
    })
}

/// Changes a line of a deal or contract; what the patch leaves out stays as it was.
pub async fn update(
    ctx: &Ctx,
    actor: &Actor,
    kind: RecordKind,
    id: Uuid,
    line: LineItemId,
    patch: LinePatch,
) -> CoreResult<LineItem> {
    with_parent!(kind, P => update_in::<P>(ctx, actor, id, line, patch).await)
}

async fn update_in<P: LineParent>(
    ctx: &Ctx,
    actor: &Actor,
    id: Uuid,
    line: LineItemId,
    patch: LinePatch,
) -> CoreResult<LineItem> {
    let txn = ctx.begin().await?;
    let (parent, scale) = editable::<P>(&txn, actor, id).await?;
    let row = line_of(&txn, P::KIND, id, line).await?;
    let currency = P::currency(&parent).to_owned();
    // The stored line with the patch over it, checked by the rules a new line follows.
    let amount = |minor| {
        Amount(
            Money {
                minor,
                currency: String::new(),
                scale,
            }
            .to_input(),
        )
    };
    let discount = match patch.discount {
        Patch::Absent => row.discount_kind.map(|kind| match kind {
            DiscountKind::Percent => LineDiscount::Percent(row.discount_value),
            DiscountKind::Amount => LineDiscount::Amount(amount(row.discount_value)),
        }),
        Patch::Clear => None,
        Patch::Set(d) => Some(d),
    };
    let merged = NewLineItem {
        product: None,
        description: Some(patch.description.unwrap_or_else(|| row.description.clone())),
        quantity_milli: Some(patch.quantity_milli.unwrap_or(row.quantity_milli)),
        unit_price: Some(patch.unit_price.unwrap_or_else(|| amount(row.unit_price))),
        discount,
        tax_rate_bp: Some(patch.tax_rate_bp.unwrap_or(row.tax_rate_bp)),
        unreadable: Vec::new(),
    };
    let checked = check(&txn, merged, &currency, scale).await?;
    let old = line_value(&row, &currency, scale);
    let f = checked.figures;
    let a = f.amounts();
    let mut changed: line_items::ActiveModel = row.into();
    changed.description = Set(checked.description);
    changed.quantity_milli = Set(f.quantity_milli);
    changed.unit_price = Set(f.unit_price);
    changed.discount_kind = Set(f.discount.map(|d| d.0));
    changed.discount_value = Set(f.discount.map_or(0, |d| d.1));
    changed.tax_rate_bp = Set(f.tax_rate_bp);
    changed.net = Set(a.net);
    changed.tax = Set(a.tax);
    changed.total = Set(a.total);
    changed.updated_at = Set(ctx.now());
    let row = changed.update(&txn).await?;
    let new = line_value(&row, &currency, scale);
    if new != old {
        let change = Change {
            field: "line_items",
            old,
            new,
        };
        sync_amount::<P>(&txn, ctx.now(), actor, &parent, scale, change).await?;
    }
    ctx.commit(txn).await?;
    Ok(item_of(&row))
}
