//! SeaORM entities: the shape of each table and nothing else. Business rules live in `core`.

pub mod accounts;
pub mod activities;
pub mod activity_links;
pub mod api_keys;
pub mod app_settings;
pub mod audit_log;
pub mod contacts;
pub mod contracts;
pub mod currencies;
pub mod idempotency_keys;
pub mod invites;
pub mod job_schedules;
pub mod jobs;
pub mod leads;
pub mod line_items;
pub mod login_attempts;
pub mod lookup_values;
pub mod opportunities;
pub mod opportunity_contacts;
pub mod products;
pub mod sales_stages;
pub mod sessions;
pub mod task_comments;
pub mod tasks;
pub mod users;
pub mod watchers;
