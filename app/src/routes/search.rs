//! The search results page (`/search?q=`): where the header box goes without JavaScript, and
//! where Enter goes when nothing matched.

use crate::api::search::search;
use crate::components::form::FormAlert;
use crate::components::search::kind_label;
use crate::i18n::{t, tr_args, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SearchPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let q = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let hits = Resource::new(move || q.get(), search);
    view! {
        <Title text=t("search-title")/>
        <h1>{move || tr_args(lang, "search-results-for", &[("query", q.get().into())])}</h1>
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || hits.get().map(|res| match res {
                Ok(list) if list.is_empty() => view! { <p class="muted">{t("search-none")}</p> }.into_any(),
                Ok(list) => view! {
                    <ul class="card search-page-results">
                        {list.into_iter().map(|hit| view! {
                            <li>
                                <span class="badge">{kind_label(lang, &hit)}</span>
                                <a href=hit.path()>{hit.title.clone()}</a>
                                {(!hit.detail.is_empty()).then(|| view! { <small class="muted">{hit.detail.clone()}</small> })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
            })}
        </Transition>
    }
}
