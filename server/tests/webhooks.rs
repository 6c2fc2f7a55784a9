//! Webhooks end to end, on SQLite and Postgres: a change made through a service becomes an
//! event, the event a signed delivery, and a local receiver checks the signature the way
//! docs/API.md tells receivers to. Failures are retried on the schedule and a run of them
//! disables the endpoint; a worker killed mid-delivery leaves nothing undelivered; private
//! targets are refused unless allowed.

#[path = "../../core/tests/common/mod.rs"]
mod common;
mod support;

use axum::{Router, body::Bytes, extract::State, http::HeaderMap, http::StatusCode, routing::post};
use base64::{Engine, engine::general_purpose::STANDARD};
use common::{actor_of, first_admin, invited};
use core_svc::jobs::{self, worker};
use core_svc::services::{contacts, webhooks as svc};
use core_svc::webhooks::SCHEDULE;
use core_svc::{Config, CoreError, Ctx};
use ring::hmac;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use types::dto::auth::Role;
use types::dto::contacts::NewContact;
use types::dto::list::Page;
use types::dto::webhooks::{DeliveryState, FAILURES_MAX, NewWebhook, WebhookPatch};

/// One message as the receiver got it.
#[derive(Clone, Debug)]
struct Received {
    id: String,
    timestamp: String,
    signature: String,
    body: String,
}

/// A local endpoint that records what it gets and answers with `status` after `delay`.
#[derive(Clone)]
struct Receiver {
    got: Arc<Mutex<Vec<Received>>>,
    status: Arc<AtomicU16>,
    delay_ms: Arc<AtomicU16>,
    url: String,
}

impl Receiver {
    async fn start() -> Receiver {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}/hooks", listener.local_addr().expect("addr"));
        let receiver = Receiver {
            got: Arc::default(),
            status: Arc::new(AtomicU16::new(200)),
            delay_ms: Arc::new(AtomicU16::new(0)),
            url,
        };
        let app = Router::new()
            .route("/hooks", post(receive))
            .with_state(receiver.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        receiver
    }

    fn got(&self) -> Vec<Received> {
        self.got.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

async fn receive(State(r): State<Receiver>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    r.got
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(Received {
            id: header("webhook-id"),
            timestamp: header("webhook-timestamp"),
            signature: header("webhook-signature"),
            body: String::from_utf8_lossy(&body).into_owned(),
        });
    let delay = r.delay_ms.load(Ordering::SeqCst);
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(u64::from(delay))).await;
    }
    StatusCode::from_u16(r.status.load(Ordering::SeqCst)).unwrap_or(StatusCode::OK)
}

/// The receiver's check, as docs/API.md shows it: the HMAC of `id.timestamp.body` under the
/// secret's bytes must be one of the signatures in the header.
fn verifies(secret: &str, m: &Received) -> bool {
    let Some(key) = secret
        .strip_prefix("whsec_")
        .and_then(|s| STANDARD.decode(s).ok())
    else {
        return false;
    };
    let signed = format!("{}.{}.{}", m.id, m.timestamp, m.body);
    let tag = hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, &key), signed.as_bytes());
    let expected = format!("v1,{}", STANDARD.encode(tag.as_ref()));
    m.signature.split(' ').any(|s| s == expected)
}

/// `ctx` with private targets allowed (the receiver is on loopback).
fn allowing(ctx: &Ctx, allow: bool) -> Ctx {
    Ctx {
        config: Arc::new(Config {
            webhooks_allow_private: allow,
            ..(*ctx.config).clone()
        }),
        ..ctx.clone()
    }
}

/// Runs every due job of the event and webhook queues.
async fn drain(ctx: &Ctx) -> usize {
    let settings = worker::Settings {
        id: "test".into(),
        ..worker::Settings::for_db(ctx, vec![jobs::EVENTS, jobs::WEBHOOKS])
    };
    let w = worker::Worker::new(ctx.clone(), jobs::handlers(), settings);
    let mut ran = 0;
    // A delivery job is enqueued by the event job: drain until both queues are quiet.
    loop {
        let n = w.drain().await.expect("drain");
        if n == 0 {
            return ran;
        }
        ran += n;
    }
}

