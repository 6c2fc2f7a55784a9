//! Products: the catalog that line items draw from. Everyone picks from it; managers and
//! admins maintain it.

use crate::ids::ProductId;
use crate::money::Money;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub id: ProductId,
    pub name: String,
    pub sku: Option<String>,
    pub price: Money,
    /// Basis points: 1900 is 19 %.
    pub tax_rate_bp: i64,
    pub unit: Option<String>,
    pub active: bool,
    pub description: Option<String>,
    /// Whether the viewer may change the catalog (managers and admins).
    pub can_edit: bool,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductRow {
    pub id: ProductId,
    pub name: String,
    pub sku: Option<String>,
    pub price: Money,
    pub tax_rate_bp: i64,
    pub unit: Option<String>,
    pub active: bool,
    pub updated_at: OffsetDateTime,
}

/// The product form as submitted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProductInput {
    pub name: String,
    pub sku: String,
    pub price: String,
    pub currency: String,
    /// Percent, e.g. `19` or `7.5`.
    pub tax_rate: String,
    pub unit: String,
    /// `true` when the box is ticked; absent otherwise.
    pub active: Option<String>,
    pub description: String,
}

pub const COLUMNS: &[&str] = &[
    "name",
    "sku",
    "price",
    "tax_rate",
    "unit",
    "active",
    "updated_at",
];
pub const DEFAULT_COLUMNS: &[&str] = &["name", "sku", "price", "tax_rate", "unit", "active"];

/// The columns the list can be sorted by (the service checks the same keys).
pub const SORTABLE: &[&str] = &["name", "sku", "price", "tax_rate", "unit", "updated_at"];
