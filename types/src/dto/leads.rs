//! Leads: people who might buy, before they become accounts, contacts and deals.

use super::list::Filter;
use super::records::{ListQuery, LookupRef, UserRef};
use super::tasks::RecordRef;
use crate::error::FieldError;
use crate::form;
use crate::ids::{AccountId, ContactId, LeadId, LookupId, StageId, UserId};
use crate::money::Amount;
use crate::patch::Patch;
use crate::validate::{self, Checker};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Lead {
    pub id: LeadId,
    pub first_name: Option<String>,
    pub last_name: String,
    pub company: Option<String>,
    pub job_title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub source: Option<LookupRef>,
    pub status: Option<LookupRef>,
    pub lead_type: Option<LookupRef>,
    pub description: Option<String>,
    pub owner: UserRef,
    pub watchers: Vec<UserRef>,
    #[serde(with = "crate::wire::option", default)]
    pub converted_at: Option<OffsetDateTime>,
    /// What the lead became, among the records the viewer may see.
    pub converted_to: Vec<RecordRef>,
    pub can_delete: bool,
    #[serde(with = "crate::wire::text")]
    pub created_at: OffsetDateTime,
    #[serde(with = "crate::wire::text")]
    pub updated_at: OffsetDateTime,
}

impl Lead {
    pub fn full_name(&self) -> String {
        super::contacts::full_name(self.first_name.as_deref(), &self.last_name)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeadRow {
    pub id: LeadId,
    pub name: String,
    pub company: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub source: Option<String>,
    pub status: Option<String>,
    pub converted: bool,
    pub owner: String,
    #[serde(with = "crate::wire::text")]
    pub created_at: OffsetDateTime,
    #[serde(with = "crate::wire::text")]
    pub updated_at: OffsetDateTime,
}

/// A new lead. Text fields are checked and trimmed by the service.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewLead {
    pub first_name: Option<String>,
    pub last_name: String,
    pub company: Option<String>,
    pub job_title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub source: Option<LookupId>,
    pub status: Option<LookupId>,
    pub lead_type: Option<LookupId>,
    pub description: Option<String>,
    /// The creator when not given.
    pub owner: Option<UserId>,
}

/// Changes to a lead: a field left out stays as it is, `null` empties it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct LeadPatch {
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub first_name: Patch<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub company: Patch<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub job_title: Patch<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub email: Patch<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub phone: Patch<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<LookupId>))]
    pub source: Patch<LookupId>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<LookupId>))]
    pub status: Patch<LookupId>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<LookupId>))]
    pub lead_type: Patch<LookupId>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub description: Patch<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<UserId>,
    /// The `updated_at` this change was based on; if the lead changed since, the
    /// change is refused as a conflict instead of overwriting.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(with = "crate::wire::option", default)]
    pub updated_at: Option<OffsetDateTime>,
    /// Fields a form sent that could not be read; reported with the service's own errors,
    /// so every problem shows at once.
    #[serde(skip)]
    pub unreadable: Vec<FieldError>,
}

crate::change!(LeadPatch, owner);
crate::texts!(LeadPatch {
    title: last_name;
    first_name: Line,
    company: Line,
    job_title: Line,
    email: Email,
    phone: Phone,
    description: Long,
});

impl From<NewLead> for LeadPatch {
    fn from(n: NewLead) -> Self {
        LeadPatch {
            first_name: Patch::from_option(n.first_name),
            last_name: Some(n.last_name),
            company: Patch::from_option(n.company),
            job_title: Patch::from_option(n.job_title),
            email: Patch::from_option(n.email),
            phone: Patch::from_option(n.phone),
            source: Patch::from_option(n.source),
            status: Patch::from_option(n.status),
            lead_type: Patch::from_option(n.lead_type),
            description: Patch::from_option(n.description),
            owner: n.owner,
            updated_at: None,
            unreadable: Vec::new(),
        }
    }
}

/// The lead form as posted: text as typed. A field the form did not send is `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LeadInput {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub company: Option<String>,
    pub job_title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub source: Option<String>,
    pub status: Option<String>,
    pub lead_type: Option<String>,
    pub description: Option<String>,
    /// Empty: the creator (on create) or unchanged (on update).
    pub owner: Option<String>,
    /// The version the form was filled in on (see `form::version`).
    pub updated_at: Option<String>,
}

