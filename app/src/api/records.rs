//! Actions every kind of record shares: history, watchers, delete and restore, bulk actions,
//! the trash, and the search-as-you-type pickers.

use leptos::prelude::*;
use types::dto::records::{HistoryEntry, ListPage, PickOption, TrashItem};
use types::error::AppError;

#[cfg(feature = "ssr")]
use super::server::{actor, ctx, done, record_ref};
#[cfg(feature = "ssr")]
use core_svc::records::actions;
#[cfg(feature = "ssr")]
use types::dto::records::{BulkAction, RecordKind};

#[server(prefix = "/api", endpoint = "record_history")]
pub async fn record_history(kind: String, id: String) -> Result<Vec<HistoryEntry>, AppError> {
    let (kind, id) = record_ref(&kind, &id)?;
    done(actions::history(&ctx()?, &actor()?, kind, id).await)
}

/// Adds or removes a watcher; an empty `user` means the viewer.
#[server(prefix = "/api", endpoint = "set_watcher")]
pub async fn set_watcher(
    kind: String,
    id: String,
    user: String,
    watching: bool,
) -> Result<(), AppError> {
    let (kind, id) = record_ref(&kind, &id)?;
    let actor = actor()?;
    let user = match user.as_str() {
        "" => actor.user_id,
        other => other
            .parse()
            .map_err(|_| AppError::field("user", "validation-user"))?,
    };
    done(actions::set_watcher(&ctx()?, &actor, kind, id, user, watching).await)
}

/// Moves one record to the trash, then shows its list.
#[server(prefix = "/api", endpoint = "delete_record")]
pub async fn delete_record(kind: String, id: String) -> Result<(), AppError> {
    let (kind, id) = record_ref(&kind, &id)?;
    done(actions::delete(&ctx()?, &actor()?, kind, &[id]).await)?;
    leptos_axum::redirect(kind.list_path());
    Ok(())
}

/// Reassigns or deletes the rows selected in a list.
#[server(prefix = "/api", endpoint = "bulk_records")]
pub async fn bulk_records(
    kind: String,
    action: String,
    #[server(default)] ids: Vec<String>,
    #[server(default)] owner: String,
) -> Result<(), AppError> {
    let kind = RecordKind::from_code(&kind).ok_or(AppError::NotFound)?;
    let ids = ids
        .iter()
        .map(|id| id.parse())
        .collect::<Result<Vec<uuid::Uuid>, _>>()
        .map_err(|_| AppError::NotFound)?;
    let action = match action.as_str() {
        "reassign" => BulkAction::Reassign,
        "delete" => BulkAction::Delete,
        _ => return Err(AppError::BadRequest),
    };
    let (ctx, actor) = (ctx()?, actor()?);
    match action {
        BulkAction::Reassign => {
            let owner = owner
                .parse()
                .map_err(|_| AppError::field("owner", "validation-user"))?;
            done(actions::reassign(&ctx, &actor, kind, &ids, owner).await)
        }
        BulkAction::Delete => done(actions::delete(&ctx, &actor, kind, &ids).await),
    }
}

#[server(prefix = "/api", endpoint = "restore_record")]
pub async fn restore_record(kind: String, id: String) -> Result<(), AppError> {
    let (kind, id) = record_ref(&kind, &id)?;
    done(actions::restore(&ctx()?, &actor()?, kind, id).await)
}

#[server(prefix = "/api", endpoint = "trash_items")]
pub async fn trash_items(kind: String, after: String) -> Result<ListPage<TrashItem>, AppError> {
    let kind = RecordKind::from_code(&kind).ok_or(AppError::NotFound)?;
    done(actions::trash(&ctx()?, &actor()?, kind, &after).await)
}

/// Choices for a relation picker; `kind` is a record kind or `user`.
#[server(prefix = "/api", endpoint = "pick")]
pub async fn pick(kind: String, q: String) -> Result<Vec<PickOption>, AppError> {
    let (ctx, actor) = (ctx()?, actor()?);
    if kind == "user" {
        return done(actions::pick_users(&ctx, &actor, &q).await);
    }
    let kind = RecordKind::from_code(&kind).ok_or(AppError::NotFound)?;
    done(actions::pick(&ctx, &actor, kind, &q).await)
}
