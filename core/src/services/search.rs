//! Global search across accounts, contacts, leads, deals, contracts and tasks: typo tolerant,
//! ranked, and scoped like every list (owners and watchers; managers and admins see all).
//!
//! The database finds candidates through its own index over `search_entries` (kept by the
//! triggers of migration 9): pg_trgm word similarity plus a prefix tsquery on Postgres (see
//! `postgres`), an FTS5 trigram match on SQLite. One ranking, `similarity::score`, then
//! orders them the same way on both.
//!
//! [`find`] adds matching by meaning (`semantic::search`) and fuses both rankings by
//! reciprocal rank fusion; when search by meaning is off or out of reach, the words still
//! match and the answer says why meaning took no part.

mod similarity;

use crate::error::CoreResult;
use crate::records::access::{self, KindOf, Scope};
use crate::records::filters::escape_like;
use crate::semantic;
use crate::{Actor, Ctx};
use sea_orm::sea_query::{Alias, Cond, Expr, LikeExpr, Query, SelectStatement, SimpleExpr};
use sea_orm::{ConnectionTrait, DatabaseBackend, FromQueryResult, Statement};
use std::collections::HashMap;
use types::dto::records::RecordKind;
use types::dto::search::{SearchHit, SearchMode, SearchResults};
use uuid::Uuid;

/// How many hits a search returns.
pub const LIMIT: usize = 20;
/// How many candidates the index hands to the ranking.
const CANDIDATES: u64 = 100;
/// The longest query looked at, in characters.
const MAX_QUERY: usize = 100;
/// Reciprocal rank fusion's constant: a hit at rank r (from 1) in a ranking scores
/// 1 / (RRF_K + r) there, so the top few of each ranking count about the same, and a record
/// both rankings found rises above either's runner-up.
const RRF_K: f32 = 60.0;
/// The lowest cosine similarity a hit by meaning needs: what scores below it has little to do
/// with the query (all-MiniLM-L6-v2 puts unrelated texts near 0.1).
const MIN_MEANING: f32 = 0.25;
/// The kinds of the global search (those with `search_entries`).
const SEARCHED: [RecordKind; 6] = [
    RecordKind::Account,
    RecordKind::Contact,
    RecordKind::Lead,
    RecordKind::Opportunity,
    RecordKind::Contract,
    RecordKind::Task,
];
/// pg_trgm's word-similarity cut-off for a manager's candidates: low enough for a typo in a
/// short name (pg_trgm counts a swapped pair of letters in "hamliton" as 0.38).
const PG_THRESHOLD: &str = "0.3";

#[derive(Debug, FromQueryResult)]
struct Candidate {
    kind: String,
    record_id: Uuid,
    title: String,
    detail: String,
}

/// The records the actor may see that match `text` in the words typed, by meaning, or both.
pub async fn find(
    ctx: &Ctx,
    actor: &Actor,
    text: &str,
    mode: SearchMode,
) -> CoreResult<SearchResults> {
    let text = checked(text)?;
    if text.chars().count() < 2 {
        return Ok(SearchResults::default());
    }
    let words = match mode {
        SearchMode::Semantic => Vec::new(),
        SearchMode::Keyword | SearchMode::Hybrid => matching(ctx, actor, &text).await?,
    };
    if mode == SearchMode::Keyword {
        return Ok(SearchResults {
            hits: words,
            meaning_off: None,
        });
    }
    let wanted = semantic::search::Wanted {
        kinds: &SEARCHED,
        exclude: None,
        limit: LIMIT,
        min_score: MIN_MEANING,
    };
    let (meaning, meaning_off) = match semantic::search::nearest(ctx, actor, &text, wanted).await {
        Ok(near) => (entries_of(ctx, actor, &near).await?, None),
        Err(e) => (Vec::new(), Some(semantic::off_reason(ctx, e)?.to_owned())),
    };
    Ok(SearchResults {
        hits: fuse([words, meaning]),
        meaning_off,
    })
}

/// The global search's lines for records found by meaning, in their order: read from the
/// search entries, scoped like every search, so a record filed away since it was indexed
/// (trashed, converted) is left out.
async fn entries_of(
    ctx: &Ctx,
    actor: &Actor,
    near: &[semantic::search::Near],
) -> CoreResult<Vec<SearchHit>> {
    if near.is_empty() {
        return Ok(Vec::new());
    }
    let mut select = select_entries();
    select
        .from(entries())
        .and_where(
            Expr::col((entries(), Alias::new("record_id")))
                .is_in(near.iter().map(|n| n.id).collect::<Vec<_>>()),
        )
        .cond_where(visible(access::scope(actor, false)));
    let rows = Candidate::find_by_statement(ctx.db.get_database_backend().build(&select))
        .all(&ctx.db)
        .await?;
    let mut by_id: HashMap<Uuid, Candidate> = rows.into_iter().map(|c| (c.record_id, c)).collect();
    Ok(near
        .iter()
        .filter_map(|n| {
            let c = by_id.remove(&n.id)?;
            (c.kind == n.kind.code()).then_some(SearchHit {
                kind: n.kind,
                id: n.id,
                title: c.title,
                detail: c.detail,
            })
        })
        .collect())
}

