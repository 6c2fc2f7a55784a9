//! Reusable UI pieces.

pub mod data_table;
pub mod duplicates;
pub mod error_page;
pub mod form;
pub mod layout;
pub mod lines;
pub mod list_page;
pub mod picker;
pub mod record;
pub mod record_page;
pub mod related;
pub mod row_button;
pub mod search;
pub mod table;
