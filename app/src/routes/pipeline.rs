//! The pipeline board: a column per stage with count, total and weighted total, deals as
//! cards. A card moves by drag and drop, or from the keyboard with its "Move…" button, which
//! opens one shared dialog (also the place a lost deal's reason is asked for). Columns page
//! their cards, so a stage with thousands of deals stays light.

use crate::api::pipeline::{MoveDeal, pipeline_board, pipeline_column};
use crate::components::data_table::use_list_query;
use crate::components::form::{FormAlert, last_error};
use crate::format;
use crate::i18n::{t, tr, tr_args, use_lang};
use leptos::html;
use leptos::prelude::*;
use leptos_meta::Title;
use types::dto::lookups::StageKind;
use types::dto::opportunities::StageRef;
use types::dto::pipeline::{Board, Card, Column};
use types::dto::records::ListQuery;
use types::lang::Lang;

/// A move waiting for the user: which deal, and the stage picked so far.
#[derive(Clone, Debug, PartialEq)]
struct Moving {
    id: String,
    name: String,
    from: String,
    stage: String,
}

#[component]
pub fn PipelinePage() -> impl IntoView {
    let query = use_list_query();
    let moved = ServerAction::<MoveDeal>::new();
    // Counts successful moves only: a refused move must not rebuild the board, or the open
    // dialog would lose what the user picked.
    let saved = RwSignal::new(0u32);
    let board = Resource::new(
        move || (query.get(), saved.get()),
        |(q, _)| pipeline_board(q),
    );
    let moving = RwSignal::new(None::<Moving>);
    let error = last_error(moved.value());
    // A successful move closes the dialog; the board reloads with the new totals.
    Effect::new(move |_| {
        if matches!(moved.value().get(), Some(Ok(_))) {
            moving.set(None);
            saved.update(|n| *n += 1);
        }
    });
    view! {
        <Title text=t("pipeline-title")/>
        <div class="page-head">
            <h1>{t("pipeline-title")}</h1>
            <a class="button" href="/opportunities">{t("pipeline-list-view")}</a>
            <a class="button button-primary" href="/opportunities/new">{t("opportunities-new")}</a>
        </div>
        <BoardFilters query=query.get_untracked()/>
        // A refused drag has no dialog to show its error in.
        {move || moving.get().is_none().then(|| view! { <FormAlert error=error/> })}
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || board.get().map(|res| match res {
                Ok(b) => view! { <BoardView board=b query=query.get_untracked() moving=moving moved=moved/> }.into_any(),
                Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
            })}
        </Transition>
    }
}

/// Owner and close-date filters, in the URL like every list's.
#[component]
fn BoardFilters(query: ListQuery) -> impl IntoView {
    view! {
        <form method="GET" action="" class="filters" aria-label=t("list-filters")>
            <div class="field">
                <label for="filter-owner">{t("list-owner")}</label>
                <select id="filter-owner" name="owner">
                    <option value="" selected=query.owner.is_empty()>{t("list-anyone")}</option>
                    <option value="me" selected=query.owner == "me">{t("list-me")}</option>
                </select>
            </div>
            <div class="field">
                <label for="filter-from">{t("pipeline-close-from")}</label>
                <input id="filter-from" type="date" name="from" value=query.from.clone()/>
            </div>
            <div class="field">
                <label for="filter-to">{t("pipeline-close-to")}</label>
                <input id="filter-to" type="date" name="to" value=query.to.clone()/>
            </div>
            <div class="filter-actions">
                <button type="submit" class="button button-primary">{t("list-apply")}</button>
                <a class="button" href="?">{t("list-clear")}</a>
            </div>
        </form>
    }
}

#[component]
fn BoardView(
    board: Board,
    query: ListQuery,
    moving: RwSignal<Option<Moving>>,
    moved: ServerAction<MoveDeal>,
) -> impl IntoView {
    let lang = use_lang();
    let stages: Vec<StageRef> = board.columns.iter().map(|c| c.stage.clone()).collect();
    let dragging = RwSignal::new(None::<Moving>);
    let since = board.closed_since.map(|d| {
        tr_args(
            lang,
            "pipeline-closed-since",
            &[("date", format::calendar_date(lang, d).into())],
        )
    });
    let dialog_stages = stages.clone();
    view! {
        {since.map(|s| view! { <p class="muted board-note">{s}</p> })}
        <div class="board">
            {board.columns.into_iter().map(|c| view! {
                <BoardColumn column=c query=query.clone() stages=stages.clone() moving=moving dragging=dragging moved=moved/>
            }).collect_view()}
        </div>
        {move || moving.get().map(|m| view! { <MoveDialog moving=m stages=dialog_stages.clone() moved=moved close=move || moving.set(None)/> })}
    }
}

