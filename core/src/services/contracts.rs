//! Contracts: what an account signed. Lists, detail, create and update live here; line items
//! are `services::line_items`; delete, restore, reassign, watchers and history are the shared
//! `records::actions`.

use super::{begin, line_items, now};
use crate::audit::{self, Action, Snapshot};
use crate::error::{CoreError, CoreResult};
use crate::policy::records::{self as policy, Relation};
use crate::records::access::{self, State};
use crate::records::keyset::{self, By, Sort, ValueKind};
use crate::records::{Record, actions, filters, names, refs};
use crate::{Actor, Ctx};
use entity::contracts::{self, Column, Entity, Model};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use std::collections::HashMap;
use time::{Date, OffsetDateTime};
use types::dto::accounts::AccountRef;
use types::dto::contracts::{Contract, ContractInput, ContractRow, ContractStatus};
use types::dto::records::{ListPage, ListQuery, RecordKind, UserRef};
use types::error::FieldError;
use types::ids::{AccountId, ContractId, UserId};
use types::money::Money;
use types::validate::{self, Checker};
use uuid::Uuid;

impl Record for Entity {
    const KIND: RecordKind = RecordKind::Contract;

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
        vec![Column::Title]
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
        m.title.clone()
    }
    fn hint(m: &Model) -> String {
        m.end_date.map(|d| d.to_string()).unwrap_or_default()
    }
}