/// Reciprocal rank fusion of rankings, best first, at most [`LIMIT`].
fn fuse<const N: usize>(rankings: [Vec<SearchHit>; N]) -> Vec<SearchHit> {
    let mut fused: Vec<(f32, SearchHit)> = Vec::new();
    for ranking in rankings {
        for (rank, hit) in (1u16..).zip(ranking) {
            let score = 1.0 / (RRF_K + f32::from(rank));
            match fused.iter_mut().find(|(_, h)| h.id == hit.id) {
                Some((total, _)) => *total += score,
                None => fused.push((score, hit)),
            }
        }
    }
    fused.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.title.cmp(&b.1.title)));
    fused.into_iter().take(LIMIT).map(|(_, hit)| hit).collect()
}

/// The search text, checked like every text filter.
fn checked(text: &str) -> CoreResult<String> {
    types::validate::query(text)
        .map_err(|key| crate::CoreError::Validation(vec![types::error::FieldError::new("q", key)]))
}

/// The records matching the words of `text` the actor may see, best first.
pub async fn search(ctx: &Ctx, actor: &Actor, text: &str) -> CoreResult<Vec<SearchHit>> {
    matching(ctx, actor, &checked(text)?).await
}

/// [`search`] for a text already checked.
async fn matching(ctx: &Ctx, actor: &Actor, text: &str) -> CoreResult<Vec<SearchHit>> {
    let query = normalize(text);
    // The searchable kinds are all owned records (no shared catalog among them).
    let scope = access::scope(actor, false);
    if query.chars().count() < 2 {
        return Ok(Vec::new());
    }
    let candidates = match ctx.db.get_database_backend() {
        DatabaseBackend::Postgres => postgres(ctx, scope, &query).await?,
        _ => sqlite(ctx, scope, &query).await?,
    };
    let mut scored: Vec<(f32, SearchHit)> = candidates
        .into_iter()
        .filter_map(|c| {
            let score = similarity::score(&query, &c.title, &c.detail)?;
            let kind = RecordKind::from_code(&c.kind)?;
            Some((
                score,
                SearchHit {
                    kind,
                    id: c.record_id,
                    title: c.title,
                    detail: c.detail,
                },
            ))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.title.cmp(&b.1.title)));
    Ok(scored.into_iter().take(LIMIT).map(|(_, hit)| hit).collect())
}

/// Lower case, single spaces, at most `MAX_QUERY` characters.
fn normalize(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .chars()
        .take(MAX_QUERY)
        .collect()
}

fn entries() -> Alias {
    Alias::new("search_entries")
}

/// The entries the actor may see, by the one visibility rule (`access::own_or_watched`).
fn visible(scope: Scope) -> Cond {
    let col = |c: &str| SimpleExpr::from(Expr::col((entries(), Alias::new(c))));
    match scope {
        Scope::All => Cond::all(),
        Scope::Own(user) => access::own_or_watched(
            user,
            KindOf::Column(col("kind")),
            col("owner_id"),
            col("record_id"),
        ),
    }
}

fn select_entries() -> SelectStatement {
    Query::select()
        .columns(["kind", "record_id", "title", "detail"].map(|c| (entries(), Alias::new(c))))
        .to_owned()
}

/// On Postgres, two shapes, each bounded by an index whatever the table size:
///
/// - A user's entries are few enough per owner to walk the GiST index on (owner, title
///   trigrams) in order of word-similarity distance (`<->>`), stopping after `CANDIDATES`,
///   with no similarity cut-off, so even a badly misspelled name finds its nearest titles.
///   The records they watch are a second such branch, and word prefixes in the detail (emails,
///   companies) a third, over the (owner, document) GIN index.
/// - Managers and admins search everyone's entries: the GIN trigram index picks the titles
///   word-similar above `PG_THRESHOLD` (or with the word prefixes), ranked by similarity.
async fn postgres(ctx: &Ctx, scope: Scope, query: &str) -> CoreResult<Vec<Candidate>> {
    let document = migration::SEARCH_DOCUMENT;
    let prefixes = tsquery(query);
    let (sql, mut values): (String, Vec<sea_orm::Value>) = match scope {
        Scope::All => {
            let words = match &prefixes {
                Some(_) => format!("OR {document} @@ to_tsquery('simple', $2)"),
                None => String::new(),
            };
            (
                format!(
                    "SELECT kind, record_id, title, detail FROM search_entries \
                 WHERE ($1 <% title {words}) \
                 ORDER BY word_similarity($1, title) DESC LIMIT {CANDIDATES}"
                ),
                vec![query.into()],
            )
        }
        // The rule `access::own_or_watched` as two index walks: what the user owns, and what
        // they watch.
        Scope::Own(user) => {
            let words = match &prefixes {
                Some(_) => format!(
                    "UNION (SELECT kind, record_id, title, detail FROM search_entries \
                 WHERE owner_id = $2 AND {document} @@ to_tsquery('simple', $3) \
                 LIMIT {CANDIDATES})"
                ),
                None => String::new(),
            };
            (
                format!(
                    "(SELECT kind, record_id, title, detail FROM search_entries \
                 WHERE owner_id = $2 ORDER BY title <->> $1 LIMIT {CANDIDATES}) \
                 UNION (SELECT e.kind, e.record_id, e.title, e.detail FROM search_entries e \
                 JOIN watchers w ON w.entity = e.kind AND w.record_id = e.record_id \
                 WHERE w.user_id = $2 ORDER BY e.title <->> $1 LIMIT {CANDIDATES}) {words}"
                ),
                vec![query.into(), user.0.into()],
            )
        }
    };
    if let Some(p) = prefixes {
        values.push(p.into());
    }
    let statement = Statement::from_sql_and_values(DatabaseBackend::Postgres, sql, values);
    if scope != Scope::All {
        return Ok(Candidate::find_by_statement(statement).all(&ctx.db).await?);
    }
    // The threshold is per transaction, so a search never changes another query's.
    let txn = ctx.begin().await?;
    txn.execute_unprepared(&format!(
        "SET LOCAL pg_trgm.word_similarity_threshold = {PG_THRESHOLD}"
    ))
    .await?;
    let rows = Candidate::find_by_statement(statement).all(&txn).await?;
    txn.commit().await?;
    Ok(rows)
}

