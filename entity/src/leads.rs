use sea_orm::entity::prelude::*;
use types::ids::{AccountId, ContactId, LeadId, LookupId, OpportunityId, UserId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "leads")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: LeadId,
    pub first_name: Option<String>,
    pub last_name: String,
    pub company: Option<String>,
    pub job_title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub source_id: Option<LookupId>,
    pub status_id: Option<LookupId>,
    pub type_id: Option<LookupId>,
    pub description: Option<String>,
    #[serde(serialize_with = "types::wire::option::serialize")]
    pub converted_at: Option<TimeDateTimeWithTimeZone>,
    pub converted_account_id: Option<AccountId>,
    pub converted_contact_id: Option<ContactId>,
    pub converted_opportunity_id: Option<OpportunityId>,
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
