//! Activities: the list, the activity page (details, links, history) and the edit form.
//! New activities are logged on the page of the record they concern.

use crate::api::activities::{SaveActivity, SetActivityLink, get_activity, list_activities};
use crate::components::data_table::{
    Cell, EmptyList, FilterSpec, ListFilters, RecordTable, Row, columns, is_filtered, shown,
    use_list_query,
};
use crate::components::error_page::ErrorPage;
use crate::components::form::{
    Field, FormAlert, SelectField, Version, last_error, rules, track_error,
};
use crate::components::layout::reload_on_success;
use crate::components::picker::Picker;
use crate::components::record::{DeleteRecord, Facts, HistoryPanel, RecordTabs, record_link};
use crate::components::related::activity_kinds;
use crate::format;
use crate::i18n::{t, tr, tr_args, use_lang};
use crate::routes::accounts::{current_tab, route_id};
use leptos::prelude::*;
use leptos_meta::Title;
use types::dto::activities::{Activity, ActivityRow, COLUMNS, DEFAULT_COLUMNS, SORTABLE};
use types::dto::records::RecordKind;
use types::lang::Lang;

fn kind_label(lang: Lang, kind: types::dto::activities::ActivityKind) -> String {
    tr(lang, &format!("activity-kind-{}", kind.code()))
}

