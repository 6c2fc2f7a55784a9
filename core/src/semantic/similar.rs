//! "Find similar": the records nearest in meaning to one record, of its own kind and of the
//! kinds someone comparing it would look at (a lead beside contacts and accounts, a deal
//! beside contracts), as the actor may see them.

use super::search::{self, Wanted};
use super::{Ai, document};
use crate::error::CoreResult;
use crate::records::access::{self, State};
use crate::{Actor, Ctx};
use types::dto::records::RecordKind;
use types::dto::search::{Similar, SimilarRecord};
use uuid::Uuid;

/// How many similar records a page shows.
pub const LIMIT: usize = 10;
/// Below this cosine similarity two records have little in common; they are not shown as
/// alike.
const MIN_SIMILARITY: f32 = 0.35;

/// The kinds a record of `kind` is compared with, its own first.
fn compared(kind: RecordKind) -> &'static [RecordKind] {
    use RecordKind::*;
    match kind {
        Account => &[Account, Lead],
        Contact => &[Contact, Lead],
        Lead => &[Lead, Contact, Account],
        Opportunity => &[Opportunity, Contract],
        Contract => &[Contract, Opportunity],
        Product => &[Product],
        Task => &[Task, Activity],
        Activity => &[Activity, Task],
    }
}

/// The records like record `id` of `kind`, most alike first. A record the actor may not see
/// is `NotFound`, as everywhere.
pub async fn similar(ctx: &Ctx, actor: &Actor, kind: RecordKind, id: Uuid) -> CoreResult<Similar> {
    crate::with_record!(kind, E => access::load::<E>(&ctx.db, actor, id, State::Live).await.map(drop))?;
    if let Ai::Off(off) = &ctx.ai {
        return Ok(Similar {
            records: Vec::new(),
            meaning_off: Some(off.key().to_owned()),
        });
    }
    // A record left out of the index (a converted lead) is like nothing.
    let Some(doc) = document::load(&ctx.db, kind, &[id]).await?.remove(&id) else {
        return Ok(Similar::default());
    };
    // What it says first: its key fields and the start of its longer text.
    let text = doc
        .texts
        .iter()
        .take(2)
        .cloned()
        .collect::<Vec<_>>()
        .join("\n");
    let wanted = Wanted {
        kinds: compared(kind),
        exclude: Some(id),
        limit: LIMIT,
        min_score: MIN_SIMILARITY,
    };
    match search::nearest(ctx, actor, &text, wanted).await {
        Ok(near) => Ok(Similar {
            records: near
                .into_iter()
                .map(|n| SimilarRecord {
                    kind: n.kind,
                    id: n.id,
                    title: n.title,
                    similarity: percent(n.score),
                })
                .collect(),
            meaning_off: None,
        }),
        Err(e) => Ok(Similar {
            records: Vec::new(),
            meaning_off: Some(super::off_reason(ctx, e)?.to_owned()),
        }),
    }
}

/// A cosine similarity as a whole percentage, 0 to 100.
fn percent(score: f32) -> u8 {
    (score.clamp(0.0, 1.0) * 100.0).round() as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_compared_with_itself_first() {
        for kind in RecordKind::ALL {
            assert_eq!(compared(kind).first(), Some(&kind));
        }
    }

    #[test]
    fn similarities_are_whole_percentages() {
        assert_eq!(percent(0.874), 87);
        assert_eq!(percent(1.2), 100);
        assert_eq!(percent(-0.3), 0);
    }
}
