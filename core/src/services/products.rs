//! Products: the catalog line items draw from. Everyone signed in reads it; managers and
//! admins change it. Delete, restore and history are the shared `records::actions`.

use crate::Actor;
use crate::audit::{self, Snapshot};
use crate::error::CoreResult;
use crate::policy::records::{self as policy, Relation};
use crate::records::checks::{optional, put};
use crate::records::keyset::{Sort, ValueKind};
use crate::records::list::Listed;
use crate::records::view::{self, Extra};
use crate::records::write::{Fields, Writer};
use crate::records::{Record, refs};
use entity::products::{self, Column, Entity, Model};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryTrait, Select,
    Set,
};
use types::dto::products::{Product, ProductFilter, ProductPatch, ProductRow};
use types::dto::records::RecordKind;
use types::ids::{ProductId, UserId};
use types::patch::Patch;
use types::validate::{self, Checker};

impl Record for Entity {
    crate::record_columns!();

    const KIND: RecordKind = RecordKind::Product;
    const SHARED: bool = true;
    const WATCHED: bool = false;
    const SORTS: &'static [Sort<Column>] =
        &[Sort::col("tax_rate", Column::TaxRateBp, ValueKind::Int)];

    const TEXT_COLS: &'static [Column] = &[Column::Name, Column::Sku];
    fn title(m: &Model) -> String {
        m.name.clone()
    }
    fn hint(m: &Model) -> String {
        m.sku.clone().unwrap_or_default()
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
        // No rate given: none on a new product, unchanged on an old one.
        let tax = tax.or(creating.then_some(None));
        put(&mut row.tax_rate_bp, tax.map(Option::unwrap_or_default));
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
            ("sku", audit::text(m.sku.clone())),
            (
                "price",
                audit::money(refs::money(Some(m.price), Some(&m.currency), &scales)),
            ),
            ("tax_rate", audit::text(Some(rate_text(m.tax_rate_bp)))),
            (
                "active",
                audit::label(
                    "product",
                    Some(if m.is_active { "active" } else { "inactive" }),
                ),
            ),
        ])
    }

    async fn detail<C: ConnectionTrait + Sync>(
        db: &C,
        actor: &Actor,
        m: Model,
        rel: Relation,
    ) -> CoreResult<Product> {
        let scales = refs::scales(db).await?;
        let extra = Extra::new()
            .with("price", refs::amount(m.price, &m.currency, &scales))
            .with("active", m.is_active)
            .with("can_edit", policy::sees_all(actor));
        view::detail::<Entity, _>(db, actor, &m, rel, extra).await
    }
}

crate::record_commands!(Entity, ProductId, list);

#[async_trait::async_trait]
impl Listed for Entity {
    type Filter = ProductFilter;
    type Row = ProductRow;
    const AMOUNT: Option<Column> = Some(Column::Price);

    fn filter(select: Select<Entity>, f: &ProductFilter) -> Select<Entity> {
        select.apply_if(f.active, |q, active| q.filter(Column::IsActive.eq(active)))
    }

    async fn extras(
        db: &DatabaseConnection,
        _actor: &Actor,
        rows: &[Model],
    ) -> CoreResult<Vec<Extra>> {
        let scales = refs::scales(db).await?;
        let extra = |m: &Model| {
            Extra::new()
                .with("price", refs::amount(m.price, &m.currency, &scales))
                .with("active", m.is_active)
        };
        Ok(rows.iter().map(extra).collect())
    }
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
