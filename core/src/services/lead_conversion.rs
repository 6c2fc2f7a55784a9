//! Converting a qualified lead into the records a sale runs on: an account (new, or one that
//! exists), a contact (likewise) and, if wanted, a deal, in one transaction. The lead keeps
//! links to what it became; those records find the lead through the same columns.

use crate::audit::{self, Action, Change};
use crate::error::{CoreError, CoreResult};
use crate::events::{self, Event};
use crate::policy::records::{self as policy};
use crate::records::access::{self, State};
use crate::records::write::{self, Fields, recorded};
use crate::records::{filters, linked, refs};
use crate::{Actor, Ctx};
use entity::leads::{self, Entity};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set,
};
use time::Duration;
use types::dto::accounts::NewAccount;
use types::dto::contacts::{NewContact, full_name};
use types::dto::leads::{ConvertLead, ConvertMatches, ConvertOffer, Converted};
use types::dto::opportunities::NewOpportunity;
use types::dto::records::RecordKind;
use types::dto::tasks::RecordRef;
use types::ids::{AccountId, ContactId, LeadId, OpportunityId};
use types::validate::Checker;
use uuid::Uuid;

/// The deal's fields as the conversion form names them.
const DEAL_FIELDS: [(&str, &str); 5] = [
    ("name", "deal_name"),
    ("amount", "amount"),
    ("currency", "currency"),
    ("close_date", "close_date"),
    ("stage", "stage"),
];
/// How many records of a kind this module lists: likely duplicates of each kind, and the
/// leads a record was converted from.
const MATCHES: u64 = 5;
/// A new deal's default close date, in days from today.
const CLOSE_IN_DAYS: i64 = 30;

/// What the conversion form starts from: the lead, records it may duplicate, and defaults
/// for the deal.
pub async fn offer(ctx: &Ctx, actor: &Actor, id: LeadId) -> CoreResult<ConvertOffer> {
    let (lead, rel) = access::load::<Entity>(&ctx.db, actor, id.0, State::Live).await?;
    policy::can_edit(actor, rel)?;
    let matches = matches(&ctx.db, actor, &lead).await?;
    Ok(ConvertOffer {
        lead: <Entity as Fields>::detail(&ctx.db, actor, lead, rel).await?,
        matches,
        currency: refs::display_currency(&ctx.db, actor.user_id).await?,
        close_date: (ctx.now() + Duration::days(CLOSE_IN_DAYS)).date(),
    })
}

/// Visible accounts whose name contains the lead's company, and visible contacts with the
/// lead's email.
async fn matches(
    db: &impl ConnectionTrait,
    actor: &Actor,
    lead: &leads::Model,
) -> CoreResult<ConvertMatches> {
    let mut out = ConvertMatches::default();
    if let Some(company) = lead
        .company
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        let ids: Vec<Uuid> = entity::accounts::Entity::find()
            .select_only()
            .column(entity::accounts::Column::Id)
            .filter(access::visible::<entity::accounts::Entity>(actor))
            .filter(filters::contains(
                vec![entity::accounts::Column::Name],
                &company.to_lowercase(),
            ))
            .limit(MATCHES)
            .into_tuple()
            .all(db)
            .await?;
        out.accounts = refs_of(db, actor, RecordKind::Account, ids).await?;
    }
    if let Some(email) = &lead.email {
        let ids: Vec<Uuid> = entity::contacts::Entity::find()
            .select_only()
            .column(entity::contacts::Column::Id)
            .filter(access::visible::<entity::contacts::Entity>(actor))
            .filter(entity::contacts::Column::Email.eq(email.as_str()))
            .limit(MATCHES)
            .into_tuple()
            .all(db)
            .await?;
        out.contacts = refs_of(db, actor, RecordKind::Contact, ids).await?;
    }
    Ok(out)
}

async fn refs_of(
    db: &impl ConnectionTrait,
    actor: &Actor,
    kind: RecordKind,
    ids: Vec<Uuid>,
) -> CoreResult<Vec<RecordRef>> {
    let titles = linked::titles(db, actor, ids.iter().map(|id| (kind, *id))).await?;
    Ok(ids
        .iter()
        .filter_map(|id| titles.get(id).cloned())
        .collect())
}

