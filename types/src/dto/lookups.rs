//! Pick-lists an admin edits: sales stages, simple lookup values, and currencies.

use crate::ids::{LookupId, StageId};
#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;
use serde::{Deserialize, Serialize};

/// The simple pick-lists; each value belongs to exactly one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(
    feature = "ssr",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")
)]
#[serde(rename_all = "snake_case")]
pub enum LookupKind {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "industry"))]
    Industry,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "lead_source"))]
    LeadSource,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "lead_status"))]
    LeadStatus,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "contact_type"))]
    ContactType,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "lead_type"))]
    LeadType,
}

impl LookupKind {
    pub const ALL: [LookupKind; 5] = [
        LookupKind::Industry,
        LookupKind::LeadSource,
        LookupKind::LeadStatus,
        LookupKind::LeadType,
        LookupKind::ContactType,
    ];

    pub fn code(self) -> &'static str {
        match self {
            LookupKind::Industry => "industry",
            LookupKind::LeadSource => "lead_source",
            LookupKind::LeadStatus => "lead_status",
            LookupKind::ContactType => "contact_type",
            LookupKind::LeadType => "lead_type",
        }
    }

    pub fn from_code(code: &str) -> Option<LookupKind> {
        LookupKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Where a stage sits in the pipeline's life: still open, or closed as won or lost.
/// Won and lost are distinct so win rates can be computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "ssr",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "String(StringLen::N(8))")
)]
#[serde(rename_all = "lowercase")]
pub enum StageKind {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "open"))]
    Open,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "won"))]
    Won,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "lost"))]
    Lost,
}

impl StageKind {
    pub const ALL: [StageKind; 3] = [StageKind::Open, StageKind::Won, StageKind::Lost];

    pub fn code(self) -> &'static str {
        match self {
            StageKind::Open => "open",
            StageKind::Won => "won",
            StageKind::Lost => "lost",
        }
    }

    pub fn from_code(code: &str) -> Option<StageKind> {
        StageKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LookupValue {
    pub id: LookupId,
    pub kind: LookupKind,
    pub name: String,
    pub position: i32,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesStage {
    pub id: StageId,
    pub name: String,
    pub position: i32,
    /// Percent, 0–100.
    pub probability: i16,
    pub kind: StageKind,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Currency {
    /// ISO 4217 code, e.g. `EUR`.
    pub code: String,
    pub name: String,
    /// Digits after the decimal point (2 for EUR, 0 for JPY): amounts are stored in these units.
    pub minor_units: i16,
    pub active: bool,
    /// Millionths of the reference currency one unit is worth; None until set.
    pub rate_ppm: Option<i64>,
}

/// Moving an item one place in an ordered list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Move {
    Up,
    Down,
}
