//! Opportunities: deals on the pipeline, with their line items.

use super::accounts::AccountRef;
use super::lines::{LineAmounts, Totals};
use super::records::UserRef;
use crate::code_enum;
use crate::dto::lookups::StageKind;
use crate::ids::{ContactId, LineItemId, OpportunityId, ProductId, StageId};
use crate::money::Money;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

code_enum! {
    /// What kind of business the deal is.
    OpportunityType {
        NewBusiness = "new_business",
        Upsell = "upsell",
        CrossSell = "cross_sell",
        Partner = "partner",
    }
}

/// A stage as a deal shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageRef {
    pub id: StageId,
    pub name: String,
    pub probability: i16,
    pub kind: StageKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRef {
    pub id: ContactId,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opportunity {
    pub id: OpportunityId,
    pub name: String,
    pub account: Option<AccountRef>,
    pub contact: Option<ContactRef>,
    /// Further contacts involved in the deal.
    pub contacts: Vec<ContactRef>,
    pub amount: Money,
    pub close_date: Date,
    pub stage: StageRef,
    pub stage_entered_at: OffsetDateTime,
    /// When it entered a won or lost stage.
    pub closed_at: Option<OffsetDateTime>,
    pub lost_reason: Option<String>,
    pub opportunity_type: Option<OpportunityType>,
    pub next_step: Option<String>,
    pub description: Option<String>,
    pub owner: UserRef,
    pub watchers: Vec<UserRef>,
    /// The leads converted into it, among those the viewer may see.
    pub from_leads: Vec<super::tasks::RecordRef>,
    /// Whether line items set the amount (then the form does not).
    pub has_lines: bool,
    pub can_delete: bool,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpportunityRow {
    pub id: OpportunityId,
    pub name: String,
    pub account: Option<AccountRef>,
    pub stage: String,
    pub probability: i16,
    pub amount: Money,
    pub close_date: Date,
    pub opportunity_type: Option<OpportunityType>,
    pub owner: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OpportunityInput {
    pub name: String,
    pub account: String,
    pub contact: String,
    /// Ignored while the deal has line items: their total is the amount.
    pub amount: String,
    pub currency: String,
    pub close_date: String,
    pub stage: String,
    pub opportunity_type: String,
    pub next_step: String,
    pub description: String,
    pub owner: String,
    /// Why the deal was lost; required when its stage is a lost one, dropped otherwise.
    pub lost_reason: String,
}

pub const COLUMNS: &[&str] = &[
    "name",
    "account",
    "stage",
    "amount",
    "close_date",
    "owner",
    "updated_at",
    "probability",
    "opportunity_type",
    "created_at",
];
pub const DEFAULT_COLUMNS: &[&str] = &["name", "account", "stage", "amount", "close_date", "owner"];

/// One line of an opportunity or contract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineItem {
    pub id: LineItemId,
    pub product: Option<ProductId>,
    pub description: String,
    pub quantity_milli: i64,
    pub unit_price: i64,
    pub discount: Option<(super::lines::DiscountKind, i64)>,
    pub tax_rate_bp: i64,
    pub amounts: LineAmounts,
}

/// A document's lines with their totals, in the document's currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineItems {
    pub items: Vec<LineItem>,
    pub totals: Totals,
    pub currency: String,
    pub scale: i16,
    /// Whether the viewer may change them.
    pub can_edit: bool,
}

/// The line form as submitted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LineItemInput {
    pub product: String,
    pub description: String,
    pub quantity: String,
    /// Empty: the product's price.
    pub unit_price: String,
    /// ``, `percent` or `amount`.
    pub discount_kind: String,
    pub discount: String,
    /// Percent; empty: the product's rate, or none.
    pub tax_rate: String,
}

/// The columns the list can be sorted by (the service checks the same keys).
pub const SORTABLE: &[&str] = &[
    "name",
    "amount",
    "close_date",
    "opportunity_type",
    "updated_at",
    "created_at",
    "owner",
    "account",
    "stage",
    "probability",
];
