//! Data crossing the wire between the server and the UI, one module per domain.

pub mod accounts;
pub mod activities;
pub mod api_keys;
pub mod auth;
pub mod contacts;
pub mod contracts;
pub mod dashboard;
pub mod duplicates;
pub mod jobs;
pub mod leads;
pub mod lines;
pub mod list;
pub mod lookups;
pub mod opportunities;
pub mod pipeline;
pub mod products;
pub mod records;
pub mod search;
pub mod tasks;
pub mod users;
pub mod webhooks;
