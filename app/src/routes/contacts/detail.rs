//! The contact page: overview, activities, tasks and history.

use crate::api::contacts::get_contact;
use crate::components::record::{
    external_link, from_leads_fact, link_to, mail_link, stamps, text_fact,
};
use crate::components::record_page::{Loaded, Overview, RecordView, route_id};
use crate::format;
use crate::i18n::{tr, use_lang};
use leptos::prelude::*;
use types::dto::contacts::Contact;
use types::dto::records::RecordKind;

#[component]
pub fn ContactPage() -> impl IntoView {
    view! {
        <Loaded key=route_id() load=get_contact show=|c| view! { <ContactView contact=c/> }.into_any()/>
    }
}

#[component]
fn ContactView(contact: Contact) -> impl IntoView {
    let c = contact.clone();
    view! {
        <RecordView kind=RecordKind::Contact id=contact.id.to_string() title=contact.full_name()
            can_delete=contact.can_delete panel=move |_| view! { <ContactOverview contact=c.clone()/> }.into_any()/>
    }
}

#[component]
fn ContactOverview(contact: Contact) -> impl IntoView {
    let lang = use_lang();
    let c = contact.clone();
    let mail = |v: Option<String>| v.map(mail_link);
    let mut facts = vec![
        (
            tr(lang, "field-account"),
            c.account
                .map(|a| link_to(RecordKind::Account, a.id, a.name)),
        ),
        (tr(lang, "field-position"), text_fact(c.position)),
        (tr(lang, "field-email"), mail(c.email)),
        (tr(lang, "field-email2"), mail(c.email2)),
        (tr(lang, "field-phone"), text_fact(c.phone)),
        (tr(lang, "field-mobile"), text_fact(c.mobile)),
        (
            tr(lang, "field-birthday"),
            text_fact(c.birthday.map(|d| format::calendar_date(lang, d))),
        ),
        (tr(lang, "field-linkedin"), c.linkedin.map(external_link)),
        (tr(lang, "field-twitter"), text_fact(c.twitter)),
        (
            tr(lang, "field-contact-type"),
            text_fact(c.contact_type.map(|t| t.name)),
        ),
        (
            tr(lang, "field-tags"),
            text_fact((!c.tags.is_empty()).then(|| c.tags.join(", "))),
        ),
        (tr(lang, "field-owner"), text_fact(Some(c.owner.name))),
    ];
    facts.extend(stamps(lang, c.created_at, c.updated_at));
    facts.extend(from_leads_fact(lang, c.from_leads));
    view! {
        <Overview kind=RecordKind::Contact id=contact.id.to_string() facts=facts watchers=contact.watchers/>
    }
}
