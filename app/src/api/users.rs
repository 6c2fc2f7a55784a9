//! The users admin: list, invite, change role, deactivate and reactivate.

use leptos::prelude::*;
use types::dto::users::{InviteCreated, Page, PendingInvite, UserRow};
use types::error::AppError;

#[cfg(feature = "ssr")]
use super::server::{actor, ctx, done};
#[cfg(feature = "ssr")]
use core_svc::services::{invites, users as svc};
#[cfg(feature = "ssr")]
use types::dto::auth::Role;

#[cfg(feature = "ssr")]
fn parse_role(role: &str) -> Result<Role, AppError> {
    Role::from_code(role).ok_or_else(|| AppError::field("role", "validation-invalid"))
}

#[cfg(feature = "ssr")]
fn parse_id(id: &str) -> Result<types::ids::UserId, AppError> {
    id.parse().map_err(|_| AppError::NotFound)
}

#[server(prefix = "/api", endpoint = "list_users")]
pub async fn list_users(page: u32) -> Result<Page<UserRow>, AppError> {
    done(svc::list(&ctx()?, &actor()?, page).await)
}

#[server(prefix = "/api", endpoint = "pending_invites")]
pub async fn pending_invites() -> Result<Vec<PendingInvite>, AppError> {
    done(invites::pending(&ctx()?, &actor()?).await)
}

/// Makes an invite and sends the admin to the page that shows its one-time link.
#[server(prefix = "/api", endpoint = "invite_user")]
pub async fn invite_user(email: String, role: String) -> Result<InviteCreated, AppError> {
    let created = done(invites::create(&ctx()?, &actor()?, &email, parse_role(&role)?).await)?;
    leptos_axum::redirect(&format!("/admin/users?invite={}", created.token));
    Ok(created)
}

#[server(prefix = "/api", endpoint = "set_user_role")]
pub async fn set_user_role(id: String, role: String) -> Result<UserRow, AppError> {
    done(svc::change_role(&ctx()?, &actor()?, parse_id(&id)?, parse_role(&role)?).await)
}

#[server(prefix = "/api", endpoint = "set_user_active")]
pub async fn set_user_active(id: String, active: bool) -> Result<UserRow, AppError> {
    done(svc::set_active(&ctx()?, &actor()?, parse_id(&id)?, active).await)
}
