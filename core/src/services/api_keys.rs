//! Keys for the REST API. A key acts as its user, with its scope as an upper bound. Only the
//! SHA-256 of the secret is kept (the secret is random and long, so no stretching is needed),
//! and the secret is shown once. Revocation, expiry and the user's deactivation each stop a
//! key at its next request on this node, and within [`IDENTITY_TTL`] on the others: a key's
//! identity is kept that long ([`Identities`]), so a busy client's requests skip two reads.

use crate::audit::{self, Action};
use crate::error::{CoreError, CoreResult};
use crate::recent::Recent;
use crate::{Actor, Ctx, Via, policy::users as policy, secrets};
use entity::{api_keys, users};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;
use std::sync::Arc;
use time::{Duration, OffsetDateTime, Time};
use types::dto::api_keys::{ApiIdentity, ApiKeyInfo, ApiKeyState, CreatedApiKey, NewApiKey};
use types::dto::records::UserRef;
use types::ids::{ApiKeyId, UserId};
use types::validate::{self, Checker};

/// What every secret starts with, so a leaked one is recognisable (secret scanners, logs).
pub const SECRET_PREFIX: &str = "ncrm_";
/// How much of a secret lists show.
const SHOWN_CHARS: usize = 12;
/// Keys one user may hold at once, revoked ones aside.
const MAX_PER_USER: u64 = 50;
/// How stale `last_used_at` may get: a busy key costs one write a minute, not one a request.
const TOUCH_EVERY: Duration = Duration::minutes(1);
/// The most keys the admin view lists.
const ADMIN_LIST_MAX: u64 = 500;
/// How long a node trusts a key's identity without reading it again.
pub const IDENTITY_TTL: Duration = Duration::seconds(5);
/// Identities a node keeps at most; past it, the oldest half goes.
const IDENTITIES_MAX: usize = 10_000;

/// Identities of keys seen lately, by the SHA-256 of their secret.
#[derive(Clone, Debug)]
pub struct Identities(Arc<Recent<String, Known>>);

impl Default for Identities {
    fn default() -> Self {
        Identities(Arc::new(Recent::new(IDENTITIES_MAX)))
    }
}

#[derive(Clone, Debug)]
struct Known {
    actor: Actor,
    identity: ApiIdentity,
}

impl Identities {
    fn get(&self, hash: &str, now: OffsetDateTime) -> Option<(Actor, ApiIdentity)> {
        self.0.get(hash, now).map(|k| (k.actor, k.identity))
    }

    /// Keeps a key's identity for [`IDENTITY_TTL`], never past the key's own expiry.
    fn put(
        &self,
        hash: String,
        known: Known,
        now: OffsetDateTime,
        expires_at: Option<OffsetDateTime>,
    ) {
        let until = now + IDENTITY_TTL;
        let until = expires_at.map_or(until, |end| end.min(until));
        self.0.put(hash, known, until);
    }

    /// Forgets a key at once (it was revoked here).
    fn forget_key(&self, id: ApiKeyId) {
        self.0.forget_where(|k| k.identity.key == id);
    }

    /// Forgets every key of a user at once (deactivated, or their role changed here).
    pub(crate) fn forget_user(&self, id: UserId) {
        self.0.forget_where(|k| k.actor.user_id == id);
    }
}

