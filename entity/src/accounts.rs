use sea_orm::entity::prelude::*;
use types::dto::accounts::{AccountStatus, AccountType};
use types::ids::{AccountId, LookupId, UserId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "accounts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: AccountId,
    pub name: String,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub industry_id: Option<LookupId>,
    pub account_type: Option<AccountType>,
    pub status: AccountStatus,
    /// Minor units of `currency`.
    pub annual_revenue: Option<i64>,
    pub currency: Option<String>,
    pub employees: Option<i32>,
    pub vat_id: Option<String>,
    pub billing_address: Option<String>,
    pub shipping_address: Option<String>,
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
