//! Accounts: the companies a team sells to.

use super::records::{LookupRef, UserRef};
use crate::code_enum;
use crate::ids::AccountId;
use crate::money::Money;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

code_enum! {
    /// The account's relation to the business.
    AccountType {
        Customer = "customer",
        Prospect = "prospect",
        Partner = "partner",
        Vendor = "vendor",
        Other = "other",
    }
}

code_enum! {
    /// Whether the team still works with the account.
    AccountStatus {
        Active = "active",
        Inactive = "inactive",
    }
}

/// Everything the account page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: AccountId,
    pub name: String,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub industry: Option<LookupRef>,
    pub account_type: Option<AccountType>,
    pub status: AccountStatus,
    pub annual_revenue: Option<Money>,
    pub employees: Option<i32>,
    pub vat_id: Option<String>,
    pub billing_address: Option<String>,
    pub shipping_address: Option<String>,
    pub description: Option<String>,
    pub owner: UserRef,
    pub watchers: Vec<UserRef>,
    /// The leads converted into it, among those the viewer may see.
    pub from_leads: Vec<super::tasks::RecordRef>,
    /// Whether the viewer may delete it (owners, managers and admins).
    pub can_delete: bool,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// One row of the accounts list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRow {
    pub id: AccountId,
    pub name: String,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub industry: Option<String>,
    pub account_type: Option<AccountType>,
    pub status: AccountStatus,
    pub annual_revenue: Option<Money>,
    pub owner: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// The account form as submitted: text as typed, parsed and checked by the service.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountInput {
    pub name: String,
    pub website: String,
    pub email: String,
    pub phone: String,
    pub industry: String,
    pub account_type: String,
    pub status: String,
    pub annual_revenue: String,
    pub currency: String,
    pub employees: String,
    pub vat_id: String,
    pub billing_address: String,
    pub shipping_address: String,
    pub description: String,
    /// Empty: the creator (on create) or unchanged (on update).
    pub owner: String,
}

/// The columns of the accounts list, in display order; the first ones show by default.
pub const COLUMNS: &[&str] = &[
    "name",
    "industry",
    "status",
    "annual_revenue",
    "owner",
    "updated_at",
    "website",
    "email",
    "phone",
    "account_type",
    "created_at",
];
pub const DEFAULT_COLUMNS: &[&str] = &[
    "name",
    "industry",
    "status",
    "annual_revenue",
    "owner",
    "updated_at",
];

/// A link to an account from another record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRef {
    pub id: AccountId,
    pub name: String,
}

/// The columns the list can be sorted by (the service checks the same keys).
pub const SORTABLE: &[&str] = &[
    "name",
    "status",
    "annual_revenue",
    "updated_at",
    "created_at",
    "website",
    "email",
    "phone",
    "account_type",
    "owner",
    "industry",
];
