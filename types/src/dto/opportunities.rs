//! Opportunities: deals on the pipeline, with their line items.

use super::accounts::AccountRef;
use super::lines::{LineAmounts, Totals};
use super::list::Filter;
use super::records::{ListQuery, UserRef};
use crate::dto::lookups::StageKind;
use crate::error::FieldError;
use crate::ids::{AccountId, ContactId, LineItemId, OpportunityId, ProductId, StageId, UserId};
use crate::money::{Amount, Money};
use crate::patch::Patch;
use crate::validate::{self, Checker};
use crate::{code_enum, form};
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageRef {
    pub id: StageId,
    pub name: String,
    pub probability: i16,
    pub kind: StageKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactRef {
    pub id: ContactId,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Opportunity {
    pub id: OpportunityId,
    pub name: String,
    pub account: Option<AccountRef>,
    pub contact: Option<ContactRef>,
    /// It is linked to an account or a contact the viewer may not see (so its form leaves
    /// those links be).
    pub account_hidden: bool,
    pub contact_hidden: bool,
    /// Further contacts involved in the deal.
    pub contacts: Vec<ContactRef>,
    pub amount: Money,
    #[serde(with = "crate::wire::text")]
    pub close_date: Date,
    pub stage: StageRef,
    #[serde(with = "crate::wire::text")]
    pub stage_entered_at: OffsetDateTime,
    /// When it entered a won or lost stage.
    #[serde(with = "crate::wire::option", default)]
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
    #[serde(with = "crate::wire::text")]
    pub created_at: OffsetDateTime,
    #[serde(with = "crate::wire::text")]
    pub updated_at: OffsetDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpportunityRow {
    pub id: OpportunityId,
    pub name: String,
    pub account: Option<AccountRef>,
    pub stage: String,
    pub probability: i16,
    pub amount: Money,
    #[serde(with = "crate::wire::text")]
    pub close_date: Date,
    pub opportunity_type: Option<OpportunityType>,
    pub owner: String,
    #[serde(with = "crate::wire::text")]
    pub created_at: OffsetDateTime,
    #[serde(with = "crate::wire::text")]
    pub updated_at: OffsetDateTime,
}

/// A new deal. Text fields are checked and trimmed by the service.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewOpportunity {
    pub name: String,
    pub account: Option<AccountId>,
    pub contact: Option<ContactId>,
    pub amount: Option<Amount>,
    pub currency: Option<String>,
    #[serde(with = "crate::wire::option", default)]
    pub close_date: Option<Date>,
    pub stage: Option<StageId>,
    pub opportunity_type: Option<OpportunityType>,
    pub next_step: Option<String>,
    pub description: Option<String>,
    pub lost_reason: Option<String>,
    /// The creator when not given.
    pub owner: Option<UserId>,
}

/// Changes to a deal: a field left out stays as it is, `null` empties it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct OpportunityPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<AccountId>))]
    pub account: Patch<AccountId>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<ContactId>))]
    pub contact: Patch<ContactId>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Amount>))]
    pub amount: Patch<Amount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(with = "crate::wire::option", default)]
    pub close_date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<StageId>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<OpportunityType>))]
    pub opportunity_type: Patch<OpportunityType>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub next_step: Patch<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub description: Patch<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub lost_reason: Patch<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<UserId>,
    /// The `updated_at` this change was based on; if the deal changed since, the
    /// change is refused as a conflict instead of overwriting.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(with = "crate::wire::option", default)]
    pub updated_at: Option<OffsetDateTime>,
    /// Fields a form sent that could not be read; reported with the service's own errors,
    /// so every problem shows at once.
    #[serde(skip)]
    pub unreadable: Vec<FieldError>,
}

crate::change!(OpportunityPatch, owner);
crate::texts!(OpportunityPatch {
    title: name;
    next_step: Line,
    description: Long,
});

impl From<NewOpportunity> for OpportunityPatch {
    fn from(n: NewOpportunity) -> Self {
        OpportunityPatch {
            name: Some(n.name),
            account: Patch::from_option(n.account),
            contact: Patch::from_option(n.contact),
            amount: Patch::from_option(n.amount),
            currency: n.currency,
            close_date: n.close_date,
            stage: n.stage,
            opportunity_type: Patch::from_option(n.opportunity_type),
            next_step: Patch::from_option(n.next_step),
            description: Patch::from_option(n.description),
            lost_reason: Patch::from_option(n.lost_reason),
            owner: n.owner,
            updated_at: None,
            unreadable: Vec::new(),
        }
    }
}

/// The deal form as posted: text as typed. A field the form did not send is `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OpportunityInput {
    pub name: Option<String>,
    pub account: Option<String>,
    pub contact: Option<String>,
    pub amount: Option<String>,
    pub currency: Option<String>,
    pub close_date: Option<String>,
    pub stage: Option<String>,
    pub opportunity_type: Option<String>,
    pub next_step: Option<String>,
    pub description: Option<String>,
    pub lost_reason: Option<String>,
    /// Empty: the creator (on create) or unchanged (on update).
    pub owner: Option<String>,
    /// The version the form was filled in on (see `form::version`).
    pub updated_at: Option<String>,
}

