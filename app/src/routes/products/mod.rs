//! Products: the shared catalog. Its list, the product page (overview, history) and the
//! form; everyone reads the catalog, managers and admins change it.

mod detail;
mod form;
mod list;

pub use detail::ProductPage;
pub use form::ProductFormPage;
pub use list::ProductsPage;

use crate::i18n::tr;
use types::lang::Lang;

fn active_label(lang: Lang, active: bool) -> String {
    tr(
        lang,
        if active {
            "product-active"
        } else {
            "product-inactive"
        },
    )
}
