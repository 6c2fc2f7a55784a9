//! Contacts: the people the team talks to. Lists, detail, create and update live here;
//! delete, restore, reassign, watchers and history are the shared `records::actions`.

use crate::audit::{self, Snapshot};
use crate::error::CoreResult;
use crate::policy::records::{self as policy, Relation};
use crate::records::access;
use crate::records::checks::{given, optional, put, required};
use crate::records::keyset::{self, Sort, ValueKind};
use crate::records::write::{Fields, Writer};
use crate::records::{Record, actions, filters, names, refs};
use crate::{Actor, Ctx};
use entity::contacts::{self, Column, Entity, Model};
use sea_orm::sea_query::SimpleExpr;
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter};
use types::dto::accounts::AccountRef;
use types::dto::contacts::{Contact, ContactFilter, ContactPatch, ContactRow, full_name};
use types::dto::list::ListRequest;
use types::dto::lookups::LookupKind;
use types::dto::records::{ListPage, LookupRef, RecordKind, UserRef};
use types::ids::{AccountId, ContactId};
use types::patch::Patch;
use types::validate::{self, Checker};

impl Record for Entity {
    crate::record_columns!();

    const KIND: RecordKind = RecordKind::Contact;

    fn text_cols() -> Vec<Column> {
        vec![
            Column::LastName,
            Column::FirstName,
            Column::Email,
            Column::Phone,
            Column::Mobile,
        ]
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
    Sort::col("name", Column::LastName, ValueKind::Text),
    Sort::col("email", Column::Email, ValueKind::Text),
    Sort::col("phone", Column::Phone, ValueKind::Text),
    Sort::col("position", Column::Position, ValueKind::Text),
    Sort::col("updated_at", Column::UpdatedAt, ValueKind::Time),
    Sort::col("created_at", Column::CreatedAt, ValueKind::Time),
    Sort::owner(),
    Sort::account(Column::AccountId),
    Sort::linked("contact_type", contact_type_name, ValueKind::Text),
];

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
        let creating = current.is_none();
        let text = |s: String| validate::optional_text(&s);
        let email = |s: String| validate::optional_email(&s);
        let phone = |s: String| validate::optional_phone(&s);
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
        put(&mut row.email, optional(c, "email", p.email, email));
        put(&mut row.email2, optional(c, "email2", p.email2, email));
        put(&mut row.phone, optional(c, "phone", p.phone, phone));
        put(&mut row.mobile, optional(c, "mobile", p.mobile, phone));
        put(&mut row.position, optional(c, "position", p.position, text));
        put(&mut row.birthday, given(p.birthday));
        put(
            &mut row.linkedin,
            optional(c, "linkedin", p.linkedin, |s| validate::optional_url(&s)),
        );
        put(&mut row.twitter, optional(c, "twitter", p.twitter, text));
        put(
            &mut row.tags,
            optional(c, "tags", p.tags, |tags| {
                let tags = validate::tags(&tags.join(","))?;
                Ok((!tags.is_empty()).then(|| tags.join(", ")))
            }),
        );
        if let Patch::Set(id) = p.contact_type {
            let current = current.and_then(|m| m.contact_type_id);
            if !refs::lookup_ok(w.db, LookupKind::ContactType, id, current).await? {
                c.fail("contact_type", "validation-invalid");
            }
        }
        put(&mut row.contact_type_id, given(p.contact_type));
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

    async fn detail<C: ConnectionTrait + Sync>(
        db: &C,
        actor: &Actor,
        m: Model,
        rel: Relation,
    ) -> CoreResult<Contact> {
        let types = names::lookups(db, m.contact_type_id).await?;
        let owners = names::users(db, [m.owner_id]).await?;
        let accounts = names::accounts(db, actor, m.account_id).await?;
        let watchers = actions::watchers_of(db, RecordKind::Contact, m.id.0).await?;
        Ok(Contact {
            account_hidden: m.account_id.is_some_and(|id| !accounts.contains_key(&id)),
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
            from_leads: crate::records::linked::converted_from(
                db,
                actor,
                RecordKind::Contact,
                m.id.0,
            )
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
}

crate::record_commands!(Entity, ContactId, ContactPatch, Contact);

pub async fn list(
    ctx: &Ctx,
    actor: &Actor,
    q: &ListRequest<ContactFilter>,
) -> CoreResult<ListPage<ContactRow>> {
    let mut select = filters::select::<Entity>(actor, &q.common, None)?;
    if let Some(id) = q.filter.contact_type {
        select = select.filter(Column::ContactTypeId.eq(id));
    }
    if let Some(id) = q.filter.account {
        select = select.filter(Column::AccountId.eq(id));
    }
    let (rows, next) = keyset::page(ctx, actor, select, SORTS, &q.page).await?;
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
