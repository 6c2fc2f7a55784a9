//! Line items of opportunities (and, later, contracts). Their rights follow the parent: who
//! may edit the deal may edit its lines. Amounts are computed in integers by
//! `types::dto::lines`; an opportunity with lines takes their total as its amount. Every
//! change is recorded in the parent's history.

use super::{begin, now};
use crate::audit::{self, Action, Change};
use crate::error::{CoreError, CoreResult};
use crate::policy::records as policy;
use crate::records::access::{self, State};
use crate::records::refs;
use crate::services::products;
use crate::{Actor, Ctx};
use entity::{line_items, opportunities};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use types::dto::lines::{self, DiscountKind, LineFigures};
use types::dto::opportunities::{LineItem, LineItemInput, LineItems};
use types::dto::records::{Money, RecordKind};
use types::ids::{LineItemId, OpportunityId, ProductId};
use types::validate::{self, Checker};

/// The most lines one document holds.
pub const LINES_MAX: usize = 200;

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
        discount: f.discount,
        tax_rate_bp: f.tax_rate_bp,
        amounts: f.amounts(),
    }
}

/// A line as history shows it: `Widget × 3 = 71.36 EUR`.
fn line_text(m: &line_items::Model, currency: &str, scale: i16) -> String {
    let total = Money {
        minor: figures(m).amounts().total,
        currency: currency.to_owned(),
        scale,
    };
    let qty = Money {
        minor: m.quantity_milli,
        currency: String::new(),
        scale: 3,
    }
    .to_input();
    let qty = qty.trim_end_matches('0').trim_end_matches('.');
    format!(
        "{} × {qty} = {} {currency}",
        m.description,
        total.to_input()
    )
}

async fn lines_of(
    db: &impl ConnectionTrait,
    id: OpportunityId,
) -> CoreResult<Vec<line_items::Model>> {
    Ok(line_items::Entity::find()
        .filter(line_items::Column::ParentKind.eq(RecordKind::Opportunity.code()))
        .filter(line_items::Column::ParentId.eq(id.0))
        .order_by_asc(line_items::Column::Position)
        .order_by_asc(line_items::Column::Id)
        .all(db)
        .await?)
}

/// The deal's lines and totals, for whoever sees the deal.
pub async fn of_opportunity(ctx: &Ctx, actor: &Actor, id: OpportunityId) -> CoreResult<LineItems> {
    let (deal, rel) =
        access::load::<opportunities::Entity>(&ctx.db, actor, id.0, State::Live).await?;
    let rows = lines_of(&ctx.db, id).await?;
    let scale = refs::scales(&ctx.db)
        .await?
        .get(&deal.currency)
        .copied()
        .unwrap_or(2);
    let items: Vec<LineItem> = rows.iter().map(item_of).collect();
    Ok(LineItems {
        totals: lines::totals(items.iter().map(|i| i.amounts)),
        items,
        currency: deal.currency,
        scale,
        can_edit: policy::can_edit(actor, rel).is_ok(),
    })
}

struct Checked {
    product_id: Option<ProductId>,
    description: String,
    figures: LineFigures,
}

