//! A search-as-you-type relation picker (an accessible combobox). Each keystroke asks the
//! server for the first few matching records the viewer may see; nothing loads all records.
//! The chosen id travels in a hidden input, so the surrounding form posts it like any field.

use crate::api::records::pick;
use crate::i18n::{t, tr, use_lang};
use leptos::prelude::*;
use types::dto::records::{PickOption, RecordKind};
use types::error::AppError;

/// A record form's link to another record (`input[<field>]`, labelled `field-<field>`): the
/// picker, or, when the linked record is one the viewer may not see, a note in its place, so
/// the form leaves the link as it is.
#[component]
pub fn LinkField(
    field: &'static str,
    kind: RecordKind,
    hidden: bool,
    /// The element id of the text box.
    id: String,
    initial: Option<(String, String)>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let label = t(&format!("field-{field}"));
    if hidden {
        view! { <crate::components::form::HiddenLink label=label/> }.into_any()
    } else {
        view! {
            <Picker name=format!("input[{field}]") field=field label=label kind=kind.code()
                id=id initial=initial.unwrap_or_default() error=error/>
        }
        .into_any()
    }
}

#[component]
pub fn Picker(
    /// The hidden input's form name.
    name: String,
    /// The error key of the field, for messages from the server.
    field: &'static str,
    label: String,
    /// A record kind's code, or `user`.
    kind: &'static str,
    /// The element id of the text box.
    id: String,
    /// The current choice: (id, label).
    #[prop(optional)]
    initial: Option<(String, String)>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let (initial_id, initial_text) = initial.unwrap_or_default();
    let chosen = RwSignal::new(initial_id);
    let text = RwSignal::new(initial_text);
    let open = RwSignal::new(false);
    let active = RwSignal::new(0usize);
    // Choices are fetched from event handlers only (never during server rendering, where a
    // pending fetch would hold the page back), and only the newest answer is kept.
    let options = RwSignal::new(Vec::<PickOption>::new());
    let asked = StoredValue::new(0u64);
    let search = move || {
        let q = text.get_untracked();
        let n = asked.get_value() + 1;
        asked.set_value(n);
        leptos::task::spawn_local(async move {
            let found = pick(kind.to_owned(), q).await.unwrap_or_default();
            if asked.get_value() == n {
                options.set(found);
            }
        });
    };
    let list_id = format!("{id}-list");
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let option_id = {
        let id = id.clone();
        move |i: usize| format!("{id}-opt-{i}")
    };
    let current = move || options.get();
    let choose = move |o: PickOption| {
        chosen.set(o.id);
        text.set(o.label);
        open.set(false);
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let count = current().len();
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = if count == 0 { 0 } else { (*a + 1) % count });
            }
            "ArrowUp" => {
                ev.prevent_default();
                active.update(|a| {
                    *a = if count == 0 {
                        0
                    } else {
                        (*a + count - 1) % count
                    }
                });
            }
            "Enter" if open.get_untracked() => {
                ev.prevent_default();
                if let Some(o) = current().get(active.get_untracked()).cloned() {
                    choose(o);
                }
            }
            "Escape" => open.set(false),
            _ => {}
        }
    };
    // `try_get`: the form that owns the error signal may be gone while a streamed render
    // still reads it; no message is better than a panic.
    let message = move || {
        error
            .try_get()
            .flatten()
            .and_then(|e| e.field_key(field).map(|k| tr(lang, k)))
    };
    let active_descendant = {
        let option_id = option_id.clone();
        move || open.get().then(|| option_id(active.get()))
    };
    view! {
        <div class="field picker">
            <label for=id.clone()>{label}</label>
            <input type="hidden" name=name prop:value=move || chosen.get()/>
            <div class="picker-box">
                <input
                    id=id
                    type="text"
                    role="combobox"
                    autocomplete="off"
                    aria-autocomplete="list"
                    aria-controls=list_id.clone()
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    aria-activedescendant=active_descendant
                    aria-describedby=format!("{hint_id} {error_id}")
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        text.set(event_target_value(&ev));
                        chosen.set(String::new());
                        active.set(0);
                        open.set(true);
                        search();
                    }
                    on:focus=move |_| {
                        open.set(true);
                        search();
                    }
                    on:blur=move |_| open.set(false)
                    on:keydown=on_key
                />
                <button type="button" class="button button-small picker-clear"
                    aria-label=t("picker-clear")
                    on:click=move |_| {
                        chosen.set(String::new());
                        text.set(String::new());
                    }>"×"</button>
            </div>
            <ul id=list_id class="picker-list" role="listbox" hidden=move || !open.get()>
                {move || {
                    let list = current();
                    if list.is_empty() {
                        return view! { <li class="muted" role="option" aria-disabled="true">{t("picker-no-results")}</li> }.into_any();
                    }
                    list.into_iter().enumerate().map(|(i, o)| {
                        let pick = o.clone();
                        view! {
                            <li id=option_id(i) role="option"
                                aria-selected=move || if active.get() == i { "true" } else { "false" }
                                on:mousedown=move |ev| {
                                    ev.prevent_default();
                                    choose(pick.clone());
                                }>
                                <span>{o.label}</span>
                                {(!o.hint.is_empty()).then(|| view! { <small class="muted">{o.hint}</small> })}
                            </li>
                        }
                    }).collect_view().into_any()
                }}
            </ul>
            <p class="field-hint" id=hint_id>{t("picker-hint")}</p>
            <p class="field-error" id=error_id aria-live="polite">{message}</p>
        </div>
    }
}
