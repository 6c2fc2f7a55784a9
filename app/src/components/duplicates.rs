//! "This looks like …": while a new contact, account or lead is filled in, the records it may
//! duplicate, checked again whenever a name, address or phone field changes. Saving stays
//! possible (two people may share a name); the panel only names what the viewer may see.

use crate::i18n::{t, tr, tr_args, use_lang};
use leptos::prelude::*;
use types::dto::duplicates::LikelyDuplicate;
use types::dto::records::RecordKind;

/// The check of a new record's form: what its fields' `change` events call, and the panel
/// that shows likely duplicates (an `aria-live` region, so screen readers hear it).
pub fn watch(
    kind: RecordKind,
    form: NodeRef<leptos::html::Form>,
) -> (impl Fn() + Copy + 'static, impl IntoView) {
    let found = RwSignal::new(Vec::<LikelyDuplicate>::new());
    let asked = StoredValue::new(0u64);
    let check = move || {
        #[cfg(feature = "hydrate")]
        ask(kind, form, found, asked);
        #[cfg(not(feature = "hydrate"))]
        let _ = (kind, form, asked);
    };
    (check, view! { <Panel found=found/> })
}

/// Reads the form and asks the server; only the newest answer is shown.
#[cfg(feature = "hydrate")]
fn ask(
    kind: RecordKind,
    form: NodeRef<leptos::html::Form>,
    found: RwSignal<Vec<LikelyDuplicate>>,
    asked: StoredValue<u64>,
) {
    let Some(form) = form.get_untracked() else {
        return;
    };
    // Counted first, so an answer to an earlier question never shows after a newer one.
    let n = asked.get_value() + 1;
    asked.set_value(n);
    let draft = draft(kind, |field| value(&form, field));
    if draft.name.trim().chars().count() < 2 && draft.emails.is_empty() && draft.phones.is_empty() {
        found.set(Vec::new());
        return;
    }
    leptos::task::spawn_local(async move {
        let likely = crate::api::duplicates::check_duplicates(kind.code().to_owned(), draft)
            .await
            .unwrap_or_default();
        if asked.get_value() == n {
            found.set(likely);
        }
    });
}

/// The value of the form's field `input[<field>]`, or empty.
#[cfg(feature = "hydrate")]
fn value(form: &web_sys::HtmlFormElement, field: &str) -> String {
    use wasm_bindgen::JsCast;
    form.query_selector(&format!("[name='input[{field}]']"))
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

/// What the check reads of a kind's form.
#[cfg(feature = "hydrate")]
fn draft(kind: RecordKind, value: impl Fn(&str) -> String) -> types::dto::duplicates::Draft {
    use types::dto::duplicates::Draft;
    let one = |field: &str| Some(value(field)).filter(|v| !v.trim().is_empty());
    let many = |fields: &[&str]| fields.iter().filter_map(|f| one(f)).collect::<Vec<_>>();
    match kind {
        RecordKind::Account => Draft {
            name: value("name"),
            emails: many(&["email"]),
            phones: many(&["phone"]),
            website: one("website"),
            vat_id: one("vat_id"),
            ..Draft::default()
        },
        RecordKind::Lead => Draft {
            first_name: one("first_name"),
            name: value("last_name"),
            company: one("company"),
            emails: many(&["email"]),
            phones: many(&["phone"]),
            ..Draft::default()
        },
        _ => Draft {
            first_name: one("first_name"),
            name: value("last_name"),
            emails: many(&["email", "email2"]),
            phones: many(&["phone", "mobile"]),
            ..Draft::default()
        },
    }
}

#[component]
fn Panel(found: RwSignal<Vec<LikelyDuplicate>>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="dup-check" role="status" aria-live="polite">
            {move || {
                let likely = found.get();
                (!likely.is_empty()).then(|| view! {
                    <div class="alert alert-note">
                        <p><strong>{t("dup-looks-like")}</strong></p>
                        <ul>
                            {likely.into_iter().map(|d| {
                                let confidence = tr_args(lang, "dup-confidence", &[("percent", d.confidence.into())]);
                                let reasons = d.reasons.iter().map(|r| tr(lang, r.key())).collect::<Vec<_>>().join(" · ");
                                view! {
                                    <li>
                                        <a href=d.kind.path(d.record.id) target="_blank" rel="noopener">{d.record.title}</a>
                                        " "<small class="muted">{d.record.detail}</small>
                                        " — "{confidence}" · "{reasons}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <p class="field-hint">{t("dup-save-anyway")}</p>
                    </div>
                })
            }}
        </div>
    }
}
