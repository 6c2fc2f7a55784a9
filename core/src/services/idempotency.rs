//! Idempotent retries for the REST API. The first POST or PATCH sent with an
//! `Idempotency-Key` runs, and its successful answer is kept for a day; a retry with the same
//! key and the same request gets that answer again instead of doing the work twice. The same
//! key with another request is refused. A request claims its key by inserting a row under a
//! unique index, so of two concurrent requests exactly one runs and the other waits for its
//! answer.

use crate::Ctx;
use crate::error::{CoreError, CoreResult};
use entity::idempotency_keys as keys;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};
use time::Duration;
use types::ids::UserId;
use uuid::Uuid;

/// How long an answer is kept.
pub const KEEP: Duration = Duration::hours(24);
/// How long a retry waits for a first request that is still running, and how often it looks.
const WAIT: std::time::Duration = std::time::Duration::from_secs(10);
const POLL: std::time::Duration = std::time::Duration::from_millis(25);

/// The longest key taken.
pub const KEY_MAX: usize = 255;

/// What to do with a request that carries a key.
#[derive(Debug, PartialEq, Eq)]
pub enum Claim {
    /// Run it, then [`keep`] its answer or [`release`] the key.
    Run(Uuid),
    /// It ran before: answer this.
    Replay(Stored),
}

/// An answer kept for a retry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    pub status: u16,
    pub body: String,
    pub location: Option<String>,
}

/// The fingerprint of a request: its method, path and query, and body.
pub fn fingerprint(method: &str, target: &str, body: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(method.as_bytes());
    h.update(b" ");
    h.update(target.as_bytes());
    h.update(b"\n");
    h.update(body);
    crate::secrets::hex(&h.finalize())
}

/// Claims `key` for `user`'s request with `fingerprint`. A key in use by another request is
/// `Rejected` (422); one whose first request is still running after a while is a `Conflict`.
pub async fn claim(ctx: &Ctx, user: UserId, key: &str, fingerprint: &str) -> CoreResult<Claim> {
    if key.is_empty() || key.len() > KEY_MAX || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(CoreError::Rejected("api-idempotency-key"));
    }
    let started = std::time::Instant::now();
    loop {
        let now = ctx.now();
        keys::Entity::delete_many()
            .filter(keys::Column::UserId.eq(user))
            .filter(keys::Column::Key.eq(key))
            .filter(keys::Column::CreatedAt.lt(now - KEEP))
            .exec(&ctx.db)
            .await?;
        let id = Uuid::now_v7();
        let row = keys::ActiveModel {
            id: Set(id),
            user_id: Set(user),
            key: Set(key.to_owned()),
            request_hash: Set(fingerprint.to_owned()),
            status: Set(None),
            response: Set(None),
            location: Set(None),
            created_at: Set(now),
        };
        match row.insert(&ctx.db).await.map_err(CoreError::from) {
            Ok(_) => return Ok(Claim::Run(id)),
            Err(CoreError::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
        let first = keys::Entity::find()
            .filter(keys::Column::UserId.eq(user))
            .filter(keys::Column::Key.eq(key))
            .one(&ctx.db)
            .await?;
        match first {
            // Released or pruned meanwhile: try again.
            None => continue,
            Some(f) if f.request_hash != fingerprint => {
                return Err(CoreError::Rejected("api-idempotency-mismatch"));
            }
            Some(keys::Model {
                status: Some(status),
                response,
                location,
                ..
            }) => {
                return Ok(Claim::Replay(Stored {
                    status: u16::try_from(status).unwrap_or(200),
                    body: response.unwrap_or_default(),
                    location,
                }));
            }
            Some(_) if started.elapsed() >= WAIT => {
                return Err(CoreError::Conflict("api-idempotency-busy"));
            }
            Some(_) => tokio::time::sleep(POLL).await,
        }
    }
}

/// Keeps the answer of a claimed request for its retries.
pub async fn keep(ctx: &Ctx, id: Uuid, answer: Stored) -> CoreResult<()> {
    keys::ActiveModel {
        id: Set(id),
        status: Set(Some(i32::from(answer.status))),
        response: Set(Some(answer.body)),
        location: Set(answer.location),
        ..Default::default()
    }
    .update(&ctx.db)
    .await?;
    Ok(())
}

/// Gives a key back after its request failed, so that a retry runs again.
pub async fn release(ctx: &Ctx, id: Uuid) -> CoreResult<()> {
    keys::Entity::delete_by_id(id).exec(&ctx.db).await?;
    Ok(())
}

/// Forgets answers older than [`KEEP`].
pub async fn prune(ctx: &Ctx) -> CoreResult<u64> {
    Ok(keys::Entity::delete_many()
        .filter(keys::Column::CreatedAt.lt(ctx.now() - KEEP))
        .exec(&ctx.db)
        .await?
        .rows_affected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_tell_requests_apart() {
        let a = fingerprint("POST", "/api/v1/contacts", br#"{"last_name":"A"}"#);
        assert_eq!(a.len(), 64);
        assert_eq!(
            a,
            fingerprint("POST", "/api/v1/contacts", br#"{"last_name":"A"}"#)
        );
        assert_ne!(
            a,
            fingerprint("POST", "/api/v1/contacts", br#"{"last_name":"B"}"#)
        );
        assert_ne!(
            a,
            fingerprint("PATCH", "/api/v1/contacts", br#"{"last_name":"A"}"#)
        );
        assert_ne!(
            a,
            fingerprint("POST", "/api/v1/leads", br#"{"last_name":"A"}"#)
        );
    }
}
