//! Tasks: list, read, save and comment.

use leptos::prelude::*;
use types::dto::records::{ListPage, ListQuery};
use types::dto::tasks::{Task, TaskInput, TaskRow};
use types::error::AppError;

#[cfg(feature = "ssr")]
use super::server::{actor, back_path, ctx, done};
#[cfg(feature = "ssr")]
use core_svc::services::tasks as svc;
#[cfg(feature = "ssr")]
use types::dto::list::ListRequest;

#[server(prefix = "/api", endpoint = "list_tasks")]
pub async fn list_tasks(query: ListQuery) -> Result<ListPage<TaskRow>, AppError> {
    done(svc::list(&ctx()?, &actor()?, &ListRequest::read(&query)?).await)
}

#[server(prefix = "/api", endpoint = "get_task")]
pub async fn get_task(id: String) -> Result<Task, AppError> {
    let id = id.parse().map_err(|_| AppError::NotFound)?;
    done(svc::get(&ctx()?, &actor()?, id).await)
}

/// Creates (empty `id`) or updates a task, then shows it, or goes `back` to the record page
/// it was added from.
#[server(prefix = "/api", endpoint = "save_task")]
pub async fn save_task(
    id: String,
    input: TaskInput,
    #[server(default)] back: String,
) -> Result<(), AppError> {
    let back = back_path(&back)?;
    let (ctx, actor) = (ctx()?, actor()?);
    let saved = if id.is_empty() {
        done(svc::create(&ctx, &actor, input).await)?
    } else {
        let id = id.parse().map_err(|_| AppError::NotFound)?;
        done(svc::update(&ctx, &actor, id, input).await)?
    };
    leptos_axum::redirect(&back.unwrap_or_else(|| format!("/tasks/{}", saved.id)));
    Ok(())
}

#[server(prefix = "/api", endpoint = "comment_task")]
pub async fn comment_task(id: String, body: String) -> Result<(), AppError> {
    let id = id.parse().map_err(|_| AppError::NotFound)?;
    done(svc::comment(&ctx()?, &actor()?, id, &body).await).map(drop)
}
