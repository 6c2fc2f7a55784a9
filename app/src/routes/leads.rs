//! Leads: the list, the lead page (overview, activities, tasks, history) and the form.

use crate::api::leads::{SaveLead, get_lead, list_leads};
use crate::api::lookups::list_lookup_values;
use crate::components::data_table::{
    Cell, EmptyList, FilterSpec, ListFilters, RecordTable, Row, columns, is_filtered, shown,
    use_list_query,
};
use crate::components::error_page::ErrorPage;
use crate::components::form::{Field, FormAlert, SelectField, Version, last_error, rules};
use crate::components::picker::Picker;
use crate::components::record::{
    DeleteRecord, Facts, HistoryPanel, RecordTabs, WatchersPanel, mail_link, record_links,
};
use crate::components::related::{RelatedTasks, Timeline};
use crate::format;
use crate::i18n::{t, tr, tr_args, use_lang};
use crate::routes::accounts::{current_tab, route_id};
use leptos::prelude::*;
use leptos_meta::Title;
use types::dto::leads::{COLUMNS, DEFAULT_COLUMNS, Lead, LeadRow, SORTABLE};
use types::dto::lookups::{LookupKind, LookupValue};
use types::dto::records::RecordKind;
use types::error::AppError;
use types::lang::Lang;

fn row(lang: Lang, l: LeadRow) -> Row {
    let id = l.id.to_string();
    let name = if l.converted {
        format!("{} ({})", l.name, tr(lang, "leads-converted"))
    } else {
        l.name.clone()
    };
    Row {
        title: l.name,
        cells: vec![
            (
                "name",
                Cell::Link {
                    href: format!("/leads/{id}"),
                    text: name,
                },
            ),
            ("company", Cell::opt(l.company)),
            ("status", Cell::opt(l.status)),
            ("source", Cell::opt(l.source)),
            ("email", Cell::opt(l.email)),
            ("owner", Cell::Text(l.owner)),
            ("updated_at", Cell::Text(format::date(lang, l.updated_at))),
            ("phone", Cell::opt(l.phone)),
            ("created_at", Cell::Text(format::date(lang, l.created_at))),
        ],
        id,
    }
}

/// The three lead pick-lists, read once per page.
async fn lead_lookups() -> Result<[Vec<LookupValue>; 3], AppError> {
    Ok([
        list_lookup_values(LookupKind::LeadSource.code().to_owned()).await?,
        list_lookup_values(LookupKind::LeadStatus.code().to_owned()).await?,
        list_lookup_values(LookupKind::LeadType.code().to_owned()).await?,
    ])
}

