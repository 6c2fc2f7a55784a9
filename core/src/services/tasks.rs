//! Tasks: to-dos assigned to someone, optionally about one record, with comments. Whoever
//! assigns a task to a colleague keeps watching it. Delete, restore, reassign, watchers and
//! history are the shared `records::actions`.

use crate::audit::{self, Action, Change, Snapshot};
use crate::error::CoreResult;
use crate::policy::records::{self as policy, Relation};
use crate::records::access::{self, State};
use crate::records::checks::{given, put};
use crate::records::list::Listed;
use crate::records::view::{self, Extra};
use crate::records::write::{Fields, Writer, recorded};
use crate::records::{Record, actions, linked, names};
use crate::{Actor, Ctx};
use entity::tasks::{self, Column, Entity, Model};
use entity::{task_comments, watchers};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Select, Set,
};
use types::dto::records::RecordKind;
use types::dto::tasks::{Comment, Task, TaskFilter, TaskPatch, TaskPriority, TaskRow, TaskStatus};
use types::ids::{CommentId, TaskId, UserId};
use types::validate::{self, Checker};
use uuid::Uuid;

impl Record for Entity {
    crate::record_columns!();

    const KIND: RecordKind = RecordKind::Task;

    const TEXT_COLS: &'static [Column] = &[Column::Title];
    fn title(m: &Model) -> String {
        m.title.clone()
    }
    fn hint(m: &Model) -> String {
        m.due_date.map(|d| d.to_string()).unwrap_or_default()
    }
}

async fn comments(db: &impl ConnectionTrait, id: TaskId) -> CoreResult<Vec<Comment>> {
    let rows = task_comments::Entity::find()
        .filter(task_comments::Column::TaskId.eq(id))
        .order_by_asc(task_comments::Column::CreatedAt)
        .all(db)
        .await?;
    let authors = names::users(db, rows.iter().map(|r| r.author_id)).await?;
    Ok(rows
        .into_iter()
        .map(|r| Comment {
            id: r.id,
            author: authors.get(&r.author_id).cloned(),
            body: r.body,
            created_at: r.created_at,
        })
        .collect())
}

#[async_trait::async_trait]
impl Fields for Entity {
    type Patch = TaskPatch;
    type Detail = Task;
    type After = ();

    /// A task may be assigned to any active colleague; whoever assigns it keeps watching it
    /// (`after_insert`).
    async fn new_owner<C: ConnectionTrait + Sync>(
        w: &Writer<'_, C>,
        wanted: Option<UserId>,
    ) -> CoreResult<UserId> {
        match wanted {
            Some(id) if id != w.actor.user_id => {
                Ok(actions::active_user(w.db, "owner", id).await?.id)
            }
            _ => Ok(w.actor.user_id),
        }
    }

    async fn apply<C: ConnectionTrait + Sync>(
        w: &Writer<'_, C>,
        current: Option<&Model>,
        p: TaskPatch,
        row: &mut tasks::ActiveModel,
        c: &mut Checker,
    ) -> CoreResult<()> {
        let creating = current.is_none();
        put(&mut row.due_date, given(p.due_date));
        let default = |v: Option<TaskPriority>| v.or(creating.then_some(TaskPriority::Medium));
        put(&mut row.priority, default(p.priority));
        let status = p.status.or(creating.then_some(TaskStatus::Open));
        if let Some(status) = status {
            // Completion time: set when the task becomes done, cleared when it is reopened.
            let done_at = match (status, current) {
                (TaskStatus::Done, Some(m)) if m.status == TaskStatus::Done => m.done_at,
                (TaskStatus::Done, _) => Some(w.at),
                _ => None,
            };
            row.status = Set(status);
            row.done_at = Set(done_at);
        }
        match (p.linked, current) {
            (Some(link), None) => {
                linked::check(w.db, w.actor, link).await?;
                row.linked_kind = Set(Some(link.kind.code().to_owned()));
                row.linked_id = Set(Some(link.id));
            }
            (None, None) => {
                row.linked_kind = Set(None);
                row.linked_id = Set(None);
            }
            (Some(_), Some(_)) => c.fail("linked", "validation-create-only"),
            (None, Some(_)) => {}
        }
        Ok(())
    }

    async fn after_insert<C: ConnectionTrait + Sync>(
        w: &Writer<'_, C>,
        task: &Model,
        _after: (),
    ) -> CoreResult<()> {
        if task.owner_id != w.actor.user_id {
            watchers::ActiveModel {
                entity: Set(RecordKind::Task.code().to_owned()),
                record_id: Set(task.id.0),
                user_id: Set(w.actor.user_id),
                created_at: Set(w.at),
            }
            .insert(w.db)
            .await?;
        }
        Ok(())
    }

