//! The users admin: invite by one-time link, change roles, deactivate and reactivate.

use crate::api::users::{InviteUser, SetUserActive, SetUserRole, list_users, pending_invites};
use crate::components::form::{Field, FormAlert, SelectField, last_error, rules, track_error};
use crate::components::row_button::RowButton;
use crate::components::table::{Table, heads};
use crate::format;
use crate::i18n::{t, tr, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use types::dto::auth::Role;
use types::lang::Lang;

fn role_options(lang: Lang) -> Vec<(&'static str, String)> {
    Role::ALL
        .into_iter()
        .map(|r| (r.code(), tr(lang, &format!("role-{}", r.code()))))
        .collect()
}

/// The site's origin as the browser sees it, for the copyable invite link.
fn site_origin() -> String {
    #[cfg(feature = "ssr")]
    {
        let parts = use_context::<http::request::Parts>();
        let host = parts
            .as_ref()
            .and_then(|p| p.headers.get(http::header::HOST))
            .and_then(|h| h.to_str().ok())
            .unwrap_or("localhost")
            .to_owned();
        let secure =
            use_context::<crate::api::server::WebConfig>().is_some_and(|c| c.secure_cookies);
        format!("{}://{host}", if secure { "https" } else { "http" })
    }
    #[cfg(not(feature = "ssr"))]
    {
        window().location().origin().unwrap_or_default()
    }
}

admin_page!(
    /// `/admin/users`.
    UsersPage => UsersAdmin
);

#[component]
fn UsersAdmin() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let page = move || {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(0)
    };
    let invite = ServerAction::<InviteUser>::new();
    let set_role = ServerAction::<SetUserRole>::new();
    let set_active = ServerAction::<SetUserActive>::new();
    let users = Resource::new(
        move || (page(), set_role.version().get(), set_active.version().get()),
        |(page, _, _)| list_users(page),
    );
    let invites = Resource::new(move || invite.version().get(), |_| pending_invites());
    let invite_error = last_error(invite.value());
    let row_error = RwSignal::new(None);
    track_error(row_error, set_role.value());
    track_error(row_error, set_active.value());
    let new_link = move || {
        query
            .read()
            .get("invite")
            .map(|token| format!("{}/invite/{token}", site_origin()))
    };

    view! {
        <Title text=t("users-title")/>
        <h1>{t("users-title")}</h1>

        <section class="card" aria-labelledby="invite-heading">
            <h2 id="invite-heading">{t("users-invite-title")}</h2>
            <ActionForm action=invite attr:novalidate=true attr:class="row-form">
                <FormAlert error=invite_error/>
                <Field name="email" label=t("field-email") kind="email" required=true
                    rule=rules::email error=invite_error/>
                <SelectField name="role" label=t("field-role") options=role_options(lang)
                    selected="user" error=invite_error/>
                <button type="submit" class="button button-primary">{t("users-invite-submit")}</button>
            </ActionForm>
            {move || new_link().map(|link| view! { <InviteLink link=link/> })}
            <Transition fallback=|| ()>
                {move || invites.get().map(|res| match res {
                    Ok(list) if !list.is_empty() => view! {
                        <h3>{t("users-pending-title")}</h3>
                        <ul class="plain-list">
                            {list.into_iter().map(|i| view! {
                                <li>
                                    <strong>{i.email}</strong>" · "
                                    {tr(lang, &format!("role-{}", i.role.code()))}" · "
                                    {crate::i18n::tr_args(lang, "users-invite-expires",
                                        &[("date", format::date(lang, i.expires_at).into())])}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Ok(_) => ().into_any(),
                    Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
                })}
            </Transition>
        </section>

        <section class="card" aria-labelledby="users-heading">
            <h2 id="users-heading">{t("users-list-title")}</h2>
            <FormAlert error=row_error/>
            <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
                {move || users.get().map(|res| match res {
                    Ok(page) => view! { <UsersTable page=page set_role=set_role set_active=set_active/> }.into_any(),
                    Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn InviteLink(link: String) -> impl IntoView {
    let copied = RwSignal::new(false);
    let to_copy = link.clone();
    view! {
        <div class="invite-link" role="status">
            <label for="invite-link">{t("users-invite-link")}</label>
            <div class="copy-row">
                <input id="invite-link" readonly value=link/>
                <button type="button" class="button" on:click=move |_| {
                    let _ = window().navigator().clipboard().write_text(&to_copy);
                    copied.set(true);
                }>
                    {move || if copied.get() { t("users-copied") } else { t("users-copy") }}
                </button>
            </div>
            <p class="field-hint">{t("users-invite-link-hint")}</p>
        </div>
    }
}

#[component]
fn UsersTable(
    page: types::dto::users::Page<types::dto::users::UserRow>,
    set_role: ServerAction<SetUserRole>,
    set_active: ServerAction<SetUserActive>,
) -> impl IntoView {
    let lang = use_lang();
    let current = page.page;
    view! {
        <Table heads=heads(lang, &["field-name", "field-email", "field-role", "users-status", "users-last-login"]) actions=true>
                    {page.items.into_iter().map(|u| {
                        let (role_id, active_id) = (u.id.to_string(), u.id.to_string());
                        let select_id = format!("role-{role_id}");
                        view! {
                            <tr>
                                <td>{u.name.clone()}</td>
                                <td>{u.email.clone()}</td>
                                <td>
                                    <ActionForm action=set_role attr:class="inline-form">
                                        <input type="hidden" name="id" value=role_id/>
                                        <label class="visually-hidden" for=select_id.clone()>
                                            {crate::i18n::tr_args(lang, "users-role-of", &[("name", u.name.clone().into())])}
                                        </label>
                                        <select id=select_id name="role">
                                            {role_options(lang).into_iter().map(|(code, label)| view! {
                                                <option value=code selected=code == u.role.code()>{label}</option>
                                            }).collect_view()}
                                        </select>
                                        <button type="submit" class="button button-small">{t("users-save")}</button>
                                    </ActionForm>
                                </td>
                                <td>
                                    {if u.active {
                                        view! { <span class="badge badge-ok">{t("users-active")}</span> }.into_any()
                                    } else {
                                        view! { <span class="badge badge-off">{t("users-inactive")}</span> }.into_any()
                                    }}
                                </td>
                                <td>{u.last_login_at.map(|at| format::date_time(lang, at)).unwrap_or_else(|| t("users-never"))}</td>
                                <td>
                                    <RowButton action=set_active key=active_id fields=vec![("active", (!u.active).to_string())]
                                        label=if u.active { t("users-deactivate") } else { t("users-reactivate") }/>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
        </Table>
        <nav class="pager" aria-label=t("pager-label")>
            {(current > 0).then(|| view! {
                <a href=format!("?page={}", current - 1) rel="prev">{t("pager-previous")}</a>
            })}
            <span>{crate::i18n::tr_args(lang, "pager-page", &[("page", format::integer(lang, i64::from(current) + 1).into())])}</span>
            {page.has_more.then(|| view! {
                <a href=format!("?page={}", current + 1) rel="next">{t("pager-next")}</a>
            })}
        </nav>
    }
}
