//! The lead page: overview (with what a converted lead became), activities, tasks and
//! history, and the way to convert it.

use crate::api::leads::get_lead;
use crate::components::record::{mail_link, record_links, text_fact};
use crate::components::record_page::{Loaded, Overview, RecordView, route_id};
use crate::format;
use crate::i18n::{t, tr, tr_args, use_lang};
use leptos::prelude::*;
use types::dto::leads::Lead;
use types::dto::records::RecordKind;
use types::lang::Lang;

#[component]
pub fn LeadPage() -> impl IntoView {
    view! {
        <Loaded key=route_id() load=get_lead show=|l| view! { <LeadView lead=l/> }.into_any()/>
    }
}

fn facts(lang: Lang, l: &Lead) -> Vec<(String, Option<AnyView>)> {
    let text = text_fact;
    let became = record_links(l.converted_to.clone());
    vec![
        (tr(lang, "field-company"), text(l.company.clone())),
        (tr(lang, "field-job-title"), text(l.job_title.clone())),
        (tr(lang, "field-email"), l.email.clone().map(mail_link)),
        (tr(lang, "field-phone"), text(l.phone.clone())),
        (
            tr(lang, "field-status"),
            text(l.status.as_ref().map(|s| s.name.clone())),
        ),
        (
            tr(lang, "field-source"),
            text(l.source.as_ref().map(|s| s.name.clone())),
        ),
        (
            tr(lang, "field-lead-type"),
            text(l.lead_type.as_ref().map(|s| s.name.clone())),
        ),
        (
            tr(lang, "field-converted"),
            text(l.converted_at.map(|at| {
                tr_args(
                    lang,
                    "leads-converted-on",
                    &[("date", format::date(lang, at).into())],
                )
            })),
        ),
        (tr(lang, "leads-converted-to"), became),
        (tr(lang, "field-description"), text(l.description.clone())),
        (tr(lang, "field-owner"), text(Some(l.owner.name.clone()))),
        (
            tr(lang, "record-updated"),
            text(Some(format::date_time(lang, l.updated_at))),
        ),
    ]
}

#[component]
fn LeadView(lead: Lead) -> impl IntoView {
    let lang = use_lang();
    let convert = lead
        .converted_at
        .is_none()
        .then(|| format!("/leads/{}/convert", lead.id));
    let l = lead.clone();
    let panel = move |_: &str| {
        view! {
            <Overview kind=RecordKind::Lead id=l.id.to_string() facts=facts(lang, &l) watchers=l.watchers.clone()/>
        }
        .into_any()
    };
    view! {
        <RecordView kind=RecordKind::Lead id=lead.id.to_string() title=lead.full_name()
            can_delete=lead.can_delete panel=panel
            actions=move || convert.clone().map(|href| view! {
                <a class="button button-primary" href=href>{t("convert-action")}</a>
            })/>
    }
}
