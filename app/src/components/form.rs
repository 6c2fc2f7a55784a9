//! Form fields that show translated errors next to themselves. Each field can also run one of
//! the shared `types::validate` rules as soon as the user leaves it.

use crate::i18n::{t, tr, use_lang};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use types::error::AppError;

/// A rule from `types::validate`, reduced to pass/fail with a message key.
pub type Rule = fn(&str) -> Result<(), &'static str>;

/// The error of the last submission, as a signal the fields can read. Fields read it with
/// `try_get`: a streamed render may still read it after its form has gone.
pub fn last_error<T: 'static>(
    value: impl Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
) -> Signal<Option<AppError>> {
    Signal::derive(move || value.get().and_then(Result::err))
}

/// Makes `target` show the outcome of whichever of several actions finished last: its error,
/// or nothing after a success. Call once per action. A no-JS post's error, already in the
/// action from the URL, shows at once.
pub fn track_error<T: 'static>(
    target: RwSignal<Option<AppError>>,
    value: impl Get<Value = Option<Result<T, AppError>>> + 'static,
) {
    if let Some(Err(e)) = untrack(|| value.get()) {
        target.set(Some(e));
    }
    Effect::new(move |_| match value.get() {
        Some(Err(e)) => target.set(Some(e)),
        Some(Ok(_)) => target.set(None),
        None => {}
    });
}

/// The actions of a panel that edits links in place (watchers, a deal's contacts, an
/// activity's records): the error of whichever finished last shows on the panel, and the page
/// reloads after any of them succeeds, so the panel shows what was saved.
pub fn edit_in_place<S>(actions: &[ServerAction<S>]) -> RwSignal<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let error = RwSignal::new(None);
    for action in actions {
        track_error(error, action.value());
        crate::components::layout::reload_on_success(action.value(), None);
    }
    error
}

/// Clears a form once its action succeeded, ready for the next entry.
pub fn reset_on_success<T: 'static, E: 'static>(
    value: impl Get<Value = Option<Result<T, E>>> + 'static,
    form: NodeRef<leptos::html::Form>,
) {
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(_)))
            && let Some(form) = form.get_untracked()
        {
            form.reset();
        }
    });
}

/// What a failed no-JS post sent under `name`, to show again instead of the stored value
/// (see `server::middleware::form_echo`). Only the server render of the page the post returned
/// to has one; hydration keeps what the server rendered.
pub fn echoed(name: &str) -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        crate::api::server::form_echo().and_then(|e| e.get(name).map(str::to_owned))
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = name;
        None
    }
}

/// A checkbox's state after a failed no-JS post: checked if it was posted, else as stored.
pub fn echoed_checked(name: &str, stored: bool) -> bool {
    #[cfg(feature = "ssr")]
    if let Some(echo) = crate::api::server::form_echo() {
        return echo.get(name).is_some();
    }
    let _ = name;
    stored
}

#[component]
pub fn Field(
    name: &'static str,
    label: String,
    /// The input's type attribute.
    #[prop(default = "text")]
    kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(optional)] rule: Option<Rule>,
    #[prop(optional)] hint: Option<String>,
    /// The element id, when one page has several fields of the same name.
    #[prop(optional)]
    id: Option<String>,
    /// Names the input `prefix[name]`, for server functions that take one struct.
    #[prop(optional)]
    prefix: Option<&'static str>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let local = RwSignal::new(None::<&'static str>);
    let input_name = input_name(prefix, name);
    let value = echoed(&input_name).or(value);
    let id = id.unwrap_or_else(|| format!("field-{name}"));
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    // `try_get`: a streamed server render can still ask after the field's owner is gone.
    let message = move || {
        local
            .try_get()
            .flatten()
            .map(str::to_owned)
            .or_else(|| {
                error
                    .try_get()
                    .flatten()
                    .and_then(|e| e.field_key(name).map(str::to_owned))
            })
            .map(|key| tr(lang, &key))
    };
    let described_by = if hint.is_some() {
        format!("{error_id} {hint_id}")
    } else {
        error_id.clone()
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {if kind == "textarea" {
                view! {
                    <textarea
                        id=id
                        name=input_name
                        rows="4"
                        aria-invalid=move || if message().is_some() { "true" } else { "false" }
                        aria-describedby=described_by
                    >{value}</textarea>
                }.into_any()
            } else {
                view! {
                    <input
                        id=id
                        name=input_name
                        type=kind
                        autocomplete=autocomplete
                        value=value
                        required=required
                        aria-required=required.then_some("true")
                        aria-invalid=move || if message().is_some() { "true" } else { "false" }
                        aria-describedby=described_by
                        on:change=move |ev| {
                            if let Some(rule) = rule {
                                local.set(rule(&event_target_value(&ev)).err());
                            }
                        }
                    />
                }.into_any()
            }}
            {hint.map(|h| view! { <p class="field-hint" id=hint_id>{h}</p> })}
            <p class="field-error" id=error_id aria-live="polite">{message}</p>
        </div>
    }
}

