//! The parts of a record that live under it: the line items of a deal or contract, the
//! comments of a task, and the records an activity is linked to. Each is reached through its
//! record, whose rights it shares: who may see the record sees them, who may edit it changes
//! them. A part belongs to its record, so deleting one is final (the record's history keeps
//! it) and there is nothing to restore.

use super::auth::Caller;
use super::body::Json as Body;
use super::error::ApiError;
use super::openapi::{Api, Op, Verb};
use super::records::{self, All, Contracts, Opportunities, Resource, path_id};
use crate::state::AppState;
use axum::{
    Extension, Json,
    extract::{Path, State},
    http::StatusCode,
    response::Response,
};
use core_svc::services::{activities, line_items, tasks};
use serde::Deserialize;
use types::dto::opportunities::{LineItem, LineItems, LinePatch, NewLineItem};
use types::dto::records::{Link, RecordKind};
use types::dto::tasks::{Comment, RecordRef};
use types::ids::LineItemId;
use utoipa::ToSchema;
use uuid::Uuid;

pub fn routes(api: Api) -> Api {
    let api = lines::<Opportunities>(api);
    let api = lines::<Contracts>(api);
    let task = |op: Op| op.path_id("id", "The task's id");
    let activity = |op: Op| op.path_id("id", "The activity's id");
    api.add(
        Verb::Get,
        "/tasks/{id}/comments",
        comments,
        task(Op::new(
            "list_task_comments",
            "tasks",
            "List a task's comments",
        ))
        .returns_all::<Comment>(),
    )
    .add(
        Verb::Post,
        "/tasks/{id}/comments",
        comment,
        task(Op::new("comment_task", "tasks", "Comment on a task"))
            .describe("Whoever may edit the task may comment on it.")
            .body::<NewComment>()
            .returns::<Comment>(StatusCode::CREATED, "The comment"),
    )
    .add(
        Verb::Get,
        "/activities/{id}/links",
        links,
        activity(Op::new(
            "list_activity_links",
            "activities",
            "List the records an activity concerns",
        ))
        .describe("Only the records the key's user may see.")
        .returns_all::<RecordRef>(),
    )
    .add(
        Verb::Post,
        "/activities/{id}/links",
        link,
        activity(Op::new(
            "link_activity",
            "activities",
            "Link an activity to a record",
        ))
        .body::<Link>()
        .no_content("Linked (or already was)"),
    )
    .add(
        Verb::Delete,
        "/activities/{id}/links/{kind}/{record}",
        unlink,
        activity(Op::new("unlink_activity", "activities", "Unlink a record"))
            .path_word(
                "kind",
                "The record's kind",
                &RecordKind::ALL.map(|k| k.code()),
            )
            .path_id("record", "The record's id")
            .no_content("Unlinked (or never was)"),
    )
}

/// The line item routes of a kind with lines.
fn lines<R: Resource>(api: Api) -> Api {
    let base = format!("{}/{{id}}/line-items", R::KIND.list_path());
    let item = format!("{base}/{{line}}");
    let one = R::KIND.code();
    let op = |verb: &str, summary: String| {
        Op::new(format!("{verb}_{one}_line"), "line items", summary)
            .path_id("id", &format!("The {one}'s id"))
    };
    let line = |op: Op| op.path_id("line", "The line's id");
    api.add(
        Verb::Get,
        &base,
        list_lines::<R>,
        op("list", format!("List a {one}'s lines with their totals"))
            .returns::<LineItems>(StatusCode::OK, "The lines and totals"),
    )
    .add(
        Verb::Post,
        &base,
        add_line::<R>,
        op("add", format!("Add a line to a {one}"))
            .describe(
                "What the line leaves out comes from its product: the description, the price \
                 and the tax rate. The record's amount becomes the total of its lines.",
            )
            .body::<NewLineItem>()
            .returns::<LineItem>(StatusCode::CREATED, "The line"),
    )
    .add(
        Verb::Get,
        &item,
        get_line::<R>,
        line(op("get", format!("Get a line of a {one}")))
            .returns::<LineItem>(StatusCode::OK, "The line"),
    )
    .add(
        Verb::Patch,
        &item,
        update_line::<R>,
        line(op("update", format!("Change a line of a {one}")))
            .describe("A field left out stays as it is; `discount: null` removes the discount.")
            .body::<LinePatch>()
            .returns::<LineItem>(StatusCode::OK, "The changed line"),
    )
    .add(
        Verb::Delete,
        &item,
        remove_line::<R>,
        line(op("remove", format!("Remove a line from a {one}"))).no_content("Removed"),
    )
}

