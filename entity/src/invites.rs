use sea_orm::entity::prelude::*;
use types::dto::auth::Role;
use types::ids::{InviteId, UserId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invites")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: InviteId,
    pub email: String,
    pub role: Role,
    /// SHA-256 of the token, hex. The token itself is only ever shown to the inviting admin.
    #[sea_orm(unique)]
    pub token_hash: String,
    pub invited_by: UserId,
    pub expires_at: TimeDateTimeWithTimeZone,
    pub accepted_at: Option<TimeDateTimeWithTimeZone>,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
