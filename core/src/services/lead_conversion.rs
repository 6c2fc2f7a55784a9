//! Converting a qualified lead into the records a sale runs on: an account (new, or one that
//! exists), a contact (likewise) and, if wanted, a deal, in one transaction. The lead keeps
//! links to what it became; those records find the lead through the same columns.

use super::{accounts, begin, contacts, now, opportunities};
use crate::audit::{self, Action, Change};
use crate::error::{CoreError, CoreResult};
use crate::policy::records::{self as policy};
use crate::records::access::{self, State};
use crate::records::{filters, linked, refs};
use crate::{Actor, Ctx};
use entity::leads::{self, Column, Entity};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set,
};
use time::Duration;
use types::dto::accounts::AccountInput;
use types::dto::contacts::{ContactInput, full_name};
use types::dto::leads::{ConvertInput, ConvertMatches, ConvertOffer, Converted};
use types::dto::opportunities::OpportunityInput;
use types::dto::records::RecordKind;
use types::dto::tasks::RecordRef;
use types::ids::{AccountId, ContactId, LeadId, OpportunityId};
use types::validate::{self, Checker};
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
        lead: super::leads::detail(&ctx.db, actor, lead, rel).await?,
        matches,
        currency: refs::display_currency(&ctx.db, actor.user_id).await?,
        close_date: (now() + Duration::days(CLOSE_IN_DAYS)).date(),
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
/// the lead's owner when the actor may hand records to others, else to the actor.
pub async fn convert(
    ctx: &Ctx,
    actor: &Actor,
    id: LeadId,
    input: ConvertInput,
) -> CoreResult<Converted> {
    let txn = begin(ctx).await?;
    let (lead, rel) = access::load::<Entity>(&txn, actor, id.0, State::Live).await?;
    policy::can_edit(actor, rel)?;
    if lead.converted_at.is_some() {
        return Err(CoreError::Rejected("leads-already-converted"));
    }
    let mut c = Checker::new();
    let account_id: Option<Option<AccountId>> =
        c.check("account", validate::optional_id(&input.account));
    let contact_id: Option<Option<ContactId>> =
        c.check("contact", validate::optional_id(&input.contact));
    c.finish()?;
    let owner = if policy::sees_all(actor) {
        lead.owner_id.to_string()
    } else {
        String::new()
    };
    let account = match account_id.flatten() {
        Some(id) => existing(&txn, actor, RecordKind::Account, id.0).await?,
        None => {
            let name = match input.account_name.trim() {
                "" => lead.company.clone().unwrap_or_else(|| title(&lead)),
                given => given.to_owned(),
            };
            let made = accounts::insert(
                &txn,
                actor,
                AccountInput {
                    name,
                    owner: owner.clone(),
                    ..AccountInput::default()
                },
            )
            .await
            .map_err(|e| renamed(e, &[("name", "account_name")], "account_name"))?;
            reference(RecordKind::Account, made.id.0, made.name)
        }
    };
    let contact = match contact_id.flatten() {
        Some(id) => existing(&txn, actor, RecordKind::Contact, id.0).await?,
        None => {
            let made = contacts::insert(
                &txn,
                actor,
                ContactInput {
                    first_name: lead.first_name.clone().unwrap_or_default(),
                    last_name: lead.last_name.clone(),
                    email: lead.email.clone().unwrap_or_default(),
                    phone: lead.phone.clone().unwrap_or_default(),
                    position: lead.job_title.clone().unwrap_or_default(),
                    account: account.id.to_string(),
                    owner: owner.clone(),
                    ..ContactInput::default()
                },
            )
            .await
            .map_err(|e| renamed(e, &[], "contact"))?;
            reference(RecordKind::Contact, made.id.0, made.full_name())
        }
    };
    let deal = match input.deal {
        Some(_) => {
            let made = opportunities::insert(
                &txn,
                actor,
                OpportunityInput {
                    name: match input.deal_name.trim() {
                        "" => account.title.clone(),
                        given => given.to_owned(),
                    },
                    account: account.id.to_string(),
                    contact: contact.id.to_string(),
                    amount: input.amount,
                    currency: input.currency,
                    close_date: input.close_date,
                    stage: input.stage,
                    owner,
                    ..OpportunityInput::default()
                },
            )
            .await
            .map_err(|e| renamed(e, &DEAL_FIELDS, "deal_name"))?;
            Some(reference(RecordKind::Opportunity, made.id.0, made.name))
        }
        None => None,
    };
    let at = now();
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
    audit::record(&txn, now(), actor, "lead", id, Action::Update, became).await?;
    txn.commit().await?;
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

/// The leads converted into a record, among those the actor may see: the way back from what
/// a lead became.
pub(crate) async fn converted_from(
    db: &impl ConnectionTrait,
    actor: &Actor,
    kind: RecordKind,
    id: Uuid,
) -> CoreResult<Vec<RecordRef>> {
    let column = match kind {
        RecordKind::Account => Column::ConvertedAccountId,
        RecordKind::Contact => Column::ConvertedContactId,
        RecordKind::Opportunity => Column::ConvertedOpportunityId,
        _ => return Ok(Vec::new()),
    };
    let ids: Vec<Uuid> = Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(access::visible::<Entity>(actor))
        .filter(column.eq(id))
        .limit(MATCHES)
        .into_tuple()
        .all(db)
        .await?;
    refs_of(db, actor, RecordKind::Lead, ids).await
}
