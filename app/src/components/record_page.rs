//! The pages of one record: what they read from the URL, loading the record, the heading with
//! Edit and Delete, the tabs, and the overview. A kind supplies its facts, its own tabs and
//! its form; every record page is built the same way from these.

use crate::api::accounts::get_account;
use crate::components::error_page::ErrorPage;
use crate::components::record::{DeleteRecord, Facts, HistoryPanel, RecordTabs, WatchersPanel};
use crate::components::related::{RelatedTasks, Timeline};
use crate::components::search::SimilarPanel;
use crate::i18n::{t, tr, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Serialize, de::DeserializeOwned};
use std::future::Future;
use types::dto::records::{RecordKind, UserRef};
use types::error::AppError;

/// The `id` route parameter (empty on `/new`).
pub fn route_id() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("id").unwrap_or_default())
}

/// The `tab` query parameter, `overview` by default.
pub fn current_tab() -> Memo<String> {
    let query = use_query_map();
    Memo::new(move |_| query.read().get("tab").unwrap_or_else(|| "overview".into()))
}

/// The route's id and the tab, for a page whose record changes with what its tabs do (line
/// items change a deal's amount): the record is read again when the tab changes.
pub fn id_and_tab() -> Memo<(String, String)> {
    let (id, tab) = (route_id(), current_tab());
    Memo::new(move |_| (id.get(), tab.get()))
}

/// The route's id, and the account a new record starts from (`?account=<id>`).
pub fn id_and_account() -> Memo<(String, String)> {
    let id = route_id();
    let query = use_query_map();
    Memo::new(move |_| (id.get(), query.read().get("account").unwrap_or_default()))
}

/// What a form page edits: nothing on `/new`, the record on `/:id/edit`.
pub async fn to_edit<T, Fut>(id: String, get: fn(String) -> Fut) -> Result<Option<T>, AppError>
where
    Fut: Future<Output = Result<T, AppError>>,
{
    if id.is_empty() {
        Ok(None)
    } else {
        get(id).await.map(Some)
    }
}

/// What a form page that may start from an account works on: the record to edit, or the
/// account a new one starts with as a picker's choice (an unknown or hidden account is simply
/// no choice).
pub async fn to_edit_or_start<T, Fut>(
    (id, account): (String, String),
    get: fn(String) -> Fut,
) -> Result<(Option<T>, Option<(String, String)>), AppError>
where
    Fut: Future<Output = Result<T, AppError>>,
{
    if !id.is_empty() {
        return get(id).await.map(|record| (Some(record), None));
    }
    if account.is_empty() {
        return Ok((None, None));
    }
    let choice = get_account(account)
        .await
        .ok()
        .map(|a| (a.id.to_string(), a.name));
    Ok((None, choice))
}

/// Loads what a page shows for `key` and shows it: a loading line meanwhile, and the error
/// view if it fails (the not-found page for a record that does not exist or is hidden).
#[component]
pub fn Loaded<K, T, Fut, L>(key: Memo<K>, load: L, show: fn(T) -> AnyView) -> impl IntoView
where
    K: Clone + PartialEq + Send + Sync + 'static,
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    L: Fn(K) -> Fut + Send + Sync + 'static,
{
    let data = Resource::new(move || key.get(), load);
    view! {
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || data.get().map(|res| match res {
                Ok(value) => show(value),
                Err(e) => view! { <ErrorPage error=e/> }.into_any(),
            })}
        </Transition>
    }
}

/// A record page: the title, the kind's own buttons, Edit and Delete, the tabs and the
/// current tab's panel. Every page has Overview, Similar (records alike in meaning) and
/// History; `related` adds Activities and Tasks after the kind's own tabs.
#[component]
pub fn RecordView<P>(
    kind: RecordKind,
    id: String,
    title: String,
    #[prop(default = true)] can_edit: bool,
    can_delete: bool,
    /// The kind's own tabs after Overview: (key, label).
    #[prop(optional)]
    tabs: Vec<(&'static str, String)>,
    #[prop(default = true)] related: bool,
    /// Buttons of the kind's own, before Edit.
    #[prop(optional, into)]
    actions: ViewFn,
    /// The overview (any unknown tab) or one of the kind's own tabs.
    panel: P,
    /// What shows between the heading and the tabs (the outcome of a button).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView
where
    P: Fn(&str) -> AnyView + Send + Sync + 'static,
{
    let lang = use_lang();
    let tab = current_tab();
    let base = kind.path(&id);
    let mut all = vec![("overview", tr(lang, "record-tab-overview"))];
    all.extend(tabs);
    if related {
        all.push(("activities", tr(lang, "activities-timeline")));
        all.push(("tasks", tr(lang, "tasks-related")));
    }
    all.push(("similar", tr(lang, "record-tab-similar")));
    all.push(("history", tr(lang, "record-tab-history")));
    let record = id.clone();
    let edit = format!("{base}/edit");
    view! {
        <Title text=title.clone()/>
        <div class="page-head">
            <h1>{title}</h1>
            <div class="page-actions">
                {actions.run()}
                {can_edit.then(|| view! { <a class="button" href=edit>{t("record-edit")}</a> })}
                {can_delete.then(|| view! { <DeleteRecord kind=kind id=id/> })}
            </div>
        </div>
        {children.map(|c| c())}
        <RecordTabs base=base current=tab.get_untracked() tabs=all/>
        {move || match tab.get().as_str() {
            "activities" if related => view! { <Timeline kind=kind id=record.clone()/> }.into_any(),
            "tasks" if related => view! { <RelatedTasks kind=kind id=record.clone()/> }.into_any(),
            "similar" => view! { <SimilarPanel kind=kind id=record.clone()/> }.into_any(),
            "history" => view! { <HistoryPanel kind=kind id=record.clone()/> }.into_any(),
            other => panel(other),
        }}
    }
}

/// A record's overview: its facts (and what the kind shows under them), then beside them
/// what the kind adds and the watchers.
#[component]
pub fn Overview(
    kind: RecordKind,
    id: String,
    facts: Vec<(String, Option<AnyView>)>,
    watchers: Vec<UserRef>,
    /// Under the facts (a task's comments).
    #[prop(optional, into)]
    below: ViewFn,
    /// Above the watchers (a deal's other contacts).
    #[prop(optional, into)]
    beside: ViewFn,
) -> impl IntoView {
    view! {
        <div class="record-grid">
            <div>
                <section class="card" aria-label=t("record-details")>
                    <Facts items=facts/>
                </section>
                {below.run()}
            </div>
            <div>
                {beside.run()}
                <WatchersPanel kind=kind id=id watchers=watchers/>
            </div>
        </div>
    }
}
