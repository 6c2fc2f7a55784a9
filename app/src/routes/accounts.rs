//! Accounts: the list, the account page (overview, contacts, history) and the form.

use crate::api::accounts::{SaveAccount, get_account, list_accounts};
use crate::api::contacts::{SaveContact, list_contacts};
use crate::api::lookups::{list_currencies, list_lookup_values};
use crate::components::data_table::{
    Cell, EmptyList, FilterSpec, ListFilters, RecordTable, Row, columns, is_filtered, shown,
    use_list_query,
};
use crate::components::error_page::ErrorPage;
use crate::components::form::{Field, FormAlert, SelectField, Version, last_error, rules};
use crate::components::picker::Picker;
use crate::components::record::{
    DeleteRecord, Facts, HistoryPanel, RecordTabs, WatchersPanel, external_link, from_leads_fact,
    mail_link,
};
use crate::components::related::{RelatedTasks, Timeline};
use crate::format;
use crate::i18n::{t, tr, tr_args, use_lang};
use crate::routes::contacts::{ContactForm, contact_rows};
use crate::routes::contracts::AccountContracts;
use crate::routes::opportunities::AccountOpportunities;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use types::dto::accounts::{
    Account, AccountRow, AccountStatus, AccountType, COLUMNS, DEFAULT_COLUMNS, SORTABLE,
};
use types::dto::lookups::LookupKind;
use types::dto::records::{ListQuery, RecordKind};
use types::lang::Lang;

fn status_label(lang: Lang, s: AccountStatus) -> String {
    tr(lang, &format!("account-status-{}", s.code()))
}

fn type_label(lang: Lang, s: AccountType) -> String {
    tr(lang, &format!("account-type-{}", s.code()))
}

fn row(lang: Lang, a: AccountRow) -> Row {
    let id = a.id.to_string();
    Row {
        title: a.name.clone(),
        cells: vec![
            (
                "name",
                Cell::Link {
                    href: format!("/accounts/{id}"),
                    text: a.name,
                },
            ),
            ("industry", Cell::opt(a.industry)),
            ("status", Cell::Text(status_label(lang, a.status))),
            (
                "annual_revenue",
                Cell::opt(a.annual_revenue.map(|m| format::money(lang, &m))),
            ),
            ("owner", Cell::Text(a.owner)),
            ("updated_at", Cell::Text(format::date(lang, a.updated_at))),
            ("website", Cell::opt(a.website)),
            ("email", Cell::opt(a.email)),
            ("phone", Cell::opt(a.phone)),
            (
                "account_type",
                Cell::opt(a.account_type.map(|t| type_label(lang, t))),
            ),
            ("created_at", Cell::Text(format::date(lang, a.created_at))),
        ],
        id,
    }
}

