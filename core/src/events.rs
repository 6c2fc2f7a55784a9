//! Domain events: what happened to the data, written into the job queue (the outbox) in the
//! same transaction as the change, so an event exists exactly when its change committed.
//! Webhooks, indexing for search by meaning and duplicate detection consume them (digests and
//! automations will); each
//! reloads what it needs with the rights of whoever it acts for.

use crate::error::CoreResult;
use crate::jobs::{self, Job, JobError, NewJob};
use crate::{Actor, Ctx, Via};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use types::dto::records::RecordKind;
use types::ids::{StageId, UserId};
use uuid::Uuid;

/// The job kind that carries an event.
pub const KIND: &str = "event";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Event {
    #[serde(rename = "record.created")]
    RecordCreated { kind: RecordKind, id: Uuid },
    /// `fields`: the names of the fields that changed, never their values.
    #[serde(rename = "record.updated")]
    RecordUpdated {
        kind: RecordKind,
        id: Uuid,
        fields: Vec<String>,
    },
    #[serde(rename = "record.deleted")]
    RecordDeleted { kind: RecordKind, id: Uuid },
    #[serde(rename = "record.restored")]
    RecordRestored { kind: RecordKind, id: Uuid },
    #[serde(rename = "opportunity.stage_changed")]
    StageChanged {
        id: Uuid,
        from: StageId,
        to: StageId,
    },
    #[serde(rename = "lead.converted")]
    LeadConverted {
        id: Uuid,
        account: Uuid,
        contact: Uuid,
        opportunity: Option<Uuid>,
    },
}

/// An event as the queue keeps it: what happened, who did it, through which door, when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    #[serde(flatten)]
    pub event: Event,
    pub actor: UserId,
    pub via: Via,
    pub at: OffsetDateTime,
}

/// Writes `event` into the outbox on the caller's transaction.
pub async fn emit(
    txn: &impl ConnectionTrait,
    at: OffsetDateTime,
    actor: &Actor,
    event: Event,
) -> CoreResult<()> {
    let envelope = Envelope {
        event,
        actor: actor.user_id,
        via: actor.via,
        at,
    };
    let job = NewJob::new(KIND, &envelope)?.on(jobs::EVENTS);
    jobs::enqueue(txn, at, job).await.map(drop)
}

/// The consumer of the event queue: the webhook deliveries the event asks for, the job that
/// re-indexes its record when search by meaning is on, and the record's duplicate keys and
/// pairs, written in one transaction, so a retried event never sends a webhook twice.
pub async fn deliver(ctx: Ctx, job: Job) -> Result<(), JobError> {
    let envelope: Envelope = job.input()?;
    let webhooks = crate::webhooks::plan(&ctx, &envelope).await?;
    let index = crate::semantic::index::job_for(&ctx, &envelope.event)?;
    let matched = crate::duplicates::pairs::affected(&envelope.event);
    if webhooks.is_empty() && index.is_none() && matched.is_none() {
        return Ok(());
    }
    let txn = ctx.begin().await?;
    let now = ctx.now();
    webhooks.write(&txn, now).await?;
    if let Some(index) = index {
        jobs::enqueue(&txn, now, index).await?;
    }
    if let Some((kind, id)) = matched {
        crate::duplicates::pairs::refresh(&txn, now, kind, id).await?;
    }
    ctx.commit(txn).await?;
    Ok(())
}
