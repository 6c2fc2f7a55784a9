//! `/admin/webhooks/:id`: one endpoint. Its state and why the server turned it off, its
//! settings, a new secret, and its delivery log (newest first, a page at a time) with a
//! redeliver button on each finished delivery.

use super::parts::{EndpointState, EventChoices, ShownOnce, switch_to};
use crate::api::webhooks::{
    DeleteWebhook, EditWebhook, RedeliverWebhook, RotateWebhook, SwitchWebhook, get_webhook,
    webhook_log,
};
use crate::components::error_page::NotFound;
use crate::components::form::{Field, FormAlert, last_error, rules, track_error};
use crate::components::record::Facts;
use crate::components::row_button::RowButton;
use crate::components::table::{Pager, Table, heads};
use crate::format;
use crate::i18n::{t, tr, tr_args, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use types::dto::records::{ListPage, encode};
use types::dto::webhooks::{Delivery, DeliveryState, WebhookInfo};
use types::error::AppError;
use types::lang::Lang;

/// The endpoint's actions; its details and log reload after any of them.
#[derive(Clone, Copy)]
struct Actions {
    edit: ServerAction<EditWebhook>,
    switch: ServerAction<SwitchWebhook>,
    rotate: ServerAction<RotateWebhook>,
    delete: ServerAction<DeleteWebhook>,
    redeliver: ServerAction<RedeliverWebhook>,
}

admin_page!(
    /// `/admin/webhooks/:id`.
    WebhookPage => WebhookAdmin
);

#[component]
fn WebhookAdmin() -> impl IntoView {
    let actions = Actions {
        edit: ServerAction::new(),
        switch: ServerAction::new(),
        rotate: ServerAction::new(),
        delete: ServerAction::new(),
        redeliver: ServerAction::new(),
    };
    // Bumped by the refresh button: deliveries change as the worker sends them.
    let refresh = RwSignal::new(0);
    let (params, query) = (use_params_map(), use_query_map());
    let id = move || params.read().get("id").unwrap_or_default();
    let changed = move || {
        (
            actions.edit.version().get(),
            actions.switch.version().get(),
            actions.rotate.version().get(),
            actions.redeliver.version().get(),
            refresh.get(),
        )
    };
    let endpoint = Resource::new(move || (id(), changed()), |(id, _)| get_webhook(id));
    let after = move || query.read().get("after").unwrap_or_default();
    let log = Resource::new(
        move || (id(), after(), changed()),
        |(id, after, _)| webhook_log(id, after),
    );
    let error = RwSignal::new(None);
    track_error(error, actions.switch.value());
    track_error(error, actions.rotate.value());
    track_error(error, actions.delete.value());
    track_error(error, actions.redeliver.value());
    let secret = move || {
        actions
            .rotate
            .value()
            .get()
            .and_then(Result::ok)
            .map(|s| s.secret)
    };
    view! {
        <p><a href="/admin/webhooks">{t("webhooks-back")}</a></p>
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || endpoint.get().map(|res| match res {
                Ok(w) => view! {
                    <Head endpoint=w.clone() actions=actions/>
                    <FormAlert error=error/>
                    {move || secret().map(|s| view! { <ShownOnce secret=s/> })}
                    <Settings endpoint=w actions=actions/>
                }.into_any(),
                Err(AppError::NotFound | AppError::Forbidden) => view! { <NotFound/> }.into_any(),
                Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
            })}
        </Transition>
        <section class="card" aria-labelledby="log-heading">
            <div class="page-head">
                <h2 id="log-heading">{t("webhooks-log")}</h2>
                <button type="button" class="button button-small"
                    on:click=move |_| refresh.update(|n| *n += 1)>{t("webhooks-refresh")}</button>
            </div>
            <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
                {move || log.get().map(|res| match res {
                    Ok(page) if page.items.is_empty() => view! { <p class="muted">{t("webhooks-log-empty")}</p> }.into_any(),
                    Ok(page) => view! {
                        <Log page=page webhook=id() paged=!after().is_empty() redeliver=actions.redeliver/>
                    }.into_any(),
                    Err(_) => ().into_any(),
                })}
            </Transition>
        </section>
    }
}

/// The name, the actions on the endpoint, and what it is.
#[component]
fn Head(endpoint: WebhookInfo, actions: Actions) -> impl IntoView {
    let lang = use_lang();
    let id = endpoint.id.to_string();
    let (switch_label, active) = switch_to(endpoint.active);
    let mut facts = vec![
        (
            t("webhooks-url"),
            Some(view! { <code>{endpoint.url.clone()}</code> }.into_any()),
        ),
        (
            t("webhooks-state"),
            Some(view! { <EndpointState endpoint=endpoint.clone()/> }.into_any()),
        ),
        (
            t("webhooks-failures"),
            Some(format::integer(lang, i64::from(endpoint.failures)).into_any()),
        ),
        (
            t("webhooks-created"),
            Some(format::date_time(lang, endpoint.created_at).into_any()),
        ),
    ];
    if let Some(until) = endpoint.previous_secret_until {
        let at = format::date_time(lang, until);
        let text = tr_args(lang, "webhooks-previous-until", &[("at", at.into())]);
        facts.push((t("webhooks-previous-secret"), Some(text.into_any())));
    }
    view! {
        <Title text=endpoint.name.clone()/>
        <div class="page-head">
            <h1>{endpoint.name.clone()}</h1>
            <div class="page-actions">
                <RowButton action=actions.switch key=id.clone()
                    fields=vec![("active", active.to_owned())] label=tr(lang, switch_label)/>
                <RowButton action=actions.rotate key=id.clone() label=t("webhooks-rotate")/>
                <RowButton action=actions.delete key=id label=t("webhooks-delete") danger=true/>
            </div>
        </div>
        <section class="card"><Facts items=facts/></section>
    }
}

