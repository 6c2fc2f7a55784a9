use sea_orm::entity::prelude::*;

/// Workspace-wide key/value settings. The primary key doubles as a once-only guard
/// (e.g. `setup_completed_at` can be inserted by exactly one first-run setup).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "app_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    pub value: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
