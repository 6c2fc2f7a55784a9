use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "currencies")]
pub struct Model {
    /// ISO 4217 code.
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub name: String,
    pub minor_units: i16,
    pub is_active: bool,
    /// Millionths of the workspace's reference unit that one unit is worth, for totals in one
    /// currency; None until an admin sets it.
    pub rate_ppm: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