async fn list_lines<R: Resource>(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
) -> Result<Json<LineItems>, ApiError> {
    let id = R::uuid(path_id(&raw)?);
    Ok(Json(
        line_items::of_parent(&state.ctx, &caller.actor, R::KIND, id).await?,
    ))
}

async fn add_line<R: Resource>(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
    Body(new): Body<NewLineItem>,
) -> Result<Response, ApiError> {
    let id = R::uuid(path_id(&raw)?);
    let line = line_items::add(&state.ctx, &caller.actor, R::KIND, id, new).await?;
    let path = format!("{}/line-items/{}", R::KIND.path(id), line.id);
    Ok(records::created(&path, line))
}

/// The record's and the line's ids from the path.
fn ids<R: Resource>((record, line): &(String, String)) -> Result<(Uuid, LineItemId), ApiError> {
    Ok((R::uuid(path_id(record)?), path_id(line)?))
}

async fn get_line<R: Resource>(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<(String, String)>,
) -> Result<Json<LineItem>, ApiError> {
    let (id, line) = ids::<R>(&raw)?;
    Ok(Json(
        line_items::get(&state.ctx, &caller.actor, R::KIND, id, line).await?,
    ))
}

async fn update_line<R: Resource>(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<(String, String)>,
    Body(patch): Body<LinePatch>,
) -> Result<Json<LineItem>, ApiError> {
    let (id, line) = ids::<R>(&raw)?;
    Ok(Json(
        line_items::update(&state.ctx, &caller.actor, R::KIND, id, line, patch).await?,
    ))
}

async fn remove_line<R: Resource>(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let (id, line) = ids::<R>(&raw)?;
    line_items::remove(&state.ctx, &caller.actor, R::KIND, id, line).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn comments(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
) -> Result<Json<All<Comment>>, ApiError> {
    let data = tasks::comments_of(&state.ctx, &caller.actor, path_id(&raw)?).await?;
    Ok(Json(All { data }))
}

/// A comment to add.
#[derive(Deserialize, ToSchema)]
struct NewComment {
    body: String,
}

async fn comment(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
    Body(new): Body<NewComment>,
) -> Result<(StatusCode, Json<Comment>), ApiError> {
    let made = tasks::comment(&state.ctx, &caller.actor, path_id(&raw)?, &new.body).await?;
    Ok((StatusCode::CREATED, Json(made)))
}

async fn links(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
) -> Result<Json<All<RecordRef>>, ApiError> {
    let data = activities::links_of(&state.ctx, &caller.actor, path_id(&raw)?).await?;
    Ok(Json(All { data }))
}

async fn link(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
    Body(to): Body<Link>,
) -> Result<StatusCode, ApiError> {
    activities::set_link(&state.ctx, &caller.actor, path_id(&raw)?, to, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn unlink(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path((raw, kind, record)): Path<(String, String, String)>,
) -> Result<StatusCode, ApiError> {
    let to = Link {
        kind: RecordKind::from_code(&kind)
            .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "error-not-found"))?,
        id: path_id(&record)?,
    };
    activities::set_link(&state.ctx, &caller.actor, path_id(&raw)?, to, false).await?;
    Ok(StatusCode::NO_CONTENT)
}
