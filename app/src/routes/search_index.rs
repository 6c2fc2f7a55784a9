//! `/admin/search`: search by meaning as the server runs it: on or off (and why), the model,
//! the points in the vector store, the last complete build, what is waiting, and a rebuild.

use crate::api::search::{RebuildIndex, load_index_status};
use crate::components::form::{FormAlert, track_error};
use crate::format;
use crate::i18n::{t, tr, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use types::dto::search::IndexStatus;

admin_page!(
    /// `/admin/search`.
    SearchIndexPage => SearchIndexAdmin
);

#[component]
fn SearchIndexAdmin() -> impl IntoView {
    let rebuild = ServerAction::<RebuildIndex>::new();
    let status = Resource::new(move || rebuild.version().get(), |_| load_index_status());
    let error = RwSignal::new(None);
    track_error(error, rebuild.value());
    view! {
        <Title text=t("index-title")/>
        <h1>{t("index-title")}</h1>
        <FormAlert error=error/>
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || status.get().map(|res| match res {
                Ok(s) => view! { <Status status=s rebuild=rebuild/> }.into_any(),
                Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Status(status: IndexStatus, rebuild: ServerAction<RebuildIndex>) -> impl IntoView {
    let lang = use_lang();
    let count = |n: u64| format::integer(lang, i64::try_from(n).unwrap_or(i64::MAX));
    let state = match &status.off {
        None => tr(lang, "index-on"),
        Some(key) => tr(lang, key),
    };
    let points = match status.points {
        Some(n) => count(n),
        None => tr(lang, "ai-unavailable"),
    };
    let built = status
        .built_at
        .map_or_else(|| tr(lang, "index-never"), |at| format::date_time(lang, at));
    let model = status
        .model
        .zip(status.dimension)
        .map(|(name, dimension)| format!("{name} ({dimension})"));
    let on = status.off.is_none();
    view! {
        <section class="card" aria-labelledby="index-heading">
            <h2 id="index-heading">{t("index-state")}</h2>
            <p data-index-state=if on { "on" } else { "off" }>{state}</p>
            <dl class="facts">
                {model.map(|m| view! { <dt>{t("index-model")}</dt><dd>{m}</dd> })}
                {status.collection.map(|c| view! { <dt>{t("index-collection")}</dt><dd>{c}</dd> })}
                {on.then(|| view! { <dt>{t("index-points")}</dt><dd>{points}</dd> })}
                {on.then(|| view! { <dt>{t("index-built")}</dt><dd>{built}</dd> })}
                <dt>{t("index-pending")}</dt>
                <dd>{count(status.pending)}</dd>
            </dl>
            <ActionForm action=rebuild>
                <p class="field-hint" id="index-rebuild-hint">{t("index-rebuild-hint")}</p>
                <button type="submit" class="button" aria-describedby="index-rebuild-hint"
                    disabled=!on || status.rebuilding>
                    {if status.rebuilding { t("index-rebuilding") } else { t("index-rebuild") }}
                </button>
            </ActionForm>
        </section>
    }
}
