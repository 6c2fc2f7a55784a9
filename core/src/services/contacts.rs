//! Contacts: the people the team talks to. Lists, detail, create and update live here;
//! delete, restore, reassign, watchers and history are the shared `records::actions`.

use super::{begin, now};
use crate::audit::{self, Action, Snapshot};
use crate::error::CoreResult;
use crate::policy::records::{self as policy, Relation};
use crate::records::access::{self, State};
use crate::records::keyset::{self, By, Sort, ValueKind};
use crate::records::{Record, actions, filters, names, refs};
use crate::{Actor, Ctx};
use entity::contacts::{self, Column, Entity, Model};
use sea_orm::sea_query::SimpleExpr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use time::{Date, OffsetDateTime};
use types::dto::accounts::AccountRef;
use types::dto::contacts::{Contact, ContactInput, ContactRow, full_name};
use types::dto::lookups::LookupKind;
use types::dto::records::{ListPage, ListQuery, LookupRef, RecordKind, UserRef};
use types::ids::{AccountId, ContactId, LookupId, UserId};
use types::validate::{self, Checker};
use uuid::Uuid;

impl Record for Entity {
    const KIND: RecordKind = RecordKind::Contact;

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
            Column::Email,
            Column::Phone,
            Column::Mobile,
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
        m.email
            .clone()
            .or_else(|| m.position.clone())
            .unwrap_or_default()
    }
}

/// The contact_type lookup's name, for sorting.
fn contact_type_name() -> SimpleExpr {
    keyset::linked::<entity::lookup_values::Entity, Entity>(
        entity::lookup_values::Column::Name,
        entity::lookup_values::Column::Id,
        Column::ContactTypeId,
    )
}

/// The sortable columns of the list, by URL key; the first is the default.
const SORTS: &[Sort<Column>] = &[
    Sort {
        key: "name",
        by: By::Col(Column::LastName),
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
        key: "position",
        by: By::Col(Column::Position),
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
        key: "account",
        by: By::Account(Column::AccountId),
        kind: ValueKind::Text,
    },
    Sort {
        key: "contact_type",
        by: By::Linked(contact_type_name),
        kind: ValueKind::Text,
    },
];

/// A checked form.
struct Fields {
    first_name: Option<String>,
    last_name: String,
    email: Option<String>,
    email2: Option<String>,
    phone: Option<String>,
    mobile: Option<String>,
    position: Option<String>,
    birthday: Option<Date>,
    linkedin: Option<String>,
    twitter: Option<String>,
    contact_type_id: Option<LookupId>,
    tags: Option<String>,
    account_id: Option<AccountId>,
    owner: Option<UserId>,
}

/// Runs the shared rules, then the checks that need the database. The account must be one
/// the actor sees: linking to an invisible account is `NotFound`.
async fn check(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: &ContactInput,
    current: Option<&Model>,
) -> CoreResult<Fields> {
    let mut c = Checker::new();
    let first_name = c.check("first_name", validate::optional_text(&input.first_name));
    let last_name = c.check("last_name", validate::title(&input.last_name));
    let email = c.check("email", validate::optional_email(&input.email));
    let email2 = c.check("email2", validate::optional_email(&input.email2));
    let phone = c.check("phone", validate::optional_phone(&input.phone));
    let mobile = c.check("mobile", validate::optional_phone(&input.mobile));
    let position = c.check("position", validate::optional_text(&input.position));
    let birthday = c.check("birthday", validate::optional_date(&input.birthday));
    let linkedin = c.check("linkedin", validate::optional_url(&input.linkedin));
    let twitter = c.check("twitter", validate::optional_text(&input.twitter));
    let contact_type_id = c.check("contact_type", validate::optional_id(&input.contact_type));
    let tags = c.check("tags", validate::tags(&input.tags));
    let account_id: Option<Option<AccountId>> =
        c.check("account", validate::optional_id(&input.account));
    let owner = c.check("owner", validate::optional_id(&input.owner));
    if let Some(Some(id)) = contact_type_id {
        let current = current.and_then(|m| m.contact_type_id);
        if !refs::lookup_ok(db, LookupKind::ContactType, id, current).await? {
            c.fail("contact_type", "validation-invalid");
        }
    }
    c.finish()?;
    let account_id = account_id.flatten();
    access::check_link::<entity::accounts::Entity>(
        db,
        actor,
        account_id.map(|id| id.0),
        current.and_then(|m| m.account_id).map(|id| id.0),
    )
    .await?;
    let tags = tags.unwrap_or_default();
    Ok(Fields {
        first_name: first_name.flatten(),
        last_name: last_name.unwrap_or_default(),
        email: email.flatten(),
        email2: email2.flatten(),
        phone: phone.flatten(),
        mobile: mobile.flatten(),
        position: position.flatten(),
        birthday: birthday.flatten(),
        linkedin: linkedin.flatten(),
        twitter: twitter.flatten(),
        contact_type_id: contact_type_id.flatten(),
        tags: (!tags.is_empty()).then(|| tags.join(", ")),
        account_id,
        owner: owner.flatten(),
    })
}

