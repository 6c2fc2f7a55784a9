//! The deal page: overview with the deal's other contacts, line items, activities, tasks and
//! history.

use super::type_label;
use crate::api::opportunities::{SetOpportunityContact, get_opportunity};
use crate::components::form::{FormAlert, edit_in_place, last_error};
use crate::components::lines::LineItemsPanel;
use crate::components::picker::Picker;
use crate::components::record::{from_leads_fact, link_to, text_fact};
use crate::components::record_page::{Loaded, Overview, RecordView, id_and_tab};
use crate::components::row_button::RowButton;
use crate::format;
use crate::i18n::{t, tr, tr_args, use_lang};
use leptos::prelude::*;
use types::dto::opportunities::Opportunity;
use types::dto::records::RecordKind;

#[component]
pub fn OpportunityPage() -> impl IntoView {
    view! {
        <Loaded key=id_and_tab() load=|(id, _)| get_opportunity(id)
            show=|o| view! { <OpportunityView deal=o/> }.into_any()/>
    }
}

#[component]
fn OpportunityView(deal: Opportunity) -> impl IntoView {
    let lang = use_lang();
    let tabs = vec![("lines", tr(lang, "opportunities-lines"))];
    let d = deal.clone();
    let panel = move |tab: &str| match tab {
        "lines" => {
            view! { <LineItemsPanel kind=RecordKind::Opportunity id=d.id.to_string()/> }.into_any()
        }
        _ => view! { <OpportunityOverview deal=d.clone()/> }.into_any(),
    };
    view! {
        <RecordView kind=RecordKind::Opportunity id=deal.id.to_string() title=deal.name.clone()
            can_delete=deal.can_delete tabs=tabs panel=panel/>
    }
}

#[component]
fn OpportunityOverview(deal: Opportunity) -> impl IntoView {
    let lang = use_lang();
    let text = text_fact;
    let since = tr_args(
        lang,
        "opportunities-stage-since",
        &[("date", format::date(lang, deal.stage_entered_at).into())],
    );
    let stage = format!(
        "{} · {} — {since}",
        deal.stage.name,
        format::rate(lang, i64::from(deal.stage.probability) * 100)
    );
    // When and why a closed deal closed; open deals have neither.
    let closed: Vec<_> = deal
        .closed_at
        .map(|at| {
            (
                tr(lang, "field-closed-at"),
                text(Some(format::date(lang, at))),
            )
        })
        .into_iter()
        .chain(
            deal.lost_reason
                .clone()
                .map(|r| (tr(lang, "field-lost-reason"), text(Some(r)))),
        )
        .collect();
    let mut items = vec![
        (
            tr(lang, "field-account"),
            deal.account
                .clone()
                .map(|a| link_to(RecordKind::Account, a.id, a.name)),
        ),
        (
            tr(lang, "field-contact"),
            deal.contact
                .clone()
                .map(|c| link_to(RecordKind::Contact, c.id, c.name)),
        ),
        (
            tr(lang, "field-amount"),
            text(Some(format::money(lang, &deal.amount))),
        ),
        (
            tr(lang, "field-close-date"),
            text(Some(format::calendar_date(lang, deal.close_date))),
        ),
        (tr(lang, "field-stage"), text(Some(stage))),
        (
            tr(lang, "field-opportunity-type"),
            text(deal.opportunity_type.map(|t| type_label(lang, t))),
        ),
        (tr(lang, "field-next-step"), text(deal.next_step.clone())),
        (
            tr(lang, "field-description"),
            text(deal.description.clone()),
        ),
        (tr(lang, "field-owner"), text(Some(deal.owner.name.clone()))),
        (
            tr(lang, "record-updated"),
            text(Some(format::date_time(lang, deal.updated_at))),
        ),
    ];
    items.splice(5..5, closed);
    items.extend(from_leads_fact(lang, deal.from_leads.clone()));
    let d = deal.clone();
    view! {
        <Overview kind=RecordKind::Opportunity id=deal.id.to_string() facts=items watchers=deal.watchers
            beside=move || view! { <DealContacts deal=d.clone()/> }/>
    }
}

#[component]
fn DealContacts(deal: Opportunity) -> impl IntoView {
    let lang = use_lang();
    let add = ServerAction::<SetOpportunityContact>::new();
    let remove = ServerAction::<SetOpportunityContact>::new();
    let error = edit_in_place(&[add, remove]);
    let add_error = last_error(add.value());
    let id = deal.id.to_string();
    let add_id = id.clone();
    view! {
        <section class="card" aria-labelledby="deal-contacts-heading">
            <h2 id="deal-contacts-heading">{t("opportunities-contacts")}</h2>
            <FormAlert error=error with_fields=true/>
            {if deal.contacts.is_empty() {
                view! { <p class="muted">{t("opportunities-no-contacts")}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {deal.contacts.into_iter().map(|c| {
                            let label = tr_args(lang, "opportunities-remove-contact", &[("name", c.name.clone().into())]);
                            let deal_id = id.clone();
                            view! {
                                <li>
                                    <a href=format!("/contacts/{}", c.id)>{c.name.clone()}</a>
                                    <RowButton action=remove key=deal_id label="×".to_owned() aria_label=label
                                        fields=vec![("contact", c.id.to_string()), ("linked", "false".to_owned())]/>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <ActionForm action=add attr:class="row-form">
                <input type="hidden" name="id" value=add_id/>
                <input type="hidden" name="linked" value="true"/>
                <Picker name="contact".into() field="contact" label=t("opportunities-add-contact") kind="contact"
                    id="deal-contact".into() error=add_error/>
                <button type="submit" class="button">{t("record-add")}</button>
            </ActionForm>
        </section>
    }
}
