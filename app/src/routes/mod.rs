//! One module per page.

pub mod accounts;
pub mod activities;
pub mod api_keys;
pub mod auth_pages;
pub mod contacts;
pub mod contracts;
pub mod home;
pub mod jobs;
pub mod lead_conversion;
pub mod leads;
pub mod lookups;
pub mod opportunities;
pub mod pipeline;
pub mod products;
pub mod profile;
pub mod search;
pub mod tasks;
pub mod trash;
pub mod users;
