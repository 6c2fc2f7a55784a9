//! Keys for the REST API: what a user asks for, what they see once, and what lists show.

use crate::code_enum;
use crate::dto::records::UserRef;
use crate::ids::ApiKeyId;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

code_enum! {
    /// What a key may do, at most: its user's rights still apply within it.
    ApiScope {
        Read = "read",
        ReadWrite = "read-write",
    }
}

impl ApiScope {
    /// Whether a request with this method is within the scope. Every write in the API is a
    /// POST, PATCH, PUT or DELETE.
    pub fn allows(self, method_is_read: bool) -> bool {
        method_is_read || self == ApiScope::ReadWrite
    }
}

code_enum! {
    /// Whether a key works now. (Its user's deactivation stops it too, which the user list
    /// shows.)
    ApiKeyState {
        Active = "active",
        Expired = "expired",
        Revoked = "revoked",
    }
}

/// A new key as its user asks for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewApiKey {
    pub name: String,
    pub scope: ApiScope,
    /// The last day it works (UTC); `None` for a key that does not expire.
    #[serde(with = "crate::wire::option", default)]
    pub expires_on: Option<Date>,
}

/// A key as lists show it: never its secret, which is kept only as a hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyInfo {
    pub id: ApiKeyId,
    pub name: String,
    /// The first characters of the secret, so its owner can tell keys apart.
    pub prefix: String,
    pub scope: ApiScope,
    pub user: UserRef,
    #[serde(with = "crate::wire::text")]
    pub created_at: OffsetDateTime,
    #[serde(with = "crate::wire::option", default)]
    pub expires_at: Option<OffsetDateTime>,
    #[serde(with = "crate::wire::option", default)]
    pub last_used_at: Option<OffsetDateTime>,
    #[serde(with = "crate::wire::option", default)]
    pub revoked_at: Option<OffsetDateTime>,
    pub state: ApiKeyState,
}

impl ApiKeyState {
    /// The state at `now` of a key revoked at `revoked_at` (if ever) expiring at `expires_at`.
    pub fn at(
        now: OffsetDateTime,
        revoked_at: Option<OffsetDateTime>,
        expires_at: Option<OffsetDateTime>,
    ) -> ApiKeyState {
        match (revoked_at, expires_at) {
            (Some(_), _) => ApiKeyState::Revoked,
            (None, Some(end)) if end <= now => ApiKeyState::Expired,
            _ => ApiKeyState::Active,
        }
    }
}

/// A key just made: the secret is shown this once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedApiKey {
    pub secret: String,
    pub key: ApiKeyInfo,
}

/// Who a request with a key acts as: `GET /api/v1/me`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiIdentity {
    pub key: ApiKeyId,
    pub user: UserRef,
    pub email: String,
    pub role: crate::dto::auth::Role,
    pub scope: ApiScope,
}