/// Converts the lead. Whoever may edit it may convert it, once; the new records belong to
/// the lead's owner when the actor may hand records to others, else to the actor. Each is
/// made by the write path its kind's form uses, so it is checked, audited and announced
/// the same way.
pub async fn convert(
    ctx: &Ctx,
    actor: &Actor,
    id: LeadId,
    command: impl Into<ConvertLead>,
) -> CoreResult<Converted> {
    let mut command: ConvertLead = command.into();
    Checker::with_errors(std::mem::take(&mut command.unreadable)).finish()?;
    let txn = ctx.begin().await?;
    let (lead, rel) = access::load::<Entity>(&txn, actor, id.0, State::Live).await?;
    policy::can_edit(actor, rel)?;
    if lead.converted_at.is_some() {
        return Err(CoreError::Rejected("leads-already-converted"));
    }
    let owner = policy::sees_all(actor).then_some(lead.owner_id);
    let account = match command.account {
        Some(id) => existing(&txn, actor, RecordKind::Account, id.0).await?,
        None => {
            let name = command
                .account_name
                .or_else(|| lead.company.clone())
                .unwrap_or_else(|| title(&lead));
            let new = NewAccount {
                name,
                owner,
                ..NewAccount::default()
            };
            let made = write::insert::<entity::accounts::Entity, _>(ctx, &txn, actor, new.into())
                .await
                .map_err(|e| renamed(e, &[("name", "account_name")], "account_name"))?;
            reference(RecordKind::Account, made.id.0, made.name)
        }
    };
    let contact = match command.contact {
        Some(id) => existing(&txn, actor, RecordKind::Contact, id.0).await?,
        None => {
            let new = NewContact {
                first_name: lead.first_name.clone(),
                last_name: lead.last_name.clone(),
                email: lead.email.clone(),
                phone: lead.phone.clone(),
                position: lead.job_title.clone(),
                account: Some(AccountId(account.id)),
                owner,
                ..NewContact::default()
            };
            let made = write::insert::<entity::contacts::Entity, _>(ctx, &txn, actor, new.into())
                .await
                .map_err(|e| renamed(e, &[], "contact"))?;
            reference(RecordKind::Contact, made.id.0, made.full_name())
        }
    };
    let deal = match command.deal {
        Some(d) => {
            let new = NewOpportunity {
                name: d.name.unwrap_or_else(|| account.title.clone()),
                account: Some(AccountId(account.id)),
                contact: Some(ContactId(contact.id)),
                amount: d.amount,
                currency: d.currency,
                close_date: d.close_date,
                stage: d.stage,
                owner,
                ..NewOpportunity::default()
            };
            let made =
                write::insert::<entity::opportunities::Entity, _>(ctx, &txn, actor, new.into())
                    .await
                    .map_err(|e| renamed(e, &DEAL_FIELDS, "deal_name"))?;
            Some(reference(RecordKind::Opportunity, made.id.0, made.name))
        }
        None => None,
    };
    let at = ctx.now();
    let became: Vec<Change> = [Some(&account), Some(&contact), deal.as_ref()]
        .into_iter()
        .flatten()
        .map(|r| Change::added("converted", audit::link(r.kind, r.id, r.title.clone())))
        .collect();
    let mut row: leads::ActiveModel = lead.into();
    row.converted_at = Set(Some(at));
    row.converted_account_id = Set(Some(AccountId(account.id)));
    row.converted_contact_id = Set(Some(ContactId(contact.id)));
    row.converted_opportunity_id = Set(deal.as_ref().map(|d| OpportunityId(d.id)));
    row.updated_at = Set(at);
    row.update(&txn).await?;
    recorded(
        &txn,
        at,
        actor,
        RecordKind::Lead,
        id.0,
        Action::Update,
        became,
    )
    .await?;
    let converted = Event::LeadConverted {
        id: id.0,
        account: account.id,
        contact: contact.id,
        opportunity: deal.as_ref().map(|d| d.id),
    };
    events::emit(&txn, at, actor, converted).await?;
    ctx.commit(txn).await?;
    Ok(Converted {
        account,
        contact,
        deal,
    })
}

/// An existing record to link to, which the actor must see (`NotFound` otherwise).
async fn existing(
    db: &impl ConnectionTrait,
    actor: &Actor,
    kind: RecordKind,
    id: Uuid,
) -> CoreResult<RecordRef> {
    linked::title(db, actor, kind, id)
        .await?
        .ok_or(CoreError::NotFound)
}

fn reference(kind: RecordKind, id: Uuid, title: String) -> RecordRef {
    RecordRef { kind, id, title }
}

fn title(lead: &leads::Model) -> String {
    full_name(lead.first_name.as_deref(), &lead.last_name)
}

/// Names a field error of a record the conversion creates after the form field it came
/// from; errors in fields the form does not have land on `fallback`.
fn renamed(err: CoreError, names: &[(&str, &str)], fallback: &str) -> CoreError {
    match err {
        CoreError::Validation(fields) => CoreError::Validation(
            fields
                .into_iter()
                .map(|mut f| {
                    f.field = names
                        .iter()
                        .find(|(from, _)| *from == f.field)
                        .map_or(fallback, |(_, to)| to)
                        .to_owned();
                    f
                })
                .collect(),
        ),
        other => other,
    }
}
