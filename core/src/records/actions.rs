//! Actions that work the same on every kind of record: delete and restore (one or many),
//! reassign, watchers, history, the trash and search-as-you-type pickers.

use super::access::{self, State};
use super::filters::words_in;
use super::keyset::{self, Sort, ValueKind};
use super::write::recorded;
use super::{Record, linked, names};
use crate::audit::{self, Action, Change};
use crate::error::{CoreError, CoreResult};
use crate::policy::records as policy;
use crate::{Actor, Ctx, with_record};
use entity::{audit_log, users, watchers};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, ModelTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use types::dto::list::Page;
use types::dto::records::{
    FieldChange, HistoryEntry, HistoryValue, ListPage, PickOption, RecordKind, TrashItem, UserRef,
};
use types::error::FieldError;
use types::ids::UserId;
use uuid::Uuid;

/// The most rows one bulk action touches: one page of a list.
pub const BULK_MAX: usize = keyset::PAGE_SIZE as usize;

fn check_bulk(ids: &[Uuid]) -> CoreResult<()> {
    if ids.is_empty() || ids.len() > BULK_MAX {
        return Err(CoreError::Validation(vec![FieldError::new(
            "ids",
            "validation-selection",
        )]));
    }
    Ok(())
}

/// Moves records to the trash. Only owners, managers and admins may.
pub async fn delete(ctx: &Ctx, actor: &Actor, kind: RecordKind, ids: &[Uuid]) -> CoreResult<()> {
    check_bulk(ids)?;
    with_record!(kind, E => set_deleted::<E>(ctx, actor, ids, true).await)
}

/// Brings a record back from the trash.
pub async fn restore(ctx: &Ctx, actor: &Actor, kind: RecordKind, id: Uuid) -> CoreResult<()> {
    with_record!(kind, E => set_deleted::<E>(ctx, actor, &[id], false).await)
}

async fn set_deleted<E: Record>(
    ctx: &Ctx,
    actor: &Actor,
    ids: &[Uuid],
    delete: bool,
) -> CoreResult<()> {
    let txn = ctx.begin().await?;
    let state = if delete { State::Live } else { State::Trashed };
    for (_, rel) in access::load_many::<E>(&txn, actor, ids, state).await? {
        if delete {
            policy::can_delete(actor, rel)?;
        } else {
            policy::can_restore(actor, rel)?;
        }
    }
    let at = ctx.now();
    E::update_many()
        .col_expr(E::deleted_col(), Expr::value(delete.then_some(at)))
        .col_expr(E::updated_col(), Expr::value(at))
        .filter(E::id_col().is_in(ids.iter().copied()))
        .exec(&txn)
        .await?;
    let action = if delete {
        Action::Delete
    } else {
        Action::Restore
    };
    for id in ids {
        recorded(&txn, at, actor, E::KIND, *id, action, []).await?;
    }
    ctx.commit(txn).await
}

/// An active user, or a field error on `field`.
pub async fn active_user(
    db: &impl ConnectionTrait,
    field: &str,
    id: UserId,
) -> CoreResult<users::Model> {
    users::Entity::find_by_id(id)
        .filter(users::Column::IsActive.eq(true))
        .one(db)
        .await?
        .ok_or_else(|| CoreError::Validation(vec![FieldError::new(field, "validation-user")]))
}

/// The owner of a new record: the creator unless they name someone. A `user` may only
/// create records they own; they can hand them over afterwards.
pub async fn new_owner(
    db: &impl ConnectionTrait,
    actor: &Actor,
    wanted: Option<UserId>,
) -> CoreResult<UserId> {
    match wanted {
        None => Ok(actor.user_id),
        Some(id) if id == actor.user_id => Ok(id),
        Some(id) => {
            if !policy::sees_all(actor) {
                return Err(CoreError::Forbidden);
            }
            Ok(active_user(db, "owner", id).await?.id)
        }
    }
}

/// The owner after an edit: unchanged, or `wanted` when it differs and the actor may hand the
/// record over (owners, managers and admins) to an active user.
pub async fn next_owner(
    db: &impl ConnectionTrait,
    actor: &Actor,
    rel: policy::Relation,
    current: UserId,
    wanted: Option<UserId>,
) -> CoreResult<UserId> {
    match wanted {
        Some(owner) if owner != current => {
            policy::can_reassign(actor, rel)?;
            Ok(active_user(db, "owner", owner).await?.id)
        }
        _ => Ok(current),
    }
}

/// Hands records to another owner. Only owners, managers and admins may.
pub async fn reassign(
    ctx: &Ctx,
    actor: &Actor,
    kind: RecordKind,
    ids: &[Uuid],
    owner: UserId,
) -> CoreResult<()> {
    check_bulk(ids)?;
    with_record!(kind, E => reassign_of::<E>(ctx, actor, ids, owner).await)
}