/// The endpoint's name, URL and events, to change.
#[component]
fn Settings(endpoint: WebhookInfo, actions: Actions) -> impl IntoView {
    let error = last_error(actions.edit.value());
    let saved = move || matches!(actions.edit.value().get(), Some(Ok(_)));
    view! {
        <section class="card" aria-labelledby="settings-heading">
            <h2 id="settings-heading">{t("webhooks-settings")}</h2>
            <ActionForm action=actions.edit attr:novalidate=true attr:class="stack">
                <input type="hidden" name="id" value=endpoint.id.to_string()/>
                <FormAlert error=error/>
                {move || saved().then(|| view! {
                    <div class="alert alert-ok" role="status">{t("webhooks-saved")}</div>
                })}
                <Field name="name" id="field-webhook-name".into() label=t("webhooks-name")
                    value=endpoint.name required=true rule=rules::title error=error/>
                <Field name="url" id="field-webhook-url".into() label=t("webhooks-url") kind="url"
                    value=endpoint.url required=true hint=t("webhooks-url-hint") error=error/>
                <EventChoices selected=endpoint.events id_prefix="edit" error=error/>
                <button type="submit" class="button button-primary">{t("webhooks-save")}</button>
            </ActionForm>
        </section>
    }
}

/// A page of deliveries, with links to the first and the next page.
#[component]
fn Log(
    page: ListPage<Delivery>,
    /// The endpoint's id.
    webhook: String,
    /// Whether this is a page after the first.
    paged: bool,
    redeliver: ServerAction<RedeliverWebhook>,
) -> impl IntoView {
    let lang = use_lang();
    let first = paged.then(|| format!("/admin/webhooks/{webhook}"));
    let next = page
        .next
        .map(|n| format!("/admin/webhooks/{webhook}?after={}", encode(&n)));
    let columns = [
        "webhooks-event",
        "webhooks-delivery-state",
        "webhooks-response",
        "webhooks-duration",
        "webhooks-attempts",
        "webhooks-sent",
        "webhooks-error",
    ];
    view! {
        <Table heads=heads(lang, &columns) actions=true>
            {page.items.into_iter().map(|d| delivery_row(lang, d, &webhook, redeliver)).collect_view()}
        </Table>
        <Pager first=first next=next/>
    }
}

fn delivery_row(
    lang: Lang,
    d: Delivery,
    webhook: &str,
    redeliver: ServerAction<RedeliverWebhook>,
) -> impl IntoView + use<> {
    let state = match d.state {
        DeliveryState::Delivered => "badge badge-ok",
        DeliveryState::Pending => "badge badge-off",
        DeliveryState::Failed => "badge badge-warn",
    };
    let state_label = tr(lang, &format!("webhooks-delivery-{}", d.state.code()));
    let dash = || "—".to_owned();
    let response = d.status_code.map_or_else(dash, |c| c.to_string());
    let duration = d.duration_ms.map_or_else(dash, |ms| {
        tr_args(lang, "webhooks-ms", &[("ms", ms.into())])
    });
    let sent = d.last_attempt_at.unwrap_or(d.created_at);
    let next = d
        .next_attempt_at
        .filter(|_| d.state == DeliveryState::Pending);
    let error = d.error.map(|key| tr(lang, &key));
    let finished = d.state != DeliveryState::Pending;
    let event = d.event_type.clone();
    let aria = format!("{} {}", tr(lang, "webhooks-redeliver"), d.event_type);
    let fields = vec![("webhook", webhook.to_owned())];
    view! {
        <tr>
            <th scope="row"><code>{event}</code></th>
            <td><span class=state>{state_label}</span></td>
            <td class="num">{response}</td>
            <td class="num">{duration}</td>
            <td class="num">{d.attempts}</td>
            <td>
                {format::date_time(lang, sent)}
                {next.map(|at| view! {
                    <br/>
                    <span class="muted">{tr_args(lang, "webhooks-next-attempt", &[("at", format::date_time(lang, at).into())])}</span>
                })}
            </td>
            <td>{error}</td>
            <td>
                {finished.then(|| view! {
                    <RowButton action=redeliver key=d.id.to_string() fields=fields
                        label=tr(lang, "webhooks-redeliver") aria_label=aria/>
                })}
            </td>
        </tr>
    }
}
