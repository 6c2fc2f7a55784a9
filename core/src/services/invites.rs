//! Invitations: an admin makes a one-time link valid for a week; the invitee picks a name and
//! a password. Only the token's hash is stored.

use super::auth::{NewAccount, insert_user, session_user_of, validate_account};
use crate::{
    Actor, Ctx,
    error::{CoreError, CoreResult},
    policy::users as policy,
    secrets,
};
use entity::{invites, users};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use types::dto::auth::{Role, SessionUser};
use types::dto::users::{InviteCreated, InviteInfo, PendingInvite};
use types::ids::InviteId;
use types::validate::{self, Checker};

pub async fn create(
    ctx: &Ctx,
    actor: &Actor,
    email: &str,
    role: Role,
) -> CoreResult<InviteCreated> {
    policy::can_manage(actor)?;
    let mut c = Checker::new();
    let email = c.check("email", validate::email(email));
    c.finish()?;
    let email = email.unwrap_or_default();
    let txn = ctx.begin().await?;
    let taken = users::Entity::find()
        .filter(users::Column::Email.eq(email.as_str()))
        .count(&txn)
        .await?;
    if taken > 0 {
        return Err(CoreError::Validation(vec![types::error::FieldError::new(
            "email",
            "validation-email-taken",
        )]));
    }
    let token = secrets::random_token(32);
    let at = ctx.now();
    let invite = invites::ActiveModel {
        id: Set(InviteId::new()),
        email: Set(email),
        role: Set(role),
        token_hash: Set(secrets::sha256_hex(&token)),
        invited_by: Set(actor.user_id),
        expires_at: Set(at + ctx.config.invite_ttl),
        accepted_at: Set(None),
        created_at: Set(at),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(InviteCreated {
        email: invite.email,
        token,
        expires_at: invite.expires_at,
    })
}

/// Invites not yet accepted nor expired, newest first.
pub async fn pending(ctx: &Ctx, actor: &Actor) -> CoreResult<Vec<PendingInvite>> {
    policy::can_manage(actor)?;
    Ok(invites::Entity::find()
        .filter(invites::Column::AcceptedAt.is_null())
        .filter(invites::Column::ExpiresAt.gt(ctx.now()))
        .order_by_desc(invites::Column::CreatedAt)
        .limit(100)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|i| PendingInvite {
            email: i.email,
            role: i.role,
            expires_at: i.expires_at,
        })
        .collect())
}

/// Finds a usable invite by token: unknown, used and expired tokens all look the same.
async fn find_usable(
    db: &impl sea_orm::ConnectionTrait,
    token: &str,
    now: time::OffsetDateTime,
) -> CoreResult<invites::Model> {
    invites::Entity::find()
        .filter(invites::Column::TokenHash.eq(secrets::sha256_hex(token)))
        .filter(invites::Column::AcceptedAt.is_null())
        .filter(invites::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
        .ok_or(CoreError::NotFound)
}

/// What the accept page shows. Public: the token is the credential.
pub async fn lookup(ctx: &Ctx, token: &str) -> CoreResult<InviteInfo> {
    let i = find_usable(&ctx.db, token, ctx.now()).await?;
    Ok(InviteInfo {
        email: i.email,
        role: i.role,
        expires_at: i.expires_at,
    })
}

#[derive(Clone, Debug)]
pub struct Acceptance {
    pub token: String,
    pub name: String,
    pub password: String,
    pub lang: types::lang::Lang,
}

/// Creates the invited account and uses up the invite, in one transaction.
pub async fn accept(ctx: &Ctx, input: Acceptance) -> CoreResult<SessionUser> {
    let invite = find_usable(&ctx.db, &input.token, ctx.now()).await?;
    let account = NewAccount {
        name: input.name,
        email: invite.email.clone(),
        password: input.password,
        lang: input.lang,
    };
    let (name, email) = validate_account(&account)?;
    let hash = secrets::hash_password(account.password).await?;
    let txn = ctx.begin().await?;
    let invite = find_usable(&txn, &input.token, ctx.now()).await?;
    let user = insert_user(
        &txn,
        ctx.now(),
        name,
        email,
        hash,
        invite.role,
        account.lang,
    )
    .await?;
    let mut used: invites::ActiveModel = invite.into();
    used.accepted_at = Set(Some(ctx.now()));
    used.update(&txn).await?;
    txn.commit().await?;
    Ok(session_user_of(user))
}