/// The form name of a field: `name`, or `prefix[name]`.
fn input_name(prefix: Option<&'static str>, name: &'static str) -> String {
    match prefix {
        Some(p) => format!("{p}[{name}]"),
        None => name.to_owned(),
    }
}

/// A select whose options are (value, label) pairs.
#[component]
pub fn SelectField<V: Into<String> + 'static>(
    name: &'static str,
    label: String,
    options: Vec<(V, String)>,
    #[prop(into)] selected: String,
    /// The element id, when one page has several fields of the same name.
    #[prop(optional)]
    id: Option<String>,
    /// Names the select `prefix[name]`, for server functions that take one struct.
    #[prop(optional)]
    prefix: Option<&'static str>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let input_name = input_name(prefix, name);
    let selected = echoed(&input_name).unwrap_or(selected);
    let id = id.unwrap_or_else(|| format!("field-{name}"));
    let error_id = format!("{id}-error");
    let message = move || {
        error
            .try_get()
            .flatten()
            .and_then(|e| e.field_key(name).map(|k| tr(lang, k)))
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id name=input_name aria-describedby=error_id.clone()>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let value: String = value.into();
                        let on = value == selected;
                        view! { <option value=value selected=on>{text}</option> }
                    })
                    .collect_view()}
            </select>
            <p class="field-error" id=error_id aria-live="polite">{message}</p>
        </div>
    }
}

/// One choice among a few, as radio buttons in a fieldset: for choices that each need a
/// sentence, which a select would cut short.
#[component]
pub fn Choices(
    name: &'static str,
    legend: String,
    /// (value, label) pairs.
    options: Vec<(String, String)>,
    #[prop(into)] selected: String,
    #[prop(optional)] prefix: Option<&'static str>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let input_name = input_name(prefix, name);
    let selected = echoed(&input_name).unwrap_or(selected);
    let error_id = format!("field-{name}-error");
    let message = move || {
        error
            .try_get()
            .flatten()
            .and_then(|e| e.field_key(name).map(|k| tr(lang, k)))
    };
    let described_by = error_id.clone();
    view! {
        <fieldset class="field choices" aria-describedby=described_by>
            <legend>{legend}</legend>
            {options
                .into_iter()
                .enumerate()
                .map(|(i, (value, text))| {
                    let id = format!("field-{name}-{i}");
                    let label_for = id.clone();
                    let on = value == selected;
                    view! {
                        <label class="check" for=label_for>
                            <input id=id type="radio" name=input_name.clone() value=value checked=on/>
                            {text}
                        </label>
                    }
                })
                .collect_view()}
            <p class="field-error" id=error_id aria-live="polite">{message}</p>
        </fieldset>
    }
}

/// The form-level message for the last submission: what went wrong, in the user's language.
///
/// `with_fields` also spells out each field's error, for compact row forms whose inputs have
/// no message slot of their own.
#[component]
pub fn FormAlert(
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional)] with_fields: bool,
) -> impl IntoView {
    let lang = use_lang();
    move || {
        error.try_get().flatten().map(|e| {
            let mut text = tr(lang, e.message_key());
            match &e {
                AppError::Internal { trace_id: Some(id) }
                | AppError::Outage { trace_id: Some(id) } => text.push_str(&format!(" ({id})")),
                AppError::Validation { fields } if with_fields => {
                    for f in fields {
                        text.push(' ');
                        text.push_str(&tr(lang, &f.key));
                    }
                }
                _ => {}
            }
            view! {
                <div class="alert alert-error" role="alert">
                    {text}
                </div>
            }
        })
    }
}

/// The version an edit form was filled in on (the record's `updated_at`): a save based on an
/// older version is refused as a conflict instead of overwriting someone's changes.
#[component]
pub fn Version(at: Option<time::OffsetDateTime>) -> impl IntoView {
    at.map(|at| {
        view! { <input type="hidden" name="input[updated_at]" value=types::form::version_text(at)/> }
    })
}

