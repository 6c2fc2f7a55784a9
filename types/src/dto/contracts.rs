//! Contracts: what an account signed, with its value, dates and line items.

use super::accounts::AccountRef;
use super::records::UserRef;
use crate::code_enum;
use crate::ids::ContractId;
use crate::money::Money;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

code_enum! {
    ContractStatus {
        NotStarted = "not_started",
        InProgress = "in_progress",
        Signed = "signed",
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contract {
    pub id: ContractId,
    pub title: String,
    pub account: Option<AccountRef>,
    pub value: Money,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    pub renewal_reminder_date: Option<Date>,
    pub status: ContractStatus,
    pub customer_signed_on: Option<Date>,
    pub company_signed_on: Option<Date>,
    pub description: Option<String>,
    pub owner: UserRef,
    pub watchers: Vec<UserRef>,
    /// Whether line items set the value (then the form does not).
    pub has_lines: bool,
    pub can_delete: bool,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractRow {
    pub id: ContractId,
    pub title: String,
    pub account: Option<AccountRef>,
    pub value: Money,
    pub status: ContractStatus,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    pub owner: String,
    pub updated_at: OffsetDateTime,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContractInput {
    pub title: String,
    pub account: String,
    /// Ignored while the contract has line items: their total is the value.
    pub value: String,
    pub currency: String,
    pub start_date: String,
    pub end_date: String,
    pub renewal_reminder_date: String,
    pub status: String,
    pub customer_signed_on: String,
    pub company_signed_on: String,
    pub description: String,
    pub owner: String,
}

pub const COLUMNS: &[&str] = &[
    "title",
    "account",
    "status",
    "value",
    "start_date",
    "end_date",
    "owner",
    "updated_at",
];
pub const DEFAULT_COLUMNS: &[&str] = &["title", "account", "status", "value", "end_date", "owner"];

/// The columns the list can be sorted by (the service checks the same keys).
pub const SORTABLE: &[&str] = &[
    "title",
    "status",
    "value",
    "start_date",
    "end_date",
    "updated_at",
    "owner",
    "account",
];
