//! The job queue admin: each queue's jobs by state, the latest failures, and retrying or
//! discarding a job that ran out of attempts.

use crate::api::jobs::{DiscardJob, RetryJob, load_jobs_overview};
use crate::components::form::{FormAlert, track_error};
use crate::components::row_button::RowButton;
use crate::components::table::{Table, heads};
use crate::format;
use crate::i18n::{t, tr, tr_args, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use types::dto::jobs::{FailedJob, QueueStats};

admin_page!(
    /// `/admin/jobs`.
    JobsPage => JobsAdmin
);

#[component]
fn JobsAdmin() -> impl IntoView {
    let retry = ServerAction::<RetryJob>::new();
    let discard = ServerAction::<DiscardJob>::new();
    let overview = Resource::new(
        move || (retry.version().get(), discard.version().get()),
        |_| load_jobs_overview(),
    );
    let error = RwSignal::new(None);
    track_error(error, retry.value());
    track_error(error, discard.value());
    view! {
        <Title text=t("jobs-title")/>
        <h1>{t("jobs-title")}</h1>
        <FormAlert error=error/>
        <Transition fallback=move || view! { <p class="muted">{t("loading")}</p> }>
            {move || overview.get().map(|res| match res {
                Ok(o) => view! {
                    <Queues queues=o.queues/>
                    <Failures failures=o.failures retry=retry discard=discard/>
                }.into_any(),
                Err(e) => view! { <FormAlert error=Signal::stored(Some(e))/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Queues(queues: Vec<QueueStats>) -> impl IntoView {
    let lang = use_lang();
    let n = move |v: i64| format::integer(lang, v);
    view! {
        <section class="card" aria-labelledby="queues-heading">
            <h2 id="queues-heading">{t("jobs-queues")}</h2>
            <Table heads=heads(lang, &["jobs-queue", "jobs-queued", "jobs-waiting", "jobs-running", "jobs-dead"])>
                {queues.into_iter().map(|q| view! {
                    <tr>
                        <th scope="row">{tr(lang, &format!("jobs-queue-{}", q.queue))}</th>
                        <td>{n(q.queued)}</td>
                        <td>{n(q.waiting)}</td>
                        <td>{n(q.running)}</td>
                        <td>{n(q.dead)}</td>
                    </tr>
                }).collect_view()}
            </Table>
        </section>
    }
}

#[component]
fn Failures(
    failures: Vec<FailedJob>,
    retry: ServerAction<RetryJob>,
    discard: ServerAction<DiscardJob>,
) -> impl IntoView {
    let lang = use_lang();
    let body = if failures.is_empty() {
        view! { <p class="muted">{t("jobs-no-failures")}</p> }.into_any()
    } else {
        view! {
            <Table heads=heads(lang, &["jobs-kind", "jobs-state", "jobs-attempts", "jobs-error", "jobs-failed-at"]) actions=true>
                        {failures.into_iter().map(|f| {
                            let dead = f.state == "dead";
                            let when = match f.retry_at {
                                Some(at) => tr_args(lang, "jobs-retry-at", &[("at", format::date_time(lang, at).into())]),
                                None => tr(lang, "jobs-state-dead"),
                            };
                            let (retry_id, discard_id) = (f.id.to_string(), f.id.to_string());
                            view! {
                                <tr>
                                    <td><code>{f.kind}</code></td>
                                    <td>{when}</td>
                                    <td>{format!("{} / {}", f.attempts, f.max_attempts)}</td>
                                    <td>
                                        {tr(lang, &f.error_key)}
                                        <br/>
                                        <span class="muted">{tr_args(lang, "jobs-trace", &[("id", f.trace_id.into())])}</span>
                                    </td>
                                    <td>{format::date_time(lang, f.failed_at)}</td>
                                    <td>
                                        {dead.then(move || view! {
                                            <RowButton action=retry key=retry_id label=t("jobs-retry")/>
                                            <RowButton action=discard key=discard_id label=t("jobs-discard") danger=true/>
                                        })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
            </Table>
        }.into_any()
    };
    view! {
        <section class="card" aria-labelledby="failures-heading">
            <h2 id="failures-heading">{t("jobs-failures")}</h2>
            {body}
        </section>
    }
}
