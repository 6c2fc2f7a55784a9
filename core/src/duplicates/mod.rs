//! Duplicate detection for contacts, accounts and leads.
//!
//! - [`normal`]: the forms fields are compared in (folded names, e-mail addresses without
//!   tags, phones by their last digits, domains).
//! - [`profile`]: what matching reads of a record, and its blocking keys.
//! - [`score`]: how likely two records are one, and why.
//! - [`pairs`]: keeping each record's keys and scored pairs current, from the domain
//!   events, and the full scan.
//! - [`review`]: the review queue, "not a duplicate", and the check before a new record is
//!   saved.
//!
//! Pairs are only ever shown when the actor may see both records, as everywhere.

pub mod normal;
pub mod pairs;
pub mod profile;
#[cfg(test)]
mod quality;
pub mod review;
pub mod score;

use crate::records::Record;
use entity::{accounts, contacts, leads};
use profile::Profile;
use types::dto::records::RecordKind;

pub use types::dto::duplicates::{KEPT, LIKELY};

/// A kind whose duplicates are looked for: how its rows read as profiles.
pub trait Matched: Record {
    /// What matching compares; `None` for a row left out (a converted lead, which gave way
    /// to its contact).
    fn profile(m: &Self::Model) -> Option<Profile>;
}

impl Matched for contacts::Entity {
    fn profile(m: &contacts::Model) -> Option<Profile> {
        Some(
            Profile::person(m.first_name.as_deref(), &m.last_name)
                .with_emails([m.email.as_deref(), m.email2.as_deref()])
                .with_phones([m.phone.as_deref(), m.mobile.as_deref()]),
        )
    }
}

impl Matched for leads::Entity {
    fn profile(m: &leads::Model) -> Option<Profile> {
        if m.converted_at.is_some() {
            return None;
        }
        let mut p = Profile::person(m.first_name.as_deref(), &m.last_name)
            .with_emails([m.email.as_deref()])
            .with_phones([m.phone.as_deref()]);
        p.company = m.company.clone().unwrap_or_default();
        Some(p)
    }
}

impl Matched for accounts::Entity {
    fn profile(m: &accounts::Model) -> Option<Profile> {
        let mut p = Profile::organisation(&m.name)
            .with_emails([m.email.as_deref()])
            .with_phones([m.phone.as_deref()]);
        p.website = m.website.clone().unwrap_or_default();
        p.vat = m.vat_id.clone().unwrap_or_default();
        Some(p)
    }
}

/// Runs `$body` with `$E` bound to the entity of a matched kind; other kinds give
/// `$otherwise`.
#[macro_export]
macro_rules! with_matched {
    ($kind:expr, $E:ident => $body:expr, $otherwise:expr) => {
        match $kind {
            types::dto::records::RecordKind::Contact => {
                type $E = entity::contacts::Entity;
                $body
            }
            types::dto::records::RecordKind::Account => {
                type $E = entity::accounts::Entity;
                $body
            }
            types::dto::records::RecordKind::Lead => {
                type $E = entity::leads::Entity;
                $body
            }
            _ => $otherwise,
        }
    };
}

/// Whether duplicates of `kind` are looked for.
pub fn matched(kind: RecordKind) -> bool {
    types::dto::duplicates::KINDS.contains(&kind)
}
