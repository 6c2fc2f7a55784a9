//! `/duplicates`: the review queue of likely duplicates, one kind at a time (contacts,
//! accounts, leads), most likely first, each pair with why it matched and a way to say "not
//! a duplicate", after which it is never suggested again. A lazy route: its code is a wasm
//! chunk of its own, fetched when someone opens it.

use crate::api::duplicates::{DismissDuplicate, duplicate_queue};
use crate::components::form::{FormAlert, track_error};
use crate::i18n::{t, tr, tr_args, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use types::dto::duplicates::{DuplicatePage, DuplicatePair, DuplicateQuery, KEPT, KINDS, LIKELY};
use types::dto::records::RecordKind;

/// Pairs per page.
const PAGE: u64 = 50;

/// `/duplicates`.
pub struct DuplicatesPage;

#[leptos_router::lazy_route]
impl leptos_router::LazyRoute for DuplicatesPage {
    fn data() -> Self {
        DuplicatesPage
    }

    fn view(_this: Self) -> AnyView {
        view! { <Duplicates/> }.into_any()
    }
}

#[component]
fn Duplicates() -> impl IntoView {
    let query = use_query_map();
    let kind = Memo::new(move |_| {
        query
            .read()
            .get("kind")
            .and_then(|k| RecordKind::from_code(&k))
            .filter(|k| KINDS.contains(k))
            .unwrap_or(RecordKind::Contact)
    });
    let after = Memo::new(move |_| query.read().get("after"));
    // Every pair kept, not only the likely ones.
    let all = Memo::new(move |_| query.read().get("all").is_some_and(|v| v == "1"));
    let dismiss = ServerAction::<DismissDuplicate>::new();
    let error = RwSignal::new(None);
    track_error(error, dismiss.value());
    // The button pressed goes with its pair: focus moves to the heading, and the result is
    // announced.
    let heading = NodeRef::<leptos::html::H1>::new();
    let dismissed = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(())) = dismiss.value().get() {
            dismissed.set(true);
            if let Some(h) = heading.get_untracked() {
                let _ = h.focus();
            }
        }
    });
    let page = Resource::new(
        move || (kind.get(), all.get(), after.get(), dismiss.version().get()),
        |(kind, all, after, _)| {
            duplicate_queue(DuplicateQuery {
                kind,
                min_confidence: if all { KEPT } else { LIKELY },
                limit: PAGE,
                after,
            })
        },
    );
    view! {
        <Title text=t("dup-title")/>
        <h1 node_ref=heading tabindex="-1">{t("dup-title")}</h1>
        <p class="muted" role="status" aria-live="polite">
            {move || dismissed.get().then(|| t("dup-dismissed"))}
        </p>
        <nav class="tabs" aria-label=t("dup-kinds")>
            {KINDS.into_iter().map(|k| {
                let on = move || (kind.get() == k).then_some("page");
                view! {
                    <a href=format!("/duplicates?kind={}", k.code()) aria-current=on>
                        {t(&format!("nav-{}", k.list_path().trim_start_matches('/')))}
                    </a>
                }
            }).collect_view()}
        </nav>
        <p class="field-hint">{t("dup-intro")}</p>
        <nav class="tabs" aria-label=t("dup-confidence-choice")>
            {[(false, "dup-likely"), (true, "dup-all")].into_iter().map(|(wide, label)| {
                let href = move || {
                    let code = kind.get().code();
                    if wide { format!("/duplicates?kind={code}&all=1") } else { format!("/duplicates?kind={code}") }
                };
                let on = move || (all.get() == wide).then_some("page");
                view! { <a href=href aria-current=on>{t(label)}</a> }
            }).collect_view()}
        </nav>
        <FormAlert error=error/>
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || page.get().map(|res| match res {
                Ok(p) => view! { <Pairs page=p kind=kind.get_untracked() all=all.get_untracked() dismiss=dismiss/> }.into_any(),
                Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Pairs(
    page: DuplicatePage,
    kind: RecordKind,
    /// Whether every kept pair is listed, not only the likely ones.
    all: bool,
    dismiss: ServerAction<DismissDuplicate>,
) -> impl IntoView {
    if page.pairs.is_empty() {
        return view! { <p class="muted" data-duplicates="none">{t("dup-none")}</p> }.into_any();
    }
    let next = page.next.map(|after| {
        let wide = if all { "&all=1" } else { "" };
        format!("/duplicates?kind={}{wide}&after={after}", kind.code())
    });
    view! {
        <ul class="dup-list">
            {page.pairs.into_iter().map(|p| view! { <Pair pair=p dismiss=dismiss/> }).collect_view()}
        </ul>
        {next.map(|href| view! { <a class="button secondary" href=href>{t("dup-next")}</a> })}
    }
    .into_any()
}

#[component]
fn Pair(pair: DuplicatePair, dismiss: ServerAction<DismissDuplicate>) -> impl IntoView {
    let lang = use_lang();
    let confidence = tr_args(
        lang,
        "dup-confidence",
        &[("percent", pair.confidence.into())],
    );
    let reasons = pair
        .reasons
        .iter()
        .map(|r| tr(lang, r.key()))
        .collect::<Vec<_>>()
        .join(" · ");
    let side = |s: &types::dto::duplicates::PairSide| {
        view! {
            <div class="dup-side">
                <a href=pair.kind.path(s.id)>{s.title.clone()}</a>
                <small class="muted">{s.detail.clone()}</small>
            </div>
        }
    };
    let label = format!("{} / {}", pair.a.title, pair.b.title);
    view! {
        <li class="card dup-pair" data-pair=format!("{} {}", pair.a.id, pair.b.id)>
            <div class="dup-sides">
                {side(&pair.a)}
                {side(&pair.b)}
            </div>
            <p><strong>{confidence}</strong>" "<span class="muted">{reasons}</span></p>
            <ActionForm action=dismiss attr:class="row-form">
                <input type="hidden" name="kind" value=pair.kind.code()/>
                <input type="hidden" name="a" value=pair.a.id.to_string()/>
                <input type="hidden" name="b" value=pair.b.id.to_string()/>
                <button type="submit" class="button secondary"
                    aria-label=tr_args(lang, "dup-dismiss-label", &[("pair", label.into())])>
                    {t("dup-dismiss")}
                </button>
            </ActionForm>
        </li>
    }
}
