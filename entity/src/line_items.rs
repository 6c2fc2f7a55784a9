use sea_orm::entity::prelude::*;
use types::dto::lines::DiscountKind;
use types::ids::{LineItemId, ProductId};

/// One line of an opportunity or contract, with its amounts stored as computed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "line_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: LineItemId,
    /// The parent record kind's code.
    pub parent_kind: String,
    pub parent_id: Uuid,
    pub position: i32,
    pub product_id: Option<ProductId>,
    pub description: String,
    pub quantity_milli: i64,
    pub unit_price: i64,
    pub discount_kind: Option<DiscountKind>,
    /// Basis points for a percent, minor units for an amount.
    pub discount_value: i64,
    pub tax_rate_bp: i64,
    pub net: i64,
    pub tax: i64,
    pub total: i64,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
