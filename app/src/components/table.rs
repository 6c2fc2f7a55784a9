//! A plain table: column headers over the rows a page renders. Lists of records use
//! `data_table`; admin pages and the lists on a record's page use this.

use crate::i18n::{t, tr};
use leptos::prelude::*;
use types::lang::Lang;

/// The headers of `keys` (Fluent keys), translated.
pub fn heads(lang: Lang, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|key| tr(lang, key)).collect()
}

/// Rows under `heads`; with `actions`, a last column of row buttons whose header only screen
/// readers announce.
#[component]
pub fn Table(
    heads: Vec<String>,
    #[prop(optional)] actions: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead><tr>
                    {heads.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}
                    {actions.then(|| view! {
                        <th scope="col"><span class="visually-hidden">{t("record-actions")}</span></th>
                    })}
                </tr></thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// Links to the first page (when not on it) and the next one (when there is one). An empty
/// `first` is the page's own path without a query.
#[component]
pub fn Pager(first: Option<String>, next: Option<String>) -> impl IntoView {
    view! {
        <nav class="pager" aria-label=t("pager-label")>
            {first.map(|href| view! {
                <a href=if href.is_empty() { "?".to_owned() } else { href } rel="first">{t("list-first")}</a>
            })}
            {next.map(|href| view! { <a href=href rel="next">{t("list-next")}</a> })}
        </nav>
    }
}
