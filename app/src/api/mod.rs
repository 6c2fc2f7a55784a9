//! Server functions, one module per domain. Each is a few lines: find the actor, call one
//! core service, map the result. No business rules here.

/// The list, get and save server functions every kind of record has (its DTOs in
/// `types::dto::<module>`, its service in `core_svc::services::<module>`), each one call of the
/// service (`list`, `get`, `create` or `update`). A list reads the URL state into a
/// typed request. Saving creates when `id` is empty and updates otherwise, then shows the
/// record, or goes `back` to the local page it was saved from (an account page that added a
/// contact in place). An id that does not parse is a record that does not exist.
macro_rules! record_api {
    (
        $kind:ident in $module:ident: $row:ident, $detail:ident, $input:ident;
        $list:ident = $list_ep:literal, $get:ident = $get_ep:literal, $save:ident = $save_ep:literal;
    ) => {
        #[leptos::server(prefix = "/api", endpoint = $list_ep)]
        pub async fn $list(
            query: types::dto::records::ListQuery,
        ) -> Result<types::dto::records::ListPage<types::dto::$module::$row>, types::error::AppError> {
            use $crate::api::server::{actor, ctx, done};
            let request = types::dto::list::ListRequest::read(&query)?;
            done(core_svc::services::$module::list(&ctx()?, &actor()?, &request).await)
        }

        #[leptos::server(prefix = "/api", endpoint = $get_ep)]
        pub async fn $get(id: String) -> Result<types::dto::$module::$detail, types::error::AppError> {
            use $crate::api::server::{actor, ctx, done, record_id};
            done(core_svc::services::$module::get(&ctx()?, &actor()?, record_id(&id)?).await)
        }

        #[leptos::server(prefix = "/api", endpoint = $save_ep)]
        pub async fn $save(
            id: String,
            input: types::dto::$module::$input,
            #[server(default)] back: String,
        ) -> Result<(), types::error::AppError> {
            use core_svc::services::$module as svc;
            use $crate::api::server::{actor, back_path, ctx, done, record_id};
            let back = back_path(&back)?;
            let (ctx, actor) = (ctx()?, actor()?);
            let saved = if id.is_empty() {
                done(svc::create(&ctx, &actor, input).await)?
            } else {
                done(svc::update(&ctx, &actor, record_id(&id)?, input).await)?
            };
            let shown = types::dto::records::RecordKind::$kind.path(saved.id);
            leptos_axum::redirect(&back.unwrap_or(shown));
            Ok(())
        }
    };
}

pub mod accounts;
pub mod activities;
pub mod api_keys;
pub mod auth;
pub mod contacts;
pub mod contracts;
pub mod dashboard;
pub mod duplicates;
pub mod jobs;
pub mod leads;
pub mod lines;
pub mod lookups;
pub mod opportunities;
pub mod pipeline;
pub mod prefs;
pub mod products;
pub mod profile;
pub mod records;
pub mod search;
pub mod tasks;
pub mod users;
pub mod webhooks;

#[cfg(feature = "ssr")]
pub mod server;
