use sea_orm::entity::prelude::*;
use types::dto::contracts::ContractStatus;
use types::ids::{AccountId, ContractId, UserId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "contracts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: ContractId,
    pub title: String,
    pub account_id: Option<AccountId>,
    /// Minor units of `currency`; the line items' total when there are any.
    pub value: i64,
    pub currency: String,
    #[serde(serialize_with = "types::wire::option::serialize")]
    pub start_date: Option<TimeDate>,
    #[serde(serialize_with = "types::wire::option::serialize")]
    pub end_date: Option<TimeDate>,
    #[serde(serialize_with = "types::wire::option::serialize")]
    pub renewal_reminder_date: Option<TimeDate>,
    pub status: ContractStatus,
    #[serde(serialize_with = "types::wire::option::serialize")]
    pub customer_signed_on: Option<TimeDate>,
    #[serde(serialize_with = "types::wire::option::serialize")]
    pub company_signed_on: Option<TimeDate>,
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