/// Makes a key for the actor.
pub async fn create(ctx: &Ctx, actor: &Actor, new: NewApiKey) -> CoreResult<CreatedApiKey> {
    let now = ctx.now();
    let mut c = Checker::new();
    let name = c.check("name", validate::title(&new.name));
    let expires_at = c.check("expires_on", expiry(new.expires_on, now)).flatten();
    c.finish()?;
    let txn = ctx.begin().await?;
    let user = users::Entity::find_by_id(actor.user_id)
        .filter(users::Column::IsActive.eq(true))
        .one(&txn)
        .await?
        .ok_or(CoreError::Unauthenticated)?;
    let held = api_keys::Entity::find()
        .filter(api_keys::Column::UserId.eq(user.id))
        .filter(api_keys::Column::RevokedAt.is_null())
        .count(&txn)
        .await?;
    if held >= MAX_PER_USER {
        return Err(CoreError::Rejected("api-keys-too-many"));
    }
    let secret = format!("{SECRET_PREFIX}{}", secrets::random_token(32));
    let row = api_keys::ActiveModel {
        id: Set(ApiKeyId::new()),
        user_id: Set(user.id),
        name: Set(name.unwrap_or_default()),
        prefix: Set(secret.chars().take(SHOWN_CHARS).collect()),
        secret_hash: Set(secrets::sha256_hex(&secret)),
        scope: Set(new.scope),
        expires_at: Set(expires_at),
        last_used_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    let changes = audit::created(&[
        ("name", row.name.clone()),
        ("scope", row.scope.code().to_owned()),
    ]);
    audit::record(&txn, now, actor, "api_key", row.id, Action::Create, changes).await?;
    txn.commit().await?;
    let user = UserRef {
        id: user.id,
        name: user.name,
    };
    Ok(CreatedApiKey {
        secret,
        key: info(row, user, now),
    })
}

/// Makes a key for the active user with `email`, for an operator at the server's console
/// (`nextcrm api-key create`). The change is recorded as the user's, made by the system.
pub async fn create_for_email(ctx: &Ctx, email: &str, new: NewApiKey) -> CoreResult<CreatedApiKey> {
    let mut c = Checker::new();
    let email = c.check("email", validate::email(email));
    c.finish()?;
    let user = users::Entity::find()
        .filter(users::Column::Email.eq(email.unwrap_or_default()))
        .filter(users::Column::IsActive.eq(true))
        .one(&ctx.db)
        .await?
        .ok_or(CoreError::NotFound)?;
    let actor = Actor {
        user_id: user.id,
        role: user.role,
        via: Via::System,
    };
    create(ctx, &actor, new).await
}

/// The actor's own keys, newest first, revoked ones included (so they can see what stopped).
pub async fn mine(ctx: &Ctx, actor: &Actor) -> CoreResult<Vec<ApiKeyInfo>> {
    let mine = api_keys::Entity::find().filter(api_keys::Column::UserId.eq(actor.user_id));
    listed(ctx, mine, MAX_PER_USER * 4).await
}

/// Every user's keys, newest first: the admin's view.
pub async fn all(ctx: &Ctx, actor: &Actor) -> CoreResult<Vec<ApiKeyInfo>> {
    policy::can_manage(actor)?;
    listed(ctx, api_keys::Entity::find(), ADMIN_LIST_MAX).await
}

/// Revokes a key of the actor's, or any key for an admin. Someone else's key is NotFound, so
/// ids do not reveal which keys exist. Revoking twice changes nothing.
pub async fn revoke(ctx: &Ctx, actor: &Actor, id: ApiKeyId) -> CoreResult<()> {
    let txn = ctx.begin().await?;
    let key = api_keys::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .filter(|k| k.user_id == actor.user_id || actor.is_admin())
        .ok_or(CoreError::NotFound)?;
    if key.revoked_at.is_some() {
        return Ok(());
    }
    let now = ctx.now();
    let mut row: api_keys::ActiveModel = key.into();
    row.revoked_at = Set(Some(now));
    row.update(&txn).await?;
    let change = audit::diff("revoked", &false, &true);
    audit::record(&txn, now, actor, "api_key", id, Action::Update, change).await?;
    txn.commit().await?;
    ctx.identities.forget_key(id);
    Ok(())
}

/// Who a request presenting `secret` acts as. An unknown, revoked or expired key, or one
/// whose user was deactivated, is `Unauthenticated`, all alike.
pub async fn authenticate(ctx: &Ctx, secret: &str) -> CoreResult<(Actor, ApiIdentity)> {
    if !secret.starts_with(SECRET_PREFIX) {
        return Err(CoreError::Unauthenticated);
    }
    let now = ctx.now();
    let hash = secrets::sha256_hex(secret);
    if let Some(known) = ctx.identities.get(&hash, now) {
        return Ok(known);
    }
    let key = api_keys::Entity::find()
        .filter(api_keys::Column::SecretHash.eq(&hash))
        .filter(api_keys::Column::RevokedAt.is_null())
        .filter(
            Condition::any()
                .add(api_keys::Column::ExpiresAt.is_null())
                .add(api_keys::Column::ExpiresAt.gt(now)),
        )
        .one(&ctx.db)
        .await?
        .ok_or(CoreError::Unauthenticated)?;
    let user = users::Entity::find_by_id(key.user_id)
        .filter(users::Column::IsActive.eq(true))
        .one(&ctx.db)
        .await?
        .ok_or(CoreError::Unauthenticated)?;
    if key.last_used_at.is_none_or(|at| now - at >= TOUCH_EVERY) {
        touch(&ctx.db, key.id, now).await?;
    }
    let actor = Actor {
        user_id: user.id,
        role: user.role,
        via: Via::Api,
    };
    let identity = ApiIdentity {
        key: key.id,
        user: UserRef {
            id: user.id,
            name: user.name,
        },
        email: user.email,
        role: user.role,
        scope: key.scope,
    };
    let known = Known {
        actor,
        identity: identity.clone(),
    };
    ctx.identities.put(hash, known, now, key.expires_at);
    Ok((actor, identity))
}

/// Records that a key was used. Conditional, so that of several nodes seeing the same key
/// within the minute only one writes.
async fn touch(db: &impl ConnectionTrait, id: ApiKeyId, now: OffsetDateTime) -> CoreResult<()> {
    api_keys::Entity::update_many()
        .col_expr(api_keys::Column::LastUsedAt, Expr::value(now))
        .filter(api_keys::Column::Id.eq(id))
        .filter(
            Condition::any()
                .add(api_keys::Column::LastUsedAt.is_null())
                .add(api_keys::Column::LastUsedAt.lt(now - TOUCH_EVERY)),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// The end of the last day a key works: the start of the next day, UTC. The day must not be
/// in the past.
fn expiry(day: Option<time::Date>, now: OffsetDateTime) -> validate::Rule<Option<OffsetDateTime>> {
    let Some(day) = day else { return Ok(None) };
    if day < now.date() {
        return Err("validation-expiry-past");
    }
    let end = day
        .next_day()
        .ok_or("validation-invalid")?
        .with_time(Time::MIDNIGHT)
        .assume_utc();
    Ok(Some(end))
}

async fn listed(
    ctx: &Ctx,
    select: sea_orm::Select<api_keys::Entity>,
    max: u64,
) -> CoreResult<Vec<ApiKeyInfo>> {
    let (db, now) = (&ctx.db, ctx.now());
    let keys = select
        .order_by_desc(api_keys::Column::CreatedAt)
        .limit(max)
        .all(db)
        .await?;
    let ids: Vec<UserId> = keys.iter().map(|k| k.user_id).collect();
    let names: HashMap<UserId, String> = users::Entity::find()
        .filter(users::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(keys
        .into_iter()
        .map(|k| {
            let user = UserRef {
                id: k.user_id,
                name: names.get(&k.user_id).cloned().unwrap_or_default(),
            };
            info(k, user, now)
        })
        .collect())
}

fn info(k: api_keys::Model, user: UserRef, now: OffsetDateTime) -> ApiKeyInfo {
    ApiKeyInfo {
        state: ApiKeyState::at(now, k.revoked_at, k.expires_at),
        id: k.id,
        name: k.name,
        prefix: k.prefix,
        scope: k.scope,
        user,
        created_at: k.created_at,
        expires_at: k.expires_at,
        last_used_at: k.last_used_at,
        revoked_at: k.revoked_at,
    }
}
