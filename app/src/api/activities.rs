//! Activities: list (and timelines), read and save.

use leptos::prelude::*;
use types::dto::activities::{Activity, ActivityInput, ActivityRow};
use types::dto::records::{ListPage, ListQuery};
use types::error::AppError;

#[cfg(feature = "ssr")]
use super::server::{actor, back_path, ctx, done};
#[cfg(feature = "ssr")]
use core_svc::services::activities as svc;
#[cfg(feature = "ssr")]
use types::dto::list::ListRequest;

/// Activities, or one record's timeline when the query names a `parent` (`kind:id`).
#[server(prefix = "/api", endpoint = "list_activities")]
pub async fn list_activities(query: ListQuery) -> Result<ListPage<ActivityRow>, AppError> {
    done(svc::list(&ctx()?, &actor()?, &ListRequest::read(&query)?).await)
}

#[server(prefix = "/api", endpoint = "get_activity")]
pub async fn get_activity(id: String) -> Result<Activity, AppError> {
    let id = id.parse().map_err(|_| AppError::NotFound)?;
    done(svc::get(&ctx()?, &actor()?, id).await)
}

/// Links the activity to one more record of `kind`, or removes the link.
#[server(prefix = "/api", endpoint = "set_activity_link")]
pub async fn set_activity_link(
    id: String,
    kind: String,
    #[server(default)] record: String,
    linked: bool,
) -> Result<(), AppError> {
    let id = id.parse().map_err(|_| AppError::NotFound)?;
    let link = types::dto::records::Link::parse(&format!("{kind}:{record}"))
        .ok()
        .flatten()
        .ok_or_else(|| AppError::field("record", "validation-required"))?;
    done(svc::set_link(&ctx()?, &actor()?, id, link, linked).await)
}

/// Logs (empty `id`) or updates an activity, then shows it, or goes `back` to the record
/// page it was logged on.
#[server(prefix = "/api", endpoint = "save_activity")]
pub async fn save_activity(
    id: String,
    input: ActivityInput,
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
    leptos_axum::redirect(&back.unwrap_or_else(|| format!("/activities/{}", saved.id)));
    Ok(())
}
