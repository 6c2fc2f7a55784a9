//! Products: the catalog line items draw from. Everyone signed in reads it; managers and
//! admins change it. Delete, restore and history are the shared `records::actions`.

use super::{begin, now};
use crate::audit::{self, Action, Snapshot};
use crate::error::CoreResult;
use crate::policy::records::{self as policy, Relation};
use crate::records::access::{self, State};
use crate::records::keyset::{self, By, Sort, ValueKind};
use crate::records::{Record, filters, refs};
use crate::{Actor, Ctx};
use entity::products::{self, Column, Entity, Model};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use std::collections::HashMap;
use time::OffsetDateTime;
use types::dto::products::{Product, ProductInput, ProductRow};
use types::dto::records::{ListPage, ListQuery, RecordKind};
use types::error::FieldError;
use types::ids::{ProductId, UserId};
use types::money::Money;
use types::validate::{self, Checker};
use uuid::Uuid;

impl Record for Entity {
    const KIND: RecordKind = RecordKind::Product;
    const SHARED: bool = true;

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
        vec![Column::Name, Column::Sku]
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
        m.sku.clone().unwrap_or_default()
    }
}

const SORTS: &[Sort<Column>] = &[
    Sort {
        key: "name",
        by: By::Col(Column::Name),
        kind: ValueKind::Text,
    },
    Sort {
        key: "sku",
        by: By::Col(Column::Sku),
        kind: ValueKind::Text,
    },
    Sort {
        key: "price",
        by: By::Col(Column::Price),
        kind: ValueKind::Int,
    },
    Sort {
        key: "tax_rate",
        by: By::Col(Column::TaxRateBp),
        kind: ValueKind::Int,
    },
    Sort {
        key: "unit",
        by: By::Col(Column::Unit),
        kind: ValueKind::Text,
    },
    Sort {
        key: "updated_at",
        by: By::Col(Column::UpdatedAt),
        kind: ValueKind::Time,
    },
];

struct Fields {
    name: String,
    sku: Option<String>,
    price: i64,
    currency: String,
    tax_rate_bp: i64,
    unit: Option<String>,
    is_active: bool,
    description: Option<String>,
}

async fn check(
    db: &impl ConnectionTrait,
    input: &ProductInput,
    current: Option<&Model>,
) -> CoreResult<Fields> {
    let mut c = Checker::new();
    let name = c.check("name", validate::title(&input.name));
    let sku = c.check("sku", validate::optional_text(&input.sku));
    let tax = c.check("tax_rate", validate::rate(&input.tax_rate));
    let unit = c.check("unit", validate::optional_text(&input.unit));
    let description = c.check(
        "description",
        validate::optional_long_text(&input.description),
    );
    let code = input.currency.trim().to_ascii_uppercase();
    let mut price = None;
    match refs::currency_scale(db, &code, current.map(|m| m.currency.as_str())).await? {
        Some(scale) => {
            price = c.check("price", validate::amount(&input.price, scale));
            if let Some(None) = price {
                c.fail("price", "validation-required");
            }
        }
        None => c.fail("currency", "validation-currency"),
    }
    if let Some(Some(sku)) = &sku {
        let mut taken = Entity::find()
            .filter(Column::Sku.eq(sku.as_str()))
            .filter(Column::DeletedAt.is_null());
        if let Some(m) = current {
            taken = taken.filter(Column::Id.ne(m.id));
        }
        if taken.one(db).await?.is_some() {
            c.fail("sku", "validation-sku-taken");
        }
    }
    c.finish()?;
    Ok(Fields {
        name: name.unwrap_or_default(),
        sku: sku.flatten(),
        price: price.flatten().unwrap_or_default(),
        currency: code,
        tax_rate_bp: tax.flatten().unwrap_or_default(),
        unit: unit.flatten(),
        is_active: input.active.is_some(),
        description: description.flatten(),
    })
}

