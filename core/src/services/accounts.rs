//! Accounts: the companies the team sells to. Lists, detail, create and update live here;
//! delete, restore, reassign, watchers and history are the shared `records::actions`.

use super::{begin, now};
use crate::audit::{self, Action, Snapshot};
use crate::error::CoreResult;
use crate::policy::records::{self as policy, Relation};
use crate::records::access::{self, State};
use crate::records::keyset::{self, By, Sort, ValueKind};
use crate::records::{Record, actions, filters, names, refs};
use crate::{Actor, Ctx};
use entity::accounts::{self, Column, Entity, Model};
use sea_orm::sea_query::SimpleExpr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use time::OffsetDateTime;
use types::dto::accounts::{Account, AccountInput, AccountRow, AccountStatus, AccountType};
use types::dto::lookups::LookupKind;
use types::dto::records::{ListPage, ListQuery, LookupRef, RecordKind, UserRef};
use types::ids::{AccountId, LookupId, UserId};
use types::validate::{self, Checker};
use uuid::Uuid;

impl Record for Entity {
    const KIND: RecordKind = RecordKind::Account;

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
        vec![Column::Name, Column::Email, Column::Website, Column::Phone]
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
        m.name.clone()
    }
    fn hint(m: &Model) -> String {
        m.website
            .clone()
            .or_else(|| m.email.clone())
            .unwrap_or_default()
    }
}

/// The industry lookup's name, for sorting.
fn industry_name() -> SimpleExpr {
    keyset::linked::<entity::lookup_values::Entity, Entity>(
        entity::lookup_values::Column::Name,
        entity::lookup_values::Column::Id,
        Column::IndustryId,
    )
}

/// The sortable columns of the list, by URL key; the first is the default.
const SORTS: &[Sort<Column>] = &[
    Sort {
        key: "name",
        by: By::Col(Column::Name),
        kind: ValueKind::Text,
    },
    Sort {
        key: "status",
        by: By::Col(Column::Status),
        kind: ValueKind::Text,
    },
    Sort {
        key: "annual_revenue",
        by: By::Col(Column::AnnualRevenue),
        kind: ValueKind::Int,
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
        key: "website",
        by: By::Col(Column::Website),
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
        key: "account_type",
        by: By::Col(Column::AccountType),
        kind: ValueKind::Text,
    },
    Sort {
        key: "owner",
        by: By::Owner,
        kind: ValueKind::Text,
    },
    Sort {
        key: "industry",
        by: By::Linked(industry_name),
        kind: ValueKind::Text,
    },
];

/// A checked form.
struct Fields {
    name: String,
    website: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    industry_id: Option<LookupId>,
    account_type: Option<AccountType>,
    status: AccountStatus,
    annual_revenue: Option<i64>,
    currency: Option<String>,
    employees: Option<i32>,
    vat_id: Option<String>,
    billing_address: Option<String>,
    shipping_address: Option<String>,
    description: Option<String>,
    owner: Option<UserId>,
}

/// Runs the shared rules, then the checks that need the database, reporting every field.
async fn check(
    db: &impl ConnectionTrait,
    input: &AccountInput,
    current: Option<&Model>,
) -> CoreResult<Fields> {
    let mut c = Checker::new();
    let name = c.check("name", validate::title(&input.name));
    let website = c.check("website", validate::optional_url(&input.website));
    let email = c.check("email", validate::optional_email(&input.email));
    let phone = c.check("phone", validate::optional_phone(&input.phone));
    let industry_id = c.check("industry", validate::optional_id(&input.industry));
    let account_type = c.check(
        "account_type",
        validate::optional_code(&input.account_type, AccountType::from_code),
    );
    let status = c.check(
        "status",
        validate::optional_code(&input.status, AccountStatus::from_code),
    );
    let employees = c.check(
        "employees",
        validate::optional_count(&input.employees, 100_000_000),
    );
    let vat_id = c.check("vat_id", validate::optional_text(&input.vat_id));
    let billing = c.check(
        "billing_address",
        validate::optional_long_text(&input.billing_address),
    );
    let shipping = c.check(
        "shipping_address",
        validate::optional_long_text(&input.shipping_address),
    );
    let description = c.check(
        "description",
        validate::optional_long_text(&input.description),
    );
    let owner = c.check("owner", validate::optional_id(&input.owner));
    if let Some(Some(id)) = industry_id {
        let current = current.and_then(|m| m.industry_id);
        if !refs::lookup_ok(db, LookupKind::Industry, id, current).await? {
            c.fail("industry", "validation-invalid");
        }
    }
    let mut currency = None;
    let mut annual_revenue = None;
    if !input.annual_revenue.trim().is_empty() {
        let code = input.currency.trim().to_ascii_uppercase();
        let current = current.and_then(|m| m.currency.as_deref());
        match refs::currency_scale(db, &code, current).await? {
            Some(scale) => {
                annual_revenue = c
                    .check(
                        "annual_revenue",
                        validate::amount(&input.annual_revenue, scale),
                    )
                    .flatten();
                currency = Some(code);
            }
            None => c.fail("currency", "validation-currency"),
        }
    }
    c.finish()?;
    Ok(Fields {
        name: name.unwrap_or_default(),
        website: website.flatten(),
        email: email.flatten(),
        phone: phone.flatten(),
        industry_id: industry_id.flatten(),
        account_type: account_type.flatten(),
        status: status.flatten().unwrap_or(AccountStatus::Active),
        annual_revenue,
        currency,
        employees: employees.flatten(),
        vat_id: vat_id.flatten(),
        billing_address: billing.flatten(),
        shipping_address: shipping.flatten(),
        description: description.flatten(),
        owner: owner.flatten(),
    })
}

