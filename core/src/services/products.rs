//! Products: the catalog line items draw from. Everyone signed in reads it; managers and
//! admins change it. Delete, restore and history are the shared `records::actions`.

use crate::audit::{self, Snapshot};
use crate::error::CoreResult;
use crate::policy::records::{self as policy, Relation};
use crate::records::checks::{optional, put, required};
use crate::records::keyset::{self, Sort, ValueKind};
use crate::records::write::{Fields, Writer};
use crate::records::{Record, filters, refs};
use crate::{Actor, Ctx};
use entity::products::{self, Column, Entity, Model};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use std::collections::HashMap;
use types::dto::list::ListRequest;
use types::dto::products::{Product, ProductFilter, ProductPatch, ProductRow};
use types::dto::records::{ListPage, RecordKind};
use types::ids::{ProductId, UserId};
use types::money::Money;
use types::patch::Patch;
use types::validate::{self, Checker};

impl Record for Entity {
    crate::record_columns!();

    const KIND: RecordKind = RecordKind::Product;
    const SHARED: bool = true;

    fn text_cols() -> Vec<Column> {
        vec![Column::Name, Column::Sku]
    }
    fn title(m: &Model) -> String {
        m.name.clone()
    }
    fn hint(m: &Model) -> String {
        m.sku.clone().unwrap_or_default()
    }
}

const SORTS: &[Sort<Column>] = &[
    Sort::col("name", Column::Name, ValueKind::Text),
    Sort::col("sku", Column::Sku, ValueKind::Text),
    Sort::col("price", Column::Price, ValueKind::Int),
    Sort::col("tax_rate", Column::TaxRateBp, ValueKind::Int),
    Sort::col("unit", Column::Unit, ValueKind::Text),
    Sort::col("updated_at", Column::UpdatedAt, ValueKind::Time),
];

fn price(m: &Model, scales: &HashMap<String, i16>) -> Money {
    refs::money(Some(m.price), Some(&m.currency), scales).unwrap_or(Money {
        minor: m.price,
        currency: m.currency.clone(),
        scale: 2,
    })
}

