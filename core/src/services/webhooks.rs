//! Webhook endpoints, managed by admins: register a URL and the events it wants, read its
//! delivery log, redeliver, rotate its secret, turn it off and on. What delivers them is
//! `crate::webhooks`.

use crate::error::{CoreError, CoreResult};
use crate::records::keyset;
use crate::webhooks::{self as hooks, guard, sign};
use crate::{Actor, Ctx, policy::users as policy};
use entity::{webhook_deliveries as deliveries, webhooks};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use time::{Duration, OffsetDateTime};
use types::dto::list::Page;
use types::dto::records::ListPage;
use types::dto::webhooks::{
    Delivery, DeliveryState, NewWebhook, WebhookInfo, WebhookPatch, WebhookSecret, event_types,
};
use types::ids::{DeliveryId, WebhookId};
use types::validate::{self, Checker};

/// How long the secret before a rotation keeps signing, so receivers can switch over.
pub const ROTATION_OVERLAP: Duration = Duration::hours(24);

/// The most endpoints one workspace keeps.
pub const ENDPOINTS_MAX: u64 = 50;

/// A delivery log's cursors are sealed under this list name.
const LOG: &str = "webhook-deliveries";

fn info(w: &webhooks::Model, now: OffsetDateTime) -> WebhookInfo {
    WebhookInfo {
        id: w.id,
        name: w.name.clone(),
        url: w.url.clone(),
        events: w.events.split(' ').map(str::to_owned).collect(),
        active: w.active,
        failures: w.failures,
        disabled_reason: w.disabled_reason.clone(),
        previous_secret_until: w.previous_until.filter(|until| *until > now),
        created_at: w.created_at,
    }
}

fn delivery(d: deliveries::Model) -> Delivery {
    Delivery {
        id: d.id,
        event_type: d.event_type,
        state: DeliveryState::from_code(&d.state).unwrap_or(DeliveryState::Failed),
        attempts: d.attempts,
        status_code: d.status_code,
        duration_ms: d.duration_ms,
        error: d.error,
        created_at: d.created_at,
        last_attempt_at: d.last_attempt_at,
        next_attempt_at: d.next_attempt_at,
    }
}

/// Checks a name, a URL (its form, and that it is public unless private ones are allowed)
/// and a set of events, each where given.
fn check(
    ctx: &Ctx,
    c: &mut Checker,
    name: Option<&str>,
    url: Option<&str>,
    events: Option<&[String]>,
) -> (Option<String>, Option<String>, Option<String>) {
    let name = name.and_then(|n| c.check("name", validate::title(n)));
    let url = url.and_then(|u| {
        let u = u.trim();
        if u.len() > 2000 {
            c.fail("url", "validation-too-long");
            return None;
        }
        match guard::check_url(u, ctx.config.webhooks_allow_private) {
            Ok(_) => Some(u.to_owned()),
            Err(key) => {
                c.fail("url", key);
                None
            }
        }
    });
    let events = events.and_then(|events| {
        let known = event_types();
        let mut wanted: Vec<&str> = Vec::new();
        for e in events {
            if !known.contains(e) {
                c.fail("events", "validation-invalid");
                return None;
            }
            if !wanted.contains(&e.as_str()) {
                wanted.push(e);
            }
        }
        if wanted.is_empty() {
            c.fail("events", "validation-required");
            return None;
        }
        Some(wanted.join(" "))
    });
    (name, url, events)
}

async fn load(db: &impl sea_orm::ConnectionTrait, id: WebhookId) -> CoreResult<webhooks::Model> {
    webhooks::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(CoreError::NotFound)
}

/// Every endpoint, oldest first.
pub async fn list(ctx: &Ctx, actor: &Actor) -> CoreResult<Vec<WebhookInfo>> {
    policy::can_manage(actor)?;
    let now = ctx.now();
    Ok(webhooks::Entity::find()
        .order_by_asc(webhooks::Column::CreatedAt)
        .order_by_asc(webhooks::Column::Id)
        .all(&ctx.db)
        .await?
        .iter()
        .map(|w| info(w, now))
        .collect())
}

pub async fn get(ctx: &Ctx, actor: &Actor, id: WebhookId) -> CoreResult<WebhookInfo> {
    policy::can_manage(actor)?;
    Ok(info(&load(&ctx.db, id).await?, ctx.now()))
}

