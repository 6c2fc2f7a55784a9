//! Server functions, one module per domain. Each is a few lines: find the actor, call one
//! core service, map the result. No business rules here.

pub mod accounts;
pub mod activities;
pub mod auth;
pub mod contacts;
pub mod contracts;
pub mod dashboard;
pub mod jobs;
pub mod leads;
pub mod lines;
pub mod lookups;
pub mod opportunities;
pub mod pipeline;
pub mod prefs;
pub mod products;
pub mod profile;
pub mod records;
pub mod search;
pub mod tasks;
pub mod users;

#[cfg(feature = "ssr")]
pub mod server;