/// `path` as the server renders it for the first admin (signed in through the login form).
async fn admin_page(ctx: &Ctx, path: &str) -> String {
    use axum::body::{Body, to_bytes};
    use axum::http::{Request, header};
    use tower::ServiceExt;
    // The real clock: the test's fixed one has moved days ahead, past any session's life.
    let ctx = ctx.clone().with_clock(core_svc::ctx::Clock::System);
    let day = Duration::from_secs(86_400);
    let router = support::router(ctx, day, day);
    let password = common::PASSWORD.replace(' ', "+");
    let login = Request::post("/api/login")
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, "http://localhost")
        .header(header::ACCEPT, "application/json")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!(
            "email=ada%40example.com&password={password}"
        )))
        .expect("request");
    let res = router.clone().oneshot(login).await.expect("login");
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| {
            c.strip_prefix("nextcrm_session=")
                .map(|_| c.split(';').next())
        })
        .flatten()
        .expect("a session")
        .to_owned();
    let page = Request::get(path)
        .header(header::HOST, "localhost")
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .expect("request");
    let res = router.oneshot(page).await.expect("page");
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    let bytes = to_bytes(res.into_body(), 4 << 20).await.expect("body");
    String::from_utf8_lossy(&bytes).into_owned()
}

/// An endpoint for `contact.created` at `url`.
fn on_contacts(url: &str) -> NewWebhook {
    NewWebhook {
        name: "Contacts".into(),
        url: url.into(),
        events: vec!["contact.created".into()],
    }
}

/// Registers [`on_contacts`] as `admin`.
async fn endpoint(ctx: &Ctx, admin: &core_svc::Actor, url: &str) -> types::ids::WebhookId {
    svc::create(ctx, admin, on_contacts(url))
        .await
        .expect("endpoint")
        .webhook
        .id
}

fn contact(last: &str) -> NewContact {
    NewContact {
        last_name: last.into(),
        ..NewContact::default()
    }
}

async fn a_receiver_verifies_what_it_gets(ctx: Ctx) {
    let ctx = allowing(&ctx, true);
    let receiver = Receiver::start().await;
    let admin = first_admin(&ctx).await;
    let rep = invited(&ctx, &admin, "rep@example.com", Role::User).await;
    let (admin, rep) = (actor_of(&admin), actor_of(&rep));
    let wanted = vec!["contact.created".to_owned(), "contact.updated".to_owned()];
    let r = svc::create(
        &ctx,
        &rep,
        NewWebhook {
            name: "CRM sync".into(),
            url: receiver.url.clone(),
            events: wanted.clone(),
        },
    )
    .await;
    assert!(matches!(r, Err(CoreError::Forbidden)), "{r:?}");
    let made = svc::create(
        &ctx,
        &admin,
        NewWebhook {
            name: "CRM sync".into(),
            url: receiver.url.clone(),
            events: wanted,
        },
    )
    .await
    .expect("endpoint");
    assert!(made.secret.starts_with("whsec_"));
    let hook = made.webhook.id;

    let ada = contacts::create(&ctx, &rep, contact("Lovelace"))
        .await
        .expect("contact");
    drain(&ctx).await;
    let kind = types::dto::records::RecordKind::Contact;
    core_svc::records::actions::delete(&ctx, &rep, kind, &[ada.id.0])
        .await
        .expect("delete: not subscribed");
    drain(&ctx).await;
    let got = receiver.got();
    assert_eq!(got.len(), 1, "one subscribed event: {got:?}");
    let m = &got[0];
    assert!(verifies(&made.secret, m), "the signature checks out");
    assert!(
        !verifies(&svc_secret_other(), m),
        "and not under another secret"
    );
    let body: serde_json::Value = serde_json::from_str(&m.body).expect("JSON");
    assert_eq!(body["type"], "contact.created");
    assert_eq!(body["data"]["id"], ada.id.to_string());
    assert_eq!(body["data"]["via"], "web");
    assert_eq!(body["data"]["record"]["last_name"], "Lovelace");
    let age = time::OffsetDateTime::now_utc().unix_timestamp()
        - m.timestamp.parse::<i64>().expect("timestamp");
    assert!((0..300).contains(&age), "a fresh timestamp: {age}");
    let log = svc::deliveries(&ctx, &admin, hook, &Page::default())
        .await
        .expect("log");
    assert_eq!(log.items.len(), 1);
    let d = &log.items[0];
    assert_eq!(d.id.to_string(), m.id, "webhook-id is the delivery's id");
    assert_eq!(
        (d.state, d.attempts, d.status_code, d.event_type.as_str()),
        (DeliveryState::Delivered, 1, Some(200), "contact.created")
    );
    // Only admins see or change endpoints.
    let r = svc::deliveries(&ctx, &rep, hook, &Page::default()).await;
    assert!(matches!(r, Err(CoreError::Forbidden)), "{r:?}");
    let refused = [
        svc::get(&ctx, &rep, hook).await.err(),
        svc::list(&ctx, &rep).await.err(),
        svc::update(&ctx, &rep, hook, WebhookPatch::default())
            .await
            .err(),
        svc::rotate(&ctx, &rep, hook).await.err(),
        svc::redeliver(&ctx, &rep, hook, d.id).await.err(),
        svc::delete(&ctx, &rep, hook).await.err(),
    ];
    for r in refused {
        assert!(matches!(r, Some(CoreError::Forbidden)), "{r:?}");
    }

    // A rotation signs with both secrets for a while; receivers on either verify.
    let rotated = svc::rotate(&ctx, &admin, hook).await.expect("rotate");
    assert!(rotated.webhook.previous_secret_until.is_some());
    let grace = contacts::create(&ctx, &rep, contact("Hopper"))
        .await
        .expect("contact");
    drain(&ctx).await;
    let last = receiver.got().pop().expect("a second message");
    assert!(last.body.contains(&grace.id.to_string()));
    assert!(verifies(&made.secret, &last) && verifies(&rotated.secret, &last));
    // Events it does not want, and endpoints turned off, send nothing.
    svc::update(
        &ctx,
        &admin,
        hook,
        WebhookPatch {
            active: Some(false),
            ..Default::default()
        },
    )
    .await
    .expect("off");
    contacts::create(&ctx, &rep, contact("Turing"))
        .await
        .expect("contact");
    drain(&ctx).await;
    assert_eq!(receiver.got().len(), 2);
}

