//! The activity page: details, the records it is linked to, and history.

use super::kind_label;
use crate::api::activities::{SetActivityLink, get_activity};
use crate::components::form::{FormAlert, edit_in_place, last_error};
use crate::components::picker::Picker;
use crate::components::record::{Facts, record_link, text_fact};
use crate::components::record_page::{Loaded, RecordView, route_id};
use crate::components::row_button::RowButton;
use crate::format;
use crate::i18n::{t, tr, tr_args, use_lang};
use leptos::prelude::*;
use types::dto::activities::Activity;
use types::dto::records::RecordKind;
use types::lang::Lang;

#[component]
pub fn ActivityPage() -> impl IntoView {
    view! {
        <Loaded key=route_id() load=get_activity show=|a| view! { <ActivityView activity=a/> }.into_any()/>
    }
}

fn facts(lang: Lang, a: &Activity) -> Vec<(String, Option<AnyView>)> {
    let text = text_fact;
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
    let a = activity.clone();
    let panel = move |_: &str| {
        view! {
            <div class="record-grid">
                <section class="card" aria-label=t("record-details")><Facts items=facts(lang, &a)/></section>
                <ActivityLinks activity=a.clone()/>
            </div>
        }
        .into_any()
    };
    view! {
        <RecordView kind=RecordKind::Activity id=activity.id.to_string() title=activity.subject.clone()
            can_delete=activity.can_delete related=false panel=panel/>
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
    let error = edit_in_place(&[add, remove]);
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
                            <RowButton action=remove key=id label="×".to_owned() aria_label=label
                                fields=vec![("kind", kind.to_owned()), ("record", record), ("linked", "false".to_owned())]/>
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