impl LeadInput {
    /// The form as a patch; what cannot be read is kept as a field error for the service
    /// to report with its own.
    pub fn into_patch(self) -> LeadPatch {
        let mut c = Checker::new();
        let patch = LeadPatch {
            first_name: form::text(self.first_name),
            last_name: self.last_name,
            company: form::text(self.company),
            job_title: form::text(self.job_title),
            email: form::text(self.email),
            phone: form::text(self.phone),
            source: form::parsed(&mut c, "source", self.source, validate::optional_id),
            status: form::parsed(&mut c, "status", self.status, validate::optional_id),
            lead_type: form::parsed(&mut c, "lead_type", self.lead_type, validate::optional_id),
            description: form::text(self.description),
            owner: form::chosen(&mut c, "owner", self.owner, validate::optional_id),
            updated_at: form::version(&mut c, self.updated_at),
            unreadable: Vec::new(),
        };
        LeadPatch {
            unreadable: c.into_errors(),
            ..patch
        }
    }
}

impl From<LeadInput> for LeadPatch {
    fn from(input: LeadInput) -> Self {
        input.into_patch()
    }
}

pub const COLUMNS: &[&str] = &[
    "name",
    "company",
    "status",
    "source",
    "email",
    "owner",
    "updated_at",
    "phone",
    "created_at",
];
pub const DEFAULT_COLUMNS: &[&str] = &["name", "company", "status", "source", "email", "owner"];

/// The columns the list can be sorted by (the service checks the same keys).
pub const SORTABLE: &[&str] = &[
    "name",
    "company",
    "email",
    "phone",
    "updated_at",
    "created_at",
    "owner",
    "status",
    "source",
];

/// The conversion form as submitted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConvertInput {
    /// An existing account to link to; empty creates one named `account_name`.
    pub account: String,
    pub account_name: String,
    /// An existing contact to link to; empty creates one from the lead's fields.
    pub contact: String,
    /// Present (a ticked checkbox) when the conversion also opens a deal.
    pub deal: Option<String>,
    pub deal_name: String,
    pub amount: String,
    pub currency: String,
    pub close_date: String,
    /// Empty: the first open stage.
    pub stage: String,
}

/// Converting a lead: link records that exist or make new ones, and perhaps a deal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ConvertLead {
    /// An account to link; none: a new one named `account_name`, or the lead's company.
    pub account: Option<AccountId>,
    pub account_name: Option<String>,
    /// A contact to link; none: a new one from the lead's name, email and phone.
    pub contact: Option<ContactId>,
    /// A deal to open with the account and contact.
    pub deal: Option<ConvertDeal>,
    /// Fields a form sent that could not be read; reported with the service's own errors.
    #[serde(skip)]
    pub unreadable: Vec<FieldError>,
}

/// The deal a conversion opens; its name defaults to the account's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ConvertDeal {
    pub name: Option<String>,
    pub amount: Option<Amount>,
    pub currency: Option<String>,
    #[serde(with = "crate::wire::option", default)]
    pub close_date: Option<time::Date>,
    /// None: the first open stage.
    pub stage: Option<StageId>,
}

impl From<ConvertInput> for ConvertLead {
    /// The form as a command; what cannot be read is kept as a field error.
    fn from(input: ConvertInput) -> ConvertLead {
        input.into_command()
    }
}

impl ConvertInput {
    /// The form as a command; what cannot be read is kept as a field error.
    pub fn into_command(self) -> ConvertLead {
        let mut c = Checker::new();
        let text = |s: String| (!s.trim().is_empty()).then_some(s);
        let command = ConvertLead {
            account: c
                .check("account", validate::optional_id(&self.account))
                .flatten(),
            account_name: text(self.account_name),
            contact: c
                .check("contact", validate::optional_id(&self.contact))
                .flatten(),
            deal: self.deal.is_some().then(|| ConvertDeal {
                name: text(self.deal_name.clone()),
                amount: text(self.amount.clone()).map(Amount),
                currency: text(self.currency.clone()),
                close_date: c
                    .check("close_date", validate::optional_date(&self.close_date))
                    .flatten(),
                stage: c
                    .check("stage", validate::optional_id(&self.stage))
                    .flatten(),
            }),
            unreadable: Vec::new(),
        };
        ConvertLead {
            unreadable: c.into_errors(),
            ..command
        }
    }
}

/// Records that may already be what a lead would become, offered for linking instead of
/// creating duplicates: accounts named like its company, contacts with its email.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConvertMatches {
    pub accounts: Vec<RecordRef>,
    pub contacts: Vec<RecordRef>,
}

/// What the conversion form starts from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConvertOffer {
    pub lead: Lead,
    pub matches: ConvertMatches,
    /// The deal's default currency: the viewer's display currency.
    pub currency: String,
    #[serde(with = "crate::wire::text")]
    pub close_date: time::Date,
}

/// What a conversion made or linked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Converted {
    pub account: RecordRef,
    pub contact: RecordRef,
    pub deal: Option<RecordRef>,
}

/// The leads list's own filter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LeadFilter {
    pub status: Option<LookupId>,
}

impl Filter for LeadFilter {
    fn read(q: &ListQuery, c: &mut Checker) -> Self {
        LeadFilter {
            status: c
                .check("status", validate::optional_id(&q.status))
                .flatten(),
        }
    }
}