#[component]
pub fn AccountsPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_list_query();
    let page = Resource::new(move || query.get(), list_accounts);
    let all = columns(lang, COLUMNS, SORTABLE);
    let spec = FilterSpec {
        statuses: AccountStatus::ALL
            .iter()
            .map(|s| (s.code().to_owned(), status_label(lang, *s)))
            .collect(),
        amount: true,
    };
    view! {
        <Title text=t("accounts-title")/>
        <div class="page-head">
            <h1>{t("accounts-title")}</h1>
            <a class="button button-primary" href="/accounts/new">{t("accounts-new")}</a>
        </div>
        {move || view! { <ListFilters query=query.get() spec=spec.clone() columns=all.clone() defaults=DEFAULT_COLUMNS/> }}
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || page.get().map(|res| {
                let q = query.get_untracked();
                match res {
                    Ok(p) if p.items.is_empty() => view! {
                        <EmptyList filtered=is_filtered(&q) title_key="accounts-empty-title"
                            body_key="accounts-empty-body" new_href="/accounts/new" new_key="accounts-new"/>
                    }.into_any(),
                    Ok(p) => {
                        let cols = shown(&columns(lang, COLUMNS, SORTABLE), &q, DEFAULT_COLUMNS);
                        let rows = p.items.into_iter().map(|a| row(lang, a)).collect();
                        view! { <RecordTable kind=RecordKind::Account query=q columns=cols rows=rows next=p.next default_sort=SORTABLE[0]/> }.into_any()
                    }
                    Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The `id` route parameter.
pub fn route_id() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("id").unwrap_or_default())
}

/// The account a new deal or contract starts from (`?account=<id>`), as a picker's initial
/// choice; an unknown or hidden account is simply no choice.
pub async fn account_choice(id: String) -> Option<(String, String)> {
    if id.is_empty() {
        return None;
    }
    let account = get_account(id).await.ok()?;
    Some((account.id.to_string(), account.name))
}

/// The `tab` query parameter, `overview` by default.
pub fn current_tab() -> Memo<String> {
    let query = use_query_map();
    Memo::new(move |_| query.read().get("tab").unwrap_or_else(|| "overview".into()))
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let id = route_id();
    let account = Resource::new(move || id.get(), get_account);
    view! {
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || account.get().map(|res| match res {
                Ok(a) => view! { <AccountView account=a/> }.into_any(),
                Err(e) => view! { <ErrorPage error=e/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn AccountView(account: Account) -> impl IntoView {
    let lang = use_lang();
    let tab = current_tab();
    let id = account.id.to_string();
    let base = format!("/accounts/{id}");
    let tabs = vec![
        ("overview", tr(lang, "record-tab-overview")),
        ("contacts", tr(lang, "accounts-contacts")),
        ("opportunities", tr(lang, "accounts-opportunities")),
        ("contracts", tr(lang, "accounts-contracts")),
        ("activities", tr(lang, "activities-timeline")),
        ("tasks", tr(lang, "tasks-related")),
        ("history", tr(lang, "record-tab-history")),
    ];
    let a = account.clone();
    view! {
        <Title text=account.name.clone()/>
        <div class="page-head">
            <h1>{account.name.clone()}</h1>
            <div class="page-actions">
                <a class="button" href=format!("{base}/edit")>{t("record-edit")}</a>
                {account.can_delete.then(|| view! { <DeleteRecord kind=RecordKind::Account id=id.clone()/> })}
            </div>
        </div>
        <RecordTabs base=base.clone() current=tab.get_untracked() tabs=tabs/>
        {move || match tab.get().as_str() {
            "contacts" => view! { <AccountContacts account=a.clone()/> }.into_any(),
            "opportunities" => view! { <AccountOpportunities account=a.id.to_string()/> }.into_any(),
            "contracts" => view! { <AccountContracts account=a.id.to_string()/> }.into_any(),
            "activities" => view! { <Timeline kind=RecordKind::Account id=a.id.to_string()/> }.into_any(),
            "tasks" => view! { <RelatedTasks kind=RecordKind::Account id=a.id.to_string()/> }.into_any(),
            "history" => view! { <HistoryPanel kind=RecordKind::Account id=a.id.to_string()/> }.into_any(),
            _ => view! { <AccountOverview account=a.clone()/> }.into_any(),
        }}
    }
}

#[component]
fn AccountOverview(account: Account) -> impl IntoView {
    let lang = use_lang();
    let text = |v: Option<String>| v.map(|v| view! { <span class="pre">{v}</span> }.into_any());
    let link = |v: Option<String>| v.map(external_link);
    let mut items = vec![
        (tr(lang, "field-website"), link(account.website)),
        (tr(lang, "field-email"), account.email.map(mail_link)),
        (tr(lang, "field-phone"), text(account.phone)),
        (
            tr(lang, "field-industry"),
            text(account.industry.map(|i| i.name)),
        ),
        (
            tr(lang, "field-account-type"),
            text(account.account_type.map(|t| type_label(lang, t))),
        ),
        (
            tr(lang, "field-status"),
            text(Some(status_label(lang, account.status))),
        ),
        (
            tr(lang, "field-annual-revenue"),
            text(account.annual_revenue.map(|m| format::money(lang, &m))),
        ),
        (
            tr(lang, "field-employees"),
            text(account.employees.map(|n| format::integer(lang, n.into()))),
        ),
        (tr(lang, "field-vat-id"), text(account.vat_id)),
        (
            tr(lang, "field-billing-address"),
            text(account.billing_address),
        ),
        (
            tr(lang, "field-shipping-address"),
            text(account.shipping_address),
        ),
        (tr(lang, "field-description"), text(account.description)),
        (tr(lang, "field-owner"), text(Some(account.owner.name))),
        (
            tr(lang, "record-created"),
            text(Some(format::date_time(lang, account.created_at))),
        ),
        (
            tr(lang, "record-updated"),
            text(Some(format::date_time(lang, account.updated_at))),
        ),
    ];
    items.extend(from_leads_fact(lang, account.from_leads.clone()));
    view! {
        <div class="record-grid">
            <section class="card" aria-label=t("record-details")>
                <Facts items=items/>
            </section>
            <WatchersPanel kind=RecordKind::Account id=account.id.to_string() watchers=account.watchers/>
        </div>
    }
}

#[component]
fn AccountContacts(account: Account) -> impl IntoView {
    let id = account.id.to_string();
    let lang = use_lang();
    let query = ListQuery {
        parent: id.clone(),
        ..ListQuery::default()
    };
    let save = ServerAction::<SaveContact>::new();
    let contacts = Resource::new(
        move || (query.clone(), save.version().get()),
        |(query, _)| list_contacts(query),
    );
    let back = format!("/accounts/{id}?tab=contacts");
    view! {
        <section class="card" aria-labelledby="contacts-heading">
            <h2 id="contacts-heading">{t("accounts-contacts")}</h2>
            <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
                {move || contacts.get().map(|res| match res {
                    Ok(p) if p.items.is_empty() => view! { <p class="muted">{t("accounts-no-contacts")}</p> }.into_any(),
                    Ok(p) => contact_rows(lang, p.items).into_any(),
                    Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
                })}
            </Transition>
        </section>
        <section class="card" aria-labelledby="add-contact-heading">
            <h2 id="add-contact-heading">{t("accounts-add-contact")}</h2>
            <ContactForm contact=None account=Some((id.clone(), account.name.clone())) back=back action=save/>
        </section>
    }
}

/// New (`/accounts/new`) or edit (`/accounts/:id/edit`).
#[component]
pub fn AccountFormPage() -> impl IntoView {
    let id = route_id();
    let account = Resource::new(
        move || id.get(),
        |id| async move {
            if id.is_empty() {
                Ok(None)
            } else {
                get_account(id).await.map(Some)
            }
        },
    );
    view! {
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || account.get().map(|res| match res {
                Ok(a) => view! { <AccountForm account=a/> }.into_any(),
                Err(e) => view! { <ErrorPage error=e/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn AccountForm(account: Option<Account>) -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveAccount>::new();
    let error = last_error(save.value());
    let choices = Resource::new(
        || (),
        |_| async {
            let industries = list_lookup_values(LookupKind::Industry.code().to_owned()).await?;
            let currencies = list_currencies().await?;
            Ok::<_, types::error::AppError>((industries, currencies))
        },
    );
    let title = match &account {
        Some(a) => tr_args(lang, "accounts-edit", &[("name", a.name.clone().into())]),
        None => tr(lang, "accounts-new"),
    };
    let cancel = account
        .as_ref()
        .map_or("/accounts".to_owned(), |a| format!("/accounts/{}", a.id));
    let a = account.clone();
    let v = move |f: fn(&Account) -> Option<String>| a.as_ref().and_then(f).unwrap_or_default();
    let types = std::iter::once((String::new(), tr(lang, "field-none")))
        .chain(
            AccountType::ALL
                .iter()
                .map(|t| (t.code().to_owned(), type_label(lang, *t))),
        )
        .collect::<Vec<_>>();
    let statuses = AccountStatus::ALL
        .iter()
        .map(|s| (s.code().to_owned(), status_label(lang, *s)))
        .collect::<Vec<_>>();
    let owner = account
        .as_ref()
        .map(|a| (a.owner.id.to_string(), a.owner.name.clone()));
    let submit = if account.is_some() {
        "record-save"
    } else {
        "record-create"
    };
    view! {
        <Title text=title.clone()/>
        <h1>{title}</h1>
        <ActionForm action=save attr:novalidate=true attr:class="card record-form">
            <FormAlert error=error/>
            <input type="hidden" name="id" value=account.as_ref().map(|a| a.id.to_string()).unwrap_or_default()/>
            <Version at=account.as_ref().map(|a| a.updated_at)/>
            <div class="form-grid">
                <Field name="name" prefix="input" label=t("field-name") required=true rule=rules::title
                    value=v(|a| Some(a.name.clone())) error=error/>
                <Field name="website" prefix="input" label=t("field-website") kind="url" rule=rules::optional_url
                    value=v(|a| a.website.clone()) error=error/>
                <Field name="email" prefix="input" label=t("field-email") kind="email" rule=rules::optional_email
                    value=v(|a| a.email.clone()) error=error/>
                <Field name="phone" prefix="input" label=t("field-phone") kind="tel" rule=rules::optional_phone
                    value=v(|a| a.phone.clone()) error=error/>
                <SelectField name="account_type" prefix="input" label=t("field-account-type") options=types
                    selected=v(|a| a.account_type.map(|t| t.code().to_owned())) error=error/>
                <SelectField name="status" prefix="input" label=t("field-status") options=statuses
                    selected=v(|a| Some(a.status.code().to_owned())) error=error/>
                <Transition fallback=|| ()>
                    {
                        let a = account.clone();
                        move || choices.get().map(|res| {
                            let (industries, currencies) = res.unwrap_or_default();
                            let industry = a.as_ref().and_then(|a| a.industry.as_ref().map(|i| i.id.to_string())).unwrap_or_default();
                            let money = a.as_ref().and_then(|a| a.annual_revenue.clone());
                            let currency = money.as_ref().map(|m| m.currency.clone())
                                .or_else(|| currencies.first().map(|c| c.code.clone()))
                                .unwrap_or_default();
                            let industries = std::iter::once((String::new(), tr(lang, "field-none")))
                                .chain(industries.into_iter().map(|i| (i.id.to_string(), i.name)))
                                .collect::<Vec<_>>();
                            let currencies = currencies.into_iter()
                                .map(format::currency_option)
                                .collect::<Vec<_>>();
                            view! {
                                <SelectField name="industry" prefix="input" label=t("field-industry") options=industries
                                    selected=industry error=error/>
                                <Field name="annual_revenue" prefix="input" label=t("field-annual-revenue")
                                    rule=rules::amount value=money.map(|m| m.to_input()).unwrap_or_default() error=error/>
                                <SelectField name="currency" prefix="input" label=t("field-currency") options=currencies
                                    selected=currency error=error/>
                            }
                        })
                    }
                </Transition>
                <Field name="employees" prefix="input" label=t("field-employees") kind="number"
                    value=v(|a| a.employees.map(|n| n.to_string())) error=error/>
                <Field name="vat_id" prefix="input" label=t("field-vat-id")
                    value=v(|a| a.vat_id.clone()) error=error/>
                <Picker name="input[owner]".into() field="owner" label=t("field-owner") kind="user"
                    id="field-owner".into() initial=owner.unwrap_or_default() error=error/>
                <Field name="billing_address" prefix="input" label=t("field-billing-address") kind="textarea"
                    value=v(|a| a.billing_address.clone()) error=error/>
                <Field name="shipping_address" prefix="input" label=t("field-shipping-address") kind="textarea"
                    value=v(|a| a.shipping_address.clone()) error=error/>
                <Field name="description" prefix="input" label=t("field-description") kind="textarea"
                    value=v(|a| a.description.clone()) error=error/>
            </div>
            <div class="form-actions">
                <button type="submit" class="button button-primary">
                    {t(submit)}
                </button>
                <a class="button" href=cancel>{t("record-cancel")}</a>
            </div>
        </ActionForm>
    }
}
