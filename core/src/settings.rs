//! Workspace-wide settings kept as key/value rows (`app_settings`): marks that background
//! work leaves for the next start (an index built complete, the version of the duplicate
//! keys). Keys written once and never replaced (the first run's setup, the server's secret)
//! insert their own rows, so a second writer fails instead of overwriting.

use crate::error::CoreResult;
use entity::app_settings::{ActiveModel, Column, Entity};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};

/// The value stored under `key`.
pub async fn get(db: &impl ConnectionTrait, key: &str) -> CoreResult<Option<String>> {
    Ok(Entity::find_by_id(key).one(db).await?.map(|r| r.value))
}

/// Stores `value` under `key`, replacing what was there.
pub async fn put(db: &impl ConnectionTrait, key: &str, value: &str) -> CoreResult<()> {
    Entity::insert(ActiveModel {
        key: Set(key.to_owned()),
        value: Set(value.to_owned()),
    })
    .on_conflict(
        OnConflict::column(Column::Key)
            .update_column(Column::Value)
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}

/// The keys that start with `prefix`.
pub async fn keys_starting(db: &impl ConnectionTrait, prefix: &str) -> CoreResult<Vec<String>> {
    Ok(Entity::find()
        .select_only()
        .column(Column::Key)
        .filter(Column::Key.starts_with(prefix))
        .into_tuple()
        .all(db)
        .await?)
}

/// Removes `key`; a missing one is not an error.
pub async fn remove(db: &impl ConnectionTrait, key: &str) -> CoreResult<()> {
    Entity::delete_by_id(key).exec(db).await?;
    Ok(())
}