/// Checks a line in the deal's currency; an empty price, description or tax rate comes from
/// the chosen product.
async fn check(
    db: &impl ConnectionTrait,
    input: &LineItemInput,
    currency: &str,
    scale: i16,
) -> CoreResult<Checked> {
    let mut c = Checker::new();
    let product_id: Option<Option<ProductId>> =
        c.check("product", validate::optional_id(&input.product));
    let description = c.check("description", validate::optional_text(&input.description));
    let quantity = c.check("quantity", validate::quantity(&input.quantity));
    let unit_price = c.check("unit_price", validate::amount(&input.unit_price, scale));
    let tax = c.check("tax_rate", validate::rate(&input.tax_rate));
    let kind = c.check(
        "discount_kind",
        validate::optional_code(&input.discount_kind, DiscountKind::from_code),
    );
    let discount = match kind.flatten() {
        Some(DiscountKind::Percent) => c
            .check("discount", validate::rate(&input.discount))
            .flatten()
            .map(|bp| (DiscountKind::Percent, bp)),
        Some(DiscountKind::Amount) => c
            .check("discount", validate::amount(&input.discount, scale))
            .flatten()
            .map(|minor| (DiscountKind::Amount, minor)),
        None => None,
    };
    let product = match product_id.flatten() {
        Some(id) => {
            let p = products::for_line(db, id).await?;
            if p.is_none() {
                c.fail("product", "validation-invalid");
            }
            p
        }
        None => None,
    };
    let description = description
        .flatten()
        .or_else(|| product.as_ref().map(|p| p.name.clone()));
    if description.is_none() {
        c.fail("description", "validation-required");
    }
    let unit_price = match (unit_price.flatten(), &product) {
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
        .flatten()
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

/// Loads the deal for editing its lines.
async fn editable(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: OpportunityId,
) -> CoreResult<(opportunities::Model, i16)> {
    let (deal, rel) = access::load::<opportunities::Entity>(db, actor, id.0, State::Live).await?;
    policy::can_edit(actor, rel)?;
    let scale = refs::scales(db)
        .await?
        .get(&deal.currency)
        .copied()
        .unwrap_or(2);
    Ok((deal, scale))
}

/// Sets the deal's amount to its lines' total and records the change.
async fn sync_amount(
    db: &impl ConnectionTrait,
    actor: &Actor,
    deal: &opportunities::Model,
    scale: i16,
    line: Change,
) -> CoreResult<()> {
    let rows = lines_of(db, deal.id).await?;
    let total = lines::totals(rows.iter().map(|r| figures(r).amounts())).total;
    opportunities::Entity::update_many()
        .col_expr(opportunities::Column::Amount, Expr::value(total))
        .col_expr(opportunities::Column::UpdatedAt, Expr::value(now()))
        .filter(opportunities::Column::Id.eq(deal.id))
        .exec(db)
        .await?;
    let money = |minor| {
        Some(format!(
            "{} {}",
            Money {
                minor,
                currency: deal.currency.clone(),
                scale
            }
            .to_input(),
            deal.currency
        ))
    };
    let amount = (deal.amount != total).then(|| Change {
        field: "amount",
        old: money(deal.amount),
        new: money(total),
    });
    let changes = std::iter::once(line).chain(amount);
    audit::record(db, actor, "opportunity", deal.id, Action::Update, changes).await
}

pub async fn add(
    ctx: &Ctx,
    actor: &Actor,
    id: OpportunityId,
    input: LineItemInput,
) -> CoreResult<LineItem> {
    let txn = begin(ctx).await?;
    let (deal, scale) = editable(&txn, actor, id).await?;
    let existing = lines_of(&txn, id).await?;
    if existing.len() >= LINES_MAX {
        return Err(CoreError::Rejected("lines-too-many"));
    }
    let checked = check(&txn, &input, &deal.currency, scale).await?;
    let f = checked.figures;
    let a = f.amounts();
    let at = now();
    let row = line_items::ActiveModel {
        id: Set(LineItemId::new()),
        parent_kind: Set(RecordKind::Opportunity.code().to_owned()),
        parent_id: Set(id.0),
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
    let change = Change {
        field: "line_items",
        old: None,
        new: Some(line_text(&row, &deal.currency, scale)),
    };
    sync_amount(&txn, actor, &deal, scale, change).await?;
    txn.commit().await?;
    Ok(item_of(&row))
}

/// A line of the deal, or NotFound.
async fn line_of(
    db: &impl ConnectionTrait,
    deal: OpportunityId,
    line: LineItemId,
) -> CoreResult<line_items::Model> {
    line_items::Entity::find_by_id(line)
        .filter(line_items::Column::ParentKind.eq(RecordKind::Opportunity.code()))
        .filter(line_items::Column::ParentId.eq(deal.0))
        .one(db)
        .await?
        .ok_or(CoreError::NotFound)
}

pub async fn remove(
    ctx: &Ctx,
    actor: &Actor,
    id: OpportunityId,
    line: LineItemId,
) -> CoreResult<()> {
    let txn = begin(ctx).await?;
    let (deal, scale) = editable(&txn, actor, id).await?;
    let row = line_of(&txn, id, line).await?;
    let text = line_text(&row, &deal.currency, scale);
    line_items::Entity::delete_by_id(line).exec(&txn).await?;
    let change = Change {
        field: "line_items",
        old: Some(text),
        new: None,
    };
    sync_amount(&txn, actor, &deal, scale, change).await?;
    txn.commit().await?;
    Ok(())
}
