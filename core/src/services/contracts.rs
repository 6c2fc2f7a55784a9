//! Contracts: what an account signed. Lists, detail, create and update live here; line items
//! are `services::line_items`; delete, restore, reassign, watchers and history are the shared
//! `records::actions`.

use super::line_items;
use crate::Actor;
use crate::audit::{self, Snapshot};
use crate::error::CoreResult;
use crate::policy::records::Relation;
use crate::records::access;
use crate::records::checks::{given, put};
use crate::records::keyset::Sort;
use crate::records::list::Listed;
use crate::records::view::{self, Extra};
use crate::records::write::{Fields, Writer};
use crate::records::{Record, names, refs};
use entity::contracts::{self, Column, Entity, Model};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, QueryFilter, QueryTrait, Select, Set,
};
use types::dto::contracts::{Contract, ContractFilter, ContractPatch, ContractRow, ContractStatus};
use types::dto::records::RecordKind;
use types::ids::{AccountId, ContractId};
use types::validate::Checker;

impl Record for Entity {
    crate::record_columns!();

    const KIND: RecordKind = RecordKind::Contract;
    const SORTS: &'static [Sort<Column>] = &[Sort::account(Column::AccountId)];

    const TEXT_COLS: &'static [Column] = &[Column::Title];
    fn title(m: &Model) -> String {
        m.title.clone()
    }
    fn hint(m: &Model) -> String {
        m.end_date.map(|d| d.to_string()).unwrap_or_default()
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
        ])
    }

    async fn detail<C: ConnectionTrait + Sync>(
        db: &C,
        actor: &Actor,
        m: Model,
        rel: Relation,
    ) -> CoreResult<Contract> {
        let scales = refs::scales(db).await?;
        let accounts = names::accounts(db, actor, m.account_id).await?;
        let extra = Extra::new()
            .with(
                "account_hidden",
                m.account_id.is_some_and(|id| !accounts.contains_key(&id)),
            )
            .with("account", names::account_ref(&accounts, m.account_id))
            .with("value", refs::amount(m.value, &m.currency, &scales))
            .with(
                "has_lines",
                line_items::any(db, RecordKind::Contract, m.id.0).await?,
            );
        view::detail::<Entity, _>(db, actor, &m, rel, extra).await
    }
}

crate::record_commands!(Entity, ContractId, list);

#[async_trait::async_trait]
impl Listed for Entity {
    type Filter = ContractFilter;
    type Row = ContractRow;
    const AMOUNT: Option<Column> = Some(Column::Value);

    fn filter(select: Select<Entity>, f: &ContractFilter) -> Select<Entity> {
        select
            .apply_if(f.status, |q, status| q.filter(Column::Status.eq(status)))
            .apply_if(f.account, |q, id| q.filter(Column::AccountId.eq(id)))
    }

    async fn extras(
        db: &DatabaseConnection,
        actor: &Actor,
        rows: &[Model],
    ) -> CoreResult<Vec<Extra>> {
        let accounts = names::accounts(db, actor, rows.iter().filter_map(|m| m.account_id)).await?;
        let scales = refs::scales(db).await?;
        let extra = |m: &Model| {
            Extra::new()
                .with("account", names::account_ref(&accounts, m.account_id))
                .with("value", refs::amount(m.value, &m.currency, &scales))
        };
        Ok(rows.iter().map(extra).collect())
    }
}
