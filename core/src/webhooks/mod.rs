//! Webhooks: each domain event goes to the endpoints that asked for its type.
//!
//! - **Fan-out** ([`plan`], [`FanOut::write`]), in the consumer of the event queue: for each
//!   subscribed, active endpoint, one delivery row (the log) and the job that sends it, in
//!   the one transaction that consumes the event. The payload is fixed then, with the record as the endpoint's admin sees it.
//! - **Delivery** ([`deliver`]), a job per attempt: a signed POST ([`sign`]) through the
//!   guarded client ([`guard`], [`send`]). A 2xx ends it; anything else waits out the next
//!   step of [`SCHEDULE`] (about a day in all) and tries again. A job lost with its worker
//!   runs again when its lease runs out, so a delivery pending at a crash is still sent
//!   (at least once: receivers drop repeats by `webhook-id`).
//! - After [`FAILURES_MAX`] failed attempts in a row the endpoint is disabled, with the
//!   reason for its admin; turning it on again resets the count.

pub mod guard;
mod send;
pub mod sign;

use crate::error::{CoreError, CoreResult};
use crate::events::{Envelope, Event};
use crate::jobs::{self, Job, JobError, NewJob};
use crate::records::write::detail_json;
use crate::{Actor, Ctx, Via};
use entity::{users, webhook_deliveries as deliveries, webhooks};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use time::{Duration, OffsetDateTime};
use types::dto::auth::Role;
use types::dto::webhooks::{DeliveryState, FAILURES_MAX};
use types::ids::{DeliveryId, UserId};
use uuid::Uuid;

/// The job kind of one delivery attempt.
pub const KIND: &str = "webhook";

/// How long to wait after each failed attempt before the next: 8 attempts over about a day.
pub const SCHEDULE: [Duration; 7] = [
    Duration::seconds(5),
    Duration::minutes(5),
    Duration::minutes(30),
    Duration::hours(2),
    Duration::hours(5),
    Duration::hours(10),
    Duration::hours(10),
];

/// Why the server disabled an endpoint.
pub const DISABLED_FAILING: &str = "webhooks-disabled-failing";
/// Why a delivery stopped: its endpoint was disabled or its admin is no longer one.
pub const STOPPED: &str = "webhooks-endpoint-disabled";

/// The type an endpoint subscribes to for `event`: `contact.created`, `lead.converted`.
pub fn event_type(event: &Event) -> String {
    let record =
        |kind: &types::dto::records::RecordKind, change: &str| format!("{}.{change}", kind.code());
    match event {
        Event::RecordCreated { kind, .. } => record(kind, "created"),
        Event::RecordUpdated { kind, .. } => record(kind, "updated"),
        Event::RecordDeleted { kind, .. } => record(kind, "deleted"),
        Event::RecordRestored { kind, .. } => record(kind, "restored"),
        Event::StageChanged { .. } => "opportunity.stage_changed".into(),
        Event::LeadConverted { .. } => "lead.converted".into(),
    }
}

/// The record an event is about, to show as it is now.
fn subject(event: &Event) -> (types::dto::records::RecordKind, Uuid) {
    use types::dto::records::RecordKind;
    match event {
        Event::RecordCreated { kind, id }
        | Event::RecordUpdated { kind, id, .. }
        | Event::RecordDeleted { kind, id }
        | Event::RecordRestored { kind, id } => (*kind, *id),
        Event::StageChanged { id, .. } => (RecordKind::Opportunity, *id),
        Event::LeadConverted { id, .. } => (RecordKind::Lead, *id),
    }
}

/// The message body: `{"type", "timestamp", "data"}`, where `data` is the event's fields, who
/// did it and through which door, and the record as `viewer` sees it now (`null` once it is
/// in the trash or out of their sight).
async fn payload(ctx: &Ctx, envelope: &Envelope, viewer: &Actor) -> CoreResult<String> {
    let (kind, id) = subject(&envelope.event);
    let record = detail_json(ctx, viewer, kind, id).await?;
    let mut data = serde_json::to_value(&envelope.event).map_err(internal)?;
    if let Some(fields) = data.as_object_mut() {
        fields.remove("type");
        fields.insert(
            "actor".into(),
            serde_json::to_value(envelope.actor).map_err(internal)?,
        );
        fields.insert(
            "via".into(),
            serde_json::to_value(envelope.via).map_err(internal)?,
        );
        fields.insert("record".into(), record.unwrap_or_default());
    }
    let message = Message {
        kind: event_type(&envelope.event),
        timestamp: envelope.at,
        data,
    };
    serde_json::to_string(&message).map_err(internal)
}

/// A message as Standard Webhooks lays it out.
#[derive(Serialize)]
struct Message {
    #[serde(rename = "type")]
    kind: String,
    #[serde(with = "types::wire::text")]
    timestamp: OffsetDateTime,
    data: serde_json::Value,
}

fn internal(e: impl std::fmt::Display) -> CoreError {
    CoreError::Internal(e.to_string())
}

