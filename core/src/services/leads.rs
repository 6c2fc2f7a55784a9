//! Leads: people who might buy. Lists, detail, create and update live here; delete, restore,
//! reassign, watchers and history are the shared `records::actions`. Conversion into an
//! account, contact and deal fills `converted_*`.

use super::{begin, now};
use crate::audit::{self, Action, Snapshot};
use crate::error::CoreResult;
use crate::policy::records::{self as policy, Relation};
use crate::records::access::{self, State};
use crate::records::keyset::{self, By, Sort, ValueKind};
use crate::records::{Record, actions, filters, linked, names, refs};
use crate::{Actor, Ctx};
use entity::leads::{self, Column, Entity, Model};
use sea_orm::sea_query::SimpleExpr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use time::OffsetDateTime;
use types::dto::contacts::full_name;
use types::dto::leads::{Lead, LeadInput, LeadRow};
use types::dto::lookups::LookupKind;
use types::dto::records::{ListPage, ListQuery, LookupRef, RecordKind, UserRef};
use types::ids::{LeadId, LookupId, UserId};
use types::validate::{self, Checker};
use uuid::Uuid;

impl Record for Entity {
    const KIND: RecordKind = RecordKind::Lead;

    fn id_col() -> Column {
        Column::Id
    }
    fn owner_col() -> Column {
        Column::OwnerId
    }
    fn deleted_col() -> Column {
        Column::DeletedAt
    }
    fn updated_col() -> Column {
        Column::UpdatedAt
    }
    fn text_cols() -> Vec<Column> {
        vec![
            Column::LastName,
            Column::FirstName,
            Column::Company,
            Column::Email,
            Column::Phone,
        ]
    }
    fn id_of(m: &Model) -> Uuid {
        m.id.0
    }
    fn owner_of(m: &Model) -> UserId {
        m.owner_id
    }
    fn deleted_at(m: &Model) -> Option<OffsetDateTime> {
        m.deleted_at
    }
    fn title(m: &Model) -> String {
        full_name(m.first_name.as_deref(), &m.last_name)
    }
    fn hint(m: &Model) -> String {
        m.company
            .clone()
            .or_else(|| m.email.clone())
            .unwrap_or_default()
    }
}

/// The status lookup's name, for sorting.
fn status_name() -> SimpleExpr {
    keyset::linked::<entity::lookup_values::Entity, Entity>(
        entity::lookup_values::Column::Name,
        entity::lookup_values::Column::Id,
        Column::StatusId,
    )
}

/// The source lookup's name, for sorting.
fn source_name() -> SimpleExpr {
    keyset::linked::<entity::lookup_values::Entity, Entity>(
        entity::lookup_values::Column::Name,
        entity::lookup_values::Column::Id,
        Column::SourceId,
    )
}

const SORTS: &[Sort<Column>] = &[
    Sort {
        key: "name",
        by: By::Col(Column::LastName),
        kind: ValueKind::Text,
    },
    Sort {
        key: "company",
        by: By::Col(Column::Company),
        kind: ValueKind::Text,
    },
    Sort {
        key: "email",
        by: By::Col(Column::Email),
        kind: ValueKind::Text,
    },
    Sort {
        key: "phone",
        by: By::Col(Column::Phone),
        kind: ValueKind::Text,
    },
    Sort {
        key: "updated_at",
        by: By::Col(Column::UpdatedAt),
        kind: ValueKind::Time,
    },
    Sort {
        key: "created_at",
        by: By::Col(Column::CreatedAt),
        kind: ValueKind::Time,
    },
    Sort {
        key: "owner",
        by: By::Owner,
        kind: ValueKind::Text,
    },
    Sort {
        key: "status",
        by: By::Linked(status_name),
        kind: ValueKind::Text,
    },
    Sort {
        key: "source",
        by: By::Linked(source_name),
        kind: ValueKind::Text,
    },
];

struct Fields {
    first_name: Option<String>,
    last_name: String,
    company: Option<String>,
    job_title: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    source_id: Option<LookupId>,
    status_id: Option<LookupId>,
    type_id: Option<LookupId>,
    description: Option<String>,
    owner: Option<UserId>,
}

