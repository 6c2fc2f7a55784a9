//! Accounts: the companies a team sells to. The list, the account page (overview, its
//! contacts, deals and contracts, history) and the form.

mod detail;
mod form;
mod list;

pub use detail::AccountPage;
pub use form::AccountFormPage;
pub use list::AccountsPage;

use crate::i18n::tr;
use types::dto::accounts::{AccountStatus, AccountType};
use types::lang::Lang;

fn status_label(lang: Lang, s: AccountStatus) -> String {
    tr(lang, &format!("account-status-{}", s.code()))
}

fn type_label(lang: Lang, s: AccountType) -> String {
    tr(lang, &format!("account-type-{}", s.code()))
}

/// The account statuses with their labels, for the list filter and the form.
fn statuses(lang: Lang) -> Vec<(String, String)> {
    AccountStatus::ALL
        .iter()
        .map(|s| (s.code().to_owned(), status_label(lang, *s)))
        .collect()
}
