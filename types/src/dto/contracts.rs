//! Contracts: what an account signed, with its value, dates and line items.

use super::accounts::AccountRef;
use super::list::Filter;
use super::records::{ListQuery, UserRef};
use crate::error::FieldError;
use crate::ids::{AccountId, ContractId, UserId};
use crate::money::{Amount, Money};
use crate::patch::Patch;
use crate::validate::{self, Checker};
use crate::{code_enum, form};
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contract {
    pub id: ContractId,
    pub title: String,
    pub account: Option<AccountRef>,
    /// It is linked to an account the viewer may not see (so its form leaves the link be).
    pub account_hidden: bool,
    pub value: Money,
    #[serde(with = "crate::wire::option", default)]
    pub start_date: Option<Date>,
    #[serde(with = "crate::wire::option", default)]
    pub end_date: Option<Date>,
    #[serde(with = "crate::wire::option", default)]
    pub renewal_reminder_date: Option<Date>,
    pub status: ContractStatus,
    #[serde(with = "crate::wire::option", default)]
    pub customer_signed_on: Option<Date>,
    #[serde(with = "crate::wire::option", default)]
    pub company_signed_on: Option<Date>,
    pub description: Option<String>,
    pub owner: UserRef,
    pub watchers: Vec<UserRef>,
    /// Whether line items set the value (then the form does not).
    pub has_lines: bool,
    pub can_delete: bool,
    #[serde(with = "crate::wire::text")]
    pub created_at: OffsetDateTime,
    #[serde(with = "crate::wire::text")]
    pub updated_at: OffsetDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContractRow {
    pub id: ContractId,
    pub title: String,
    pub account: Option<AccountRef>,
    pub value: Money,
    pub status: ContractStatus,
    #[serde(with = "crate::wire::option", default)]
    pub start_date: Option<Date>,
    #[serde(with = "crate::wire::option", default)]
    pub end_date: Option<Date>,
    pub owner: String,
    #[serde(with = "crate::wire::text")]
    pub updated_at: OffsetDateTime,
}

/// A new contract. Text fields are checked and trimmed by the service.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewContract {
    pub title: String,
    pub account: Option<AccountId>,
    pub value: Option<Amount>,
    pub currency: Option<String>,
    #[serde(with = "crate::wire::option", default)]
    pub start_date: Option<Date>,
    #[serde(with = "crate::wire::option", default)]
    pub end_date: Option<Date>,
    #[serde(with = "crate::wire::option", default)]
    pub renewal_reminder_date: Option<Date>,
    pub status: Option<ContractStatus>,
    #[serde(with = "crate::wire::option", default)]
    pub customer_signed_on: Option<Date>,
    #[serde(with = "crate::wire::option", default)]
    pub company_signed_on: Option<Date>,
    pub description: Option<String>,
    /// The creator when not given.
    pub owner: Option<UserId>,
}

/// Changes to a contract: a field left out stays as it is, `null` empties it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ContractPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<AccountId>))]
    pub account: Patch<AccountId>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Amount>))]
    pub value: Patch<Amount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[serde(with = "crate::wire::patch", default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Date>))]
    pub start_date: Patch<Date>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[serde(with = "crate::wire::patch", default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Date>))]
    pub end_date: Patch<Date>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[serde(with = "crate::wire::patch", default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Date>))]
    pub renewal_reminder_date: Patch<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<ContractStatus>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[serde(with = "crate::wire::patch", default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Date>))]
    pub customer_signed_on: Patch<Date>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[serde(with = "crate::wire::patch", default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Date>))]
    pub company_signed_on: Patch<Date>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub description: Patch<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<UserId>,
    /// The `updated_at` this change was based on; if the contract changed since, the
    /// change is refused as a conflict instead of overwriting.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(with = "crate::wire::option", default)]
    pub updated_at: Option<OffsetDateTime>,
    /// Fields a form sent that could not be read; reported with the service's own errors,
    /// so every problem shows at once.
    #[serde(skip)]
    pub unreadable: Vec<FieldError>,
}

crate::change!(ContractPatch, owner);
crate::texts!(ContractPatch {
    title: title;
    description: Long,
});

impl From<NewContract> for ContractPatch {
    fn from(n: NewContract) -> Self {
        ContractPatch {
            title: Some(n.title),
            account: Patch::from_option(n.account),
            value: Patch::from_option(n.value),
            currency: n.currency,
            start_date: Patch::from_option(n.start_date),
            end_date: Patch::from_option(n.end_date),
            renewal_reminder_date: Patch::from_option(n.renewal_reminder_date),
            status: n.status,
            customer_signed_on: Patch::from_option(n.customer_signed_on),
            company_signed_on: Patch::from_option(n.company_signed_on),
            description: Patch::from_option(n.description),
            owner: n.owner,
            updated_at: None,
            unreadable: Vec::new(),
        }
    }
}

/// The contract form as posted: text as typed. A field the form did not send is `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContractInput {
    pub title: Option<String>,
    pub account: Option<String>,
    pub value: Option<String>,
    pub currency: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub renewal_reminder_date: Option<String>,
    pub status: Option<String>,
    pub customer_signed_on: Option<String>,
    pub company_signed_on: Option<String>,
    pub description: Option<String>,
    /// Empty: the creator (on create) or unchanged (on update).
    pub owner: Option<String>,
    /// The version the form was filled in on (see `form::version`).
    pub updated_at: Option<String>,
}

impl ContractInput {
    /// The form as a patch; what cannot be read is kept as a field error for the service
    /// to report with its own.
    pub fn into_patch(self) -> ContractPatch {
        let mut c = Checker::new();
        let patch = ContractPatch {
            title: self.title,
            account: form::parsed(&mut c, "account", self.account, validate::optional_id),
            value: form::text(self.value).map(Amount),
            currency: self.currency.filter(|v| !v.trim().is_empty()),
            start_date: form::parsed(
                &mut c,
                "start_date",
                self.start_date,
                validate::optional_date,
            ),
            end_date: form::parsed(&mut c, "end_date", self.end_date, validate::optional_date),
            renewal_reminder_date: form::parsed(
                &mut c,
                "renewal_reminder_date",
                self.renewal_reminder_date,
                validate::optional_date,
            ),
            status: form::chosen(&mut c, "status", self.status, |s| {
                validate::optional_code(s, ContractStatus::from_code)
            }),
            customer_signed_on: form::parsed(
                &mut c,
                "customer_signed_on",
                self.customer_signed_on,
                validate::optional_date,
            ),
            company_signed_on: form::parsed(
                &mut c,
                "company_signed_on",
                self.company_signed_on,
                validate::optional_date,
            ),
            description: form::text(self.description),
            owner: form::chosen(&mut c, "owner", self.owner, validate::optional_id),
            updated_at: form::version(&mut c, self.updated_at),
            unreadable: Vec::new(),
        };
        ContractPatch {
            unreadable: c.into_errors(),
            ..patch
        }
    }
}

impl From<ContractInput> for ContractPatch {
    fn from(input: ContractInput) -> Self {
        input.into_patch()
    }
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

/// The contracts list's own filters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContractFilter {
    pub status: Option<ContractStatus>,
    /// The contracts of one account.
    pub account: Option<AccountId>,
}

impl Filter for ContractFilter {
    fn read(q: &ListQuery, c: &mut Checker) -> Self {
        ContractFilter {
            status: c
                .check(
                    "status",
                    validate::optional_code(&q.status, ContractStatus::from_code),
                )
                .flatten(),
            account: c
                .check("parent", validate::optional_id(&q.parent))
                .flatten(),
        }
    }
}
