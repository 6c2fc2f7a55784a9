//! Contacts: the people the team talks to, usually at an account.

use super::accounts::AccountRef;
use super::records::{LookupRef, UserRef};
use crate::ids::ContactId;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// Everything the contact page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: ContactId,
    pub first_name: Option<String>,
    pub last_name: String,
    pub email: Option<String>,
    pub email2: Option<String>,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub position: Option<String>,
    pub birthday: Option<Date>,
    pub linkedin: Option<String>,
    pub twitter: Option<String>,
    pub contact_type: Option<LookupRef>,
    pub tags: Vec<String>,
    pub account: Option<AccountRef>,
    pub owner: UserRef,
    pub watchers: Vec<UserRef>,
    /// The leads converted into it, among those the viewer may see.
    pub from_leads: Vec<super::tasks::RecordRef>,
    /// Whether the viewer may delete it (owners, managers and admins).
    pub can_delete: bool,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl Contact {
    pub fn full_name(&self) -> String {
        full_name(self.first_name.as_deref(), &self.last_name)
    }
}

/// "First Last", or the last name alone.
pub fn full_name(first: Option<&str>, last: &str) -> String {
    match first {
        Some(first) if !first.is_empty() => format!("{first} {last}"),
        _ => last.to_owned(),
    }
}

/// One row of the contacts list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRow {
    pub id: ContactId,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub position: Option<String>,
    pub account: Option<AccountRef>,
    pub contact_type: Option<String>,
    pub tags: Vec<String>,
    pub owner: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// The contact form as submitted: text as typed, parsed and checked by the service.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactInput {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub email2: String,
    pub phone: String,
    pub mobile: String,
    pub position: String,
    pub birthday: String,
    pub linkedin: String,
    pub twitter: String,
    pub contact_type: String,
    /// Comma-separated.
    pub tags: String,
    pub account: String,
    /// Empty: the creator (on create) or unchanged (on update).
    pub owner: String,
}

/// The columns of the contacts list, in display order.
pub const COLUMNS: &[&str] = &[
    "name",
    "account",
    "email",
    "phone",
    "owner",
    "updated_at",
    "position",
    "contact_type",
    "tags",
    "created_at",
];
pub const DEFAULT_COLUMNS: &[&str] = &["name", "account", "email", "phone", "owner", "updated_at"];

/// The columns the list can be sorted by (the service checks the same keys).
pub const SORTABLE: &[&str] = &[
    "name",
    "email",
    "phone",
    "position",
    "updated_at",
    "created_at",
    "owner",
    "account",
    "contact_type",
];
