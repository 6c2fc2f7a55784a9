//! What every CRM record shares: its kind, the list state kept in the URL, keyset pages,
//! references to users and lookups, money, history entries, trash rows and picker options.

use crate::ids::{LookupId, UserId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// The kinds of CRM record that share permissions, watchers, history and the trash.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Account,
    Contact,
    Opportunity,
    Product,
    Task,
    Activity,
    Lead,
    Contract,
}

impl RecordKind {
    pub const ALL: [RecordKind; 8] = [
        RecordKind::Account,
        RecordKind::Contact,
        RecordKind::Lead,
        RecordKind::Opportunity,
        RecordKind::Contract,
        RecordKind::Product,
        RecordKind::Task,
        RecordKind::Activity,
    ];

    /// The name used in the audit log, the watchers table and URLs of generic actions.
    pub fn code(self) -> &'static str {
        match self {
            RecordKind::Account => "account",
            RecordKind::Contact => "contact",
            RecordKind::Opportunity => "opportunity",
            RecordKind::Product => "product",
            RecordKind::Task => "task",
            RecordKind::Activity => "activity",
            RecordKind::Lead => "lead",
            RecordKind::Contract => "contract",
        }
    }

    pub fn from_code(code: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The list page, e.g. `/accounts`.
    pub fn list_path(self) -> &'static str {
        match self {
            RecordKind::Account => "/accounts",
            RecordKind::Contact => "/contacts",
            RecordKind::Opportunity => "/opportunities",
            RecordKind::Product => "/products",
            RecordKind::Task => "/tasks",
            RecordKind::Activity => "/activities",
            RecordKind::Lead => "/leads",
            RecordKind::Contract => "/contracts",
        }
    }

    /// A reference to one record as forms and URLs carry it: `kind:id`.
    pub fn reference(self, id: impl std::fmt::Display) -> String {
        format!("{}:{id}", self.code())
    }

    /// The detail page of one record.
    pub fn path(self, id: impl std::fmt::Display) -> String {
        format!("{}/{id}", self.list_path())
    }

    /// What the kind's list offers, declared beside its row type in `dto::<kind>`.
    pub const fn list_options(self) -> ListOptions {
        use super::{
            accounts as a, activities as act, contacts as c, contracts as k, leads as l,
            opportunities as o, products as p, tasks as t,
        };
        let (columns, defaults, sortable, amount) = match self {
            RecordKind::Account => (a::COLUMNS, a::DEFAULT_COLUMNS, a::SORTABLE, true),
            RecordKind::Contact => (c::COLUMNS, c::DEFAULT_COLUMNS, c::SORTABLE, false),
            RecordKind::Opportunity => (o::COLUMNS, o::DEFAULT_COLUMNS, o::SORTABLE, true),
            RecordKind::Product => (p::COLUMNS, p::DEFAULT_COLUMNS, p::SORTABLE, true),
            RecordKind::Task => (t::COLUMNS, t::DEFAULT_COLUMNS, t::SORTABLE, false),
            RecordKind::Activity => (act::COLUMNS, act::DEFAULT_COLUMNS, act::SORTABLE, false),
            RecordKind::Lead => (l::COLUMNS, l::DEFAULT_COLUMNS, l::SORTABLE, false),
            RecordKind::Contract => (k::COLUMNS, k::DEFAULT_COLUMNS, k::SORTABLE, true),
        };
        ListOptions {
            columns,
            defaults,
            sortable,
            amount,
        }
    }
}

/// What a kind's list offers: its page's columns and filters, and the sorts its service takes.
#[derive(Clone, Copy, Debug)]
pub struct ListOptions {
    /// Every column, in order, by key (labelled `field-<key>`).
    pub columns: &'static [&'static str],
    /// The columns shown when the URL names none.
    pub defaults: &'static [&'static str],
    /// The keys it can sort by; the first is the default order.
    pub sortable: &'static [&'static str],
    /// Whether it has an amount to filter by (the service's `Listed::AMOUNT`).
    pub amount: bool,
}

