//! Actions that are more than a change of fields: moving a deal to another stage (which
//! stamps when it entered the stage and, won or lost, when it closed) and converting a lead.

use super::auth::Caller;
use super::body::Json as Body;
use super::error::ApiError;
use super::records::path_id;
use crate::state::AppState;
use axum::{
    Extension, Json, Router,
    extract::{Path, State},
    routing::post,
};
use core_svc::services::{lead_conversion, opportunities};
use serde::Deserialize;
use types::dto::leads::{ConvertLead, Converted};
use types::dto::opportunities::Opportunity;
use types::ids::StageId;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/opportunities/{id}/stage", post(move_stage))
        .route("/leads/{id}/convert", post(convert))
}

/// A deal's new stage; a lost one needs the reason.
#[derive(Deserialize)]
struct StageMove {
    stage: StageId,
    #[serde(default)]
    lost_reason: Option<String>,
}

async fn move_stage(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
    Body(to): Body<StageMove>,
) -> Result<Json<Opportunity>, ApiError> {
    let reason = to.lost_reason.unwrap_or_default();
    let moved =
        opportunities::move_stage(&state.ctx, &caller.actor, path_id(&raw)?, to.stage, &reason)
            .await?;
    Ok(Json(moved))
}

/// Converts a lead: `{}` makes an account from its company and a contact from its person;
/// `account` and `contact` link existing ones instead, and `deal` opens a deal too.
async fn convert(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
    Body(command): Body<ConvertLead>,
) -> Result<Json<Converted>, ApiError> {
    let made = lead_conversion::convert(&state.ctx, &caller.actor, path_id(&raw)?, command).await?;
    Ok(Json(made))
}