/// A secret of some other endpoint.
fn svc_secret_other() -> String {
    core_svc::webhooks::sign::new_secret()
}

async fn failures_are_retried_then_the_endpoint_is_disabled(ctx: Ctx) {
    let clock = core_svc::ctx::Clock::fixed(time::OffsetDateTime::now_utc());
    let ctx = allowing(&ctx, true).with_clock(clock.clone());
    let receiver = Receiver::start().await;
    receiver.status.store(500, Ordering::SeqCst);
    let admin = actor_of(&first_admin(&ctx).await);
    let hook = endpoint(&ctx, &admin, &receiver.url).await;
    contacts::create(&ctx, &admin, contact("First"))
        .await
        .expect("contact");
    drain(&ctx).await;
    let log = |ctx: Ctx| async move {
        svc::deliveries(&ctx, &admin, hook, &Page::default())
            .await
            .expect("log")
            .items
    };
    let d = log(ctx.clone()).await.remove(0);
    assert_eq!(
        (d.state, d.attempts, d.status_code, d.error.as_deref()),
        (
            DeliveryState::Pending,
            1,
            Some(500),
            Some("webhooks-status")
        )
    );
    assert_eq!(
        d.next_attempt_at,
        d.last_attempt_at.map(|t| t + SCHEDULE[0])
    );
    assert_eq!(
        drain(&ctx).await,
        0,
        "nothing is due before the next attempt"
    );
    // Each step of the schedule brings one more attempt, until none is left.
    for wait in SCHEDULE {
        clock.advance(wait);
        assert_eq!(drain(&ctx).await, 1, "one attempt after {wait}");
    }
    let d = log(ctx.clone()).await.remove(0);
    assert_eq!((d.state, d.attempts), (DeliveryState::Failed, 8));
    assert_eq!(receiver.got().len(), 8);
    assert!(
        receiver.got().iter().all(|m| m.id == d.id.to_string()),
        "one webhook-id"
    );
    let info = svc::get(&ctx, &admin, hook).await.expect("endpoint");
    assert_eq!((info.active, info.failures), (true, 8));

    // Twelve more failed attempts in a row turn it off, and say why.
    for n in 0..2 {
        contacts::create(&ctx, &admin, contact(&format!("More {n}")))
            .await
            .expect("contact");
    }
    drain(&ctx).await;
    while svc::get(&ctx, &admin, hook).await.expect("endpoint").active {
        clock.advance(time::Duration::hours(10));
        assert!(drain(&ctx).await > 0, "attempts continue while it is on");
    }
    let info = svc::get(&ctx, &admin, hook).await.expect("endpoint");
    assert_eq!(info.failures, FAILURES_MAX);
    assert_eq!(
        info.disabled_reason.as_deref(),
        Some("webhooks-disabled-failing")
    );
    let sent = receiver.got().len();
    assert_eq!(sent, usize::try_from(FAILURES_MAX).unwrap_or_default());
    clock.advance(time::Duration::hours(10));
    drain(&ctx).await;
    assert_eq!(
        receiver.got().len(),
        sent,
        "a disabled endpoint gets nothing"
    );
    // The admin pages say so, and why: the endpoint's state and its last delivery's error.
    for path in [
        "/admin/webhooks".to_owned(),
        format!("/admin/webhooks/{hook}"),
    ] {
        let html = admin_page(&ctx, &path).await;
        assert!(html.contains("Turned off by the server"), "{path}: {html}");
        assert!(
            html.contains("Turned off after 20 failed attempts in a row."),
            "{path}"
        );
    }
    let html = admin_page(&ctx, &format!("/admin/webhooks/{hook}")).await;
    assert!(
        html.contains("The receiver answered with an error."),
        "the log shows each failure's answer"
    );

    // Turned on again, with a healthy receiver, a redelivery goes through.
    receiver.status.store(204, Ordering::SeqCst);
    let on = svc::update(
        &ctx,
        &admin,
        hook,
        WebhookPatch {
            active: Some(true),
            ..Default::default()
        },
    )
    .await
    .expect("on");
    assert_eq!((on.failures, on.disabled_reason), (0, None));
    let failed = log(ctx.clone())
        .await
        .into_iter()
        .find(|d| d.state == DeliveryState::Failed)
        .expect("a failed delivery");
    let again = svc::redeliver(&ctx, &admin, hook, failed.id)
        .await
        .expect("redeliver");
    assert_eq!(again.state, DeliveryState::Pending);
    let r = svc::redeliver(&ctx, &admin, hook, failed.id).await;
    assert!(matches!(r, Err(CoreError::Rejected(_))), "{r:?}");
    drain(&ctx).await;
    let d = log(ctx.clone())
        .await
        .into_iter()
        .find(|d| d.id == failed.id)
        .expect("the delivery");
    assert_eq!(
        (d.state, d.status_code, d.attempts),
        (DeliveryState::Delivered, Some(204), 1)
    );
}

