//! The account page: overview, the account's contacts (with a form to add one in place),
//! deals and contracts, its activities and tasks, and history.

use super::{status_label, type_label};
use crate::api::accounts::get_account;
use crate::api::contacts::{SaveContact, list_contacts};
use crate::api::contracts::list_contracts;
use crate::api::opportunities::list_opportunities;
use crate::components::record::{external_link, from_leads_fact, mail_link, stamps, text_fact};
use crate::components::record_page::{Loaded, Overview, RecordView, route_id};
use crate::components::related::RelatedList;
use crate::format;
use crate::i18n::{t, tr, use_lang};
use crate::routes::contacts::{ContactForm, contact_rows};
use crate::routes::contracts::contract_items;
use crate::routes::opportunities::opportunity_rows;
use leptos::prelude::*;
use types::dto::accounts::Account;
use types::dto::records::{ListQuery, RecordKind};

#[component]
pub fn AccountPage() -> impl IntoView {
    view! {
        <Loaded key=route_id() load=get_account show=|a| view! { <AccountView account=a/> }.into_any()/>
    }
}

#[component]
fn AccountView(account: Account) -> impl IntoView {
    let lang = use_lang();
    let tabs = vec![
        ("contacts", tr(lang, "accounts-contacts")),
        ("opportunities", tr(lang, "accounts-opportunities")),
        ("contracts", tr(lang, "accounts-contracts")),
    ];
    let a = account.clone();
    let panel = move |tab: &str| {
        let id = a.id.to_string();
        match tab {
            "contacts" => view! { <AccountContacts account=a.clone()/> }.into_any(),
            "opportunities" => view! {
                <RelatedList id="account-deals-heading" heading="accounts-opportunities"
                    query=of_account(&id, "close_date") fetch=list_opportunities
                    empty="accounts-no-opportunities" rows=opportunity_rows
                    new=(format!("/opportunities/new?account={id}"), "opportunities-new")/>
            }
            .into_any(),
            "contracts" => view! {
                <RelatedList id="account-contracts-heading" heading="accounts-contracts"
                    query=of_account(&id, "end_date") fetch=list_contracts
                    empty="accounts-no-contracts" rows=contract_items
                    new=(format!("/contracts/new?account={id}"), "contracts-new")/>
            }
            .into_any(),
            _ => view! { <AccountOverview account=a.clone()/> }.into_any(),
        }
    };
    view! {
        <RecordView kind=RecordKind::Account id=account.id.to_string() title=account.name.clone()
            can_delete=account.can_delete tabs=tabs panel=panel/>
    }
}

/// The account's records of another kind, in `sort` order.
fn of_account(id: &str, sort: &str) -> ListQuery {
    ListQuery {
        parent: id.to_owned(),
        sort: sort.to_owned(),
        ..ListQuery::default()
    }
}

#[component]
fn AccountOverview(account: Account) -> impl IntoView {
    let lang = use_lang();
    let a = account.clone();
    let mut facts = vec![
        (tr(lang, "field-website"), a.website.map(external_link)),
        (tr(lang, "field-email"), a.email.map(mail_link)),
        (tr(lang, "field-phone"), text_fact(a.phone)),
        (
            tr(lang, "field-industry"),
            text_fact(a.industry.map(|i| i.name)),
        ),
        (
            tr(lang, "field-account-type"),
            text_fact(a.account_type.map(|t| type_label(lang, t))),
        ),
        (
            tr(lang, "field-status"),
            text_fact(Some(status_label(lang, a.status))),
        ),
        (
            tr(lang, "field-annual-revenue"),
            text_fact(a.annual_revenue.map(|m| format::money(lang, &m))),
        ),
        (
            tr(lang, "field-employees"),
            text_fact(a.employees.map(|n| format::integer(lang, n.into()))),
        ),
        (tr(lang, "field-vat-id"), text_fact(a.vat_id)),
        (
            tr(lang, "field-billing-address"),
            text_fact(a.billing_address),
        ),
        (
            tr(lang, "field-shipping-address"),
            text_fact(a.shipping_address),
        ),
        (tr(lang, "field-description"), text_fact(a.description)),
        (tr(lang, "field-owner"), text_fact(Some(a.owner.name))),
    ];
    facts.extend(stamps(lang, a.created_at, a.updated_at));
    facts.extend(from_leads_fact(lang, a.from_leads));
    view! {
        <Overview kind=RecordKind::Account id=account.id.to_string() facts=facts watchers=account.watchers/>
    }
}

/// The account's contacts, and a form that adds one in place.
#[component]
fn AccountContacts(account: Account) -> impl IntoView {
    let id = account.id.to_string();
    let save = ServerAction::<SaveContact>::new();
    let back = format!("/accounts/{id}?tab=contacts");
    view! {
        <RelatedList id="contacts-heading" heading="accounts-contacts" query=of_account(&id, "")
            fetch=list_contacts empty="accounts-no-contacts" rows=contact_rows reload=save.version()/>
        <section class="card" aria-labelledby="add-contact-heading">
            <h2 id="add-contact-heading">{t("accounts-add-contact")}</h2>
            <ContactForm contact=None account=Some((id.clone(), account.name.clone())) back=back action=save/>
        </section>
    }
}
