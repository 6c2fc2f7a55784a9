//! Request layers: security headers, the Origin check, and resolving who is asking.

pub mod security;
pub mod viewer;
