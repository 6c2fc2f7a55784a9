//! The REST API through the real router, on SQLite and on Postgres: keys and scopes, the
//! record endpoints, strict input, cursor paging, and a permission matrix that must give the
//! same outcome as calling the services directly.

#[path = "../../core/tests/common/mod.rs"]
mod common;
mod support;

use axum::{
    Router,
    body::{Body, to_bytes},
    http::{HeaderMap, Method, Request, StatusCode, header},
};
use common::{actor_of, first_admin, invited};
use core_svc::records::actions;
use core_svc::services::{self as svc, api_keys, users};
use core_svc::{Actor, CoreError, Ctx};
use serde_json::{Value, json};
use server::rest::limits::Limits;
use std::time::Duration;
use tower::ServiceExt;
use types::dto::api_keys::{ApiScope, NewApiKey};
use types::dto::auth::{Role, SessionUser};
use types::dto::records::RecordKind;
use types::dto::{accounts as a, activities as act, contacts as c, contracts as k};
use types::dto::{leads as l, opportunities as o, products as p, tasks as t};
use uuid::Uuid;

struct Api {
    router: Router,
    ctx: Ctx,
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Value,
}

impl Reply {
    /// The `code` and `field` of the first error.
    fn error(&self) -> (&str, Option<&str>) {
        let e = &self.body["errors"][0];
        (e["code"].as_str().unwrap_or_default(), e["field"].as_str())
    }
}

impl Api {
    fn new(ctx: Ctx) -> Api {
        Api::with_limits(ctx, Limits::default())
    }

    fn with_limits(ctx: Ctx, limits: Limits) -> Api {
        let hour = Duration::from_secs(3600);
        Api {
            router: support::router_with(ctx.clone(), hour, hour, limits),
            ctx,
        }
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        key: Option<&str>,
        body: Option<String>,
        extra: &[(&str, &str)],
    ) -> Reply {
        let mut req = Request::builder()
            .method(method.clone())
            .uri(path)
            .header(header::HOST, "localhost");
        if let Some(k) = key {
            req = req.header(header::AUTHORIZATION, format!("Bearer {k}"));
        }
        if body.is_some() {
            req = req.header(header::CONTENT_TYPE, "application/json");
        }
        for (name, value) in extra {
            req = req.header(*name, *value);
        }
        let req = req
            .body(body.map_or_else(Body::empty, Body::from))
            .expect("request");
        let res = self.router.clone().oneshot(req).await.expect("response");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = to_bytes(res.into_body(), 8 << 20).await.expect("body");
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)))
        };
        if status.is_client_error() || status.is_server_error() {
            assert!(
                body["errors"][0]["code"].is_string() && body["errors"][0]["detail"].is_string(),
                "{status} without the error shape: {body}"
            );
        }
        support::document::conforms(&method, path, status, &body);
        Reply {
            status,
            headers,
            body,
        }
    }

    async fn get(&self, path: &str, key: &str) -> Reply {
        self.call(Method::GET, path, Some(key), None, &[]).await
    }

    async fn send(&self, method: Method, path: &str, key: &str, body: Value) -> Reply {
        self.call(method, path, Some(key), Some(body.to_string()), &[])
            .await
    }

    async fn key(&self, user: &SessionUser, scope: ApiScope) -> String {
        let new = NewApiKey {
            name: format!("{} {}", user.name, scope.code()),
            scope,
            expires_on: None,
        };
        api_keys::create(&self.ctx, &actor_of(user), new)
            .await
            .expect("key")
            .secret
    }
}

async fn keys_act_as_their_user_within_their_scope(ctx: Ctx) {
    let api = Api::new(ctx.clone());
    let admin = first_admin(&ctx).await;
    let rep = invited(&ctx, &admin, "rep@example.com", Role::User).await;
    let writer = api.key(&rep, ApiScope::ReadWrite).await;
    let reader = api.key(&rep, ApiScope::Read).await;

    let none = api.call(Method::GET, "/api/v1/me", None, None, &[]).await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    assert_eq!(none.error(), ("api-key-invalid", None));
    assert_eq!(none.headers[header::WWW_AUTHENTICATE], "Bearer");
    let bad = api.get("/api/v1/me", "ncrm_nothing").await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);

    let me = api.get("/api/v1/me", &writer).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["user"]["id"], rep.id.to_string());
    assert_eq!(me.body["role"], "user");
    assert_eq!(me.body["scope"], "read-write");
    assert_eq!(me.headers[header::CACHE_CONTROL], "no-store");
    let me = api.get("/api/v1/me", &reader).await;
    assert_eq!(me.body["scope"], "read");

    // A read key reads but never writes.
    let listed = api.get("/api/v1/contacts", &reader).await;
    assert_eq!(listed.status, StatusCode::OK);
    let refused = api
        .send(
            Method::POST,
            "/api/v1/contacts",
            &reader,
            json!({"last_name": "X"}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.error(), ("api-scope-read", None));

    // Errors speak the caller's language.
    let german = api
        .call(
            Method::GET,
            "/api/v1/me",
            None,
            None,
            &[("accept-language", "de-DE,de;q=0.9")],
        )
        .await;
    let detail = german.body["errors"][0]["detail"]
        .as_str()
        .unwrap_or_default();
    assert!(detail.starts_with("Senden Sie"), "{detail}");

    // Deactivating the user stops every key at once.
    users::set_active(&ctx, &actor_of(&admin), rep.id, false)
        .await
        .expect("deactivate");
    assert_eq!(
        api.get("/api/v1/me", &writer).await.status,
        StatusCode::UNAUTHORIZED
    );

    // The API is not the pages: no session cookie, no redirects, JSON for unknown paths.
    let admin_key = api.key(&admin, ApiScope::ReadWrite).await;
    let lost = api.get("/api/v1/nothing-here", &admin_key).await;
    assert_eq!(
        (lost.status, lost.error().0),
        (StatusCode::NOT_FOUND, "api-no-route")
    );
    assert!(lost.headers.get(header::SET_COOKIE).is_none());
    let wrong = api
        .call(Method::PUT, "/api/v1/me", Some(&admin_key), None, &[])
        .await;
    assert_eq!(wrong.status, StatusCode::METHOD_NOT_ALLOWED);
}

