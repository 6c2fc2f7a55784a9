//! Contracts: the list, the contract page (overview, line items, activities, tasks,
//! history) and the form. New contracts can start from an account page (`?account=<id>`).

use crate::api::contracts::{SaveContract, get_contract, list_contracts};
use crate::api::lookups::list_currencies;
use crate::components::data_table::{
    Cell, EmptyList, FilterSpec, ListFilters, RecordTable, Row, columns, is_filtered, shown,
    use_list_query,
};
use crate::components::error_page::ErrorPage;
use crate::components::form::{
    Field, FormAlert, HiddenLink, SelectField, Version, last_error, rules,
};
use crate::components::lines::LineItemsPanel;
use crate::components::picker::Picker;
use crate::components::record::{DeleteRecord, Facts, HistoryPanel, RecordTabs, WatchersPanel};
use crate::components::related::{RelatedTasks, Timeline};
use crate::format;
use crate::i18n::{t, tr, tr_args, use_lang};
use crate::routes::accounts::{account_choice, current_tab, route_id};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use time::Date;
use types::dto::contracts::{
    COLUMNS, Contract, ContractRow, ContractStatus, DEFAULT_COLUMNS, SORTABLE,
};
use types::dto::records::{ListQuery, RecordKind};
use types::lang::Lang;

fn status_label(lang: Lang, s: ContractStatus) -> String {
    tr(lang, &format!("contract-status-{}", s.code()))
}

fn day(lang: Lang, d: Option<Date>) -> Option<String> {
    d.map(|d| format::calendar_date(lang, d))
}

fn row(lang: Lang, c: ContractRow) -> Row {
    let id = c.id.to_string();
    Row {
        title: c.title.clone(),
        cells: vec![
            (
                "title",
                Cell::Link {
                    href: format!("/contracts/{id}"),
                    text: c.title,
                },
            ),
            (
                "account",
                c.account.map_or(Cell::Empty, |a| Cell::Link {
                    href: format!("/accounts/{}", a.id),
                    text: a.name,
                }),
            ),
            ("status", Cell::Text(status_label(lang, c.status))),
            ("value", Cell::Text(format::money(lang, &c.value))),
            ("start_date", Cell::opt(day(lang, c.start_date))),
            ("end_date", Cell::opt(day(lang, c.end_date))),
            ("owner", Cell::Text(c.owner)),
            ("updated_at", Cell::Text(format::date(lang, c.updated_at))),
        ],
        id,
    }
}

fn statuses(lang: Lang) -> Vec<(String, String)> {
    ContractStatus::ALL
        .iter()
        .map(|s| (s.code().to_owned(), status_label(lang, *s)))
        .collect()
}

