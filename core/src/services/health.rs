//! Readiness: can the database answer right now?

use crate::{Ctx, error::CoreResult};
use sea_orm::ConnectionTrait;

pub async fn ping(ctx: &Ctx) -> CoreResult<()> {
    ctx.db.execute_unprepared("SELECT 1").await?;
    Ok(())
}