async fn a_contact_round_trip(ctx: Ctx) {
    let api = Api::new(ctx.clone());
    let admin = first_admin(&ctx).await;
    let rep = invited(&ctx, &admin, "rep@example.com", Role::User).await;
    let key = api.key(&rep, ApiScope::ReadWrite).await;

    let made = api
        .send(
            Method::POST,
            "/api/v1/contacts",
            &key,
            json!({"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com",
                   "phone": "+44 20 7946 0000", "birthday": "1815-12-10"}),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let id = made.body["id"].as_str().expect("id").to_owned();
    let path = format!("/api/v1/contacts/{id}");
    assert_eq!(made.headers[header::LOCATION], path.as_str());
    assert_eq!(made.body["birthday"], "1815-12-10");
    assert_eq!(made.body["owner"]["id"], rep.id.to_string());
    let first_version = made.body["updated_at"]
        .as_str()
        .expect("updated_at")
        .to_owned();
    assert!(
        first_version.ends_with('Z'),
        "RFC 3339 in UTC: {first_version}"
    );

    let one = api
        .send(
            Method::PATCH,
            &path,
            &key,
            json!({"phone": "+44 20 7946 0999"}),
        )
        .await;
    assert_eq!(one.status, StatusCode::OK, "{}", one.body);
    assert_eq!(one.body["phone"], "+44 20 7946 0999");
    for kept in ["first_name", "last_name", "email", "birthday"] {
        assert_eq!(one.body[kept], made.body[kept], "{kept} was left alone");
    }
    let cleared = api
        .send(Method::PATCH, &path, &key, json!({"email": null}))
        .await;
    assert_eq!(cleared.body["email"], Value::Null);
    assert_eq!(cleared.body["phone"], "+44 20 7946 0999");

    // Stale writes are conflicts, by body version or by header.
    let stale = api
        .send(
            Method::PATCH,
            &path,
            &key,
            json!({"phone": "1", "updated_at": first_version}),
        )
        .await;
    assert_eq!(
        (stale.status, stale.error().0),
        (StatusCode::CONFLICT, "error-stale")
    );
    let current = cleared.body["updated_at"].clone();
    let fresh = api
        .send(
            Method::PATCH,
            &path,
            &key,
            json!({"mobile": "+1 555 0100", "updated_at": current}),
        )
        .await;
    assert_eq!(fresh.status, StatusCode::OK, "{}", fresh.body);
    let since = |date: &str| [("if-unmodified-since", date.to_owned())];
    for (date, want) in [
        ("Mon, 01 Jan 2024 00:00:00 GMT", StatusCode::CONFLICT),
        ("Fri, 01 Jan 2100 00:00:00 GMT", StatusCode::OK),
        ("yesterday", StatusCode::BAD_REQUEST),
    ] {
        let h = since(date);
        let r = api
            .call(
                Method::PATCH,
                &path,
                Some(&key),
                Some(json!({"position": "Analyst"}).to_string()),
                &[(h[0].0, h[0].1.as_str())],
            )
            .await;
        assert_eq!(r.status, want, "{date}: {}", r.body);
    }
    assert_eq!(api.get(&path, &key).await.body["phone"], "+44 20 7946 0999");

    // Bad input: named, a 4xx, and nothing lost.
    for (body, status, field) in [
        (json!({"phnoe": "1"}), StatusCode::BAD_REQUEST, "phnoe"),
        (json!({"phone": 5}), StatusCode::BAD_REQUEST, "phone"),
        (
            json!({"birthday": "soon"}),
            StatusCode::BAD_REQUEST,
            "birthday",
        ),
        (
            json!({"last_name": "x".repeat(100_000)}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "last_name",
        ),
        (
            json!({"email": "not an email"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "email",
        ),
        (json!({"owner": "nobody"}), StatusCode::BAD_REQUEST, "owner"),
    ] {
        let r = api.send(Method::PATCH, &path, &key, body.clone()).await;
        assert_eq!(
            (r.status, r.error().1),
            (status, Some(field)),
            "{body}: {}",
            r.body
        );
    }
    let not_json = api
        .call(
            Method::POST,
            "/api/v1/contacts",
            Some(&key),
            Some("{".into()),
            &[],
        )
        .await;
    assert_eq!(
        (not_json.status, not_json.error().0),
        (StatusCode::BAD_REQUEST, "api-bad-body")
    );
    let huge = format!("{{\"last_name\": \"{}\"}}", "x".repeat(1_100_000));
    let too_big = api
        .call(
            Method::POST,
            "/api/v1/contacts",
            Some(&key),
            Some(huge),
            &[],
        )
        .await;
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(api.get(&path, &key).await.body["mobile"], "+1 555 0100");

    // Trash and back.
    let gone = api.call(Method::DELETE, &path, Some(&key), None, &[]).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    assert_eq!(api.get(&path, &key).await.status, StatusCode::NOT_FOUND);
    let back = api
        .call(
            Method::POST,
            &format!("{path}/restore"),
            Some(&key),
            None,
            &[],
        )
        .await;
    assert_eq!(back.status, StatusCode::NO_CONTENT);
    assert_eq!(api.get(&path, &key).await.status, StatusCode::OK);
    assert_eq!(
        api.get("/api/v1/contacts/not-an-id", &key).await.status,
        StatusCode::NOT_FOUND
    );
}

async fn lists_page_by_opaque_cursors_and_refuse_unknown_parameters(ctx: Ctx) {
    let api = Api::new(ctx.clone());
    let admin = first_admin(&ctx).await;
    let rep = invited(&ctx, &admin, "rep@example.com", Role::User).await;
    let key = api.key(&rep, ApiScope::ReadWrite).await;
    for name in ["Ames", "Baker", "Cole", "Dunn", "Eliot"] {
        let r = api
            .send(
                Method::POST,
                "/api/v1/contacts",
                &key,
                json!({"last_name": name}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED);
    }
    let admins = api.key(&admin, ApiScope::ReadWrite).await;
    api.send(
        Method::POST,
        "/api/v1/contacts",
        &admins,
        json!({"last_name": "Hidden"}),
    )
    .await;

    let mut seen = Vec::new();
    let mut url = "/api/v1/contacts?sort=name&order=desc&limit=2".to_owned();
    loop {
        let page = api.get(&url, &key).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let rows = page.body["data"].as_array().expect("data");
        assert!(rows.len() <= 2);
        seen.extend(
            rows.iter()
                .map(|r| r["name"].as_str().unwrap_or_default().to_owned()),
        );
        match page.body["next_cursor"].as_str() {
            Some(cursor) => {
                url = format!("/api/v1/contacts?sort=name&order=desc&limit=2&cursor={cursor}")
            }
            None => break,
        }
    }
    assert_eq!(seen, ["Eliot", "Dunn", "Cole", "Baker", "Ames"]);

    let found = api.get("/api/v1/contacts?q=col", &key).await;
    assert_eq!(found.body["data"].as_array().map(Vec::len), Some(1));
    for (query, field) in [
        ("curser=abc", "curser"),
        ("cursor=abc", "cursor"),
        ("limit=500", "limit"),
        ("limit=2&limit=3", "limit"),
        ("sort=shoe_size", "sort"),
        ("created_from=yesterday", "created_from"),
    ] {
        let r = api.get(&format!("/api/v1/contacts?{query}"), &key).await;
        assert_eq!(
            (r.status, r.error().1),
            (StatusCode::BAD_REQUEST, Some(field)),
            "{query}: {}",
            r.body
        );
    }
    // Another user's cursor is no cursor here.
    let page = api.get("/api/v1/contacts?limit=1", &admins).await;
    let theirs = page.body["next_cursor"].as_str().expect("a next page");
    let r = api
        .get(&format!("/api/v1/contacts?limit=1&cursor={theirs}"), &key)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

async fn idempotency_keys_make_retries_safe(ctx: Ctx) {
    let api = Api::new(ctx.clone());
    let admin = first_admin(&ctx).await;
    let key = api.key(&admin, ApiScope::ReadWrite).await;
    let create = |idem: &'static str, name: &'static str| {
        let (api, key) = (&api, key.clone());
        async move {
            api.call(
                Method::POST,
                "/api/v1/contacts",
                Some(&key),
                Some(json!({"last_name": name}).to_string()),
                &[("idempotency-key", idem)],
            )
            .await
        }
    };
    let count = async || {
        api.get("/api/v1/contacts?limit=200", &key).await.body["data"]
            .as_array()
            .map_or(0, Vec::len)
    };

    let first = create("order-1", "Once").await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert!(first.headers.get("idempotent-replayed").is_none());
    let again = create("order-1", "Once").await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.headers["idempotent-replayed"], "true");
    assert_eq!(again.body["id"], first.body["id"]);
    assert_eq!(
        again.headers[header::LOCATION],
        first.headers[header::LOCATION]
    );
    assert_eq!(count().await, 1);

    let other = create("order-1", "Twice").await;
    assert_eq!(
        (other.status, other.error().0),
        (StatusCode::UNPROCESSABLE_ENTITY, "api-idempotency-mismatch")
    );

    // Sent twice at once: one record, the same answer to both.
    let (a, b) = tokio::join!(create("order-2", "Racer"), create("order-2", "Racer"));
    assert_eq!(
        (a.status, b.status),
        (StatusCode::CREATED, StatusCode::CREATED)
    );
    assert_eq!(a.body["id"], b.body["id"]);
    assert_eq!(count().await, 2);

    // A failure is not kept: the retry runs again.
    let failed = create("order-3", "").await;
    assert_eq!(failed.status, StatusCode::UNPROCESSABLE_ENTITY);
    let retried = create("order-3", "").await;
    assert_eq!(retried.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(retried.headers.get("idempotent-replayed").is_none());

    let bad = create("two words", "X").await;
    assert_eq!(
        (bad.status, bad.error().1),
        (StatusCode::BAD_REQUEST, Some("Idempotency-Key"))
    );
}

async fn rates_are_limited_per_key_and_per_address(ctx: Ctx) {
    let admin = first_admin(&ctx).await;
    let api = Api::with_limits(ctx.clone(), Limits::per_minute(0, 2));
    let (one, two) = (
        api.key(&admin, ApiScope::Read).await,
        api.key(&admin, ApiScope::ReadWrite).await,
    );
    let first = api.get("/api/v1/me", &one).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.headers["ratelimit-policy"], "\"per-key\";q=2;w=60");
    let rate = first.headers["ratelimit"]
        .to_str()
        .unwrap_or_default()
        .to_owned();
    assert!(rate.starts_with("\"per-key\";r=1;t="), "{rate}");
    assert_eq!(api.get("/api/v1/me", &one).await.status, StatusCode::OK);
    let refused = api.get("/api/v1/me", &one).await;
    assert_eq!(
        (refused.status, refused.error().0),
        (StatusCode::TOO_MANY_REQUESTS, "error-rate-limited")
    );
    let wait: u64 = refused.headers[header::RETRY_AFTER]
        .to_str()
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_default();
    assert!((1..=60).contains(&wait), "Retry-After {wait}");
    assert_eq!(
        api.get("/api/v1/me", &two).await.status,
        StatusCode::OK,
        "keys count apart"
    );

    // Per address, before the key is even read: guessing keys is limited too.
    let api = Api::with_limits(ctx.clone(), Limits::per_minute(2, 0));
    for _ in 0..2 {
        assert_eq!(
            api.get("/api/v1/me", "ncrm_guess").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let refused = api.get("/api/v1/me", &two).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        refused.headers["ratelimit"]
            .to_str()
            .unwrap_or_default()
            .starts_with("\"per-ip\"")
    );
}

async fn deals_move_stage_and_leads_convert(ctx: Ctx) {
    let api = Api::new(ctx.clone());
    let admin = first_admin(&ctx).await;
    let rep = invited(&ctx, &admin, "rep@example.com", Role::User).await;
    let stranger = invited(&ctx, &admin, "stranger@example.com", Role::User).await;
    let (key, strangers) = (
        api.key(&rep, ApiScope::ReadWrite).await,
        api.key(&stranger, ApiScope::ReadWrite).await,
    );
    let deal = api
        .send(
            Method::POST,
            "/api/v1/opportunities",
            &key,
            json!({"name": "Big one", "close_date": "2027-03-31", "amount": "5000", "currency": "EUR"}),
        )
        .await;
    assert_eq!(deal.status, StatusCode::CREATED, "{}", deal.body);
    let id = deal.body["id"].as_str().expect("id").to_owned();
    let stages = svc::lookups::stages(&ctx, &actor_of(&admin))
        .await
        .expect("stages");
    let lost = stages
        .iter()
        .find(|s| s.kind == types::dto::lookups::StageKind::Lost)
        .expect("a lost stage");
    let path = format!("/api/v1/opportunities/{id}/stage");

    let no_reason = api
        .send(Method::POST, &path, &key, json!({"stage": lost.id}))
        .await;
    assert_eq!(
        no_reason.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        no_reason.body
    );
    let hidden = api
        .send(
            Method::POST,
            &path,
            &strangers,
            json!({"stage": lost.id, "lost_reason": "x"}),
        )
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let moved = api
        .send(
            Method::POST,
            &path,
            &key,
            json!({"stage": lost.id, "lost_reason": "Budget cut"}),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    assert_eq!(moved.body["stage"]["id"], lost.id.to_string());
    assert_eq!(moved.body["lost_reason"], "Budget cut");
    assert!(moved.body["closed_at"].is_string());

    let lead = api
        .send(
            Method::POST,
            "/api/v1/leads",
            &key,
            json!({"first_name": "Grace", "last_name": "Hopper", "company": "Navy"}),
        )
        .await;
    assert_eq!(lead.status, StatusCode::CREATED, "{}", lead.body);
    let convert = format!(
        "/api/v1/leads/{}/convert",
        lead.body["id"].as_str().unwrap_or_default()
    );
    let hidden = api
        .send(Method::POST, &convert, &strangers, json!({}))
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let made = api.send(Method::POST, &convert, &key, json!({})).await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let account = made.body["account"]["id"]
        .as_str()
        .expect("an account")
        .to_owned();
    let contact = made.body["contact"]["id"]
        .as_str()
        .expect("a contact")
        .to_owned();
    assert_eq!(made.body["deal"], Value::Null);
    let got = api.get(&format!("/api/v1/accounts/{account}"), &key).await;
    assert_eq!(
        (got.status, got.body["name"].as_str()),
        (StatusCode::OK, Some("Navy"))
    );
    let got = api.get(&format!("/api/v1/contacts/{contact}"), &key).await;
    assert_eq!(got.body["last_name"], "Hopper");
    let twice = api.send(Method::POST, &convert, &key, json!({})).await;
    assert_eq!(
        (twice.status, twice.error().0),
        (StatusCode::UNPROCESSABLE_ENTITY, "leads-already-converted")
    );
    let typo = api
        .send(Method::POST, &convert, &key, json!({"acount": account}))
        .await;
    assert_eq!(
        (typo.status, typo.error().1),
        (StatusCode::BAD_REQUEST, Some("acount"))
    );
}

/// The id in a reply's body.
fn id_in(r: &Reply) -> String {
    assert!(r.status.is_success(), "{}: {}", r.status, r.body);
    r.body["id"].as_str().expect("an id").to_owned()
}

async fn parts_follow_their_record(ctx: Ctx) {
    let api = Api::new(ctx.clone());
    let admin = first_admin(&ctx).await;
    let owner = invited(&ctx, &admin, "owner@example.com", Role::User).await;
    let stranger = invited(&ctx, &admin, "stranger@example.com", Role::User).await;
    let key = api.key(&owner, ApiScope::ReadWrite).await;
    let reader = api.key(&owner, ApiScope::Read).await;
    let strangers = api.key(&stranger, ApiScope::ReadWrite).await;
    let deal_body =
        json!({"name": "Seats", "close_date": "2027-03-31", "amount": "10", "currency": "EUR"});

    // A deal's lines: added, listed with totals, changed, removed; the deal's amount follows.
    let deal = id_in(
        &api.send(
            Method::POST,
            "/api/v1/opportunities",
            &key,
            deal_body.clone(),
        )
        .await,
    );
    let lines = format!("/api/v1/opportunities/{deal}/line-items");
    let added = api
        .send(
            Method::POST,
            &lines,
            &key,
            json!({"description": "Seats", "quantity_milli": 3000, "unit_price": "100", "tax_rate_bp": 1900}),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    let line = id_in(&added);
    let one = format!("{lines}/{line}");
    assert_eq!(added.headers[header::LOCATION], one.as_str());
    // 3 × 100 = 300 + 19 % = 357.
    assert_eq!(added.body["amounts"]["total"], 35_700);
    let all = api.get(&lines, &key).await;
    assert_eq!(all.body["totals"]["total"], 35_700);
    assert_eq!(all.body["items"][0]["id"], line.as_str());
    let got = api
        .get(&format!("/api/v1/opportunities/{deal}"), &key)
        .await;
    assert_eq!(got.body["amount"]["minor"], 35_700);
    let changed = api
        .send(
            Method::PATCH,
            &one,
            &key,
            json!({"quantity_milli": 1000, "discount": {"kind": "percent", "value": 1000}}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    // 100 − 10 % = 90 + 19 % = 107.10; the description stays.
    assert_eq!(changed.body["amounts"]["total"], 10_710);
    assert_eq!(changed.body["description"], "Seats");
    assert_eq!(api.get(&one, &key).await.body, changed.body);
    let typo = api
        .send(Method::PATCH, &one, &key, json!({"quantity": 2}))
        .await;
    assert_eq!(
        (typo.status, typo.error().1),
        (StatusCode::BAD_REQUEST, Some("quantity"))
    );
    let zero = api
        .send(Method::PATCH, &one, &key, json!({"quantity_milli": 0}))
        .await;
    assert_eq!(
        (zero.status, zero.error()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            ("validation-quantity", Some("quantity"))
        )
    );
    // Who cannot see the deal cannot see its lines; a read key cannot change them.
    for r in [
        api.get(&lines, &strangers).await,
        api.get(&one, &strangers).await,
        api.send(
            Method::PATCH,
            &one,
            &strangers,
            json!({"quantity_milli": 5000}),
        )
        .await,
        api.call(Method::DELETE, &one, Some(&strangers), None, &[])
            .await,
    ] {
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    }
    let read_only = api
        .send(
            Method::POST,
            &lines,
            &reader,
            json!({"description": "x", "unit_price": "1"}),
        )
        .await;
    assert_eq!(read_only.status, StatusCode::FORBIDDEN);
    let other = id_in(
        &api.send(Method::POST, "/api/v1/opportunities", &key, deal_body)
            .await,
    );
    let elsewhere = api
        .get(
            &format!("/api/v1/opportunities/{other}/line-items/{line}"),
            &key,
        )
        .await;
    assert_eq!(
        elsewhere.status,
        StatusCode::NOT_FOUND,
        "a line of another deal"
    );
    // Contracts have lines too; accounts have none.
    let contract = id_in(
        &api.send(
            Method::POST,
            "/api/v1/contracts",
            &key,
            json!({"title": "Terms", "currency": "EUR"}),
        )
        .await,
    );
    let support_line = api
        .send(
            Method::POST,
            &format!("/api/v1/contracts/{contract}/line-items"),
            &key,
            json!({"description": "Support", "unit_price": "50"}),
        )
        .await;
    assert_eq!(
        support_line.status,
        StatusCode::CREATED,
        "{}",
        support_line.body
    );
    let none = api
        .get(&format!("/api/v1/accounts/{deal}/line-items"), &key)
        .await;
    assert_eq!(none.error(), ("api-no-route", None));
    let removed = api.call(Method::DELETE, &one, Some(&key), None, &[]).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    assert_eq!(api.get(&one, &key).await.status, StatusCode::NOT_FOUND);
    let got = api
        .get(&format!("/api/v1/opportunities/{deal}"), &key)
        .await;
    assert_eq!(got.body["has_lines"], false);

    // A task's comments.
    let task = id_in(
        &api.send(
            Method::POST,
            "/api/v1/tasks",
            &key,
            json!({"title": "Call back"}),
        )
        .await,
    );
    let comments = format!("/api/v1/tasks/{task}/comments");
    let said = api
        .send(
            Method::POST,
            &comments,
            &key,
            json!({"body": "Left a voicemail"}),
        )
        .await;
    assert_eq!(said.status, StatusCode::CREATED, "{}", said.body);
    assert_eq!(said.body["author"], owner.name.as_str());
    let blank = api
        .send(Method::POST, &comments, &key, json!({"body": "  "}))
        .await;
    assert_eq!(
        (blank.status, blank.error()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            ("validation-required", Some("body"))
        )
    );
    let listed = api.get(&comments, &key).await;
    assert_eq!(listed.body["data"][0]["body"], "Left a voicemail");
    assert_eq!(listed.body["data"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        api.get(&comments, &strangers).await.status,
        StatusCode::NOT_FOUND
    );
    let r = api
        .send(Method::POST, &comments, &strangers, json!({"body": "hi"}))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = api
        .send(Method::POST, &comments, &reader, json!({"body": "hi"}))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // An activity's links.
    let account = id_in(
        &api.send(
            Method::POST,
            "/api/v1/accounts",
            &key,
            json!({"name": "Initech"}),
        )
        .await,
    );
    let hidden = id_in(
        &api.send(
            Method::POST,
            "/api/v1/accounts",
            &strangers,
            json!({"name": "Hidden"}),
        )
        .await,
    );
    let (new_call, _) = bodies(RecordKind::Activity);
    let call = id_in(
        &api.send(Method::POST, "/api/v1/activities", &key, new_call)
            .await,
    );
    let links = format!("/api/v1/activities/{call}/links");
    let linked = api
        .send(
            Method::POST,
            &links,
            &key,
            json!({"kind": "account", "id": account}),
        )
        .await;
    assert_eq!(linked.status, StatusCode::NO_CONTENT, "{}", linked.body);
    let listed = api.get(&links, &key).await;
    assert_eq!(
        listed.body["data"],
        json!([{"kind": "account", "id": account, "title": "Initech"}])
    );
    let r = api
        .send(
            Method::POST,
            &links,
            &key,
            json!({"kind": "account", "id": hidden}),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "a record the user cannot see"
    );
    let r = api
        .send(
            Method::POST,
            &links,
            &key,
            json!({"kind": "planet", "id": account}),
        )
        .await;
    assert_eq!(
        (r.status, r.error().1),
        (StatusCode::BAD_REQUEST, Some("kind"))
    );
    assert_eq!(
        api.get(&links, &strangers).await.status,
        StatusCode::NOT_FOUND
    );
    let unlinked = api
        .call(
            Method::DELETE,
            &format!("{links}/account/{account}"),
            Some(&key),
            None,
            &[],
        )
        .await;
    assert_eq!(unlinked.status, StatusCode::NO_CONTENT);
    assert_eq!(api.get(&links, &key).await.body["data"], json!([]));
    let r = api
        .call(
            Method::DELETE,
            &format!("{links}/planet/{account}"),
            Some(&key),
            None,
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

async fn the_users_directory_shows_what_each_role_may_see(ctx: Ctx) {
    let api = Api::new(ctx.clone());
    let admin = first_admin(&ctx).await;
    let rep = invited(&ctx, &admin, "rep@example.com", Role::User).await;
    let manager = invited(&ctx, &admin, "manager@example.com", Role::Manager).await;
    let gone = invited(&ctx, &admin, "gone@example.com", Role::User).await;
    users::set_active(&ctx, &actor_of(&admin), gone.id, false)
        .await
        .expect("deactivate");
    let reps = api.key(&rep, ApiScope::Read).await;
    let managers = api.key(&manager, ApiScope::Read).await;
    let names = |r: &Reply| -> Vec<String> {
        r.body["data"]
            .as_array()
            .expect("data")
            .iter()
            .map(|u| u["name"].as_str().unwrap_or_default().to_owned())
            .collect()
    };

    // A rep sees active colleagues' names and roles, by name, and no addresses.
    let seen = api.get("/api/v1/users", &reps).await;
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.body);
    assert_eq!(
        names(&seen),
        [
            "Ada Admin",
            "User manager@example.com",
            "User rep@example.com"
        ]
    );
    assert!(
        seen.body["data"]
            .as_array()
            .expect("data")
            .iter()
            .all(|u| u["email"].is_null())
    );
    assert_eq!(seen.body["data"][1]["role"], "manager");
    let hidden = api.get(&format!("/api/v1/users/{}", gone.id), &reps).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    assert_eq!(
        names(&api.get("/api/v1/users?q=gone", &reps).await),
        Vec::<String>::new()
    );
    // A manager sees everyone, with addresses and who is deactivated.
    let all = api.get("/api/v1/users", &managers).await;
    assert_eq!(names(&all).len(), 4);
    let one = api
        .get(&format!("/api/v1/users/{}", gone.id), &managers)
        .await;
    assert_eq!(
        (one.body["email"].as_str(), one.body["active"].as_bool()),
        (Some("gone@example.com"), Some(false))
    );
    assert_eq!(
        names(&api.get("/api/v1/users?q=ada", &reps).await),
        ["Ada Admin"]
    );
    // Pages of one, walked by cursor, give the whole list once.
    let mut walked = Vec::new();
    let mut next = String::from("/api/v1/users?limit=1");
    loop {
        let page = api.get(&next, &managers).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        walked.extend(names(&page));
        match page.body["next_cursor"].as_str() {
            Some(c) => next = format!("/api/v1/users?limit=1&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(walked, names(&all));
    let first = api.get("/api/v1/users?limit=1", &managers).await;
    let cursor = first.body["next_cursor"].as_str().expect("a next page");
    let theirs = api
        .get(&format!("/api/v1/users?cursor={cursor}"), &reps)
        .await;
    assert_eq!(
        (theirs.status, theirs.error().1),
        (StatusCode::BAD_REQUEST, Some("cursor")),
        "a cursor is sealed to whoever paged"
    );
    let unknown = api.get("/api/v1/users?sort=name", &reps).await;
    assert_eq!(
        (unknown.status, unknown.error().1),
        (StatusCode::BAD_REQUEST, Some("sort"))
    );
    // The directory is read only.
    let writer = api.key(&manager, ApiScope::ReadWrite).await;
    let r = api
        .call(
            Method::POST,
            "/api/v1/users",
            Some(&writer),
            Some("{}".into()),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
}

async fn webhooks_are_managed_by_admins(ctx: Ctx) {
    let api = Api::new(ctx.clone());
    let admin = first_admin(&ctx).await;
    let rep = invited(&ctx, &admin, "rep@example.com", Role::User).await;
    let admins = api.key(&admin, ApiScope::ReadWrite).await;
    let reps = api.key(&rep, ApiScope::ReadWrite).await;
    let body = json!({
        "name": "Sync",
        "url": "https://hooks.example.com/crm",
        "events": ["contact.created", "lead.converted"],
    });
    let r = api
        .send(Method::POST, "/api/v1/webhooks", &reps, body.clone())
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        api.get("/api/v1/webhooks", &reps).await.status,
        StatusCode::FORBIDDEN
    );
    let made = api
        .send(Method::POST, "/api/v1/webhooks", &admins, body)
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    assert!(
        made.body["secret"]
            .as_str()
            .is_some_and(|s| s.starts_with("whsec_"))
    );
    let id = made.body["webhook"]["id"].as_str().expect("id").to_owned();
    let one = format!("/api/v1/webhooks/{id}");
    assert_eq!(made.headers[header::LOCATION], one.as_str());
    let bad = api
        .send(
            Method::POST,
            "/api/v1/webhooks",
            &admins,
            json!({"name": " ", "url": "http://10.0.0.1/x", "events": ["contact.exploded"]}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut problems: Vec<(String, String)> = bad.body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap_or_default().to_owned(),
                e["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    problems.sort();
    assert_eq!(
        problems,
        [
            ("events".to_owned(), "validation-invalid".to_owned()),
            ("name".to_owned(), "validation-required".to_owned()),
            ("url".to_owned(), "webhooks-private-address".to_owned()),
        ]
    );
    let off = api
        .send(Method::PATCH, &one, &admins, json!({"active": false}))
        .await;
    assert_eq!(
        (off.status, off.body["active"].as_bool()),
        (StatusCode::OK, Some(false))
    );
    let r = api
        .send(Method::PATCH, &one, &reps, json!({"active": true}))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let rotated = api
        .call(
            Method::POST,
            &format!("{one}/rotate"),
            Some(&admins),
            None,
            &[],
        )
        .await;
    assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.body);
    assert_ne!(rotated.body["secret"], made.body["secret"]);
    assert!(rotated.body["webhook"]["previous_secret_until"].is_string());
    let log = api
        .get(&format!("{one}/deliveries?limit=10"), &admins)
        .await;
    assert_eq!(log.body["data"], json!([]));
    let listed = api.get("/api/v1/webhooks", &admins).await;
    assert_eq!(
        listed.body["data"][0]["events"],
        json!(["contact.created", "lead.converted"])
    );
    let gone = api
        .call(Method::DELETE, &one, Some(&admins), None, &[])
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    assert_eq!(api.get(&one, &admins).await.status, StatusCode::NOT_FOUND);
}

/// A document path with every parameter filled: ids are the nil id, kinds `account`.
fn concrete(template: &str) -> String {
    template
        .split('/')
        .map(|s| match s {
            "{kind}" => "account".to_owned(),
            s if s.starts_with('{') => Uuid::nil().to_string(),
            s => s.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The fields of an operation's JSON body, its `$ref` followed into the components.
fn body_fields(op: &Value) -> Option<Vec<String>> {
    use support::document::DOCUMENT;
    let schema = op.pointer("/requestBody/content/application~1json/schema")?;
    let schema = match schema["$ref"].as_str() {
        Some(r) => DOCUMENT.pointer(r.trim_start_matches('#'))?,
        None => schema,
    };
    Some(
        schema["properties"]
            .as_object()
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default(),
    )
}

/// Wrong types, huge strings, unknown fields, broken JSON and bad parameters, sent to every
/// operation the document lists: each gets a 4xx in the error shape (checked by `call`),
/// never a 5xx.
async fn bad_input_gets_a_clear_refusal_never_a_server_error(ctx: Ctx) {
    use support::document::DOCUMENT;
    let api = Api::new(ctx.clone());
    let admin = first_admin(&ctx).await;
    let key = api.key(&admin, ApiScope::ReadWrite).await;
    let huge = "x".repeat(300_000);
    let mut sent = 0;
    for (template, item) in DOCUMENT["paths"].as_object().expect("paths") {
        let uri = format!("/api/v1{}", concrete(template));
        for (verb, op) in item.as_object().expect("item") {
            let method: Method = verb.to_uppercase().parse().expect("a method");
            if let Some(fields) = body_fields(op) {
                let mut bodies: Vec<String> = [
                    "[]",
                    "null",
                    "\"text\"",
                    "{",
                    "{\"no_such_field\": 1}",
                    "{} {}",
                ]
                .map(str::to_owned)
                .to_vec();
                for field in &fields {
                    for value in [
                        json!(12345),
                        json!(true),
                        json!({"deep": [1, [2, {"x": null}]]}),
                        json!(huge),
                        json!([huge]),
                    ] {
                        bodies.push(json!({ field: value }).to_string());
                    }
                }
                for body in bodies {
                    let r = api
                        .call(method.clone(), &uri, Some(&key), Some(body.clone()), &[])
                        .await;
                    sent += 1;
                    assert!(
                        r.status.is_client_error(),
                        "{method} {template} {}: {} {}",
                        &body[..body.len().min(80)],
                        r.status,
                        r.body
                    );
                }
            }
            if method == Method::GET {
                let params: Vec<&str> = op["parameters"]
                    .as_array()
                    .map(|ps| {
                        ps.iter()
                            .filter(|p| p["in"] == "query")
                            .filter_map(|p| p["name"].as_str())
                            .collect()
                    })
                    .unwrap_or_default();
                let long = "q".repeat(5_000);
                for name in params {
                    for value in [
                        "-1",
                        "0",
                        "99999999999999999999999",
                        "abc",
                        "%00",
                        "2026-13-45",
                        "AAAA",
                        long.as_str(),
                    ] {
                        let r = api.get(&format!("{uri}?{name}={value}"), &key).await;
                        sent += 1;
                        assert!(
                            !r.status.is_server_error(),
                            "GET {template}?{name}={value}: {}",
                            r.body
                        );
                    }
                    let twice = api.get(&format!("{uri}?{name}=1&{name}=2"), &key).await;
                    assert_eq!(twice.status.as_u16() / 100, 4, "{template} {name} twice");
                }
            }
        }
    }
    assert!(sent > 1_000, "{sent} requests");
}

/// The router serves exactly what the document describes: every documented operation is
/// routed, every other method on a documented path is 405, other paths are 404; routes are
/// only ever added through the table that writes the document; the document and its
/// reference page are public.
async fn the_document_describes_exactly_the_routes_served(ctx: Ctx) {
    use support::document::DOCUMENT;
    let api = Api::new(ctx.clone());
    let admin = first_admin(&ctx).await;
    let key = api.key(&admin, ApiScope::ReadWrite).await;
    let paths = DOCUMENT["paths"].as_object().expect("paths");
    assert!(paths.len() >= 30, "{} paths", paths.len());
    let mut operations = 0;
    for (template, item) in paths {
        let uri = format!("/api/v1{}", concrete(template));
        for method in [
            Method::GET,
            Method::POST,
            Method::PATCH,
            Method::DELETE,
            Method::PUT,
        ] {
            let body = (method != Method::GET && method != Method::DELETE).then(|| "{}".to_owned());
            let r = api.call(method.clone(), &uri, Some(&key), body, &[]).await;
            let documented = item.get(method.as_str().to_lowercase()).is_some();
            if documented {
                operations += 1;
                assert_ne!(
                    r.status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {template}"
                );
                assert_ne!(r.error().0, "api-no-route", "{method} {template}");
                assert!(
                    !r.status.is_server_error(),
                    "{method} {template}: {}",
                    r.body
                );
            } else {
                assert_eq!(
                    r.status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {template} is routed but not documented"
                );
            }
        }
    }
    assert!(operations >= 60, "{operations} operations");
    let nowhere = api.get("/api/v1/accounts/nothing/here", &key).await;
    assert_eq!(nowhere.error(), ("api-no-route", None));
    // Routes join the router only through the table that documents them.
    let rest = concat!(env!("CARGO_MANIFEST_DIR"), "/src/rest");
    for entry in std::fs::read_dir(rest).expect("rest/") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if name.ends_with(".rs") && name != "openapi.rs" {
            let text = std::fs::read_to_string(&path).expect("source");
            assert!(
                !text.contains(".route("),
                "{name} adds a route the document cannot see"
            );
        }
    }
    // The document and the reference page need no key.
    let served = api
        .call(Method::GET, "/api/v1/openapi.json", None, None, &[])
        .await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.body, *DOCUMENT);
    assert_eq!(served.body["openapi"], "3.1.0");
    let req = Request::builder()
        .uri("/api/docs")
        .header(header::HOST, "localhost")
        .header(header::ACCEPT_LANGUAGE, "de")
        .body(Body::empty())
        .expect("request");
    let res = api.router.clone().oneshot(req).await.expect("page");
    assert_eq!(res.status(), StatusCode::OK);
    let csp = res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        csp.starts_with("default-src 'none'") && !csp.contains("script") && !csp.contains("unsafe"),
        "no script may run on the page: {csp}"
    );
    let html = String::from_utf8(
        to_bytes(res.into_body(), 8 << 20)
            .await
            .expect("body")
            .to_vec(),
    )
    .expect("utf-8");
    assert!(html.contains("<html lang=\"de\">"));
    assert!(
        html.contains("REST-API-Referenz"),
        "headings follow the language"
    );
    for (template, item) in paths {
        for (_, op) in item.as_object().expect("item") {
            if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                assert!(
                    html.contains(&format!("id=\"op-{id}\"")),
                    "{id} is on the page"
                );
            }
        }
        assert!(
            html.contains(&format!("<code>{template}</code>")),
            "{template}"
        );
    }
    assert!(html.contains("id=\"schema-Account\""));
}

/// A new record of `kind`, as JSON a client would send, and the patch of its title.
fn bodies(kind: RecordKind) -> (Value, Value) {
    match kind {
        RecordKind::Account => (json!({"name": "Acme"}), json!({"name": "Acme 2"})),
        RecordKind::Contact => (json!({"last_name": "Cole"}), json!({"last_name": "Cole 2"})),
        RecordKind::Lead => (json!({"last_name": "Lee"}), json!({"last_name": "Lee 2"})),
        RecordKind::Opportunity => (
            json!({"name": "Deal", "close_date": "2027-01-31", "amount": "1000", "currency": "EUR"}),
            json!({"name": "Deal 2"}),
        ),
        RecordKind::Contract => (
            json!({"title": "Terms", "currency": "EUR"}),
            json!({"title": "Terms 2"}),
        ),
        RecordKind::Product => (
            json!({"name": "Widget", "price": "9.99", "currency": "EUR"}),
            json!({"name": "Widget 2"}),
        ),
        RecordKind::Task => (
            json!({"title": "Call back"}),
            json!({"title": "Call again"}),
        ),
        RecordKind::Activity => (
            json!({"kind": "call", "subject": "Intro", "occurred_at": "2026-11-30T10:00:00Z"}),
            json!({"subject": "Intro 2"}),
        ),
    }
}

/// What a service call gave, as the API must answer it.
fn status_of<T>(r: Result<T, CoreError>, ok: StatusCode) -> StatusCode {
    match r {
        Ok(_) => ok,
        Err(CoreError::NotFound) => StatusCode::NOT_FOUND,
        Err(CoreError::Forbidden) => StatusCode::FORBIDDEN,
        Err(e) => panic!("unexpected {e:?}"),
    }
}

/// One verb of one kind through its service, with the body the API got.
macro_rules! verb {
    ($m:ident, $Id:ident, $P:ty, $ctx:expr, $actor:expr, $id:expr, get, $body:expr) => {
        status_of(
            svc::$m::get($ctx, $actor, types::ids::$Id($id)).await,
            StatusCode::OK,
        )
    };
    ($m:ident, $Id:ident, $P:ty, $ctx:expr, $actor:expr, $id:expr, update, $body:expr) => {
        status_of(
            svc::$m::update(
                $ctx,
                $actor,
                types::ids::$Id($id),
                serde_json::from_value::<$P>($body).expect("patch"),
            )
            .await,
            StatusCode::OK,
        )
    };
}

/// Runs one verb through the services of `kind`.
macro_rules! by_service {
    ($kind:expr, $($rest:tt)*) => {{
        match $kind {
            RecordKind::Account => verb!(accounts, AccountId, a::AccountPatch, $($rest)*),
            RecordKind::Contact => verb!(contacts, ContactId, c::ContactPatch, $($rest)*),
            RecordKind::Lead => verb!(leads, LeadId, l::LeadPatch, $($rest)*),
            RecordKind::Opportunity => {
                verb!(opportunities, OpportunityId, o::OpportunityPatch, $($rest)*)
            }
            RecordKind::Contract => verb!(contracts, ContractId, k::ContractPatch, $($rest)*),
            RecordKind::Product => verb!(products, ProductId, p::ProductPatch, $($rest)*),
            RecordKind::Task => verb!(tasks, TaskId, t::TaskPatch, $($rest)*),
            RecordKind::Activity => verb!(activities, ActivityId, act::ActivityPatch, $($rest)*),
        }
    }};
}

async fn the_api_allows_exactly_what_the_services_allow(ctx: Ctx) {
    let api = Api::new(ctx.clone());
    let admin = first_admin(&ctx).await;
    let owner = invited(&ctx, &admin, "owner@example.com", Role::User).await;
    let watcher = invited(&ctx, &admin, "watcher@example.com", Role::User).await;
    let stranger = invited(&ctx, &admin, "stranger@example.com", Role::User).await;
    let manager = invited(&ctx, &admin, "manager@example.com", Role::Manager).await;
    let owner_key = api.key(&owner, ApiScope::ReadWrite).await;
    let admin_key = api.key(&admin, ApiScope::ReadWrite).await;
    let cast = [&owner, &watcher, &stranger, &manager, &admin];
    let mut keys = Vec::new();
    for user in cast {
        keys.push((user, api.key(user, ApiScope::ReadWrite).await));
    }

    for kind in RecordKind::ALL {
        let (new, patch) = bodies(kind);
        // Products belong to no one; an admin makes them.
        let maker = if kind == RecordKind::Product {
            &admin_key
        } else {
            &owner_key
        };
        let make = async || {
            let r = api
                .send(
                    Method::POST,
                    kind.list_path_api().as_str(),
                    maker,
                    new.clone(),
                )
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{kind:?}: {}", r.body);
            let id: Uuid = r.body["id"].as_str().expect("id").parse().expect("uuid");
            let maker_actor = if kind == RecordKind::Product {
                actor_of(&admin)
            } else {
                actor_of(&owner)
            };
            if kind != RecordKind::Product {
                actions::set_watcher(&ctx, &maker_actor, kind, id, watcher.id, true)
                    .await
                    .expect("watch");
            }
            (id, maker_actor)
        };
        for (user, key) in &keys {
            let actor: Actor = actor_of(user);
            let who = &user.email;
            // Read and update: the API on one record, the services on its twin.
            let (api_id, _) = make().await;
            let (svc_id, _) = make().await;
            let path = format!("{}/{api_id}", kind.list_path_api());
            let got = api.get(&path, key).await.status;
            let want = by_service!(kind, &ctx, &actor, svc_id, get, patch.clone());
            assert_eq!(got, want, "{kind:?} get as {who}");
            // The matrix has teeth: a stranger never sees a colleague's record.
            if user.id == stranger.id && kind != RecordKind::Product {
                assert_eq!(got, StatusCode::NOT_FOUND, "{kind:?} as a stranger");
            } else {
                assert_eq!(got, StatusCode::OK, "{kind:?} get as {who}");
            }
            let got = api
                .send(Method::PATCH, &path, key, patch.clone())
                .await
                .status;
            let want = by_service!(kind, &ctx, &actor, svc_id, update, patch.clone());
            assert_eq!(got, want, "{kind:?} update as {who}");
            // Delete, then restore.
            let got = api
                .call(Method::DELETE, &path, Some(key), None, &[])
                .await
                .status;
            let want = status_of(
                actions::delete(&ctx, &actor, kind, &[svc_id]).await,
                StatusCode::NO_CONTENT,
            );
            assert_eq!(got, want, "{kind:?} delete as {who}");
            let (api_id, maker_actor) = make().await;
            let (svc_id, _) = make().await;
            for id in [api_id, svc_id] {
                actions::delete(&ctx, &maker_actor, kind, &[id])
                    .await
                    .expect("trash");
            }
            let path = format!("{}/{api_id}/restore", kind.list_path_api());
            let got = api
                .call(Method::POST, &path, Some(key), None, &[])
                .await
                .status;
            let want = status_of(
                actions::restore(&ctx, &actor, kind, svc_id).await,
                StatusCode::NO_CONTENT,
            );
            assert_eq!(got, want, "{kind:?} restore as {who}");
        }
    }
}

/// The API path of a kind's list.
trait ApiPath {
    fn list_path_api(self) -> String;
}

impl ApiPath for RecordKind {
    fn list_path_api(self) -> String {
        format!("/api/v1{}", self.list_path())
    }
}

async fn search_matches_words_and_says_when_meaning_is_off(ctx: Ctx) {
    let api = Api::new(ctx.clone());
    let admin = first_admin(&ctx).await;
    let rep = invited(&ctx, &admin, "rep@example.com", Role::User).await;
    let other = invited(&ctx, &admin, "other@example.com", Role::User).await;
    for (owner, name) in [(&rep, "Quintessa Widgets"), (&other, "Quintessa Tools")] {
        let new = a::NewAccount {
            name: name.into(),
            ..a::NewAccount::default()
        };
        svc::accounts::create(&ctx, &actor_of(owner), new)
            .await
            .expect("account");
    }
    let key = api.key(&rep, ApiScope::Read).await;
    let titles = |r: &Reply| -> Vec<String> {
        r.body["data"]
            .as_array()
            .expect("data")
            .iter()
            .map(|h| h["title"].as_str().unwrap_or_default().to_owned())
            .collect()
    };

    // Hybrid by default: this server has search by meaning off, so the words match alone,
    // among what the rep may see, and the answer says why meaning took no part.
    let found = api.get("/api/v1/search?q=quintesa", &key).await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.body);
    assert_eq!(titles(&found), ["Quintessa Widgets"]);
    assert_eq!(found.body["data"][0]["kind"], "account");
    assert_eq!(found.body["meaning_off"], "ai-off-disabled");
    let words = api
        .get("/api/v1/search?q=quintesa&mode=keyword", &key)
        .await;
    assert_eq!(titles(&words), ["Quintessa Widgets"]);
    assert!(words.body["meaning_off"].is_null(), "{}", words.body);
    let meaning = api
        .get("/api/v1/search?q=quintesa&mode=semantic", &key)
        .await;
    assert_eq!(meaning.status, StatusCode::OK, "{}", meaning.body);
    assert!(titles(&meaning).is_empty());
    assert_eq!(meaning.body["meaning_off"], "ai-off-disabled");

    // Strict input.
    let bad = api.get("/api/v1/search?q=x&mode=fuzzy", &key).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.error(), ("api-search-mode", Some("mode")));
    let unknown = api.get("/api/v1/search?q=x&limit=5", &key).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(unknown.error(), ("api-unknown-parameter", Some("limit")));
    let long = api
        .get(&format!("/api/v1/search?q={}", "a".repeat(201)), &key)
        .await;
    assert_eq!(long.status, StatusCode::BAD_REQUEST);
    assert_eq!(long.error().1, Some("q"));
}

async fn duplicates_are_listed_for_who_may_see_both(ctx: Ctx) {
    let api = Api::new(ctx.clone());
    let admin = first_admin(&ctx).await;
    let rep = invited(&ctx, &admin, "rep@example.com", Role::User).await;
    let other = invited(&ctx, &admin, "other@example.com", Role::User).await;
    let mut ids = Vec::new();
    for (owner, first) in [(&rep, "Katherine"), (&rep, "Kate"), (&other, "Katie")] {
        let new = c::NewContact {
            first_name: Some(first.into()),
            last_name: "Johnson".into(),
            email: Some("k.johnson@nasa.example".into()),
            ..c::NewContact::default()
        };
        let made = svc::contacts::create(&ctx, &actor_of(owner), new)
            .await
            .expect("contact");
        ids.push(made.id.0);
    }
    core_svc::duplicates::pairs::rebuild(&ctx, RecordKind::Contact)
        .await
        .expect("pairs");
    let key = api.key(&rep, ApiScope::Read).await;
    let found = api.get("/api/v1/duplicates?kind=contacts", &key).await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.body);
    let data = found.body["data"].as_array().expect("data");
    // The rep's two, never the pair with the other user's record.
    assert_eq!(data.len(), 1, "{}", found.body);
    let sides = [data[0]["a"]["id"].as_str(), data[0]["b"]["id"].as_str()];
    for id in &ids[..2] {
        assert!(
            sides.contains(&Some(id.to_string().as_str())),
            "{}",
            found.body
        );
    }
    assert_eq!(data[0]["kind"], "contact");
    assert_eq!(data[0]["reasons"], json!(["nickname", "same_email"]));
    assert!(data[0]["confidence"].as_u64().unwrap_or(0) >= 85);
    assert!(found.body["next_cursor"].is_null());
    let none = api
        .get("/api/v1/duplicates?kind=accounts&min_confidence=0", &key)
        .await;
    assert_eq!(none.status, StatusCode::OK, "{}", none.body);
    assert_eq!(none.body["data"], json!([]));

    // Strict input.
    for (query, error) in [
        ("", ("validation-required", Some("kind"))),
        ("?kind=tasks", ("dup-error-kind", Some("kind"))),
        (
            "?kind=contacts&min_confidence=101",
            ("validation-invalid", Some("min_confidence")),
        ),
        (
            "?kind=contacts&cursor=forged",
            ("validation-invalid", Some("cursor")),
        ),
        (
            "?kind=contacts&sort=name",
            ("api-unknown-parameter", Some("sort")),
        ),
    ] {
        let bad = api.get(&format!("/api/v1/duplicates{query}"), &key).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{query}: {}", bad.body);
        assert_eq!(bad.error(), error, "{query}");
    }
}

on_both!(
    keys_act_as_their_user_within_their_scope,
    a_contact_round_trip,
    lists_page_by_opaque_cursors_and_refuse_unknown_parameters,
    the_api_allows_exactly_what_the_services_allow,
    idempotency_keys_make_retries_safe,
    rates_are_limited_per_key_and_per_address,
    deals_move_stage_and_leads_convert,
    parts_follow_their_record,
    the_users_directory_shows_what_each_role_may_see,
    the_document_describes_exactly_the_routes_served,
    webhooks_are_managed_by_admins,
    bad_input_gets_a_clear_refusal_never_a_server_error,
    search_matches_words_and_says_when_meaning_is_off,
    duplicates_are_listed_for_who_may_see_both,
);
