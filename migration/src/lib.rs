//! Schema migrations. One file per change, written in the backend-neutral DSL so the same
//! migration runs on SQLite and Postgres. Migrations run automatically at start-up.

pub use sea_orm_migration::prelude::*;

mod helpers;
mod m20261124_000001_identity;
mod m20261124_000002_lookups_and_audit;
mod m20261124_000003_accounts_contacts;
mod m20261124_000004_products_opportunities;
mod m20261124_000005_tasks_activities;
mod m20261124_000006_leads_contracts;
mod m20261124_000007_pipeline;
mod m20261124_000008_lead_conversion;
mod m20261124_000009_search;
mod m20261130_000010_jobs;
mod m20261130_000011_api;
mod m20261201_000012_webhooks;
mod m20261201_000013_queue_and_task_indexes;
mod m20261201_000014_duplicates;

/// The document the Postgres search index covers, for queries that must match it.
pub use m20261124_000009_search::{PG_DOCUMENT as SEARCH_DOCUMENT, rebuild as search_rebuild};

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_identity::Migration),
            Box::new(m20261124_000002_lookups_and_audit::Migration),
            Box::new(m20261124_000003_accounts_contacts::Migration),
            Box::new(m20261124_000004_products_opportunities::Migration),
            Box::new(m20261124_000005_tasks_activities::Migration),
            Box::new(m20261124_000006_leads_contracts::Migration),
            Box::new(m20261124_000007_pipeline::Migration),
            Box::new(m20261124_000008_lead_conversion::Migration),
            Box::new(m20261124_000009_search::Migration),
            Box::new(m20261130_000010_jobs::Migration),
            Box::new(m20261130_000011_api::Migration),
            Box::new(m20261201_000012_webhooks::Migration),
            Box::new(m20261201_000013_queue_and_task_indexes::Migration),
            Box::new(m20261201_000014_duplicates::Migration),
        ]
    }
}
