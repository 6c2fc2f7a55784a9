use sea_orm::entity::prelude::*;
use types::ids::{DeliveryId, WebhookId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_deliveries")]
pub struct Model {
    /// Also the `webhook-id` header: the same on every attempt, so receivers can drop repeats.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: DeliveryId,
    pub webhook_id: WebhookId,
    pub event_type: String,
    /// The body exactly as it is signed and sent.
    pub payload: String,
    /// `pending`, `delivered` or `failed` (no attempts left).
    pub state: String,
    pub attempts: i32,
    /// The last attempt's HTTP status, if an answer came.
    pub status_code: Option<i32>,
    pub duration_ms: Option<i32>,
    /// Why the last attempt failed (a message key), if it did.
    pub error: Option<String>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub last_attempt_at: Option<TimeDateTimeWithTimeZone>,
    pub next_attempt_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