/// The admin an endpoint acts for, if they still are an active admin.
async fn admin_of(ctx: &Ctx, id: UserId) -> CoreResult<Option<Actor>> {
    let user = users::Entity::find_by_id(id).one(&ctx.db).await?;
    Ok(user
        .filter(|u| u.is_active && u.role == Role::Admin)
        .map(|u| Actor {
            user_id: u.id,
            role: u.role,
            via: Via::Job,
        }))
}

/// A delivery job's input.
#[derive(Serialize, Deserialize)]
struct Attempting {
    delivery: DeliveryId,
}

/// A job that makes one attempt at `delivery`.
fn attempt_job(delivery: DeliveryId, at: OffsetDateTime) -> CoreResult<NewJob> {
    // Failed sends are rescheduled by the handler; the job's own retries are for the
    // database failing under it.
    Ok(NewJob::new(KIND, &Attempting { delivery })?
        .on(jobs::WEBHOOKS)
        .at(at)
        .attempts(3))
}

/// What an event asks of the webhooks: the subscribed, active endpoints, each with the body
/// to send it (`None`: its admin is gone). Worked out by [`plan`] before anything is written.
pub struct FanOut {
    event_type: String,
    endpoints: Vec<(webhooks::Model, Option<String>)>,
}

/// The endpoints that want the event, and the body each gets: the record as its admin sees it.
pub async fn plan(ctx: &Ctx, envelope: &Envelope) -> CoreResult<FanOut> {
    let event_type = event_type(&envelope.event);
    let subscribed: Vec<webhooks::Model> = webhooks::Entity::find()
        .filter(webhooks::Column::Active.eq(true))
        .all(&ctx.db)
        .await?
        .into_iter()
        .filter(|w| w.events.split(' ').any(|e| e == event_type))
        .collect();
    // One body per admin: endpoints of the same admin send the same message.
    let mut bodies: HashMap<UserId, Option<String>> = HashMap::new();
    let mut endpoints = Vec::with_capacity(subscribed.len());
    for w in subscribed {
        let body = match bodies.entry(w.created_by) {
            Entry::Occupied(known) => known.get().clone(),
            Entry::Vacant(slot) => {
                let body = match admin_of(ctx, w.created_by).await? {
                    Some(admin) => Some(payload(ctx, envelope, &admin).await?),
                    None => None,
                };
                slot.insert(body).clone()
            }
        };
        endpoints.push((w, body));
    }
    Ok(FanOut {
        event_type,
        endpoints,
    })
}

impl FanOut {
    pub fn is_empty(&self) -> bool {
        self.endpoints.is_empty()
    }

    /// Writes a delivery, and the job that sends it, per endpoint, on the transaction that
    /// consumes the event: an event is fanned out completely or not at all.
    pub async fn write(
        self,
        txn: &impl sea_orm::ConnectionTrait,
        now: OffsetDateTime,
    ) -> CoreResult<()> {
        for (w, body) in self.endpoints {
            let Some(body) = body else {
                // Its admin is gone: the endpoint sends nothing more until an admin turns it on.
                disable(txn, &w, STOPPED, now).await?;
                continue;
            };
            let id = DeliveryId::new();
            deliveries::ActiveModel {
                id: Set(id),
                webhook_id: Set(w.id),
                event_type: Set(self.event_type.clone()),
                payload: Set(body),
                state: Set(DeliveryState::Pending.code().to_owned()),
                attempts: Set(0),
                status_code: Set(None),
                duration_ms: Set(None),
                error: Set(None),
                created_at: Set(now),
                last_attempt_at: Set(None),
                next_attempt_at: Set(Some(now)),
            }
            .insert(txn)
            .await?;
            jobs::enqueue(txn, now, attempt_job(id, now)?).await?;
        }
        Ok(())
    }
}

async fn disable(
    db: &impl sea_orm::ConnectionTrait,
    w: &webhooks::Model,
    reason: &str,
    now: OffsetDateTime,
) -> CoreResult<()> {
    let mut row = w.clone().into_active_model();
    row.active = Set(false);
    row.disabled_reason = Set(Some(reason.to_owned()));
    row.updated_at = Set(now);
    row.update(db).await?;
    Ok(())
}

/// Queues another attempt at a delivery, now (an admin's redelivery).
pub(crate) async fn requeue(
    db: &impl sea_orm::ConnectionTrait,
    delivery: DeliveryId,
    now: OffsetDateTime,
) -> CoreResult<()> {
    jobs::enqueue(db, now, attempt_job(delivery, now)?)
        .await
        .map(drop)
}

/// The secrets that sign now: the current one, and the one before a rotation until it
/// expires.
fn secrets(ctx: &Ctx, w: &webhooks::Model, now: OffsetDateTime) -> Vec<String> {
    let previous = w
        .previous_secret
        .as_deref()
        .filter(|_| w.previous_until.is_some_and(|until| until > now));
    [Some(w.secret.as_str()), previous]
        .into_iter()
        .flatten()
        .filter_map(|sealed| open_secret(ctx, w.id.0, sealed))
        .collect()
}

