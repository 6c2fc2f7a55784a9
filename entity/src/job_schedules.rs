use sea_orm::entity::prelude::*;

/// A recurring job: enqueued whenever its cron expression comes due.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "job_schedules")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub name: String,
    /// Five fields, UTC: minute hour day-of-month month day-of-week.
    pub cron: String,
    pub queue: String,
    pub kind: String,
    pub payload: String,
    pub next_run_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
