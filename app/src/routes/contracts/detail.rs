//! The contract page: overview, line items, activities, tasks and history.

use super::{day, status_label};
use crate::api::contracts::get_contract;
use crate::components::lines::LineItemsPanel;
use crate::components::record::{link_to, text_fact};
use crate::components::record_page::{Loaded, Overview, RecordView, id_and_tab};
use crate::format;
use crate::i18n::{tr, use_lang};
use leptos::prelude::*;
use types::dto::contracts::Contract;
use types::dto::records::RecordKind;
use types::lang::Lang;

#[component]
pub fn ContractPage() -> impl IntoView {
    view! {
        <Loaded key=id_and_tab() load=|(id, _)| get_contract(id)
            show=|c| view! { <ContractView contract=c/> }.into_any()/>
    }
}

fn facts(lang: Lang, c: &Contract) -> Vec<(String, Option<AnyView>)> {
    let text = text_fact;
    vec![
        (
            tr(lang, "field-account"),
            c.account
                .clone()
                .map(|a| link_to(RecordKind::Account, a.id, a.name)),
        ),
        (
            tr(lang, "field-status"),
            text(Some(status_label(lang, c.status))),
        ),
        (
            tr(lang, "field-value"),
            text(Some(format::money(lang, &c.value))),
        ),
        (tr(lang, "field-start-date"), text(day(lang, c.start_date))),
        (tr(lang, "field-end-date"), text(day(lang, c.end_date))),
        (
            tr(lang, "field-renewal-reminder-date"),
            text(day(lang, c.renewal_reminder_date)),
        ),
        (
            tr(lang, "field-customer-signed-on"),
            text(day(lang, c.customer_signed_on)),
        ),
        (
            tr(lang, "field-company-signed-on"),
            text(day(lang, c.company_signed_on)),
        ),
        (tr(lang, "field-description"), text(c.description.clone())),
        (tr(lang, "field-owner"), text(Some(c.owner.name.clone()))),
        (
            tr(lang, "record-updated"),
            text(Some(format::date_time(lang, c.updated_at))),
        ),
    ]
}

#[component]
fn ContractView(contract: Contract) -> impl IntoView {
    let lang = use_lang();
    let tabs = vec![("lines", tr(lang, "opportunities-lines"))];
    let c = contract.clone();
    let panel = move |tab: &str| {
        match tab {
        "lines" => view! { <LineItemsPanel kind=RecordKind::Contract id=c.id.to_string()/> }.into_any(),
        _ => view! {
            <Overview kind=RecordKind::Contract id=c.id.to_string() facts=facts(lang, &c) watchers=c.watchers.clone()/>
        }
        .into_any(),
    }
    };
    view! {
        <RecordView kind=RecordKind::Contract id=contract.id.to_string() title=contract.title.clone()
            can_delete=contract.can_delete tabs=tabs panel=panel/>
    }
}