/// What a sealed secret is bound to: its endpoint.
fn purpose(webhook: Uuid) -> String {
    format!("webhook-secret:{webhook}")
}

pub(crate) fn seal_secret(ctx: &Ctx, webhook: Uuid, secret: &str) -> CoreResult<String> {
    ctx.keys
        .seal(secret.as_bytes(), purpose(webhook).as_bytes())
}

fn open_secret(ctx: &Ctx, webhook: Uuid, sealed: &str) -> Option<String> {
    let plain = ctx.keys.open(sealed, purpose(webhook).as_bytes())?;
    String::from_utf8(plain).ok()
}

/// The handler of [`KIND`]: one attempt at one delivery.
pub async fn deliver(ctx: Ctx, job: Job) -> Result<(), JobError> {
    let Attempting { delivery } = job.input()?;
    attempt(&ctx, delivery).await.map_err(JobError::from)
}

async fn attempt(ctx: &Ctx, delivery: DeliveryId) -> CoreResult<()> {
    let Some(d) = deliveries::Entity::find_by_id(delivery)
        .one(&ctx.db)
        .await?
    else {
        // Its endpoint was deleted, and the log with it.
        return Ok(());
    };
    if d.state != DeliveryState::Pending.code() {
        return Ok(());
    }
    let Some(w) = webhooks::Entity::find_by_id(d.webhook_id)
        .one(&ctx.db)
        .await?
    else {
        return Ok(());
    };
    let now = ctx.now();
    if !w.active {
        let mut row = d.into_active_model();
        row.state = Set(DeliveryState::Failed.code().to_owned());
        row.error = Set(Some(STOPPED.to_owned()));
        row.next_attempt_at = Set(None);
        row.update(&ctx.db).await?;
        return Ok(());
    }
    let signing = secrets(ctx, &w, now);
    let keys: Vec<&str> = signing.iter().map(String::as_str).collect();
    let id = d.id.to_string();
    let timestamp = now.unix_timestamp();
    let headers = [
        ("webhook-id", id.clone()),
        ("webhook-timestamp", timestamp.to_string()),
        (
            "webhook-signature",
            sign::header(&keys, &id, timestamp, &d.payload),
        ),
    ];
    let allow_private = ctx.config.webhooks_allow_private;
    let outcome = send::post(&w.url, &headers, d.payload.clone(), allow_private).await;
    record(ctx, d, w, outcome).await
}

/// Writes what an attempt came to: the delivery's state and the endpoint's run of failures,
/// and the next attempt if there is one.
async fn record(
    ctx: &Ctx,
    d: deliveries::Model,
    w: webhooks::Model,
    attempt: send::Attempt,
) -> CoreResult<()> {
    let now = ctx.now();
    let txn = ctx.begin().await?;
    let attempts = d.attempts + 1;
    let ok = attempt.error.is_none();
    let next = SCHEDULE
        .get(usize::try_from(attempts - 1).unwrap_or(usize::MAX))
        .filter(|_| !ok)
        .map(|wait| now + *wait);
    // Counted in SQL, so attempts finishing at once all count. A failure counts against the
    // endpoint only while it is on: attempts made before it was disabled must not disable it
    // again once an admin turns it on.
    let failures = if ok {
        Expr::value(0)
    } else {
        Expr::col(webhooks::Column::Failures).add(1)
    };
    webhooks::Entity::update_many()
        .col_expr(webhooks::Column::Failures, failures)
        .filter(webhooks::Column::Id.eq(w.id))
        .filter(webhooks::Column::Active.eq(true))
        .exec(&txn)
        .await?;
    let now_on = webhooks::Entity::find_by_id(w.id).one(&txn).await?;
    let failing = now_on
        .as_ref()
        .is_some_and(|n| n.active && n.failures >= FAILURES_MAX);
    if failing {
        disable(&txn, &w, DISABLED_FAILING, now).await?;
    }
    let state = match (ok, next) {
        (true, _) => DeliveryState::Delivered,
        (false, Some(_)) if !failing => DeliveryState::Pending,
        _ => DeliveryState::Failed,
    };
    let mut row = d.into_active_model();
    row.state = Set(state.code().to_owned());
    row.attempts = Set(attempts);
    row.status_code = Set(attempt.status.map(i32::from));
    row.duration_ms = Set(Some(attempt.duration_ms));
    row.error = Set(attempt.error.map(str::to_owned));
    row.last_attempt_at = Set(Some(now));
    row.next_attempt_at = Set(next.filter(|_| state == DeliveryState::Pending));
    let row = row.update(&txn).await?;
    if let (DeliveryState::Pending, Some(at)) = (state, next) {
        jobs::enqueue(&txn, now, attempt_job(row.id, at)?).await?;
    }
    ctx.commit(txn).await
}
