//! The users directory, read only: everyone sees colleagues' names and roles (to hand records
//! over and to read who owns what); managers and admins also see addresses, deactivated
//! users and last sign-ins. Users are managed in the app.

use super::auth::Caller;
use super::error::ApiError;
use super::lists;
use super::openapi::{self, Api, Op, Verb};
use super::records::{Page, path_id};
use crate::state::AppState;
use axum::{
    Extension, Json,
    extract::{Path, RawQuery, State},
    http::StatusCode,
};
use core_svc::services::users;
use types::dto::users::Member;

pub fn routes(api: Api) -> Api {
    api.add(
        Verb::Get,
        "/users",
        list,
        Op::new("list_users", "users", "List users by name")
            .query(
                "q",
                "Words that names (and, for managers, addresses) start with",
                openapi::text(),
            )
            .paged()
            .returns_page::<Member>(),
    )
    .add(
        Verb::Get,
        "/users/{id}",
        get,
        Op::new("get_user", "users", "Get a user")
            .path_id("id", "The user's id")
            .returns::<Member>(StatusCode::OK, "The user"),
    )
}

async fn list(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<Member>>, ApiError> {
    let (text, page) = lists::read_search(raw.as_deref())?;
    let found = users::directory(&state.ctx, &caller.actor, &text, &page)
        .await
        .map_err(|e| lists::in_query(e.into(), &[]))?;
    Ok(Json(found.into()))
}

async fn get(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
) -> Result<Json<Member>, ApiError> {
    Ok(Json(
        users::lookup(&state.ctx, &caller.actor, path_id(&raw)?).await?,
    ))
}
