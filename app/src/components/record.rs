//! The parts of a record page every kind shares: tabs, the facts list, watchers, the
//! delete button and the History tab.

use crate::api::records::{DeleteRecord, SetWatcher, record_history};
use crate::components::form::{FormAlert, edit_in_place, last_error};
use crate::components::picker::Picker;
use crate::components::row_button::RowButton;
use crate::format;
use crate::i18n::{t, tr, tr_args, use_lang};
use leptos::prelude::*;
use types::dto::records::{HistoryValue, RecordKind, UserRef};

/// Tabs as links, so each tab has a URL and works without JS.
#[component]
pub fn RecordTabs(
    base: String,
    current: String,
    tabs: Vec<(&'static str, String)>,
) -> impl IntoView {
    view! {
        <nav class="tabs" aria-label=t("record-details")>
            {tabs.into_iter().map(|(key, label)| {
                let href = if key == "overview" { base.clone() } else { format!("{base}?tab={key}") };
                let on = current == key;
                view! { <a href=href aria-current=on.then_some("page")>{label}</a> }
            }).collect_view()}
        </nav>
    }
}

/// A definition list of (label, value); empty values show a dash.
#[component]
pub fn Facts(items: Vec<(String, Option<AnyView>)>) -> impl IntoView {
    view! {
        <dl class="facts">
            {items.into_iter().map(|(label, value)| view! {
                <div>
                    <dt>{label}</dt>
                    <dd>{value.unwrap_or_else(|| view! { <span class="muted">{t("record-none")}</span> }.into_any())}</dd>
                </div>
            }).collect_view()}
        </dl>
    }
}

/// A link that leaves the app (a website, a profile), opened in a new tab.
pub fn external_link(href: String) -> AnyView {
    let text = href.clone();
    view! { <a href=href rel="noopener noreferrer" target="_blank">{text}</a> }.into_any()
}

/// A link to another record by its title.
pub fn record_link(r: types::dto::tasks::RecordRef) -> AnyView {
    let href = r.path();
    view! { <a href=href>{r.title}</a> }.into_any()
}

/// Links to several records, one per line; nothing when there are none.
pub fn record_links(refs: Vec<types::dto::tasks::RecordRef>) -> Option<AnyView> {
    (!refs.is_empty()).then(|| {
        view! { <ul class="plain-list">{refs.into_iter().map(|r| view! { <li>{record_link(r)}</li> }).collect_view()}</ul> }
            .into_any()
    })
}

/// The "converted from" fact of a record a lead became, when it has one.
pub fn from_leads_fact(
    lang: types::lang::Lang,
    refs: Vec<types::dto::tasks::RecordRef>,
) -> Option<(String, Option<AnyView>)> {
    let links = record_links(refs)?;
    Some((crate::i18n::tr(lang, "convert-from-lead"), Some(links)))
}

/// A fact's text as it was typed (line breaks kept); none when empty.
pub fn text_fact(value: Option<String>) -> Option<AnyView> {
    value.map(|v| view! { <span class="pre">{v}</span> }.into_any())
}

/// A link to a record by its name.
pub fn link_to(kind: RecordKind, id: impl std::fmt::Display, name: String) -> AnyView {
    let href = kind.path(id);
    view! { <a href=href>{name}</a> }.into_any()
}

/// The record's "created" and "updated" facts.
pub fn stamps(
    lang: types::lang::Lang,
    created: time::OffsetDateTime,
    updated: time::OffsetDateTime,
) -> [(String, Option<AnyView>); 2] {
    [
        (
            tr(lang, "record-created"),
            text_fact(Some(format::date_time(lang, created))),
        ),
        (
            tr(lang, "record-updated"),
            text_fact(Some(format::date_time(lang, updated))),
        ),
    ]
}

/// A mailto link.
pub fn mail_link(email: String) -> AnyView {
    let href = format!("mailto:{email}");
    view! { <a href=href>{email}</a> }.into_any()
}

#[component]
pub fn DeleteRecord(kind: RecordKind, id: String) -> impl IntoView {
    let action = ServerAction::<DeleteRecord>::new();
    let error = last_error(action.value());
    view! {
        <ActionForm action=action attr:class="inline-form">
            <input type="hidden" name="kind" value=kind.code()/>
            <input type="hidden" name="id" value=id/>
            <button type="submit" class="button button-danger">{t("record-delete")}</button>
        </ActionForm>
        <FormAlert error=error/>
    }
}

#[component]
pub fn WatchersPanel(kind: RecordKind, id: String, watchers: Vec<UserRef>) -> impl IntoView {
    let lang = use_lang();
    let me = crate::use_viewer().user.map(|u| u.id);
    let watching = me.is_some_and(|me| watchers.iter().any(|w| w.id == me));
    let toggle = ServerAction::<SetWatcher>::new();
    let add = ServerAction::<SetWatcher>::new();
    let remove = ServerAction::<SetWatcher>::new();
    let error = edit_in_place(&[toggle, add, remove]);
    let add_error = last_error(add.value());
    let (id_toggle, id_add) = (id.clone(), id.clone());
    view! {
        <section class="card" aria-labelledby="watchers-heading">
            <h2 id="watchers-heading">{t("record-watchers")}</h2>
            <p class="field-hint">{t("record-watchers-help")}</p>
            <FormAlert error=error with_fields=true/>
            {if watchers.is_empty() {
                view! { <p class="muted">{t("record-no-watchers")}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {watchers.into_iter().map(|w| {
                            let label = tr_args(lang, "record-remove-watcher", &[("name", w.name.clone().into())]);
                            let record = id.clone();
                            view! {
                                <li>
                                    {w.name.clone()}
                                    <RowButton action=remove key=record label="×".to_owned() aria_label=label
                                        fields=vec![("kind", kind.code().to_owned()), ("user", w.id.to_string()),
                                            ("watching", "false".to_owned())]/>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <ActionForm action=toggle attr:class="inline-form">
                <input type="hidden" name="kind" value=kind.code()/>
                <input type="hidden" name="id" value=id_toggle/>
                <input type="hidden" name="user" value=""/>
                <input type="hidden" name="watching" value=(!watching).to_string()/>
                <button type="submit" class="button">
                    {if watching { tr(lang, "record-unwatch") } else { tr(lang, "record-watch") }}
                </button>
            </ActionForm>
            <ActionForm action=add attr:class="row-form">
                <input type="hidden" name="kind" value=kind.code()/>
                <input type="hidden" name="id" value=id_add/>
                <input type="hidden" name="watching" value="true"/>
                <Picker name="user".into() field="user" label=t("record-add-watcher") kind="user"
                    id="watcher-user".into() error=add_error/>
                <button type="submit" class="button">{t("record-add")}</button>
            </ActionForm>
        </section>
    }
}

/// Field names in the history are the snake_case names of the record's fields.
fn field_label(lang: types::lang::Lang, field: &str) -> String {
    tr(lang, &format!("field-{}", field.replace('_', "-")))
}

/// One value of the History tab, written as the rest of the UI writes it; a linked record
/// links to its page.
fn history_value(lang: types::lang::Lang, value: Option<HistoryValue>) -> AnyView {
    let text = |s: String| view! { <span>{s}</span> }.into_any();
    match value {
        None => view! { <span class="muted">{tr(lang, "history-empty-value")}</span> }.into_any(),
        Some(HistoryValue::Text { text: s }) => text(s),
        Some(HistoryValue::Money { money }) => text(format::money(lang, &money)),
        Some(HistoryValue::Date { date }) => text(format::calendar_date(lang, date)),
        Some(HistoryValue::Moment { at }) => text(format::date_time(lang, at)),
        Some(HistoryValue::Label { key }) => text(tr(lang, &key)),
        Some(HistoryValue::Line {
            description,
            quantity,
            total,
        }) => text(format!(
            "{description} × {quantity} = {}",
            format::money(lang, &total)
        )),
        Some(HistoryValue::Link { kind, id, title }) => {
            view! { <a href=kind.path(id)>{title}</a> }.into_any()
        }
        Some(HistoryValue::Hidden) => {
            view! { <span class="muted">{tr(lang, "history-hidden")}</span> }.into_any()
        }
    }
}

#[component]
pub fn HistoryPanel(kind: RecordKind, id: String) -> impl IntoView {
    let lang = use_lang();
    let entries = Resource::new(
        move || (),
        move |_| record_history(kind.code().to_owned(), id.clone()),
    );
    view! {
        <section class="card" aria-labelledby="history-heading">
            <h2 id="history-heading">{t("history-title")}</h2>
            <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
                {move || entries.get().map(|res| match res {
                    Ok(list) if list.is_empty() => view! { <p class="muted">{t("history-empty")}</p> }.into_any(),
                    Ok(list) => view! {
                        <ol class="history">
                            {list.into_iter().map(|e| {
                                let who = e.actor.clone().unwrap_or_else(|| tr(lang, "history-someone"));
                                let what = tr_args(lang, &format!("history-{}", e.action), &[("who", who.into())]);
                                view! {
                                    <li>
                                        <p><strong>{what}</strong>" · "<time>{format::date_time(lang, e.at)}</time></p>
                                        {(!e.changes.is_empty()).then(|| view! {
                                            <table class="table history-changes">
                                                <thead><tr>
                                                    <th scope="col">{t("history-field")}</th>
                                                    <th scope="col">{t("history-old")}</th>
                                                    <th scope="col">{t("history-new")}</th>
                                                </tr></thead>
                                                <tbody>
                                                    {e.changes.into_iter().map(|c| view! {
                                                        <tr>
                                                            <td>{field_label(lang, &c.field)}</td>
                                                            <td>{history_value(lang, c.old)}</td>
                                                            <td>{history_value(lang, c.new)}</td>
                                                        </tr>
                                                    }).collect_view()}
                                                </tbody>
                                            </table>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }.into_any(),
                    Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}
