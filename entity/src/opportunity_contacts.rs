use sea_orm::entity::prelude::*;
use types::ids::{ContactId, OpportunityId};

/// The contacts of a deal besides its primary contact.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "opportunity_contacts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub opportunity_id: OpportunityId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub contact_id: ContactId,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
