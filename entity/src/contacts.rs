use sea_orm::entity::prelude::*;
use types::ids::{AccountId, ContactId, LookupId, UserId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "contacts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: ContactId,
    pub first_name: Option<String>,
    pub last_name: String,
    pub email: Option<String>,
    pub email2: Option<String>,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub position: Option<String>,
    #[serde(serialize_with = "types::wire::option::serialize")]
    pub birthday: Option<TimeDate>,
    pub linkedin: Option<String>,
    pub twitter: Option<String>,
    pub contact_type_id: Option<LookupId>,
    /// Comma-separated.
    pub tags: Option<String>,
    pub account_id: Option<AccountId>,
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
