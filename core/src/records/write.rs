//! The one write path every kind of record shares. Creating and updating run the same
//! sequence in one transaction: load → permission check → version check → the kind's field
//! checks → owner → save → audit row → domain events. A kind supplies only what is its own
//! through [`Fields`]: its patch type, how a patch is checked and applied, what its history
//! compares and what its page shows. Its plain text fields ([`texts`]) and owner are handled
//! here for every kind.

use super::access::{self, State};
use super::{Record, actions, names, texts};
use crate::audit::{self, Action, Change, Snapshot};
use crate::error::{CoreError, CoreResult};
use crate::events::{self, Event};
use crate::policy::records::{self as policy, Relation};
use crate::{Actor, Ctx};
use sea_orm::{ActiveModelTrait, ConnectionTrait, IntoActiveModel, Value};
use time::OffsetDateTime;
use types::dto::records::RecordKind;
use types::ids::UserId;
use types::patch::Change as _;
use types::validate::Checker;
use uuid::Uuid;

/// What a kind's checks get: where to read, who is acting, and the time of the write.
pub struct Writer<'a, C> {
    pub db: &'a C,
    pub actor: &'a Actor,
    pub at: OffsetDateTime,
}

/// A kind of record's part in the write path.
#[async_trait::async_trait]
pub trait Fields:
    Record<
        Model: IntoActiveModel<Self::ActiveModel> + Sync,
        ActiveModel: From<Self::Model> + Send + Sync,
    >
{
    /// A change to some fields; a create command converts into one.
    type Patch: types::patch::Change + types::patch::Texts + Send + 'static;
    /// What the record page shows.
    type Detail: serde::Serialize + Send + 'static;
    /// What must happen once a new row exists (links to other records), from its patch.
    type After: Send + 'static;

    /// Who may create one for `wanted` (default: themselves, or anyone for managers).
    async fn new_owner<C: ConnectionTrait + Sync>(
        w: &Writer<'_, C>,
        wanted: Option<UserId>,
    ) -> CoreResult<UserId> {
        actions::new_owner(w.db, w.actor, wanted).await
    }

    /// Checks the patch against the stored row (`None`: a new record, which must then hold
    /// every required field) and sets what it changes on `row`, beside the text fields the
    /// write path applies. Field errors go to `c`, so the write path reports all of them at
    /// once before anything is saved.
    async fn apply<C: ConnectionTrait + Sync>(
        w: &Writer<'_, C>,
        current: Option<&Self::Model>,
        patch: Self::Patch,
        row: &mut Self::ActiveModel,
        c: &mut Checker,
    ) -> CoreResult<Self::After>;

    /// Runs once a new row exists.
    async fn after_insert<C: ConnectionTrait + Sync>(
        _w: &Writer<'_, C>,
        _row: &Self::Model,
        _after: Self::After,
    ) -> CoreResult<()> {
        Ok(())
    }

    /// The fields of its own the History tab compares (the text fields and owner are added),
    /// read from the stored row, never from what one viewer may see of it.
    async fn snapshot<C: ConnectionTrait + Sync>(db: &C, m: &Self::Model) -> CoreResult<Snapshot>;

    /// The record as its page shows it to `actor`.
    async fn detail<C: ConnectionTrait + Sync>(
        db: &C,
        actor: &Actor,
        m: Self::Model,
        rel: Relation,
    ) -> CoreResult<Self::Detail>;

    /// Events of the kind's own beside `record.updated` (a deal changing stage).
    fn events(_before: &Self::Model, _after: &Self::Model) -> Vec<Event> {
        Vec::new()
    }

    /// Whether search by meaning indexes the record (a converted lead gives way to its
    /// contact, as in the keyword search).
    fn indexed(_m: &Self::Model) -> bool {
        true
    }

    /// Longer texts kept beside the rows (a task's comments) as (record, text), oldest
    /// first: embedded in chunks after the record's own long fields. One query for all `ids`.
    async fn more_texts<C: ConnectionTrait + Sync>(
        _db: &C,
        _ids: &[Uuid],
    ) -> CoreResult<Vec<(Uuid, String)>> {
        Ok(Vec::new())
    }
}

