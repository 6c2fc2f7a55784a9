//! Adapter tests: the real axum Router, called in-process, on a fresh SQLite database.

mod support;

use axum::{
    Router,
    body::{Body, to_bytes},
    http::{Request, Response, StatusCode, header},
};
use core_svc::{Config as CoreConfig, Ctx};
use std::time::Duration;
use tower::ServiceExt;

const ORIGIN: &str = "http://localhost";
const PASSWORD: &str = "correct horse battery staple";

struct App {
    router: Router,
    ctx: Ctx,
}

async fn app_on(ctx: Ctx, absolute: Duration) -> App {
    app_with(ctx, Duration::from_secs(3600), absolute).await
}

async fn app_with(ctx: Ctx, idle: Duration, absolute: Duration) -> App {
    let router = support::router(ctx.clone(), idle, absolute);
    App { router, ctx }
}

async fn fresh_ctx() -> Ctx {
    let db = core_svc::db::connect_and_migrate("sqlite::memory:")
        .await
        .expect("database");
    Ctx::new(db, CoreConfig::default())
}

async fn app() -> App {
    app_on(fresh_ctx().await, Duration::from_secs(3600)).await
}

impl App {
    async fn send(&self, req: Request<Body>) -> Response<Body> {
        self.router.clone().oneshot(req).await.expect("response")
    }

    async fn get(&self, path: &str, cookie: Option<&str>) -> Response<Body> {
        let mut req = Request::get(path).header(header::HOST, "localhost");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::empty()).expect("request")).await
    }

    /// A server-function call as the wasm client makes it.
    async fn call(&self, endpoint: &str, form: &str, cookie: Option<&str>) -> Response<Body> {
        let mut req = Request::post(format!("/api/{endpoint}"))
            .header(header::HOST, "localhost")
            .header(header::ORIGIN, ORIGIN)
            .header(header::ACCEPT, "application/json")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::from(form.to_owned())).expect("request"))
            .await
    }

    /// Completes first-run setup and returns the admin's session cookie.
    async fn setup(&self) -> String {
        let form = format!("name=Ada&email=ada%40example.com&password={PASSWORD}");
        let res = self.call("setup", &form, None).await;
        assert_eq!(res.status(), StatusCode::OK);
        session_cookie(&res).expect("setup signs in")
    }

    /// Invites `email` as a user and accepts; returns the new user's session cookie.
    async fn invite_and_accept(&self, admin: &str, email: &str) -> String {
        let res = self
            .call(
                "invite_user",
                &format!("email={email}&role=user"),
                Some(admin),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let invite: serde_json::Value = serde_json::from_str(&body(res).await).expect("json");
        let token = invite["token"].as_str().expect("token");
        let form = format!("token={token}&name=Invitee&password={PASSWORD}");
        let res = self.call("accept_invite", &form, None).await;
        assert_eq!(res.status(), StatusCode::OK);
        session_cookie(&res).expect("accepting signs in")
    }
}

fn session_cookie(res: &Response<Body>) -> Option<String> {
    res.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("nextcrm_session="))
        .and_then(|c| c.split(';').next())
        .map(str::to_owned)
}

async fn body(res: Response<Body>) -> String {
    let bytes = to_bytes(res.into_body(), 1 << 20).await.expect("body");
    String::from_utf8_lossy(&bytes).into_owned()
}

fn location(res: &Response<Body>) -> &str {
    res.headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test]
async fn probes_answer_and_readiness_follows_the_database() {
    let app = app().await;
    let res = app.get("/healthz", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers().contains_key("x-request-id"));
    assert_eq!(app.get("/readyz", None).await.status(), StatusCode::OK);
    app.ctx.db.clone().close().await.expect("close");
    let res = app.get("/readyz", None).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body(res).await, "database unavailable");
}

