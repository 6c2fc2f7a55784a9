//! Likely duplicates of contacts, accounts and leads: pairs with a confidence and the reasons
//! they matched, for the review queue, the check before saving a new record, and the API.

use super::records::RecordKind;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The confidence from which a pair is called a likely duplicate: the check before saving
/// warns from here, and the review queue starts here unless asked otherwise. Chosen on the
/// labelled set (docs/AI.md).
pub const LIKELY: u8 = 85;
/// Pairs below this confidence are not kept at all; the review queue can show all the others.
pub const KEPT: u8 = 50;

/// The kinds whose duplicates are looked for.
pub const KINDS: [RecordKind; 3] = [RecordKind::Contact, RecordKind::Account, RecordKind::Lead];

/// Why two records look like one: what agreed between them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The same e-mail address (tags and Gmail's dots aside).
    SameEmail,
    /// The same personal mailbox name at another domain.
    SameMailbox,
    /// The same phone number, however written.
    SamePhone,
    /// The same web or mail domain (organisations).
    SameDomain,
    /// The same tax number (organisations).
    SameTaxNumber,
    SameName,
    /// Given and family name the other way round.
    SwappedName,
    /// A nickname of the other's given name (Bob, Robert).
    Nickname,
    /// A name that differs by a typo or two.
    SimilarName,
    /// A lead's company.
    SameCompany,
}

impl Reason {
    /// The message key of its label.
    pub fn key(self) -> &'static str {
        match self {
            Reason::SameEmail => "dup-reason-same-email",
            Reason::SameMailbox => "dup-reason-same-mailbox",
            Reason::SamePhone => "dup-reason-same-phone",
            Reason::SameDomain => "dup-reason-same-domain",
            Reason::SameTaxNumber => "dup-reason-same-tax-number",
            Reason::SameName => "dup-reason-same-name",
            Reason::SwappedName => "dup-reason-swapped-name",
            Reason::Nickname => "dup-reason-nickname",
            Reason::SimilarName => "dup-reason-similar-name",
            Reason::SameCompany => "dup-reason-same-company",
        }
    }
}

/// One side of a pair, as the actor may see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PairSide {
    pub id: Uuid,
    pub title: String,
    /// What tells records with alike titles apart: an e-mail address, a company, a website.
    pub detail: String,
}

/// Two records of one kind that look like one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DuplicatePair {
    pub kind: RecordKind,
    pub a: PairSide,
    pub b: PairSide,
    /// How likely the two are one record, 0 to 100.
    pub confidence: u8,
    pub reasons: Vec<Reason>,
}

/// A page of the review queue, most likely first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DuplicatePage {
    pub pairs: Vec<DuplicatePair>,
    /// Where the next page starts; `None` on the last.
    pub next: Option<String>,
}

/// What the review queue is asked for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateQuery {
    pub kind: RecordKind,
    /// The lowest confidence shown (0 to 100).
    pub min_confidence: u8,
    pub limit: u64,
    /// A page's `next`.
    pub after: Option<String>,
}

/// An existing record a new one looks like, before it is saved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LikelyDuplicate {
    pub kind: RecordKind,
    pub record: PairSide,
    pub confidence: u8,
    pub reasons: Vec<Reason>,
}

/// A record about to be saved, as the duplicate check reads it: a person's names, or an
/// organisation's name in `name`; the rest as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Draft {
    pub first_name: Option<String>,
    /// A person's family name, or an account's name.
    pub name: String,
    /// A lead's company.
    pub company: Option<String>,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub website: Option<String>,
    pub vat_id: Option<String>,
}