fn fill(a: &mut accounts::ActiveModel, f: Fields) {
    a.name = Set(f.name);
    a.website = Set(f.website);
    a.email = Set(f.email);
    a.phone = Set(f.phone);
    a.industry_id = Set(f.industry_id);
    a.account_type = Set(f.account_type);
    a.status = Set(f.status);
    a.annual_revenue = Set(f.annual_revenue);
    a.currency = Set(f.currency);
    a.employees = Set(f.employees);
    a.vat_id = Set(f.vat_id);
    a.billing_address = Set(f.billing_address);
    a.shipping_address = Set(f.shipping_address);
    a.description = Set(f.description);
}

/// The account as its page shows it, with names of what it links to.
async fn detail(
    db: &impl ConnectionTrait,
    actor: &Actor,
    m: Model,
    rel: Relation,
) -> CoreResult<Account> {
    let industries = names::lookups(db, m.industry_id).await?;
    let owners = names::users(db, [m.owner_id]).await?;
    let scales = refs::scales(db).await?;
    let watchers = actions::watchers_of(db, RecordKind::Account, m.id.0).await?;
    Ok(Account {
        id: m.id,
        industry: m.industry_id.map(|id| LookupRef {
            id,
            name: names::of(&industries, &id),
        }),
        annual_revenue: refs::money(m.annual_revenue, m.currency.as_ref(), &scales),
        owner: UserRef {
            id: m.owner_id,
            name: names::of(&owners, &m.owner_id),
        },
        watchers,
        from_leads: super::lead_conversion::converted_from(db, actor, RecordKind::Account, m.id.0)
            .await?,
        can_delete: policy::can_delete(actor, rel).is_ok(),
        name: m.name,
        website: m.website,
        email: m.email,
        phone: m.phone,
        account_type: m.account_type,
        status: m.status,
        employees: m.employees,
        vat_id: m.vat_id,
        billing_address: m.billing_address,
        shipping_address: m.shipping_address,
        description: m.description,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// The fields the History tab compares, from the stored row.
async fn snapshot(db: &impl ConnectionTrait, m: &Model) -> CoreResult<Snapshot> {
    let scales = refs::scales(db).await?;
    Ok(vec![
        ("name", audit::text(Some(&m.name))),
        ("website", audit::text(m.website.clone())),
        ("email", audit::text(m.email.clone())),
        ("phone", audit::text(m.phone.clone())),
        (
            "industry",
            audit::text(names::lookup(db, m.industry_id).await?),
        ),
        (
            "account_type",
            audit::label("account-type", m.account_type.map(|t| t.code())),
        ),
        (
            "status",
            audit::label("account-status", Some(m.status.code())),
        ),
        (
            "annual_revenue",
            audit::money(refs::money(m.annual_revenue, m.currency.as_ref(), &scales)),
        ),
        ("employees", audit::text(m.employees.map(|n| n.to_string()))),
        ("vat_id", audit::text(m.vat_id.clone())),
        ("billing_address", audit::text(m.billing_address.clone())),
        ("shipping_address", audit::text(m.shipping_address.clone())),
        ("description", audit::text(m.description.clone())),
        (
            "owner",
            audit::text(Some(names::user(db, m.owner_id).await?)),
        ),
    ])
}

pub async fn create(ctx: &Ctx, actor: &Actor, input: AccountInput) -> CoreResult<Account> {
    let txn = begin(ctx).await?;
    let account = insert(&txn, actor, input).await?;
    txn.commit().await?;
    Ok(account)
}

/// Creates one inside the caller's transaction (a lead conversion makes several at once).
pub(crate) async fn insert(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    input: AccountInput,
) -> CoreResult<Account> {
    let f = check(txn, &input, None).await?;
    let owner = actions::new_owner(txn, actor, f.owner).await?;
    let at = now();
    let mut row = accounts::ActiveModel {
        id: Set(AccountId::new()),
        owner_id: Set(owner),
        created_by: Set(actor.user_id),
        created_at: Set(at),
        updated_at: Set(at),
        deleted_at: Set(None),
        ..Default::default()
    };
    fill(&mut row, f);
    let model = row.insert(txn).await?;
    let changes = audit::between(&[], &snapshot(txn, &model).await?);
    audit::record(
        txn,
        now(),
        actor,
        "account",
        model.id,
        Action::Create,
        changes,
    )
    .await?;
    let rel = Relation::to_new(actor, owner);
    detail(txn, actor, model, rel).await
}

pub async fn get(ctx: &Ctx, actor: &Actor, id: AccountId) -> CoreResult<Account> {
    let (model, rel) = access::load::<Entity>(&ctx.db, actor, id.0, State::Live).await?;
    detail(&ctx.db, actor, model, rel).await
}

pub async fn update(
    ctx: &Ctx,
    actor: &Actor,
    id: AccountId,
    input: AccountInput,
) -> CoreResult<Account> {
    let txn = begin(ctx).await?;
    let (model, rel) = access::load::<Entity>(&txn, actor, id.0, State::Live).await?;
    policy::can_edit(actor, rel)?;
    let mut f = check(&txn, &input, Some(&model)).await?;
    let owner = actions::next_owner(&txn, actor, rel, model.owner_id, f.owner.take()).await?;
    let before = snapshot(&txn, &model).await?;
    let mut row: accounts::ActiveModel = model.into();
    fill(&mut row, f);
    row.owner_id = Set(owner);
    row.updated_at = Set(now());
    let updated = row.update(&txn).await?;
    let changes = audit::between(&before, &snapshot(&txn, &updated).await?);
    let account = detail(&txn, actor, updated, rel).await?;
    audit::record(&txn, now(), actor, "account", id, Action::Update, changes).await?;
    txn.commit().await?;
    Ok(account)
}

pub async fn list(ctx: &Ctx, actor: &Actor, q: &ListQuery) -> CoreResult<ListPage<AccountRow>> {
    let f = filters::parse(actor, q)?;
    let mut select = Entity::find().filter(access::visible::<Entity>(actor));
    select = filters::apply(select, &f, Column::CreatedAt, Some(Column::AnnualRevenue))?;
    let mut c = Checker::new();
    let status = c.check(
        "status",
        validate::optional_code(&q.status, AccountStatus::from_code),
    );
    c.finish()?;
    if let Some(status) = status.flatten() {
        select = select.filter(Column::Status.eq(status));
    }
    let (rows, next) = keyset::page(ctx, actor, select, SORTS, q).await?;
    let owners = names::users(&ctx.db, rows.iter().map(|m| m.owner_id)).await?;
    let industries = names::lookups(&ctx.db, rows.iter().filter_map(|m| m.industry_id)).await?;
    let scales = refs::scales(&ctx.db).await?;
    let items = rows
        .into_iter()
        .map(|m| AccountRow {
            id: m.id,
            industry: m.industry_id.map(|id| names::of(&industries, &id)),
            annual_revenue: refs::money(m.annual_revenue, m.currency.as_ref(), &scales),
            owner: names::of(&owners, &m.owner_id),
            name: m.name,
            website: m.website,
            email: m.email,
            phone: m.phone,
            account_type: m.account_type,
            status: m.status,
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
        let offered = types::dto::accounts::SORTABLE;
        crate::records::keyset::assert_offered(super::SORTS, offered);
    }
}
