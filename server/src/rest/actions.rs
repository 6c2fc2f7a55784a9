//! Actions that are more than a change of fields: moving a deal to another stage (which
//! stamps when it entered the stage and, won or lost, when it closed) and converting a lead.

use super::auth::Caller;
use super::body::Json as Body;
use super::error::ApiError;
use super::openapi::{Api, Op, Verb};
use super::records::path_id;
use crate::state::AppState;
use axum::{
    Extension, Json,
    extract::{Path, State},
    http::StatusCode,
};
use core_svc::services::{lead_conversion, opportunities};
use serde::Deserialize;
use types::dto::leads::{ConvertLead, Converted};
use types::dto::opportunities::Opportunity;
use types::ids::StageId;
use utoipa::ToSchema;

pub fn routes(api: Api) -> Api {
    api.add(
        Verb::Post,
        "/opportunities/{id}/stage",
        move_stage,
        Op::new(
            "move_opportunity_stage",
            "opportunities",
            "Move a deal to another stage",
        )
        .describe(
            "Stamps when the deal entered the stage; a won or lost stage also closes it. \
                 A lost stage needs a `lost_reason`.",
        )
        .path_id("id", "The deal's id")
        .body::<StageMove>()
        .returns::<Opportunity>(StatusCode::OK, "The moved deal"),
    )
    .add(
        Verb::Post,
        "/leads/{id}/convert",
        convert,
        Op::new("convert_lead", "leads", "Convert a lead")
            .describe(
                "`{}` makes an account from the lead's company and a contact from its person; \
                 `account` and `contact` link existing ones instead, and `deal` opens a deal too.",
            )
            .path_id("id", "The lead's id")
            .body::<ConvertLead>()
            .returns::<Converted>(StatusCode::OK, "What the lead became"),
    )
}

/// A deal's new stage; a lost one needs the reason.
#[derive(Deserialize, ToSchema)]
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
