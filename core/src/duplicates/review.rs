//! What people do with duplicates: read the review queue, mark a pair "not a duplicate",
//! and check a record before saving it. Every pair shown is one whose two records the actor
//! may see; a record they may not see is `NotFound`, and never counted.

use super::pairs::{self, ordered, sharing};
use super::profile::Profile;
use super::score::score;
use super::{LIKELY, Matched};
use crate::audit::{self, Action, Change};
use crate::error::{CoreError, CoreResult};
use crate::policy::records as policy;
use crate::records::access::{self, State};
use crate::records::keyset;
use crate::{Actor, Ctx};
use entity::duplicate_pairs as rows;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};
use std::collections::HashMap;
use types::dto::duplicates::{
    Draft, DuplicatePage, DuplicatePair, DuplicateQuery, LikelyDuplicate, PairSide,
};
use types::dto::records::RecordKind;
use types::error::FieldError;
use uuid::Uuid;

/// The most pairs one page holds.
pub const MAX_PAGE: u64 = 200;
/// The most likely duplicates the check before saving names.
const CHECK_SHOWN: usize = 5;
/// The most e-mail addresses or phone numbers a draft is checked with.
const DRAFT_VALUES: usize = 5;

fn field_error(field: &str, key: &'static str) -> CoreError {
    CoreError::Validation(vec![FieldError::new(field, key)])
}

/// Duplicates are looked for among contacts, accounts and leads only.
fn not_matched() -> CoreError {
    field_error("kind", "dup-error-kind")
}

/// A page of the review queue for `q.kind`: undismissed pairs at or above
/// `q.min_confidence`, most likely first, whose two records the actor may both see.
pub async fn queue(ctx: &Ctx, actor: &Actor, q: &DuplicateQuery) -> CoreResult<DuplicatePage> {
    crate::with_matched!(q.kind, E => queue_kind::<E>(ctx, actor, q).await, Err(not_matched()))
}

/// Where a page of the queue starts: after this pair.
#[derive(serde::Serialize, serde::Deserialize)]
struct Cursor {
    confidence: i16,
    a: Uuid,
    b: Uuid,
}

/// What a queue's cursor is sealed for (with the viewer): the kind, most likely first.
fn list_of(kind: RecordKind) -> String {
    format!("duplicates:{}", kind.code())
}

async fn queue_kind<K: Matched>(
    ctx: &Ctx,
    actor: &Actor,
    q: &DuplicateQuery,
) -> CoreResult<DuplicatePage> {
    if q.min_confidence > 100 {
        return Err(field_error("min_confidence", "validation-invalid"));
    }
    let limit = q.limit.clamp(1, MAX_PAGE);
    let visible = || {
        K::find()
            .select_only()
            .column(K::id_col())
            .filter(access::visible::<K>(actor))
            .into_query()
    };
    let mut select = rows::Entity::find()
        .filter(rows::Column::Kind.eq(K::KIND.code()))
        .filter(rows::Column::DismissedAt.is_null())
        .filter(rows::Column::Confidence.gte(i16::from(q.min_confidence)))
        .filter(rows::Column::A.in_subquery(visible()))
        .filter(rows::Column::B.in_subquery(visible()));
    if let Some(after) = q.after.as_deref() {
        let c: Cursor = keyset::open(ctx, actor, &list_of(K::KIND), true, after)?;
        select = select.filter(
            Condition::any()
                .add(rows::Column::Confidence.lt(c.confidence))
                .add(
                    Condition::all()
                        .add(rows::Column::Confidence.eq(c.confidence))
                        .add(
                            Condition::any().add(rows::Column::A.gt(c.a)).add(
                                Condition::all()
                                    .add(rows::Column::A.eq(c.a))
                                    .add(rows::Column::B.gt(c.b)),
                            ),
                        ),
                ),
        );
    }
    let mut found = select
        .order_by_desc(rows::Column::Confidence)
        .order_by_asc(rows::Column::A)
        .order_by_asc(rows::Column::B)
        .limit(limit + 1)
        .all(&ctx.db)
        .await?;
    let more = found.len() as u64 > limit;
    found.truncate(limit as usize);
    let next = match found.last() {
        Some(last) if more => {
            let cursor = Cursor {
                confidence: last.confidence,
                a: last.a,
                b: last.b,
            };
            Some(keyset::seal(ctx, actor, &list_of(K::KIND), true, &cursor)?)
        }
        _ => None,
    };
    let ids: Vec<Uuid> = found.iter().flat_map(|p| [p.a, p.b]).collect();
    let sides = sides::<K>(ctx, actor, ids).await?;
    let pairs = found
        .into_iter()
        .filter_map(|p| {
            Some(DuplicatePair {
                kind: K::KIND,
                a: sides.get(&p.a)?.clone(),
                b: sides.get(&p.b)?.clone(),
                confidence: u8::try_from(p.confidence).unwrap_or(0),
                reasons: pairs::reasons(&p.reasons),
            })
        })
        .collect();
    Ok(DuplicatePage { pairs, next })
}

