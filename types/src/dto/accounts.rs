//! Accounts: the companies a team sells to.

use super::list::Filter;
use super::records::{ListQuery, LookupRef, UserRef};
use crate::error::FieldError;
use crate::ids::{AccountId, LookupId, UserId};
use crate::money::{Amount, Money};
use crate::patch::Patch;
use crate::validate::{self, Checker};
use crate::{code_enum, form};
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    #[serde(with = "crate::wire::text")]
    pub created_at: OffsetDateTime,
    #[serde(with = "crate::wire::text")]
    pub updated_at: OffsetDateTime,
}

/// One row of the accounts list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    #[serde(with = "crate::wire::text")]
    pub created_at: OffsetDateTime,
    #[serde(with = "crate::wire::text")]
    pub updated_at: OffsetDateTime,
}

/// A new account. Text fields are checked and trimmed by the service.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewAccount {
    pub name: String,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub industry: Option<LookupId>,
    pub account_type: Option<AccountType>,
    pub status: Option<AccountStatus>,
    pub annual_revenue: Option<Amount>,
    pub currency: Option<String>,
    pub employees: Option<i32>,
    pub vat_id: Option<String>,
    pub billing_address: Option<String>,
    pub shipping_address: Option<String>,
    pub description: Option<String>,
    /// The creator when not given.
    pub owner: Option<UserId>,
}

/// Changes to a account: a field left out stays as it is, `null` empties it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AccountPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub website: Patch<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub email: Patch<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub phone: Patch<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<LookupId>))]
    pub industry: Patch<LookupId>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<AccountType>))]
    pub account_type: Patch<AccountType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<AccountStatus>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Amount>))]
    pub annual_revenue: Patch<Amount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i32>))]
    pub employees: Patch<i32>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub vat_id: Patch<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub billing_address: Patch<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub shipping_address: Patch<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub description: Patch<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<UserId>,
    /// The `updated_at` this change was based on; if the account changed since, the
    /// change is refused as a conflict instead of overwriting.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(with = "crate::wire::option", default)]
    pub updated_at: Option<OffsetDateTime>,
    /// Fields a form sent that could not be read; reported with the service's own errors,
    /// so every problem shows at once.
    #[serde(skip)]
    pub unreadable: Vec<FieldError>,
}

crate::change!(AccountPatch, owner);
crate::texts!(AccountPatch {
    title: name;
    website: Url,
    email: Email,
    phone: Phone,
    vat_id: Line,
    billing_address: Long,
    shipping_address: Long,
    description: Long,
});

impl From<NewAccount> for AccountPatch {
    fn from(n: NewAccount) -> Self {
        AccountPatch {
            name: Some(n.name),
            website: Patch::from_option(n.website),
            email: Patch::from_option(n.email),
            phone: Patch::from_option(n.phone),
            industry: Patch::from_option(n.industry),
            account_type: Patch::from_option(n.account_type),
            status: n.status,
            annual_revenue: Patch::from_option(n.annual_revenue),
            currency: n.currency,
            employees: Patch::from_option(n.employees),
            vat_id: Patch::from_option(n.vat_id),
            billing_address: Patch::from_option(n.billing_address),
            shipping_address: Patch::from_option(n.shipping_address),
            description: Patch::from_option(n.description),
            owner: n.owner,
            updated_at: None,
            unreadable: Vec::new(),
        }
    }
}

/// The account form as posted: text as typed. A field the form did not send is `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountInput {
    pub name: Option<String>,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub industry: Option<String>,
    pub account_type: Option<String>,
    pub status: Option<String>,
    pub annual_revenue: Option<String>,
    pub currency: Option<String>,
    pub employees: Option<String>,
    pub vat_id: Option<String>,
    pub billing_address: Option<String>,
    pub shipping_address: Option<String>,
    pub description: Option<String>,
    /// Empty: the creator (on create) or unchanged (on update).
    pub owner: Option<String>,
    /// The version the form was filled in on (see `form::version`).
    pub updated_at: Option<String>,
}

impl AccountInput {
    /// The form as a patch; what cannot be read is kept as a field error for the service
    /// to report with its own.
    pub fn into_patch(self) -> AccountPatch {
        let mut c = Checker::new();
        let patch = AccountPatch {
            name: self.name,
            website: form::text(self.website),
            email: form::text(self.email),
            phone: form::text(self.phone),
            industry: form::parsed(&mut c, "industry", self.industry, validate::optional_id),
            account_type: form::parsed(&mut c, "account_type", self.account_type, |s| {
                validate::optional_code(s, AccountType::from_code)
            }),
            status: form::chosen(&mut c, "status", self.status, |s| {
                validate::optional_code(s, AccountStatus::from_code)
            }),
            annual_revenue: form::text(self.annual_revenue).map(Amount),
            currency: self.currency.filter(|v| !v.trim().is_empty()),
            employees: form::parsed(&mut c, "employees", self.employees, |s| {
                validate::optional_count(s, EMPLOYEES_MAX)
            }),
            vat_id: form::text(self.vat_id),
            billing_address: form::text(self.billing_address),
            shipping_address: form::text(self.shipping_address),
            description: form::text(self.description),
            owner: form::chosen(&mut c, "owner", self.owner, validate::optional_id),
            updated_at: form::version(&mut c, self.updated_at),
            unreadable: Vec::new(),
        };
        AccountPatch {
            unreadable: c.into_errors(),
            ..patch
        }
    }
}

impl From<AccountInput> for AccountPatch {
    fn from(input: AccountInput) -> Self {
        input.into_patch()
    }
}

/// The most employees an account may list.
pub const EMPLOYEES_MAX: i32 = 100_000_000;

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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// The accounts list's own filter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountFilter {
    pub status: Option<AccountStatus>,
}

impl Filter for AccountFilter {
    fn read(q: &ListQuery, c: &mut Checker) -> Self {
        AccountFilter {
            status: c
                .check(
                    "status",
                    validate::optional_code(&q.status, AccountStatus::from_code),
                )
                .flatten(),
        }
    }
}
