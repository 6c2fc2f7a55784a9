//! The home page: a greeting and where to go next. The sales dashboard replaces the body once
//! the CRM modules exist.

use crate::i18n::{t, t_args};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let viewer = crate::use_viewer();
    let name = viewer.name().to_owned();
    view! {
        <Title text=t("nav-home")/>
        <h1>{t_args("home-greeting", &[("name", name.into())])}</h1>
        <div class="cards">
            <section class="card">
                <h2>{t("home-profile-title")}</h2>
                <p>{t("home-profile-body")}</p>
                <a class="button" href="/profile">{t("header-profile")}</a>
            </section>
            {viewer
                .is_admin()
                .then(|| {
                    view! {
                        <section class="card">
                            <h2>{t("home-team-title")}</h2>
                            <p>{t("home-team-body")}</p>
                            <a class="button" href="/admin/users">{t("nav-users")}</a>
                        </section>
                    }
                })}
        </div>
    }
}
