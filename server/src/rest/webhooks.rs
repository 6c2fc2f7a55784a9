//! Webhook endpoints, for admins (docs/API.md, "Webhooks"): register, change, rotate the
//! secret, delete, read the delivery log and redeliver. Each handler is one call of
//! `core::services::webhooks`, which refuses anyone but an admin.

use super::auth::Caller;
use super::body::Json as Body;
use super::error::ApiError;
use super::lists;
use super::openapi::{Api, Op, Verb};
use super::records::{All, Page, created, path_id};
use crate::state::AppState;
use axum::{
    Extension, Json,
    extract::{Path, RawQuery, State},
    http::StatusCode,
    response::Response,
};
use core_svc::services::webhooks as svc;
use types::dto::webhooks::{Delivery, NewWebhook, WebhookInfo, WebhookPatch, WebhookSecret};

pub fn routes(api: Api) -> Api {
    let tag = "webhooks";
    let id = |op: Op| op.path_id("id", "The endpoint's id");
    api.add(
        Verb::Get,
        "/webhooks",
        list,
        Op::new("list_webhooks", tag, "List webhook endpoints").returns_all::<WebhookInfo>(),
    )
    .add(
        Verb::Post,
        "/webhooks",
        create,
        Op::new("create_webhook", tag, "Register a webhook endpoint")
            .describe(
                "`events` are types such as `contact.created` or `lead.converted`. The answer \
                 holds the signing secret (`whsec_…`), this once.",
            )
            .body::<NewWebhook>()
            .returns::<WebhookSecret>(StatusCode::CREATED, "The endpoint and its secret"),
    )
    .add(
        Verb::Get,
        "/webhooks/{id}",
        get,
        id(Op::new("get_webhook", tag, "Get a webhook endpoint"))
            .returns::<WebhookInfo>(StatusCode::OK, "The endpoint"),
    )
    .add(
        Verb::Patch,
        "/webhooks/{id}",
        update,
        id(Op::new("update_webhook", tag, "Change a webhook endpoint"))
            .describe("`\"active\": true` turns it on again and clears its failures.")
            .body::<WebhookPatch>()
            .returns::<WebhookInfo>(StatusCode::OK, "The endpoint"),
    )
    .add(
        Verb::Delete,
        "/webhooks/{id}",
        delete,
        id(Op::new(
            "delete_webhook",
            tag,
            "Delete a webhook endpoint and its log",
        ))
        .no_content("Deleted"),
    )
    .add(
        Verb::Post,
        "/webhooks/{id}/rotate",
        rotate,
        id(Op::new(
            "rotate_webhook_secret",
            tag,
            "Rotate the signing secret",
        ))
        .describe("The old secret keeps signing beside the new one for 24 hours.")
        .returns::<WebhookSecret>(StatusCode::OK, "The endpoint and its new secret"),
    )
    .add(
        Verb::Get,
        "/webhooks/{id}/deliveries",
        deliveries,
        id(Op::new(
            "list_webhook_deliveries",
            tag,
            "The delivery log, newest first",
        ))
        .paged()
        .returns_page::<Delivery>(),
    )
    .add(
        Verb::Post,
        "/webhooks/{id}/deliveries/{delivery}/redeliver",
        redeliver,
        id(Op::new("redeliver_webhook", tag, "Send a delivery again"))
            .path_id("delivery", "The delivery's id")
            .returns::<Delivery>(StatusCode::OK, "The delivery, pending again"),
    )
}

async fn list(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<All<WebhookInfo>>, ApiError> {
    let data = svc::list(&state.ctx, &caller.actor).await?;
    Ok(Json(All { data }))
}

async fn create(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Body(new): Body<NewWebhook>,
) -> Result<Response, ApiError> {
    let made = svc::create(&state.ctx, &caller.actor, new).await?;
    Ok(created(&format!("/webhooks/{}", made.webhook.id), made))
}

async fn get(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
) -> Result<Json<WebhookInfo>, ApiError> {
    Ok(Json(
        svc::get(&state.ctx, &caller.actor, path_id(&raw)?).await?,
    ))
}

async fn update(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
    Body(patch): Body<WebhookPatch>,
) -> Result<Json<WebhookInfo>, ApiError> {
    Ok(Json(
        svc::update(&state.ctx, &caller.actor, path_id(&raw)?, patch).await?,
    ))
}

async fn delete(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
) -> Result<StatusCode, ApiError> {
    svc::delete(&state.ctx, &caller.actor, path_id(&raw)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn rotate(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
) -> Result<Json<WebhookSecret>, ApiError> {
    Ok(Json(
        svc::rotate(&state.ctx, &caller.actor, path_id(&raw)?).await?,
    ))
}

async fn deliveries(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<Page<Delivery>>, ApiError> {
    let page = lists::read_page(query.as_deref())?;
    let found = svc::deliveries(&state.ctx, &caller.actor, path_id(&raw)?, &page)
        .await
        .map_err(|e| lists::in_query(e.into(), &[]))?;
    Ok(Json(found.into()))
}

async fn redeliver(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path((raw, delivery)): Path<(String, String)>,
) -> Result<Json<Delivery>, ApiError> {
    let (id, delivery) = (path_id(&raw)?, path_id(&delivery)?);
    Ok(Json(
        svc::redeliver(&state.ctx, &caller.actor, id, delivery).await?,
    ))
}
