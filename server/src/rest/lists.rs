//! A list's query string, read strictly: each parameter once, every name known (a misspelt
//! `cursor` must not silently return page one again), values checked by the same rules as
//! the UI's list URLs, then handed to the service as a typed request.

use super::error::ApiError;
use super::openapi::{self, Op};
use axum::http::StatusCode;
use std::borrow::Cow;
use std::collections::HashSet;
use types::dto::duplicates::DuplicateQuery;
use types::dto::list::{Filter, ListRequest, MAX_PAGE_SIZE, PAGE_SIZE, Page};
use types::dto::records::{ListQuery, RecordKind};
use types::dto::search::SearchMode;

/// An API parameter and the slot of the list state it fills.
pub type Param = (&'static str, &'static str);

/// The parameters every list takes, beside `limit` and the kind's own.
pub const COMMON: &[Param] = &[
    ("q", "q"),
    ("owner", "owner"),
    ("created_from", "from"),
    ("created_to", "to"),
    ("amount_min", "min"),
    ("amount_max", "max"),
    ("sort", "sort"),
    ("order", "dir"),
    ("cursor", "after"),
];

/// The API name of a list-state slot.
fn api_name(own: &'static [Param], slot: &str) -> Option<&'static str> {
    COMMON
        .iter()
        .chain(own)
        .find(|(_, s)| *s == slot)
        .map(|(name, _)| *name)
}

/// The typed request of `raw`, for a list of `kind`, whose own filters are `own`.
pub fn read<F: Filter>(
    raw: Option<&str>,
    kind: RecordKind,
    own: &'static [Param],
) -> Result<ListRequest<F>, ApiError> {
    let options = kind.list_options();
    let mut slots = Vec::new();
    let mut limit = None;
    for (name, value) in once_each(raw)? {
        match name.as_ref() {
            "limit" => limit = Some(page_size(&value)?),
            "order" if !matches!(value.as_ref(), "asc" | "desc") => {
                return Err(ApiError::field(
                    StatusCode::BAD_REQUEST,
                    "validation-order",
                    "order",
                ));
            }
            "sort" if !options.sortable.contains(&value.as_ref()) => {
                return Err(ApiError::field(
                    StatusCode::BAD_REQUEST,
                    "validation-sort",
                    "sort",
                ));
            }
            "amount_min" | "amount_max" if !options.amount => {
                return Err(ApiError::unknown_parameter(&name));
            }
            _ => {
                let Some((_, slot)) = COMMON.iter().chain(own).find(|(n, _)| *n == name) else {
                    return Err(ApiError::unknown_parameter(&name));
                };
                slots.push((*slot, value.into_owned()));
            }
        }
    }
    let q = ListQuery::from_pairs(slots.iter().map(|(k, v)| (*k, v.as_str())));
    let mut request = ListRequest::<F>::read(&q).map_err(|e| in_query(e.into(), own))?;
    request.page.limit = limit;
    Ok(request)
}

/// A query parameter's name and value.
type Pair<'a> = (Cow<'a, str>, Cow<'a, str>);

/// The parameters of a query string; one sent twice is a 400.
fn once_each(raw: Option<&str>) -> Result<Vec<Pair<'_>>, ApiError> {
    let mut seen = HashSet::new();
    let mut pairs = Vec::new();
    for (name, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        if !seen.insert(name.clone()) {
            return Err(ApiError::field(
                StatusCode::BAD_REQUEST,
                "api-repeated-parameter",
                &name,
            ));
        }
        pairs.push((name, value));
    }
    Ok(pairs)
}

/// A search over a list that is not a record list (the users directory): `q`, `limit` and
/// `cursor`, nothing else.
pub fn read_search(raw: Option<&str>) -> Result<(String, Page), ApiError> {
    read_paged(raw, true)
}

/// The global search: `q` and `mode`, nothing else.
pub fn read_find(raw: Option<&str>) -> Result<(String, SearchMode), ApiError> {
    let mut text = String::new();
    let mut mode = SearchMode::default();
    for (name, value) in once_each(raw)? {
        match name.as_ref() {
            "q" => text = value.into_owned(),
            "mode" => {
                mode = SearchMode::from_code(&value).ok_or_else(|| {
                    ApiError::field(StatusCode::BAD_REQUEST, "api-search-mode", "mode")
                })?;
            }
            _ => return Err(ApiError::unknown_parameter(&name)),
        }
    }
    Ok((text, mode))
}

/// How the review queue names the kinds it compares.
pub const DUPLICATE_KINDS: [&str; 3] = ["contacts", "accounts", "leads"];

/// The review queue of duplicates: `kind`, `min_confidence` and the page.
pub fn read_duplicates(raw: Option<&str>) -> Result<DuplicateQuery, ApiError> {
    let mut kind = None;
    let mut query = DuplicateQuery {
        kind: RecordKind::Contact,
        min_confidence: core_svc::duplicates::LIKELY,
        limit: PAGE_SIZE,
        after: None,
    };
    for (name, value) in once_each(raw)? {
        match name.as_ref() {
            "kind" => {
                let found = types::dto::duplicates::KINDS
                    .into_iter()
                    .find(|k| k.list_path().trim_start_matches('/') == value);
                kind = Some(found.ok_or_else(|| {
                    ApiError::field(StatusCode::BAD_REQUEST, "dup-error-kind", "kind")
                })?);
            }
            "min_confidence" => {
                query.min_confidence =
                    value
                        .parse::<u8>()
                        .ok()
                        .filter(|n| *n <= 100)
                        .ok_or_else(|| {
                            ApiError::field(
                                StatusCode::BAD_REQUEST,
                                "validation-invalid",
                                "min_confidence",
                            )
                        })?;
            }
            "limit" => query.limit = page_size(&value)?,
            "cursor" => query.after = Some(value.into_owned()),
            _ => return Err(ApiError::unknown_parameter(&name)),
        }
    }
    query.kind = kind
        .ok_or_else(|| ApiError::field(StatusCode::BAD_REQUEST, "validation-required", "kind"))?;
    Ok(query)
}

