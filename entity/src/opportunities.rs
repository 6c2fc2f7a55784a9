use sea_orm::entity::prelude::*;
use types::dto::opportunities::OpportunityType;
use types::ids::{AccountId, ContactId, OpportunityId, StageId, UserId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "opportunities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: OpportunityId,
    pub name: String,
    pub account_id: Option<AccountId>,
    /// The primary contact.
    pub contact_id: Option<ContactId>,
    /// Minor units of `currency`; the line items' total when there are any.
    pub amount: i64,
    pub currency: String,
    #[serde(serialize_with = "types::wire::text::serialize")]
    pub close_date: TimeDate,
    pub stage_id: StageId,
    #[serde(serialize_with = "types::wire::text::serialize")]
    pub stage_entered_at: TimeDateTimeWithTimeZone,
    pub opportunity_type: Option<OpportunityType>,
    pub next_step: Option<String>,
    /// Why a lost deal was lost (required when it moves to a lost stage).
    pub lost_reason: Option<String>,
    /// When the deal entered a won or lost stage; NULL while open.
    #[serde(serialize_with = "types::wire::option::serialize")]
    pub closed_at: Option<TimeDateTimeWithTimeZone>,
    pub description: Option<String>,
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