/// The start of a record form: the summary of what went wrong, the record's id (empty for a
/// new one) and the version an edit is based on.
#[component]
pub fn RecordFormTop(
    #[prop(into)] error: Signal<Option<AppError>>,
    id: Option<String>,
    version: Option<time::OffsetDateTime>,
) -> impl IntoView {
    view! {
        <FormAlert error=error/>
        <input type="hidden" name="id" value=id.unwrap_or_default()/>
        <Version at=version/>
    }
}

/// A record form's buttons: Create or Save, and Cancel back to `cancel` (none for a form
/// inside another page).
#[component]
pub fn RecordFormActions(editing: bool, cancel: Option<String>) -> impl IntoView {
    view! {
        <div class="form-actions">
            <button type="submit" class="button button-primary">
                {if editing { t("record-save") } else { t("record-create") }}
            </button>
            {cancel.map(|href| view! { <a class="button" href=href>{t("record-cancel")}</a> })}
        </div>
    }
}

/// The heading of a record form page: `<prefix>-new`, or `<prefix>-edit` with the record's
/// name.
#[component]
pub fn FormHeading(prefix: &'static str, name: Option<String>) -> impl IntoView {
    let lang = use_lang();
    let title = match name {
        Some(name) => {
            crate::i18n::tr_args(lang, &format!("{prefix}-edit"), &[("name", name.into())])
        }
        None => tr(lang, &format!("{prefix}-new")),
    };
    view! {
        <leptos_meta::Title text=title.clone()/>
        <h1>{title}</h1>
    }
}

/// A record's amount (`input[<name>]`, labelled `field-<name>`), or, when its line items
/// set it, a note saying so (`hint`) in place of the input.
#[component]
pub fn AmountField(
    name: &'static str,
    from_lines: bool,
    hint: &'static str,
    value: String,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let label = t(&format!("field-{}", name.replace('_', "-")));
    if from_lines {
        view! {
            <div class="field">
                <span class="field-label">{label}</span>
                <p class="field-hint">{t(hint)}</p>
            </div>
        }
        .into_any()
    } else {
        view! { <Field name=name prefix="input" label=label rule=rules::amount value=value error=error/> }.into_any()
    }
}

/// The currency of a money field: the record's (`current`), or else the first one offered.
#[component]
pub fn CurrencyField(
    current: Option<String>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let currencies = Resource::new(|| (), |_| crate::api::lookups::list_currencies());
    view! {
        <Transition fallback=|| ()>
            {move || currencies.get().map(|res| {
                let list = res.unwrap_or_default();
                let selected = current.clone()
                    .or_else(|| list.first().map(|c| c.code.clone()))
                    .unwrap_or_default();
                let options = list.into_iter().map(crate::format::currency_option).collect::<Vec<_>>();
                view! {
                    <SelectField name="currency" prefix="input" label=t("field-currency")
                        options=options selected=selected error=error/>
                }
            })}
        </Transition>
    }
}

/// Select options led by an empty "None" choice.
pub fn with_none(
    lang: types::lang::Lang,
    options: impl IntoIterator<Item = (String, String)>,
) -> Vec<(String, String)> {
    std::iter::once((String::new(), tr(lang, "field-none")))
        .chain(options)
        .collect()
}

/// In place of a link field whose record the viewer may not see: the form then does not send
/// the field, and the link stays as it is.
#[component]
pub fn HiddenLink(label: String) -> impl IntoView {
    view! {
        <div class="field">
            <span class="field-label">{label}</span>
            <p class="muted">{t("record-link-hidden")}</p>
        </div>
    }
}

/// Adapters from the shared rules to [`Rule`]: the form shows the rule's error, and the
/// service, which reads the value, checks it again.
pub mod rules {
    use types::validate;

    macro_rules! adapt {
        ($($(#[$doc:meta])* $name:ident => $rule:expr),* $(,)?) => {
            $(
                $(#[$doc])*
                pub fn $name(s: &str) -> Result<(), &'static str> {
                    $rule(s).map(drop)
                }
            )*
        };
    }

    adapt! {
        email => validate::email,
        name => validate::name,
        new_password => validate::new_password,
        title => validate::title,
        optional_email => validate::optional_email,
        optional_url => validate::optional_url,
        optional_phone => validate::optional_phone,
        /// The amount's shape; the currency's decimal places are checked on save.
        amount => |s| validate::amount(s, 4),
        rate => validate::rate,
        quantity => validate::quantity,
        tags => validate::tags,
    }
}
