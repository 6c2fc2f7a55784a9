//! Opportunities: the list, the deal page (overview with contacts, line items, history) and
//! the form. New deals can start from an account page (`?account=<id>`).

use crate::api::lookups::{list_currencies, list_stages};
use crate::api::opportunities::{
    SaveOpportunity, SetOpportunityContact, get_opportunity, list_opportunities,
};
use crate::components::data_table::{
    Cell, EmptyList, FilterSpec, ListFilters, RecordTable, Row, columns, is_filtered, shown,
    use_list_query,
};
use crate::components::error_page::ErrorPage;
use crate::components::form::{
    Field, FormAlert, HiddenLink, SelectField, Version, last_error, rules, track_error,
};
use crate::components::lines::LineItemsPanel;
use crate::components::picker::Picker;
use crate::components::record::{
    DeleteRecord, Facts, HistoryPanel, RecordTabs, WatchersPanel, from_leads_fact,
};
use crate::components::related::{RelatedTasks, Timeline};
use crate::format;
use crate::i18n::{t, tr, tr_args, use_lang};
use crate::routes::accounts::{account_choice, current_tab, route_id};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use types::dto::lookups::{Currency, SalesStage};
use types::dto::opportunities::{
    COLUMNS, DEFAULT_COLUMNS, Opportunity, OpportunityRow, OpportunityType, SORTABLE,
};
use types::dto::records::{ListQuery, RecordKind};
use types::error::AppError;
use types::lang::Lang;

fn type_label(lang: Lang, t: OpportunityType) -> String {
    tr(lang, &format!("opportunity-type-{}", t.code()))
}

fn row(lang: Lang, o: OpportunityRow) -> Row {
    let id = o.id.to_string();
    Row {
        title: o.name.clone(),
        cells: vec![
            (
                "name",
                Cell::Link {
                    href: format!("/opportunities/{id}"),
                    text: o.name,
                },
            ),
            (
                "account",
                o.account.map_or(Cell::Empty, |a| Cell::Link {
                    href: format!("/accounts/{}", a.id),
                    text: a.name,
                }),
            ),
            ("stage", Cell::Text(o.stage)),
            ("amount", Cell::Text(format::money(lang, &o.amount))),
            (
                "close_date",
                Cell::Text(format::calendar_date(lang, o.close_date)),
            ),
            ("owner", Cell::Text(o.owner)),
            ("updated_at", Cell::Text(format::date(lang, o.updated_at))),
            (
                "probability",
                Cell::Text(format::rate(lang, i64::from(o.probability) * 100)),
            ),
            (
                "opportunity_type",
                Cell::opt(o.opportunity_type.map(|t| type_label(lang, t))),
            ),
            ("created_at", Cell::Text(format::date(lang, o.created_at))),
        ],
        id,
    }
}