/// Titles and details of the records among `ids` the actor may see.
async fn sides<K: Matched>(
    ctx: &Ctx,
    actor: &Actor,
    ids: Vec<Uuid>,
) -> CoreResult<HashMap<Uuid, PairSide>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(K::find()
        .filter(access::visible::<K>(actor))
        .filter(K::id_col().is_in(ids))
        .all(&ctx.db)
        .await?
        .iter()
        .map(|m| (K::id_of(m), side::<K>(m)))
        .collect())
}

fn side<K: Matched>(m: &K::Model) -> PairSide {
    PairSide {
        id: K::id_of(m),
        title: K::title(m),
        detail: K::hint(m),
    }
}

/// Marks two records "not a duplicate": the pair is never suggested again. The actor must
/// be able to edit both; the mark is written into both records' history.
pub async fn dismiss(
    ctx: &Ctx,
    actor: &Actor,
    kind: RecordKind,
    x: Uuid,
    y: Uuid,
) -> CoreResult<()> {
    crate::with_matched!(kind, E => dismiss_kind::<E>(ctx, actor, x, y).await, Err(not_matched()))
}

async fn dismiss_kind<K: Matched>(ctx: &Ctx, actor: &Actor, x: Uuid, y: Uuid) -> CoreResult<()> {
    let txn = ctx.begin().await?;
    let at = ctx.now();
    let mut titles = HashMap::new();
    for id in [x, y] {
        let (m, rel) = access::load::<K>(&txn, actor, id, State::Live).await?;
        policy::can_edit(actor, rel)?;
        titles.insert(id, K::title(&m));
    }
    let (a, b) = ordered(x, y);
    let marked = rows::Entity::update_many()
        .col_expr(rows::Column::DismissedAt, Expr::value(at))
        .col_expr(rows::Column::DismissedBy, Expr::value(actor.user_id.0))
        .filter(rows::Column::Kind.eq(K::KIND.code()))
        .filter(rows::Column::A.eq(a))
        .filter(rows::Column::B.eq(b))
        .filter(rows::Column::DismissedAt.is_null())
        .exec(&txn)
        .await?;
    if marked.rows_affected == 0 {
        return Err(CoreError::NotFound);
    }
    for (id, other) in [(x, y), (y, x)] {
        let title = titles.get(&other).cloned().unwrap_or_default();
        let change = Change::added("not_duplicate_of", audit::link(K::KIND, other, title));
        audit::record(
            &txn,
            at,
            actor,
            K::KIND.code(),
            id,
            Action::Update,
            [change],
        )
        .await?;
    }
    ctx.commit(txn).await
}

/// The existing records a new one of `kind` looks like, most likely first: what the form
/// shows before saving ("this looks like …"). Only records the actor may see are named.
pub async fn check(
    ctx: &Ctx,
    actor: &Actor,
    kind: RecordKind,
    draft: &Draft,
) -> CoreResult<Vec<LikelyDuplicate>> {
    crate::with_matched!(kind, E => check_kind::<E>(ctx, actor, draft).await, Err(not_matched()))
}

/// The draft as matching reads it, its values checked like a search box's.
fn profile(kind: RecordKind, draft: &Draft) -> CoreResult<Profile> {
    let text = |field: &str, value: &str| {
        types::validate::query(value).map_err(|key| field_error(field, key))
    };
    let many = |field: &str, values: &[String]| -> CoreResult<Vec<String>> {
        if values.len() > DRAFT_VALUES {
            return Err(field_error(field, "validation-too-long"));
        }
        values.iter().map(|v| text(field, v)).collect()
    };
    let first = draft
        .first_name
        .as_deref()
        .map(|f| text("first_name", f))
        .transpose()?;
    let name = text("name", &draft.name)?;
    let mut p = if kind == RecordKind::Account {
        Profile::organisation(&name)
    } else {
        Profile::person(first.as_deref(), &name)
    };
    p.emails = many("emails", &draft.emails)?;
    p.phones = many("phones", &draft.phones)?;
    p.company = text("company", draft.company.as_deref().unwrap_or_default())?;
    p.website = text("website", draft.website.as_deref().unwrap_or_default())?;
    p.vat = text("vat_id", draft.vat_id.as_deref().unwrap_or_default())?;
    Ok(p)
}

async fn check_kind<K: Matched>(
    ctx: &Ctx,
    actor: &Actor,
    draft: &Draft,
) -> CoreResult<Vec<LikelyDuplicate>> {
    let profile = profile(K::KIND, draft)?;
    let ids: Vec<Uuid> = sharing(&ctx.db, K::KIND, &profile.keys())
        .await?
        .into_iter()
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = K::find()
        .filter(access::visible::<K>(actor))
        .filter(K::id_col().is_in(ids))
        .all(&ctx.db)
        .await?;
    let mut likely: Vec<LikelyDuplicate> = rows
        .iter()
        .filter_map(|m| {
            let scored = score(&profile, &K::profile(m)?);
            (scored.confidence >= LIKELY).then(|| LikelyDuplicate {
                kind: K::KIND,
                record: side::<K>(m),
                confidence: scored.confidence,
                reasons: scored.reasons,
            })
        })
        .collect();
    likely.sort_by(|a, b| {
        b.confidence
            .cmp(&a.confidence)
            .then_with(|| a.record.title.cmp(&b.record.title))
    });
    likely.truncate(CHECK_SHOWN);
    Ok(likely)
}
