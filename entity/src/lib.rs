//! SeaORM entities: the shape of each table and nothing else. Business rules live in `core`.

pub mod app_settings;
pub mod invites;
pub mod login_attempts;
pub mod sessions;
pub mod users;
