//! A tower-sessions store on the application database, so sessions survive restarts and a
//! user's sessions can be ended together. The session data is JSON; the signed-in user's id is
//! also kept in its own column for that purpose.

use async_trait::async_trait;
use entity::sessions;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    sea_query::OnConflict,
};
use tower_sessions::{
    SessionStore,
    session::{Id, Record},
    session_store::{Error, ExpiredDeletion, Result},
};
use types::ids::UserId;

/// The session key under which the signed-in user's id is stored.
pub const USER_ID_KEY: &str = "user_id";

#[derive(Clone, Debug)]
pub struct DbSessionStore {
    db: DatabaseConnection,
    clock: crate::Clock,
    /// Forgotten here when a session is deleted (signed out, or its id cycled).
    seen: crate::signed_in::Sessions,
}

impl DbSessionStore {
    pub fn new(ctx: &crate::Ctx) -> Self {
        Self {
            db: ctx.db.clone(),
            clock: ctx.clock.clone(),
            seen: ctx.sessions.clone(),
        }
    }
}

fn backend(e: impl std::fmt::Display) -> Error {
    Error::Backend(e.to_string())
}

fn to_active(record: &Record) -> Result<sessions::ActiveModel> {
    let user_id = record
        .data
        .get(USER_ID_KEY)
        .and_then(|v| serde_json::from_value::<UserId>(v.clone()).ok());
    Ok(sessions::ActiveModel {
        id: Set(record.id.to_string()),
        user_id: Set(user_id),
        data: Set(serde_json::to_string(&record.data).map_err(|e| Error::Encode(e.to_string()))?),
        expires_at: Set(record.expiry_date),
    })
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> Result<()> {
        // Ids are 128 random bits; on the astronomically unlikely collision, draw again.
        loop {
            let inserted = sessions::Entity::insert(to_active(record)?)
                .on_conflict(
                    OnConflict::column(sessions::Column::Id)
                        .do_nothing()
                        .to_owned(),
                )
                .exec_without_returning(&self.db)
                .await
                .map_err(backend)?;
            if inserted == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> Result<()> {
        sessions::Entity::insert(to_active(record)?)
            .on_conflict(
                OnConflict::column(sessions::Column::Id)
                    .update_columns([
                        sessions::Column::UserId,
                        sessions::Column::Data,
                        sessions::Column::ExpiresAt,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let Some(row) = sessions::Entity::find_by_id(id.to_string())
            .filter(sessions::Column::ExpiresAt.gt(self.clock.now()))
            .one(&self.db)
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        Ok(Some(Record {
            id: *id,
            data: serde_json::from_str(&row.data).map_err(|e| Error::Decode(e.to_string()))?,
            expiry_date: row.expires_at,
        }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        let id = id.to_string();
        self.seen.forget(&id);
        sessions::Entity::delete_by_id(id)
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

#[async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> Result<()> {
        sessions::Entity::delete_many()
            .filter(sessions::Column::ExpiresAt.lte(self.clock.now()))
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }
}
