//! What a list is asked for, typed: the filters every list offers ([`Common`]), the kind's
//! own ([`Filter`], one struct per kind beside its DTOs) and the page ([`Page`]). The UI keeps
//! a list's state as URL text ([`ListQuery`]) and reads it into a [`ListRequest`] here, with
//! the shared rules; other adapters decode straight into these types. Services take only the
//! typed request, so `status` or `parent` never mean one thing here and another there.

use super::records::ListQuery;
use crate::error::AppError;
use crate::ids::UserId;
use crate::validate::{self, Checker, Rule};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::Date;

/// Amount filters are typed in major units and compared in hundredths.
pub const AMOUNT_SCALE: i16 = 2;

/// Whose records a list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    /// The user asking, whoever that is (so a saved link works for everyone).
    Me,
    User(UserId),
}

impl Owner {
    /// `me`, a user id, or empty for anyone.
    pub fn parse(input: &str) -> Rule<Option<Owner>> {
        match input.trim() {
            "" => Ok(None),
            "me" => Ok(Some(Owner::Me)),
            id => id
                .parse()
                .map(|id| Some(Owner::User(id)))
                .map_err(|_| "validation-invalid"),
        }
    }
}

impl Serialize for Owner {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Owner::Me => s.serialize_str("me"),
            Owner::User(id) => id.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Owner {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        match Owner::parse(&text) {
            Ok(Some(owner)) => Ok(owner),
            _ => Err(serde::de::Error::custom("expected `me` or a user id")),
        }
    }
}

/// The filters every list offers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Common {
    /// Words matched against the starts of the words of the record's names, emails and
    /// phones. The service checks it with [`validate::query`] whatever sent it.
    pub text: String,
    pub owner: Option<Owner>,
    /// Created on or after this day (UTC).
    #[serde(with = "crate::wire::option", default)]
    pub created_from: Option<Date>,
    /// Created on or before this day (UTC).
    #[serde(with = "crate::wire::option", default)]
    pub created_to: Option<Date>,
    /// Amount range in hundredths of the currency's unit, for kinds that have an amount.
    pub amount_min: Option<i64>,
    pub amount_max: Option<i64>,
}

impl Common {
    fn read(q: &ListQuery, c: &mut Checker) -> Common {
        let amount = |c: &mut Checker, key, text: &str| {
            c.check(key, validate::amount(text, AMOUNT_SCALE)).flatten()
        };
        Common {
            text: c.check("q", validate::query(&q.q)).unwrap_or_default(),
            owner: c.check("owner", Owner::parse(&q.owner)).flatten(),
            created_from: c.check("from", validate::optional_date(&q.from)).flatten(),
            created_to: c.check("to", validate::optional_date(&q.to)).flatten(),
            amount_min: amount(c, "min", &q.min),
            amount_max: amount(c, "max", &q.max),
        }
    }
}

/// Which page of the list, in which order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Page {
    /// A sortable column key of the kind; `None` for its default order.
    pub sort: Option<String>,
    pub desc: bool,
    /// The opaque cursor of the page to show, from the previous page's `next`.
    pub after: Option<String>,
    /// Rows per page; `None` for [`PAGE_SIZE`]. Services clamp it to `1..=MAX_PAGE_SIZE`.
    pub limit: Option<u64>,
}

/// Rows per page unless a request asks for another number.
pub const PAGE_SIZE: u64 = 50;
/// The most rows one page may hold.
pub const MAX_PAGE_SIZE: u64 = 200;

impl Page {
    /// Rows on this page.
    pub fn size(&self) -> u64 {
        self.limit.unwrap_or(PAGE_SIZE).clamp(1, MAX_PAGE_SIZE)
    }

    fn read(q: &ListQuery) -> Page {
        let given = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        Page {
            sort: given(&q.sort),
            desc: q.descending(),
            after: given(&q.after),
            limit: None,
        }
    }
}

/// A kind's own filters (an account's status, the deals of one account).
pub trait Filter: Default {
    /// Reads them from the list's URL state; a malformed value is a field error named after
    /// its URL key, so the list shows it beside the control.
    fn read(q: &ListQuery, c: &mut Checker) -> Self;
}

/// A list with no filters of its own beside the common ones.
impl Filter for () {
    fn read(_: &ListQuery, _: &mut Checker) {}
}

/// A list request as services take it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListRequest<F> {
    pub common: Common,
    pub filter: F,
    pub page: Page,
}

impl<F: Filter> ListRequest<F> {
    /// The typed request of a list's URL state, or every field error in it.
    pub fn read(q: &ListQuery) -> Result<ListRequest<F>, AppError> {
        let mut c = Checker::new();
        let common = Common::read(q, &mut c);
        let filter = F::read(q, &mut c);
        c.finish()?;
        Ok(ListRequest {
            common,
            filter,
            page: Page::read(q),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq)]
    struct Status(Option<String>);

    impl Filter for Status {
        fn read(q: &ListQuery, _: &mut Checker) -> Self {
            Status((!q.status.is_empty()).then(|| q.status.clone()))
        }
    }

    #[test]
    fn url_text_becomes_typed_filters() {
        let q = ListQuery::from_pairs([
            ("q", " ada allen "),
            ("owner", "me"),
            ("from", "2026-01-31"),
            ("min", "1,000.50"),
            ("status", "won"),
            ("sort", "name"),
            ("dir", "desc"),
        ]);
        let r = ListRequest::<Status>::read(&q).expect("valid");
        assert_eq!(r.common.text, "ada allen");
        assert_eq!(r.common.owner, Some(Owner::Me));
        assert_eq!(
            r.common.created_from,
            Date::from_calendar_date(2026, time::Month::January, 31).ok()
        );
        assert_eq!(
            (r.common.amount_min, r.common.amount_max),
            (Some(100_050), None)
        );
        assert_eq!(r.filter, Status(Some("won".into())));
        assert_eq!((r.page.sort.as_deref(), r.page.desc), (Some("name"), true));
        assert_eq!(r.page.after, None);
    }

    #[test]
    fn every_malformed_value_is_reported_under_its_url_key() {
        let q = ListQuery::from_pairs([("owner", "someone"), ("to", "soon"), ("max", "lots")]);
        let Err(AppError::Validation { fields }) = ListRequest::<()>::read(&q) else {
            panic!("malformed filters were accepted");
        };
        let keys: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(keys, ["owner", "to", "max"]);
    }

    #[test]
    fn owner_reads_me_or_an_id_as_json_too() {
        let me: Owner = serde_json::from_str(r#""me""#).expect("me");
        assert_eq!(me, Owner::Me);
        assert!(serde_json::from_str::<Owner>(r#""someone""#).is_err());
        assert_eq!(serde_json::to_string(&Owner::Me).expect("json"), r#""me""#);
    }
}
