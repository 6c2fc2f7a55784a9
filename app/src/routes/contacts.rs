//! Contacts: the list, the contact page (overview, history) and the form, which the account
//! page also uses to add a contact in place.

use crate::api::contacts::{SaveContact, get_contact, list_contacts};
use crate::api::lookups::list_lookup_values;
use crate::components::data_table::{
    Cell, EmptyList, FilterSpec, ListFilters, RecordTable, Row, columns, is_filtered, shown,
    use_list_query,
};
use crate::components::error_page::ErrorPage;
use crate::components::form::{
    Field, FormAlert, HiddenLink, SelectField, Version, last_error, reset_on_success, rules,
};
use crate::components::picker::Picker;
use crate::components::record::{
    DeleteRecord, Facts, HistoryPanel, RecordTabs, WatchersPanel, external_link, from_leads_fact,
    mail_link,
};
use crate::components::related::{RelatedTasks, Timeline};
use crate::format;
use crate::i18n::{t, tr, tr_args, use_lang};
use crate::routes::accounts::{current_tab, route_id};
use leptos::prelude::*;
use leptos_meta::Title;
use types::dto::contacts::{COLUMNS, Contact, ContactRow, DEFAULT_COLUMNS, SORTABLE};
use types::dto::lookups::LookupKind;
use types::dto::records::RecordKind;
use types::lang::Lang;

fn row(lang: Lang, c: ContactRow) -> Row {
    let id = c.id.to_string();
    Row {
        title: c.name.clone(),
        cells: vec![
            (
                "name",
                Cell::Link {
                    href: format!("/contacts/{id}"),
                    text: c.name,
                },
            ),
            (
                "account",
                c.account.map_or(Cell::Empty, |a| Cell::Link {
                    href: format!("/accounts/{}", a.id),
                    text: a.name,
                }),
            ),
            ("email", Cell::opt(c.email)),
            ("phone", Cell::opt(c.phone)),
            ("owner", Cell::Text(c.owner)),
            ("updated_at", Cell::Text(format::date(lang, c.updated_at))),
            ("position", Cell::opt(c.position)),
            ("contact_type", Cell::opt(c.contact_type)),
            (
                "tags",
                Cell::opt((!c.tags.is_empty()).then(|| c.tags.join(", "))),
            ),
            ("created_at", Cell::Text(format::date(lang, c.created_at))),
        ],
        id,
    }
}

