use sea_orm::entity::prelude::*;

/// One unit of background work, or one domain event waiting for its consumers.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub queue: String,
    pub kind: String,
    /// JSON.
    pub payload: String,
    /// `queued`, `running` or `dead`; a job that succeeds is deleted.
    pub state: String,
    pub attempts: i32,
    pub max_attempts: i32,
    /// When it may run (next): now, later, or after a failure's backoff.
    pub run_at: TimeDateTimeWithTimeZone,
    /// The worker holding it, and until when its lease runs.
    pub locked_by: Option<String>,
    pub locked_until: Option<TimeDateTimeWithTimeZone>,
    /// Why the last attempt failed: a message key and a trace id, never internal text.
    pub last_error: Option<String>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
