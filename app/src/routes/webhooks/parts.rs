//! What both webhooks pages show: the events an endpoint wants, as a grid of checkboxes,
//! its state, and a secret shown once.

use crate::i18n::{t, tr, use_lang};
use leptos::prelude::*;
use types::dto::records::RecordKind;
use types::dto::webhooks::{ACTIONS, RECORD_CHANGES, WebhookInfo};
use types::error::AppError;
use types::lang::Lang;

/// The events to pick from: a row of changes per kind of record, then the actions. Each box
/// posts as `events[i]`, which the server function reads as a list.
#[component]
pub fn EventChoices(
    /// The events checked at first.
    selected: Vec<String>,
    /// Distinguishes the ids of two forms on one page.
    id_prefix: &'static str,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let mut index = 0..;
    let mut boxed = move |event: String, label: String, visible: bool| {
        let i = index.next().unwrap_or_default();
        let id = format!("{id_prefix}-event-{}", event.replace('.', "-"));
        let on = crate::components::form::echoed_checked(
            &format!("events[{i}]"),
            selected.contains(&event),
        );
        let label_for = id.clone();
        // A box in the grid is named by its row and column; the actions have a label.
        let aria = (!visible).then(|| label.clone());
        view! {
            <input id=id type="checkbox" name=format!("events[{i}]") value=event checked=on
                aria-label=aria/>
            {visible.then(|| view! { <label for=label_for>{label}</label> })}
        }
    };
    let rows = RecordKind::ALL
        .iter()
        .map(|kind| {
            let name = kind_name(lang, *kind);
            let cells = RECORD_CHANGES
                .iter()
                .map(|change| {
                    let label =
                        format!("{name}: {}", tr(lang, &format!("webhooks-change-{change}")));
                    view! { <td>{boxed(format!("{}.{change}", kind.code()), label, false)}</td> }
                })
                .collect_view();
            view! { <tr><th scope="row">{name}</th>{cells}</tr> }
        })
        .collect_view();
    let actions = ACTIONS
        .iter()
        .map(|action| {
            let label = tr(
                lang,
                &format!("webhooks-event-{}", action.replace('.', "-")),
            );
            view! { <div class="check">{boxed((*action).to_owned(), label, true)}</div> }
        })
        .collect_view();
    let error_id = format!("{id_prefix}-events-error");
    let described_by = error_id.clone();
    let message = move || {
        error
            .try_get()
            .flatten()
            .and_then(|e| e.field_key("events").map(|k| tr(lang, k)))
    };
    view! {
        <fieldset class="field event-choices" aria-describedby=described_by>
            <legend>{t("webhooks-events")}</legend>
            <div class="table-wrap">
                <table class="table event-grid">
                    <thead><tr>
                        <th scope="col">{t("webhooks-record")}</th>
                        {RECORD_CHANGES.iter().map(|c| view! {
                            <th scope="col">{tr(lang, &format!("webhooks-change-{c}"))}</th>
                        }).collect_view()}
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {actions}
            <p class="field-error" id=error_id aria-live="polite">{message}</p>
        </fieldset>
    }
}

/// A kind of record's plural name, as the navigation shows it.
fn kind_name(lang: Lang, kind: RecordKind) -> String {
    tr(lang, &format!("nav-{}", &kind.list_path()[1..]))
}

/// On, off, or turned off by the server (and why).
#[component]
pub fn EndpointState(endpoint: WebhookInfo) -> impl IntoView {
    let lang = use_lang();
    match (endpoint.active, endpoint.disabled_reason) {
        (true, _) => view! { <span class="badge badge-ok">{t("webhooks-on")}</span> }.into_any(),
        (false, Some(reason)) => view! {
            <span class="badge badge-warn">{t("webhooks-disabled")}</span>
            " "
            <span class="webhook-reason">{tr(lang, &reason)}</span>
        }
        .into_any(),
        (false, None) => {
            view! { <span class="badge badge-off">{t("webhooks-off")}</span> }.into_any()
        }
    }
}

/// The switch for an endpoint that is `active` or not: its label key, and the `active` value
/// it posts.
pub fn switch_to(active: bool) -> (&'static str, &'static str) {
    if active {
        ("webhooks-turn-off", "false")
    } else {
        ("webhooks-turn-on", "true")
    }
}

/// A signing secret just made, to copy now: it is never shown again.
#[component]
pub fn ShownOnce(secret: String) -> impl IntoView {
    view! {
        <div class="alert alert-ok" role="status">
            <label for="webhook-secret">{t("webhooks-secret-once")}</label>
            <input id="webhook-secret" class="secret" readonly value=secret/>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use types::dto::webhooks::DeliveryState;

    /// The labels these pages build from codes, which the catalogue scan cannot see.
    #[test]
    fn every_change_action_and_state_has_a_label() {
        let keys = RECORD_CHANGES
            .iter()
            .map(|c| format!("webhooks-change-{c}"))
            .chain(
                ACTIONS
                    .iter()
                    .map(|a| format!("webhooks-event-{}", a.replace('.', "-"))),
            )
            .chain(
                DeliveryState::ALL
                    .iter()
                    .map(|s| format!("webhooks-delivery-{}", s.code())),
            )
            .chain(
                RecordKind::ALL
                    .iter()
                    .map(|k| format!("nav-{}", &k.list_path()[1..])),
            );
        for key in keys {
            assert_ne!(tr(Lang::En, &key), key, "no message for {key}");
        }
    }
}
