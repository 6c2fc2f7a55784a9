//! The pages for a request that cannot be answered: not found (missing and invisible look the
//! same), or any other error, shown as its translated message under its own status, with
//! the trace id of a server failure so an operator can find the log line.

use crate::i18n::{t, tr, tr_args, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use types::error::AppError;

/// Sets the response status during the server render.
fn set_status(_code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(_code),
    ) {
        res.set_status(status);
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    set_status(AppError::NotFound.status());
    view! {
        <Title text=t("not-found-title")/>
        <section class="not-found" aria-labelledby="not-found-heading">
            <h1 id="not-found-heading">{t("not-found-title")}</h1>
            <p>{t("not-found-body")}</p>
            <a class="button" href="/">{t("not-found-home")}</a>
        </section>
    }
}

/// What a page shows when its data could not be loaded. A database outage is not a missing
/// record: only `NotFound` shows the not-found page.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    if error == AppError::NotFound {
        return view! { <NotFound/> }.into_any();
    }
    let lang = use_lang();
    set_status(error.status());
    let trace = match &error {
        AppError::Internal { trace_id: Some(id) } | AppError::Outage { trace_id: Some(id) } => {
            Some(tr_args(
                lang,
                "error-page-trace",
                &[("id", id.clone().into())],
            ))
        }
        _ => None,
    };
    view! {
        <Title text=t("error-page-title")/>
        <section class="not-found" aria-labelledby="error-heading">
            <h1 id="error-heading">{t("error-page-title")}</h1>
            <p role="alert">{tr(lang, error.message_key())}</p>
            {trace.map(|text| view! { <p class="muted">{text}</p> })}
            <a class="button" href="">{t("error-page-retry")}</a>
        </section>
    }
    .into_any()
}
