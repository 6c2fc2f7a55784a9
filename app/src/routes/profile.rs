//! Each user's own page: name, language, theme, changing the password, and API keys.

use crate::api::lookups::list_currencies;
use crate::api::profile::{ChangePassword, UpdateProfile, get_profile};
use crate::components::form::{Field, FormAlert, SelectField, last_error, rules};
use crate::components::layout::reload_on_success;
use crate::format;
use crate::i18n::{t, tr, use_lang};
use crate::routes::api_keys::MyApiKeys;
use leptos::prelude::*;
use leptos_meta::Title;
use types::dto::lookups::Currency;
use types::lang::{Lang, Theme};

#[component]
pub fn ProfilePage() -> impl IntoView {
    let lang = use_lang();
    let profile = Resource::new(
        || (),
        |_| futures::future::try_join(get_profile(), list_currencies()),
    );
    let update = ServerAction::<UpdateProfile>::new();
    reload_on_success(update.value(), None);
    let update_error = last_error(update.value());
    let password = ServerAction::<ChangePassword>::new();
    let password_error = last_error(password.value());
    let password_saved = move || matches!(password.value().get(), Some(Ok(())));

    let languages: Vec<(&'static str, String)> = Lang::ALL
        .into_iter()
        .map(|l| (l.code(), l.native_name().to_owned()))
        .collect();
    let themes: Vec<(&'static str, String)> = Theme::ALL
        .into_iter()
        .map(|th| (th.code(), tr(lang, &format!("theme-{}", th.code()))))
        .collect();

    view! {
        <Title text=t("profile-title")/>
        <h1>{t("profile-title")}</h1>
        <section class="card" aria-labelledby="profile-heading">
            <h2 id="profile-heading">{t("profile-details")}</h2>
            <Suspense fallback=move || view! { <p class="muted">{t("loading")}</p> }>
                {move || {
                    let languages = languages.clone();
                    let themes = themes.clone();
                    profile.get().map(|res| match res {
                        Ok((p, currencies)) => view! {
                            <p class="muted">{p.email.clone()}" · "{tr(lang, &format!("role-{}", p.role.code()))}</p>
                            <ActionForm action=update attr:novalidate=true attr:class="stack">
                                <FormAlert error=update_error/>
                                <Field name="name" label=t("field-name") autocomplete="name"
                                    value=p.name.clone() required=true rule=rules::name error=update_error/>
                                <SelectField name="lang" label=t("field-language") options=languages
                                    selected=p.lang.code() error=update_error/>
                                <SelectField name="theme" label=t("field-theme") options=themes
                                    selected=p.theme.code() error=update_error/>
                                <SelectField name="currency" label=t("field-display-currency")
                                    options=currency_options(lang, currencies) selected=p.currency.clone().unwrap_or_default()
                                    error=update_error/>
                                <p class="field-hint">{t("profile-display-currency-hint")}</p>
                                <button type="submit" class="button button-primary">{t("profile-save")}</button>
                            </ActionForm>
                        }.into_any(),
                        Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
                    })
                }}
            </Suspense>
        </section>
        <section class="card" aria-labelledby="password-heading">
            <h2 id="password-heading">{t("profile-password")}</h2>
            <ActionForm action=password attr:novalidate=true attr:class="stack">
                <FormAlert error=password_error/>
                {move || password_saved().then(|| view! {
                    <div class="alert alert-ok" role="status">{t("profile-password-changed")}</div>
                })}
                <Field name="current" label=t("field-current-password") kind="password"
                    autocomplete="current-password" required=true error=password_error/>
                <Field name="new" label=t("field-new-password") kind="password"
                    autocomplete="new-password" required=true rule=rules::new_password
                    hint=t("field-password-hint") error=password_error/>
                <Field name="confirm" label=t("field-confirm-password") kind="password"
                    autocomplete="new-password" required=true error=password_error/>
                <button type="submit" class="button button-primary">{t("profile-change-password")}</button>
            </ActionForm>
        </section>
        <MyApiKeys/>
    }
}

/// The active currencies, after "the reference currency" (no choice of one's own).
fn currency_options(lang: Lang, currencies: Vec<Currency>) -> Vec<(String, String)> {
    std::iter::once((String::new(), tr(lang, "profile-currency-default")))
        .chain(
            currencies
                .into_iter()
                .filter(|c| c.active)
                .map(format::currency_option),
        )
        .collect()
}
