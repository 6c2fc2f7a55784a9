use sea_orm::entity::prelude::*;
use types::ids::{UserId, WebhookId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhooks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: WebhookId,
    pub name: String,
    pub url: String,
    /// The event types it wants, space-separated.
    pub events: String,
    /// The signing secret, sealed with the server's key: it must be read back to sign.
    pub secret: String,
    /// The secret before the last rotation, still signing until `previous_until`.
    pub previous_secret: Option<String>,
    pub previous_until: Option<TimeDateTimeWithTimeZone>,
    pub active: bool,
    /// Failed attempts in a row.
    pub failures: i32,
    /// Why it was disabled (a message key), when the server disabled it.
    pub disabled_reason: Option<String>,
    /// The admin it acts for: payloads hold what they may see.
    pub created_by: UserId,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
