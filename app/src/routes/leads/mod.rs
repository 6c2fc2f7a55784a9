//! Leads: the list, the lead page (overview, activities, tasks, history) and the form;
//! converting a lead has its own page (`routes::lead_conversion`).

mod detail;
mod form;
mod list;

pub use detail::LeadPage;
pub use form::LeadFormPage;
pub use list::LeadsPage;
