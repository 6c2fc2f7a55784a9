use sea_orm::entity::prelude::*;
use types::ids::ActivityId;

/// A record an activity concerns (by kind code and id); one activity may have several.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "activity_links")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub activity_id: ActivityId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub record_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
