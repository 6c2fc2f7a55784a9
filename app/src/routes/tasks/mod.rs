//! Tasks: the list, the task page (details, comments, watchers, history) and the form.

mod detail;
mod form;
mod list;

pub use detail::TaskPage;
pub use form::TaskFormPage;
pub use list::TasksPage;
