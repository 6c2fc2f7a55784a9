//! Leads: people who might buy. Lists, detail, create and update live here; delete, restore,
//! reassign, watchers and history are the shared `records::actions`. Conversion into an
//! account, contact and deal fills `converted_*`.

use crate::audit::{self, Snapshot};
use crate::error::CoreResult;
use crate::policy::records::{self as policy, Relation};
use crate::records::checks::{optional, put, required};
use crate::records::keyset::{self, Sort, ValueKind};
use crate::records::write::{Fields, Writer};
use crate::records::{Record, actions, filters, linked, names, refs};
use crate::{Actor, Ctx};
use entity::leads::{self, Column, Entity, Model};
use sea_orm::sea_query::SimpleExpr;
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, Set};
use types::dto::contacts::full_name;
use types::dto::leads::{Lead, LeadFilter, LeadPatch, LeadRow};
use types::dto::list::ListRequest;
use types::dto::lookups::LookupKind;
use types::dto::records::{ListPage, LookupRef, RecordKind, UserRef};
use types::ids::{LeadId, LookupId};
use types::validate::{self, Checker};

impl Record for Entity {
    crate::record_columns!();

    const KIND: RecordKind = RecordKind::Lead;

    fn text_cols() -> Vec<Column> {
        vec![
            Column::LastName,
            Column::FirstName,
            Column::Company,
            Column::Email,
            Column::Phone,
        ]
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
    Sort::col("name", Column::LastName, ValueKind::Text),
    Sort::col("company", Column::Company, ValueKind::Text),
    Sort::col("email", Column::Email, ValueKind::Text),
    Sort::col("phone", Column::Phone, ValueKind::Text),
    Sort::col("updated_at", Column::UpdatedAt, ValueKind::Time),
    Sort::col("created_at", Column::CreatedAt, ValueKind::Time),
    Sort::owner(),
    Sort::linked("status", status_name, ValueKind::Text),
    Sort::linked("source", source_name, ValueKind::Text),
];

#[async_trait::async_trait]
impl Fields for Entity {
    type Patch = LeadPatch;
    type Detail = Lead;
    type After = ();

    async fn apply<C: ConnectionTrait + Sync>(
        w: &Writer<'_, C>,
        current: Option<&Model>,
        p: LeadPatch,
        row: &mut leads::ActiveModel,
        c: &mut Checker,
    ) -> CoreResult<()> {
        let creating = current.is_none();
        let text = |s: String| validate::optional_text(&s);
        put(
            &mut row.first_name,
            optional(c, "first_name", p.first_name, text),
        );
        put(
            &mut row.last_name,
            required(c, "last_name", p.last_name, creating, |s| {
                validate::title(&s)
            }),
        );
        put(&mut row.company, optional(c, "company", p.company, text));
        put(
            &mut row.job_title,
            optional(c, "job_title", p.job_title, text),
        );
        put(
            &mut row.email,
            optional(c, "email", p.email, |s| validate::optional_email(&s)),
        );
        put(
            &mut row.phone,
            optional(c, "phone", p.phone, |s| validate::optional_phone(&s)),
        );
        put(
            &mut row.description,
            optional(c, "description", p.description, |s| {
                validate::optional_long_text(&s)
            }),
        );
        let lookup = |m: Option<&Model>, f: fn(&Model) -> Option<LookupId>| m.and_then(f);
        let source = ("source", LookupKind::LeadSource);
        put(
            &mut row.source_id,
            refs::lookup_change(w.db, c, source, p.source, lookup(current, |m| m.source_id))
                .await?,
        );
        let status = ("status", LookupKind::LeadStatus);
        put(
            &mut row.status_id,
            refs::lookup_change(w.db, c, status, p.status, lookup(current, |m| m.status_id))
                .await?,
        );
        let lead_type = ("lead_type", LookupKind::LeadType);
        put(
            &mut row.type_id,
            refs::lookup_change(
                w.db,
                c,
                lead_type,
                p.lead_type,
                lookup(current, |m| m.type_id),
            )
            .await?,
        );
        if creating {
            row.converted_at = Set(None);
            row.converted_account_id = Set(None);
            row.converted_contact_id = Set(None);
            row.converted_opportunity_id = Set(None);
        }
        Ok(())
    }

    /// The fields the History tab compares, from the stored row.
    async fn snapshot<C: ConnectionTrait + Sync>(db: &C, m: &Model) -> CoreResult<Snapshot> {
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

    async fn detail<C: ConnectionTrait + Sync>(
        db: &C,
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
}

crate::record_commands!(Entity, LeadId, LeadPatch, Lead);

pub async fn list(
    ctx: &Ctx,
    actor: &Actor,
    q: &ListRequest<LeadFilter>,
) -> CoreResult<ListPage<LeadRow>> {
    let mut select = filters::select::<Entity>(actor, &q.common, None)?;
    if let Some(id) = q.filter.status {
        select = select.filter(Column::StatusId.eq(id));
    }
    let (rows, next) = keyset::page(ctx, actor, select, SORTS, &q.page).await?;
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
