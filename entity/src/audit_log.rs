use sea_orm::entity::prelude::*;
use types::ids::{AuditId, UserId};

/// Who changed what and when. `changes` is JSON: `[{"field", "old", "new"}, …]`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: AuditId,
    pub actor_id: Option<UserId>,
    pub via: String,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub changes: String,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