async fn check(
    db: &impl ConnectionTrait,
    input: &LeadInput,
    current: Option<&Model>,
) -> CoreResult<Fields> {
    let mut c = Checker::new();
    let first_name = c.check("first_name", validate::optional_text(&input.first_name));
    let last_name = c.check("last_name", validate::title(&input.last_name));
    let company = c.check("company", validate::optional_text(&input.company));
    let job_title = c.check("job_title", validate::optional_text(&input.job_title));
    let email = c.check("email", validate::optional_email(&input.email));
    let phone = c.check("phone", validate::optional_phone(&input.phone));
    let description = c.check(
        "description",
        validate::optional_long_text(&input.description),
    );
    let owner = c.check("owner", validate::optional_id(&input.owner));
    let mut lookup = |field: &'static str, value: &str| -> Option<Option<LookupId>> {
        c.check(field, validate::optional_id(value))
    };
    let source = lookup("source", &input.source);
    let status = lookup("status", &input.status);
    let lead_type = lookup("lead_type", &input.lead_type);
    for (field, kind, value, now) in [
        (
            "source",
            LookupKind::LeadSource,
            source,
            current.and_then(|m| m.source_id),
        ),
        (
            "status",
            LookupKind::LeadStatus,
            status,
            current.and_then(|m| m.status_id),
        ),
        (
            "lead_type",
            LookupKind::LeadType,
            lead_type,
            current.and_then(|m| m.type_id),
        ),
    ] {
        if let Some(Some(id)) = value
            && !refs::lookup_ok(db, kind, id, now).await?
        {
            c.fail(field, "validation-invalid");
        }
    }
    c.finish()?;
    Ok(Fields {
        first_name: first_name.flatten(),
        last_name: last_name.unwrap_or_default(),
        company: company.flatten(),
        job_title: job_title.flatten(),
        email: email.flatten(),
        phone: phone.flatten(),
        source_id: source.flatten(),
        status_id: status.flatten(),
        type_id: lead_type.flatten(),
        description: description.flatten(),
        owner: owner.flatten(),
    })
}

fn fill(a: &mut leads::ActiveModel, f: Fields) {
    a.first_name = Set(f.first_name);
    a.last_name = Set(f.last_name);
    a.company = Set(f.company);
    a.job_title = Set(f.job_title);
    a.email = Set(f.email);
    a.phone = Set(f.phone);
    a.source_id = Set(f.source_id);
    a.status_id = Set(f.status_id);
    a.type_id = Set(f.type_id);
    a.description = Set(f.description);
}

