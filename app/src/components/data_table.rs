//! The list view every kind of record uses: filters and column choice in a GET form (so the
//! URL holds the state), a sortable table with row selection for bulk actions, keyset
//! paging, and empty states. Pages only describe their columns and rows.

use crate::api::records::BulkRecords;
use crate::components::form::{FormAlert, last_error};
use crate::components::picker::Picker;
use crate::components::table::{Pager, Table};
use crate::i18n::{t, tr, tr_args, use_lang};
use leptos::prelude::*;
use types::dto::records::{ListQuery, RecordKind};

/// One column of a list: its URL key, its header, whether it sorts.
#[derive(Clone, Debug)]
pub struct Column {
    pub key: &'static str,
    pub label: String,
    pub sortable: bool,
}

/// What a cell shows.
#[derive(Clone, Debug)]
pub enum Cell {
    Text(String),
    Link { href: String, text: String },
    Empty,
}

impl Cell {
    pub fn opt(value: Option<String>) -> Cell {
        value.map_or(Cell::Empty, Cell::Text)
    }

    /// A link to the account a record belongs to, when the viewer may see it.
    pub fn account(account: Option<types::dto::accounts::AccountRef>) -> Cell {
        account.map_or(Cell::Empty, |a| Cell::Link {
            href: RecordKind::Account.path(a.id),
            text: a.name,
        })
    }

    fn view(self) -> AnyView {
        match self {
            Cell::Text(text) => view! { <span>{text}</span> }.into_any(),
            Cell::Link { href, text } => view! { <a href=href>{text}</a> }.into_any(),
            Cell::Empty => view! { <span class="muted">{t("record-none")}</span> }.into_any(),
        }
    }
}