/// The product as its page and list show it.
fn product_of(actor: &Actor, m: Model, scales: &HashMap<String, i16>) -> Product {
    Product {
        id: m.id,
        price: price(&m, scales),
        can_edit: policy::sees_all(actor),
        name: m.name,
        sku: m.sku,
        tax_rate_bp: m.tax_rate_bp,
        unit: m.unit,
        active: m.is_active,
        description: m.description,
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

/// A rate in basis points as history shows it: `19 %`.
pub fn rate_text(bp: i64) -> String {
    let whole = bp / 100;
    match bp % 100 {
        0 => format!("{whole} %"),
        frac => format!("{whole}.{frac:02} %"),
    }
}

#[async_trait::async_trait]
impl Fields for Entity {
    type Patch = ProductPatch;
    type Detail = Product;
    type After = ();

    /// The catalog is changed by managers and admins; a product records who added it.
    async fn new_owner<C: ConnectionTrait + Sync>(
        w: &Writer<'_, C>,
        _wanted: Option<UserId>,
    ) -> CoreResult<UserId> {
        policy::can_edit(w.actor, Relation::Reader)?;
        Ok(w.actor.user_id)
    }

    async fn apply<C: ConnectionTrait + Sync>(
        w: &Writer<'_, C>,
        current: Option<&Model>,
        p: ProductPatch,
        row: &mut products::ActiveModel,
        c: &mut Checker,
    ) -> CoreResult<()> {
        let creating = current.is_none();
        let text = |s: String| validate::optional_text(&s);
        put(
            &mut row.name,
            required(c, "name", p.name, creating, |s| validate::title(&s)),
        );
        let sku = optional(c, "sku", p.sku, text);
        if let Some(Some(sku)) = &sku {
            let mut taken = Entity::find()
                .filter(Column::Sku.eq(sku.as_str()))
                .filter(Column::DeletedAt.is_null());
            if let Some(m) = current {
                taken = taken.filter(Column::Id.ne(m.id));
            }
            if taken.one(w.db).await?.is_some() {
                c.fail("sku", "validation-sku-taken");
            }
        }
        put(&mut row.sku, sku);
        let tax = optional(c, "tax_rate", p.tax_rate, |bp| {
            validate::basis_points(bp).map(Some)
        });
        put(&mut row.tax_rate_bp, tax.map(Option::unwrap_or_default));
        put(&mut row.unit, optional(c, "unit", p.unit, text));
        put(
            &mut row.description,
            optional(c, "description", p.description, |s| {
                validate::optional_long_text(&s)
            }),
        );
        match (p.active, creating) {
            (Some(active), _) => row.is_active = Set(active),
            (None, true) => row.is_active = Set(true),
            (None, false) => {}
        }
        // A product has a price: a new one must name it, and it cannot be emptied.
        let no_price = match &p.price {
            Patch::Absent => creating,
            Patch::Clear => true,
            Patch::Set(a) => a.0.trim().is_empty(),
        };
        if no_price {
            c.fail("price", "validation-required");
        }
        let money = refs::required_money(
            w.db,
            c,
            ("price", "currency"),
            (p.price, p.currency),
            current.map(|m| (m.price, m.currency.as_str())),
        )
        .await?;
        if let Some((minor, code)) = money {
            row.price = Set(minor);
            row.currency = Set(code);
        }
        Ok(())
    }

    /// The fields the History tab compares, from the stored row.
    async fn snapshot<C: ConnectionTrait + Sync>(db: &C, m: &Model) -> CoreResult<Snapshot> {
        let scales = refs::scales(db).await?;
        Ok(vec![
            ("name", audit::text(Some(&m.name))),
            ("sku", audit::text(m.sku.clone())),
            (
                "price",
                audit::money(refs::money(Some(m.price), Some(&m.currency), &scales)),
            ),
            ("tax_rate", audit::text(Some(rate_text(m.tax_rate_bp)))),
            ("unit", audit::text(m.unit.clone())),
            (
                "active",
                audit::label(
                    "product",
                    Some(if m.is_active { "active" } else { "inactive" }),
                ),
            ),
            ("description", audit::text(m.description.clone())),
        ])
    }

    async fn detail<C: ConnectionTrait + Sync>(
        db: &C,
        actor: &Actor,
        m: Model,
        _rel: Relation,
    ) -> CoreResult<Product> {
        Ok(product_of(actor, m, &refs::scales(db).await?))
    }
}

crate::record_commands!(Entity, ProductId, ProductPatch, Product);

pub async fn list(
    ctx: &Ctx,
    actor: &Actor,
    q: &ListRequest<ProductFilter>,
) -> CoreResult<ListPage<ProductRow>> {
    let mut select = filters::select::<Entity>(actor, &q.common, Some(Column::Price))?;
    if let Some(active) = q.filter.active {
        select = select.filter(Column::IsActive.eq(active));
    }
    let (rows, next) = keyset::page(ctx, actor, select, SORTS, &q.page).await?;
    let scales = refs::scales(&ctx.db).await?;
    let items = rows
        .into_iter()
        .map(|m| ProductRow {
            id: m.id,
            price: price(&m, &scales),
            name: m.name,
            sku: m.sku,
            tax_rate_bp: m.tax_rate_bp,
            unit: m.unit,
            active: m.is_active,
            updated_at: m.updated_at,
        })
        .collect();
    Ok(ListPage { items, next })
}

/// An active product for a line item.
pub(crate) async fn for_line(
    db: &impl ConnectionTrait,
    id: ProductId,
) -> CoreResult<Option<Model>> {
    Ok(Entity::find_by_id(id)
        .filter(Column::DeletedAt.is_null())
        .filter(Column::IsActive.eq(true))
        .one(db)
        .await?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_list_sorts_by_what_the_ui_offers() {
        let offered = types::dto::products::SORTABLE;
        crate::records::keyset::assert_offered(super::SORTS, offered);
    }
}
