use sea_orm::entity::prelude::*;
use types::dto::lookups::StageKind;
use types::ids::StageId;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sales_stages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: StageId,
    #[sea_orm(unique)]
    pub name: String,
    pub position: i32,
    pub probability: i16,
    pub kind: StageKind,
    pub is_active: bool,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
