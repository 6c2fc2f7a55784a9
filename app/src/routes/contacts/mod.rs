//! Contacts: the people at accounts. The list, the contact page (overview, activities,
//! tasks, history) and the form, which the account page also uses to add a contact in place.

mod detail;
mod form;
mod list;

pub use detail::ContactPage;
pub use form::{ContactForm, ContactFormPage};
pub use list::{ContactsPage, contact_rows};
