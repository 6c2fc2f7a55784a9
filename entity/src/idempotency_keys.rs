use sea_orm::entity::prelude::*;
use types::ids::UserId;

/// The answer to a POST or PATCH sent with an `Idempotency-Key`, kept for a day so that a
/// retry gets it again instead of doing the work twice.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: UserId,
    pub key: String,
    /// SHA-256 of the method, path and body: the same key with another request is refused.
    pub request_hash: String,
    /// `None` while the first request runs.
    pub status: Option<i32>,
    pub response: Option<String>,
    pub location: Option<String>,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
