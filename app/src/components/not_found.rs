//! The page for anything missing or not visible to the viewer: the two look the same.

use crate::i18n::t;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=t("not-found-title")/>
        <section class="not-found" aria-labelledby="not-found-heading">
            <h1 id="not-found-heading">{t("not-found-title")}</h1>
            <p>{t("not-found-body")}</p>
            <a class="button" href="/">{t("not-found-home")}</a>
        </section>
    }
}
