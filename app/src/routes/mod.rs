//! One module per page.

pub mod auth_pages;
pub mod home;
pub mod lookups;
pub mod profile;
pub mod users;
