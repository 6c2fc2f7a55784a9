//! The users admin (admins only) and each user's own profile.

use crate::policy::records as records_policy;
use crate::records::{actions, filters, keyset, refs};
use crate::{
    Actor, Ctx,
    audit::{self, Action},
    error::{CoreError, CoreResult},
    policy::users::{self as policy, Target},
    secrets,
};
use entity::{sessions, users};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select, Set,
};
use types::dto::auth::{Role, SessionUser};
use types::dto::list::Page as Paging;
use types::dto::records::ListPage;
use types::dto::users::{Member, Page, Profile, UserRow};
use types::error::FieldError;
use types::ids::UserId;
use types::lang::{Lang, Theme};
use types::validate::{self, Checker};

pub const PAGE_SIZE: u64 = 50;

fn row(u: users::Model) -> UserRow {
    UserRow {
        id: u.id,
        name: u.name,
        email: u.email,
        role: u.role,
        active: u.is_active,
        created_at: u.created_at,
        last_login_at: u.last_login_at,
    }
}

/// Users ordered by name, one page at a time (the page after the last is empty).
pub async fn list(ctx: &Ctx, actor: &Actor, page: u32) -> CoreResult<Page<UserRow>> {
    policy::can_manage(actor)?;
    let mut rows = users::Entity::find()
        .order_by_asc(users::Column::Name)
        .order_by_asc(users::Column::Id)
        .offset(u64::from(page) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
        .all(&ctx.db)
        .await?;
    let has_more = rows.len() as u64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    Ok(Page {
        items: rows.into_iter().map(row).collect(),
        page,
        has_more,
    })
}

/// The users directory sorts by name; its cursors are sealed under this list name.
const DIRECTORY: &str = "users:name";

fn member(actor: &Actor, u: users::Model) -> Member {
    let full = records_policy::sees_all(actor);
    Member {
        id: u.id,
        name: u.name,
        role: u.role,
        active: u.is_active,
        email: full.then_some(u.email),
        last_login_at: u.last_login_at.filter(|_| full),
    }
}

/// The users the actor may look up: reps see active colleagues, managers and admins see all.
fn directory_of(actor: &Actor) -> Select<users::Entity> {
    let select = users::Entity::find();
    if records_policy::sees_all(actor) {
        select
    } else {
        select.filter(users::Column::IsActive.eq(true))
    }
}

/// The users directory by name, a page after the sealed cursor in `page.after`; `text`
/// narrows it by name (and, for managers and admins, address).
pub async fn directory(
    ctx: &Ctx,
    actor: &Actor,
    text: &str,
    page: &Paging,
) -> CoreResult<ListPage<Member>> {
    let text = actions::picker_text(text)?;
    let mut select = directory_of(actor);
    if !text.is_empty() {
        let cols: &[users::Column] = if records_policy::sees_all(actor) {
            &[users::Column::Name, users::Column::Email]
        } else {
            &[users::Column::Name]
        };
        select = select.filter(filters::words_in(cols, &text));
    }
    let by = keyset::Pair {
        col: users::Column::Name,
        id: users::Column::Id,
        kind: keyset::ValueKind::Text,
        desc: false,
    };
    let key = |u: &users::Model| (u.id.0, u.name.clone().into());
    let (rows, next) = keyset::page_on(ctx, actor, DIRECTORY, select, by, page, key).await?;
    Ok(ListPage {
        items: rows.into_iter().map(|u| member(actor, u)).collect(),
        next,
    })
}

/// One user of the directory; one the actor may not look up is NotFound.
pub async fn lookup(ctx: &Ctx, actor: &Actor, id: UserId) -> CoreResult<Member> {
    let u = directory_of(actor)
        .filter(users::Column::Id.eq(id))
        .one(&ctx.db)
        .await?
        .ok_or(CoreError::NotFound)?;
    Ok(member(actor, u))
}

/// Loads the target and the count of active admins, locking admin rows on Postgres so two
/// admins demoting each other at once cannot leave the workspace with none.
async fn load_target(txn: &impl ConnectionTrait, id: UserId) -> CoreResult<(users::Model, u64)> {
    let admins = users::Entity::find()
        .filter(users::Column::Role.eq(Role::Admin))
        .filter(users::Column::IsActive.eq(true))
        .lock_exclusive()
        .all(txn)
        .await?
        .len() as u64;
    let target = users::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(CoreError::NotFound)?;
    Ok((target, admins))
}

fn target_of(u: &users::Model) -> Target {
    Target {
        id: u.id,
        role: u.role,
        active: u.is_active,
    }
}

pub async fn change_role(ctx: &Ctx, actor: &Actor, id: UserId, role: Role) -> CoreResult<UserRow> {
    policy::can_manage(actor)?;
    let txn = ctx.begin().await?;
    let (target, admins) = load_target(&txn, id).await?;
    policy::can_change_role(actor, &target_of(&target), role, admins)?;
    let change = audit::diff("role", &target.role.code(), &role.code());
    let mut active: users::ActiveModel = target.into();
    active.role = Set(role);
    active.updated_at = Set(ctx.now());
    let updated = active.update(&txn).await?;
    audit::record(&txn, ctx.now(), actor, "user", id, Action::Update, change).await?;
    txn.commit().await?;
    ctx.user_changed(id);
    Ok(row(updated))
}

/// Activates or deactivates a user. Deactivation ends every session they have.
pub async fn set_active(
    ctx: &Ctx,
    actor: &Actor,
    id: UserId,
    is_active: bool,
) -> CoreResult<UserRow> {
    policy::can_manage(actor)?;
    let txn = ctx.begin().await?;
    let (target, admins) = load_target(&txn, id).await?;
    policy::can_set_active(actor, &target_of(&target), is_active, admins)?;
    let change = audit::diff("active", &target.is_active, &is_active);
    let mut active: users::ActiveModel = target.into();
    active.is_active = Set(is_active);
    active.updated_at = Set(ctx.now());
    let updated = active.update(&txn).await?;
    if !is_active {
        end_sessions(&txn, id, None).await?;
    }
    audit::record(&txn, ctx.now(), actor, "user", id, Action::Update, change).await?;
    txn.commit().await?;
    ctx.user_changed(id);
    Ok(row(updated))
}

/// Deletes a user's sessions, except `keep` (the one making the request, if any).
async fn end_sessions(
    txn: &impl ConnectionTrait,
    user: UserId,
    keep: Option<&str>,
) -> CoreResult<()> {
    let mut q = sessions::Entity::delete_many().filter(sessions::Column::UserId.eq(user));
    if let Some(keep) = keep {
        q = q.filter(sessions::Column::Id.ne(keep));
    }
    q.exec(txn).await?;
    Ok(())
}

async fn own_user(txn: &impl ConnectionTrait, actor: &Actor) -> CoreResult<users::Model> {
    users::Entity::find_by_id(actor.user_id)
        .filter(users::Column::IsActive.eq(true))
        .one(txn)
        .await?
        .ok_or(CoreError::Unauthenticated)
}

pub async fn profile(ctx: &Ctx, actor: &Actor) -> CoreResult<Profile> {
    let u = own_user(&ctx.db, actor).await?;
    Ok(Profile {
        name: u.name,
        email: u.email,
        role: u.role,
        lang: u.lang.unwrap_or_default(),
        theme: u.theme,
        currency: u.currency,
    })
}

#[derive(Clone, Debug)]
pub struct ProfileInput {
    pub name: String,
    pub lang: Lang,
    pub theme: Theme,
    /// An active currency's code, or empty for the reference currency.
    pub currency: String,
}

pub async fn update_profile(
    ctx: &Ctx,
    actor: &Actor,
    input: ProfileInput,
) -> CoreResult<SessionUser> {
    let mut c = Checker::new();
    let name = c.check("name", validate::name(&input.name));
    c.finish()?;
    let txn = ctx.begin().await?;
    let user = own_user(&txn, actor).await?;
    let currency = match input.currency.trim() {
        "" => None,
        code => {
            let code = code.to_ascii_uppercase();
            if refs::currency_scale(&txn, &code, user.currency.as_deref())
                .await?
                .is_none()
            {
                return Err(CoreError::Validation(vec![FieldError::new(
                    "currency",
                    "validation-currency",
                )]));
            }
            Some(code)
        }
    };
    let mut active: users::ActiveModel = user.into();
    active.name = Set(name.unwrap_or_default());
    active.currency = Set(currency);
    active.lang = Set(Some(input.lang));
    active.theme = Set(input.theme);
    active.updated_at = Set(ctx.now());
    let updated = active.update(&txn).await?;
    txn.commit().await?;
    ctx.user_changed(updated.id);
    crate::records::names::renamed_user(updated.id);
    Ok(super::auth::session_user_of(updated))
}

/// Stores one preference for the signed-in user (the header's language and theme switchers).
pub async fn set_preferences(
    ctx: &Ctx,
    actor: &Actor,
    lang: Option<Lang>,
    theme: Option<Theme>,
) -> CoreResult<()> {
    let txn = ctx.begin().await?;
    let mut active: users::ActiveModel = own_user(&txn, actor).await?.into();
    if let Some(lang) = lang {
        active.lang = Set(Some(lang));
    }
    if let Some(theme) = theme {
        active.theme = Set(theme);
    }
    active.updated_at = Set(ctx.now());
    active.update(&txn).await?;
    txn.commit().await?;
    ctx.user_changed(actor.user_id);
    Ok(())
}

#[derive(Clone, Debug)]
pub struct PasswordChange {
    pub current: String,
    pub new: String,
    pub confirm: String,
    /// The requesting session, which stays signed in; every other session ends.
    pub keep_session: Option<String>,
}

pub async fn change_password(ctx: &Ctx, actor: &Actor, input: PasswordChange) -> CoreResult<()> {
    let mut c = Checker::new();
    c.check("current", validate::entered_password(&input.current));
    if c.check("new", validate::new_password(&input.new)).is_some() && input.new != input.confirm {
        c.fail("confirm", "validation-password-mismatch");
    }
    c.finish()?;
    let user = own_user(&ctx.db, actor).await?;
    if !secrets::verify_password(input.current, Some(user.password_hash.clone())).await? {
        return Err(CoreError::Validation(vec![types::error::FieldError::new(
            "current",
            "validation-password-wrong",
        )]));
    }
    let hash = secrets::hash_password(input.new).await?;
    let txn = ctx.begin().await?;
    let mut active: users::ActiveModel = own_user(&txn, actor).await?.into();
    active.password_hash = Set(hash);
    active.updated_at = Set(ctx.now());
    active.update(&txn).await?;
    end_sessions(&txn, actor.user_id, input.keep_session.as_deref()).await?;
    txn.commit().await?;
    ctx.user_changed(actor.user_id);
    Ok(())
}

/// How many users exist.
pub async fn count(ctx: &Ctx) -> CoreResult<u64> {
    Ok(users::Entity::find().count(&ctx.db).await?)
}
