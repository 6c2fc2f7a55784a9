//! Accounts: the companies the team sells to. Lists, detail, create and update live here;
//! delete, restore, reassign, watchers and history are the shared `records::actions`.

use crate::audit::{self, Snapshot};
use crate::error::CoreResult;
use crate::policy::records::{self as policy, Relation};
use crate::records::checks::{given, optional, put, required};
use crate::records::keyset::{self, Sort, ValueKind};
use crate::records::write::{Fields, Writer};
use crate::records::{Record, actions, filters, names, refs};
use crate::{Actor, Ctx};
use entity::accounts::{self, Column, Entity, Model};
use sea_orm::sea_query::SimpleExpr;
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, Set};
use types::dto::accounts::{
    Account, AccountFilter, AccountPatch, AccountRow, AccountStatus, EMPLOYEES_MAX,
};
use types::dto::list::ListRequest;
use types::dto::lookups::LookupKind;
use types::dto::records::{ListPage, LookupRef, RecordKind, UserRef};
use types::ids::AccountId;
use types::patch::Patch;
use types::validate::{self, Checker};

impl Record for Entity {
    crate::record_columns!();

    const KIND: RecordKind = RecordKind::Account;

    fn text_cols() -> Vec<Column> {
        vec![Column::Name, Column::Email, Column::Website, Column::Phone]
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
    Sort::col("name", Column::Name, ValueKind::Text),
    Sort::col("status", Column::Status, ValueKind::Text),
    Sort::col("annual_revenue", Column::AnnualRevenue, ValueKind::Int),
    Sort::col("updated_at", Column::UpdatedAt, ValueKind::Time),
    Sort::col("created_at", Column::CreatedAt, ValueKind::Time),
    Sort::col("website", Column::Website, ValueKind::Text),
    Sort::col("email", Column::Email, ValueKind::Text),
    Sort::col("phone", Column::Phone, ValueKind::Text),
    Sort::col("account_type", Column::AccountType, ValueKind::Text),
    Sort::owner(),
    Sort::linked("industry", industry_name, ValueKind::Text),
];

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
        let text = |s: String| validate::optional_text(&s);
        let long = |s: String| validate::optional_long_text(&s);
        put(
            &mut row.name,
            required(c, "name", p.name, creating, |s| validate::title(&s)),
        );
        put(
            &mut row.website,
            optional(c, "website", p.website, |s| validate::optional_url(&s)),
        );
        put(
            &mut row.email,
            optional(c, "email", p.email, |s| validate::optional_email(&s)),
        );
        put(
            &mut row.phone,
            optional(c, "phone", p.phone, |s| validate::optional_phone(&s)),
        );
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
        put(&mut row.vat_id, optional(c, "vat_id", p.vat_id, text));
        put(
            &mut row.billing_address,
            optional(c, "billing_address", p.billing_address, long),
        );
        put(
            &mut row.shipping_address,
            optional(c, "shipping_address", p.shipping_address, long),
        );
        put(
            &mut row.description,
            optional(c, "description", p.description, long),
        );
        if let Patch::Set(id) = p.industry {
            let current = current.and_then(|m| m.industry_id);
            if !refs::lookup_ok(w.db, LookupKind::Industry, id, current).await? {
                c.fail("industry", "validation-invalid");
            }
        }
        put(&mut row.industry_id, given(p.industry));
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
            from_leads: crate::records::linked::converted_from(
                db,
                actor,
                RecordKind::Account,
                m.id.0,
            )
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
    async fn snapshot<C: ConnectionTrait + Sync>(db: &C, m: &Model) -> CoreResult<Snapshot> {
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
}

crate::record_commands!(Entity, AccountId, AccountPatch, Account);

pub async fn list(
    ctx: &Ctx,
    actor: &Actor,
    q: &ListRequest<AccountFilter>,
) -> CoreResult<ListPage<AccountRow>> {
    let mut select = filters::select::<Entity>(actor, &q.common, Some(Column::AnnualRevenue))?;
    if let Some(status) = q.filter.status {
        select = select.filter(Column::Status.eq(status));
    }
    let (rows, next) = keyset::page(ctx, actor, select, SORTS, &q.page).await?;
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