/// One row: the record id, its name (for the row checkbox label) and its cells by column key.
#[derive(Clone, Debug)]
pub struct Row {
    pub id: String,
    pub title: String,
    pub cells: Vec<(&'static str, Cell)>,
}

impl Row {
    /// The row of one record: the cell under `key` is its name (`text`), linked to its page.
    pub fn record(
        kind: RecordKind,
        id: impl std::fmt::Display,
        key: &'static str,
        text: String,
        mut cells: Vec<(&'static str, Cell)>,
    ) -> Row {
        let id = id.to_string();
        let link = Cell::Link {
            href: kind.path(&id),
            text: text.clone(),
        };
        cells.insert(0, (key, link));
        Row {
            id,
            title: text,
            cells,
        }
    }

    fn cell(&self, key: &str) -> Cell {
        self.cells
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(Cell::Empty, |(_, v)| v.clone())
    }
}

/// A few columns of some rows, without the list's controls: a related list on another
/// record's page.
pub fn compact_table(lang: types::lang::Lang, keys: &[&'static str], rows: Vec<Row>) -> AnyView {
    let heads = columns(lang, keys, &[])
        .into_iter()
        .map(|c| c.label)
        .collect();
    let keys = keys.to_vec();
    view! {
        <Table heads=heads>
            {rows.into_iter().map(|row| view! {
                <tr>{keys.iter().map(|k| view! { <td>{row.cell(k).view()}</td> }).collect_view()}</tr>
            }).collect_view()}
        </Table>
    }
    .into_any()
}

/// The filters a kind offers beyond text, owner and created dates.
#[derive(Clone, Debug, Default)]
pub struct FilterSpec {
    /// Options of the status filter: (value, label).
    pub statuses: Vec<(String, String)>,
    /// Whether the kind has an amount to bound.
    pub amount: bool,
}

/// The list state the filter form holds, read from its controls.
#[cfg(feature = "hydrate")]
fn filter_pairs(form: &web_sys::HtmlFormElement) -> Vec<(String, String)> {
    use wasm_bindgen::JsCast;
    let mut pairs = Vec::new();
    let Ok(controls) = form.query_selector_all("[name]") else {
        return pairs;
    };
    for i in 0..controls.length() {
        let Some(node) = controls.item(i) else {
            continue;
        };
        if let Some(input) = node.dyn_ref::<web_sys::HtmlInputElement>() {
            if input.type_() != "checkbox" || input.checked() {
                pairs.push((input.name(), input.value()));
            }
        } else if let Some(select) = node.dyn_ref::<web_sys::HtmlSelectElement>() {
            pairs.push((select.name(), select.value()));
        }
    }
    pairs
}

/// The filters, in a GET form so the URL holds the list state. The controls follow the URL
/// (their properties are set, not only their attributes, so Back and Forward show what the
/// rows are filtered by), and applying them writes only what differs from the defaults.
#[component]
pub fn ListFilters(
    query: ListQuery,
    spec: FilterSpec,
    columns: Vec<Column>,
    /// The columns shown when the URL names none.
    defaults: &'static [&'static str],
) -> impl IntoView {
    let lang = use_lang();
    let shown: Vec<&str> = query.columns(defaults);
    let status_options = spec.statuses;
    let q = query.clone();
    let navigate = leptos_router::hooks::use_navigate();
    let path = leptos_router::hooks::use_location().pathname;
    let apply = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(form) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
            else {
                return;
            };
            ev.prevent_default();
            let pairs = filter_pairs(&form);
            let next = ListQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                .without_defaults(defaults);
            navigate(
                &format!("{}{}", path.get_untracked(), next.to_url()),
                Default::default(),
            );
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, &navigate, path);
    };
    view! {
        <form method="GET" action="" class="filters" aria-label=t("list-filters") on:submit=apply>
            <input type="hidden" name="sort" value=q.sort.clone() prop:value=q.sort.clone()/>
            <input type="hidden" name="dir" value=q.dir.clone() prop:value=q.dir.clone()/>
            <input type="hidden" name="parent" value=q.parent.clone() prop:value=q.parent.clone()/>
            <div class="field">
                <label for="filter-q">{t("list-search")}</label>
                <input id="filter-q" type="search" name="q" value=q.q.clone() prop:value=q.q.clone()/>
            </div>
            <div class="field">
                <label for="filter-owner">{t("list-owner")}</label>
                <select id="filter-owner" name="owner" prop:value=q.owner.clone()>
                    <option value="" selected=q.owner.is_empty()>{t("list-anyone")}</option>
                    <option value="me" selected=q.owner == "me">{t("list-me")}</option>
                </select>
            </div>
            {(!status_options.is_empty()).then(|| {
                let current = q.status.clone();
                view! {
                    <div class="field">
                        <label for="filter-status">{t("list-status")}</label>
                        <select id="filter-status" name="status" prop:value=current.clone()>
                            <option value="" selected=current.is_empty()>{t("list-any")}</option>
                            {status_options.into_iter().map(|(value, label)| {
                                let on = value == current;
                                view! { <option value=value selected=on>{label}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                }
            })}
            <div class="field">
                <label for="filter-from">{t("list-created-from")}</label>
                <input id="filter-from" type="date" name="from" value=q.from.clone() prop:value=q.from.clone()/>
            </div>
            <div class="field">
                <label for="filter-to">{t("list-created-to")}</label>
                <input id="filter-to" type="date" name="to" value=q.to.clone() prop:value=q.to.clone()/>
            </div>
            {spec.amount.then(|| view! {
                <div class="field">
                    <label for="filter-min">{t("list-amount-min")}</label>
                    <input id="filter-min" name="min" inputmode="decimal" value=q.min.clone() prop:value=q.min.clone()/>
                </div>
                <div class="field">
                    <label for="filter-max">{t("list-amount-max")}</label>
                    <input id="filter-max" name="max" inputmode="decimal" value=q.max.clone() prop:value=q.max.clone()/>
                </div>
            })}
            <details class="columns-toggle">
                <summary>{t("list-columns")}</summary>
                <fieldset>
                    <legend class="visually-hidden">{t("list-columns")}</legend>
                    {columns.into_iter().map(|c| {
                        let (id, for_id) = (format!("col-{}", c.key), format!("col-{}", c.key));
                        let on = shown.contains(&c.key);
                        view! {
                            <label for=for_id class="check">
                                <input id=id type="checkbox" name="cols" value=c.key checked=on prop:checked=on/>
                                {c.label}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
            </details>
            <div class="filter-actions">
                <button type="submit" class="button button-primary">{t("list-apply")}</button>
                <a class="button" href="?">{tr(lang, "list-clear")}</a>
            </div>
        </form>
    }
}

/// The table with sortable headers, row checkboxes and the bulk bar, then the pager.
#[component]
pub fn RecordTable(
    kind: RecordKind,
    query: ListQuery,
    /// The shown columns, in order.
    columns: Vec<Column>,
    rows: Vec<Row>,
    next: Option<String>,
    /// The column the list is sorted by when the URL names none.
    default_sort: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    let bulk = ServerAction::<BulkRecords>::new();
    let error = last_error(bulk.value());
    let done = move || matches!(bulk.value().get(), Some(Ok(())));
    Effect::new(move |_| {
        if done() {
            // Rows moved or left: show the list again from the server.
            let _ = window().location().reload();
        }
    });
    let header = {
        let query = query.clone();
        columns.clone().into_iter().map(move |c| {
            let sorted = query.sort == c.key || (query.sort.is_empty() && c.key == default_sort);
            let desc = sorted && query.descending();
            let aria = sorted.then_some(if desc { "descending" } else { "ascending" });
            let href = query
                .with(|q| {
                    q.sort = c.key.to_owned();
                    q.dir = if sorted && !desc { "desc".into() } else { String::new() };
                })
                .to_url();
            let label = c.label.clone();
            view! {
                <th scope="col" aria-sort=aria>
                    {if c.sortable {
                        let title = tr_args(lang, "list-sort-by", &[("column", label.clone().into())]);
                        view! {
                            <a href=if href.is_empty() { "?".to_owned() } else { href } title=title>
                                {label}
                                {sorted.then_some(if desc { " ↓" } else { " ↑" })}
                            </a>
                        }.into_any()
                    } else {
                        view! { <span>{label}</span> }.into_any()
                    }}
                </th>
            }
        }).collect_view()
    };
    let body = rows.into_iter().enumerate().map(|(i, row)| {
        let check_id = format!("select-{}", row.id);
        let select_label = tr_args(lang, "list-select-row", &[("name", row.title.clone().into())]);
        let cells = columns.iter().map(|c| view! { <td>{row.cell(c.key).view()}</td> }).collect_view();
        view! {
            <tr>
                <td class="select-cell">
                    <label class="visually-hidden" for=check_id.clone()>{select_label}</label>
                    <input id=check_id type="checkbox" name=format!("ids[{i}]") value=row.id.clone()
                        form="bulk-form" class="row-select"/>
                </td>
                {cells}
            </tr>
        }
    }).collect_view();
    let first = (!query.after.is_empty()).then(|| query.with(|_| {}).to_url());
    let next_href = next.map(|n| {
        let mut q = query.clone();
        q.after = n;
        q.to_url()
    });
    view! {
        <ActionForm action=bulk attr:id="bulk-form" attr:class="bulk-bar" attr:aria-label=t("list-bulk-label")>
            <FormAlert error=error with_fields=true/>
            <input type="hidden" name="kind" value=kind.code()/>
            <span class="bulk-title">{t("list-bulk-label")}</span>
            <Picker name="owner".into() field="owner" label=t("list-reassign-to") kind="user"
                id="bulk-owner".into() error=error/>
            <button type="submit" name="action" value="reassign" class="button">{t("list-reassign")}</button>
            <button type="submit" name="action" value="delete" class="button button-danger">{t("list-delete")}</button>
        </ActionForm>
        <div class="table-wrap">
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col" class="select-cell">
                            <label class="visually-hidden" for="select-all">{t("list-select-all")}</label>
                            <input id="select-all" type="checkbox" on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                if let Ok(boxes) = document().query_selector_all(".row-select") {
                                    for i in 0..boxes.length() {
                                        if let Some(el) = boxes.item(i) {
                                            use wasm_bindgen::JsCast;
                                            if let Ok(input) = el.dyn_into::<web_sys::HtmlInputElement>() {
                                                input.set_checked(on);
                                            }
                                        }
                                    }
                                }
                            }/>
                        </th>
                        {header}
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
        <Pager first=first next=next_href/>
    }
}

/// What an empty list says: how to start, or that the filters exclude everything.
#[component]
pub fn EmptyList(
    filtered: bool,
    title_key: String,
    body_key: String,
    new_href: String,
    new_key: String,
) -> impl IntoView {
    if filtered {
        view! {
            <div class="empty-state">
                <h2>{t("list-no-match-title")}</h2>
                <p>{t("list-no-match-body")}</p>
                <a class="button" href="?">{t("list-clear")}</a>
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="empty-state">
                <h2>{t(&title_key)}</h2>
                <p>{t(&body_key)}</p>
                <a class="button button-primary" href=new_href>{t(&new_key)}</a>
            </div>
        }
        .into_any()
    }
}

/// Whether the query narrows the list (so an empty result is the filters' doing).
pub fn is_filtered(q: &ListQuery) -> bool {
    [
        &q.q, &q.owner, &q.status, &q.from, &q.to, &q.min, &q.max, &q.after,
    ]
    .iter()
    .any(|v| !v.is_empty())
}

/// The list state of the current URL.
pub fn use_list_query() -> Memo<ListQuery> {
    let params = leptos_router::hooks::use_query_map();
    Memo::new(move |_| {
        let params = params.read();
        let values: Vec<(&str, String)> = ListQuery::KEYS
            .iter()
            .flat_map(|key| {
                let all = params.get_all(key).unwrap_or_default();
                all.into_iter().map(move |v| (*key, v))
            })
            .collect();
        ListQuery::from_pairs(values.iter().map(|(k, v)| (*k, v.as_str())))
    })
}

/// The column definitions of `keys`, labelled `field-<key>`; `sortable` lists sort keys.
pub fn columns(lang: types::lang::Lang, keys: &[&'static str], sortable: &[&str]) -> Vec<Column> {
    keys.iter()
        .map(|key| Column {
            key,
            label: tr(lang, &format!("field-{}", key.replace('_', "-"))),
            sortable: sortable.contains(key),
        })
        .collect()
}

/// The columns the query shows, in the kind's order (the defaults when it names none).
pub fn shown(all: &[Column], q: &ListQuery, defaults: &[&str]) -> Vec<Column> {
    let wanted = q.columns(defaults);
    all.iter()
        .filter(|c| wanted.contains(&c.key))
        .cloned()
        .collect()
}
