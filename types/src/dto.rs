//! Data crossing the wire between the server and the UI, one module per domain.

pub mod auth;
pub mod lookups;
pub mod users;
