//! Activities: calls, meetings, notes and emails, linked to the records they concern and
//! shown as a timeline on each of them.

use super::list::Filter;
use super::records::{Link, ListQuery, UserRef};
use super::tasks::RecordRef;
use crate::error::FieldError;
use crate::ids::ActivityId;
use crate::patch::Patch;
use crate::validate::{self, Checker};
use crate::{code_enum, form};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

code_enum! {
    ActivityKind {
        Call = "call",
        Meeting = "meeting",
        Note = "note",
        Email = "email",
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Activity {
    pub id: ActivityId,
    pub kind: ActivityKind,
    pub subject: String,
    #[serde(with = "crate::wire::text")]
    pub occurred_at: OffsetDateTime,
    pub duration_minutes: Option<i32>,
    pub outcome: Option<String>,
    pub body: Option<String>,
    pub owner: UserRef,
    /// The records it is linked to that the viewer may see.
    pub links: Vec<RecordRef>,
    pub can_delete: bool,
    #[serde(with = "crate::wire::text")]
    pub created_at: OffsetDateTime,
    #[serde(with = "crate::wire::text")]
    pub updated_at: OffsetDateTime,
}

/// One entry of a list or timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityRow {
    pub id: ActivityId,
    pub kind: ActivityKind,
    pub subject: String,
    #[serde(with = "crate::wire::text")]
    pub occurred_at: OffsetDateTime,
    pub duration_minutes: Option<i32>,
    pub outcome: Option<String>,
    pub body: Option<String>,
    pub owner: String,
    #[serde(with = "crate::wire::text")]
    pub updated_at: OffsetDateTime,
}

/// A new activity. Text fields are checked and trimmed by the service.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewActivity {
    pub kind: Option<ActivityKind>,
    pub subject: String,
    #[serde(with = "crate::wire::option", default)]
    pub occurred_at: Option<OffsetDateTime>,
    pub duration_minutes: Option<i32>,
    pub outcome: Option<String>,
    pub body: Option<String>,
    pub linked: Option<Link>,
}

/// Changes to a activity: a field left out stays as it is, `null` empties it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ActivityPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<ActivityKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(with = "crate::wire::option", default)]
    pub occurred_at: Option<OffsetDateTime>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i32>))]
    pub duration_minutes: Patch<i32>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub outcome: Patch<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub body: Patch<String>,
    /// Only read when creating.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linked: Option<Link>,
    /// The `updated_at` this change was based on; if the activity changed since, the
    /// change is refused as a conflict instead of overwriting.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(with = "crate::wire::option", default)]
    pub updated_at: Option<OffsetDateTime>,
    /// Fields a form sent that could not be read; reported with the service's own errors,
    /// so every problem shows at once.
    #[serde(skip)]
    pub unreadable: Vec<FieldError>,
}

crate::change!(ActivityPatch);
crate::texts!(ActivityPatch {
    title: subject;
    outcome: Line,
    body: Long,
});

impl From<NewActivity> for ActivityPatch {
    fn from(n: NewActivity) -> Self {
        ActivityPatch {
            kind: n.kind,
            subject: Some(n.subject),
            occurred_at: n.occurred_at,
            duration_minutes: Patch::from_option(n.duration_minutes),
            outcome: Patch::from_option(n.outcome),
            body: Patch::from_option(n.body),
            linked: n.linked,
            updated_at: None,
            unreadable: Vec::new(),
        }
    }
}

/// The activity form as posted: text as typed. A field the form did not send is `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActivityInput {
    pub kind: Option<String>,
    pub subject: Option<String>,
    pub occurred_at: Option<String>,
    pub duration_minutes: Option<String>,
    pub outcome: Option<String>,
    pub body: Option<String>,
    pub linked: Option<String>,
    /// The version the form was filled in on (see `form::version`).
    pub updated_at: Option<String>,
}

impl ActivityInput {
    /// The form as a patch; what cannot be read is kept as a field error for the service
    /// to report with its own.
    pub fn into_patch(self) -> ActivityPatch {
        let mut c = Checker::new();
        let patch = ActivityPatch {
            kind: form::chosen(&mut c, "kind", self.kind, |s| {
                validate::optional_code(s, ActivityKind::from_code)
            }),
            subject: self.subject,
            occurred_at: form::chosen(&mut c, "occurred_at", self.occurred_at, validate::moment),
            duration_minutes: form::parsed(
                &mut c,
                "duration_minutes",
                self.duration_minutes,
                |s| validate::optional_count(s, DURATION_MAX),
            ),
            outcome: form::text(self.outcome),
            body: form::text(self.body),
            linked: form::chosen(&mut c, "linked", self.linked, Link::parse),
            updated_at: form::version(&mut c, self.updated_at),
            unreadable: Vec::new(),
        };
        ActivityPatch {
            unreadable: c.into_errors(),
            ..patch
        }
    }
}

impl From<ActivityInput> for ActivityPatch {
    fn from(input: ActivityInput) -> Self {
        input.into_patch()
    }
}

/// The longest duration an activity may have, in minutes: a full day.
pub const DURATION_MAX: i32 = 24 * 60;

pub const COLUMNS: &[&str] = &[
    "subject",
    "kind",
    "occurred_at",
    "owner",
    "outcome",
    "updated_at",
];
pub const DEFAULT_COLUMNS: &[&str] = &["subject", "kind", "occurred_at", "owner", "outcome"];

/// The columns the list can be sorted by (the service checks the same keys). The first,
/// `occurred_at`, sorts newest first by default (see the service's `list`): a timeline reads
/// backwards.
pub const SORTABLE: &[&str] = &[
    "occurred_at",
    "subject",
    "kind",
    "outcome",
    "updated_at",
    "owner",
];

/// The activities list's own filters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActivityFilter {
    pub kind: Option<ActivityKind>,
    /// The timeline of one record (which the user must see).
    pub on: Option<Link>,
}

impl Filter for ActivityFilter {
    fn read(q: &ListQuery, c: &mut Checker) -> Self {
        ActivityFilter {
            kind: c
                .check(
                    "status",
                    validate::optional_code(&q.status, ActivityKind::from_code),
                )
                .flatten(),
            on: c.check("parent", Link::parse(&q.parent)).flatten(),
        }
    }
}
