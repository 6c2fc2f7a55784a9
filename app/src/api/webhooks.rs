//! The webhooks admin: endpoints, their secrets (shown once), their delivery log and
//! redelivery. The service refuses anyone but an admin.

use leptos::prelude::*;
use types::dto::records::ListPage;
use types::dto::webhooks::{Delivery, WebhookInfo, WebhookSecret};
use types::error::AppError;

#[cfg(feature = "ssr")]
use super::server::{actor, ctx, done, record_id};
#[cfg(feature = "ssr")]
use core_svc::services::webhooks as svc;

#[server(prefix = "/api", endpoint = "list_webhooks")]
pub async fn list_webhooks() -> Result<Vec<WebhookInfo>, AppError> {
    done(svc::list(&ctx()?, &actor()?).await)
}

#[server(prefix = "/api", endpoint = "get_webhook")]
pub async fn get_webhook(id: String) -> Result<WebhookInfo, AppError> {
    done(svc::get(&ctx()?, &actor()?, record_id(&id)?).await)
}

/// Registers an endpoint; the answer holds its secret, shown this once.
#[server(prefix = "/api", endpoint = "create_webhook")]
pub async fn create_webhook(
    name: String,
    url: String,
    #[server(default)] events: Vec<String>,
) -> Result<WebhookSecret, AppError> {
    use types::dto::webhooks::NewWebhook;
    let new = NewWebhook { name, url, events };
    done(svc::create(&ctx()?, &actor()?, new).await)
}

/// Saves an endpoint's name, URL and events, as its edit form shows them.
#[server(prefix = "/api", endpoint = "edit_webhook")]
pub async fn edit_webhook(
    id: String,
    name: String,
    url: String,
    #[server(default)] events: Vec<String>,
) -> Result<WebhookInfo, AppError> {
    use types::dto::webhooks::WebhookPatch;
    let patch = WebhookPatch {
        name: Some(name),
        url: Some(url),
        events: Some(events),
        active: None,
    };
    done(svc::update(&ctx()?, &actor()?, record_id(&id)?, patch).await)
}

/// Turns an endpoint on (which clears its failures) or off.
#[server(prefix = "/api", endpoint = "switch_webhook")]
pub async fn switch_webhook(id: String, active: bool) -> Result<WebhookInfo, AppError> {
    use types::dto::webhooks::WebhookPatch;
    let patch = WebhookPatch {
        active: Some(active),
        ..WebhookPatch::default()
    };
    done(svc::update(&ctx()?, &actor()?, record_id(&id)?, patch).await)
}

/// A new signing secret, shown this once; the old one keeps signing for a day.
#[server(prefix = "/api", endpoint = "rotate_webhook")]
pub async fn rotate_webhook(id: String) -> Result<WebhookSecret, AppError> {
    done(svc::rotate(&ctx()?, &actor()?, record_id(&id)?).await)
}

/// Removes an endpoint and its log, then shows the list of endpoints.
#[server(prefix = "/api", endpoint = "delete_webhook")]
pub async fn delete_webhook(id: String) -> Result<(), AppError> {
    done(svc::delete(&ctx()?, &actor()?, record_id(&id)?).await)?;
    leptos_axum::redirect("/admin/webhooks");
    Ok(())
}

/// A page of an endpoint's deliveries, newest first, after the cursor `after`.
#[server(prefix = "/api", endpoint = "webhook_log")]
pub async fn webhook_log(
    id: String,
    #[server(default)] after: String,
) -> Result<ListPage<Delivery>, AppError> {
    use types::dto::list::Page;
    let page = Page {
        after: (!after.is_empty()).then_some(after),
        ..Page::default()
    };
    done(svc::deliveries(&ctx()?, &actor()?, record_id(&id)?, &page).await)
}

/// Sends a delivery again from the start of its schedule.
#[server(prefix = "/api", endpoint = "redeliver_webhook")]
pub async fn redeliver_webhook(webhook: String, id: String) -> Result<Delivery, AppError> {
    let (webhook, delivery) = (record_id(&webhook)?, record_id(&id)?);
    done(svc::redeliver(&ctx()?, &actor()?, webhook, delivery).await)
}
