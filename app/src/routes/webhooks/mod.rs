//! The webhooks admin, lazy routes like every admin page: the endpoints with their state, a
//! form for a new one, and each endpoint's page with its delivery log.

mod endpoint;
mod parts;

pub use endpoint::WebhookPage;

use crate::api::webhooks::{CreateWebhook, SwitchWebhook, list_webhooks};
use crate::components::form::{Field, FormAlert, last_error, reset_on_success, rules, track_error};
use crate::components::row_button::RowButton;
use crate::components::table::{Table, heads};
use crate::format;
use crate::i18n::{t, tr, tr_args, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use parts::{EndpointState, EventChoices, ShownOnce, switch_to};
use types::dto::webhooks::WebhookInfo;

admin_page!(
    /// `/admin/webhooks`.
    WebhooksPage => WebhooksAdmin
);

#[component]
fn WebhooksAdmin() -> impl IntoView {
    let create = ServerAction::<CreateWebhook>::new();
    let switch = ServerAction::<SwitchWebhook>::new();
    let endpoints = Resource::new(
        move || (create.version().get(), switch.version().get()),
        |_| list_webhooks(),
    );
    let error = RwSignal::new(None);
    track_error(error, switch.value());
    view! {
        <Title text=t("webhooks-title")/>
        <h1>{t("webhooks-title")}</h1>
        <p class="muted">
            {t("webhooks-intro")} " "
            <a href="/api/docs#tag-webhooks" rel="external">{t("webhooks-reference")}</a>
        </p>
        <section class="card" aria-labelledby="endpoints-heading">
            <h2 id="endpoints-heading">{t("webhooks-endpoints")}</h2>
            <FormAlert error=error/>
            <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
                {move || endpoints.get().map(|res| match res {
                    Ok(list) if list.is_empty() => view! { <p class="muted">{t("webhooks-none")}</p> }.into_any(),
                    Ok(list) => view! { <Endpoints list=list switch=switch/> }.into_any(),
                    Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
                })}
            </Transition>
        </section>
        <NewEndpoint create=create/>
    }
}

#[component]
fn Endpoints(list: Vec<WebhookInfo>, switch: ServerAction<SwitchWebhook>) -> impl IntoView {
    let lang = use_lang();
    let columns = [
        "webhooks-name",
        "webhooks-url",
        "webhooks-events",
        "webhooks-state",
        "webhooks-failures",
    ];
    view! {
        <Table heads=heads(lang, &columns) actions=true>
            {list.into_iter().map(|w| {
                let href = format!("/admin/webhooks/{}", w.id);
                let events = tr_args(lang, "webhooks-event-count", &[("count", w.events.len().into())]);
                let (label, active) = switch_to(w.active);
                let aria = format!("{} {}", tr(lang, label), w.name);
                view! {
                    <tr>
                        <th scope="row"><a href=href>{w.name.clone()}</a></th>
                        <td><code>{w.url.clone()}</code></td>
                        <td>{events}</td>
                        <td><EndpointState endpoint=w.clone()/></td>
                        <td class="num">{format::integer(lang, i64::from(w.failures))}</td>
                        <td>
                            <RowButton action=switch key=w.id.to_string()
                                fields=vec![("active", active.to_owned())]
                                label=tr(lang, label) aria_label=aria/>
                        </td>
                    </tr>
                }
            }).collect_view()}
        </Table>
    }
}

/// The form for a new endpoint; once made, its secret shows above it, this once.
#[component]
fn NewEndpoint(create: ServerAction<CreateWebhook>) -> impl IntoView {
    let lang = use_lang();
    let error = last_error(create.value());
    let made = move || create.value().get().and_then(Result::ok);
    let form = NodeRef::new();
    reset_on_success(create.value(), form);
    view! {
        <section class="card" aria-labelledby="new-endpoint-heading">
            <h2 id="new-endpoint-heading">{t("webhooks-new")}</h2>
            {move || made().map(|m| view! {
                <ShownOnce secret=m.secret/>
                <p><a href=format!("/admin/webhooks/{}", m.webhook.id)>
                    {tr_args(lang, "webhooks-open", &[("name", m.webhook.name.into())])}
                </a></p>
            })}
            <ActionForm action=create node_ref=form attr:novalidate=true attr:class="stack">
                <FormAlert error=error/>
                <Field name="name" id="field-webhook-name".into() label=t("webhooks-name")
                    required=true rule=rules::title error=error/>
                <Field name="url" id="field-webhook-url".into() label=t("webhooks-url") kind="url"
                    required=true hint=t("webhooks-url-hint") error=error/>
                <EventChoices selected=Vec::new() id_prefix="new" error=error/>
                <button type="submit" class="button button-primary">{t("webhooks-create")}</button>
            </ActionForm>
        </section>
    }
}