#[tokio::test]
async fn every_page_leads_to_setup_until_an_admin_exists() {
    let app = app().await;
    for path in ["/", "/admin/users", "/login", "/profile"] {
        let res = app.get(path, None).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(location(&res), "/setup", "{path}");
    }
    let res = app.get("/setup", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let csp = res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("csp")
        .to_owned();
    assert!(
        csp.contains("'nonce-") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert_eq!(res.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(body(res).await.contains("Set up your CRM"));

    let cookie = app.setup().await;
    let res = app.get("/setup", Some(&cookie)).await;
    assert_eq!((res.status(), location(&res)), (StatusCode::SEE_OTHER, "/"));
    let home = app.get("/", Some(&cookie)).await;
    assert_eq!(home.status(), StatusCode::OK);
    assert!(body(home).await.contains("Welcome, Ada"));

    let form = "name=Eve&email=eve%40example.com&password=eve-password-123";
    assert_eq!(
        app.call("setup", form, None).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn cross_origin_posts_are_refused() {
    let app = app().await;
    let req = Request::post("/api/login")
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("email=a%40b.co&password=x"))
        .expect("request");
    assert_eq!(app.send(req).await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn sign_in_errors_have_statuses_and_no_internal_text() {
    let app = app().await;
    app.setup().await;
    let wrong = format!("email=ada%40example.com&password=wrong{PASSWORD}");
    let res = app.call("login", &wrong, None).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(body(res).await, r#"{"kind":"invalid_credentials"}"#);

    let res = app.call("login", "email=nope&password=", None).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = body(res).await;
    assert!(
        text.contains(r#""field":"email","key":"validation-email""#),
        "{text}"
    );
    assert!(
        text.contains(r#""field":"password","key":"validation-required""#),
        "{text}"
    );

    let res = app.call("login", "unexpected=1", None).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body(res).await, r#"{"kind":"bad_request"}"#);

    // Four more failures reach the per-account limit of five.
    for _ in 0..4 {
        app.call("login", &wrong, None).await;
    }
    let right = format!("email=ada%40example.com&password={PASSWORD}");
    let res = app.call("login", &right, None).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body(res).await, r#"{"kind":"rate_limited"}"#);
}

#[tokio::test]
async fn a_plain_form_post_that_fails_returns_to_the_form_with_the_error() {
    let app = app().await;
    app.setup().await;
    let req = Request::post("/api/login")
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, ORIGIN)
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, "http://localhost/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(
            "email=ada%40example.com&password=wrong-password-x",
        ))
        .expect("request");
    let res = app.send(req).await;
    assert!(res.status().is_redirection());
    let to = location(&res).to_owned();
    assert!(
        to.starts_with("http://localhost/login?") && to.contains("__err="),
        "{to}"
    );
    let page = app
        .get(to.trim_start_matches("http://localhost"), None)
        .await;
    assert!(
        body(page)
            .await
            .contains("The email or password is incorrect.")
    );
}

#[tokio::test]
async fn admin_endpoints_need_an_admin() {
    let app = app().await;
    let admin = app.setup().await;
    assert_eq!(
        app.call("list_users", "page=0", None).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let res = app.call("list_users", "page=0", Some(&admin)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(body(res).await.contains("ada@example.com"));

    let uma = app.invite_and_accept(&admin, "uma%40example.com").await;
    assert_eq!(
        app.call("list_users", "page=0", Some(&uma)).await.status(),
        StatusCode::FORBIDDEN
    );
    let page = app.get("/admin/users", Some(&uma)).await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert!(body(page).await.contains("Page not found"));
}

#[tokio::test]
async fn deactivation_ends_open_sessions_and_sessions_survive_restarts() {
    let app = app().await;
    let admin = app.setup().await;
    let bob = app.invite_and_accept(&admin, "bob%40example.com").await;
    assert_eq!(app.get("/", Some(&bob)).await.status(), StatusCode::OK);

    // A new router on the same database (a restarted server) still knows the session.
    let restarted = app_on(app.ctx.clone(), Duration::from_secs(3600)).await;
    assert_eq!(
        restarted.get("/", Some(&bob)).await.status(),
        StatusCode::OK
    );

    let users = body(app.call("list_users", "page=0", Some(&admin)).await).await;
    let list: serde_json::Value = serde_json::from_str(&users).expect("json");
    let bob_id = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|u| u["email"] == "bob@example.com")
        .and_then(|u| u["id"].as_str())
        .expect("bob's id")
        .to_owned();
    let form = format!("id={bob_id}&active=false");
    let res = app.call("set_user_active", &form, Some(&admin)).await;
    assert_eq!(res.status(), StatusCode::OK);

    let res = app.get("/", Some(&bob)).await;
    assert_eq!(
        (res.status(), location(&res)),
        (StatusCode::SEE_OTHER, "/login")
    );
    let form = format!("email=bob%40example.com&password={PASSWORD}");
    let res = app.call("login", &form, None).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body(res).await,
        r#"{"kind":"rejected","key":"auth-deactivated"}"#
    );
}

/// A node keeps a session's identity a few seconds: a sign-out on another node takes
/// effect here within that window, and one on this node at once.
#[tokio::test]
async fn a_session_is_kept_a_few_seconds_per_node_and_signing_out_here_ends_it_at_once() {
    let here = app().await;
    let admin = here.setup().await;
    let other_node = Ctx {
        sessions: Default::default(),
        ..here.ctx.clone()
    };
    let there = app_on(other_node, Duration::from_secs(3600)).await;
    assert_eq!(here.get("/", Some(&admin)).await.status(), StatusCode::OK);
    assert_eq!(
        there.call("logout", "", Some(&admin)).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        location(&there.get("/", Some(&admin)).await),
        "/login",
        "signed out where it happened"
    );
    assert_eq!(
        here.get("/", Some(&admin)).await.status(),
        StatusCode::OK,
        "still known here within the window"
    );
    tokio::time::sleep(Duration::from_millis(5200)).await;
    assert_eq!(location(&here.get("/", Some(&admin)).await), "/login");

    let form = format!("email=ada%40example.com&password={PASSWORD}");
    let again = session_cookie(&here.call("login", &form, None).await).expect("signed in");
    assert_eq!(here.get("/", Some(&again)).await.status(), StatusCode::OK);
    assert_eq!(
        here.call("logout", "", Some(&again)).await.status(),
        StatusCode::OK
    );
    assert_eq!(location(&here.get("/", Some(&again)).await), "/login");
}

#[tokio::test]
async fn sessions_have_an_absolute_lifetime() {
    let app = app_on(fresh_ctx().await, Duration::from_secs(1)).await;
    let admin = app.setup().await;
    assert_eq!(app.get("/", Some(&admin)).await.status(), StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let res = app.get("/", Some(&admin)).await;
    assert_eq!(
        (res.status(), location(&res)),
        (StatusCode::SEE_OTHER, "/login")
    );
}

#[tokio::test]
async fn idle_sessions_expire() {
    let app = app_with(
        fresh_ctx().await,
        Duration::from_secs(2),
        Duration::from_secs(3600),
    )
    .await;
    let admin = app.setup().await;
    assert_eq!(app.get("/", Some(&admin)).await.status(), StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(app.get("/", Some(&admin)).await.status(), StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(3200)).await;
    let res = app.get("/", Some(&admin)).await;
    assert_eq!(
        (res.status(), location(&res)),
        (StatusCode::SEE_OTHER, "/login")
    );
}

#[tokio::test]
async fn language_follows_the_user_then_the_cookie_then_the_browser() {
    let app = app().await;
    app.setup().await;
    let req = Request::get("/login")
        .header(header::HOST, "localhost")
        .header(header::ACCEPT_LANGUAGE, "de-DE,de;q=0.9,en;q=0.5")
        .body(Body::empty())
        .expect("request");
    let html = body(app.send(req).await).await;
    assert!(
        html.contains(r#"<html lang="de""#) && html.contains("Anmelden"),
        "German by header"
    );

    let html = body(app.get("/login", Some("lang=ja")).await).await;
    assert!(
        html.contains(r#"<html lang="ja""#) && html.contains("サインイン"),
        "Japanese by cookie"
    );

    let res = app.call("set_language", "lang=uk", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers()[header::SET_COOKIE]
        .to_str()
        .expect("cookie")
        .to_owned();
    assert!(
        cookie.starts_with("lang=uk;") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    let res = app.call("set_language", "lang=xx", None).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// The browser loads only its page's catalogue: the page names it, and it is served cacheable.
#[tokio::test]
async fn each_page_names_its_language_catalogue_and_the_catalogue_is_served() {
    let app = app().await;
    app.setup().await;
    let html = body(app.get("/login", Some("lang=de")).await).await;
    let start = html
        .find("/i18n/de.ftl?v=")
        .expect("the page preloads the German catalogue");
    let href: String = html[start..].chars().take_while(|c| *c != '"').collect();
    assert!(!html.contains("/i18n/en.ftl"), "only the page's language");

    let res = app.get(&href, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    let ftl = body(res).await;
    assert!(ftl.contains("nav-home = Startseite"), "German strings");
    assert!(
        ftl.contains("users-title = "),
        "every resource file is in it"
    );
    assert!(!ftl.contains("nav-home = Home"), "no other language");

    for missing in ["/i18n/xx.ftl", "/i18n/de.txt"] {
        assert_eq!(app.get(missing, None).await.status(), StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn theme_is_kept_per_user_and_by_cookie() {
    let app = app().await;
    let admin = app.setup().await;
    let res = app.call("set_theme", "theme=dark", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers()[header::SET_COOKIE]
        .to_str()
        .expect("cookie")
        .to_owned();
    assert!(cookie.starts_with("theme=dark;"), "{cookie}");
    let html = body(app.get("/login", Some("theme=dark")).await).await;
    assert!(
        html.contains(r#"data-theme="dark""#),
        "signed out: by cookie"
    );

    assert_eq!(
        app.call("set_theme", "theme=light", Some(&admin))
            .await
            .status(),
        StatusCode::OK
    );
    let html = body(app.get("/", Some(&admin)).await).await;
    assert!(
        html.contains(r#"data-theme="light""#),
        "signed in: from the profile"
    );
    assert_eq!(
        app.call("set_theme", "theme=neon", Some(&admin))
            .await
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

#[tokio::test]
async fn lookups_page_and_endpoints_are_for_admins() {
    let app = app().await;
    let admin = app.setup().await;
    let page = app.get("/admin/lookups", Some(&admin)).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = body(page).await;
    assert!(
        html.contains("Sales stages") && html.contains("Needs analysis"),
        "SSR lists stages"
    );

    let res = app
        .call(
            "create_stage",
            "name=Demo&probability=abc&kind=open",
            Some(&admin),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body(res)
            .await
            .contains(r#""field":"probability","key":"validation-number""#)
    );
    let res = app
        .call(
            "create_stage",
            "name=Demo&probability=30&kind=open",
            Some(&admin),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    let rep = app.invite_and_accept(&admin, "rep%40example.com").await;
    assert_eq!(
        app.get("/admin/lookups", Some(&rep)).await.status(),
        StatusCode::NOT_FOUND
    );
    let res = app
        .call(
            "create_lookup_value",
            "kind=industry&name=Space",
            Some(&rep),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app.call("list_stages", "", Some(&rep)).await;
    assert_eq!(res.status(), StatusCode::OK, "everyone reads the stages");
    assert!(body(res).await.contains("Demo"));
}

/// Crafted input gets a clear 4xx, never a server error, and nothing half-done is stored.
#[tokio::test]
async fn crafted_input_is_refused_with_a_4xx() {
    let app = app().await;
    let admin = app.setup().await;
    // A body over 2 MB.
    let huge = format!("kind=account&q={}", "a".repeat(3 * 1024 * 1024));
    let res = app.call("pick", &huge, Some(&admin)).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // A 100,000-character picker query, and a NUL in a search.
    let long = format!("kind=account&q={}", "a".repeat(100_000));
    let res = app.call("pick", &long, Some(&admin)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body(res).await.contains("validation-too-long"));
    let res = app.call("search", "q=ac%00me", Some(&admin)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .call("list_accounts", "query[q]=a%00b", Some(&admin))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A line break in the page to return to: refused before the task is saved.
    let res = app
        .call(
            "save_task",
            "id=&input[title]=Call%20back&back=/tasks%0D%0AX-Evil:%201",
            Some(&admin),
        )
        .await;
    assert!(res.status().is_client_error(), "{}", res.status());
    let res = app.call("list_tasks", "query[q]=", Some(&admin)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        !body(res).await.contains("Call back"),
        "the refused save stored nothing"
    );
    // A tab after the slash of `next` is not a way off the site.
    let res = app.get("/login?next=/%09/evil.example", Some(&admin)).await;
    assert_eq!(location(&res), "/");
}

/// Pages a signed-in user saw are never kept by a cache, and a page restored from the
/// back/forward cache asks the server again.
#[tokio::test]
async fn signed_in_pages_are_not_kept_in_caches() {
    let app = app().await;
    let admin = app.setup().await;
    let res = app.get("/", Some(&admin)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    assert!(body(res).await.contains("e.persisted"));
    let res = app.call("list_accounts", "query[q]=", Some(&admin)).await;
    assert_eq!(
        res.headers()
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let signed_out = app.get("/login", None).await;
    assert!(!body(signed_out).await.contains("e.persisted"));
}

/// An outage is not a missing record: the page says something went wrong, with a trace id
/// and a 5xx status; only a record that does not exist for the viewer is "not found".
#[tokio::test]
async fn an_outage_on_a_record_page_is_an_error_not_a_missing_record() {
    use sea_orm::ConnectionTrait;
    let app = app().await;
    let admin = app.setup().await;
    let res = app
        .call(
            "save_account",
            "id=&input[name]=Acme%20Outage",
            Some(&admin),
        )
        .await;
    assert!(res.status().is_success() || res.status().is_redirection());
    let res = app.call("list_accounts", "query[q]=", Some(&admin)).await;
    let page: serde_json::Value = serde_json::from_str(&body(res).await).expect("json");
    let id = page["items"][0]["id"]
        .as_str()
        .expect("an account")
        .to_owned();
    let path = format!("/accounts/{id}");
    let res = app.get(&path, Some(&admin)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(body(res).await.contains("Acme Outage"));
    let missing = app
        .get(
            "/accounts/01900000-0000-7000-8000-000000000000",
            Some(&admin),
        )
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    // The table the page reads fails: an error page with a trace id, not "not found".
    app.ctx
        .db
        .execute_unprepared("ALTER TABLE accounts RENAME TO accounts_elsewhere")
        .await
        .expect("break the table");
    let res = app.get(&path, Some(&admin)).await;
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let html = body(res).await;
    assert!(html.contains("Something went wrong"), "{html}");
    assert!(html.contains("Trace id"), "{html}");
    assert!(!html.contains("Not found"), "{html}");

    // The database stopped: the session cannot be read, and the page says so with a 503.
    app.ctx.db.clone().close().await.expect("close");
    let res = app.get(&path, Some(&admin)).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(body(res).await.contains("The database cannot be reached"));
}