/// A compact table of deals, for related lists on other records' pages.
pub fn opportunity_rows(lang: Lang, items: Vec<OpportunityRow>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead><tr>
                    <th scope="col">{tr(lang, "field-name")}</th>
                    <th scope="col">{tr(lang, "field-stage")}</th>
                    <th scope="col">{tr(lang, "field-amount")}</th>
                    <th scope="col">{tr(lang, "field-close-date")}</th>
                </tr></thead>
                <tbody>
                    {items.into_iter().map(|o| view! {
                        <tr>
                            <td><a href=format!("/opportunities/{}", o.id)>{o.name}</a></td>
                            <td>{o.stage}</td>
                            <td>{format::money(lang, &o.amount)}</td>
                            <td>{format::calendar_date(lang, o.close_date)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn OpportunitiesPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_list_query();
    let page = Resource::new(move || query.get(), list_opportunities);
    let stages = Resource::new(|| (), |_| list_stages());
    let all = columns(lang, COLUMNS, SORTABLE);
    view! {
        <Title text=t("opportunities-title")/>
        <div class="page-head">
            <h1>{t("opportunities-title")}</h1>
            <a class="button button-primary" href="/opportunities/new">{t("opportunities-new")}</a>
        </div>
        <Transition fallback=|| ()>
            {move || stages.get().map(|res| {
                let spec = FilterSpec {
                    statuses: res.unwrap_or_default().into_iter().map(|s| (s.id.to_string(), s.name)).collect(),
                    amount: true,
                };
                view! { <ListFilters query=query.get() spec=spec columns=all.clone() defaults=DEFAULT_COLUMNS/> }
            })}
        </Transition>
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || page.get().map(|res| {
                let q = query.get_untracked();
                match res {
                    Ok(p) if p.items.is_empty() => view! {
                        <EmptyList filtered=is_filtered(&q) title_key="opportunities-empty-title"
                            body_key="opportunities-empty-body" new_href="/opportunities/new" new_key="opportunities-new"/>
                    }.into_any(),
                    Ok(p) => {
                        let cols = shown(&columns(lang, COLUMNS, SORTABLE), &q, DEFAULT_COLUMNS);
                        let rows = p.items.into_iter().map(|o| row(lang, o)).collect();
                        view! { <RecordTable kind=RecordKind::Opportunity query=q columns=cols rows=rows next=p.next default_sort=SORTABLE[0]/> }.into_any()
                    }
                    Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn OpportunityPage() -> impl IntoView {
    let id = route_id();
    // Line items change the amount: read the record again when the tab changes.
    let tab = current_tab();
    let deal = Resource::new(move || (id.get(), tab.get()), |(id, _)| get_opportunity(id));
    view! {
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || deal.get().map(|res| match res {
                Ok(o) => view! { <OpportunityView deal=o/> }.into_any(),
                Err(e) => view! { <ErrorPage error=e/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn OpportunityView(deal: Opportunity) -> impl IntoView {
    let lang = use_lang();
    let tab = current_tab();
    let id = deal.id.to_string();
    let base = format!("/opportunities/{id}");
    let tabs = vec![
        ("overview", tr(lang, "record-tab-overview")),
        ("lines", tr(lang, "opportunities-lines")),
        ("activities", tr(lang, "activities-timeline")),
        ("tasks", tr(lang, "tasks-related")),
        ("history", tr(lang, "record-tab-history")),
    ];
    let d = deal.clone();
    view! {
        <Title text=deal.name.clone()/>
        <div class="page-head">
            <h1>{deal.name.clone()}</h1>
            <div class="page-actions">
                <a class="button" href=format!("{base}/edit")>{t("record-edit")}</a>
                {deal.can_delete.then(|| view! { <DeleteRecord kind=RecordKind::Opportunity id=id.clone()/> })}
            </div>
        </div>
        <RecordTabs base=base.clone() current=tab.get_untracked() tabs=tabs/>
        {move || match tab.get().as_str() {
            "lines" => view! { <LineItemsPanel kind=RecordKind::Opportunity id=d.id.to_string()/> }.into_any(),
            "activities" => view! { <Timeline kind=RecordKind::Opportunity id=d.id.to_string()/> }.into_any(),
            "tasks" => view! { <RelatedTasks kind=RecordKind::Opportunity id=d.id.to_string()/> }.into_any(),
            "history" => view! { <HistoryPanel kind=RecordKind::Opportunity id=d.id.to_string()/> }.into_any(),
            _ => view! { <OpportunityOverview deal=d.clone()/> }.into_any(),
        }}
    }
}

#[component]
fn OpportunityOverview(deal: Opportunity) -> impl IntoView {
    let lang = use_lang();
    let text = |v: Option<String>| v.map(|v| view! { <span class="pre">{v}</span> }.into_any());
    let since = tr_args(
        lang,
        "opportunities-stage-since",
        &[("date", format::date(lang, deal.stage_entered_at).into())],
    );
    let stage = format!(
        "{} · {} — {since}",
        deal.stage.name,
        format::rate(lang, i64::from(deal.stage.probability) * 100)
    );
    // When and why a closed deal closed; open deals have neither.
    let closed: Vec<_> = deal
        .closed_at
        .map(|at| {
            (
                tr(lang, "field-closed-at"),
                text(Some(format::date(lang, at))),
            )
        })
        .into_iter()
        .chain(
            deal.lost_reason
                .clone()
                .map(|r| (tr(lang, "field-lost-reason"), text(Some(r)))),
        )
        .collect();
    let mut items = vec![
        (
            tr(lang, "field-account"),
            deal.account
                .clone()
                .map(|a| view! { <a href=format!("/accounts/{}", a.id)>{a.name}</a> }.into_any()),
        ),
        (
            tr(lang, "field-contact"),
            deal.contact
                .clone()
                .map(|c| view! { <a href=format!("/contacts/{}", c.id)>{c.name}</a> }.into_any()),
        ),
        (
            tr(lang, "field-amount"),
            text(Some(format::money(lang, &deal.amount))),
        ),
        (
            tr(lang, "field-close-date"),
            text(Some(format::calendar_date(lang, deal.close_date))),
        ),
        (tr(lang, "field-stage"), text(Some(stage))),
        (
            tr(lang, "field-opportunity-type"),
            text(deal.opportunity_type.map(|t| type_label(lang, t))),
        ),
        (tr(lang, "field-next-step"), text(deal.next_step.clone())),
        (
            tr(lang, "field-description"),
            text(deal.description.clone()),
        ),
        (tr(lang, "field-owner"), text(Some(deal.owner.name.clone()))),
        (
            tr(lang, "record-updated"),
            text(Some(format::date_time(lang, deal.updated_at))),
        ),
    ];
    items.splice(5..5, closed);
    items.extend(from_leads_fact(lang, deal.from_leads.clone()));
    view! {
        <div class="record-grid">
            <section class="card" aria-label=t("record-details")>
                <Facts items=items/>
            </section>
            <div>
                <DealContacts deal=deal.clone()/>
                <WatchersPanel kind=RecordKind::Opportunity id=deal.id.to_string() watchers=deal.watchers/>
            </div>
        </div>
    }
}

#[component]
fn DealContacts(deal: Opportunity) -> impl IntoView {
    let lang = use_lang();
    let add = ServerAction::<SetOpportunityContact>::new();
    let remove = ServerAction::<SetOpportunityContact>::new();
    let error = RwSignal::new(None);
    track_error(error, add.value());
    track_error(error, remove.value());
    crate::components::layout::reload_on_success(add.value(), None);
    crate::components::layout::reload_on_success(remove.value(), None);
    let add_error = last_error(add.value());
    let id = deal.id.to_string();
    let add_id = id.clone();
    view! {
        <section class="card" aria-labelledby="deal-contacts-heading">
            <h2 id="deal-contacts-heading">{t("opportunities-contacts")}</h2>
            <FormAlert error=error with_fields=true/>
            {if deal.contacts.is_empty() {
                view! { <p class="muted">{t("opportunities-no-contacts")}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {deal.contacts.into_iter().map(|c| {
                            let label = tr_args(lang, "opportunities-remove-contact", &[("name", c.name.clone().into())]);
                            let deal_id = id.clone();
                            view! {
                                <li>
                                    <a href=format!("/contacts/{}", c.id)>{c.name.clone()}</a>
                                    <ActionForm action=remove attr:class="inline-form">
                                        <input type="hidden" name="id" value=deal_id/>
                                        <input type="hidden" name="contact" value=c.id.to_string()/>
                                        <input type="hidden" name="linked" value="false"/>
                                        <button type="submit" class="button button-small" aria-label=label>"×"</button>
                                    </ActionForm>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <ActionForm action=add attr:class="row-form">
                <input type="hidden" name="id" value=add_id/>
                <input type="hidden" name="linked" value="true"/>
                <Picker name="contact".into() field="contact" label=t("opportunities-add-contact") kind="contact"
                    id="deal-contact".into() error=add_error/>
                <button type="submit" class="button">{t("record-add")}</button>
            </ActionForm>
        </section>
    }
}

/// New (`/opportunities/new`, optionally `?account=<id>`) or edit (`/opportunities/:id/edit`).
#[component]
pub fn OpportunityFormPage() -> impl IntoView {
    let id = route_id();
    let query = use_query_map();
    let data = Resource::new(
        move || (id.get(), query.read().get("account").unwrap_or_default()),
        |(id, account)| async move {
            if !id.is_empty() {
                return get_opportunity(id).await.map(|o| (Some(o), None));
            }
            Ok((None, account_choice(account).await))
        },
    );
    view! {
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || data.get().map(|res| match res {
                Ok((deal, account)) => view! { <OpportunityForm deal=deal account=account/> }.into_any(),
                Err(e) => view! { <ErrorPage error=e/> }.into_any(),
            })}
        </Transition>
    }
}

/// The stages and currencies a deal form offers, read once per form.
pub async fn deal_choices() -> Result<(Vec<SalesStage>, Vec<Currency>), AppError> {
    Ok((list_stages().await?, list_currencies().await?))
}

/// A stage as a select offers it: "Proposal (60%)".
pub fn stage_option(s: SalesStage) -> (String, String) {
    let label = format!("{} ({}%)", s.name, s.probability);
    (s.id.to_string(), label)
}

#[component]
fn OpportunityForm(deal: Option<Opportunity>, account: Option<(String, String)>) -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveOpportunity>::new();
    let error = last_error(save.value());
    let choices = Resource::new(|| (), |_| deal_choices());
    let title = match &deal {
        Some(d) => tr_args(
            lang,
            "opportunities-edit",
            &[("name", d.name.clone().into())],
        ),
        None => tr(lang, "opportunities-new"),
    };
    let cancel = deal.as_ref().map_or("/opportunities".to_owned(), |d| {
        format!("/opportunities/{}", d.id)
    });
    let d = deal.clone();
    let v = move |f: fn(&Opportunity) -> Option<String>| d.as_ref().and_then(f).unwrap_or_default();
    let account = deal
        .as_ref()
        .map(|d| {
            d.account
                .as_ref()
                .map(|a| (a.id.to_string(), a.name.clone()))
        })
        .unwrap_or(account);
    let contact = deal.as_ref().and_then(|d| {
        d.contact
            .as_ref()
            .map(|c| (c.id.to_string(), c.name.clone()))
    });
    let owner = deal
        .as_ref()
        .map(|d| (d.owner.id.to_string(), d.owner.name.clone()));
    let types = std::iter::once((String::new(), tr(lang, "field-none")))
        .chain(
            OpportunityType::ALL
                .iter()
                .map(|t| (t.code().to_owned(), type_label(lang, *t))),
        )
        .collect::<Vec<_>>();
    let has_lines = deal.as_ref().is_some_and(|d| d.has_lines);
    let submit = if deal.is_some() {
        "record-save"
    } else {
        "record-create"
    };
    view! {
        <Title text=title.clone()/>
        <h1>{title}</h1>
        <ActionForm action=save attr:novalidate=true attr:class="card record-form">
            <FormAlert error=error/>
            <input type="hidden" name="id" value=deal.as_ref().map(|d| d.id.to_string()).unwrap_or_default()/>
            <Version at=deal.as_ref().map(|d| d.updated_at)/>
            <div class="form-grid">
                <Field name="name" prefix="input" label=t("field-name") required=true rule=rules::title
                    value=v(|d| Some(d.name.clone())) error=error/>
                {if deal.as_ref().is_some_and(|d| d.account_hidden) {
                    view! { <HiddenLink label=tr(lang, "field-account")/> }.into_any()
                } else {
                    view! {
                        <Picker name="input[account]".into() field="account" label=t("field-account") kind="account"
                            id="field-account".into() initial=account.unwrap_or_default() error=error/>
                    }.into_any()
                }}
                {if deal.as_ref().is_some_and(|d| d.contact_hidden) {
                    view! { <HiddenLink label=tr(lang, "field-contact")/> }.into_any()
                } else {
                    view! {
                        <Picker name="input[contact]".into() field="contact" label=t("field-contact") kind="contact"
                            id="field-contact".into() initial=contact.unwrap_or_default() error=error/>
                    }.into_any()
                }}
                <Field name="close_date" prefix="input" label=t("field-close-date") kind="date" required=true
                    value=v(|d| Some(d.close_date.to_string())) error=error/>
                {if has_lines {
                    view! {
                        <div class="field">
                            <span class="field-label">{t("field-amount")}</span>
                            <p class="field-hint">{t("opportunities-amount-from-lines")}</p>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <Field name="amount" prefix="input" label=t("field-amount") rule=rules::amount
                            value=v(|d| Some(d.amount.to_input())) error=error/>
                    }.into_any()
                }}
                <Transition fallback=|| ()>
                    {
                        let deal = deal.clone();
                        move || choices.get().map(|res| {
                            let (stages, currencies) = res.unwrap_or_default();
                            let stage = deal.as_ref().map(|d| d.stage.id.to_string())
                                .or_else(|| stages.first().map(|s| s.id.to_string()))
                                .unwrap_or_default();
                            let currency = deal.as_ref().map(|d| d.amount.currency.clone())
                                .or_else(|| currencies.first().map(|c| c.code.clone()))
                                .unwrap_or_default();
                            let stages = stages.into_iter()
                                .map(stage_option)
                                .collect::<Vec<_>>();
                            let currencies = currencies.into_iter()
                                .map(format::currency_option)
                                .collect::<Vec<_>>();
                            view! {
                                <SelectField name="stage" prefix="input" label=t("field-stage") options=stages
                                    selected=stage error=error/>
                                <SelectField name="currency" prefix="input" label=t("field-currency") options=currencies
                                    selected=currency error=error/>
                            }
                        })
                    }
                </Transition>
                <SelectField name="opportunity_type" prefix="input" label=t("field-opportunity-type") options=types
                    selected=v(|d| d.opportunity_type.map(|t| t.code().to_owned())) error=error/>
                <Field name="next_step" prefix="input" label=t("field-next-step")
                    value=v(|d| d.next_step.clone()) error=error/>
                <Field name="lost_reason" prefix="input" label=t("field-lost-reason")
                    hint=tr(lang, "opportunities-lost-reason-hint")
                    value=v(|d| d.lost_reason.clone()) error=error/>
                <Picker name="input[owner]".into() field="owner" label=t("field-owner") kind="user"
                    id="field-owner".into() initial=owner.unwrap_or_default() error=error/>
                <Field name="description" prefix="input" label=t("field-description") kind="textarea"
                    value=v(|d| d.description.clone()) error=error/>
            </div>
            <div class="form-actions">
                <button type="submit" class="button button-primary">{t(submit)}</button>
                <a class="button" href=cancel>{t("record-cancel")}</a>
            </div>
        </ActionForm>
    }
}

/// The account page's deals: its opportunities the viewer sees, and a start for a new one.
#[component]
pub fn AccountOpportunities(account: String) -> impl IntoView {
    let lang = use_lang();
    let query = ListQuery {
        parent: account.clone(),
        sort: "close_date".into(),
        ..ListQuery::default()
    };
    let deals = Resource::new(move || query.clone(), list_opportunities);
    view! {
        <section class="card" aria-labelledby="account-deals-heading">
            <div class="page-head">
                <h2 id="account-deals-heading">{t("accounts-opportunities")}</h2>
                <a class="button" href=format!("/opportunities/new?account={account}")>{t("opportunities-new")}</a>
            </div>
            <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
                {move || deals.get().map(|res| match res {
                    Ok(p) if p.items.is_empty() => view! { <p class="muted">{t("accounts-no-opportunities")}</p> }.into_any(),
                    Ok(p) => opportunity_rows(lang, p.items).into_any(),
                    Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}