/// Registers an endpoint; its secret is in the answer, this once. It acts for the admin who
/// made it: payloads hold records as they see them.
pub async fn create(ctx: &Ctx, actor: &Actor, new: NewWebhook) -> CoreResult<WebhookSecret> {
    policy::can_manage(actor)?;
    let mut c = Checker::new();
    let (name, url, events) = check(
        ctx,
        &mut c,
        Some(&new.name),
        Some(&new.url),
        Some(&new.events),
    );
    c.finish()?;
    let txn = ctx.begin().await?;
    let count = webhooks::Entity::find()
        .select_only()
        .column(webhooks::Column::Id)
        .limit(ENDPOINTS_MAX)
        .into_tuple::<uuid::Uuid>()
        .all(&txn)
        .await?
        .len() as u64;
    if count >= ENDPOINTS_MAX {
        return Err(CoreError::Rejected("webhooks-too-many"));
    }
    let id = WebhookId::new();
    let secret = sign::new_secret();
    let now = ctx.now();
    let row = webhooks::ActiveModel {
        id: Set(id),
        name: Set(name.unwrap_or_default()),
        url: Set(url.unwrap_or_default()),
        events: Set(events.unwrap_or_default()),
        secret: Set(hooks::seal_secret(ctx, id.0, &secret)?),
        previous_secret: Set(None),
        previous_until: Set(None),
        active: Set(true),
        failures: Set(0),
        disabled_reason: Set(None),
        created_by: Set(actor.user_id),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    ctx.commit(txn).await?;
    Ok(WebhookSecret {
        webhook: info(&row, now),
        secret,
    })
}

/// Changes an endpoint; turning it on again clears its failures and why it was off.
pub async fn update(
    ctx: &Ctx,
    actor: &Actor,
    id: WebhookId,
    patch: WebhookPatch,
) -> CoreResult<WebhookInfo> {
    policy::can_manage(actor)?;
    let mut c = Checker::new();
    let (name, url, events) = check(
        ctx,
        &mut c,
        patch.name.as_deref(),
        patch.url.as_deref(),
        patch.events.as_deref(),
    );
    c.finish()?;
    let txn = ctx.begin().await?;
    let current = load(&txn, id).await?;
    let now = ctx.now();
    let mut row = current.into_active_model();
    if let Some(name) = name {
        row.name = Set(name);
    }
    if let Some(url) = url {
        row.url = Set(url);
    }
    if let Some(events) = events {
        row.events = Set(events);
    }
    match patch.active {
        Some(true) => {
            row.active = Set(true);
            row.failures = Set(0);
            row.disabled_reason = Set(None);
            // It sends as whoever turned it on, who is an admin.
            row.created_by = Set(actor.user_id);
        }
        Some(false) => {
            row.active = Set(false);
            row.disabled_reason = Set(None);
        }
        None => {}
    }
    row.updated_at = Set(now);
    let saved = row.update(&txn).await?;
    ctx.commit(txn).await?;
    Ok(info(&saved, now))
}

/// A new secret, shown this once; the one before keeps signing beside it for
/// [`ROTATION_OVERLAP`], so receivers can switch without missing a message.
pub async fn rotate(ctx: &Ctx, actor: &Actor, id: WebhookId) -> CoreResult<WebhookSecret> {
    policy::can_manage(actor)?;
    let txn = ctx.begin().await?;
    let current = load(&txn, id).await?;
    let now = ctx.now();
    let secret = sign::new_secret();
    let mut row = current.clone().into_active_model();
    row.previous_secret = Set(Some(current.secret));
    row.previous_until = Set(Some(now + ROTATION_OVERLAP));
    row.secret = Set(hooks::seal_secret(ctx, id.0, &secret)?);
    row.updated_at = Set(now);
    let saved = row.update(&txn).await?;
    ctx.commit(txn).await?;
    Ok(WebhookSecret {
        webhook: info(&saved, now),
        secret,
    })
}

/// Removes an endpoint and its log; pending deliveries are dropped.
pub async fn delete(ctx: &Ctx, actor: &Actor, id: WebhookId) -> CoreResult<()> {
    policy::can_manage(actor)?;
    let txn = ctx.begin().await?;
    load(&txn, id).await?;
    deliveries::Entity::delete_many()
        .filter(deliveries::Column::WebhookId.eq(id))
        .exec(&txn)
        .await?;
    webhooks::Entity::delete_by_id(id).exec(&txn).await?;
    ctx.commit(txn).await
}

/// An endpoint's deliveries, newest first, a page after the sealed cursor in `page.after`.
pub async fn deliveries(
    ctx: &Ctx,
    actor: &Actor,
    id: WebhookId,
    page: &Page,
) -> CoreResult<ListPage<Delivery>> {
    policy::can_manage(actor)?;
    load(&ctx.db, id).await?;
    let select = deliveries::Entity::find().filter(deliveries::Column::WebhookId.eq(id));
    let by = keyset::Pair {
        col: deliveries::Column::CreatedAt,
        id: deliveries::Column::Id,
        kind: keyset::ValueKind::Time,
        desc: true,
    };
    let key = |d: &deliveries::Model| (d.id.0, d.created_at.into());
    let (rows, next) = keyset::page_on(ctx, actor, LOG, select, by, page, key).await?;
    Ok(ListPage {
        items: rows.into_iter().map(delivery).collect(),
        next,
    })
}

/// Sends a delivery again from the start of the schedule, whatever became of it; one still
/// being tried is left to its schedule.
pub async fn redeliver(
    ctx: &Ctx,
    actor: &Actor,
    id: WebhookId,
    which: DeliveryId,
) -> CoreResult<Delivery> {
    policy::can_manage(actor)?;
    let txn = ctx.begin().await?;
    let w = load(&txn, id).await?;
    let d = deliveries::Entity::find_by_id(which)
        .filter(deliveries::Column::WebhookId.eq(id))
        .one(&txn)
        .await?
        .ok_or(CoreError::NotFound)?;
    if d.state == DeliveryState::Pending.code() {
        return Err(CoreError::Rejected("webhooks-still-pending"));
    }
    if !w.active {
        return Err(CoreError::Rejected("webhooks-endpoint-off"));
    }
    let now = ctx.now();
    let mut row = d.into_active_model();
    row.state = Set(DeliveryState::Pending.code().to_owned());
    row.attempts = Set(0);
    row.error = Set(None);
    row.next_attempt_at = Set(Some(now));
    let saved = row.update(&txn).await?;
    hooks::requeue(&txn, which, now).await?;
    ctx.commit(txn).await?;
    Ok(delivery(saved))
}