fn fill(a: &mut contacts::ActiveModel, f: Fields) {
    a.first_name = Set(f.first_name);
    a.last_name = Set(f.last_name);
    a.email = Set(f.email);
    a.email2 = Set(f.email2);
    a.phone = Set(f.phone);
    a.mobile = Set(f.mobile);
    a.position = Set(f.position);
    a.birthday = Set(f.birthday);
    a.linkedin = Set(f.linkedin);
    a.twitter = Set(f.twitter);
    a.contact_type_id = Set(f.contact_type_id);
    a.tags = Set(f.tags);
    a.account_id = Set(f.account_id);
}

fn split_tags(tags: Option<&str>) -> Vec<String> {
    tags.map(|t| t.split(", ").map(str::to_owned).collect())
        .unwrap_or_default()
}

async fn detail(
    db: &impl ConnectionTrait,
    actor: &Actor,
    m: Model,
    rel: Relation,
) -> CoreResult<Contact> {
    let types = names::lookups(db, m.contact_type_id).await?;
    let owners = names::users(db, [m.owner_id]).await?;
    let accounts = names::accounts(db, actor, m.account_id).await?;
    let watchers = actions::watchers_of(db, RecordKind::Contact, m.id.0).await?;
    Ok(Contact {
        id: m.id,
        contact_type: m.contact_type_id.map(|id| LookupRef {
            id,
            name: names::of(&types, &id),
        }),
        account: m.account_id.and_then(|id| {
            accounts.get(&id).map(|name| AccountRef {
                id,
                name: name.clone(),
            })
        }),
        owner: UserRef {
            id: m.owner_id,
            name: names::of(&owners, &m.owner_id),
        },
        watchers,
        from_leads: super::lead_conversion::converted_from(db, actor, RecordKind::Contact, m.id.0)
            .await?,
        can_delete: policy::can_delete(actor, rel).is_ok(),
        tags: split_tags(m.tags.as_deref()),
        first_name: m.first_name,
        last_name: m.last_name,
        email: m.email,
        email2: m.email2,
        phone: m.phone,
        mobile: m.mobile,
        position: m.position,
        birthday: m.birthday,
        linkedin: m.linkedin,
        twitter: m.twitter,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// The fields the History tab compares, from the stored row.
async fn snapshot(db: &impl ConnectionTrait, m: &Model) -> CoreResult<Snapshot> {
    Ok(vec![
        ("first_name", audit::text(m.first_name.clone())),
        ("last_name", audit::text(Some(&m.last_name))),
        ("email", audit::text(m.email.clone())),
        ("email2", audit::text(m.email2.clone())),
        ("phone", audit::text(m.phone.clone())),
        ("mobile", audit::text(m.mobile.clone())),
        ("position", audit::text(m.position.clone())),
        ("birthday", audit::date(m.birthday)),
        ("linkedin", audit::text(m.linkedin.clone())),
        ("twitter", audit::text(m.twitter.clone())),
        (
            "contact_type",
            audit::text(names::lookup(db, m.contact_type_id).await?),
        ),
        (
            "tags",
            audit::text(m.tags.as_ref().map(|t| t.replace(',', ", "))),
        ),
        (
            "account",
            names::link(db, RecordKind::Account, m.account_id.map(|a| a.0)).await?,
        ),
        (
            "owner",
            audit::text(Some(names::user(db, m.owner_id).await?)),
        ),
    ])
}

pub async fn create(ctx: &Ctx, actor: &Actor, input: ContactInput) -> CoreResult<Contact> {
    let txn = begin(ctx).await?;
    let contact = insert(&txn, actor, input).await?;
    txn.commit().await?;
    Ok(contact)
}

/// Creates one inside the caller's transaction (a lead conversion makes several at once).
pub(crate) async fn insert(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    input: ContactInput,
) -> CoreResult<Contact> {
    let f = check(txn, actor, &input, None).await?;
    let owner = actions::new_owner(txn, actor, f.owner).await?;
    let at = now();
    let mut row = contacts::ActiveModel {
        id: Set(ContactId::new()),
        owner_id: Set(owner),
        created_by: Set(actor.user_id),
        created_at: Set(at),
        updated_at: Set(at),
        deleted_at: Set(None),
        ..Default::default()
    };
    fill(&mut row, f);
    let model = row.insert(txn).await?;
    let rel = Relation::to_new(actor, owner);
    let created = snapshot(txn, &model).await?;
    let contact = detail(txn, actor, model, rel).await?;
    let changes = audit::between(&[], &created);
    audit::record(
        txn,
        now(),
        actor,
        "contact",
        contact.id,
        Action::Create,
        changes,
    )
    .await?;
    Ok(contact)
}

pub async fn get(ctx: &Ctx, actor: &Actor, id: ContactId) -> CoreResult<Contact> {
    let (model, rel) = access::load::<Entity>(&ctx.db, actor, id.0, State::Live).await?;
    detail(&ctx.db, actor, model, rel).await
}

pub async fn update(
    ctx: &Ctx,
    actor: &Actor,
    id: ContactId,
    input: ContactInput,
) -> CoreResult<Contact> {
    let txn = begin(ctx).await?;
    let (model, rel) = access::load::<Entity>(&txn, actor, id.0, State::Live).await?;
    policy::can_edit(actor, rel)?;
    let mut f = check(&txn, actor, &input, Some(&model)).await?;
    let owner = actions::next_owner(&txn, actor, rel, model.owner_id, f.owner.take()).await?;
    let before = snapshot(&txn, &model).await?;
    let mut row: contacts::ActiveModel = model.into();
    fill(&mut row, f);
    row.owner_id = Set(owner);
    row.updated_at = Set(now());
    let updated = row.update(&txn).await?;
    let after = snapshot(&txn, &updated).await?;
    let contact = detail(&txn, actor, updated, rel).await?;
    let changes = audit::between(&before, &after);
    audit::record(&txn, now(), actor, "contact", id, Action::Update, changes).await?;
    txn.commit().await?;
    Ok(contact)
}

pub async fn list(ctx: &Ctx, actor: &Actor, q: &ListQuery) -> CoreResult<ListPage<ContactRow>> {
    let f = filters::parse(actor, q)?;
    let mut select = Entity::find().filter(access::visible::<Entity>(actor));
    select = filters::apply(select, &f, Column::CreatedAt, None)?;
    let mut c = Checker::new();
    let contact_type: Option<Option<LookupId>> =
        c.check("status", validate::optional_id(&q.status));
    let account: Option<Option<AccountId>> = c.check("parent", validate::optional_id(&q.parent));
    c.finish()?;
    if let Some(id) = contact_type.flatten() {
        select = select.filter(Column::ContactTypeId.eq(id));
    }
    if let Some(id) = account.flatten() {
        select = select.filter(Column::AccountId.eq(id));
    }
    let (rows, next) = keyset::page(ctx, actor, select, SORTS, q).await?;
    let owners = names::users(&ctx.db, rows.iter().map(|m| m.owner_id)).await?;
    let types = names::lookups(&ctx.db, rows.iter().filter_map(|m| m.contact_type_id)).await?;
    let accounts =
        names::accounts(&ctx.db, actor, rows.iter().filter_map(|m| m.account_id)).await?;
    let items = rows
        .into_iter()
        .map(|m| ContactRow {
            id: m.id,
            name: full_name(m.first_name.as_deref(), &m.last_name),
            account: m.account_id.and_then(|id| {
                accounts.get(&id).map(|name| AccountRef {
                    id,
                    name: name.clone(),
                })
            }),
            contact_type: m.contact_type_id.map(|id| names::of(&types, &id)),
            tags: split_tags(m.tags.as_deref()),
            owner: names::of(&owners, &m.owner_id),
            email: m.email,
            phone: m.phone,
            position: m.position,
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
        let offered = types::dto::contacts::SORTABLE;
        crate::records::keyset::assert_offered(super::SORTS, offered);
    }
}
