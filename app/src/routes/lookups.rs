//! The lookups admin: sales stages, the simple pick-lists, and currencies. Every control is a
//! small form, so the page works before the wasm loads, and every change is audited.

use crate::api::lookups::{
    AddCurrency, CreateLookupValue, CreateStage, MoveLookupValue, MoveStage, RenameLookupValue,
    SetCurrencyActive, SetCurrencyRate, SetLookupValueActive, SetStageActive, UpdateStage,
    list_currencies, list_lookup_values, list_stages,
};
use crate::components::form::{
    Field, FormAlert, SelectField, last_error, reset_on_success, rules, track_error,
};
use crate::components::row_button::RowButton;
use crate::components::table::{Table, heads};
use crate::i18n::{t, tr, tr_args, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use types::dto::lookups::{LookupKind, StageKind};
use types::lang::Lang;
use types::money::rate_text;

admin_page!(
    /// `/admin/lookups`.
    LookupsPage => LookupsAdmin
);

#[component]
fn LookupsAdmin() -> impl IntoView {
    view! {
        <Title text=t("lookups-title")/>
        <h1>{t("lookups-title")}</h1>
        <StagesSection/>
        {LookupKind::ALL.into_iter().map(|kind| view! { <ValuesSection kind=kind/> }).collect_view()}
        <CurrenciesSection/>
    }
}

fn stage_kinds(lang: Lang) -> Vec<(&'static str, String)> {
    StageKind::ALL
        .into_iter()
        .map(|k| (k.code(), tr(lang, &format!("stage-kind-{}", k.code()))))
        .collect()
}

fn status_badge(active: bool) -> impl IntoView {
    if active {
        view! { <span class="badge badge-ok">{t("lookups-active")}</span> }.into_any()
    } else {
        view! { <span class="badge badge-off">{t("lookups-inactive")}</span> }.into_any()
    }
}

/// ↑/↓ buttons; `name` says what moves, for screen readers.
fn move_buttons(name: &str, lang: Lang) -> impl IntoView + use<> {
    let up = tr_args(lang, "lookups-move-up", &[("name", name.to_owned().into())]);
    let down = tr_args(
        lang,
        "lookups-move-down",
        &[("name", name.to_owned().into())],
    );
    view! {
        <button type="submit" name="direction" value="up" class="button button-small"
            aria-label=up.clone() title=up>"↑"</button>
        <button type="submit" name="direction" value="down" class="button button-small"
            aria-label=down.clone() title=down>"↓"</button>
    }
}

#[component]
fn StagesSection() -> impl IntoView {
    let lang = use_lang();
    let create = ServerAction::<CreateStage>::new();
    let update = ServerAction::<UpdateStage>::new();
    let toggle = ServerAction::<SetStageActive>::new();
    let reorder = ServerAction::<MoveStage>::new();
    let stages = Resource::new(
        move || {
            (
                create.version().get(),
                update.version().get(),
                toggle.version().get(),
                reorder.version().get(),
            )
        },
        |_| list_stages(),
    );
    let create_error = last_error(create.value());
    let create_form = NodeRef::new();
    reset_on_success(create.value(), create_form);
    let row_error = RwSignal::new(None);
    track_error(row_error, update.value());
    track_error(row_error, toggle.value());
    track_error(row_error, reorder.value());
    view! {
        <section class="card" aria-labelledby="stages-heading">
            <h2 id="stages-heading">{t("lookups-stages")}</h2>
            <p class="muted">{t("lookups-stages-help")}</p>
            <FormAlert error=row_error with_fields=true/>
            <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
                {move || stages.get().map(|res| match res {
                    Ok(list) => view! {
                        <Table heads=heads(lang, &["lookups-stage", "lookups-status", "lookups-order"]) actions=true>
                                    {list.into_iter().map(|s| {
                                        let id = s.id.to_string();
                                        let (id_update, id_move, id_toggle) = (id.clone(), id.clone(), id.clone());
                                        let (name_id, prob_id, kind_id) =
                                            (format!("stage-name-{id}"), format!("stage-prob-{id}"), format!("stage-kind-{id}"));
                                        let moves = move_buttons(&s.name, lang);
                                        let (name, kind, kinds) = (s.name, s.kind.code(), stage_kinds(lang));
                                        let probability = s.probability.to_string();
                                        let next = (!s.active).to_string();
                                        let toggle_label = if s.active { t("lookups-deactivate") } else { t("lookups-activate") };
                                        view! {
                                            <tr>
                                                <td>
                                                    <ActionForm action=update attr:class="inline-form">
                                                        <input type="hidden" name="id" value=id_update/>
                                                        <label class="visually-hidden" for=name_id.clone()>{t("field-name")}</label>
                                                        <input id=name_id name="name" value=name size="16"/>
                                                        <label class="visually-hidden" for=prob_id.clone()>{t("field-probability")}</label>
                                                        <input id=prob_id name="probability" type="number" min="0" max="100"
                                                            value=probability class="input-narrow"/>
                                                        <span aria-hidden="true">"%"</span>
                                                        <label class="visually-hidden" for=kind_id.clone()>{t("field-stage-kind")}</label>
                                                        <select id=kind_id name="kind">
                                                            {kinds.into_iter().map(|(code, label)| view! {
                                                                <option value=code selected=code == kind>{label}</option>
                                                            }).collect_view()}
                                                        </select>
                                                        <button type="submit" class="button button-small">{t("users-save")}</button>
                                                    </ActionForm>
                                                </td>
                                                <td>{status_badge(s.active)}</td>
                                                <td>
                                                    <ActionForm action=reorder attr:class="inline-form">
                                                        <input type="hidden" name="id" value=id_move/>
                                                        {moves}
                                                    </ActionForm>
                                                </td>
                                                <td>
                                                    <RowButton action=toggle key=id_toggle fields=vec![("active", next)] label=toggle_label/>
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                        </Table>
                    }.into_any(),
                    Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
                })}
            </Transition>
            <h3>{t("lookups-add-stage")}</h3>
            <ActionForm action=create node_ref=create_form attr:novalidate=true attr:class="row-form">
                <FormAlert error=create_error/>
                <Field name="name" id="new-stage-name".into() label=t("field-name") required=true
                    rule=rules::name error=create_error/>
                <Field name="probability" id="new-stage-probability".into() kind="number"
                    label=t("field-probability") value="50" required=true error=create_error/>
                <SelectField name="kind" id="new-stage-kind".into() label=t("field-stage-kind")
                    options=stage_kinds(lang) selected="open" error=create_error/>
                <button type="submit" class="button button-primary">{t("lookups-add")}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn ValuesSection(kind: LookupKind) -> impl IntoView {
    let lang = use_lang();
    let code = kind.code();
    let create = ServerAction::<CreateLookupValue>::new();
    let rename = ServerAction::<RenameLookupValue>::new();
    let toggle = ServerAction::<SetLookupValueActive>::new();
    let reorder = ServerAction::<MoveLookupValue>::new();
    let values = Resource::new(
        move || {
            (
                create.version().get(),
                rename.version().get(),
                toggle.version().get(),
                reorder.version().get(),
            )
        },
        move |_| list_lookup_values(code.to_owned()),
    );
    let create_error = last_error(create.value());
    let create_form = NodeRef::new();
    reset_on_success(create.value(), create_form);
    let row_error = RwSignal::new(None);
    track_error(row_error, rename.value());
    track_error(row_error, toggle.value());
    track_error(row_error, reorder.value());
    let heading = format!("lookups-{code}-heading");
    view! {
        <section class="card" aria-labelledby=heading.clone()>
            <h2 id=heading.clone()>{t(&format!("lookup-kind-{code}"))}</h2>
            <FormAlert error=row_error with_fields=true/>
            <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
                {move || values.get().map(|res| match res {
                    Ok(list) => view! {
                        <ul class="plain-list lookup-list">
                            {list.into_iter().map(|v| {
                                let id = v.id.to_string();
                                let (id_rename, id_move, id_toggle) = (id.clone(), id.clone(), id.clone());
                                let input_id = format!("value-{id}");
                                let moves = move_buttons(&v.name, lang);
                                let name = v.name;
                                let next = (!v.active).to_string();
                                let toggle_label = if v.active { t("lookups-deactivate") } else { t("lookups-activate") };
                                view! {
                                    <li>
                                        <ActionForm action=rename attr:class="inline-form">
                                            <input type="hidden" name="id" value=id_rename/>
                                            <label class="visually-hidden" for=input_id.clone()>{t("field-name")}</label>
                                            <input id=input_id name="name" value=name/>
                                            <button type="submit" class="button button-small">{t("users-save")}</button>
                                        </ActionForm>
                                        {status_badge(v.active)}
                                        <ActionForm action=reorder attr:class="inline-form">
                                            <input type="hidden" name="id" value=id_move/>
                                            {moves}
                                        </ActionForm>
                                        <RowButton action=toggle key=id_toggle fields=vec![("active", next)] label=toggle_label/>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
                })}
            </Transition>
            <ActionForm action=create node_ref=create_form attr:novalidate=true attr:class="row-form">
                <FormAlert error=create_error/>
                <input type="hidden" name="kind" value=code/>
                <Field name="name" id=format!("new-{code}-name") label=t("lookups-new-value")
                    required=true rule=rules::name error=create_error/>
                <button type="submit" class="button button-primary">{t("lookups-add")}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn CurrenciesSection() -> impl IntoView {
    let lang = use_lang();
    let add = ServerAction::<AddCurrency>::new();
    let toggle = ServerAction::<SetCurrencyActive>::new();
    let rate = ServerAction::<SetCurrencyRate>::new();
    let currencies = Resource::new(
        move || {
            (
                add.version().get(),
                toggle.version().get(),
                rate.version().get(),
            )
        },
        |_| list_currencies(),
    );
    let rate_error = last_error(rate.value());
    let add_error = last_error(add.value());
    let add_form = NodeRef::new();
    reset_on_success(add.value(), add_form);
    let row_error = last_error(toggle.value());
    view! {
        <section class="card" aria-labelledby="currencies-heading">
            <h2 id="currencies-heading">{t("lookups-currencies")}</h2>
            <FormAlert error=row_error/>
            <FormAlert error=rate_error with_fields=true/>
            <p class="field-hint" id="rate-hint">{t("lookups-rate-hint")}</p>
            <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
                {move || currencies.get().map(|res| match res {
                    Ok(list) => view! {
                        <Table heads=heads(lang, &["field-currency-code", "field-name", "field-minor-units", "field-rate", "lookups-status"]) actions=true>
                                    {list.into_iter().map(|c| {
                                        let (code, next) = (c.code.clone(), (!c.active).to_string());
                                        let rate_code = c.code.clone();
                                        let rate_label = format!("{} {}", tr(lang, "field-rate"), c.code);
                                        let current_rate = c.rate_ppm.map(rate_text).unwrap_or_default();
                                        let toggle_label = if c.active { t("lookups-deactivate") } else { t("lookups-activate") };
                                        view! {
                                            <tr>
                                                <td><code>{c.code}</code></td>
                                                <td>{c.name}</td>
                                                <td>{c.minor_units}</td>
                                                <td>
                                                    <ActionForm action=rate attr:class="inline-form">
                                                        <input type="hidden" name="code" value=rate_code/>
                                                        <input name="rate" class="rate-input" inputmode="decimal"
                                                            value=current_rate aria-label=rate_label
                                                            aria-describedby="rate-hint"/>
                                                        <button type="submit" class="button button-small">{t("record-save")}</button>
                                                    </ActionForm>
                                                </td>
                                                <td>{status_badge(c.active)}</td>
                                                <td>
                                                    <RowButton action=toggle key=code key_name="code" fields=vec![("active", next)] label=toggle_label/>
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                        </Table>
                    }.into_any(),
                    Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
                })}
            </Transition>
            <h3>{t("lookups-add-currency")}</h3>
            <ActionForm action=add node_ref=add_form attr:novalidate=true attr:class="row-form">
                <FormAlert error=add_error/>
                <Field name="code" id="new-currency-code".into() label=t("field-currency-code")
                    required=true error=add_error/>
                <Field name="name" id="new-currency-name".into() label=t("field-name")
                    required=true error=add_error/>
                <Field name="minor_units" id="new-currency-minor".into() kind="number"
                    label=t("field-minor-units") value="2" required=true error=add_error/>
                <button type="submit" class="button button-primary">{t("lookups-add")}</button>
            </ActionForm>
        </section>
    }
}
