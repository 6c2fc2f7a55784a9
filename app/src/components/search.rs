//! Global search: a box in the header and a ⌘K / Ctrl-K palette, both the same combobox.
//! Typing asks the server (only the newest answer is kept); arrows move through the hits,
//! Enter opens the highlighted one, or the best hit for what is typed. Hits match the words
//! and the meaning of what is typed; the "By meaning" box keeps only matches by meaning.
//! Without JavaScript the box is a plain GET form to the results page.

use crate::api::search::search;
use crate::i18n::{t, tr, use_lang};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use types::dto::search::SearchHit;
use types::lang::Lang;

/// How long typing must pause before the box asks the server.
const TYPING_PAUSE_MS: u64 = 120;

pub fn kind_label(lang: Lang, hit: &SearchHit) -> String {
    tr(lang, &format!("search-kind-{}", hit.kind.code()))
}

/// Why matching by meaning took no part in an answer, when it did not (a message key).
#[component]
pub fn MeaningOff(reason: Option<String>) -> impl IntoView {
    reason.map(|key| view! { <p class="muted search-notice" role="status">{t(&key)}</p> })
}

#[component]
pub fn SearchBox(
    /// Element ids start with this, so the header box and the palette can share a page.
    id: &'static str,
    /// Runs after Enter or a click opened a hit (the palette closes itself).
    #[prop(optional)]
    on_open: Option<Callback<()>>,
) -> impl IntoView {
    let lang = use_lang();
    let text = RwSignal::new(String::new());
    // The hits and the text they answer.
    let hits = RwSignal::new((String::new(), Vec::<SearchHit>::new()));
    let by_meaning = RwSignal::new(false);
    let meaning_off = RwSignal::new(None::<String>);
    let open = RwSignal::new(false);
    let active = RwSignal::new(0usize);
    let asked = StoredValue::new(0u64);
    let form = NodeRef::<leptos::html::Form>::new();
    let navigate = use_navigate();
    // Asked once typing pauses, so the server does not embed a query for every keystroke.
    let ask = move || {
        let n = asked.get_value() + 1;
        asked.set_value(n);
        let send = move || {
            if asked.get_value() != n {
                return;
            }
            let q = text.get_untracked();
            let semantic = by_meaning.get_untracked();
            leptos::task::spawn_local(async move {
                let found = search(q.clone(), semantic).await.unwrap_or_default();
                if asked.get_value() == n {
                    hits.set((q, found.hits));
                    meaning_off.set(found.meaning_off);
                    active.set(0);
                }
            });
        };
        set_timeout(send, std::time::Duration::from_millis(TYPING_PAUSE_MS));
    };
    let go = move |path: String| {
        open.set(false);
        text.set(String::new());
        hits.set((String::new(), Vec::new()));
        navigate(&path, Default::default());
        if let Some(cb) = on_open {
            cb.run(());
        }
    };
    let on_key = {
        let go = go.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            let count = hits.with_untracked(|h| h.1.len());
            match ev.key().as_str() {
                "ArrowDown" if count > 0 => {
                    ev.prevent_default();
                    open.set(true);
                    active.update(|a| *a = (*a + 1) % count);
                }
                "ArrowUp" if count > 0 => {
                    ev.prevent_default();
                    active.update(|a| *a = (*a + count - 1) % count);
                }
                "Enter" => {
                    ev.prevent_default();
                    let typed = text.get_untracked();
                    let (answered, list) = hits.get_untracked();
                    if answered == typed
                        && let Some(hit) = list.get(active.get_untracked())
                    {
                        go(hit.path());
                        return;
                    }
                    // Enter before the answer came: ask now and open the best hit, or show
                    // every result when there is none.
                    let go = go.clone();
                    let semantic = by_meaning.get_untracked();
                    leptos::task::spawn_local(async move {
                        let best = search(typed, semantic)
                            .await
                            .ok()
                            .and_then(|found| found.hits.into_iter().next());
                        match best {
                            Some(hit) => go(hit.path()),
                            None => {
                                if let Some(f) = form.get_untracked() {
                                    let _ = f.submit();
                                }
                            }
                        }
                    });
                }
                "Escape" => open.set(false),
                _ => {}
            }
        }
    };
    // Said when matching by meaning was asked for and did not happen, or is out of reach
    // (not when the server simply has it off).
    let notice = move || {
        meaning_off
            .get()
            .filter(|key| by_meaning.get() || key == "ai-unavailable")
            .filter(|_| !text.with(|t| t.trim().is_empty()))
    };
    let list_id = format!("{id}-list");
    let meaning_id = format!("{id}-meaning");
    let option_id = move |i: usize| format!("{id}-hit-{i}");
    view! {
        <form class="search-box" role="search" action="/search" method="get" node_ref=form>
            <label for=id class="visually-hidden">{t("search-label")}</label>
            <input
                id=id
                name="q"
                type="search"
                role="combobox"
                autocomplete="off"
                aria-autocomplete="list"
                aria-controls=list_id.clone()
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-activedescendant=move || open.get().then(|| option_id(active.get()))
                placeholder=move || tr(lang, "search-placeholder")
                prop:value=move || text.get()
                on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    open.set(true);
                    ask();
                }
                on:focus=move |_| open.set(true)
                on:blur=move |_| open.set(false)
                on:keydown=on_key
            />
            <label class="search-meaning" for=meaning_id.clone()>
                <input id=meaning_id.clone() type="checkbox" name="mode" value="semantic"
                    prop:checked=move || by_meaning.get()
                    on:change=move |ev| {
                        by_meaning.set(event_target_checked(&ev));
                        if !text.get_untracked().trim().is_empty() {
                            ask();
                        }
                    }/>
                {t("search-by-meaning")}
            </label>
            <div class="search-dropdown" hidden=move || !open.get() || (hits.with(|h| h.1.is_empty()) && notice().is_none())>
            <ul id=list_id class="search-results" role="listbox" aria-label=t("search-results")
                hidden=move || hits.with(|h| h.1.is_empty())>
                {move || hits.get().1.into_iter().enumerate().map(|(i, hit)| {
                    let path = hit.path();
                    let go = go.clone();
                    view! {
                        <li id=option_id(i) role="option"
                            aria-selected=move || if active.get() == i { "true" } else { "false" }
                            on:mousedown=move |ev| {
                                ev.prevent_default();
                                go(path.clone());
                            }>
                            <span class="badge">{kind_label(lang, &hit)}</span>
                            <span class="search-title">{hit.title}</span>
                            {(!hit.detail.is_empty()).then(|| view! { <small class="muted">{hit.detail}</small> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || view! { <MeaningOff reason=notice()/> }}
            </div>
        </form>
    }
    // Type-erased: the header and the palette each hold one, and the app frame's nested view
    // type would otherwise outgrow the compiler's layout depth.
    .into_any()
}

/// The ⌘K / Ctrl-K palette: the search box in a dialog over the page. Escape, a click
/// outside or opening a hit closes it and gives focus back.
#[component]
pub fn CommandPalette() -> impl IntoView {
    let open = RwSignal::new(false);
    Effect::new(move |_| {
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if (ev.ctrl_key() || ev.meta_key()) && ev.key().eq_ignore_ascii_case("k") {
                ev.prevent_default();
                open.update(|o| *o = !*o);
            }
        });
        on_cleanup(move || handle.remove());
    });
    // The box takes focus as soon as the palette shows.
    Effect::new(move |_| {
        if open.get()
            && let Some(input) = document().get_element_by_id("palette-search")
        {
            use wasm_bindgen::JsCast;
            if let Ok(input) = input.dyn_into::<web_sys::HtmlElement>() {
                let _ = input.focus();
            }
        }
    });
    let close = Callback::new(move |_: ()| open.set(false));
    view! {
        <Show when=move || open.get()>
            <div class="dialog-backdrop" on:mousedown=move |ev| {
                if ev.target() == ev.current_target() {
                    open.set(false);
                }
            }>
                <div class="dialog palette" role="dialog" aria-modal="true" aria-label=t("search-palette")
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" { open.set(false) }>
                    <SearchBox id="palette-search" on_open=close/>
                    <p class="field-hint">{t("search-palette-hint")}</p>
                </div>
            </div>
        </Show>
    }
    .into_any()
}

/// A record page's "Similar" tab: the records most alike in meaning, with how alike.
#[component]
pub fn SimilarPanel(kind: types::dto::records::RecordKind, id: String) -> impl IntoView {
    let lang = use_lang();
    let found = Resource::new(
        move || (),
        move |_| crate::api::search::similar_records(kind.code().to_owned(), id.clone()),
    );
    view! {
        <section class="card" aria-labelledby="similar-heading">
            <h2 id="similar-heading">{t("similar-title")}</h2>
            <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
                {move || found.get().map(|res| match res {
                    Ok(s) if s.records.is_empty() => view! {
                        <MeaningOff reason=s.meaning_off/>
                        <p class="muted">{t("similar-none")}</p>
                    }.into_any(),
                    Ok(s) => view! {
                        <ul class="search-page-results similar">
                            {s.records.into_iter().map(|r| {
                                let label = tr(lang, &format!("search-kind-{}", r.kind.code()));
                                let alike = crate::i18n::tr_args(lang, "similar-score", &[("percent", r.similarity.into())]);
                                view! {
                                    <li>
                                        <span class="badge">{label}</span>
                                        <a href=r.path()>{r.title.clone()}</a>
                                        <small class="muted">{alike}</small>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <crate::components::form::FormAlert error=Signal::stored(Some(e))/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}
