//! Search by meaning as admins see it: whether it is on (and if not, why), the model, how
//! many points the store holds, when the index was last built complete, what is waiting;
//! and a rebuild on request. Admins only.

use super::{Ai, index};
use crate::error::{CoreError, CoreResult};
use crate::jobs::{INDEX, state};
use crate::policy::users::can_manage;
use crate::{Actor, Ctx};
use entity::jobs::{Column, Entity};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use types::dto::search::IndexStatus;

pub async fn status(ctx: &Ctx, actor: &Actor) -> CoreResult<IndexStatus> {
    can_manage(actor)?;
    let pending = Entity::find()
        .filter(Column::Queue.eq(INDEX))
        .filter(Column::State.ne(state::DEAD))
        .count(&ctx.db)
        .await?;
    let rebuilding = crate::jobs::pending(ctx, index::REBUILD_KIND).await?;
    let engine = match &ctx.ai {
        Ai::On(engine) => engine,
        Ai::Off(off) => {
            return Ok(IndexStatus {
                off: Some(off.key().to_owned()),
                pending,
                rebuilding,
                ..IndexStatus::default()
            });
        }
    };
    let model = engine.embedder().model();
    let points = match engine.store().await {
        Ok(store) => store.count(engine.collection()).await.ok(),
        Err(_) => None,
    };
    Ok(IndexStatus {
        off: None,
        model: Some(model.name.clone()),
        dimension: u32::try_from(model.dimension).ok(),
        collection: Some(engine.collection().to_owned()),
        points,
        built_at: index::built_at(ctx, engine.collection()).await?,
        pending,
        rebuilding,
    })
}

/// Queues a full rebuild (unless one is waiting or running). Refused while search by meaning
/// is off here: nothing would run it.
pub async fn rebuild(ctx: &Ctx, actor: &Actor) -> CoreResult<()> {
    can_manage(actor)?;
    if let Ai::Off(off) = &ctx.ai {
        return Err(CoreError::Rejected(off.key()));
    }
    index::queue_rebuild(ctx).await?;
    Ok(())
}