impl OpportunityInput {
    /// The form as a patch; what cannot be read is kept as a field error for the service
    /// to report with its own.
    pub fn into_patch(self) -> OpportunityPatch {
        let mut c = Checker::new();
        let patch = OpportunityPatch {
            name: self.name,
            account: form::parsed(&mut c, "account", self.account, validate::optional_id),
            contact: form::parsed(&mut c, "contact", self.contact, validate::optional_id),
            amount: form::text(self.amount).map(Amount),
            currency: self.currency.filter(|v| !v.trim().is_empty()),
            close_date: form::chosen(
                &mut c,
                "close_date",
                self.close_date,
                validate::optional_date,
            ),
            stage: form::chosen(&mut c, "stage", self.stage, validate::optional_id),
            opportunity_type: form::parsed(
                &mut c,
                "opportunity_type",
                self.opportunity_type,
                |s| validate::optional_code(s, OpportunityType::from_code),
            ),
            next_step: form::text(self.next_step),
            description: form::text(self.description),
            lost_reason: form::text(self.lost_reason),
            owner: form::chosen(&mut c, "owner", self.owner, validate::optional_id),
            updated_at: form::version(&mut c, self.updated_at),
            unreadable: Vec::new(),
        };
        OpportunityPatch {
            unreadable: c.into_errors(),
            ..patch
        }
    }
}

impl From<OpportunityInput> for OpportunityPatch {
    fn from(input: OpportunityInput) -> Self {
        input.into_patch()
    }
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineItem {
    pub id: LineItemId,
    pub product: Option<ProductId>,
    pub description: String,
    pub quantity_milli: i64,
    pub unit_price: i64,
    pub discount: Option<super::lines::Discount>,
    pub tax_rate_bp: i64,
    pub amounts: LineAmounts,
}

/// A document's lines with their totals, in the document's currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineItems {
    pub items: Vec<LineItem>,
    pub totals: Totals,
    pub currency: String,
    pub scale: i16,
    /// Whether the viewer may change them.
    pub can_edit: bool,
}

/// How a line is discounted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum LineDiscount {
    /// A rate, in basis points (`10 %` is 1000).
    Percent(i64),
    /// An amount in the document's currency.
    Amount(Amount),
}

/// A new line of a deal or contract. What it leaves out comes from its product: the name,
/// the price and the tax rate.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NewLineItem {
    pub product: Option<ProductId>,
    pub description: Option<String>,
    /// In thousandths of a unit (`1.5` is 1500); `None`: one.
    pub quantity_milli: Option<i64>,
    /// In the document's currency; `None`: the product's price.
    pub unit_price: Option<Amount>,
    pub discount: Option<LineDiscount>,
    /// In basis points; `None`: the product's rate, or none.
    pub tax_rate_bp: Option<i64>,
    /// Fields a form sent that could not be read, reported with the service's own errors.
    #[serde(skip)]
    pub unreadable: Vec<FieldError>,
}

/// Changes to a line: a field left out stays as it is; `discount: null` removes the discount.
/// Its product stays the one it was made from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct LinePatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// In thousandths of a unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity_milli: Option<i64>,
    /// In the document's currency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_price: Option<Amount>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<LineDiscount>))]
    pub discount: Patch<LineDiscount>,
    /// In basis points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tax_rate_bp: Option<i64>,
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

/// The form as a command; what cannot be read is kept as a field error for the service to
/// report with its own.
impl From<LineItemInput> for NewLineItem {
    fn from(input: LineItemInput) -> Self {
        let mut c = Checker::new();
        let given = |s: String| Some(s).filter(|s| !s.trim().is_empty());
        let kind = c.check(
            "discount_kind",
            validate::optional_code(&input.discount_kind, super::lines::DiscountKind::from_code),
        );
        let discount = match kind.flatten() {
            Some(super::lines::DiscountKind::Percent) => c
                .check("discount", validate::rate(&input.discount))
                .flatten()
                .map(LineDiscount::Percent),
            Some(super::lines::DiscountKind::Amount) => {
                given(input.discount).map(|a| LineDiscount::Amount(Amount(a)))
            }
            None => None,
        };
        NewLineItem {
            product: c
                .check("product", validate::optional_id(&input.product))
                .flatten(),
            quantity_milli: c.check("quantity", validate::quantity(&input.quantity)),
            tax_rate_bp: c
                .check("tax_rate", validate::rate(&input.tax_rate))
                .flatten(),
            description: given(input.description),
            unit_price: given(input.unit_price).map(Amount),
            discount,
            unreadable: c.into_errors(),
        }
    }
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

/// The deals list's own filters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OpportunityFilter {
    pub stage: Option<StageId>,
    /// The deals of one account.
    pub account: Option<AccountId>,
}

impl Filter for OpportunityFilter {
    fn read(q: &ListQuery, c: &mut Checker) -> Self {
        OpportunityFilter {
            stage: c
                .check("status", validate::optional_id(&q.status))
                .flatten(),
            account: c
                .check("parent", validate::optional_id(&q.parent))
                .flatten(),
        }
    }
}
