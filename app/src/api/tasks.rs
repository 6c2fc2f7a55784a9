//! Tasks: list, read, save and comment.

use leptos::prelude::*;
use types::error::AppError;

#[cfg(feature = "ssr")]
use super::server::{actor, ctx, done, record_id};
#[cfg(feature = "ssr")]
use core_svc::services::tasks as svc;

#[server(prefix = "/api", endpoint = "comment_task")]
pub async fn comment_task(id: String, body: String) -> Result<(), AppError> {
    done(svc::comment(&ctx()?, &actor()?, record_id(&id)?, &body).await).map(drop)
}

record_api! {
    Task in tasks: TaskRow, Task, TaskInput;
    list_tasks = "list_tasks", get_task = "get_task", save_task = "save_task";
}
