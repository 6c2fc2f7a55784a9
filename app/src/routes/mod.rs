//! One module per page.

pub mod accounts;
pub mod auth_pages;
pub mod contacts;
pub mod home;
pub mod lookups;
pub mod opportunities;
pub mod products;
pub mod profile;
pub mod trash;
pub mod users;
