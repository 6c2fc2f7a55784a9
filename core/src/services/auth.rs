//! First-run setup, sign-in with rate limits, and resolving a session to its user.

use crate::{
    Ctx,
    error::{CoreError, CoreResult},
    secrets,
};
use entity::{app_settings, login_attempts, users};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};
use types::dto::auth::{Role, SessionUser};
use types::ids::UserId;
use types::lang::{Lang, Theme};
use types::validate::{self, Checker};

const SETUP_KEY: &str = "setup_completed_at";

/// The session view of a user row.
pub(crate) fn session_user_of(u: users::Model) -> SessionUser {
    SessionUser {
        id: u.id,
        name: u.name,
        email: u.email,
        role: u.role,
        lang: u.lang.unwrap_or_default(),
        theme: u.theme,
    }
}

/// True until the first admin exists. Every page leads to /setup while this holds.
pub async fn setup_needed(ctx: &Ctx) -> CoreResult<bool> {
    Ok(app_settings::Entity::find_by_id(SETUP_KEY)
        .one(&ctx.db)
        .await?
        .is_none())
}

/// Input for creating an account with a password (first admin, invite acceptance, CLI).
#[derive(Clone, Debug)]
pub struct NewAccount {
    pub name: String,
    pub email: String,
    pub password: String,
    pub lang: Lang,
}

/// Validates a new account's fields, reporting every broken rule at once.
pub(crate) fn validate_account(input: &NewAccount) -> CoreResult<(String, String)> {
    let mut c = Checker::new();
    let name = c.check("name", validate::name(&input.name));
    let email = c.check("email", validate::email(&input.email));
    c.check("password", validate::new_password(&input.password));
    c.finish()?;
    match (name, email) {
        (Some(name), Some(email)) => Ok((name, email)),
        _ => Err(CoreError::Internal(
            "checker passed with missing values".into(),
        )),
    }
}

/// Inserts a user row inside the caller's transaction.
pub(crate) async fn insert_user(
    txn: &impl ConnectionTrait,
    at: time::OffsetDateTime,
    name: String,
    email: String,
    password_hash: String,
    role: Role,
    lang: Lang,
) -> CoreResult<users::Model> {
    let exists = users::Entity::find()
        .filter(users::Column::Email.eq(email.as_str()))
        .count(txn)
        .await?;
    if exists > 0 {
        return Err(CoreError::Validation(vec![types::error::FieldError::new(
            "email",
            "validation-email-taken",
        )]));
    }
    let user = users::ActiveModel {
        id: Set(UserId::new()),
        email: Set(email),
        name: Set(name),
        password_hash: Set(password_hash),
        role: Set(role),
        is_active: Set(true),
        lang: Set(Some(lang)),
        theme: Set(Theme::System),
        currency: Set(None),
        last_login_at: Set(None),
        created_at: Set(at),
        updated_at: Set(at),
    };
    Ok(user.insert(txn).await?)
}

/// Marks setup as done. The settings key is a primary key, so of two racing setups only one
/// can commit.
async fn mark_setup_done(txn: &impl ConnectionTrait, at: time::OffsetDateTime) -> CoreResult<()> {
    app_settings::ActiveModel {
        key: Set(SETUP_KEY.to_owned()),
        value: Set(at.unix_timestamp().to_string()),
    }
    .insert(txn)
    .await
    .map_err(|e| match CoreError::from(e) {
        CoreError::Conflict(_) => CoreError::NotFound,
        other => other,
    })?;
    Ok(())
}

/// Creates the first admin. Once any admin exists this answers NotFound: /setup is gone.
pub async fn setup_first_admin(ctx: &Ctx, input: NewAccount) -> CoreResult<SessionUser> {
    let (name, email) = validate_account(&input)?;
    if !setup_needed(ctx).await? {
        return Err(CoreError::NotFound);
    }
    let hash = secrets::hash_password(input.password).await?;
    let txn = ctx.begin().await?;
    mark_setup_done(&txn, ctx.now()).await?;
    let user = insert_user(&txn, ctx.now(), name, email, hash, Role::Admin, input.lang).await?;
    txn.commit().await?;
    Ok(session_user_of(user))
}