/// A kind's `create`, `get` and `update`, each one call of the write path, typed by the
/// kind's id, patch and detail; with `list`, its list too ([`super::list`]). A create command or
/// a form's input converts into the patch.
#[macro_export]
macro_rules! record_commands {
    ($entity:ty, $id:ty) => {
        pub async fn create(
            ctx: &$crate::Ctx,
            actor: &$crate::Actor,
            new: impl Into<<$entity as $crate::records::write::Fields>::Patch>,
        ) -> $crate::error::CoreResult<<$entity as $crate::records::write::Fields>::Detail> {
            $crate::records::write::create::<$entity>(ctx, actor, new.into()).await
        }

        pub async fn get(
            ctx: &$crate::Ctx,
            actor: &$crate::Actor,
            id: $id,
        ) -> $crate::error::CoreResult<<$entity as $crate::records::write::Fields>::Detail> {
            $crate::records::write::get::<$entity>(ctx, actor, id.0).await
        }

        /// Fields the patch leaves out stay as they are.
        pub async fn update(
            ctx: &$crate::Ctx,
            actor: &$crate::Actor,
            id: $id,
            patch: impl Into<<$entity as $crate::records::write::Fields>::Patch>,
        ) -> $crate::error::CoreResult<<$entity as $crate::records::write::Fields>::Detail> {
            $crate::records::write::update::<$entity>(ctx, actor, id.0, patch.into(), None).await
        }

        /// [`update`], refused as a conflict if the record changed after `since` (to the
        /// second, as HTTP's `If-Unmodified-Since` counts).
        pub async fn update_unmodified_since(
            ctx: &$crate::Ctx,
            actor: &$crate::Actor,
            id: $id,
            patch: <$entity as $crate::records::write::Fields>::Patch,
            since: Option<time::OffsetDateTime>,
        ) -> $crate::error::CoreResult<<$entity as $crate::records::write::Fields>::Detail> {
            $crate::records::write::update::<$entity>(ctx, actor, id.0, patch, since).await
        }
    };
    ($entity:ty, $id:ty, list) => {
        $crate::record_commands!($entity, $id);

        /// One page of the list, of the records the actor may see.
        pub async fn list(
            ctx: &$crate::Ctx,
            actor: &$crate::Actor,
            q: &types::dto::list::ListRequest<<$entity as $crate::records::list::Listed>::Filter>,
        ) -> $crate::error::CoreResult<
            types::dto::records::ListPage<<$entity as $crate::records::list::Listed>::Row>,
        > {
            $crate::records::list::page::<$entity>(ctx, actor, q).await
        }
    };
}

/// Writes the audit row of a change to a record and its domain event, on the caller's
/// transaction. An update that changed nothing writes neither.
pub async fn recorded(
    txn: &impl ConnectionTrait,
    at: OffsetDateTime,
    actor: &Actor,
    kind: RecordKind,
    id: Uuid,
    action: Action,
    changes: impl IntoIterator<Item = Change>,
) -> CoreResult<()> {
    let changes: Vec<Change> = changes.into_iter().collect();
    let event = match action {
        Action::Create => Event::RecordCreated { kind, id },
        Action::Update if changes.is_empty() => return Ok(()),
        Action::Update => Event::RecordUpdated {
            kind,
            id,
            fields: changes.iter().map(|c| c.field.to_owned()).collect(),
        },
        Action::Delete => Event::RecordDeleted { kind, id },
        Action::Restore => Event::RecordRestored { kind, id },
    };
    audit::record(txn, at, actor, kind.code(), id, action, changes).await?;
    events::emit(txn, at, actor, event).await
}

/// Everything the History tab compares: the title and text fields, the kind's own, the owner.
async fn snapshot<K: Fields, C: ConnectionTrait + Sync>(
    db: &C,
    m: &K::Model,
) -> CoreResult<Snapshot> {
    let mut fields = texts::snapshot::<K, K::Patch>(m)?;
    fields.extend(K::snapshot(db, m).await?);
    if !K::SHARED {
        let owner = names::user(db, K::owner_of(m)).await?;
        fields.push(("owner", audit::text(Some(owner))));
    }
    Ok(fields)
}

/// Two timestamps of one row as equal as the databases keep them (Postgres to the
/// microsecond).
fn same_version(a: OffsetDateTime, b: OffsetDateTime) -> bool {
    a.unix_timestamp_nanos() / 1_000 == b.unix_timestamp_nanos() / 1_000
}

/// Creates a record in its own transaction.
pub async fn create<K: Fields>(ctx: &Ctx, actor: &Actor, patch: K::Patch) -> CoreResult<K::Detail> {
    let txn = ctx.begin().await?;
    let detail = insert::<K, _>(ctx, &txn, actor, patch).await?;
    ctx.commit(txn).await?;
    Ok(detail)
}

