//! One module per domain; each public function is one use case.

pub mod accounts;
pub mod activities;
pub mod api_keys;
pub mod auth;
pub mod contacts;
pub mod contracts;
pub mod dashboard;
pub mod health;
pub mod idempotency;
pub mod invites;
pub mod lead_conversion;
pub mod leads;
pub mod line_items;
pub mod lookups;
pub mod opportunities;
pub mod pipeline;
pub mod products;
pub mod search;
pub mod tasks;
pub mod users;
pub mod webhooks;
