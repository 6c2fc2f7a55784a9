use sea_orm::entity::prelude::*;
use types::dto::activities::ActivityKind;
use types::ids::{ActivityId, UserId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "activities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: ActivityId,
    pub kind: ActivityKind,
    pub subject: String,
    #[serde(serialize_with = "types::wire::text::serialize")]
    pub occurred_at: TimeDateTimeWithTimeZone,
    pub duration_minutes: Option<i32>,
    pub outcome: Option<String>,
    pub body: Option<String>,
    /// Who logged it.
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
