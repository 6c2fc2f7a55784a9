//! Accounts: the companies the team sells to. Lists, detail, create and update live here;
//! delete, restore, reassign, watchers and history are the shared `records::actions`.

use crate::Actor;
use crate::audit::{self, Snapshot};
use crate::error::CoreResult;
use crate::policy::records::Relation;
use crate::records::checks::{given, optional, put};
use crate::records::keyset::Sort;
use crate::records::list::Listed;
use crate::records::view::{self, Extra};
use crate::records::write::{Fields, Writer};
use crate::records::{Record, linked, names, refs};
use entity::accounts::{self, Column, Entity, Model};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, QueryFilter, QueryTrait, Select, Set,
};
use types::dto::accounts::{
    Account, AccountFilter, AccountPatch, AccountRow, AccountStatus, EMPLOYEES_MAX,
};
use types::dto::lookups::LookupKind;
use types::dto::records::RecordKind;
use types::ids::AccountId;
use types::validate::{self, Checker};

impl Record for Entity {
    crate::record_columns!();

    const KIND: RecordKind = RecordKind::Account;
    const SORTS: &'static [Sort<Column>] = &[Sort::lookup("industry", Column::IndustryId)];

    const TEXT_COLS: &'static [Column] =
        &[Column::Name, Column::Email, Column::Website, Column::Phone];
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

#[async_trait::async_trait]
impl Fields for Entity {
    type Patch = AccountPatch;
    type Detail = Account;
    type After = ();

    async fn apply<C: ConnectionTrait + Sync>(
        w: &Writer<'_, C>,
        current: Option<&Model>,
        p: AccountPatch,
        row: &mut accounts::ActiveModel,
        c: &mut Checker,
    ) -> CoreResult<()> {
        let creating = current.is_none();
        put(&mut row.account_type, given(p.account_type));
        match (p.status, creating) {
            (Some(status), _) => row.status = Set(status),
            (None, true) => row.status = Set(AccountStatus::Active),
            (None, false) => {}
        }
        put(
            &mut row.employees,
            optional(c, "employees", p.employees, |n| {
                validate::count(n, EMPLOYEES_MAX).map(Some)
            }),
        );
        let industry = ("industry", LookupKind::Industry);
        let now = current.and_then(|m| m.industry_id);
        put(
            &mut row.industry_id,
            refs::lookup_change(w.db, c, industry, p.industry, now).await?,
        );
        let revenue = refs::optional_money(
            w.db,
            c,
            ("annual_revenue", "currency"),
            (p.annual_revenue, p.currency),
            (
                current.and_then(|m| m.annual_revenue),
                current.and_then(|m| m.currency.as_deref()),
            ),
        )
        .await?;
        if let Some((minor, code)) = revenue {
            row.annual_revenue = Set(minor);
            row.currency = Set(code);
        }
        Ok(())
    }

    async fn detail<C: ConnectionTrait + Sync>(
        db: &C,
        actor: &Actor,
        m: Model,
        rel: Relation,
    ) -> CoreResult<Account> {
        let industries = names::lookups(db, m.industry_id).await?;
        let scales = refs::scales(db).await?;
        let extra = Extra::new()
            .with("industry", names::lookup_ref(&industries, m.industry_id))
            .with(
                "annual_revenue",
                refs::money(m.annual_revenue, m.currency.as_ref(), &scales),
            )
            .with(
                "from_leads",
                linked::converted_from(db, actor, RecordKind::Account, m.id.0).await?,
            );
        view::detail::<Entity, _>(db, actor, &m, rel, extra).await
    }

    /// The fields the History tab compares, from the stored row.
    async fn snapshot<C: ConnectionTrait + Sync>(db: &C, m: &Model) -> CoreResult<Snapshot> {
        let scales = refs::scales(db).await?;
        Ok(vec![
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
        ])
    }
}

crate::record_commands!(Entity, AccountId, list);

#[async_trait::async_trait]
impl Listed for Entity {
    type Filter = AccountFilter;
    type Row = AccountRow;
    const AMOUNT: Option<Column> = Some(Column::AnnualRevenue);

    fn filter(select: Select<Entity>, f: &AccountFilter) -> Select<Entity> {
        select.apply_if(f.status, |q, status| q.filter(Column::Status.eq(status)))
    }

    async fn extras(
        db: &DatabaseConnection,
        _actor: &Actor,
        rows: &[Model],
    ) -> CoreResult<Vec<Extra>> {
        let industries = names::lookups(db, rows.iter().filter_map(|m| m.industry_id)).await?;
        let scales = refs::scales(db).await?;
        let extra = |m: &Model| {
            Extra::new()
                .with(
                    "industry",
                    m.industry_id.map(|id| names::of(&industries, &id)),
                )
                .with(
                    "annual_revenue",
                    refs::money(m.annual_revenue, m.currency.as_ref(), &scales),
                )
        };
        Ok(rows.iter().map(extra).collect())
    }
}
