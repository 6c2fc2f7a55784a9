use sea_orm::entity::prelude::*;
use types::ids::UserId;

/// A user who follows a record they do not own; watching grants seeing and editing it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "watchers")]
pub struct Model {
    /// The record kind's code, e.g. `account`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub entity: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub record_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: UserId,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