/// Creates a record inside the caller's transaction (a lead conversion makes several).
pub async fn insert<K: Fields, C: ConnectionTrait + Sync>(
    ctx: &Ctx,
    txn: &C,
    actor: &Actor,
    mut patch: K::Patch,
) -> CoreResult<K::Detail> {
    let w = Writer {
        db: txn,
        actor,
        at: ctx.now(),
    };
    let owner = K::new_owner(&w, patch.owner()).await?;
    let mut row = <K::ActiveModel as ActiveModelTrait>::default();
    let mut c = Checker::with_errors(patch.take_unreadable());
    texts::apply::<K, _>(&mut patch, &mut row, true, &mut c)?;
    let after = K::apply(&w, None, patch, &mut row, &mut c).await?;
    c.finish()?;
    let id = Uuid::now_v7();
    let stamps: [(K::Column, Value); 6] = [
        (K::id_col(), id.into()),
        (K::owner_col(), owner.0.into()),
        (K::created_by_col(), actor.user_id.0.into()),
        (K::created_col(), w.at.into()),
        (K::updated_col(), w.at.into()),
        (K::deleted_col(), Option::<OffsetDateTime>::None.into()),
    ];
    for (col, value) in stamps {
        row.try_set(col, value)?;
    }
    let model = row.insert(txn).await?;
    K::after_insert(&w, &model, after).await?;
    let changes = audit::between(&[], &snapshot::<K, _>(txn, &model).await?);
    recorded(txn, w.at, actor, K::KIND, id, Action::Create, changes).await?;
    K::detail(txn, actor, model, Relation::to_new(actor, owner)).await
}

/// Applies a patch to a record the actor may edit. Either version check refuses a stale
/// change as a conflict: the patch's `updated_at` (exact), or `unmodified_since` (an HTTP
/// `If-Unmodified-Since`, to the second).
pub async fn update<K: Fields>(
    ctx: &Ctx,
    actor: &Actor,
    id: Uuid,
    mut patch: K::Patch,
    unmodified_since: Option<OffsetDateTime>,
) -> CoreResult<K::Detail> {
    let txn = ctx.begin().await?;
    let w = Writer {
        db: &txn,
        actor,
        at: ctx.now(),
    };
    let (model, rel) = access::load::<K>(&txn, actor, id, State::Live).await?;
    policy::can_edit(actor, rel)?;
    let current = K::updated_at(&model);
    let stale = patch
        .based_on()
        .is_some_and(|seen| !same_version(seen, current))
        || unmodified_since.is_some_and(|since| current.unix_timestamp() > since.unix_timestamp());
    if stale {
        return Err(CoreError::Conflict("error-stale"));
    }
    let owner = actions::next_owner(&txn, actor, rel, K::owner_of(&model), patch.owner()).await?;
    let before = snapshot::<K, _>(&txn, &model).await?;
    let mut row: K::ActiveModel = model.clone().into();
    let mut c = Checker::with_errors(patch.take_unreadable());
    texts::apply::<K, _>(&mut patch, &mut row, false, &mut c)?;
    K::apply(&w, Some(&model), patch, &mut row, &mut c).await?;
    c.finish()?;
    row.try_set(K::owner_col(), owner.0.into())?;
    row.try_set(K::updated_col(), w.at.into())?;
    let updated = row.update(&txn).await?;
    let changes = audit::between(&before, &snapshot::<K, _>(&txn, &updated).await?);
    recorded(&txn, w.at, actor, K::KIND, id, Action::Update, changes).await?;
    for event in K::events(&model, &updated) {
        events::emit(&txn, w.at, actor, event).await?;
    }
    let detail = K::detail(&txn, actor, updated, rel).await?;
    ctx.commit(txn).await?;
    Ok(detail)
}

/// The record as its page shows it to the actor.
pub async fn get<K: Fields>(ctx: &Ctx, actor: &Actor, id: Uuid) -> CoreResult<K::Detail> {
    let (model, rel) = access::load::<K>(&ctx.db, actor, id, State::Live).await?;
    K::detail(&ctx.db, actor, model, rel).await
}

/// A record of any kind as `actor` sees it, as JSON (for a webhook's payload); `None` when
/// they may not see it or it is in the trash.
pub async fn detail_json(
    ctx: &Ctx,
    actor: &Actor,
    kind: RecordKind,
    id: Uuid,
) -> CoreResult<Option<serde_json::Value>> {
    let found = crate::with_record!(kind, E => get::<E>(ctx, actor, id).await.and_then(|d| {
        serde_json::to_value(d).map_err(|e| CoreError::Internal(e.to_string()))
    }));
    match found {
        Ok(detail) => Ok(Some(detail)),
        Err(CoreError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}
