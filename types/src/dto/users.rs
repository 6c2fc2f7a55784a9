//! The users admin and the profile page.

use crate::dto::auth::Role;
use crate::ids::UserId;
use crate::lang::{Lang, Theme};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub active: bool,
    #[serde(with = "crate::wire::text")]
    pub created_at: OffsetDateTime,
    #[serde(with = "crate::wire::option", default)]
    pub last_login_at: Option<OffsetDateTime>,
}

/// A colleague as the directory shows them. Everyone sees names and roles, so records can
/// be handed over; addresses, deactivated users and last sign-ins are for managers and admins.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    pub id: UserId,
    pub name: String,
    pub role: Role,
    pub active: bool,
    /// Shown to managers and admins only.
    pub email: Option<String>,
    /// Shown to managers and admins only.
    #[serde(with = "crate::wire::option", default)]
    pub last_login_at: Option<OffsetDateTime>,
}

/// One page of a list, with a flag instead of a total so no query counts the whole table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub has_more: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingInvite {
    pub email: String,
    pub role: Role,
    #[serde(with = "crate::wire::text")]
    pub expires_at: OffsetDateTime,
}

/// A freshly made invite. The token is shown once, to the admin, and never stored in clear.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteCreated {
    pub email: String,
    pub token: String,
    #[serde(with = "crate::wire::text")]
    pub expires_at: OffsetDateTime,
}

/// What the accept page shows about an invite.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteInfo {
    pub email: String,
    pub role: Role,
    #[serde(with = "crate::wire::text")]
    pub expires_at: OffsetDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub name: String,
    pub email: String,
    pub role: Role,
    pub lang: Lang,
    pub theme: Theme,
    /// The currency totals are shown in; `None`: the reference currency.
    pub currency: Option<String>,
}
