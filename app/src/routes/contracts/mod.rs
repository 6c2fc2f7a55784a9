//! Contracts: the list, the contract page (overview, line items, activities, tasks,
//! history) and the form. A new contract can start from an account page (`?account=<id>`).

mod detail;
mod form;
mod list;

pub use detail::ContractPage;
pub use form::ContractFormPage;
pub use list::{ContractsPage, contract_items};

use crate::format;
use crate::i18n::tr;
use time::Date;
use types::dto::contracts::ContractStatus;
use types::lang::Lang;

fn status_label(lang: Lang, s: ContractStatus) -> String {
    tr(lang, &format!("contract-status-{}", s.code()))
}

fn day(lang: Lang, d: Option<Date>) -> Option<String> {
    d.map(|d| format::calendar_date(lang, d))
}

/// The contract statuses with their labels, for the list filter and the form.
fn statuses(lang: Lang) -> Vec<(String, String)> {
    ContractStatus::ALL
        .iter()
        .map(|s| (s.code().to_owned(), status_label(lang, *s)))
        .collect()
}