fn stage_label(lang: Lang, s: &StageRef) -> String {
    format!(
        "{} ({})",
        s.name,
        format::rate(lang, i64::from(s.probability) * 100)
    )
}

#[component]
fn BoardColumn(
    column: Column,
    query: ListQuery,
    stages: Vec<StageRef>,
    moving: RwSignal<Option<Moving>>,
    dragging: RwSignal<Option<Moving>>,
    moved: ServerAction<MoveDeal>,
) -> impl IntoView {
    let lang = use_lang();
    let stage = column.stage.clone();
    let stage_id = stage.id.to_string();
    let heading_id = format!("stage-{stage_id}");
    let card_from = stage_id.clone();
    let cards = RwSignal::new(column.cards);
    let next = RwSignal::new(column.next);
    let over = RwSignal::new(false);
    let kind_class = match stage.kind {
        StageKind::Open => "board-col",
        StageKind::Won => "board-col board-col-won",
        StageKind::Lost => "board-col board-col-lost",
    };
    let more = {
        let stage_id = stage_id.clone();
        move |_| {
            let (q, stage, after) = (
                query.clone(),
                stage_id.clone(),
                next.get_untracked().unwrap_or_default(),
            );
            leptos::task::spawn_local(async move {
                if let Ok(page) = pipeline_column(q, stage, after).await {
                    cards.update(|c| c.extend(page.cards));
                    next.set(page.next);
                }
            });
        }
    };
    let drop_here = {
        let (stage_id, kind) = (stage_id.clone(), stage.kind);
        move |ev: leptos::ev::DragEvent| {
            ev.prevent_default();
            over.set(false);
            let Some(m) = dragging.get_untracked() else {
                return;
            };
            dragging.set(None);
            if m.from == stage_id {
                return;
            }
            let m = Moving {
                stage: stage_id.clone(),
                ..m
            };
            if kind == StageKind::Lost {
                // A lost deal needs its reason first.
                moving.set(Some(m));
            } else {
                moved.dispatch(MoveDeal {
                    id: m.id,
                    stage: m.stage,
                    lost_reason: String::new(),
                    back: String::new(),
                });
            }
        }
    };
    let total = format::money(lang, &column.total);
    let weighted = format::money(lang, &column.weighted);
    let unconverted: Vec<String> = column
        .unconverted
        .iter()
        .map(|m| format::money(lang, m))
        .collect();
    view! {
        <section class=kind_class aria-labelledby=heading_id.clone() data-stage=stage_id.clone()
            data-kind=stage.kind.code()
            class:drop-target=move || over.get()
            on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); over.set(true); }
            on:dragleave=move |_| over.set(false)
            on:drop=drop_here>
            <header class="board-col-head">
                <h2 id=heading_id.clone()>{stage_label(lang, &stage)}</h2>
                <dl class="board-totals">
                    <div><dt>{t("pipeline-count")}</dt><dd data-total="count">{column.count}</dd></div>
                    <div><dt>{t("pipeline-total")}</dt><dd data-total="sum">{total}</dd></div>
                    <div><dt>{t("pipeline-weighted")}</dt><dd data-total="weighted">{weighted}</dd></div>
                </dl>
                {(!unconverted.is_empty()).then(|| view! {
                    <p class="muted board-unconverted">
                        {tr_args(lang, "pipeline-unconverted", &[("amounts", unconverted.join(", ").into())])}
                    </p>
                })}
            </header>
            <ol class="board-cards">
                <For each=move || cards.get() key=|c| c.id.to_string() let:card>
                    <DealCard card=card from=card_from.clone() stages=stages.clone() moving=moving dragging=dragging/>
                </For>
            </ol>
            {move || next.get().is_some().then(|| view! {
                <button type="button" class="button board-more" on:click=more.clone()>{t("pipeline-more")}</button>
            })}
        </section>
    }
}

