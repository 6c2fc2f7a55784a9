//! Test databases: every test body runs on a fresh in-memory SQLite database and, when
//! TEST_DATABASE_URL points at a Postgres server, on a fresh Postgres database of its own.

#![allow(dead_code)]

use core_svc::{Actor, Config, Ctx, Via, db, services::auth, services::invites};
use sea_orm::{ConnectionTrait, Database};
use types::dto::auth::{Role, SessionUser};
use types::dto::list::{Filter, ListRequest};
use types::dto::records::ListQuery;
use types::lang::Lang;

pub const PASSWORD: &str = "correct horse battery staple";

pub struct TestDb {
    pub ctx: Ctx,
    /// How another process reaches the same database.
    pub url: String,
    /// (server URL, database name) of a Postgres database to drop afterwards.
    postgres: Option<(String, String)>,
}

pub fn test_config() -> Config {
    Config {
        login_max_per_account: 3,
        login_max_per_ip: 5,
        ..Config::default()
    }
}

pub async fn sqlite() -> TestDb {
    let conn = db::connect_and_migrate("sqlite::memory:")
        .await
        .expect("in-memory SQLite");
    TestDb {
        ctx: Ctx::new(conn, test_config()),
        url: "sqlite::memory:".into(),
        postgres: None,
    }
}

/// A fresh, migrated SQLite database in a file, which other processes can open too.
pub async fn sqlite_file() -> (TestDb, tempdir::Dir) {
    let dir = tempdir::Dir::new();
    let url = format!("sqlite://{}/test.db?mode=rwc", dir.path.display());
    let conn = db::connect_and_migrate(&url).await.expect("SQLite file");
    let db = TestDb {
        ctx: Ctx::new(conn, test_config()),
        url,
        postgres: None,
    };
    (db, dir)
}

/// A directory removed when dropped.
pub mod tempdir {
    pub struct Dir {
        pub path: std::path::PathBuf,
    }

    impl Dir {
        pub fn new() -> Dir {
            let path = std::env::temp_dir().join(format!("nextcrm-test-{}", uuid::Uuid::now_v7()));
            std::fs::create_dir_all(&path).expect("temp dir");
            Dir { path }
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// Replaces the database name in a Postgres URL.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let server = base.rsplit_once('/').map_or(base, |(s, _)| s);
    match query {
        Some(q) => format!("{server}/{name}?{q}"),
        None => format!("{server}/{name}"),
    }
}

/// A fresh, migrated Postgres database, or None when TEST_DATABASE_URL is unset.
/// Under CI=true a missing TEST_DATABASE_URL fails the test instead of skipping it.
pub async fn postgres() -> Option<TestDb> {
    let url = match std::env::var("TEST_DATABASE_URL") {
        Ok(u) if !u.is_empty() => u,
        _ => {
            assert!(
                std::env::var("CI").map_or(true, |v| v != "true"),
                "CI=true but TEST_DATABASE_URL is not set"
            );
            return None;
        }
    };
    let name = format!("nextcrm_test_{}", uuid::Uuid::now_v7().simple());
    let admin = Database::connect(&url)
        .await
        .expect("connect to TEST_DATABASE_URL");
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create test database");
    admin.close().await.expect("close admin connection");
    let own = with_database(&url, &name);
    let conn = db::connect_and_migrate(&own)
        .await
        .expect("connect to and migrate the test database");
    Some(TestDb {
        ctx: Ctx::new(conn, test_config()),
        url: own,
        postgres: Some((url, name)),
    })
}

impl TestDb {
    pub async fn cleanup(self) {
        let _ = self.ctx.db.close().await;
        if let Some((url, name)) = self.postgres {
            let admin = Database::connect(&url)
                .await
                .expect("reconnect for cleanup");
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await
                .expect("drop test database");
        }
    }
}

/// Declares one test body to run on SQLite and on Postgres.
#[macro_export]
macro_rules! on_both {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let db = $crate::common::sqlite().await;
                super::$name(db.ctx.clone()).await;
                db.cleanup().await;
            }

            #[tokio::test]
            async fn postgres() {
                let Some(db) = $crate::common::postgres().await else { return };
                super::$name(db.ctx.clone()).await;
                db.cleanup().await;
            }
        }
    )+};
}

/// Runs `$name(ctx, url)` on a migrated SQLite file and, when TEST_DATABASE_URL is set, on a
/// Postgres database: for tests that start other processes on the same database.
#[macro_export]
macro_rules! on_both_files {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let (db, _dir) = $crate::common::sqlite_file().await;
                super::$name(db.ctx.clone(), &db.url).await;
                db.cleanup().await;
            }

            #[tokio::test]
            async fn postgres() {
                let Some(db) = $crate::common::postgres().await else { return };
                super::$name(db.ctx.clone(), &db.url).await;
                db.cleanup().await;
            }
        }
    )+};
}

/// This test binary again, running only the ignored test `name` on the database at `url`
/// (`NEXTCRM_TEST_CHILD_DB`): a worker process for a test to kill.
pub fn child(name: &str, url: &str) -> std::process::Child {
    std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args([name, "--exact", "--ignored", "--test-threads=1"])
        .env("NEXTCRM_TEST_CHILD_DB", url)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("start the worker process")
}

/// A list's URL state read into a typed request, as the UI's server functions read it.
pub fn req<F: Filter>(q: &ListQuery) -> ListRequest<F> {
    ListRequest::read(q).expect("well-formed list filters")
}

pub fn actor_of(user: &SessionUser) -> Actor {
    Actor {
        user_id: user.id,
        role: user.role,
        via: Via::Web,
    }
}

pub async fn first_admin(ctx: &Ctx) -> SessionUser {
    auth::setup_first_admin(
        ctx,
        auth::NewAccount {
            name: "Ada Admin".into(),
            email: "ada@example.com".into(),
            password: PASSWORD.into(),
            lang: Lang::En,
        },
    )
    .await
    .expect("first admin")
}

/// A user created the way real users are: invited by `admin`, then accepting.
pub async fn invited(ctx: &Ctx, admin: &SessionUser, email: &str, role: Role) -> SessionUser {
    let invite = invites::create(ctx, &actor_of(admin), email, role)
        .await
        .expect("invite");
    invites::accept(
        ctx,
        invites::Acceptance {
            token: invite.token,
            name: format!("User {email}"),
            password: PASSWORD.into(),
            lang: Lang::De,
        },
    )
    .await
    .expect("accept invite")
}

#[test]
fn database_name_is_replaced() {
    assert_eq!(
        with_database("postgres://postgres@127.0.0.1:5432/postgres", "t1"),
        "postgres://postgres@127.0.0.1:5432/t1"
    );
    assert_eq!(
        with_database("postgres://u@h/db?sslmode=disable", "t2"),
        "postgres://u@h/t2?sslmode=disable"
    );
}

/// The people most tests need: the first admin, two reps and a manager.
pub struct Team {
    pub admin: Actor,
    pub owner: Actor,
    pub other: Actor,
    pub manager: Actor,
}

pub async fn team(ctx: &Ctx) -> Team {
    let admin = first_admin(ctx).await;
    let user = |email: &'static str, role: Role| {
        let admin = admin.clone();
        async move { actor_of(&invited(ctx, &admin, email, role).await) }
    };
    Team {
        owner: user("o@example.com", Role::User).await,
        other: user("x@example.com", Role::User).await,
        manager: user("m@example.com", Role::Manager).await,
        admin: actor_of(&admin),
    }
}