fn row(lang: Lang, a: ActivityRow) -> Row {
    let id = a.id.to_string();
    Row {
        title: a.subject.clone(),
        cells: vec![
            (
                "subject",
                Cell::Link {
                    href: format!("/activities/{id}"),
                    text: a.subject,
                },
            ),
            ("kind", Cell::Text(kind_label(lang, a.kind))),
            (
                "occurred_at",
                Cell::Text(format::date_time(lang, a.occurred_at)),
            ),
            ("owner", Cell::Text(a.owner)),
            ("outcome", Cell::opt(a.outcome)),
            ("updated_at", Cell::Text(format::date(lang, a.updated_at))),
        ],
        id,
    }
}

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_list_query();
    let page = Resource::new(move || query.get(), list_activities);
    let all = columns(lang, COLUMNS, SORTABLE);
    let spec = FilterSpec {
        statuses: activity_kinds(lang),
        amount: false,
    };
    view! {
        <Title text=t("activities-title")/>
        <div class="page-head">
            <h1>{t("activities-title")}</h1>
        </div>
        {move || view! { <ListFilters query=query.get() spec=spec.clone() columns=all.clone() defaults=DEFAULT_COLUMNS/> }}
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || page.get().map(|res| {
                let q = query.get_untracked();
                match res {
                    Ok(p) if p.items.is_empty() => view! {
                        <EmptyList filtered=is_filtered(&q) title_key="activities-empty-title"
                            body_key="activities-empty-body" new_href="/accounts" new_key="nav-accounts"/>
                    }.into_any(),
                    Ok(p) => {
                        let cols = shown(&columns(lang, COLUMNS, SORTABLE), &q, DEFAULT_COLUMNS);
                        let rows = p.items.into_iter().map(|r| row(lang, r)).collect();
                        view! { <RecordTable kind=RecordKind::Activity query=q columns=cols rows=rows next=p.next default_sort=SORTABLE[0]/> }.into_any()
                    }
                    Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn ActivityPage() -> impl IntoView {
    let id = route_id();
    let activity = Resource::new(move || id.get(), get_activity);
    view! {
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || activity.get().map(|res| match res {
                Ok(a) => view! { <ActivityView activity=a/> }.into_any(),
                Err(e) => view! { <ErrorPage error=e/> }.into_any(),
            })}
        </Transition>
    }
}

fn facts(lang: Lang, a: &Activity) -> Vec<(String, Option<AnyView>)> {
    let text = |v: Option<String>| v.map(|v| view! { <span class="pre">{v}</span> }.into_any());
    vec![
        (tr(lang, "field-kind"), text(Some(kind_label(lang, a.kind)))),
        (
            tr(lang, "field-occurred-at"),
            text(Some(format::date_time(lang, a.occurred_at))),
        ),
        (
            tr(lang, "field-duration-minutes"),
            text(
                a.duration_minutes
                    .map(|m| tr_args(lang, "activities-minutes", &[("minutes", m.into())])),
            ),
        ),
        (tr(lang, "field-outcome"), text(a.outcome.clone())),
        (tr(lang, "field-owner"), text(Some(a.owner.name.clone()))),
        (tr(lang, "field-body"), text(a.body.clone())),
    ]
}

#[component]
fn ActivityView(activity: Activity) -> impl IntoView {
    let lang = use_lang();
    let tab = current_tab();
    let id = activity.id.to_string();
    let base = format!("/activities/{id}");
    let tabs = vec![
        ("overview", tr(lang, "record-tab-overview")),
        ("history", tr(lang, "record-tab-history")),
    ];
    let a = activity.clone();
    view! {
        <Title text=activity.subject.clone()/>
        <div class="page-head">
            <h1>{activity.subject.clone()}</h1>
            <div class="page-actions">
                <a class="button" href=format!("{base}/edit")>{t("record-edit")}</a>
                {activity.can_delete.then(|| view! { <DeleteRecord kind=RecordKind::Activity id=id.clone()/> })}
            </div>
        </div>
        <RecordTabs base=base current=tab.get_untracked() tabs=tabs/>
        {move || match tab.get().as_str() {
            "history" => view! { <HistoryPanel kind=RecordKind::Activity id=a.id.to_string()/> }.into_any(),
            _ => view! {
                <div class="record-grid">
                    <section class="card" aria-label=t("record-details")><Facts items=facts(lang, &a)/></section>
                    <ActivityLinks activity=a.clone()/>
                </div>
            }.into_any(),
        }}
    }
}

/// The kinds an activity can be linked to.
const LINKABLE: [RecordKind; 5] = [
    RecordKind::Account,
    RecordKind::Contact,
    RecordKind::Lead,
    RecordKind::Opportunity,
    RecordKind::Contract,
];

/// The records the activity is linked to, with forms to add and remove links.
#[component]
fn ActivityLinks(activity: Activity) -> impl IntoView {
    let lang = use_lang();
    let add = ServerAction::<SetActivityLink>::new();
    let remove = ServerAction::<SetActivityLink>::new();
    let error = RwSignal::new(None);
    track_error(error, add.value());
    track_error(error, remove.value());
    reload_on_success(add.value(), None);
    reload_on_success(remove.value(), None);
    let add_error = last_error(add.value());
    let kind = RwSignal::new(RecordKind::Account);
    let id = activity.id.to_string();
    let kinds = LINKABLE
        .iter()
        .map(|k| {
            (
                k.code().to_owned(),
                tr(lang, &format!("nav-{}", &k.list_path()[1..])),
            )
        })
        .collect::<Vec<_>>();
    view! {
        <section class="card" aria-labelledby="links-heading">
            <h2 id="links-heading">{t("activities-links")}</h2>
            <FormAlert error=error with_fields=true/>
            <ul class="plain-list">
                {activity.links.into_iter().map(|l| {
                    let label = tr_args(lang, "activities-unlink", &[("name", l.title.clone().into())]);
                    let (kind, record) = (l.kind.code(), l.id.to_string());
                    let id = id.clone();
                    view! {
                        <li>
                            {record_link(l)}
                            <ActionForm action=remove attr:class="inline-form">
                                <input type="hidden" name="id" value=id/>
                                <input type="hidden" name="kind" value=kind/>
                                <input type="hidden" name="record" value=record/>
                                <input type="hidden" name="linked" value="false"/>
                                <button type="submit" class="button button-small" aria-label=label>"×"</button>
                            </ActionForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <h3>{t("activities-link-add")}</h3>
            <ActionForm action=add attr:class="stack">
                <input type="hidden" name="id" value=activity.id.to_string()/>
                <input type="hidden" name="linked" value="true"/>
                <div class="field">
                    <label for="link-kind">{t("activities-link-kind")}</label>
                    <select id="link-kind" name="kind" on:change=move |ev| {
                        if let Some(k) = RecordKind::from_code(&event_target_value(&ev)) {
                            kind.set(k);
                        }
                    }>
                        {kinds.into_iter().map(|(code, label)| view! { <option value=code>{label}</option> }).collect_view()}
                    </select>
                </div>
                {move || {
                    let k = kind.get();
                    view! {
                        <Picker name="record".into() field="record" label=t("activities-link-record") kind=k.code()
                            id=format!("link-record-{}", k.code()) error=add_error/>
                    }
                }}
                <button type="submit" class="button">{t("activities-link-submit")}</button>
            </ActionForm>
        </section>
    }
}

/// The edit form (`/activities/:id/edit`).
#[component]
pub fn ActivityFormPage() -> impl IntoView {
    let id = route_id();
    let activity = Resource::new(move || id.get(), get_activity);
    view! {
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || activity.get().map(|res| match res {
                Ok(a) => view! { <ActivityForm activity=a/> }.into_any(),
                Err(e) => view! { <ErrorPage error=e/> }.into_any(),
            })}
        </Transition>
    }
}

/// `2026-11-24T14:30`, as a datetime-local input shows it.
fn input_moment(at: time::OffsetDateTime) -> String {
    format!("{}T{:02}:{:02}", at.date(), at.hour(), at.minute())
}

#[component]
fn ActivityForm(activity: Activity) -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveActivity>::new();
    let error = last_error(save.value());
    let title = tr_args(
        lang,
        "activities-edit",
        &[("name", activity.subject.clone().into())],
    );
    let cancel = format!("/activities/{}", activity.id);
    view! {
        <Title text=title.clone()/>
        <h1>{title}</h1>
        <ActionForm action=save attr:novalidate=true attr:class="card record-form">
            <FormAlert error=error/>
            <input type="hidden" name="id" value=activity.id.to_string()/>
            <Version at=Some(activity.updated_at)/>
            <div class="form-grid">
                <SelectField name="kind" prefix="input" label=t("field-kind") options=activity_kinds(lang)
                    selected=activity.kind.code() error=error/>
                <Field name="subject" prefix="input" label=t("field-subject") required=true rule=rules::title
                    value=activity.subject.clone() error=error/>
                <Field name="occurred_at" prefix="input" label=t("field-occurred-at") kind="datetime-local"
                    hint=t("field-occurred-at-hint") value=input_moment(activity.occurred_at) error=error/>
                <Field name="duration_minutes" prefix="input" label=t("field-duration-minutes") kind="number"
                    value=activity.duration_minutes.map(|m| m.to_string()).unwrap_or_default() error=error/>
                <Field name="outcome" prefix="input" label=t("field-outcome")
                    value=activity.outcome.clone().unwrap_or_default() error=error/>
                <Field name="body" prefix="input" label=t("field-body") kind="textarea"
                    value=activity.body.clone().unwrap_or_default() error=error/>
            </div>
            <div class="form-actions">
                <button type="submit" class="button button-primary">{t("record-save")}</button>
                <a class="button" href=cancel>{t("record-cancel")}</a>
            </div>
        </ActionForm>
    }
}
