//! Request layers: security headers, the Origin check, resolving who is asking, and keeping
//! what a failed no-JS form post typed.

pub mod form_echo;
pub mod security;
pub mod viewer;