/// A page of a log: `limit` and `cursor`, nothing else.
pub fn read_page(raw: Option<&str>) -> Result<Page, ApiError> {
    read_paged(raw, false).map(|(_, page)| page)
}

fn read_paged(raw: Option<&str>, searched: bool) -> Result<(String, Page), ApiError> {
    let mut text = String::new();
    let mut page = Page::default();
    for (name, value) in once_each(raw)? {
        match name.as_ref() {
            "q" if searched => text = value.into_owned(),
            "limit" => page.limit = Some(page_size(&value)?),
            "cursor" => page.after = Some(value.into_owned()),
            _ => return Err(ApiError::unknown_parameter(&name)),
        }
    }
    Ok((text, page))
}

/// Documents a list's parameters: the common ones (the amount range where the kind has an
/// amount), the kind's own, and the page.
pub fn describe(mut op: Op, kind: RecordKind, own: &'static [Param]) -> Op {
    let options = kind.list_options();
    for (name, _) in COMMON.iter().chain(own) {
        let schema = match *name {
            "amount_min" | "amount_max" if !options.amount => continue,
            "cursor" => continue,
            "created_from" | "created_to" => openapi::date(),
            "sort" => openapi::one_of_words(options.sortable),
            "order" => openapi::one_of_words(&["asc", "desc"]),
            "account" | "stage" | "contact_type" => openapi::uuid(),
            _ => openapi::text(),
        };
        op = op.query(name, about(name), schema);
    }
    op.paged()
}

/// What a list parameter does.
fn about(name: &str) -> &'static str {
    match name {
        "q" => "Words that the name, email or other text fields start with",
        "owner" => "`me`, or a user's id",
        "created_from" => "Created on or after this day",
        "created_to" => "Created on or before this day",
        "amount_min" => "At least this amount, in the workspace's reference currency",
        "amount_max" => "At most this amount, in the workspace's reference currency",
        "sort" => "The column to sort by (the kind's default order if left out)",
        "order" => "`asc` (the default) or `desc`",
        "status" => "A status: its code, or for leads a pick-list value's id",
        "stage" => "A stage's id",
        "account" => "An account's id",
        "contact_type" => "A contact type's id (a pick-list value)",
        "kind" => "An activity kind code",
        "about" | "on" => "A record, written `kind:id` (such as `account:0193…`)",
        _ => "A filter",
    }
}

/// An error about the list state, said in the API's parameter names, as a 400.
pub fn in_query(err: ApiError, own: &'static [Param]) -> ApiError {
    if err.status() != StatusCode::UNPROCESSABLE_ENTITY {
        return err;
    }
    err.rename_fields(|slot| api_name(own, slot))
        .with_status(StatusCode::BAD_REQUEST)
}

fn page_size(value: &str) -> Result<u64, ApiError> {
    value
        .parse::<u64>()
        .ok()
        .filter(|n| (1..=MAX_PAGE_SIZE).contains(n))
        .ok_or_else(|| ApiError::field(StatusCode::BAD_REQUEST, "validation-limit", "limit"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use types::dto::contacts::ContactFilter;
    use types::dto::list::Owner;

    const OWN: &[Param] = &[("contact_type", "status"), ("account", "parent")];

    fn read_contacts(raw: &str) -> Result<ListRequest<ContactFilter>, ApiError> {
        read(Some(raw), RecordKind::Contact, OWN)
    }

    #[test]
    fn parameters_become_the_typed_request() {
        let account = "0193a0c4-0000-7000-8000-000000000001";
        let r = read_contacts(&format!(
            "q=ada&owner=me&created_from=2026-01-31&sort=name&order=desc&limit=200&account={account}"
        ))
        .expect("valid");
        assert_eq!(r.common.text, "ada");
        assert_eq!(r.common.owner, Some(Owner::Me));
        assert_eq!(r.common.created_to, None);
        let deals: ListRequest<types::dto::opportunities::OpportunityFilter> =
            read(Some("amount_min=10"), RecordKind::Opportunity, &[]).expect("valid");
        assert_eq!(deals.common.amount_min, Some(1_000));
        assert_eq!(
            r.filter.account.map(|a| a.to_string()).as_deref(),
            Some(account)
        );
        assert_eq!((r.page.sort.as_deref(), r.page.desc), (Some("name"), true));
        assert_eq!(r.page.size(), 200);
        assert_eq!(read_contacts("").expect("empty").page.size(), 50);
    }

    #[test]
    fn unknown_repeated_and_malformed_parameters_are_named() {
        let problem = |raw: &str| {
            let e = read_contacts(raw).expect_err(raw);
            (e.status(), format!("{e:?}"))
        };
        for (raw, field) in [
            ("curser=abc", "curser"),
            ("status=x", "status"),
            ("q=a&q=b", "q"),
            ("limit=0", "limit"),
            ("limit=201", "limit"),
            ("limit=ten", "limit"),
            ("order=up", "order"),
            ("created_to=soon", "created_to"),
            ("account=nope", "account"),
            ("sort=shoe_size", "sort"),
            ("amount_min=10", "amount_min"),
        ] {
            let (status, debug) = problem(raw);
            assert_eq!(status, StatusCode::BAD_REQUEST, "{raw}");
            assert!(
                debug.contains(&format!("Some(\"{field}\")")),
                "{raw}: {debug}"
            );
        }
    }
}