#[component]
fn DealCard(
    card: Card,
    from: String,
    stages: Vec<StageRef>,
    moving: RwSignal<Option<Moving>>,
    dragging: RwSignal<Option<Moving>>,
) -> impl IntoView {
    let lang = use_lang();
    let id = card.id.to_string();
    let this = Moving {
        id: id.clone(),
        name: card.name.clone(),
        from: from.clone(),
        stage: String::new(),
    };
    let start = {
        let this = this.clone();
        move |ev: leptos::ev::DragEvent| {
            if let Some(dt) = ev.data_transfer() {
                let _ = dt.set_data("text/plain", &this.id);
                dt.set_effect_allowed("move");
            }
            dragging.set(Some(this.clone()));
        }
    };
    // The first other stage is where the dialog starts.
    let first_other = stages
        .iter()
        .find(|s| s.id.to_string() != from)
        .map(|s| s.id.to_string())
        .unwrap_or_default();
    let open_dialog = move |_| {
        moving.set(Some(Moving {
            stage: first_other.clone(),
            ..this.clone()
        }))
    };
    let label = tr_args(
        lang,
        "pipeline-move-deal",
        &[("name", card.name.clone().into())],
    );
    view! {
        <li class="deal-card" draggable="true" on:dragstart=start data-deal=id.clone()>
            <a class="deal-card-name" href=format!("/opportunities/{id}")>{card.name.clone()}</a>
            {card.account.map(|a| view! { <span class="deal-card-account">{a}</span> })}
            <span class="deal-card-amount">{format::money(lang, &card.amount)}</span>
            <span class="deal-card-meta">
                {format::calendar_date(lang, card.close_date)}" · "{card.owner}
            </span>
            <button type="button" class="button button-small deal-card-move" aria-haspopup="dialog"
                aria-label=label on:click=open_dialog>{t("pipeline-move")}</button>
        </li>
    }
}

/// The one dialog that moves a deal: the keyboard's way in, and the question a lost stage
/// asks. Escape or Cancel closes it.
#[component]
fn MoveDialog(
    moving: Moving,
    stages: Vec<StageRef>,
    moved: ServerAction<MoveDeal>,
    close: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let error = last_error(moved.value());
    let select = NodeRef::<html::Select>::new();
    let reason = NodeRef::<html::Input>::new();
    let chosen = RwSignal::new(moving.stage.clone());
    let lost_ids: Vec<String> = stages
        .iter()
        .filter(|s| s.kind == StageKind::Lost)
        .map(|s| s.id.to_string())
        .collect();
    let is_lost = move || lost_ids.contains(&chosen.get());
    let starts_lost = is_lost.clone()();
    // Focus goes where the answer is needed: the reason for a lost drop, else the stage.
    Effect::new(move |_| {
        if starts_lost {
            if let Some(el) = reason.get() {
                let _ = el.focus();
            }
        } else if let Some(el) = select.get() {
            let _ = el.focus();
        }
    });
    let cancel = close.clone();
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            close();
        }
    };
    let title = tr_args(
        lang,
        "pipeline-move-deal",
        &[("name", moving.name.clone().into())],
    );
    view! {
        <div class="dialog-backdrop">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="move-title" on:keydown=on_key>
                <h2 id="move-title">{title}</h2>
                <ActionForm action=moved>
                    <input type="hidden" name="id" value=moving.id.clone()/>
                    <div class="field">
                        <label for="move-stage">{t("field-stage")}</label>
                        <select id="move-stage" name="stage" node_ref=select
                            on:change=move |ev| chosen.set(event_target_value(&ev))>
                            {stages.iter().map(|s| {
                                let value = s.id.to_string();
                                let on = value == moving.stage;
                                view! { <option value=value selected=on>{stage_label(lang, s)}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field" class:hidden=move || !is_lost()>
                        <label for="move-reason">{t("field-lost-reason")}</label>
                        <input id="move-reason" name="lost_reason" node_ref=reason
                            aria-describedby="move-reason-error"/>
                        <p class="field-error" id="move-reason-error" aria-live="polite">
                            {move || error.get().and_then(|e| e.field_key("lost_reason").map(|k| tr(lang, k)))}
                        </p>
                    </div>
                    <FormAlert error=error/>
                    <div class="form-actions">
                        <button type="submit" class="button button-primary">{t("pipeline-move")}</button>
                        <button type="button" class="button" on:click=move |_| cancel()>{t("record-cancel")}</button>
                    </div>
                </ActionForm>
            </div>
        </div>
    }
}
