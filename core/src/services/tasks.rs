//! Tasks: to-dos assigned to someone, optionally about one record, with comments. Whoever
//! assigns a task to a colleague keeps watching it. Delete, restore, reassign, watchers and
//! history are the shared `records::actions`.

use super::{begin, now};
use crate::audit::{self, Action, Change, Snapshot};
use crate::error::CoreResult;
use crate::policy::records::{self as policy, Relation};
use crate::records::access::{self, State};
use crate::records::keyset::{self, By, Sort, ValueKind};
use crate::records::{Record, actions, filters, linked, names};
use crate::{Actor, Ctx};
use entity::tasks::{self, Column, Entity, Model};
use entity::{task_comments, watchers};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use time::{Date, OffsetDateTime};
use types::dto::records::{ListPage, ListQuery, RecordKind, UserRef};
use types::dto::tasks::{Comment, Task, TaskInput, TaskPriority, TaskRow, TaskStatus};
use types::ids::{CommentId, TaskId, UserId};
use types::validate::{self, Checker};
use uuid::Uuid;

impl Record for Entity {
    const KIND: RecordKind = RecordKind::Task;

    fn id_col() -> Column {
        Column::Id
    }
    fn owner_col() -> Column {
        Column::OwnerId
    }
    fn deleted_col() -> Column {
        Column::DeletedAt
    }
    fn updated_col() -> Column {
        Column::UpdatedAt
    }
    fn text_cols() -> Vec<Column> {
        vec![Column::Title]
    }
    fn id_of(m: &Model) -> Uuid {
        m.id.0
    }
    fn owner_of(m: &Model) -> UserId {
        m.owner_id
    }
    fn deleted_at(m: &Model) -> Option<OffsetDateTime> {
        m.deleted_at
    }
    fn title(m: &Model) -> String {
        m.title.clone()
    }
    fn hint(m: &Model) -> String {
        m.due_date.map(|d| d.to_string()).unwrap_or_default()
    }
}

const SORTS: &[Sort<Column>] = &[
    Sort {
        key: "due_date",
        by: By::Col(Column::DueDate),
        kind: ValueKind::Date,
    },
    Sort {
        key: "title",
        by: By::Col(Column::Title),
        kind: ValueKind::Text,
    },
    Sort {
        key: "status",
        by: By::Col(Column::Status),
        kind: ValueKind::Text,
    },
    Sort {
        key: "priority",
        by: By::Col(Column::Priority),
        kind: ValueKind::Text,
    },
    Sort {
        key: "updated_at",
        by: By::Col(Column::UpdatedAt),
        kind: ValueKind::Time,
    },
    Sort {
        key: "created_at",
        by: By::Col(Column::CreatedAt),
        kind: ValueKind::Time,
    },
    Sort {
        key: "owner",
        by: By::Owner,
        kind: ValueKind::Text,
    },
];

struct Fields {
    title: String,
    body: Option<String>,
    priority: TaskPriority,
    due_date: Option<Date>,
    status: TaskStatus,
    owner: Option<UserId>,
}

fn check(input: &TaskInput) -> CoreResult<Fields> {
    let mut c = Checker::new();
    let title = c.check("title", validate::title(&input.title));
    let body = c.check("body", validate::optional_long_text(&input.body));
    let priority = c.check(
        "priority",
        validate::optional_code(&input.priority, TaskPriority::from_code),
    );
    let due_date = c.check("due_date", validate::optional_date(&input.due_date));
    let status = c.check(
        "status",
        validate::optional_code(&input.status, TaskStatus::from_code),
    );
    let owner = c.check("owner", validate::optional_id(&input.owner));
    c.finish()?;
    Ok(Fields {
        title: title.unwrap_or_default(),
        body: body.flatten(),
        priority: priority.flatten().unwrap_or(TaskPriority::Medium),
        due_date: due_date.flatten(),
        status: status.flatten().unwrap_or(TaskStatus::Open),
        owner: owner.flatten(),
    })
}