fn fill(a: &mut products::ActiveModel, f: Fields) {
    a.name = Set(f.name);
    a.sku = Set(f.sku);
    a.price = Set(f.price);
    a.currency = Set(f.currency);
    a.tax_rate_bp = Set(f.tax_rate_bp);
    a.unit = Set(f.unit);
    a.is_active = Set(f.is_active);
    a.description = Set(f.description);
}

fn price(m: &Model, scales: &HashMap<String, i16>) -> Money {
    refs::money(Some(m.price), Some(&m.currency), scales).unwrap_or(Money {
        minor: m.price,
        currency: m.currency.clone(),
        scale: 2,
    })
}

fn detail(actor: &Actor, m: Model, scales: &HashMap<String, i16>) -> Product {
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

/// The fields the History tab compares, from the stored row.
async fn snapshot(db: &impl ConnectionTrait, m: &Model) -> CoreResult<Snapshot> {
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

pub async fn create(ctx: &Ctx, actor: &Actor, input: ProductInput) -> CoreResult<Product> {
    policy::can_edit(actor, Relation::Reader)?;
    let txn = begin(ctx).await?;
    let f = check(&txn, &input, None).await?;
    let at = now();
    let mut row = products::ActiveModel {
        id: Set(ProductId::new()),
        owner_id: Set(actor.user_id),
        created_by: Set(actor.user_id),
        created_at: Set(at),
        updated_at: Set(at),
        deleted_at: Set(None),
        ..Default::default()
    };
    fill(&mut row, f);
    let model = row.insert(&txn).await?;
    let changes = audit::between(&[], &snapshot(&txn, &model).await?);
    let product = detail(actor, model, &refs::scales(&txn).await?);
    audit::record(
        &txn,
        now(),
        actor,
        "product",
        product.id,
        Action::Create,
        changes,
    )
    .await?;
    txn.commit().await?;
    Ok(product)
}

pub async fn get(ctx: &Ctx, actor: &Actor, id: ProductId) -> CoreResult<Product> {
    let (model, _) = access::load::<Entity>(&ctx.db, actor, id.0, State::Live).await?;
    Ok(detail(actor, model, &refs::scales(&ctx.db).await?))
}

pub async fn update(
    ctx: &Ctx,
    actor: &Actor,
    id: ProductId,
    input: ProductInput,
) -> CoreResult<Product> {
    let txn = begin(ctx).await?;
    let (model, rel) = access::load::<Entity>(&txn, actor, id.0, State::Live).await?;
    policy::can_edit(actor, rel)?;
    let f = check(&txn, &input, Some(&model)).await?;
    let scales = refs::scales(&txn).await?;
    let before = snapshot(&txn, &model).await?;
    let mut row: products::ActiveModel = model.into();
    fill(&mut row, f);
    row.updated_at = Set(now());
    let updated = row.update(&txn).await?;
    let changes = audit::between(&before, &snapshot(&txn, &updated).await?);
    let product = detail(actor, updated, &scales);
    audit::record(&txn, now(), actor, "product", id, Action::Update, changes).await?;
    txn.commit().await?;
    Ok(product)
}

pub async fn list(ctx: &Ctx, actor: &Actor, q: &ListQuery) -> CoreResult<ListPage<ProductRow>> {
    let f = filters::parse(actor, q)?;
    let mut select = Entity::find().filter(access::visible::<Entity>(actor));
    select = filters::apply(select, &f, Column::CreatedAt, Some(Column::Price))?;
    match q.status.as_str() {
        "" => {}
        "active" => select = select.filter(Column::IsActive.eq(true)),
        "inactive" => select = select.filter(Column::IsActive.eq(false)),
        _ => {
            return Err(crate::CoreError::Validation(vec![FieldError::new(
                "status",
                "validation-invalid",
            )]));
        }
    }
    let (rows, next) = keyset::page(ctx, actor, select, SORTS, q).await?;
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
