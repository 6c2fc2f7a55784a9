//! The record endpoints, the same for every kind: `GET`/`POST /api/v1/<kinds>`,
//! `GET`/`PATCH`/`DELETE /api/v1/<kinds>/{id}` and `POST /api/v1/<kinds>/{id}/restore`, each
//! over the kind's core service. A kind is one [`resource!`] line.

use super::auth::Caller;
use super::body::Json as Body;
use super::error::ApiError;
use super::lists::{self, Param};
use super::openapi::{Api, BASE, Op, Verb};
use crate::state::AppState;
use axum::{
    Extension, Json,
    extract::{Path, RawQuery, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use core_svc::error::CoreResult;
use core_svc::records::actions;
use core_svc::{Actor, Ctx};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::future::Future;
use std::str::FromStr;
use time::OffsetDateTime;
use types::dto::list::{Filter, ListRequest};
use types::dto::records::{ListPage, RecordKind};
use utoipa::ToSchema;
use uuid::Uuid;

/// A kind of record as the API serves it.
pub trait Resource: Send + Sync + 'static {
    const KIND: RecordKind;
    /// The kind's own list filters: (API parameter, list-state slot).
    const FILTERS: &'static [Param];
    type Id: FromStr + Copy + Send + Sync;
    type Filter: Filter + Send + Sync;
    type Row: Serialize + ToSchema + Send;
    type Detail: Serialize + ToSchema + Send;
    type Patch: DeserializeOwned + ToSchema + Send;

    fn list(
        ctx: &Ctx,
        actor: &Actor,
        q: &ListRequest<Self::Filter>,
    ) -> impl Future<Output = CoreResult<ListPage<Self::Row>>> + Send;
    fn get(
        ctx: &Ctx,
        actor: &Actor,
        id: Self::Id,
    ) -> impl Future<Output = CoreResult<Self::Detail>> + Send;
    fn create(
        ctx: &Ctx,
        actor: &Actor,
        new: Self::Patch,
    ) -> impl Future<Output = CoreResult<Self::Detail>> + Send;
    fn update(
        ctx: &Ctx,
        actor: &Actor,
        id: Self::Id,
        patch: Self::Patch,
        unmodified_since: Option<OffsetDateTime>,
    ) -> impl Future<Output = CoreResult<Self::Detail>> + Send;
    /// The id of a record just made, for its `Location`.
    fn id_of(detail: &Self::Detail) -> Uuid;
    fn uuid(id: Self::Id) -> Uuid;
}

/// Declares a [`Resource`] over `core_svc::services::<module>`.
macro_rules! resource {
    ($name:ident: $module:ident, $kind:ident, $id:ty, $filter:ty, $row:ty, $detail:ty, $patch:ty,
     [$($param:literal => $slot:literal),* $(,)?]) => {
        pub struct $name;

        impl Resource for $name {
            const KIND: RecordKind = RecordKind::$kind;
            const FILTERS: &'static [Param] = &[$(($param, $slot)),*];
            type Id = $id;
            type Filter = $filter;
            type Row = $row;
            type Detail = $detail;
            type Patch = $patch;

            fn list(
                ctx: &Ctx,
                actor: &Actor,
                q: &ListRequest<$filter>,
            ) -> impl Future<Output = CoreResult<ListPage<$row>>> + Send {
                core_svc::services::$module::list(ctx, actor, q)
            }
            fn get(
                ctx: &Ctx,
                actor: &Actor,
                id: $id,
            ) -> impl Future<Output = CoreResult<$detail>> + Send {
                core_svc::services::$module::get(ctx, actor, id)
            }
            fn create(
                ctx: &Ctx,
                actor: &Actor,
                new: $patch,
            ) -> impl Future<Output = CoreResult<$detail>> + Send {
                core_svc::services::$module::create(ctx, actor, new)
            }
            fn update(
                ctx: &Ctx,
                actor: &Actor,
                id: $id,
                patch: $patch,
                since: Option<OffsetDateTime>,
            ) -> impl Future<Output = CoreResult<$detail>> + Send {
                core_svc::services::$module::update_unmodified_since(ctx, actor, id, patch, since)
            }
            fn id_of(detail: &$detail) -> Uuid {
                detail.id.0
            }
            fn uuid(id: $id) -> Uuid {
                id.0
            }
        }
    };
}

use types::dto::{
    accounts as a, activities as act, contacts as c, contracts as k, leads as l,
    opportunities as o, products as p, tasks as t,
};
use types::ids::{
    AccountId, ActivityId, ContactId, ContractId, LeadId, OpportunityId, ProductId, TaskId,
};

resource!(Accounts: accounts, Account, AccountId, a::AccountFilter, a::AccountRow, a::Account,
    a::AccountPatch, ["status" => "status"]);
resource!(Contacts: contacts, Contact, ContactId, c::ContactFilter, c::ContactRow, c::Contact,
    c::ContactPatch, ["contact_type" => "status", "account" => "parent"]);
resource!(Leads: leads, Lead, LeadId, l::LeadFilter, l::LeadRow, l::Lead, l::LeadPatch,
    ["status" => "status"]);
resource!(Opportunities: opportunities, Opportunity, OpportunityId, o::OpportunityFilter,
    o::OpportunityRow, o::Opportunity, o::OpportunityPatch,
    ["stage" => "status", "account" => "parent"]);
resource!(Contracts: contracts, Contract, ContractId, k::ContractFilter, k::ContractRow,
    k::Contract, k::ContractPatch, ["status" => "status", "account" => "parent"]);
resource!(Products: products, Product, ProductId, p::ProductFilter, p::ProductRow, p::Product,
    p::ProductPatch, ["status" => "status"]);
resource!(Tasks: tasks, Task, TaskId, t::TaskFilter, t::TaskRow, t::Task, t::TaskPatch,
    ["status" => "status", "about" => "parent"]);
resource!(Activities: activities, Activity, ActivityId, act::ActivityFilter, act::ActivityRow,
    act::Activity, act::ActivityPatch, ["kind" => "status", "on" => "parent"]);

/// Every record kind's routes.
pub fn routes(api: Api) -> Api {
    let api = kind::<Accounts>(api);
    let api = kind::<Contacts>(api);
    let api = kind::<Leads>(api);
    let api = kind::<Opportunities>(api);
    let api = kind::<Contracts>(api);
    let api = kind::<Products>(api);
    let api = kind::<Tasks>(api);
    kind::<Activities>(api)
}

fn kind<R: Resource>(api: Api) -> Api {
    let base = R::KIND.list_path();
    let tag = base.trim_start_matches('/');
    let one = R::KIND.code();
    let item = format!("{base}/{{id}}");
    let op = |verb: &str, summary: String| {
        let id = if verb == "list" {
            format!("list_{tag}")
        } else {
            format!("{verb}_{one}")
        };
        Op::new(id, tag, summary)
    };
    let id = |op: Op| op.path_id("id", "The record's id");
    api.add(
        Verb::Get,
        base,
        list::<R>,
        lists::describe(op("list", format!("List {tag}")), R::KIND, R::FILTERS)
            .returns_page::<R::Row>(),
    )
    .add(
        Verb::Post,
        base,
        create::<R>,
        op("create", format!("Create a {one}"))
            .describe(
                "Fields left out take their defaults; the owner is the key's user unless given.",
            )
            .body::<R::Patch>()
            .returns::<R::Detail>(StatusCode::CREATED, "Created; `Location` names it"),
    )
    .add(
        Verb::Get,
        &item,
        read::<R>,
        id(op("get", format!("Get a {one}"))).returns::<R::Detail>(StatusCode::OK, "The record"),
    )
    .add(
        Verb::Patch,
        &item,
        update::<R>,
        id(op("update", format!("Change a {one}")))
            .describe(
                "A field left out stays as it is; `null` clears it. Send the `updated_at` \
                     you read (or `If-Unmodified-Since`) to get 409 instead of overwriting a \
                     change made since.",
            )
            .header(
                "If-Unmodified-Since",
                "An HTTP date; a record changed since is a 409",
            )
            .body::<R::Patch>()
            .returns::<R::Detail>(StatusCode::OK, "The changed record"),
    )
    .add(
        Verb::Delete,
        &item,
        delete::<R>,
        id(op("delete", format!("Move a {one} to the trash"))).no_content("In the trash"),
    )
    .add(
        Verb::Post,
        &format!("{item}/restore"),
        restore::<R>,
        id(op("restore", format!("Restore a {one} from the trash"))).no_content("Restored"),
    )
}

/// One page of a list.
#[derive(Serialize)]
pub struct Page<T> {
    pub data: Vec<T>,
    /// The `cursor` of the next page; `null` on the last.
    pub next_cursor: Option<String>,
}

/// A list that is never long enough to page: `{data}`.
#[derive(Serialize)]
pub struct All<T> {
    pub data: Vec<T>,
}

impl<T> From<ListPage<T>> for Page<T> {
    fn from(page: ListPage<T>) -> Self {
        Page {
            data: page.items,
            next_cursor: page.next,
        }
    }
}

/// A path id: one that is not an id names no record, so it is a 404 like any other.
pub fn path_id<T: FromStr>(text: &str) -> Result<T, ApiError> {
    text.parse()
        .map_err(|_| ApiError::new(StatusCode::NOT_FOUND, "error-not-found"))
}

async fn list<R: Resource>(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<R::Row>>, ApiError> {
    let q = lists::read::<R::Filter>(raw.as_deref(), R::KIND, R::FILTERS)?;
    let page = R::list(&state.ctx, &caller.actor, &q)
        .await
        .map_err(|e| lists::in_query(e.into(), R::FILTERS))?;
    Ok(Json(page.into()))
}

async fn read<R: Resource>(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
) -> Result<Json<R::Detail>, ApiError> {
    Ok(Json(
        R::get(&state.ctx, &caller.actor, path_id::<R::Id>(&raw)?).await?,
    ))
}

async fn create<R: Resource>(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Body(new): Body<R::Patch>,
) -> Result<Response, ApiError> {
    let detail = R::create(&state.ctx, &caller.actor, new).await?;
    let location = R::KIND.path(R::id_of(&detail));
    Ok(created(&location, detail))
}

/// 201 with what was made, and its address under the API in `Location`.
pub fn created<T: Serialize>(path: &str, made: T) -> Response {
    let mut res = (StatusCode::CREATED, Json(made)).into_response();
    if let Ok(value) = HeaderValue::from_str(&format!("{BASE}{path}")) {
        res.headers_mut().insert(header::LOCATION, value);
    }
    res
}

async fn update<R: Resource>(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
    headers: HeaderMap,
    Body(patch): Body<R::Patch>,
) -> Result<Json<R::Detail>, ApiError> {
    let since = unmodified_since(&headers)?;
    let id = path_id::<R::Id>(&raw)?;
    Ok(Json(
        R::update(&state.ctx, &caller.actor, id, patch, since).await?,
    ))
}

async fn delete<R: Resource>(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = R::uuid(path_id::<R::Id>(&raw)?);
    actions::delete(&state.ctx, &caller.actor, R::KIND, &[id]).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn restore<R: Resource>(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = R::uuid(path_id::<R::Id>(&raw)?);
    actions::restore(&state.ctx, &caller.actor, R::KIND, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `If-Unmodified-Since`, when sent: an HTTP date.
fn unmodified_since(headers: &HeaderMap) -> Result<Option<OffsetDateTime>, ApiError> {
    let Some(value) = headers.get(header::IF_UNMODIFIED_SINCE) else {
        return Ok(None);
    };
    value
        .to_str()
        .ok()
        .and_then(|v| httpdate::parse_http_date(v).ok())
        .map(|t| Some(OffsetDateTime::from(t)))
        .ok_or_else(|| {
            ApiError::field(
                StatusCode::BAD_REQUEST,
                "api-bad-date",
                "If-Unmodified-Since",
            )
        })
}