/// `word:*` for every word, all required: prefix matches on names, companies and emails.
fn tsquery(query: &str) -> Option<String> {
    let words: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("{w}:*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" & "))
}

/// FTS5 trigram matches (any trigram of the query), best matched first; queries shorter
/// than a trigram fall back to a title prefix.
async fn sqlite(ctx: &Ctx, scope: Scope, query: &str) -> CoreResult<Vec<Candidate>> {
    let fts = Alias::new("search_fts");
    let mut select = select_entries();
    match fts_query(query) {
        Some(m) => select
            .from(fts.clone())
            .inner_join(
                entries(),
                Expr::col((entries(), Alias::new("rowid")))
                    .equals((fts.clone(), Alias::new("rowid"))),
            )
            .and_where(Expr::cust_with_values("search_fts MATCH ?", [m]))
            .order_by((fts, Alias::new("rank")), sea_orm::Order::Asc),
        None => select.from(entries()).and_where(
            Expr::col((entries(), Alias::new("title")))
                .like(LikeExpr::new(format!("{}%", escape_like(query))).escape('\\')),
        ),
    };
    select.cond_where(visible(scope)).limit(CANDIDATES);
    Ok(
        Candidate::find_by_statement(ctx.db.get_database_backend().build(&select))
            .all(&ctx.db)
            .await?,
    )
}

/// The query's trigrams as an FTS5 OR query, each quoted as a phrase.
fn fts_query(query: &str) -> Option<String> {
    let mut grams: Vec<String> = Vec::new();
    for word in query.split_whitespace() {
        let chars: Vec<char> = word.chars().collect();
        for w in chars.windows(3) {
            let gram: String = w.iter().collect();
            let quoted = format!("\"{}\"", gram.replace('"', "\"\""));
            if !grams.contains(&quoted) {
                grams.push(quoted);
            }
        }
    }
    (!grams.is_empty()).then(|| grams.join(" OR "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(id: u128, title: &str) -> SearchHit {
        SearchHit {
            kind: RecordKind::Account,
            id: Uuid::from_u128(id),
            title: title.into(),
            detail: String::new(),
        }
    }

    #[test]
    fn fusion_lifts_what_both_rankings_found() {
        let words = vec![hit(1, "Acme"), hit(2, "Acme Labs"), hit(3, "Acme Tools")];
        let meaning = vec![hit(4, "Roadrunner Supply"), hit(3, "Acme Tools")];
        let ids: Vec<u128> = fuse([words, meaning])
            .iter()
            .map(|h| h.id.as_u128())
            .collect();
        // 3 is third and second: 1/63 + 1/62 beats 1's 1/61 alone.
        assert_eq!(ids, [3, 1, 4, 2]);
    }

    #[test]
    fn fusion_of_one_ranking_keeps_its_order() {
        let words = vec![hit(2, "B"), hit(1, "A")];
        let ids: Vec<u128> = fuse([words, Vec::new()])
            .iter()
            .map(|h| h.id.as_u128())
            .collect();
        assert_eq!(ids, [2, 1]);
    }

    #[test]
    fn queries_are_normalized_and_sanitized() {
        assert_eq!(normalize("  Ada   LOVELACE "), "ada lovelace");
        assert_eq!(tsquery("o'brien & co"), Some("o:* & brien:* & co:*".into()));
        assert_eq!(tsquery("&&"), None);
        assert_eq!(
            fts_query("jon\"s"),
            Some("\"jon\" OR \"on\"\"\" OR \"n\"\"s\"".into())
        );
        assert_eq!(fts_query("ab"), None);
    }
}
