use sea_orm::entity::prelude::*;
use types::dto::tasks::{TaskPriority, TaskStatus};
use types::ids::{TaskId, UserId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "tasks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: TaskId,
    pub title: String,
    pub body: Option<String>,
    pub priority: TaskPriority,
    #[serde(serialize_with = "types::wire::option::serialize")]
    pub due_date: Option<TimeDate>,
    pub status: TaskStatus,
    #[serde(serialize_with = "types::wire::option::serialize")]
    pub done_at: Option<TimeDateTimeWithTimeZone>,
    /// The record the task is about: a record kind's code and its id.
    pub linked_kind: Option<String>,
    pub linked_id: Option<Uuid>,
    /// The assignee.
    pub owner_id: UserId,
    pub created_by: UserId,
    #[serde(serialize_with = "types::wire::text::serialize")]
    pub created_at: TimeDateTimeWithTimeZone,
    #[serde(serialize_with = "types::wire::text::serialize")]
    pub updated_at: TimeDateTimeWithTimeZone,
    #[serde(serialize_with = "types::wire::option::serialize")]
    pub deleted_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
