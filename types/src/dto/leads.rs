//! Leads: people who might buy, before they become accounts, contacts and deals.

use super::records::{LookupRef, UserRef};
use super::tasks::RecordRef;
use crate::ids::LeadId;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    pub converted_at: Option<OffsetDateTime>,
    /// What the lead became, among the records the viewer may see.
    pub converted_to: Vec<RecordRef>,
    pub can_delete: bool,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl Lead {
    pub fn full_name(&self) -> String {
        super::contacts::full_name(self.first_name.as_deref(), &self.last_name)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LeadInput {
    pub first_name: String,
    pub last_name: String,
    pub company: String,
    pub job_title: String,
    pub email: String,
    pub phone: String,
    pub source: String,
    pub status: String,
    pub lead_type: String,
    pub description: String,
    /// Empty: the creator (on create) or unchanged (on update).
    pub owner: String,
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
    pub close_date: time::Date,
}

/// What a conversion made or linked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Converted {
    pub account: RecordRef,
    pub contact: RecordRef,
    pub deal: Option<RecordRef>,
}
