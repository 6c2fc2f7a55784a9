use sea_orm::entity::prelude::*;

/// Two records of a kind that look like one, scored; `dismissed_at` once someone said they
/// are not.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "duplicate_pairs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: String,
    /// The lower of the two ids.
    #[sea_orm(primary_key, auto_increment = false)]
    pub a: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub b: Uuid,
    /// 0 to 100.
    pub confidence: i16,
    /// Reason codes, space-separated.
    pub reasons: String,
    pub found_at: TimeDateTimeWithTimeZone,
    pub dismissed_at: Option<TimeDateTimeWithTimeZone>,
    pub dismissed_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
