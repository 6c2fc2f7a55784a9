//! Opportunities (deals): the list, the deal page (overview with its contacts, line items,
//! activities, tasks, history) and the form. A new deal can start from an account page
//! (`?account=<id>`).

mod detail;
mod form;
mod list;

pub use detail::OpportunityPage;
pub use form::OpportunityFormPage;
pub use list::{OpportunitiesPage, opportunity_rows};

use crate::api::lookups::{list_currencies, list_stages};
use crate::i18n::tr;
use futures::future::try_join;
use types::dto::lookups::{Currency, SalesStage};
use types::dto::opportunities::OpportunityType;
use types::error::AppError;
use types::lang::Lang;

fn type_label(lang: Lang, t: OpportunityType) -> String {
    tr(lang, &format!("opportunity-type-{}", t.code()))
}

/// The stages and currencies a deal form offers, read once per form.
///
/// Pages that need several server functions call them together, never one after another:
/// on the server a call reads the request's context when it starts, and a form rendered
/// inside a loaded record can outlive that context by the time a later call would start.
pub async fn deal_choices() -> Result<(Vec<SalesStage>, Vec<Currency>), AppError> {
    try_join(list_stages(), list_currencies()).await
}

/// A stage as a select offers it: "Proposal (60%)".
pub fn stage_option(s: SalesStage) -> (String, String) {
    let label = format!("{} ({}%)", s.name, s.probability);
    (s.id.to_string(), label)
}
