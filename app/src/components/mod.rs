//! Reusable UI pieces.

pub mod form;
pub mod layout;
pub mod not_found;
