//! Contacts: the people the team talks to, usually at an account.

use super::accounts::AccountRef;
use super::list::Filter;
use super::records::{ListQuery, LookupRef, UserRef};
use crate::error::FieldError;
use crate::form;
use crate::ids::{AccountId, ContactId, LookupId, UserId};
use crate::patch::Patch;
use crate::validate::{self, Checker};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// Everything the contact page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    pub id: ContactId,
    pub first_name: Option<String>,
    pub last_name: String,
    pub email: Option<String>,
    pub email2: Option<String>,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub position: Option<String>,
    #[serde(with = "crate::wire::option", default)]
    pub birthday: Option<Date>,
    pub linkedin: Option<String>,
    pub twitter: Option<String>,
    pub contact_type: Option<LookupRef>,
    pub tags: Vec<String>,
    pub account: Option<AccountRef>,
    /// It is linked to an account the viewer may not see (so its form leaves the link be).
    pub account_hidden: bool,
    pub owner: UserRef,
    pub watchers: Vec<UserRef>,
    /// The leads converted into it, among those the viewer may see.
    pub from_leads: Vec<super::tasks::RecordRef>,
    /// Whether the viewer may delete it (owners, managers and admins).
    pub can_delete: bool,
    #[serde(with = "crate::wire::text")]
    pub created_at: OffsetDateTime,
    #[serde(with = "crate::wire::text")]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    #[serde(with = "crate::wire::text")]
    pub created_at: OffsetDateTime,
    #[serde(with = "crate::wire::text")]
    pub updated_at: OffsetDateTime,
}

/// A new contact. Text fields are checked and trimmed by the service.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewContact {
    pub first_name: Option<String>,
    pub last_name: String,
    pub email: Option<String>,
    pub email2: Option<String>,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub position: Option<String>,
    #[serde(with = "crate::wire::option", default)]
    pub birthday: Option<Date>,
    pub linkedin: Option<String>,
    pub twitter: Option<String>,
    pub contact_type: Option<LookupId>,
    pub tags: Option<Vec<String>>,
    pub account: Option<AccountId>,
    /// The creator when not given.
    pub owner: Option<UserId>,
}

/// Changes to a contact: a field left out stays as it is, `null` empties it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ContactPatch {
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub first_name: Patch<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub email: Patch<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub email2: Patch<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub phone: Patch<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub mobile: Patch<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub position: Patch<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[serde(with = "crate::wire::patch", default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Date>))]
    pub birthday: Patch<Date>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub linkedin: Patch<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub twitter: Patch<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<LookupId>))]
    pub contact_type: Patch<LookupId>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<String>>))]
    pub tags: Patch<Vec<String>>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<AccountId>))]
    pub account: Patch<AccountId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<UserId>,
    /// The `updated_at` this change was based on; if the contact changed since, the
    /// change is refused as a conflict instead of overwriting.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(with = "crate::wire::option", default)]
    pub updated_at: Option<OffsetDateTime>,
    /// Fields a form sent that could not be read; reported with the service's own errors,
    /// so every problem shows at once.
    #[serde(skip)]
    pub unreadable: Vec<FieldError>,
}

crate::change!(ContactPatch, owner);
crate::texts!(ContactPatch {
    title: last_name;
    first_name: Line,
    email: Email,
    email2: Email,
    phone: Phone,
    mobile: Phone,
    position: Line,
    linkedin: Url,
    twitter: Line,
});

impl From<NewContact> for ContactPatch {
    fn from(n: NewContact) -> Self {
        ContactPatch {
            first_name: Patch::from_option(n.first_name),
            last_name: Some(n.last_name),
            email: Patch::from_option(n.email),
            email2: Patch::from_option(n.email2),
            phone: Patch::from_option(n.phone),
            mobile: Patch::from_option(n.mobile),
            position: Patch::from_option(n.position),
            birthday: Patch::from_option(n.birthday),
            linkedin: Patch::from_option(n.linkedin),
            twitter: Patch::from_option(n.twitter),
            contact_type: Patch::from_option(n.contact_type),
            tags: Patch::from_option(n.tags),
            account: Patch::from_option(n.account),
            owner: n.owner,
            updated_at: None,
            unreadable: Vec::new(),
        }
    }
}

/// The contact form as posted: text as typed. A field the form did not send is `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactInput {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub email2: Option<String>,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub position: Option<String>,
    pub birthday: Option<String>,
    pub linkedin: Option<String>,
    pub twitter: Option<String>,
    pub contact_type: Option<String>,
    pub tags: Option<String>,
    pub account: Option<String>,
    /// Empty: the creator (on create) or unchanged (on update).
    pub owner: Option<String>,
    /// The version the form was filled in on (see `form::version`).
    pub updated_at: Option<String>,
}

impl ContactInput {
    /// The form as a patch; what cannot be read is kept as a field error for the service
    /// to report with its own.
    pub fn into_patch(self) -> ContactPatch {
        let mut c = Checker::new();
        let patch = ContactPatch {
            first_name: form::text(self.first_name),
            last_name: self.last_name,
            email: form::text(self.email),
            email2: form::text(self.email2),
            phone: form::text(self.phone),
            mobile: form::text(self.mobile),
            position: form::text(self.position),
            birthday: form::parsed(&mut c, "birthday", self.birthday, validate::optional_date),
            linkedin: form::text(self.linkedin),
            twitter: form::text(self.twitter),
            contact_type: form::parsed(
                &mut c,
                "contact_type",
                self.contact_type,
                validate::optional_id,
            ),
            tags: form::parsed(&mut c, "tags", self.tags, |s| {
                validate::tags(s).map(|t| (!t.is_empty()).then_some(t))
            }),
            account: form::parsed(&mut c, "account", self.account, validate::optional_id),
            owner: form::chosen(&mut c, "owner", self.owner, validate::optional_id),
            updated_at: form::version(&mut c, self.updated_at),
            unreadable: Vec::new(),
        };
        ContactPatch {
            unreadable: c.into_errors(),
            ..patch
        }
    }
}

impl From<ContactInput> for ContactPatch {
    fn from(input: ContactInput) -> Self {
        input.into_patch()
    }
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

/// The contacts list's own filters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactFilter {
    pub contact_type: Option<LookupId>,
    /// The contacts of one account.
    pub account: Option<AccountId>,
}

impl Filter for ContactFilter {
    fn read(q: &ListQuery, c: &mut Checker) -> Self {
        ContactFilter {
            contact_type: c
                .check("status", validate::optional_id(&q.status))
                .flatten(),
            account: c
                .check("parent", validate::optional_id(&q.parent))
                .flatten(),
        }
    }
}
