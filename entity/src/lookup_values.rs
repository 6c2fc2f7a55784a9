use sea_orm::entity::prelude::*;
use types::dto::lookups::LookupKind;
use types::ids::LookupId;

/// A value of one of the simple pick-lists; unique by (kind, name).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lookup_values")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: LookupId,
    pub kind: LookupKind,
    pub name: String,
    pub position: i32,
    pub is_active: bool,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
