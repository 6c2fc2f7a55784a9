//! Leads: people who might buy. Lists, detail, create and update live here; delete, restore,
//! reassign, watchers and history are the shared `records::actions`. Conversion into an
//! account, contact and deal fills `converted_*`.

use crate::Actor;
use crate::audit::{self, Snapshot};
use crate::error::CoreResult;
use crate::policy::records::Relation;
use crate::records::checks::put;
use crate::records::keyset::{Sort, ValueKind};
use crate::records::list::Listed;
use crate::records::view::{self, Extra};
use crate::records::write::{Fields, Writer};
use crate::records::{Record, linked, names, refs};
use entity::leads::{self, Column, Entity, Model};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, QueryFilter, QueryTrait, Select, Set,
};
use types::dto::contacts::full_name;
use types::dto::leads::{Lead, LeadFilter, LeadPatch, LeadRow};
use types::dto::lookups::LookupKind;
use types::dto::records::RecordKind;
use types::ids::{LeadId, LookupId};
use types::validate::Checker;

impl Record for Entity {
    crate::record_columns!();

    const KIND: RecordKind = RecordKind::Lead;
    const SORTS: &'static [Sort<Column>] = &[
        Sort::col("name", Column::LastName, ValueKind::Text),
        Sort::lookup("status", Column::StatusId),
        Sort::lookup("source", Column::SourceId),
    ];

    const TEXT_COLS: &'static [Column] = &[
        Column::LastName,
        Column::FirstName,
        Column::Company,
        Column::Email,
        Column::Phone,
    ];
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

    /// A converted lead gives way to its contact.
    fn indexed(m: &Model) -> bool {
        m.converted_at.is_none()
    }

    /// The fields the History tab compares, from the stored row.
    async fn snapshot<C: ConnectionTrait + Sync>(db: &C, m: &Model) -> CoreResult<Snapshot> {
        Ok(vec![
            ("source", audit::text(names::lookup(db, m.source_id).await?)),
            ("status", audit::text(names::lookup(db, m.status_id).await?)),
            (
                "lead_type",
                audit::text(names::lookup(db, m.type_id).await?),
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
        let became = [
            m.converted_account_id.map(|id| (RecordKind::Account, id.0)),
            m.converted_contact_id.map(|id| (RecordKind::Contact, id.0)),
            m.converted_opportunity_id
                .map(|id| (RecordKind::Opportunity, id.0)),
        ];
        let titles = linked::titles(db, actor, became.iter().flatten().copied()).await?;
        let converted_to: Vec<_> = became
            .iter()
            .flatten()
            .filter_map(|(_, id)| titles.get(id).cloned())
            .collect();
        let extra = Extra::new()
            .with("source", names::lookup_ref(&lookups, m.source_id))
            .with("status", names::lookup_ref(&lookups, m.status_id))
            .with("lead_type", names::lookup_ref(&lookups, m.type_id))
            .with("converted_to", converted_to);
        view::detail::<Entity, _>(db, actor, &m, rel, extra).await
    }
}

crate::record_commands!(Entity, LeadId, list);

#[async_trait::async_trait]
impl Listed for Entity {
    type Filter = LeadFilter;
    type Row = LeadRow;

    fn filter(select: Select<Entity>, f: &LeadFilter) -> Select<Entity> {
        select.apply_if(f.status, |q, id| q.filter(Column::StatusId.eq(id)))
    }

    async fn extras(
        db: &DatabaseConnection,
        _actor: &Actor,
        rows: &[Model],
    ) -> CoreResult<Vec<Extra>> {
        let ids: Vec<LookupId> = rows
            .iter()
            .flat_map(|m| [m.source_id, m.status_id])
            .flatten()
            .collect();
        let lookups = names::lookups(db, ids).await?;
        let extra = |m: &Model| {
            Extra::new()
                .with("name", full_name(m.first_name.as_deref(), &m.last_name))
                .with("source", m.source_id.map(|id| names::of(&lookups, &id)))
                .with("status", m.status_id.map(|id| names::of(&lookups, &id)))
                .with("converted", m.converted_at.is_some())
        };
        Ok(rows.iter().map(extra).collect())
    }
}
