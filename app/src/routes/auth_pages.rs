//! The pages seen signed out: first-run setup, sign-in, and accepting an invite.

use crate::api::auth::{AcceptInvite, Login, Setup, get_invite};
use crate::components::form::{Field, FormAlert, last_error, rules};
use crate::components::layout::{LanguageSwitcher, reload_on_success};
use crate::i18n::{t, t_args};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// A centred card with the language switcher, for the signed-out pages.
#[component]
fn AuthCard(title: String, children: Children) -> impl IntoView {
    let viewer = crate::use_viewer();
    view! {
        <Title text=title.clone()/>
        <main id="main" class="auth">
            <div class="auth-card">
                <p class="brand">{t("app-name")}</p>
                <h1>{title}</h1>
                {children()}
            </div>
            <LanguageSwitcher current=viewer.lang/>
        </main>
    }
}

/// Only same-site paths may follow sign-in, so a crafted link cannot bounce users elsewhere.
pub fn safe_next(next: Option<String>) -> String {
    next.filter(|n| types::validate::local_path(n).is_some())
        .unwrap_or_else(|| "/".to_owned())
}

#[component]
pub fn SetupPage() -> impl IntoView {
    let action = ServerAction::<Setup>::new();
    let error = last_error(action.value());
    reload_on_success(action.value(), Some("/".into()));
    view! {
        <AuthCard title=t("setup-title")>
            <p class="lead">{t("setup-intro")}</p>
            <ActionForm action=action attr:novalidate=true attr:class="stack">
                <FormAlert error=error/>
                <Field name="name" label=t("field-name") autocomplete="name" required=true
                    rule=rules::name error=error/>
                <Field name="email" label=t("field-email") kind="email" autocomplete="email"
                    required=true rule=rules::email error=error/>
                <Field name="password" label=t("field-password") kind="password"
                    autocomplete="new-password" required=true rule=rules::new_password
                    hint=t("field-password-hint") error=error/>
                <button type="submit" class="button button-primary">{t("setup-submit")}</button>
            </ActionForm>
        </AuthCard>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<Login>::new();
    let error = last_error(action.value());
    let next = safe_next(use_query_map().get_untracked().get("next"));
    reload_on_success(action.value(), Some(next));
    view! {
        <AuthCard title=t("login-title")>
            <ActionForm action=action attr:novalidate=true attr:class="stack">
                <FormAlert error=error/>
                <Field name="email" label=t("field-email") kind="email" autocomplete="username"
                    required=true error=error/>
                <Field name="password" label=t("field-password") kind="password"
                    autocomplete="current-password" required=true error=error/>
                <button type="submit" class="button button-primary">{t("login-submit")}</button>
            </ActionForm>
        </AuthCard>
    }
}

#[component]
pub fn AcceptInvitePage() -> impl IntoView {
    let token = use_params_map()
        .get_untracked()
        .get("token")
        .unwrap_or_default();
    let info = Resource::new(
        {
            let token = token.clone();
            move || token.clone()
        },
        get_invite,
    );
    let action = ServerAction::<AcceptInvite>::new();
    let error = last_error(action.value());
    reload_on_success(action.value(), Some("/".into()));
    view! {
        <AuthCard title=t("invite-title")>
            <Suspense fallback=|| view! { <p class="muted">{t("loading")}</p> }>
                {move || {
                    let token = token.clone();
                    info.get()
                        .map(|res| match res {
                            Ok(info) => {
                                view! {
                                    <p class="lead">
                                        {t_args("invite-intro", &[("email", info.email.into())])}
                                    </p>
                                    <ActionForm action=action attr:novalidate=true attr:class="stack">
                                        <FormAlert error=error/>
                                        <input type="hidden" name="token" value=token/>
                                        <Field name="name" label=t("field-name") autocomplete="name"
                                            required=true rule=rules::name error=error/>
                                        <Field name="password" label=t("field-password")
                                            kind="password" autocomplete="new-password" required=true
                                            rule=rules::new_password hint=t("field-password-hint")
                                            error=error/>
                                        <button type="submit" class="button button-primary">
                                            {t("invite-submit")}
                                        </button>
                                    </ActionForm>
                                }
                                    .into_any()
                            }
                            Err(_) => {
                                view! {
                                    <div class="alert alert-error" role="alert">
                                        {t("invite-invalid")}
                                    </div>
                                    <a href="/login">{t("invite-go-login")}</a>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Suspense>
        </AuthCard>
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_must_stay_on_site() {
        for (input, want) in [
            (Some("/admin/users?page=2"), "/admin/users?page=2"),
            (Some("//evil.example"), "/"),
            (Some("https://evil.example"), "/"),
            (Some("/\\evil.example"), "/"),
            (Some("/\t/evil.example"), "/"),
            (None, "/"),
        ] {
            assert_eq!(safe_next(input.map(str::to_owned)), want);
        }
    }
}
