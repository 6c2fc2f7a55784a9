//! The home page: the sales dashboard. Won this month and quarter, win rate, the pipeline by
//! stage as an SVG chart, deals closing soon, the viewer's tasks and recent activity.

use crate::api::dashboard::get_dashboard;
use crate::components::form::FormAlert;
use crate::format;
use crate::i18n::{t, t_args, tr, tr_args, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use types::dto::dashboard::{Dashboard, StageBar};
use types::lang::Lang;

#[component]
pub fn HomePage() -> impl IntoView {
    let viewer = crate::use_viewer();
    let name = viewer.name().to_owned();
    let data = Resource::new(|| (), |_| get_dashboard());
    view! {
        <Title text=t("nav-home")/>
        <h1>{t_args("home-greeting", &[("name", name.into())])}</h1>
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || data.get().map(|res| match res {
                Ok(d) => view! { <DashboardView d=d/> }.into_any(),
                Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
            })}
        </Transition>
    }
}

/// A headline figure with what it counts.
fn stat(key: &'static str, label: String, value: String, note: String) -> impl IntoView {
    view! {
        <section class="card stat" data-stat=key>
            <h2>{label}</h2>
            <p class="stat-value">{value}</p>
            <p class="muted">{note}</p>
        </section>
    }
}

#[component]
fn DashboardView(d: Dashboard) -> impl IntoView {
    let lang = use_lang();
    let deals = |n: i64| tr_args(lang, "dashboard-deals", &[("count", n.into())]);
    let rate = d.win_rate.map_or_else(
        || tr(lang, "dashboard-none-closed"),
        |r| format!("{r}\u{a0}%"),
    );
    let tasks_note = tr_args(
        lang,
        "dashboard-overdue",
        &[("count", d.tasks_overdue.into())],
    );
    let apart = (!d.unconverted.is_empty()).then(|| {
        let list = d
            .unconverted
            .iter()
            .map(|m| format::money(lang, m))
            .collect::<Vec<_>>()
            .join(", ");
        view! { <p class="field-hint">{tr_args(lang, "dashboard-unconverted", &[("amounts", list.into())])}</p> }
    });
    view! {
        <div class="stats">
            {stat("won-month", tr(lang, "dashboard-won-month"), format::money(lang, &d.won_month.total), deals(d.won_month.count))}
            {stat("won-quarter", tr(lang, "dashboard-won-quarter"), format::money(lang, &d.won_quarter.total), deals(d.won_quarter.count))}
            {stat("win-rate", tr(lang, "dashboard-win-rate"), rate, tr(lang, "dashboard-win-rate-note"))}
            {stat("tasks", tr(lang, "dashboard-my-tasks"), format::integer(lang, d.tasks_open), tasks_note)}
        </div>
        {apart}
        <div class="dashboard-grid">
            <section class="card" aria-labelledby="chart-heading">
                <h2 id="chart-heading">{t("dashboard-pipeline")}</h2>
                <PipelineChart bars=d.stages.clone()/>
                <a href="/pipeline">{t("dashboard-open-pipeline")}</a>
            </section>
            <section class="card" aria-labelledby="closing-heading">
                <h2 id="closing-heading">{t("dashboard-closing")}</h2>
                {lines(d.closing, "dashboard-closing-none", move |c| view! {
                    <a href=format!("/opportunities/{}", c.id)>{c.name.clone()}</a>
                    <span class="muted">{format::calendar_date(lang, c.close_date)}" · "{format::money(lang, &c.amount)}</span>
                }.into_any())}
            </section>
            <section class="card" aria-labelledby="tasks-heading">
                <h2 id="tasks-heading">{t("dashboard-my-tasks")}</h2>
                {lines(d.tasks, "dashboard-tasks-none", move |task| {
                    let due = task.due_date.map(|on| format::calendar_date(lang, on)).unwrap_or_default();
                    view! {
                        <a href=format!("/tasks/{}", task.id)>{task.title.clone()}</a>
                        <span class="muted">{due}</span>
                        {task.overdue.then(|| view! { <span class="badge badge-warn">{t("dashboard-overdue-badge")}</span> })}
                    }.into_any()
                })}
                <a href="/tasks?owner=me">{t("dashboard-all-tasks")}</a>
            </section>
            <section class="card" aria-labelledby="activity-heading">
                <h2 id="activity-heading">{t("dashboard-activity")}</h2>
                {lines(d.activity, "activities-timeline-empty", move |a| view! {
                    <a href=format!("/activities/{}", a.id)>{a.subject.clone()}</a>
                    <span class="muted">
                        {tr(lang, &format!("activity-kind-{}", a.kind.code()))}" · "
                        {format::date(lang, a.occurred_at)}" · "{a.owner.clone()}
                    </span>
                }.into_any())}
            </section>
        </div>
    }
    // Type-erased, so the page's nested view type stays within the compiler's layout depth.
    .into_any()
}

/// A dashboard list, one line per item, or a sentence saying there is nothing to list.
fn lines<T>(items: Vec<T>, empty_key: &'static str, line: impl Fn(T) -> AnyView) -> AnyView {
    if items.is_empty() {
        return view! { <p class="muted">{t(empty_key)}</p> }.into_any();
    }
    view! {
        <ul class="plain-list dashboard-list">
            {items.into_iter().map(|item| view! { <li>{line(item)}</li> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Open deals per stage as horizontal bars, scaled to the largest total. The SVG is one
/// image with a summary for screen readers; the same figures follow as a table they can read.
#[component]
fn PipelineChart(bars: Vec<StageBar>) -> impl IntoView {
    let lang = use_lang();
    const ROW: i64 = 34;
    const LABEL: i64 = 140;
    const WIDTH: i64 = 560;
    let max = bars.iter().map(|b| b.total.minor).max().unwrap_or(0).max(1);
    let height = ROW * bars.len().max(1) as i64;
    let summary = summary(lang, &bars);
    view! {
        <svg class="chart" viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label=summary
            preserveAspectRatio="xMinYMin meet">
            {bars.iter().enumerate().map(|(i, b)| {
                let y = i as i64 * ROW;
                let width = (WIDTH - LABEL - 8) * b.total.minor.max(0) / max;
                let label = format!("{} · {}", format::money(lang, &b.total), b.count);
                view! {
                    <g class="chart-bar">
                        <text x="0" y={y + 21} class="chart-label">{b.name.clone()}</text>
                        <rect x=LABEL y={y + 6} width={width.max(2)} height={ROW - 12} rx="3"/>
                        <text x={LABEL + width.max(2) + 6} y={y + 21} class="chart-value">{label}</text>
                    </g>
                }
            }).collect_view()}
        </svg>
        <table class="visually-hidden">
            <caption>{t("dashboard-pipeline")}</caption>
            <thead><tr>
                <th scope="col">{t("field-stage")}</th>
                <th scope="col">{t("dashboard-count")}</th>
                <th scope="col">{t("field-amount")}</th>
            </tr></thead>
            <tbody>
                {bars.into_iter().map(|b| view! {
                    <tr data-stage=b.name.clone()>
                        <th scope="row">{b.name.clone()}</th>
                        <td>{b.count}</td>
                        <td>{format::money(lang, &b.total)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

fn summary(lang: Lang, bars: &[StageBar]) -> String {
    let parts = bars
        .iter()
        .map(|b| {
            format!(
                "{}: {} ({})",
                b.name,
                format::money(lang, &b.total),
                b.count
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    tr_args(lang, "dashboard-chart-summary", &[("stages", parts.into())])
}
