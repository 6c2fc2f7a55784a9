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
    pub start_date: Option<TimeDate>,
    pub end_date: Option<TimeDate>,
    pub renewal_reminder_date: Option<TimeDate>,
    pub status: ContractStatus,
    pub customer_signed_on: Option<TimeDate>,
    pub company_signed_on: Option<TimeDate>,
    pub description: Option<String>,
    pub owner_id: UserId,
    pub created_by: UserId,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
    pub deleted_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