#[component]
pub fn ContractsPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_list_query();
    let page = Resource::new(move || query.get(), list_contracts);
    let all = columns(lang, COLUMNS, SORTABLE);
    let spec = FilterSpec {
        statuses: statuses(lang),
        amount: true,
    };
    view! {
        <Title text=t("contracts-title")/>
        <div class="page-head">
            <h1>{t("contracts-title")}</h1>
            <a class="button button-primary" href="/contracts/new">{t("contracts-new")}</a>
        </div>
        {move || view! { <ListFilters query=query.get() spec=spec.clone() columns=all.clone() defaults=DEFAULT_COLUMNS/> }}
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || page.get().map(|res| {
                let q = query.get_untracked();
                match res {
                    Ok(p) if p.items.is_empty() => view! {
                        <EmptyList filtered=is_filtered(&q) title_key="contracts-empty-title"
                            body_key="contracts-empty-body" new_href="/contracts/new" new_key="contracts-new"/>
                    }.into_any(),
                    Ok(p) => {
                        let cols = shown(&columns(lang, COLUMNS, SORTABLE), &q, DEFAULT_COLUMNS);
                        let rows = p.items.into_iter().map(|r| row(lang, r)).collect();
                        view! { <RecordTable kind=RecordKind::Contract query=q columns=cols rows=rows next=p.next default_sort=SORTABLE[0]/> }.into_any()
                    }
                    Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn ContractPage() -> impl IntoView {
    let id = route_id();
    // Line items change the amount: read the record again when the tab changes.
    let tab = current_tab();
    let contract = Resource::new(move || (id.get(), tab.get()), |(id, _)| get_contract(id));
    view! {
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || contract.get().map(|res| match res {
                Ok(c) => view! { <ContractView contract=c/> }.into_any(),
                Err(e) => view! { <ErrorPage error=e/> }.into_any(),
            })}
        </Transition>
    }
}

fn facts(lang: Lang, c: &Contract) -> Vec<(String, Option<AnyView>)> {
    let text = |v: Option<String>| v.map(|v| view! { <span class="pre">{v}</span> }.into_any());
    vec![
        (
            tr(lang, "field-account"),
            c.account
                .clone()
                .map(|a| view! { <a href=format!("/accounts/{}", a.id)>{a.name}</a> }.into_any()),
        ),
        (
            tr(lang, "field-status"),
            text(Some(status_label(lang, c.status))),
        ),
        (
            tr(lang, "field-value"),
            text(Some(format::money(lang, &c.value))),
        ),
        (tr(lang, "field-start-date"), text(day(lang, c.start_date))),
        (tr(lang, "field-end-date"), text(day(lang, c.end_date))),
        (
            tr(lang, "field-renewal-reminder-date"),
            text(day(lang, c.renewal_reminder_date)),
        ),
        (
            tr(lang, "field-customer-signed-on"),
            text(day(lang, c.customer_signed_on)),
        ),
        (
            tr(lang, "field-company-signed-on"),
            text(day(lang, c.company_signed_on)),
        ),
        (tr(lang, "field-description"), text(c.description.clone())),
        (tr(lang, "field-owner"), text(Some(c.owner.name.clone()))),
        (
            tr(lang, "record-updated"),
            text(Some(format::date_time(lang, c.updated_at))),
        ),
    ]
}

#[component]
fn ContractView(contract: Contract) -> impl IntoView {
    let lang = use_lang();
    let tab = current_tab();
    let id = contract.id.to_string();
    let base = format!("/contracts/{id}");
    let tabs = vec![
        ("overview", tr(lang, "record-tab-overview")),
        ("lines", tr(lang, "opportunities-lines")),
        ("activities", tr(lang, "activities-timeline")),
        ("tasks", tr(lang, "tasks-related")),
        ("history", tr(lang, "record-tab-history")),
    ];
    let c = contract.clone();
    view! {
        <Title text=contract.title.clone()/>
        <div class="page-head">
            <h1>{contract.title.clone()}</h1>
            <div class="page-actions">
                <a class="button" href=format!("{base}/edit")>{t("record-edit")}</a>
                {contract.can_delete.then(|| view! { <DeleteRecord kind=RecordKind::Contract id=id.clone()/> })}
            </div>
        </div>
        <RecordTabs base=base current=tab.get_untracked() tabs=tabs/>
        {move || match tab.get().as_str() {
            "lines" => view! { <LineItemsPanel kind=RecordKind::Contract id=c.id.to_string()/> }.into_any(),
            "activities" => view! { <Timeline kind=RecordKind::Contract id=c.id.to_string()/> }.into_any(),
            "tasks" => view! { <RelatedTasks kind=RecordKind::Contract id=c.id.to_string()/> }.into_any(),
            "history" => view! { <HistoryPanel kind=RecordKind::Contract id=c.id.to_string()/> }.into_any(),
            _ => view! {
                <div class="record-grid">
                    <section class="card" aria-label=t("record-details")><Facts items=facts(lang, &c)/></section>
                    <WatchersPanel kind=RecordKind::Contract id=c.id.to_string() watchers=c.watchers.clone()/>
                </div>
            }.into_any(),
        }}
    }
}

/// New (`/contracts/new`, optionally `?account=<id>`) or edit (`/contracts/:id/edit`).
#[component]
pub fn ContractFormPage() -> impl IntoView {
    let id = route_id();
    let query = use_query_map();
    let data = Resource::new(
        move || (id.get(), query.read().get("account").unwrap_or_default()),
        |(id, account)| async move {
            if !id.is_empty() {
                return get_contract(id).await.map(|c| (Some(c), None));
            }
            Ok((None, account_choice(account).await))
        },
    );
    view! {
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || data.get().map(|res| match res {
                Ok((contract, account)) => view! { <ContractForm contract=contract account=account/> }.into_any(),
                Err(e) => view! { <ErrorPage error=e/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn ContractForm(contract: Option<Contract>, account: Option<(String, String)>) -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveContract>::new();
    let error = last_error(save.value());
    let currencies = Resource::new(|| (), |_| list_currencies());
    let title = match &contract {
        Some(c) => tr_args(lang, "contracts-edit", &[("name", c.title.clone().into())]),
        None => tr(lang, "contracts-new"),
    };
    let cancel = contract
        .as_ref()
        .map_or("/contracts".to_owned(), |c| format!("/contracts/{}", c.id));
    let c2 = contract.clone();
    let v = move |f: fn(&Contract) -> Option<String>| c2.as_ref().and_then(f).unwrap_or_default();
    let account = contract
        .as_ref()
        .map(|c| {
            c.account
                .as_ref()
                .map(|a| (a.id.to_string(), a.name.clone()))
        })
        .unwrap_or(account);
    let owner = contract
        .as_ref()
        .map(|c| (c.owner.id.to_string(), c.owner.name.clone()));
    let has_lines = contract.as_ref().is_some_and(|c| c.has_lines);
    let submit = if contract.is_some() {
        "record-save"
    } else {
        "record-create"
    };
    let current = contract.as_ref().map(|c| c.value.currency.clone());
    view! {
        <Title text=title.clone()/>
        <h1>{title}</h1>
        <ActionForm action=save attr:novalidate=true attr:class="card record-form">
            <FormAlert error=error/>
            <input type="hidden" name="id" value=contract.as_ref().map(|c| c.id.to_string()).unwrap_or_default()/>
            <Version at=contract.as_ref().map(|c| c.updated_at)/>
            <div class="form-grid">
                <Field name="title" prefix="input" label=t("field-title") required=true rule=rules::title
                    value=v(|c| Some(c.title.clone())) error=error/>
                {if contract.as_ref().is_some_and(|c| c.account_hidden) {
                    view! { <HiddenLink label=tr(lang, "field-account")/> }.into_any()
                } else {
                    view! {
                        <Picker name="input[account]".into() field="account" label=t("field-account") kind="account"
                            id="field-account".into() initial=account.unwrap_or_default() error=error/>
                    }.into_any()
                }}
                <SelectField name="status" prefix="input" label=t("field-status") options=statuses(lang)
                    selected=v(|c| Some(c.status.code().to_owned())) error=error/>
                {if has_lines {
                    view! {
                        <div class="field">
                            <span class="field-label">{t("field-value")}</span>
                            <p class="field-hint">{t("contracts-value-from-lines")}</p>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <Field name="value" prefix="input" label=t("field-value") rule=rules::amount
                            value=v(|c| Some(c.value.to_input())) error=error/>
                    }.into_any()
                }}
                <Transition fallback=|| ()>
                    {
                        let current = current.clone();
                        move || currencies.get().map(|res| {
                            let list = res.unwrap_or_default();
                            let selected = current.clone()
                                .or_else(|| list.first().map(|c| c.code.clone()))
                                .unwrap_or_default();
                            let options = list.into_iter()
                                .map(format::currency_option)
                                .collect::<Vec<_>>();
                            view! {
                                <SelectField name="currency" prefix="input" label=t("field-currency")
                                    options=options selected=selected error=error/>
                            }
                        })
                    }
                </Transition>
                <Field name="start_date" prefix="input" label=t("field-start-date") kind="date"
                    value=v(|c| c.start_date.map(|d| d.to_string())) error=error/>
                <Field name="end_date" prefix="input" label=t("field-end-date") kind="date"
                    value=v(|c| c.end_date.map(|d| d.to_string())) error=error/>
                <Field name="renewal_reminder_date" prefix="input" label=t("field-renewal-reminder-date") kind="date"
                    value=v(|c| c.renewal_reminder_date.map(|d| d.to_string())) error=error/>
                <Field name="customer_signed_on" prefix="input" label=t("field-customer-signed-on") kind="date"
                    value=v(|c| c.customer_signed_on.map(|d| d.to_string())) error=error/>
                <Field name="company_signed_on" prefix="input" label=t("field-company-signed-on") kind="date"
                    value=v(|c| c.company_signed_on.map(|d| d.to_string())) error=error/>
                <Picker name="input[owner]".into() field="owner" label=t("field-owner") kind="user"
                    id="field-owner".into() initial=owner.unwrap_or_default() error=error/>
                <Field name="description" prefix="input" label=t("field-description") kind="textarea"
                    value=v(|c| c.description.clone()) error=error/>
            </div>
            <div class="form-actions">
                <button type="submit" class="button button-primary">{t(submit)}</button>
                <a class="button" href=cancel>{t("record-cancel")}</a>
            </div>
        </ActionForm>
    }
}

/// The account page's contracts, and a start for a new one.
#[component]
pub fn AccountContracts(account: String) -> impl IntoView {
    let lang = use_lang();
    let query = ListQuery {
        parent: account.clone(),
        sort: "end_date".into(),
        ..ListQuery::default()
    };
    let contracts = Resource::new(move || query.clone(), list_contracts);
    view! {
        <section class="card" aria-labelledby="account-contracts-heading">
            <div class="page-head">
                <h2 id="account-contracts-heading">{t("accounts-contracts")}</h2>
                <a class="button" href=format!("/contracts/new?account={account}")>{t("contracts-new")}</a>
            </div>
            <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
                {move || contracts.get().map(|res| match res {
                    Ok(p) if p.items.is_empty() => view! { <p class="muted">{t("accounts-no-contracts")}</p> }.into_any(),
                    Ok(p) => view! {
                        <ul class="plain-list">
                            {p.items.into_iter().map(|c| view! {
                                <li>
                                    <a href=format!("/contracts/{}", c.id)>{c.title}</a>
                                    " · "{status_label(lang, c.status)}" · "{format::money(lang, &c.value)}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}
