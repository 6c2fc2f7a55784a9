use sea_orm::entity::prelude::*;
use types::ids::{ProductId, UserId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "products")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: ProductId,
    pub name: String,
    pub sku: Option<String>,
    /// Minor units of `currency`.
    pub price: i64,
    pub currency: String,
    /// Basis points: 1900 is 19 %.
    pub tax_rate_bp: i64,
    pub unit: Option<String>,
    pub is_active: bool,
    pub description: Option<String>,
    /// Who added it; the catalog itself is shared.
    pub owner_id: UserId,
    pub created_by: UserId,
    #[serde(serialize_with = "types::wire::text::serialize")]
    pub created_at: TimeDateTimeWithTimeZone,
    #[serde(serialize_with = "types::wire::text::serialize")]
    pub updated_at: TimeDateTimeWithTimeZone,
    #[serde(serialize_with = "types::wire::option::serialize")]
    pub deleted_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
