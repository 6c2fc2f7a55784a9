//! Who is signed in, and the per-request view settings.

use crate::ids::UserId;
use crate::lang::{Lang, Theme};
#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;
use serde::{Deserialize, Serialize};

/// A user's role. `Admin` manages users and lookups; `Manager` sees all records;
/// `User` sees the records they own, are assigned to or watch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "ssr",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "admin"))]
    Admin,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "manager"))]
    Manager,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "user"))]
    User,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Manager, Role::User];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::User => "user",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// The signed-in user as the UI needs them on every page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub lang: Lang,
    pub theme: Theme,
}

/// Everything the shell needs to render a page: the viewer (if any), language and theme.
/// Computed once per request by the server and handed to the wasm app for hydration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Viewer {
    pub user: Option<SessionUser>,
    pub lang: Lang,
    pub theme: Theme,
}

impl Viewer {
    pub fn is_admin(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.role == Role::Admin)
    }

    /// Managers and admins work across everyone's records and maintain the catalog.
    pub fn sees_all(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| matches!(u.role, Role::Admin | Role::Manager))
    }

    /// The signed-in user's name, or nothing when signed out.
    pub fn name(&self) -> &str {
        self.user.as_ref().map_or("", |u| u.name.as_str())
    }
}