async fn reassign_of<E: Record>(
    ctx: &Ctx,
    actor: &Actor,
    ids: &[Uuid],
    owner: UserId,
) -> CoreResult<()> {
    let txn = ctx.begin().await?;
    let rows = access::load_many::<E>(&txn, actor, ids, State::Live).await?;
    for (_, rel) in &rows {
        policy::can_reassign(actor, *rel)?;
    }
    let new_owner = active_user(&txn, "owner", owner).await?;
    let old = names::users(&txn, rows.iter().map(|(m, _)| E::owner_of(m))).await?;
    let at = ctx.now();
    E::update_many()
        .col_expr(E::owner_col(), Expr::value(owner.0))
        .col_expr(E::updated_col(), Expr::value(at))
        .filter(E::id_col().is_in(ids.iter().copied()))
        .exec(&txn)
        .await?;
    for (m, _) in &rows {
        let old_name = names::of(&old, &E::owner_of(m));
        let change = audit::diff("owner", &old_name, &new_owner.name);
        recorded(
            &txn,
            at,
            actor,
            E::KIND,
            E::id_of(m),
            Action::Update,
            change,
        )
        .await?;
    }
    ctx.commit(txn).await
}

/// The users watching a record, by name.
pub async fn watchers_of(
    db: &impl ConnectionTrait,
    kind: RecordKind,
    id: Uuid,
) -> CoreResult<Vec<UserRef>> {
    let ids: Vec<UserId> = watchers::Entity::find()
        .select_only()
        .column(watchers::Column::UserId)
        .filter(watchers::Column::Entity.eq(kind.code()))
        .filter(watchers::Column::RecordId.eq(id))
        .into_tuple()
        .all(db)
        .await?;
    let names = names::users(db, ids.iter().copied()).await?;
    let mut out: Vec<UserRef> = ids
        .into_iter()
        .map(|id| UserRef {
            id,
            name: names::of(&names, &id),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Adds or removes a watcher. Watching gives a user sight of the record, so sharing it with
/// someone else is for those who could hand the record over (owners, managers, admins); a
/// watcher may stop watching, and anyone who may edit a record may watch it themselves.
pub async fn set_watcher(
    ctx: &Ctx,
    actor: &Actor,
    kind: RecordKind,
    id: Uuid,
    user: UserId,
    watching: bool,
) -> CoreResult<()> {
    let txn = ctx.begin().await?;
    let rel = with_record!(kind, E => access::load::<E>(&txn, actor, id, State::Live).await?.1);
    if user == actor.user_id {
        policy::can_edit(actor, rel)?;
    } else {
        policy::can_share(actor, rel)?;
    }
    let target = active_user(&txn, "user", user).await?;
    let existing = watchers::Entity::find_by_id((kind.code().to_owned(), id, user))
        .one(&txn)
        .await?;
    let name = audit::text(Some(target.name));
    let change = match (existing, watching) {
        (None, true) => {
            watchers::ActiveModel {
                entity: Set(kind.code().to_owned()),
                record_id: Set(id),
                user_id: Set(user),
                created_at: Set(ctx.now()),
            }
            .insert(&txn)
            .await?;
            Some(Change::added("watchers", name))
        }
        (Some(row), false) => {
            row.delete(&txn).await?;
            Some(Change::removed("watchers", name))
        }
        _ => None,
    };
    recorded(&txn, ctx.now(), actor, kind, id, Action::Update, change).await?;
    ctx.commit(txn).await
}

/// How many history entries a record page shows.
const HISTORY_MAX: u64 = 200;

/// Fields whose values name other records. Entries written before values were typed hold
/// those names as plain text, with nothing to check them against: only managers and admins,
/// who see every record, read them.
const LINK_FIELDS: [&str; 6] = [
    "account",
    "contact",
    "contacts",
    "linked",
    "links",
    "converted",
];

/// Who changed which field of a record, from what to what, newest first. The history shows
/// what the record page shows: a linked record the viewer may not see is `Hidden`, and one
/// they see carries its current name.
pub async fn history(
    ctx: &Ctx,
    actor: &Actor,
    kind: RecordKind,
    id: Uuid,
) -> CoreResult<Vec<HistoryEntry>> {
    with_record!(kind, E => access::load::<E>(&ctx.db, actor, id, State::Live).await.map(drop))?;
    let rows = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq(kind.code()))
        .filter(audit_log::Column::EntityId.eq(id.to_string()))
        .order_by_desc(audit_log::Column::CreatedAt)
        .order_by_desc(audit_log::Column::Id)
        .limit(HISTORY_MAX)
        .all(&ctx.db)
        .await?;
    let actors = names::users(&ctx.db, rows.iter().filter_map(|r| r.actor_id)).await?;
    let mut entries = Vec::with_capacity(rows.len());
    for r in rows {
        let stored: Vec<audit::StoredChange> = serde_json::from_str(&r.changes)
            .map_err(|e| CoreError::Internal(format!("audit row {}: {e}", r.id)))?;
        let changes = stored
            .into_iter()
            .map(|c| FieldChange {
                old: c.old.map(HistoryValue::from),
                new: c.new.map(HistoryValue::from),
                field: c.field,
            })
            .collect();
        entries.push(HistoryEntry {
            at: r.created_at,
            actor: r.actor_id.and_then(|a| actors.get(&a).cloned()),
            action: r.action,
            changes,
        });
    }
    let links = entries
        .iter()
        .flat_map(|e| &e.changes)
        .flat_map(|c| [&c.old, &c.new])
        .filter_map(|v| match v {
            Some(HistoryValue::Link { kind, id, .. }) => Some((*kind, *id)),
            _ => None,
        });
    let visible = linked::titles(&ctx.db, actor, links).await?;
    let sees_all = policy::sees_all(actor);
    for change in entries.iter_mut().flat_map(|e| &mut e.changes) {
        let legacy_link = LINK_FIELDS.contains(&change.field.as_str()) && !sees_all;
        for value in [&mut change.old, &mut change.new].into_iter().flatten() {
            match value {
                HistoryValue::Link { id, title, .. } => match visible.get(id) {
                    Some(r) => title.clone_from(&r.title),
                    None => *value = HistoryValue::Hidden,
                },
                HistoryValue::Text { .. } if legacy_link => *value = HistoryValue::Hidden,
                _ => {}
            }
        }
    }
    Ok(entries)
}

/// The actor's deleted records of one kind, most recently deleted first.
pub async fn trash(
    ctx: &Ctx,
    actor: &Actor,
    kind: RecordKind,
    after: &str,
) -> CoreResult<ListPage<TrashItem>> {
    with_record!(kind, E => trash_of::<E>(ctx, actor, after).await)
}

async fn trash_of<E: Record>(
    ctx: &Ctx,
    actor: &Actor,
    after: &str,
) -> CoreResult<ListPage<TrashItem>> {
    let sort = Sort::col("deleted_at", E::deleted_col(), ValueKind::Time);
    let page = Page {
        sort: None,
        desc: true,
        after: (!after.is_empty()).then(|| after.to_owned()),
        limit: None,
    };
    let select = E::find().filter(access::restorable::<E>(actor));
    let (rows, next) = keyset::page_by(ctx, actor, select, &sort, &page).await?;
    let items = rows
        .iter()
        .map(|m| TrashItem {
            kind: E::KIND,
            id: E::id_of(m),
            title: E::title(m),
            deleted_at: E::deleted_at(m).unwrap_or_else(|| ctx.now()),
        })
        .collect();
    Ok(ListPage { items, next })
}

/// How many choices a picker offers at once; typing narrows them.
pub const PICK_MAX: u64 = 10;

/// Records of `kind` the actor may see whose names contain `text`, for a relation picker.
pub async fn pick(
    ctx: &Ctx,
    actor: &Actor,
    kind: RecordKind,
    text: &str,
) -> CoreResult<Vec<PickOption>> {
    with_record!(kind, E => pick_of::<E>(ctx, actor, text).await)
}

/// What was typed into a picker or a search box, or a field error on `q` (too long, control
/// characters).
pub(crate) fn picker_text(text: &str) -> CoreResult<String> {
    types::validate::query(text)
        .map(|t| t.to_lowercase())
        .map_err(|key| CoreError::Validation(vec![FieldError::new("q", key)]))
}

async fn pick_of<E: Record>(ctx: &Ctx, actor: &Actor, text: &str) -> CoreResult<Vec<PickOption>> {
    let cols = E::TEXT_COLS;
    let first = cols.first().copied();
    let mut select = E::find().filter(access::visible::<E>(actor));
    let text = picker_text(text)?;
    if !text.is_empty() {
        select = select.filter(words_in(cols, &text));
    }
    if let Some(col) = first {
        select = select.order_by_asc(col);
    }
    let rows = select
        .order_by_asc(E::id_col())
        .limit(PICK_MAX)
        .all(&ctx.db)
        .await?;
    Ok(rows
        .iter()
        .map(|m| PickOption {
            id: E::id_of(m).to_string(),
            label: E::title(m),
            hint: E::hint(m),
        })
        .collect())
}

/// Active users whose name (or, for managers and admins, email) contains `text`, for owner
/// and watcher pickers. Everyone may hand a record to a colleague, so every rep sees their
/// colleagues' names; addresses are for those who run the team.
pub async fn pick_users(ctx: &Ctx, actor: &Actor, text: &str) -> CoreResult<Vec<PickOption>> {
    let mut select = users::Entity::find().filter(users::Column::IsActive.eq(true));
    let text = picker_text(text)?;
    let sees_emails = policy::sees_all(actor);
    if !text.is_empty() {
        let cols = if sees_emails {
            vec![users::Column::Name, users::Column::Email]
        } else {
            vec![users::Column::Name]
        };
        select = select.filter(words_in(&cols, &text));
    }
    let rows = select
        .order_by_asc(users::Column::Name)
        .limit(PICK_MAX)
        .all(&ctx.db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|u| PickOption {
            id: u.id.to_string(),
            label: u.name,
            hint: if sees_emails { u.email } else { String::new() },
        })
        .collect())
}
