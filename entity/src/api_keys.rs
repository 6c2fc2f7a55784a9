use sea_orm::entity::prelude::*;
use types::dto::api_keys::ApiScope;
use types::ids::{ApiKeyId, UserId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: ApiKeyId,
    pub user_id: UserId,
    pub name: String,
    /// The secret's first characters, shown in lists.
    pub prefix: String,
    /// SHA-256 of the secret, hex. The secret is shown to its user once and never stored.
    #[sea_orm(unique)]
    pub secret_hash: String,
    pub scope: ApiScope,
    pub expires_at: Option<TimeDateTimeWithTimeZone>,
    pub last_used_at: Option<TimeDateTimeWithTimeZone>,
    pub revoked_at: Option<TimeDateTimeWithTimeZone>,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
