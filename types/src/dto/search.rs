//! Global search results.

use super::records::RecordKind;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One record a search found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchHit {
    pub kind: RecordKind,
    pub id: Uuid,
    pub title: String,
    /// What tells similar titles apart: an email, a company, a website.
    pub detail: String,
}

impl SearchHit {
    pub fn path(&self) -> String {
        self.kind.path(self.id)
    }
}

/// How a search matches: by the words typed, by meaning, or both fused (the default).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SearchMode {
    Keyword,
    Semantic,
    #[default]
    Hybrid,
}

impl SearchMode {
    pub fn code(self) -> &'static str {
        match self {
            SearchMode::Keyword => "keyword",
            SearchMode::Semantic => "semantic",
            SearchMode::Hybrid => "hybrid",
        }
    }

    pub fn from_code(code: &str) -> Option<SearchMode> {
        [
            SearchMode::Keyword,
            SearchMode::Semantic,
            SearchMode::Hybrid,
        ]
        .into_iter()
        .find(|m| m.code() == code)
    }
}

/// What a search found, best first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    /// Why matching by meaning took no part although asked for: a message key (search by
    /// meaning is off, or its model or store cannot be reached). The words still matched.
    pub meaning_off: Option<String>,
}

/// Search by meaning on the server that answered, as the admin page shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexStatus {
    /// Why it is off (a message key); `None`: on.
    pub off: Option<String>,
    /// The embedding model, when on.
    pub model: Option<String>,
    pub dimension: Option<u32>,
    /// The collection its vectors are in.
    pub collection: Option<String>,
    /// Points in the collection; `None` when the store cannot be reached.
    pub points: Option<u64>,
    /// When the collection was last built complete.
    #[serde(with = "crate::wire::option", default)]
    pub built_at: Option<time::OffsetDateTime>,
    /// Records waiting to be indexed (or running).
    pub pending: u64,
    /// Whether a full rebuild is waiting or running.
    pub rebuilding: bool,
}

/// A record like another one ("find similar").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimilarRecord {
    pub kind: RecordKind,
    pub id: Uuid,
    pub title: String,
    /// How close in meaning, in percent (the cosine similarity of their nearest texts).
    pub similarity: u8,
}

impl SimilarRecord {
    pub fn path(&self) -> String {
        self.kind.path(self.id)
    }
}

/// The records like one record, most alike first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Similar {
    pub records: Vec<SimilarRecord>,
    /// Why there are none to show although there may be: search by meaning is off or out of
    /// reach (a message key).
    pub meaning_off: Option<String>,
}
