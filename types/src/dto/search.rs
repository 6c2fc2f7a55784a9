//! Global search results.

use super::records::RecordKind;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One record a search found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
