//! The page of one kind's list: its heading and "new" button, the filters, then the table or
//! an empty state. A kind gives its row and status filter; its columns, sorts and amount filter
//! come from `RecordKind::list_options`, so every list looks and behaves the same.

use crate::api::lookups::{list_lookup_values, list_stages};
use crate::components::data_table::{
    EmptyList, FilterSpec, ListFilters, RecordTable, Row, columns, is_filtered, shown,
    use_list_query,
};
use crate::components::form::FormAlert;
use crate::i18n::{t, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Serialize, de::DeserializeOwned};
use std::future::Future;
use types::dto::lookups::LookupKind;
use types::dto::records::{ListOptions, ListPage, ListQuery, RecordKind};
use types::error::AppError;
use types::lang::Lang;

/// Where the status filter takes its options from.
#[derive(Clone, Copy)]
pub enum Statuses {
    /// Fixed codes with translated labels: (value, label).
    Fixed(fn(Lang) -> Vec<(String, String)>),
    /// A list an admin keeps (lead statuses, contact types).
    Lookup(LookupKind),
    /// The sales stages.
    Stages,
}

impl Statuses {
    async fn options(self, lang: Lang) -> Vec<(String, String)> {
        match self {
            Statuses::Fixed(labels) => labels(lang),
            Statuses::Lookup(kind) => list_lookup_values(kind.code().to_owned())
                .await
                .unwrap_or_default()
                .into_iter()
                .map(|v| (v.id.to_string(), v.name))
                .collect(),
            Statuses::Stages => list_stages()
                .await
                .unwrap_or_default()
                .into_iter()
                .map(|s| (s.id.to_string(), s.name))
                .collect(),
        }
    }
}

/// A list page. Its texts are the kind's `<kind>-title`, `-new`, `-empty-title` and
/// `-empty-body` messages.
#[component]
pub fn RecordList<R, Fut>(
    kind: RecordKind,
    /// Where the status filter takes its options from.
    statuses: Statuses,
    /// One record as a table row.
    row: fn(Lang, R) -> Row,
    /// The list's server function.
    fetch: fn(ListQuery) -> Fut,
    /// Whether the heading offers "new" (the product catalog: only to those who edit it).
    #[prop(default = true)]
    create: bool,
    /// Where an empty list's button leads (href, label key), when not to the kind's form.
    #[prop(optional)]
    start: Option<(&'static str, &'static str)>,
    /// A line under the heading.
    #[prop(optional)]
    note: Option<&'static str>,
) -> impl IntoView
where
    R: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    Fut: Future<Output = Result<ListPage<R>, AppError>> + Send + 'static,
{
    let lang = use_lang();
    let query = use_list_query();
    let page = Resource::new(move || query.get(), fetch);
    let statuses = Resource::new(|| (), move |_| statuses.options(lang));
    let ListOptions {
        columns: keys,
        defaults,
        sortable,
        amount,
    } = kind.list_options();
    let prefix = &kind.list_path()[1..];
    let key = move |suffix: &str| format!("{prefix}-{suffix}");
    let new_href = format!("{}/new", kind.list_path());
    let (empty_href, empty_key) = match start {
        Some((href, key)) => (href.to_owned(), key.to_owned()),
        None => (new_href.clone(), key("new")),
    };
    let empty_title = key("empty-title");
    let empty_body = key("empty-body");
    let all = columns(lang, keys, sortable);
    view! {
        <Title text=t(&key("title"))/>
        <div class="page-head">
            <h1>{t(&key("title"))}</h1>
            {create.then(|| view! { <a class="button button-primary" href=new_href>{t(&key("new"))}</a> })}
        </div>
        {note.map(|note| view! { <p class="muted">{t(note)}</p> })}
        <Transition fallback=|| ()>
            {move || statuses.get().map(|options| {
                let spec = FilterSpec { statuses: options, amount };
                view! { <ListFilters query=query.get() spec=spec columns=all.clone() defaults=defaults/> }
            })}
        </Transition>
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || page.get().map(|res| {
                let q = query.get_untracked();
                match res {
                    Ok(p) if p.items.is_empty() => view! {
                        <EmptyList filtered=is_filtered(&q) title_key=empty_title.clone()
                            body_key=empty_body.clone() new_href=empty_href.clone() new_key=empty_key.clone()/>
                    }.into_any(),
                    Ok(p) => {
                        let cols = shown(&columns(lang, keys, sortable), &q, defaults);
                        let rows = p.items.into_iter().map(|r| row(lang, r)).collect();
                        view! { <RecordTable kind=kind query=q columns=cols rows=rows next=p.next default_sort=sortable.first().copied().unwrap_or_default()/> }.into_any()
                    }
                    Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
                }
            })}
        </Transition>
    }
}