/// A list's state as the URL carries it, so the back button and shared links restore it.
/// Values stay text here; the service parses and validates them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    /// Free text matched against the record's names, emails and phones.
    pub q: String,
    /// A user id, `me`, or empty for everyone the viewer may see.
    pub owner: String,
    /// The record's status, type or stage, by code or lookup id.
    pub status: String,
    /// Only records linked to this parent (e.g. the contacts of one account).
    pub parent: String,
    /// Creation date range, ISO dates.
    pub from: String,
    pub to: String,
    /// Amount range in major units (e.g. `1000` or `1,000.50`).
    pub min: String,
    pub max: String,
    /// A sortable column key; empty means the kind's default.
    pub sort: String,
    /// `desc`, or anything else for ascending.
    pub dir: String,
    /// The keyset cursor of the page to show: the last row of the previous page.
    pub after: String,
    /// Comma-separated keys of the columns to show; empty means the defaults.
    pub cols: String,
}

impl ListQuery {
    /// The URL keys a list reads.
    pub const KEYS: [&'static str; 12] = [
        "q", "owner", "status", "parent", "from", "to", "min", "max", "sort", "dir", "after",
        "cols",
    ];

    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut q = ListQuery::default();
        for (key, value) in pairs {
            match q.slot(key) {
                // Column checkboxes send one `cols` per ticked column.
                Some(slot) if key == "cols" && !slot.is_empty() => {
                    slot.push(',');
                    slot.push_str(value);
                }
                Some(slot) => *slot = value.to_owned(),
                None => {}
            }
        }
        q
    }

    fn slot(&mut self, key: &str) -> Option<&mut String> {
        Some(match key {
            "q" => &mut self.q,
            "owner" => &mut self.owner,
            "status" => &mut self.status,
            "parent" => &mut self.parent,
            "from" => &mut self.from,
            "to" => &mut self.to,
            "min" => &mut self.min,
            "max" => &mut self.max,
            "sort" => &mut self.sort,
            "dir" => &mut self.dir,
            "after" => &mut self.after,
            "cols" => &mut self.cols,
            _ => return None,
        })
    }

    fn pairs(&self) -> [(&'static str, &str); 12] {
        [
            ("q", &self.q),
            ("owner", &self.owner),
            ("status", &self.status),
            ("parent", &self.parent),
            ("from", &self.from),
            ("to", &self.to),
            ("min", &self.min),
            ("max", &self.max),
            ("sort", &self.sort),
            ("dir", &self.dir),
            ("after", &self.after),
            ("cols", &self.cols),
        ]
    }

    pub fn descending(&self) -> bool {
        self.dir == "desc"
    }

    /// The query string (with `?`, or empty) of the non-empty values.
    pub fn to_url(&self) -> String {
        let parts: Vec<String> = self
            .pairs()
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect();
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    /// The same list from its first page, changed by `f` (new sort, filter, …).
    pub fn with(&self, f: impl FnOnce(&mut ListQuery)) -> ListQuery {
        let mut next = ListQuery {
            after: String::new(),
            ..self.clone()
        };
        f(&mut next);
        next
    }

    /// The same state without what equals the defaults (the default columns), so a shared
    /// link carries only what the user chose.
    pub fn without_defaults(mut self, defaults: &[&str]) -> ListQuery {
        let mut cols: Vec<&str> = self.cols.split(',').filter(|c| !c.is_empty()).collect();
        let mut wanted = defaults.to_vec();
        cols.sort_unstable();
        wanted.sort_unstable();
        if cols == wanted {
            self.cols.clear();
        }
        self
    }

    /// The shown column keys, or `defaults` when the URL names none.
    pub fn columns<'a>(&'a self, defaults: &[&'a str]) -> Vec<&'a str> {
        if self.cols.is_empty() {
            defaults.to_vec()
        } else {
            self.cols.split(',').filter(|c| !c.is_empty()).collect()
        }
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay as they are).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A reference to one record of any kind (what a task is about, what a call concerns),
/// written `kind:id` in forms and URLs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Link {
    pub kind: RecordKind,
    pub id: Uuid,
}

impl Link {
    /// `kind:id`, or empty for none.
    pub fn parse(input: &str) -> crate::validate::Rule<Option<Link>> {
        let value = input.trim();
        if value.is_empty() {
            return Ok(None);
        }
        let (kind, id) = value.split_once(':').ok_or("validation-invalid")?;
        let kind = RecordKind::from_code(kind).ok_or("validation-invalid")?;
        let id = id.parse().map_err(|_| "validation-invalid")?;
        Ok(Some(Link { kind, id }))
    }
}

impl std::fmt::Display for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.kind.code(), self.id)
    }
}