async fn private_targets_are_refused_unless_allowed(ctx: Ctx) {
    let receiver = Receiver::start().await;
    let admin = actor_of(&first_admin(&ctx).await);
    for url in [
        receiver.url.as_str(),
        "http://localhost:9/hooks",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]:9/",
    ] {
        let Err(CoreError::Validation(fields)) =
            svc::create(&allowing(&ctx, false), &admin, on_contacts(url)).await
        else {
            panic!("{url} was accepted");
        };
        assert_eq!(fields[0].key, "webhooks-private-address", "{url}");
    }
    let Err(CoreError::Validation(fields)) =
        svc::create(&ctx, &admin, on_contacts("gopher://example.com/")).await
    else {
        panic!("a gopher URL was accepted");
    };
    assert_eq!(
        (fields[0].field.as_str(), fields[0].key.as_str()),
        ("url", "validation-url")
    );
    // Saved while allowed, refused once the operator stops allowing it: checked at sending.
    let hook = endpoint(&allowing(&ctx, true), &admin, &receiver.url).await;
    let guarded = allowing(&ctx, false);
    contacts::create(&guarded, &admin, contact("Inside"))
        .await
        .expect("contact");
    drain(&guarded).await;
    assert!(
        receiver.got().is_empty(),
        "nothing reached the private address"
    );
    let d = svc::deliveries(&guarded, &admin, hook, &Page::default())
        .await
        .expect("log")
        .items
        .remove(0);
    assert_eq!(
        (d.status_code, d.error.as_deref()),
        (None, Some("webhooks-private-address"))
    );
}