pub(crate) async fn detail(
    db: &impl ConnectionTrait,
    actor: &Actor,
    m: Model,
    rel: Relation,
) -> CoreResult<Lead> {
    let lookup_ids: Vec<LookupId> = [m.source_id, m.status_id, m.type_id]
        .into_iter()
        .flatten()
        .collect();
    let lookups = names::lookups(db, lookup_ids).await?;
    let owners = names::users(db, [m.owner_id]).await?;
    let lookup = |id: Option<LookupId>| {
        id.map(|id| LookupRef {
            id,
            name: names::of(&lookups, &id),
        })
    };
    let became = [
        m.converted_account_id.map(|id| (RecordKind::Account, id.0)),
        m.converted_contact_id.map(|id| (RecordKind::Contact, id.0)),
        m.converted_opportunity_id
            .map(|id| (RecordKind::Opportunity, id.0)),
    ];
    let titles = linked::titles(db, actor, became.iter().flatten().copied()).await?;
    Ok(Lead {
        id: m.id,
        source: lookup(m.source_id),
        status: lookup(m.status_id),
        lead_type: lookup(m.type_id),
        owner: UserRef {
            id: m.owner_id,
            name: names::of(&owners, &m.owner_id),
        },
        watchers: actions::watchers_of(db, RecordKind::Lead, m.id.0).await?,
        converted_to: became
            .iter()
            .flatten()
            .filter_map(|(_, id)| titles.get(id).cloned())
            .collect(),
        can_delete: policy::can_delete(actor, rel).is_ok(),
        first_name: m.first_name,
        last_name: m.last_name,
        company: m.company,
        job_title: m.job_title,
        email: m.email,
        phone: m.phone,
        description: m.description,
        converted_at: m.converted_at,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// The fields the History tab compares, from the stored row.
async fn snapshot(db: &impl ConnectionTrait, m: &Model) -> CoreResult<Snapshot> {
    Ok(vec![
        ("first_name", audit::text(m.first_name.clone())),
        ("last_name", audit::text(Some(&m.last_name))),
        ("company", audit::text(m.company.clone())),
        ("job_title", audit::text(m.job_title.clone())),
        ("email", audit::text(m.email.clone())),
        ("phone", audit::text(m.phone.clone())),
        ("source", audit::text(names::lookup(db, m.source_id).await?)),
        ("status", audit::text(names::lookup(db, m.status_id).await?)),
        (
            "lead_type",
            audit::text(names::lookup(db, m.type_id).await?),
        ),
        ("description", audit::text(m.description.clone())),
        (
            "owner",
            audit::text(Some(names::user(db, m.owner_id).await?)),
        ),
    ])
}

pub async fn create(ctx: &Ctx, actor: &Actor, input: LeadInput) -> CoreResult<Lead> {
    let txn = begin(ctx).await?;
    let f = check(&txn, &input, None).await?;
    let owner = actions::new_owner(&txn, actor, f.owner).await?;
    let at = now();
    let mut row = leads::ActiveModel {
        id: Set(LeadId::new()),
        converted_at: Set(None),
        converted_account_id: Set(None),
        converted_contact_id: Set(None),
        converted_opportunity_id: Set(None),
        owner_id: Set(owner),
        created_by: Set(actor.user_id),
        created_at: Set(at),
        updated_at: Set(at),
        deleted_at: Set(None),
        ..Default::default()
    };
    fill(&mut row, f);
    let model = row.insert(&txn).await?;
    let rel = Relation::to_new(actor, owner);
    let created = snapshot(&txn, &model).await?;
    let lead = detail(&txn, actor, model, rel).await?;
    let changes = audit::between(&[], &created);
    audit::record(&txn, now(), actor, "lead", lead.id, Action::Create, changes).await?;
    txn.commit().await?;
    Ok(lead)
}

pub async fn get(ctx: &Ctx, actor: &Actor, id: LeadId) -> CoreResult<Lead> {
    let (model, rel) = access::load::<Entity>(&ctx.db, actor, id.0, State::Live).await?;
    detail(&ctx.db, actor, model, rel).await
}

pub async fn update(ctx: &Ctx, actor: &Actor, id: LeadId, input: LeadInput) -> CoreResult<Lead> {
    let txn = begin(ctx).await?;
    let (model, rel) = access::load::<Entity>(&txn, actor, id.0, State::Live).await?;
    policy::can_edit(actor, rel)?;
    let mut f = check(&txn, &input, Some(&model)).await?;
    let owner = actions::next_owner(&txn, actor, rel, model.owner_id, f.owner.take()).await?;
    let before = snapshot(&txn, &model).await?;
    let mut row: leads::ActiveModel = model.into();
    fill(&mut row, f);
    row.owner_id = Set(owner);
    row.updated_at = Set(now());
    let updated = row.update(&txn).await?;
    let changes = audit::between(&before, &snapshot(&txn, &updated).await?);
    let lead = detail(&txn, actor, updated, rel).await?;
    audit::record(&txn, now(), actor, "lead", id, Action::Update, changes).await?;
    txn.commit().await?;
    Ok(lead)
}

pub async fn list(ctx: &Ctx, actor: &Actor, q: &ListQuery) -> CoreResult<ListPage<LeadRow>> {
    let f = filters::parse(actor, q)?;
    let mut select = Entity::find().filter(access::visible::<Entity>(actor));
    select = filters::apply(select, &f, Column::CreatedAt, None)?;
    let mut c = Checker::new();
    let status: Option<Option<LookupId>> = c.check("status", validate::optional_id(&q.status));
    c.finish()?;
    if let Some(id) = status.flatten() {
        select = select.filter(Column::StatusId.eq(id));
    }
    let (rows, next) = keyset::page(ctx, actor, select, SORTS, q).await?;
    let owners = names::users(&ctx.db, rows.iter().map(|m| m.owner_id)).await?;
    let lookup_ids: Vec<LookupId> = rows
        .iter()
        .flat_map(|m| [m.source_id, m.status_id])
        .flatten()
        .collect();
    let lookups = names::lookups(&ctx.db, lookup_ids).await?;
    let items = rows
        .into_iter()
        .map(|m| LeadRow {
            id: m.id,
            name: full_name(m.first_name.as_deref(), &m.last_name),
            source: m.source_id.map(|id| names::of(&lookups, &id)),
            status: m.status_id.map(|id| names::of(&lookups, &id)),
            converted: m.converted_at.is_some(),
            owner: names::of(&owners, &m.owner_id),
            company: m.company,
            email: m.email,
            phone: m.phone,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
        .collect();
    Ok(ListPage { items, next })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_list_sorts_by_what_the_ui_offers() {
        let offered = types::dto::leads::SORTABLE;
        crate::records::keyset::assert_offered(super::SORTS, offered);
    }
}
