//! Contracts: what an account signed. Lists, detail, create and update live here; line items
//! are `services::line_items`; delete, restore, reassign, watchers and history are the shared
//! `records::actions`.

use super::line_items;
use crate::audit::{self, Snapshot};
use crate::error::CoreResult;
use crate::policy::records::{self as policy, Relation};
use crate::records::access;
use crate::records::checks::{given, optional, put, required};
use crate::records::keyset::{self, Sort, ValueKind};
use crate::records::write::{Fields, Writer};
use crate::records::{Record, actions, filters, names, refs};
use crate::{Actor, Ctx};
use entity::contracts::{self, Column, Entity, Model};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, Set};
use std::collections::HashMap;
use types::dto::accounts::AccountRef;
use types::dto::contracts::{Contract, ContractFilter, ContractPatch, ContractRow, ContractStatus};
use types::dto::list::ListRequest;
use types::dto::records::{ListPage, RecordKind, UserRef};
use types::ids::{AccountId, ContractId};
use types::money::Money;
use types::validate::{self, Checker};

impl Record for Entity {
    crate::record_columns!();

    const KIND: RecordKind = RecordKind::Contract;

    fn text_cols() -> Vec<Column> {
        vec![Column::Title]
    }
    fn title(m: &Model) -> String {
        m.title.clone()
    }
    fn hint(m: &Model) -> String {
        m.end_date.map(|d| d.to_string()).unwrap_or_default()
    }
}

const SORTS: &[Sort<Column>] = &[
    Sort::col("title", Column::Title, ValueKind::Text),
    Sort::col("status", Column::Status, ValueKind::Text),
    Sort::col("value", Column::Value, ValueKind::Int),
    Sort::col("start_date", Column::StartDate, ValueKind::Date),
    Sort::col("end_date", Column::EndDate, ValueKind::Date),
    Sort::col("updated_at", Column::UpdatedAt, ValueKind::Time),
    Sort::owner(),
    Sort::account(Column::AccountId),
];

fn money(m: &Model, scales: &HashMap<String, i16>) -> Money {
    Money {
        minor: m.value,
        currency: m.currency.clone(),
        scale: scales.get(&m.currency).copied().unwrap_or(2),
    }
}

#[async_trait::async_trait]
impl Fields for Entity {
    type Patch = ContractPatch;
    type Detail = Contract;
    type After = ();

    async fn apply<C: ConnectionTrait + Sync>(
        w: &Writer<'_, C>,
        current: Option<&Model>,
        p: ContractPatch,
        row: &mut contracts::ActiveModel,
        c: &mut Checker,
    ) -> CoreResult<()> {
        let creating = current.is_none();
        put(
            &mut row.title,
            required(c, "title", p.title, creating, |s| validate::title(&s)),
        );
        let start = p.start_date.apply(current.and_then(|m| m.start_date));
        let end = p.end_date.clone().apply(current.and_then(|m| m.end_date));
        if let (Some(start), Some(end)) = (start, end)
            && end < start
        {
            c.fail("end_date", "validation-end-before-start");
        }
        row.start_date = Set(start);
        row.end_date = Set(end);
        put(
            &mut row.renewal_reminder_date,
            given(p.renewal_reminder_date),
        );
        put(&mut row.customer_signed_on, given(p.customer_signed_on));
        put(&mut row.company_signed_on, given(p.company_signed_on));
        match (p.status, creating) {
            (Some(status), _) => row.status = Set(status),
            (None, true) => row.status = Set(ContractStatus::NotStarted),
            (None, false) => {}
        }
        put(
            &mut row.description,
            optional(c, "description", p.description, |s| {
                validate::optional_long_text(&s)
            }),
        );
        let account = access::link_change::<entity::accounts::Entity>(
            w.db,
            w.actor,
            c,
            "account",
            p.account.map(|a| a.0),
            current.and_then(|m| m.account_id).map(|a| a.0),
        )
        .await?;
        put(&mut row.account_id, account.map(|a| a.map(AccountId)));
        let money = line_items::owned_money(
            w.db,
            c,
            RecordKind::Contract,
            ("value", "currency"),
            (p.value, p.currency),
            current.map(|m| (m.id.0, m.value, m.currency.as_str())),
        )
        .await?;
        if let Some((minor, code)) = money {
            row.value = Set(minor);
            row.currency = Set(code);
        }
        Ok(())
    }

    /// The fields the History tab compares, from the stored row.
    async fn snapshot<C: ConnectionTrait + Sync>(db: &C, m: &Model) -> CoreResult<Snapshot> {
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

    async fn detail<C: ConnectionTrait + Sync>(
        db: &C,
        actor: &Actor,
        m: Model,
        rel: Relation,
    ) -> CoreResult<Contract> {
        let scales = refs::scales(db).await?;
        let owners = names::users(db, [m.owner_id]).await?;
        let accounts = names::accounts(db, actor, m.account_id).await?;
        Ok(Contract {
            account_hidden: m.account_id.is_some_and(|id| !accounts.contains_key(&id)),
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
}

crate::record_commands!(Entity, ContractId, ContractPatch, Contract);

pub async fn list(
    ctx: &Ctx,
    actor: &Actor,
    q: &ListRequest<ContractFilter>,
) -> CoreResult<ListPage<ContractRow>> {
    let mut select = filters::select::<Entity>(actor, &q.common, Some(Column::Value))?;
    if let Some(status) = q.filter.status {
        select = select.filter(Column::Status.eq(status));
    }
    if let Some(id) = q.filter.account {
        select = select.filter(Column::AccountId.eq(id));
    }
    let (rows, next) = keyset::page(ctx, actor, select, SORTS, &q.page).await?;
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
