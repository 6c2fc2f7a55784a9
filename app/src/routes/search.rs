//! The search results page (`/search?q=&mode=`): where the header box goes without
//! JavaScript, and where Enter goes when nothing matched. Two links switch between all
//! matches (words and meaning) and matches by meaning only.

use crate::api::search::search;
use crate::components::form::FormAlert;
use crate::components::search::{MeaningOff, kind_label};
use crate::i18n::{t, tr_args, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use types::dto::records::encode;

#[component]
pub fn SearchPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let q = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let by_meaning = Memo::new(move |_| query.read().get("mode").as_deref() == Some("semantic"));
    let hits = Resource::new(
        move || (q.get(), by_meaning.get()),
        |(q, by_meaning)| search(q, by_meaning),
    );
    let mode_link = move |semantic: bool, key: &'static str| {
        let href = move || {
            let mode = if semantic { "&mode=semantic" } else { "" };
            format!("/search?q={}{mode}", encode(&q.get()))
        };
        let current = move || (by_meaning.get() == semantic).then_some("page");
        view! { <a href=href aria-current=current>{t(key)}</a> }
    };
    view! {
        <Title text=t("search-title")/>
        <h1>{move || tr_args(lang, "search-results-for", &[("query", q.get().into())])}</h1>
        <nav class="search-modes" aria-label=t("search-modes")>
            {mode_link(false, "search-all-matches")}
            {mode_link(true, "search-by-meaning")}
        </nav>
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || hits.get().map(|res| match res {
                Ok(found) if found.hits.is_empty() => view! {
                    <MeaningOff reason=found.meaning_off/>
                    <p class="muted">{t("search-none")}</p>
                }.into_any(),
                Ok(found) => view! {
                    <MeaningOff reason=found.meaning_off/>
                    <ul class="card search-page-results">
                        {found.hits.into_iter().map(|hit| view! {
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
