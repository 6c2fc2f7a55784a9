//! API keys: a section of the profile page where users make, watch and revoke their own, and
//! the admin page of every user's keys.

use crate::api::api_keys::{CreateApiKey, RevokeApiKey, all_api_keys, my_api_keys};
use crate::components::form::{Field, FormAlert, SelectField, last_error, rules, track_error};
use crate::components::row_button::RowButton;
use crate::components::table::{Table, heads};
use crate::format;
use crate::i18n::{t, tr, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use types::dto::api_keys::{ApiKeyInfo, ApiKeyState, ApiScope};
use types::error::AppError;
use types::lang::Lang;

/// The profile's section: a form for a new key, its secret once made, and the user's keys.
#[component]
pub fn MyApiKeys() -> impl IntoView {
    let lang = use_lang();
    let create = ServerAction::<CreateApiKey>::new();
    let revoke = ServerAction::<RevokeApiKey>::new();
    let keys = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| my_api_keys(),
    );
    let error = last_error(create.value());
    let secret = move || create.value().get().and_then(Result::ok).map(|k| k.secret);
    let scopes: Vec<(&'static str, String)> = ApiScope::ALL
        .iter()
        .map(|s| (s.code(), scope_label(lang, *s)))
        .collect();
    view! {
        <section class="card" aria-labelledby="api-keys-heading">
            <h2 id="api-keys-heading">{t("api-keys-title")}</h2>
            <p class="muted">
                {t("api-keys-intro")} " "
                // Served by the server, not the app's router: a full page load.
                <a href="/api/docs" rel="external">{t("api-keys-reference")}</a>
            </p>
            {move || secret().map(|s| view! {
                <div class="alert alert-ok" role="status">
                    <label for="api-key-secret">{t("api-keys-created")}</label>
                    <input id="api-key-secret" class="secret" readonly value=s/>
                </div>
            })}
            <ActionForm action=create attr:novalidate=true attr:class="stack">
                <FormAlert error=error/>
                <Field name="name" id="field-api-key-name".into() label=t("api-keys-name")
                    required=true rule=rules::title error=error/>
                <SelectField name="scope" id="field-api-key-scope".into() label=t("api-keys-scope")
                    options=scopes selected=ApiScope::Read.code() error=error/>
                <Field name="expires_on" id="field-api-key-expires".into() label=t("api-keys-expires")
                    kind="date" hint=t("api-keys-expires-hint") error=error/>
                <button type="submit" class="button button-primary">{t("api-keys-create")}</button>
            </ActionForm>
            <Keys keys=keys revoke=revoke with_owner=false/>
        </section>
    }
}

admin_page!(
    /// `/admin/api-keys`: every user's keys.
    ApiKeysPage => AllApiKeys
);

#[component]
fn AllApiKeys() -> impl IntoView {
    let revoke = ServerAction::<RevokeApiKey>::new();
    let keys = Resource::new(move || revoke.version().get(), |_| all_api_keys());
    view! {
        <Title text=t("api-keys-all-title")/>
        <h1>{t("api-keys-all-title")}</h1>
        <section class="card">
            <Keys keys=keys revoke=revoke with_owner=true/>
        </section>
    }
}

/// A table of keys, each with a revoke button while it works.
#[component]
fn Keys(
    keys: Resource<Result<Vec<ApiKeyInfo>, AppError>>,
    revoke: ServerAction<RevokeApiKey>,
    with_owner: bool,
) -> impl IntoView {
    let lang = use_lang();
    let error = RwSignal::new(None);
    track_error(error, revoke.value());
    view! {
        <FormAlert error=error/>
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || keys.get().map(|res| match res {
                Ok(list) if list.is_empty() => view! { <p class="muted">{t("api-keys-none")}</p> }.into_any(),
                Ok(list) => key_table(lang, list, revoke, with_owner).into_any(),
                Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
            })}
        </Transition>
    }
}

fn key_table(
    lang: Lang,
    list: Vec<ApiKeyInfo>,
    revoke: ServerAction<RevokeApiKey>,
    with_owner: bool,
) -> impl IntoView {
    let mut columns = vec!["api-keys-name", "api-keys-prefix", "api-keys-scope"];
    if with_owner {
        columns.push("api-keys-owner");
    }
    columns.extend([
        "api-keys-created-at",
        "api-keys-last-used",
        "api-keys-expires",
        "api-keys-status",
    ]);
    let when = move |at: Option<time::OffsetDateTime>, none: &str| {
        at.map_or_else(|| tr(lang, none), |at| format::date_time(lang, at))
    };
    view! {
        <Table heads=heads(lang, &columns) actions=true>
            {list.into_iter().map(|k| {
                let usable = k.state == ApiKeyState::Active;
                let status = format!("api-keys-{}", k.state.code());
                let id = k.id.to_string();
                let label = format!("{} {}", tr(lang, "api-keys-revoke"), k.name);
                view! {
                    <tr>
                        <th scope="row">{k.name}</th>
                        <td><code>{format!("{}…", k.prefix)}</code></td>
                        <td>{scope_label(lang, k.scope)}</td>
                        {with_owner.then(|| view! { <td>{k.user.name}</td> })}
                        <td>{format::date_time(lang, k.created_at)}</td>
                        <td>{when(k.last_used_at, "api-keys-never")}</td>
                        <td>{when(k.expires_at, "api-keys-never")}</td>
                        <td>{tr(lang, &status)}</td>
                        <td>
                            {usable.then(|| view! {
                                <RowButton action=revoke key=id label=t("api-keys-revoke")
                                    aria_label=label danger=true/>
                            })}
                        </td>
                    </tr>
                }
            }).collect_view()}
        </Table>
    }
}

fn scope_label(lang: Lang, scope: ApiScope) -> String {
    tr(lang, &format!("api-scope-{}-label", scope.code()))
}
