//! The pipeline board: the columns with their totals, a column's next cards, and moving a
//! deal to another stage.

use leptos::prelude::*;
use types::dto::pipeline::{Board, Cards};
use types::dto::records::ListQuery;
use types::error::AppError;

#[cfg(feature = "ssr")]
use super::server::{actor, ctx, done};
#[cfg(feature = "ssr")]
use core_svc::services::{opportunities, pipeline as svc};
#[cfg(feature = "ssr")]
use types::dto::pipeline::BoardFilter;

#[cfg(feature = "ssr")]
fn id_of<T: std::str::FromStr>(id: &str) -> Result<T, AppError> {
    id.parse().map_err(|_| AppError::NotFound)
}

#[server(prefix = "/api", endpoint = "pipeline_board")]
pub async fn pipeline_board(query: ListQuery) -> Result<Board, AppError> {
    done(svc::board(&ctx()?, &actor()?, &BoardFilter::read(&query)?).await)
}

#[server(prefix = "/api", endpoint = "pipeline_column")]
pub async fn pipeline_column(
    query: ListQuery,
    stage: String,
    after: String,
) -> Result<Cards, AppError> {
    let filter = BoardFilter::read(&query)?;
    done(svc::column(&ctx()?, &actor()?, &filter, id_of(&stage)?, &after).await)
}

/// Moves a deal to `stage`; a lost stage needs `lost_reason`. Without JavaScript the form
/// returns to the board (`back`, a path on this site).
#[server(prefix = "/api", endpoint = "move_deal")]
pub async fn move_deal(
    id: String,
    stage: String,
    #[server(default)] lost_reason: String,
    #[server(default)] back: String,
) -> Result<(), AppError> {
    let stage = stage
        .parse()
        .map_err(|_| AppError::field("stage", "validation-invalid"))?;
    let back = super::server::back_path(&back)?;
    done(opportunities::move_stage(&ctx()?, &actor()?, id_of(&id)?, stage, &lost_reason).await)?;
    if let Some(back) = back {
        leptos_axum::redirect(&back);
    }
    Ok(())
}
