//! Activities: calls, meetings, emails and notes. The list, the activity page (details,
//! links, history) and the edit form; new activities are logged on the page of the record
//! they concern.

mod detail;
mod form;
mod list;

pub use detail::ActivityPage;
pub use form::ActivityFormPage;
pub use list::ActivitiesPage;

use crate::i18n::tr;
use types::lang::Lang;

fn kind_label(lang: Lang, kind: types::dto::activities::ActivityKind) -> String {
    tr(lang, &format!("activity-kind-{}", kind.code()))
}