const SORTS: &[Sort<Column>] = &[
    Sort {
        key: "title",
        by: By::Col(Column::Title),
        kind: ValueKind::Text,
    },
    Sort {
        key: "status",
        by: By::Col(Column::Status),
        kind: ValueKind::Text,
    },
    Sort {
        key: "value",
        by: By::Col(Column::Value),
        kind: ValueKind::Int,
    },
    Sort {
        key: "start_date",
        by: By::Col(Column::StartDate),
        kind: ValueKind::Date,
    },
    Sort {
        key: "end_date",
        by: By::Col(Column::EndDate),
        kind: ValueKind::Date,
    },
    Sort {
        key: "updated_at",
        by: By::Col(Column::UpdatedAt),
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
];

struct Fields {
    title: String,
    account_id: Option<AccountId>,
    value: Option<i64>,
    currency: String,
    start_date: Option<Date>,
    end_date: Option<Date>,
    renewal_reminder_date: Option<Date>,
    status: ContractStatus,
    customer_signed_on: Option<Date>,
    company_signed_on: Option<Date>,
    description: Option<String>,
    owner: Option<UserId>,
}

async fn check(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: &ContractInput,
    current: Option<&Model>,
) -> CoreResult<Fields> {
    let mut c = Checker::new();
    let title = c.check("title", validate::title(&input.title));
    let account_id: Option<Option<AccountId>> =
        c.check("account", validate::optional_id(&input.account));
    let start = c
        .check("start_date", validate::optional_date(&input.start_date))
        .flatten();
    let end = c
        .check("end_date", validate::optional_date(&input.end_date))
        .flatten();
    let renewal = c
        .check(
            "renewal_reminder_date",
            validate::optional_date(&input.renewal_reminder_date),
        )
        .flatten();
    let status = c.check(
        "status",
        validate::optional_code(&input.status, ContractStatus::from_code),
    );
    let customer = c
        .check(
            "customer_signed_on",
            validate::optional_date(&input.customer_signed_on),
        )
        .flatten();
    let company = c
        .check(
            "company_signed_on",
            validate::optional_date(&input.company_signed_on),
        )
        .flatten();
    let description = c.check(
        "description",
        validate::optional_long_text(&input.description),
    );
    let owner = c.check("owner", validate::optional_id(&input.owner));
    if let (Some(start), Some(end)) = (start, end)
        && end < start
    {
        c.fail("end_date", "validation-end-before-start");
    }
    let code = input.currency.trim().to_ascii_uppercase();
    let mut value = None;
    match refs::currency_scale(db, &code, current.map(|m| m.currency.as_str())).await? {
        Some(scale) => {
            value = c
                .check("value", validate::amount(&input.value, scale))
                .flatten()
        }
        None => c.fail("currency", "validation-currency"),
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
    Ok(Fields {
        title: title.unwrap_or_default(),
        account_id,
        value,
        currency: code,
        start_date: start,
        end_date: end,
        renewal_reminder_date: renewal,
        status: status.flatten().unwrap_or(ContractStatus::NotStarted),
        customer_signed_on: customer,
        company_signed_on: company,
        description: description.flatten(),
        owner: owner.flatten(),
    })
}

fn fill(a: &mut contracts::ActiveModel, f: Fields) {
    a.title = Set(f.title);
    a.account_id = Set(f.account_id);
    a.currency = Set(f.currency);
    a.start_date = Set(f.start_date);
    a.end_date = Set(f.end_date);
    a.renewal_reminder_date = Set(f.renewal_reminder_date);
    a.status = Set(f.status);
    a.customer_signed_on = Set(f.customer_signed_on);
    a.company_signed_on = Set(f.company_signed_on);
    a.description = Set(f.description);
}

fn money(m: &Model, scales: &HashMap<String, i16>) -> Money {
    Money {
        minor: m.value,
        currency: m.currency.clone(),
        scale: scales.get(&m.currency).copied().unwrap_or(2),
    }
}

async fn detail(
    db: &impl ConnectionTrait,
    actor: &Actor,
    m: Model,
    rel: Relation,
) -> CoreResult<Contract> {
    let scales = refs::scales(db).await?;
    let owners = names::users(db, [m.owner_id]).await?;
    let accounts = names::accounts(db, actor, m.account_id).await?;
    Ok(Contract {
        id: m.id,
        account: m.account_id.and_then(|id| {
            accounts.get(&id).map(|name| AccountRef {
                id,
                name: name.clone(),
            })
        }),
        value: money(&m, &scales),
        owner: UserRef {
            id: m.owner_id,
            name: names::of(&owners, &m.owner_id),
        },
        watchers: actions::watchers_of(db, RecordKind::Contract, m.id.0).await?,
        has_lines: line_items::any(db, RecordKind::Contract, m.id.0).await?,
        can_delete: policy::can_delete(actor, rel).is_ok(),
        title: m.title,
        start_date: m.start_date,
        end_date: m.end_date,
        renewal_reminder_date: m.renewal_reminder_date,
        status: m.status,
        customer_signed_on: m.customer_signed_on,
        company_signed_on: m.company_signed_on,
        description: m.description,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// The fields the History tab compares, from the stored row.
async fn snapshot(db: &impl ConnectionTrait, m: &Model) -> CoreResult<Snapshot> {
    let scales = refs::scales(db).await?;
    Ok(vec![
        ("title", audit::text(Some(&m.title))),
        (
            "account",
            names::link(db, RecordKind::Account, m.account_id.map(|a| a.0)).await?,
        ),
        (
            "value",
            audit::money(refs::money(Some(m.value), Some(&m.currency), &scales)),
        ),
        ("start_date", audit::date(m.start_date)),
        ("end_date", audit::date(m.end_date)),
        (
            "renewal_reminder_date",
            audit::date(m.renewal_reminder_date),
        ),
        (
            "status",
            audit::label("contract-status", Some(m.status.code())),
        ),
        ("customer_signed_on", audit::date(m.customer_signed_on)),
        ("company_signed_on", audit::date(m.company_signed_on)),
        ("description", audit::text(m.description.clone())),
        (
            "owner",
            audit::text(Some(names::user(db, m.owner_id).await?)),
        ),
    ])
}

pub async fn create(ctx: &Ctx, actor: &Actor, input: ContractInput) -> CoreResult<Contract> {
    let txn = begin(ctx).await?;
    let f = check(&txn, actor, &input, None).await?;
    let owner = actions::new_owner(&txn, actor, f.owner).await?;
    let at = now();
    let mut row = contracts::ActiveModel {
        id: Set(ContractId::new()),
        value: Set(f.value.unwrap_or(0)),
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
    let contract = detail(&txn, actor, model, rel).await?;
    let changes = audit::between(&[], &created);
    audit::record(
        &txn,
        now(),
        actor,
        "contract",
        contract.id,
        Action::Create,
        changes,
    )
    .await?;
    txn.commit().await?;
    Ok(contract)
}

pub async fn get(ctx: &Ctx, actor: &Actor, id: ContractId) -> CoreResult<Contract> {
    let (model, rel) = access::load::<Entity>(&ctx.db, actor, id.0, State::Live).await?;
    detail(&ctx.db, actor, model, rel).await
}

pub async fn update(
    ctx: &Ctx,
    actor: &Actor,
    id: ContractId,
    input: ContractInput,
) -> CoreResult<Contract> {
    let txn = begin(ctx).await?;
    let (model, rel) = access::load::<Entity>(&txn, actor, id.0, State::Live).await?;
    policy::can_edit(actor, rel)?;
    let mut f = check(&txn, actor, &input, Some(&model)).await?;
    let owner = actions::next_owner(&txn, actor, rel, model.owner_id, f.owner.take()).await?;
    let before = snapshot(&txn, &model).await?;
    let has_lines = super::line_items::any(&txn, RecordKind::Contract, model.id.0).await?;
    if has_lines && f.currency != model.currency {
        return Err(CoreError::Validation(vec![FieldError::new(
            "currency",
            "validation-currency-has-lines",
        )]));
    }
    let mut row: contracts::ActiveModel = model.into();
    if !has_lines {
        row.value = Set(f.value.take().unwrap_or(0));
    }
    fill(&mut row, f);
    row.owner_id = Set(owner);
    row.updated_at = Set(now());
    let updated = row.update(&txn).await?;
    let changes = audit::between(&before, &snapshot(&txn, &updated).await?);
    let contract = detail(&txn, actor, updated, rel).await?;
    audit::record(&txn, now(), actor, "contract", id, Action::Update, changes).await?;
    txn.commit().await?;
    Ok(contract)
}

pub async fn list(ctx: &Ctx, actor: &Actor, q: &ListQuery) -> CoreResult<ListPage<ContractRow>> {
    let f = filters::parse(actor, q)?;
    let mut select = Entity::find().filter(access::visible::<Entity>(actor));
    select = filters::apply(select, &f, Column::CreatedAt, Some(Column::Value))?;
    let mut c = Checker::new();
    let status = c.check(
        "status",
        validate::optional_code(&q.status, ContractStatus::from_code),
    );
    let account: Option<Option<AccountId>> = c.check("parent", validate::optional_id(&q.parent));
    c.finish()?;
    if let Some(status) = status.flatten() {
        select = select.filter(Column::Status.eq(status));
    }
    if let Some(id) = account.flatten() {
        select = select.filter(Column::AccountId.eq(id));
    }
    let (rows, next) = keyset::page(ctx, actor, select, SORTS, q).await?;
    let owners = names::users(&ctx.db, rows.iter().map(|m| m.owner_id)).await?;
    let accounts =
        names::accounts(&ctx.db, actor, rows.iter().filter_map(|m| m.account_id)).await?;
    let scales = refs::scales(&ctx.db).await?;
    let items = rows
        .into_iter()
        .map(|m| ContractRow {
            id: m.id,
            account: m.account_id.and_then(|id| {
                accounts.get(&id).map(|name| AccountRef {
                    id,
                    name: name.clone(),
                })
            }),
            value: money(&m, &scales),
            owner: names::of(&owners, &m.owner_id),
            title: m.title,
            status: m.status,
            start_date: m.start_date,
            end_date: m.end_date,
            updated_at: m.updated_at,
        })
        .collect();
    Ok(ListPage { items, next })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_list_sorts_by_what_the_ui_offers() {
        let offered = types::dto::contracts::SORTABLE;
        crate::records::keyset::assert_offered(super::SORTS, offered);
    }
}
