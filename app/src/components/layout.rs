//! The signed-in app frame: a skip link, the sidebar with the modules that exist, and the
//! header with search, language, theme and the user menu. Every control is a real form, so it works
//! before the wasm has loaded.

use crate::api::{
    auth::Logout,
    prefs::{SetLanguage, SetTheme},
};
use crate::components::search::{CommandPalette, SearchBox};
use crate::i18n::{t, use_lang};
use leptos::prelude::*;
use leptos_router::{components::Outlet, hooks::use_location};
use types::lang::{Lang, Theme};

/// Reloads the page once an action succeeded, so every part re-renders with the new settings.
pub fn reload_on_success<T: 'static, E: 'static>(
    value: impl Get<Value = Option<Result<T, E>>> + 'static,
    to: Option<String>,
) {
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(_))) {
            let location = window().location();
            let _ = match &to {
                Some(path) => location.assign(path),
                None => location.reload(),
            };
        }
    });
}

#[component]
pub fn AppLayout() -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">{t("shell-skip-to-content")}</a>
        <div class="app">
            <Sidebar/>
            <div class="app-main">
                <Header/>
                <CommandPalette/>
                <main id="main" tabindex="-1">
                    <Outlet/>
                </main>
            </div>
        </div>
    }
}

#[component]
fn Sidebar() -> impl IntoView {
    let viewer = crate::use_viewer();
    let location = use_location();
    let link = move |href: &'static str, key: &'static str| {
        let current = move || {
            let path = location.pathname.get();
            let on = if href == "/" {
                path == "/"
            } else {
                path.starts_with(href)
            };
            on.then_some("page")
        };
        view! {
            <li>
                <a href=href aria-current=current>{t(key)}</a>
            </li>
        }
    };
    view! {
        <nav class="sidebar" aria-label=t("shell-nav-label")>
            <a class="brand" href="/">{t("app-name")}</a>
            <ul>
                {link("/", "nav-home")}
                {link("/leads", "nav-leads")}
                {link("/accounts", "nav-accounts")}
                {link("/contacts", "nav-contacts")}
                {link("/pipeline", "nav-pipeline")}
                {link("/opportunities", "nav-opportunities")}
                {link("/contracts", "nav-contracts")}
                {link("/products", "nav-products")}
                {link("/tasks", "nav-tasks")}
                {link("/activities", "nav-activities")}
                {link("/duplicates", "nav-duplicates")}
                {link("/trash", "nav-trash")}
                {viewer.is_admin().then(|| link("/admin/users", "nav-users"))}
                {viewer.is_admin().then(|| link("/admin/lookups", "nav-lookups"))}
                {viewer.is_admin().then(|| link("/admin/jobs", "nav-jobs"))}
                {viewer.is_admin().then(|| link("/admin/search", "nav-search-index"))}
                {viewer.is_admin().then(|| link("/admin/api-keys", "nav-api-keys"))}
                {viewer.is_admin().then(|| link("/admin/webhooks", "nav-webhooks"))}
            </ul>
        </nav>
    }
}

#[component]
fn Header() -> impl IntoView {
    let viewer = crate::use_viewer();
    let name = viewer.name().to_owned();
    view! {
        <header class="topbar">
            <SearchBox id="header-search"/>
            <kbd class="search-shortcut" aria-hidden="true">{t("search-shortcut")}</kbd>
            <div class="topbar-spacer"></div>
            <LanguageSwitcher current=viewer.lang/>
            <ThemeSwitcher current=viewer.theme/>
            <details class="user-menu">
                <summary aria-label=t("header-user-menu")>
                    <span class="avatar" aria-hidden="true">
                        {name.chars().next().map(|c| c.to_uppercase().to_string())}
                    </span>
                    <span class="user-name">{name}</span>
                </summary>
                <div class="menu">
                    <a href="/profile">{t("header-profile")}</a>
                    <SignOut/>
                </div>
            </details>
        </header>
    }
}

#[component]
pub fn LanguageSwitcher(current: Lang) -> impl IntoView {
    let action = ServerAction::<SetLanguage>::new();
    reload_on_success(action.value(), None);
    view! {
        <ActionForm action=action attr:class="inline-form lang-form">
            <label for="language-select" class="visually-hidden">{t("header-language")}</label>
            <select id="language-select" name="lang">
                {Lang::ALL
                    .into_iter()
                    .map(|l| {
                        view! {
                            <option value=l.code() lang=l.code() selected=l == current>
                                {l.native_name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <button type="submit" class="button button-small">{t("header-apply")}</button>
        </ActionForm>
    }
}

#[component]
fn ThemeSwitcher(current: Theme) -> impl IntoView {
    let action = ServerAction::<SetTheme>::new();
    reload_on_success(action.value(), None);
    let lang = use_lang();
    view! {
        <ActionForm action=action attr:class="inline-form theme-form">
            <fieldset class="segmented">
                <legend class="visually-hidden">{t("header-theme")}</legend>
                {Theme::ALL
                    .into_iter()
                    .map(|theme| {
                        let icon = match theme {
                            Theme::Light => "☀",
                            Theme::Dark => "☾",
                            Theme::System => "◐",
                        };
                        let label = crate::i18n::tr(lang, &format!("theme-{}", theme.code()));
                        view! {
                            <button
                                type="submit"
                                name="theme"
                                value=theme.code()
                                aria-pressed=if theme == current { "true" } else { "false" }
                                aria-label=label.clone()
                                title=label
                            >
                                <span aria-hidden="true">{icon}</span>
                            </button>
                        }
                    })
                    .collect_view()}
            </fieldset>
        </ActionForm>
    }
}

#[component]
fn SignOut() -> impl IntoView {
    let action = ServerAction::<Logout>::new();
    reload_on_success(action.value(), Some("/login".into()));
    view! {
        <ActionForm action=action attr:class="inline-form">
            <button type="submit" class="menu-item">{t("header-sign-out")}</button>
        </ActionForm>
    }
}
