//! Reusable UI pieces.

pub mod data_table;
pub mod error_page;
pub mod form;
pub mod layout;
pub mod lines;
pub mod picker;
pub mod record;
pub mod related;
pub mod search;
