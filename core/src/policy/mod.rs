//! Pure permission rules, one module per domain. No database: services load the rows and the
//! facts a rule needs, then ask here, inside their transaction.

pub mod lookups;
pub mod records;
pub mod users;