/// A compact table of contacts, for related lists on other records' pages.
pub fn contact_rows(lang: Lang, items: Vec<ContactRow>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead><tr>
                    <th scope="col">{tr(lang, "field-name")}</th>
                    <th scope="col">{tr(lang, "field-position")}</th>
                    <th scope="col">{tr(lang, "field-email")}</th>
                    <th scope="col">{tr(lang, "field-phone")}</th>
                </tr></thead>
                <tbody>
                    {items.into_iter().map(|c| view! {
                        <tr>
                            <td><a href=format!("/contacts/{}", c.id)>{c.name}</a></td>
                            <td>{c.position}</td>
                            <td>{c.email}</td>
                            <td>{c.phone}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn ContactsPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_list_query();
    let page = Resource::new(move || query.get(), list_contacts);
    let types = Resource::new(
        || (),
        |_| list_lookup_values(LookupKind::ContactType.code().to_owned()),
    );
    let all = columns(lang, COLUMNS, SORTABLE);
    view! {
        <Title text=t("contacts-title")/>
        <div class="page-head">
            <h1>{t("contacts-title")}</h1>
            <a class="button button-primary" href="/contacts/new">{t("contacts-new")}</a>
        </div>
        <Transition fallback=|| ()>
            {move || types.get().map(|res| {
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
                        <EmptyList filtered=is_filtered(&q) title_key="contacts-empty-title"
                            body_key="contacts-empty-body" new_href="/contacts/new" new_key="contacts-new"/>
                    }.into_any(),
                    Ok(p) => {
                        let cols = shown(&columns(lang, COLUMNS, SORTABLE), &q, DEFAULT_COLUMNS);
                        let rows = p.items.into_iter().map(|c| row(lang, c)).collect();
                        view! { <RecordTable kind=RecordKind::Contact query=q columns=cols rows=rows next=p.next default_sort=SORTABLE[0]/> }.into_any()
                    }
                    Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn ContactPage() -> impl IntoView {
    let id = route_id();
    let contact = Resource::new(move || id.get(), get_contact);
    view! {
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || contact.get().map(|res| match res {
                Ok(c) => view! { <ContactView contact=c/> }.into_any(),
                Err(e) => view! { <ErrorPage error=e/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn ContactView(contact: Contact) -> impl IntoView {
    let lang = use_lang();
    let tab = current_tab();
    let id = contact.id.to_string();
    let base = format!("/contacts/{id}");
    let name = contact.full_name();
    let tabs = vec![
        ("overview", tr(lang, "record-tab-overview")),
        ("activities", tr(lang, "activities-timeline")),
        ("tasks", tr(lang, "tasks-related")),
        ("history", tr(lang, "record-tab-history")),
    ];
    let c = contact.clone();
    view! {
        <Title text=name.clone()/>
        <div class="page-head">
            <h1>{name}</h1>
            <div class="page-actions">
                <a class="button" href=format!("{base}/edit")>{t("record-edit")}</a>
                {contact.can_delete.then(|| view! { <DeleteRecord kind=RecordKind::Contact id=id.clone()/> })}
            </div>
        </div>
        <RecordTabs base=base current=tab.get_untracked() tabs=tabs/>
        {move || match tab.get().as_str() {
            "history" => view! { <HistoryPanel kind=RecordKind::Contact id=c.id.to_string()/> }.into_any(),
            "activities" => view! { <Timeline kind=RecordKind::Contact id=c.id.to_string()/> }.into_any(),
            "tasks" => view! { <RelatedTasks kind=RecordKind::Contact id=c.id.to_string()/> }.into_any(),
            _ => view! { <ContactOverview contact=c.clone()/> }.into_any(),
        }}
    }
}

#[component]
fn ContactOverview(contact: Contact) -> impl IntoView {
    let lang = use_lang();
    let text = |v: Option<String>| v.map(|v| view! { <span>{v}</span> }.into_any());
    let mail = |v: Option<String>| v.map(mail_link);
    let mut items = vec![
        (
            tr(lang, "field-account"),
            contact
                .account
                .map(|a| view! { <a href=format!("/accounts/{}", a.id)>{a.name}</a> }.into_any()),
        ),
        (tr(lang, "field-position"), text(contact.position)),
        (tr(lang, "field-email"), mail(contact.email)),
        (tr(lang, "field-email2"), mail(contact.email2)),
        (tr(lang, "field-phone"), text(contact.phone)),
        (tr(lang, "field-mobile"), text(contact.mobile)),
        (
            tr(lang, "field-birthday"),
            text(contact.birthday.map(|d| format::calendar_date(lang, d))),
        ),
        (
            tr(lang, "field-linkedin"),
            contact.linkedin.map(external_link),
        ),
        (tr(lang, "field-twitter"), text(contact.twitter)),
        (
            tr(lang, "field-contact-type"),
            text(contact.contact_type.map(|t| t.name)),
        ),
        (
            tr(lang, "field-tags"),
            text((!contact.tags.is_empty()).then(|| contact.tags.join(", "))),
        ),
        (tr(lang, "field-owner"), text(Some(contact.owner.name))),
        (
            tr(lang, "record-created"),
            text(Some(format::date_time(lang, contact.created_at))),
        ),
        (
            tr(lang, "record-updated"),
            text(Some(format::date_time(lang, contact.updated_at))),
        ),
    ];
    items.extend(from_leads_fact(lang, contact.from_leads.clone()));
    view! {
        <div class="record-grid">
            <section class="card" aria-label=t("record-details")>
                <Facts items=items/>
            </section>
            <WatchersPanel kind=RecordKind::Contact id=contact.id.to_string() watchers=contact.watchers/>
        </div>
    }
}

/// New (`/contacts/new`) or edit (`/contacts/:id/edit`).
#[component]
pub fn ContactFormPage() -> impl IntoView {
    let lang = use_lang();
    let id = route_id();
    let contact = Resource::new(
        move || id.get(),
        |id| async move {
            if id.is_empty() {
                Ok(None)
            } else {
                get_contact(id).await.map(Some)
            }
        },
    );
    view! {
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || contact.get().map(|res| match res {
                Ok(c) => {
                    let title = match &c {
                        Some(c) => tr_args(lang, "contacts-edit", &[("name", c.full_name().into())]),
                        None => tr(lang, "contacts-new"),
                    };
                    let account = c.as_ref().and_then(|c| c.account.as_ref().map(|a| (a.id.to_string(), a.name.clone())));
                    view! {
                        <Title text=title.clone()/>
                        <h1>{title}</h1>
                        <div class="card"><ContactForm contact=c account=account back=String::new()/></div>
                    }.into_any()
                }
                Err(e) => view! { <ErrorPage error=e/> }.into_any(),
            })}
        </Transition>
    }
}

/// The contact form. `account` preselects the account; `back` is where to go after saving
/// (empty: the contact's page).
#[component]
pub fn ContactForm(
    contact: Option<Contact>,
    account: Option<(String, String)>,
    back: String,
    /// The page's own action, when it reloads something after a save.
    #[prop(optional)]
    action: Option<ServerAction<SaveContact>>,
) -> impl IntoView {
    let lang = use_lang();
    let save = action.unwrap_or_default();
    let error = last_error(save.value());
    let form = NodeRef::new();
    reset_on_success(save.value(), form);
    let types = Resource::new(
        || (),
        |_| list_lookup_values(LookupKind::ContactType.code().to_owned()),
    );
    let cancel = contact
        .as_ref()
        .map_or("/contacts".to_owned(), |c| format!("/contacts/{}", c.id));
    let c = contact.clone();
    let v = move |f: fn(&Contact) -> Option<String>| c.as_ref().and_then(f).unwrap_or_default();
    let owner = contact
        .as_ref()
        .map(|c| (c.owner.id.to_string(), c.owner.name.clone()));
    let current_type = contact
        .as_ref()
        .and_then(|c| c.contact_type.as_ref().map(|t| t.id.to_string()))
        .unwrap_or_default();
    let inline = !back.is_empty();
    view! {
        <ActionForm action=save node_ref=form attr:novalidate=true attr:class="record-form">
            <FormAlert error=error/>
            <input type="hidden" name="id" value=contact.as_ref().map(|c| c.id.to_string()).unwrap_or_default()/>
            <Version at=contact.as_ref().map(|c| c.updated_at)/>
            <input type="hidden" name="back" value=back/>
            <div class="form-grid">
                <Field name="first_name" prefix="input" label=t("field-first-name")
                    value=v(|c| c.first_name.clone()) error=error/>
                <Field name="last_name" prefix="input" label=t("field-last-name") required=true rule=rules::title
                    value=v(|c| Some(c.last_name.clone())) error=error/>
                <Field name="email" prefix="input" label=t("field-email") kind="email" rule=rules::optional_email
                    value=v(|c| c.email.clone()) error=error/>
                <Field name="phone" prefix="input" label=t("field-phone") kind="tel" rule=rules::optional_phone
                    value=v(|c| c.phone.clone()) error=error/>
                <Field name="position" prefix="input" label=t("field-position")
                    value=v(|c| c.position.clone()) error=error/>
                {if contact.as_ref().is_some_and(|c| c.account_hidden) {
                    view! { <HiddenLink label=tr(lang, "field-account")/> }.into_any()
                } else {
                    view! {
                        <Picker name="input[account]".into() field="account" label=t("field-account") kind="account"
                            id=if inline { "inline-account".to_owned() } else { "field-account".to_owned() }
                            initial=account.clone().unwrap_or_default() error=error/>
                    }.into_any()
                }}
                {(!inline).then(|| view! {
                    <Field name="email2" prefix="input" label=t("field-email2") kind="email" rule=rules::optional_email
                        value=v(|c| c.email2.clone()) error=error/>
                    <Field name="mobile" prefix="input" label=t("field-mobile") kind="tel" rule=rules::optional_phone
                        value=v(|c| c.mobile.clone()) error=error/>
                    <Field name="birthday" prefix="input" label=t("field-birthday") kind="date"
                        value=v(|c| c.birthday.map(|d| d.to_string())) error=error/>
                    <Field name="linkedin" prefix="input" label=t("field-linkedin") kind="url" rule=rules::optional_url
                        value=v(|c| c.linkedin.clone()) error=error/>
                    <Field name="twitter" prefix="input" label=t("field-twitter")
                        value=v(|c| c.twitter.clone()) error=error/>
                    <Field name="tags" prefix="input" label=t("field-tags") rule=rules::tags hint=t("field-tags-hint")
                        value=v(|c| (!c.tags.is_empty()).then(|| c.tags.join(", "))) error=error/>
                    <Picker name="input[owner]".into() field="owner" label=t("field-owner") kind="user"
                        id="field-owner".into() initial=owner.clone().unwrap_or_default() error=error/>
                })}
                <Transition fallback=|| ()>
                    {
                        let current = current_type.clone();
                        move || types.get().map(|res| {
                            let options = std::iter::once((String::new(), tr(lang, "field-none")))
                                .chain(res.unwrap_or_default().into_iter().map(|v| (v.id.to_string(), v.name)))
                                .collect::<Vec<_>>();
                            view! {
                                <SelectField name="contact_type" prefix="input" label=t("field-contact-type")
                                    options=options selected=current.clone() error=error/>
                            }
                        })
                    }
                </Transition>
            </div>
            <div class="form-actions">
                <button type="submit" class="button button-primary">
                    {if contact.is_some() { t("record-save") } else { t("record-create") }}
                </button>
                {(!inline).then(|| view! { <a class="button" href=cancel>{t("record-cancel")}</a> })}
            </div>
        </ActionForm>
    }
}