/// One page of a keyset-paged list. There is no total: counting a large table on every page
/// is what makes other CRMs slow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListPage<T> {
    pub items: Vec<T>,
    /// The `after` value of the next page, if there is one.
    pub next: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserRef {
    pub id: UserId,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LookupRef {
    pub id: LookupId,
    pub name: String,
}

/// A field's value as the History tab shows it. Typed, so the page formats it the way the
/// rest of the UI does (money and dates per locale, codes translated), and so a linked
/// record is named only to those who may see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum HistoryValue {
    Text {
        text: String,
    },
    Money {
        money: crate::money::Money,
    },
    Date {
        date: time::Date,
    },
    Moment {
        at: OffsetDateTime,
    },
    /// A choice from a fixed set, shown through its Fluent key (`account-status-active`).
    Label {
        key: String,
    },
    /// Another record, by the title it had then.
    Link {
        kind: RecordKind,
        id: Uuid,
        title: String,
    },
    /// A line item: what, how many, and its total.
    Line {
        description: String,
        quantity: String,
        total: crate::money::Money,
    },
    /// A linked record the viewer may not see.
    Hidden,
}

impl HistoryValue {
    /// The text of a plain text value.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            HistoryValue::Text { text } => Some(text),
            _ => None,
        }
    }

    /// Whether two values are the same for the history: a link stays the same record when
    /// that record is renamed.
    pub fn same(&self, other: &HistoryValue) -> bool {
        match (self, other) {
            (
                HistoryValue::Link { kind, id, .. },
                HistoryValue::Link {
                    kind: k2, id: id2, ..
                },
            ) => kind == k2 && id == id2,
            _ => self == other,
        }
    }
}

/// One field's change, as the History tab shows it. `None`: the field had (or has) no value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<HistoryValue>,
    pub new: Option<HistoryValue>,
}

/// One entry of a record's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    #[serde(with = "crate::wire::text")]
    pub at: OffsetDateTime,
    /// The user who acted; `None` for the system or a removed user.
    pub actor: Option<String>,
    /// `create`, `update`, `delete`, `restore`, `watch` or `unwatch`.
    pub action: String,
    pub changes: Vec<FieldChange>,
}

/// A deleted record, as the Trash lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrashItem {
    pub kind: RecordKind,
    pub id: Uuid,
    pub title: String,
    #[serde(with = "crate::wire::text")]
    pub deleted_at: OffsetDateTime,
}

/// One choice offered by a search-as-you-type picker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickOption {
    pub id: String,
    pub label: String,
    /// A second line that tells similar names apart (an email, an account).
    pub hint: String,
}

/// What the bulk bar does to the selected rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BulkAction {
    Reassign,
    Delete,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_state_round_trips_through_the_url() {
        let q = ListQuery::from_pairs([("q", "Acme & Co"), ("sort", "name"), ("x", "y")]);
        assert_eq!(q.q, "Acme & Co");
        assert_eq!(q.to_url(), "?q=Acme%20%26%20Co&sort=name");
        let next = q.with(|n| n.dir = "desc".into());
        assert!(next.descending());
        assert_eq!(next.after, "");
        assert_eq!(ListQuery::default().to_url(), "");
        let cols = ListQuery::from_pairs([("cols", "name"), ("cols", "owner")]);
        assert_eq!(cols.columns(&["name"]), vec!["name", "owner"]);
        // A filter form posts every control; only what differs from the defaults stays.
        let posted = ListQuery::from_pairs([
            ("q", "ada"),
            ("owner", ""),
            ("min", ""),
            ("cols", "owner"),
            ("cols", "name"),
        ]);
        assert_eq!(
            posted.without_defaults(&["name", "owner"]).to_url(),
            "?q=ada"
        );
        let more = ListQuery::from_pairs([("cols", "name"), ("cols", "email")]);
        assert_eq!(
            more.without_defaults(&["name", "owner"]).to_url(),
            "?cols=name%2Cemail"
        );
    }
}
