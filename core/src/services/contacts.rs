//! Contacts: the people the team talks to. Lists, detail, create and update live here;
//! delete, restore, reassign, watchers and history are the shared `records::actions`.

use crate::Actor;
use crate::audit::{self, Snapshot};
use crate::error::CoreResult;
use crate::policy::records::Relation;
use crate::records::access;
use crate::records::checks::{given, optional, put};
use crate::records::keyset::{Sort, ValueKind};
use crate::records::list::Listed;
use crate::records::view::{self, Extra};
use crate::records::write::{Fields, Writer};
use crate::records::{Record, linked, names, refs};
use entity::contacts::{self, Column, Entity, Model};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, QueryFilter, QueryTrait, Select};
use types::dto::contacts::{Contact, ContactFilter, ContactPatch, ContactRow, full_name};
use types::dto::lookups::LookupKind;
use types::dto::records::RecordKind;
use types::ids::{AccountId, ContactId};
use types::validate::{self, Checker};

impl Record for Entity {
    crate::record_columns!();

    const KIND: RecordKind = RecordKind::Contact;
    const SORTS: &'static [Sort<Column>] = &[
        Sort::col("name", Column::LastName, ValueKind::Text),
        Sort::account(Column::AccountId),
        Sort::lookup("contact_type", Column::ContactTypeId),
    ];

    const TEXT_COLS: &'static [Column] = &[
        Column::LastName,
        Column::FirstName,
        Column::Email,
        Column::Phone,
        Column::Mobile,
    ];
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

fn split_tags(tags: Option<&str>) -> Vec<String> {
    tags.map(|t| t.split(", ").map(str::to_owned).collect())
        .unwrap_or_default()
}

#[async_trait::async_trait]
impl Fields for Entity {
    type Patch = ContactPatch;
    type Detail = Contact;
    type After = ();

    async fn apply<C: ConnectionTrait + Sync>(
        w: &Writer<'_, C>,
        current: Option<&Model>,
        p: ContactPatch,
        row: &mut contacts::ActiveModel,
        c: &mut Checker,
    ) -> CoreResult<()> {
        put(&mut row.birthday, given(p.birthday));
        put(
            &mut row.tags,
            optional(c, "tags", p.tags, |tags| {
                let tags = validate::tags(&tags.join(","))?;
                Ok((!tags.is_empty()).then(|| tags.join(", ")))
            }),
        );
        let contact_type = ("contact_type", LookupKind::ContactType);
        let now = current.and_then(|m| m.contact_type_id);
        put(
            &mut row.contact_type_id,
            refs::lookup_change(w.db, c, contact_type, p.contact_type, now).await?,
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
        Ok(())
    }

    /// The fields the History tab compares, from the stored row.
    async fn snapshot<C: ConnectionTrait + Sync>(db: &C, m: &Model) -> CoreResult<Snapshot> {
        Ok(vec![
            ("birthday", audit::date(m.birthday)),
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
        ])
    }

    async fn detail<C: ConnectionTrait + Sync>(
        db: &C,
        actor: &Actor,
        m: Model,
        rel: Relation,
    ) -> CoreResult<Contact> {
        let types = names::lookups(db, m.contact_type_id).await?;
        let accounts = names::accounts(db, actor, m.account_id).await?;
        let extra = Extra::new()
            .with(
                "account_hidden",
                m.account_id.is_some_and(|id| !accounts.contains_key(&id)),
            )
            .with("account", names::account_ref(&accounts, m.account_id))
            .with("contact_type", names::lookup_ref(&types, m.contact_type_id))
            .with(
                "from_leads",
                linked::converted_from(db, actor, RecordKind::Contact, m.id.0).await?,
            )
            .with("tags", split_tags(m.tags.as_deref()));
        view::detail::<Entity, _>(db, actor, &m, rel, extra).await
    }
}

crate::record_commands!(Entity, ContactId, list);

#[async_trait::async_trait]
impl Listed for Entity {
    type Filter = ContactFilter;
    type Row = ContactRow;

    fn filter(select: Select<Entity>, f: &ContactFilter) -> Select<Entity> {
        select
            .apply_if(f.contact_type, |q, id| {
                q.filter(Column::ContactTypeId.eq(id))
            })
            .apply_if(f.account, |q, id| q.filter(Column::AccountId.eq(id)))
    }

    async fn extras(
        db: &DatabaseConnection,
        actor: &Actor,
        rows: &[Model],
    ) -> CoreResult<Vec<Extra>> {
        let types = names::lookups(db, rows.iter().filter_map(|m| m.contact_type_id)).await?;
        let accounts = names::accounts(db, actor, rows.iter().filter_map(|m| m.account_id)).await?;
        let extra = |m: &Model| {
            Extra::new()
                .with("name", full_name(m.first_name.as_deref(), &m.last_name))
                .with("account", names::account_ref(&accounts, m.account_id))
                .with(
                    "contact_type",
                    m.contact_type_id.map(|id| names::of(&types, &id)),
                )
                .with("tags", split_tags(m.tags.as_deref()))
        };
        Ok(rows.iter().map(extra).collect())
    }
}