fn fill(a: &mut tasks::ActiveModel, f: &Fields, was: Option<&Model>) {
    a.title = Set(f.title.clone());
    a.body = Set(f.body.clone());
    a.priority = Set(f.priority);
    a.due_date = Set(f.due_date);
    a.status = Set(f.status);
    // Completion time: set when the task becomes done, cleared when it is reopened.
    let done_at = match (f.status, was) {
        (TaskStatus::Done, Some(m)) if m.status == TaskStatus::Done => m.done_at,
        (TaskStatus::Done, _) => Some(now()),
        _ => None,
    };
    a.done_at = Set(done_at);
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

async fn detail(
    db: &impl ConnectionTrait,
    actor: &Actor,
    m: Model,
    rel: Relation,
) -> CoreResult<Task> {
    let owners = names::users(db, [m.owner_id]).await?;
    let linked = match (
        m.linked_kind.as_deref().and_then(RecordKind::from_code),
        m.linked_id,
    ) {
        (Some(kind), Some(id)) => linked::title(db, actor, kind, id).await?,
        _ => None,
    };
    Ok(Task {
        id: m.id,
        owner: UserRef {
            id: m.owner_id,
            name: names::of(&owners, &m.owner_id),
        },
        linked,
        comments: comments(db, m.id).await?,
        watchers: actions::watchers_of(db, RecordKind::Task, m.id.0).await?,
        can_delete: policy::can_delete(actor, rel).is_ok(),
        title: m.title,
        body: m.body,
        priority: m.priority,
        due_date: m.due_date,
        status: m.status,
        done_at: m.done_at,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// The fields the History tab compares, from the stored row.
async fn snapshot(db: &impl ConnectionTrait, m: &Model) -> CoreResult<Snapshot> {
    let linked = m.linked_kind.as_deref().and_then(RecordKind::from_code);
    let linked = match linked {
        Some(kind) => names::link(db, kind, m.linked_id).await?,
        None => None,
    };
    Ok(vec![
        ("title", audit::text(Some(&m.title))),
        ("body", audit::text(m.body.clone())),
        (
            "priority",
            audit::label("task-priority", Some(m.priority.code())),
        ),
        ("due_date", audit::date(m.due_date)),
        ("status", audit::label("task-status", Some(m.status.code()))),
        (
            "owner",
            audit::text(Some(names::user(db, m.owner_id).await?)),
        ),
        ("linked", linked),
    ])
}

pub async fn create(ctx: &Ctx, actor: &Actor, input: TaskInput) -> CoreResult<Task> {
    let f = check(&input)?;
    let txn = begin(ctx).await?;
    let link = linked::parse_and_check(&txn, actor, &input.linked).await?;
    let owner = match f.owner {
        Some(id) if id != actor.user_id => actions::active_user(&txn, "owner", id).await?.id,
        _ => actor.user_id,
    };
    let at = now();
    let mut row = tasks::ActiveModel {
        id: Set(TaskId::new()),
        linked_kind: Set(link.map(|(k, _)| k.code().to_owned())),
        linked_id: Set(link.map(|(_, id)| id)),
        owner_id: Set(owner),
        created_by: Set(actor.user_id),
        created_at: Set(at),
        updated_at: Set(at),
        deleted_at: Set(None),
        ..Default::default()
    };
    fill(&mut row, &f, None);
    let model = row.insert(&txn).await?;
    let rel = if owner == actor.user_id {
        Relation::Owner
    } else {
        // Assigning a task to a colleague keeps the assigner watching it.
        watchers::ActiveModel {
            entity: Set(RecordKind::Task.code().to_owned()),
            record_id: Set(model.id.0),
            user_id: Set(actor.user_id),
            created_at: Set(at),
        }
        .insert(&txn)
        .await?;
        Relation::Watcher
    };
    let created = snapshot(&txn, &model).await?;
    let task = detail(&txn, actor, model, rel).await?;
    let changes = audit::between(&[], &created);
    audit::record(&txn, now(), actor, "task", task.id, Action::Create, changes).await?;
    txn.commit().await?;
    Ok(task)
}

pub async fn get(ctx: &Ctx, actor: &Actor, id: TaskId) -> CoreResult<Task> {
    let (model, rel) = access::load::<Entity>(&ctx.db, actor, id.0, State::Live).await?;
    detail(&ctx.db, actor, model, rel).await
}

pub async fn update(ctx: &Ctx, actor: &Actor, id: TaskId, input: TaskInput) -> CoreResult<Task> {
    let f = check(&input)?;
    let txn = begin(ctx).await?;
    let (model, rel) = access::load::<Entity>(&txn, actor, id.0, State::Live).await?;
    policy::can_edit(actor, rel)?;
    let owner = actions::next_owner(&txn, actor, rel, model.owner_id, f.owner).await?;
    let before = snapshot(&txn, &model).await?;
    let mut row: tasks::ActiveModel = model.clone().into();
    fill(&mut row, &f, Some(&model));
    row.owner_id = Set(owner);
    row.updated_at = Set(now());
    let updated = row.update(&txn).await?;
    let changes = audit::between(&before, &snapshot(&txn, &updated).await?);
    let task = detail(&txn, actor, updated, rel).await?;
    audit::record(&txn, now(), actor, "task", id, Action::Update, changes).await?;
    txn.commit().await?;
    Ok(task)
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
    let txn = begin(ctx).await?;
    let (_, rel) = access::load::<Entity>(&txn, actor, id.0, State::Live).await?;
    policy::can_edit(actor, rel)?;
    let row = task_comments::ActiveModel {
        id: Set(CommentId::new()),
        task_id: Set(id),
        author_id: Set(actor.user_id),
        body: Set(body.clone()),
        created_at: Set(now()),
    }
    .insert(&txn)
    .await?;
    let change = Change::added("comments", audit::text(Some(body)));
    audit::record(&txn, now(), actor, "task", id, Action::Update, [change]).await?;
    txn.commit().await?;
    let authors = names::users(&ctx.db, [row.author_id]).await?;
    Ok(Comment {
        id: row.id,
        author: authors.get(&row.author_id).cloned(),
        body: row.body,
        created_at: row.created_at,
    })
}

pub async fn list(ctx: &Ctx, actor: &Actor, q: &ListQuery) -> CoreResult<ListPage<TaskRow>> {
    let f = filters::parse(actor, q)?;
    let mut select = Entity::find().filter(access::visible::<Entity>(actor));
    select = filters::apply(select, &f, Column::CreatedAt, None)?;
    let mut c = Checker::new();
    let status = c.check(
        "status",
        validate::optional_code(&q.status, TaskStatus::from_code),
    );
    let parent = c.check("parent", linked::parse(&q.parent));
    c.finish()?;
    if let Some(status) = status.flatten() {
        select = select.filter(Column::Status.eq(status));
    }
    if let Some((kind, id)) = parent.flatten() {
        select = select
            .filter(Column::LinkedKind.eq(kind.code()))
            .filter(Column::LinkedId.eq(id));
    }
    let (rows, next) = keyset::page(ctx, actor, select, SORTS, q).await?;
    let owners = names::users(&ctx.db, rows.iter().map(|m| m.owner_id)).await?;
    let links = linked::titles(
        &ctx.db,
        actor,
        rows.iter().filter_map(|m| {
            let kind = m.linked_kind.as_deref().and_then(RecordKind::from_code)?;
            Some((kind, m.linked_id?))
        }),
    )
    .await?;
    let items = rows
        .into_iter()
        .map(|m| TaskRow {
            id: m.id,
            owner: names::of(&owners, &m.owner_id),
            linked: m.linked_id.and_then(|id| links.get(&id).cloned()),
            title: m.title,
            priority: m.priority,
            due_date: m.due_date,
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
        let offered = types::dto::tasks::SORTABLE;
        crate::records::keyset::assert_offered(super::SORTS, offered);
    }
}