    /// The fields the History tab compares, from the stored row.
    async fn snapshot<C: ConnectionTrait + Sync>(db: &C, m: &Model) -> CoreResult<Snapshot> {
        let linked = m.linked_kind.as_deref().and_then(RecordKind::from_code);
        let linked = match linked {
            Some(kind) => names::link(db, kind, m.linked_id).await?,
            None => None,
        };
        Ok(vec![
            (
                "priority",
                audit::label("task-priority", Some(m.priority.code())),
            ),
            ("due_date", audit::date(m.due_date)),
            ("status", audit::label("task-status", Some(m.status.code()))),
            ("linked", linked),
        ])
    }

    async fn detail<C: ConnectionTrait + Sync>(
        db: &C,
        actor: &Actor,
        m: Model,
        rel: Relation,
    ) -> CoreResult<Task> {
        let linked = match (
            m.linked_kind.as_deref().and_then(RecordKind::from_code),
            m.linked_id,
        ) {
            (Some(kind), Some(id)) => linked::title(db, actor, kind, id).await?,
            _ => None,
        };
        let extra = Extra::new()
            .with("linked", linked)
            .with("comments", comments(db, m.id).await?);
        view::detail::<Entity, _>(db, actor, &m, rel, extra).await
    }

    /// A task's comments are part of what it says, for search by meaning.
    async fn more_texts<C: ConnectionTrait + Sync>(
        db: &C,
        ids: &[Uuid],
    ) -> CoreResult<Vec<(Uuid, String)>> {
        Ok(task_comments::Entity::find()
            .select_only()
            .columns([task_comments::Column::TaskId, task_comments::Column::Body])
            .filter(task_comments::Column::TaskId.is_in(ids.iter().copied()))
            .order_by_asc(task_comments::Column::CreatedAt)
            .into_tuple()
            .all(db)
            .await?)
    }
}

crate::record_commands!(Entity, TaskId, list);

#[async_trait::async_trait]
impl Listed for Entity {
    type Filter = TaskFilter;
    type Row = TaskRow;

    fn filter(select: Select<Entity>, f: &TaskFilter) -> Select<Entity> {
        select
            .apply_if(f.status, |q, status| q.filter(Column::Status.eq(status)))
            .apply_if(f.about, |q, link| {
                q.filter(Column::LinkedKind.eq(link.kind.code()))
                    .filter(Column::LinkedId.eq(link.id))
            })
    }

    async fn extras(
        db: &DatabaseConnection,
        actor: &Actor,
        rows: &[Model],
    ) -> CoreResult<Vec<Extra>> {
        let about = rows.iter().filter_map(|m| {
            let kind = m.linked_kind.as_deref().and_then(RecordKind::from_code)?;
            Some((kind, m.linked_id?))
        });
        let links = linked::titles(db, actor, about).await?;
        let extra =
            |m: &Model| Extra::new().with("linked", m.linked_id.and_then(|id| links.get(&id)));
        Ok(rows.iter().map(extra).collect())
    }
}

/// A task's comments, oldest first, for whoever sees the task.
pub async fn comments_of(ctx: &Ctx, actor: &Actor, id: TaskId) -> CoreResult<Vec<Comment>> {
    access::load::<Entity>(&ctx.db, actor, id.0, State::Live).await?;
    comments(&ctx.db, id).await
}

/// Adds a comment; whoever may edit the task may comment on it.
pub async fn comment(ctx: &Ctx, actor: &Actor, id: TaskId, body: &str) -> CoreResult<Comment> {
    let mut c = Checker::new();
    let body = c
        .check("body", validate::optional_long_text(body))
        .flatten();
    if body.is_none() {
        c.fail("body", "validation-required");
    }
    c.finish()?;
    let body = body.unwrap_or_default();
    let txn = ctx.begin().await?;
    let (_, rel) = access::load::<Entity>(&txn, actor, id.0, State::Live).await?;
    policy::can_edit(actor, rel)?;
    let row = task_comments::ActiveModel {
        id: Set(CommentId::new()),
        task_id: Set(id),
        author_id: Set(actor.user_id),
        body: Set(body.clone()),
        created_at: Set(ctx.now()),
    }
    .insert(&txn)
    .await?;
    let change = Change::added("comments", audit::text(Some(body)));
    let kind = RecordKind::Task;
    recorded(&txn, ctx.now(), actor, kind, id.0, Action::Update, [change]).await?;
    ctx.commit(txn).await?;
    let authors = names::users(&ctx.db, [row.author_id]).await?;
    Ok(Comment {
        id: row.id,
        author: authors.get(&row.author_id).cloned(),
        body: row.body,
        created_at: row.created_at,
    })
}
