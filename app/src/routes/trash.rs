//! The trash: deleted records the viewer may restore, one kind per tab.

use crate::api::records::{RestoreRecord, trash_items};
use crate::components::form::{FormAlert, last_error};
use crate::components::layout::reload_on_success;
use crate::components::record::RecordTabs;
use crate::components::record_page::current_tab;
use crate::components::row_button::RowButton;
use crate::components::table::{Pager, Table, heads};
use crate::format;
use crate::i18n::{t, tr, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use types::dto::records::RecordKind;

#[component]
pub fn TrashPage() -> impl IntoView {
    let lang = use_lang();
    let tab = current_tab();
    let query = use_query_map();
    let kind = Memo::new(move |_| RecordKind::from_code(&tab.get()).unwrap_or(RecordKind::Account));
    let after = Memo::new(move |_| query.read().get("after").unwrap_or_default());
    let restore = ServerAction::<RestoreRecord>::new();
    let error = last_error(restore.value());
    reload_on_success(restore.value(), None);
    let items = Resource::new(
        move || (kind.get(), after.get()),
        |(kind, after)| trash_items(kind.code().to_owned(), after),
    );
    let tabs = RecordKind::ALL
        .iter()
        .map(|k| (k.code(), tr(lang, &format!("nav-{}", &k.list_path()[1..]))))
        .collect::<Vec<_>>();
    view! {
        <Title text=t("trash-title")/>
        <h1>{t("trash-title")}</h1>
        <p class="muted">{t("trash-body")}</p>
        <RecordTabs base="/trash".into() current=kind.get_untracked().code().to_owned() tabs=tabs/>
        <FormAlert error=error/>
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || items.get().map(|res| match res {
                Ok(p) if p.items.is_empty() => view! { <p class="empty-state">{t("trash-empty")}</p> }.into_any(),
                Ok(p) => {
                    let next = p.next.map(|n| format!("/trash?tab={}&after={n}", kind.get_untracked().code()));
                    view! {
                        <Table heads=heads(lang, &["trash-record", "trash-deleted-at"]) actions=true>
                                    {p.items.into_iter().map(|item| view! {
                                        <tr>
                                            <td>{item.title.clone()}</td>
                                            <td>{format::date_time(lang, item.deleted_at)}</td>
                                            <td>
                                                <RowButton action=restore key=item.id.to_string()
                                                    fields=vec![("kind", item.kind.code().to_owned())] label=t("trash-restore")/>
                                            </td>
                                        </tr>
                                    }).collect_view()}
                        </Table>
                        {next.map(|href| view! { <Pager first=None next=Some(href)/> })}
                    }.into_any()
                }
                Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
            })}
        </Transition>
    }
}