/// Creates an admin from the command line (`nextcrm create-admin`). The operator at the shell
/// is trusted; the input rules still apply. Completes first-run setup if it was pending.
pub async fn create_admin(ctx: &Ctx, input: NewAccount) -> CoreResult<SessionUser> {
    let (name, email) = validate_account(&input)?;
    let hash = secrets::hash_password(input.password).await?;
    let txn = ctx.begin().await?;
    if app_settings::Entity::find_by_id(SETUP_KEY)
        .one(&txn)
        .await?
        .is_none()
    {
        mark_setup_done(&txn, ctx.now()).await?;
    }
    let user = insert_user(&txn, ctx.now(), name, email, hash, Role::Admin, input.lang).await?;
    txn.commit().await?;
    Ok(session_user_of(user))
}

#[derive(Clone, Debug)]
pub struct Credentials {
    pub email: String,
    pub password: String,
    /// The client's address, for the per-IP limit.
    pub ip: Option<String>,
}

/// Checks credentials. Failed attempts are counted per account and per IP over a window;
/// past the limit every attempt is refused without checking the password.
///
/// The attempt is written (as a failure) before anything is counted, so parallel attempts
/// each see every attempt that started before them: of 40 at once, only the first few the
/// limits allow reach the password check. A refused attempt removes its own row again, so
/// hammering a locked account does not keep extending the lock.
pub async fn login(ctx: &Ctx, input: Credentials) -> CoreResult<SessionUser> {
    let mut c = Checker::new();
    let email = c.check("email", validate::email(&input.email));
    c.check("password", validate::entered_password(&input.password));
    c.finish()?;
    let email = email.unwrap_or_default();

    let attempt = login_attempts::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        email: Set(email.clone()),
        ip: Set(input.ip.clone()),
        succeeded: Set(false),
        created_at: Set(ctx.now()),
    }
    .insert(&ctx.db)
    .await?;
    if over_limit(ctx, &email, input.ip.as_deref()).await? {
        login_attempts::Entity::delete_by_id(attempt.id)
            .exec(&ctx.db)
            .await?;
        return Err(CoreError::RateLimited);
    }

    let user = users::Entity::find()
        .filter(users::Column::Email.eq(email.as_str()))
        .one(&ctx.db)
        .await?;
    let matches = secrets::verify_password(
        input.password,
        user.as_ref().map(|u| u.password_hash.clone()),
    )
    .await?;
    let succeeded = matches && user.as_ref().is_some_and(|u| u.is_active);
    if succeeded {
        let mut row: login_attempts::ActiveModel = attempt.into();
        row.succeeded = Set(true);
        row.update(&ctx.db).await?;
    }

    match user {
        Some(user) if succeeded => {
            let mut active: users::ActiveModel = user.into();
            active.last_login_at = Set(Some(ctx.now()));
            Ok(session_user_of(active.update(&ctx.db).await?))
        }
        Some(_) if matches => Err(CoreError::Rejected("auth-deactivated")),
        _ => Err(CoreError::InvalidCredentials),
    }
}

/// Whether the failures within the window, the caller's own reserved attempt included,
/// exceed the per-account or the per-IP limit.
async fn over_limit(ctx: &Ctx, email: &str, ip: Option<&str>) -> CoreResult<bool> {
    let since = ctx.now() - ctx.config.login_window;
    let failures = || {
        login_attempts::Entity::find()
            .filter(login_attempts::Column::Succeeded.eq(false))
            .filter(login_attempts::Column::CreatedAt.gte(since))
    };
    let by_account = failures()
        .filter(login_attempts::Column::Email.eq(email))
        .count(&ctx.db)
        .await?;
    if by_account > ctx.config.login_max_per_account {
        return Ok(true);
    }
    let Some(ip) = ip else {
        return Ok(false);
    };
    let by_ip = failures()
        .filter(login_attempts::Column::Ip.eq(ip))
        .count(&ctx.db)
        .await?;
    Ok(by_ip > ctx.config.login_max_per_ip)
}

/// The user behind a session, if they still exist and are active. A deactivated user's
/// session resolves to nobody, which ends it.
pub async fn session_user(ctx: &Ctx, id: UserId) -> CoreResult<Option<SessionUser>> {
    Ok(users::Entity::find_by_id(id)
        .filter(users::Column::IsActive.eq(true))
        .one(&ctx.db)
        .await?
        .map(session_user_of))
}

/// Forgets sign-in attempts older than a day; the rate limits only look at the last window.
pub async fn prune_login_attempts(ctx: &Ctx) -> CoreResult<u64> {
    let cutoff = ctx.now() - time::Duration::days(1);
    Ok(login_attempts::Entity::delete_many()
        .filter(login_attempts::Column::CreatedAt.lt(cutoff))
        .exec(&ctx.db)
        .await?
        .rows_affected)
}