#[component]
pub fn LeadsPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_list_query();
    let page = Resource::new(move || query.get(), list_leads);
    let statuses = Resource::new(
        || (),
        |_| list_lookup_values(LookupKind::LeadStatus.code().to_owned()),
    );
    let all = columns(lang, COLUMNS, SORTABLE);
    view! {
        <Title text=t("leads-title")/>
        <div class="page-head">
            <h1>{t("leads-title")}</h1>
            <a class="button button-primary" href="/leads/new">{t("leads-new")}</a>
        </div>
        <Transition fallback=|| ()>
            {move || statuses.get().map(|res| {
                let spec = FilterSpec {
                    statuses: res.unwrap_or_default().into_iter().map(|v| (v.id.to_string(), v.name)).collect(),
                    amount: false,
                };
                view! { <ListFilters query=query.get() spec=spec columns=all.clone() defaults=DEFAULT_COLUMNS/> }
            })}
        </Transition>
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || page.get().map(|res| {
                let q = query.get_untracked();
                match res {
                    Ok(p) if p.items.is_empty() => view! {
                        <EmptyList filtered=is_filtered(&q) title_key="leads-empty-title"
                            body_key="leads-empty-body" new_href="/leads/new" new_key="leads-new"/>
                    }.into_any(),
                    Ok(p) => {
                        let cols = shown(&columns(lang, COLUMNS, SORTABLE), &q, DEFAULT_COLUMNS);
                        let rows = p.items.into_iter().map(|r| row(lang, r)).collect();
                        view! { <RecordTable kind=RecordKind::Lead query=q columns=cols rows=rows next=p.next default_sort=SORTABLE[0]/> }.into_any()
                    }
                    Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn LeadPage() -> impl IntoView {
    let id = route_id();
    let lead = Resource::new(move || id.get(), get_lead);
    view! {
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || lead.get().map(|res| match res {
                Ok(l) => view! { <LeadView lead=l/> }.into_any(),
                Err(e) => view! { <ErrorPage error=e/> }.into_any(),
            })}
        </Transition>
    }
}

fn facts(lang: Lang, l: &Lead) -> Vec<(String, Option<AnyView>)> {
    let text = |v: Option<String>| v.map(|v| view! { <span class="pre">{v}</span> }.into_any());
    let became = record_links(l.converted_to.clone());
    vec![
        (tr(lang, "field-company"), text(l.company.clone())),
        (tr(lang, "field-job-title"), text(l.job_title.clone())),
        (tr(lang, "field-email"), l.email.clone().map(mail_link)),
        (tr(lang, "field-phone"), text(l.phone.clone())),
        (
            tr(lang, "field-status"),
            text(l.status.as_ref().map(|s| s.name.clone())),
        ),
        (
            tr(lang, "field-source"),
            text(l.source.as_ref().map(|s| s.name.clone())),
        ),
        (
            tr(lang, "field-lead-type"),
            text(l.lead_type.as_ref().map(|s| s.name.clone())),
        ),
        (
            tr(lang, "field-converted"),
            text(l.converted_at.map(|at| {
                tr_args(
                    lang,
                    "leads-converted-on",
                    &[("date", format::date(lang, at).into())],
                )
            })),
        ),
        (tr(lang, "leads-converted-to"), became),
        (tr(lang, "field-description"), text(l.description.clone())),
        (tr(lang, "field-owner"), text(Some(l.owner.name.clone()))),
        (
            tr(lang, "record-updated"),
            text(Some(format::date_time(lang, l.updated_at))),
        ),
    ]
}

#[component]
fn LeadView(lead: Lead) -> impl IntoView {
    let lang = use_lang();
    let tab = current_tab();
    let id = lead.id.to_string();
    let base = format!("/leads/{id}");
    let name = lead.full_name();
    let tabs = vec![
        ("overview", tr(lang, "record-tab-overview")),
        ("activities", tr(lang, "activities-timeline")),
        ("tasks", tr(lang, "tasks-related")),
        ("history", tr(lang, "record-tab-history")),
    ];
    let l = lead.clone();
    view! {
        <Title text=name.clone()/>
        <div class="page-head">
            <h1>{name}</h1>
            <div class="page-actions">
                {lead.converted_at.is_none().then(|| view! {
                    <a class="button button-primary" href=format!("{base}/convert")>{t("convert-action")}</a>
                })}
                <a class="button" href=format!("{base}/edit")>{t("record-edit")}</a>
                {lead.can_delete.then(|| view! { <DeleteRecord kind=RecordKind::Lead id=id.clone()/> })}
            </div>
        </div>
        <RecordTabs base=base current=tab.get_untracked() tabs=tabs/>
        {move || match tab.get().as_str() {
            "activities" => view! { <Timeline kind=RecordKind::Lead id=l.id.to_string()/> }.into_any(),
            "tasks" => view! { <RelatedTasks kind=RecordKind::Lead id=l.id.to_string()/> }.into_any(),
            "history" => view! { <HistoryPanel kind=RecordKind::Lead id=l.id.to_string()/> }.into_any(),
            _ => view! {
                <div class="record-grid">
                    <section class="card" aria-label=t("record-details")><Facts items=facts(lang, &l)/></section>
                    <WatchersPanel kind=RecordKind::Lead id=l.id.to_string() watchers=l.watchers.clone()/>
                </div>
            }.into_any(),
        }}
    }
}

/// New (`/leads/new`) or edit (`/leads/:id/edit`).
#[component]
pub fn LeadFormPage() -> impl IntoView {
    let id = route_id();
    let lead = Resource::new(
        move || id.get(),
        |id| async move {
            if id.is_empty() {
                Ok(None)
            } else {
                get_lead(id).await.map(Some)
            }
        },
    );
    view! {
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || lead.get().map(|res| match res {
                Ok(l) => view! { <LeadForm lead=l/> }.into_any(),
                Err(e) => view! { <ErrorPage error=e/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn LeadForm(lead: Option<Lead>) -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveLead>::new();
    let error = last_error(save.value());
    let lookups = Resource::new(|| (), |_| lead_lookups());
    let title = match &lead {
        Some(l) => tr_args(lang, "leads-edit", &[("name", l.full_name().into())]),
        None => tr(lang, "leads-new"),
    };
    let cancel = lead
        .as_ref()
        .map_or("/leads".to_owned(), |l| format!("/leads/{}", l.id));
    let l2 = lead.clone();
    let v = move |f: fn(&Lead) -> Option<String>| l2.as_ref().and_then(f).unwrap_or_default();
    let owner = lead
        .as_ref()
        .map(|l| (l.owner.id.to_string(), l.owner.name.clone()));
    let submit = if lead.is_some() {
        "record-save"
    } else {
        "record-create"
    };
    let current = lead.as_ref().map(|l| {
        [&l.source, &l.status, &l.lead_type]
            .map(|r| r.as_ref().map(|r| r.id.to_string()).unwrap_or_default())
    });
    view! {
        <Title text=title.clone()/>
        <h1>{title}</h1>
        <ActionForm action=save attr:novalidate=true attr:class="card record-form">
            <FormAlert error=error/>
            <input type="hidden" name="id" value=lead.as_ref().map(|l| l.id.to_string()).unwrap_or_default()/>
            <Version at=lead.as_ref().map(|l| l.updated_at)/>
            <div class="form-grid">
                <Field name="first_name" prefix="input" label=t("field-first-name")
                    value=v(|l| l.first_name.clone()) error=error/>
                <Field name="last_name" prefix="input" label=t("field-last-name") required=true rule=rules::title
                    value=v(|l| Some(l.last_name.clone())) error=error/>
                <Field name="company" prefix="input" label=t("field-company") value=v(|l| l.company.clone()) error=error/>
                <Field name="job_title" prefix="input" label=t("field-job-title") value=v(|l| l.job_title.clone()) error=error/>
                <Field name="email" prefix="input" label=t("field-email") kind="email" rule=rules::optional_email
                    value=v(|l| l.email.clone()) error=error/>
                <Field name="phone" prefix="input" label=t("field-phone") kind="tel" rule=rules::optional_phone
                    value=v(|l| l.phone.clone()) error=error/>
                <Transition fallback=|| ()>
                    {
                        let current = current.clone().unwrap_or_default();
                        move || lookups.get().map(|res| {
                            let [sources, statuses, types] = res.unwrap_or_default();
                            let options = |values: Vec<LookupValue>| {
                                std::iter::once((String::new(), tr(lang, "field-none")))
                                    .chain(values.into_iter().map(|v| (v.id.to_string(), v.name)))
                                    .collect::<Vec<_>>()
                            };
                            view! {
                                <SelectField name="status" prefix="input" label=t("field-status")
                                    options=options(statuses) selected=current[1].clone() error=error/>
                                <SelectField name="source" prefix="input" label=t("field-source")
                                    options=options(sources) selected=current[0].clone() error=error/>
                                <SelectField name="lead_type" prefix="input" label=t("field-lead-type")
                                    options=options(types) selected=current[2].clone() error=error/>
                            }
                        })
                    }
                </Transition>
                <Picker name="input[owner]".into() field="owner" label=t("field-owner") kind="user"
                    id="field-owner".into() initial=owner.unwrap_or_default() error=error/>
                <Field name="description" prefix="input" label=t("field-description") kind="textarea"
                    value=v(|l| l.description.clone()) error=error/>
            </div>
            <div class="form-actions">
                <button type="submit" class="button button-primary">{t(submit)}</button>
                <a class="button" href=cancel>{t("record-cancel")}</a>
            </div>
        </ActionForm>
    }
}