/// The delivery log pages by a cursor, newest first, with nothing lost or repeated between
/// pages, past the first page of 50.
async fn the_delivery_log_pages_past_the_first_fifty(ctx: Ctx) {
    let ctx = allowing(&ctx, true);
    let receiver = Receiver::start().await;
    let admin = actor_of(&first_admin(&ctx).await);
    let hook = endpoint(&ctx, &admin, &receiver.url).await;
    for i in 0..53 {
        contacts::create(&ctx, &admin, contact(&format!("Paged {i}")))
            .await
            .expect("contact");
    }
    drain(&ctx).await;
    let first = svc::deliveries(&ctx, &admin, hook, &Page::default())
        .await
        .expect("first page");
    assert_eq!(first.items.len(), 50);
    let after = first.next.clone().expect("a cursor to the rest");
    let second = svc::deliveries(
        &ctx,
        &admin,
        hook,
        &Page {
            after: Some(after),
            ..Page::default()
        },
    )
    .await
    .expect("second page");
    assert_eq!(second.items.len(), 3);
    assert!(second.next.is_none(), "nothing after the last page");
    let all: Vec<_> = first.items.iter().chain(&second.items).collect();
    let ids: std::collections::HashSet<_> = all.iter().map(|d| d.id).collect();
    assert_eq!(ids.len(), 53, "every delivery once");
    assert!(
        all.windows(2).all(|w| w[0].created_at >= w[1].created_at),
        "newest first"
    );
    assert_eq!(receiver.got().len(), 53);
}

on_both!(
    a_receiver_verifies_what_it_gets,
    the_delivery_log_pages_past_the_first_fifty,
    failures_are_retried_then_the_endpoint_is_disabled,
    private_targets_are_refused_unless_allowed,
);

/// The worker process the kill tests start: it works the webhook queue until killed.
#[tokio::test]
#[ignore = "started as a child process by the kill tests"]
async fn killed_webhook_worker_child() {
    let Ok(url) = std::env::var("NEXTCRM_TEST_CHILD_DB") else {
        return;
    };
    let db = core_svc::db::connect(&url).await.expect("child connects");
    let ctx = allowing(&Ctx::new(db, common::test_config()), true);
    let settings = worker::Settings {
        id: "child".into(),
        lease: Duration::from_secs(2),
        ..worker::Settings::for_db(&ctx, vec![jobs::WEBHOOKS])
    };
    let (_stop, stopped) = tokio::sync::watch::channel(false);
    let _ = worker::Worker::new(ctx, jobs::handlers(), settings)
        .run(stopped)
        .await;
}

/// Deliveries are pending, a worker process is killed while a receiver holds its request,
/// and a worker started afterwards delivers every one of them.
async fn a_killed_worker_leaves_nothing_undelivered(ctx: Ctx, url: &str) {
    let ctx = allowing(&ctx, true);
    let receiver = Receiver::start().await;
    // The receiver sits on each request for longer than the child lives.
    receiver.delay_ms.store(30_000, Ordering::SeqCst);
    let admin = actor_of(&first_admin(&ctx).await);
    let hook = endpoint(&ctx, &admin, &receiver.url).await;
    for n in 0..3 {
        contacts::create(&ctx, &admin, contact(&format!("Pending {n}")))
            .await
            .expect("contact");
    }
    // Fan out only: the deliveries wait in their queue.
    let events = worker::Worker::new(
        ctx.clone(),
        jobs::handlers(),
        worker::Settings {
            id: "events".into(),
            ..worker::Settings::for_db(&ctx, vec![jobs::EVENTS])
        },
    );
    events.drain().await.expect("fan out");
    let pending: Vec<String> = svc::deliveries(&ctx, &admin, hook, &Page::default())
        .await
        .expect("log")
        .items
        .iter()
        .map(|d| d.id.to_string())
        .collect();
    assert_eq!(pending.len(), 3);

    let mut child = common::child("killed_webhook_worker_child", url);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while receiver.got().len() < 3 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the child never sent the deliveries"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reap the child");

    receiver.delay_ms.store(0, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(2500)).await;
    drain(&ctx).await;
    let log = svc::deliveries(&ctx, &admin, hook, &Page::default())
        .await
        .expect("log")
        .items;
    assert!(
        log.iter().all(|d| d.state == DeliveryState::Delivered),
        "{log:?}"
    );
    let mut resent: Vec<String> = receiver
        .got()
        .iter()
        .skip(3)
        .map(|m| m.id.clone())
        .collect();
    resent.sort();
    let mut wanted = pending.clone();
    wanted.sort();
    assert_eq!(resent, wanted, "each pending delivery was sent again, once");
}

on_both_files!(a_killed_worker_leaves_nothing_undelivered);
