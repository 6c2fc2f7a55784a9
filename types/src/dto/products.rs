//! Products: the catalog that line items draw from. Everyone picks from it; managers and
//! admins maintain it.

use super::list::Filter;
use super::records::ListQuery;
use crate::error::FieldError;
use crate::form;
use crate::ids::ProductId;
use crate::money::{Amount, Money};
use crate::patch::Patch;
use crate::validate::{self, Checker};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    #[serde(with = "crate::wire::text")]
    pub created_at: OffsetDateTime,
    #[serde(with = "crate::wire::text")]
    pub updated_at: OffsetDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductRow {
    pub id: ProductId,
    pub name: String,
    pub sku: Option<String>,
    pub price: Money,
    pub tax_rate_bp: i64,
    pub unit: Option<String>,
    pub active: bool,
    #[serde(with = "crate::wire::text")]
    pub updated_at: OffsetDateTime,
}

/// A new product. Text fields are checked and trimmed by the service.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewProduct {
    pub name: String,
    pub sku: Option<String>,
    pub price: Option<Amount>,
    pub currency: Option<String>,
    pub tax_rate: Option<i64>,
    pub unit: Option<String>,
    pub active: Option<bool>,
    pub description: Option<String>,
}

/// Changes to a product: a field left out stays as it is, `null` empties it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ProductPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub sku: Patch<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Amount>))]
    pub price: Patch<Amount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub tax_rate: Patch<i64>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub unit: Patch<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub description: Patch<String>,
    /// The `updated_at` this change was based on; if the product changed since, the
    /// change is refused as a conflict instead of overwriting.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(with = "crate::wire::option", default)]
    pub updated_at: Option<OffsetDateTime>,
    /// Fields a form sent that could not be read; reported with the service's own errors,
    /// so every problem shows at once.
    #[serde(skip)]
    pub unreadable: Vec<FieldError>,
}

crate::change!(ProductPatch);
crate::texts!(ProductPatch {
    title: name;
    unit: Line,
    description: Long,
});

impl From<NewProduct> for ProductPatch {
    fn from(n: NewProduct) -> Self {
        ProductPatch {
            name: Some(n.name),
            sku: Patch::from_option(n.sku),
            price: Patch::from_option(n.price),
            currency: n.currency,
            tax_rate: Patch::from_option(n.tax_rate),
            unit: Patch::from_option(n.unit),
            active: n.active,
            description: Patch::from_option(n.description),
            updated_at: None,
            unreadable: Vec::new(),
        }
    }
}

/// The product form as posted: text as typed. A field the form did not send is `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProductInput {
    pub name: Option<String>,
    pub sku: Option<String>,
    pub price: Option<String>,
    pub currency: Option<String>,
    pub tax_rate: Option<String>,
    pub unit: Option<String>,
    pub active: Option<String>,
    pub description: Option<String>,
    /// The version the form was filled in on (see `form::version`).
    pub updated_at: Option<String>,
}

impl ProductInput {
    /// The form as a patch; what cannot be read is kept as a field error for the service
    /// to report with its own.
    pub fn into_patch(self) -> ProductPatch {
        let mut c = Checker::new();
        let patch = ProductPatch {
            name: self.name,
            sku: form::text(self.sku),
            price: form::text(self.price).map(Amount),
            currency: self.currency.filter(|v| !v.trim().is_empty()),
            tax_rate: form::parsed(&mut c, "tax_rate", self.tax_rate, validate::rate),
            unit: form::text(self.unit),
            active: Some(self.active.is_some()),
            description: form::text(self.description),
            updated_at: form::version(&mut c, self.updated_at),
            unreadable: Vec::new(),
        };
        ProductPatch {
            unreadable: c.into_errors(),
            ..patch
        }
    }
}

impl From<ProductInput> for ProductPatch {
    fn from(input: ProductInput) -> Self {
        input.into_patch()
    }
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

/// The products list's own filter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProductFilter {
    /// Only products on sale (`true`) or withdrawn (`false`).
    pub active: Option<bool>,
}

impl Filter for ProductFilter {
    fn read(q: &ListQuery, c: &mut Checker) -> Self {
        let active = match q.status.as_str() {
            "" => Ok(None),
            "active" => Ok(Some(true)),
            "inactive" => Ok(Some(false)),
            _ => Err("validation-invalid"),
        };
        ProductFilter {
            active: c.check("status", active).flatten(),
        }
    }
}
