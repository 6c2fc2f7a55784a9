//! The HTTP router: app pages, server functions, probes, translation catalogues, static
//! files and the REST API, wrapped in request ids, tracing and security headers; pages and
//! server functions also get the Origin check and database-backed sessions.

use crate::{catalogue, health, middleware, rest, server_fns, state::AppState};
use app::{App, shell};
use axum::{
    Extension, Router,
    http::{HeaderName, Request},
    middleware::{from_fn, from_fn_with_state},
    routing::get,
};
use core_svc::session_store::DbSessionStore;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::sync::Arc;
use tower::ServiceBuilder;
use tower_http::{
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    trace::TraceLayer,
};
use tower_sessions::{Expiry, SessionManagerLayer, cookie::SameSite};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

pub fn build(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let (api_routes, doc) = rest::api();
    let doc_value = serde_json::to_value(&doc).unwrap_or_default();
    let doc_json = doc_value.to_string();
    // Pages, server functions and the not-found fallback (which renders the app too) all
    // get the same context.
    let context = {
        let (ctx, web) = (state.ctx.clone(), state.web.clone());
        move || {
            provide_context(ctx.clone());
            provide_context(web.clone());
        }
    };
    let idle = time::Duration::try_from(state.sessions.idle).unwrap_or(time::Duration::hours(12));
    let session_layer = SessionManagerLayer::new(DbSessionStore::new(&state.ctx))
        .with_name("nextcrm_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.web.secure_cookies)
        .with_expiry(Expiry::OnInactivity(idle));

    // Pages and server functions: cookie sessions, so the Origin check and the viewer.
    let pages = Router::new()
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = (*state.leptos).clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(
            ServiceBuilder::new()
                .layer(from_fn(middleware::security::origin_check))
                .layer(from_fn(middleware::security::body_limit))
                .layer(session_layer)
                .layer(from_fn_with_state(
                    state.clone(),
                    middleware::viewer::resolve,
                ))
                .layer(from_fn(middleware::form_echo::keep))
                .layer(from_fn(server_fns::error_status)),
        );

    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/i18n/{file}", get(catalogue::catalogue))
        // The API authenticates each request by its key and keeps no session; its document
        // and reference page are public.
        .route("/api/v1/openapi.json", get(rest::document))
        .route("/api/docs", get(rest::reference::page))
        .route("/api/docs/style.css", get(rest::reference::style))
        .layer(Extension(rest::Document(doc_json.into())))
        .layer(Extension(rest::reference::Source(Arc::new(doc_value))))
        .nest("/api/v1", rest::router(state.clone(), api_routes))
        .merge(pages)
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                    let id = req
                        .headers()
                        .get(REQUEST_ID)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default();
                    tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
                }))
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(from_fn(middleware::security::headers)),
        )
        .with_state(state)
}
