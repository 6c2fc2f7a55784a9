use sea_orm::entity::prelude::*;
use types::dto::auth::Role;
use types::ids::UserId;
use types::lang::{Lang, Theme};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: UserId,
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub role: Role,
    pub is_active: bool,
    pub lang: Option<Lang>,
    pub theme: Theme,
    /// The currency the user reads totals in; None means the workspace's first currency.
    pub currency: Option<String>,
    pub last_login_at: Option<TimeDateTimeWithTimeZone>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
