//! `cargo xtask sdk`: the API clients generated from the server's OpenAPI document
//! (sdk/README.md), and their smoke tests against a live server (a step of `cargo xtask test`).

use crate::Result;
use crate::tools;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The Python generator, pinned: its output is what the smoke test checks.
const PYTHON_GENERATOR: &str = "openapi-python-client==0.29.1";

fn sdk() -> PathBuf {
    tools::root().join("sdk")
}

/// A virtual environment of our own for the Python generator and client, kept with the builds.
fn venv() -> PathBuf {
    tools::target_dir().join("sdk-venv")
}

fn venv_bin(name: &str) -> PathBuf {
    venv().join("bin").join(name)
}

fn node_bin(name: &str) -> PathBuf {
    tools::root().join("node_modules/.bin").join(name)
}

/// The debug server binary.
fn binary() -> PathBuf {
    tools::target_dir().join("debug/nextcrm")
}

/// Builds the debug server, then writes the clients from its document.
pub fn generate() -> Result {
    tools::ensure_all()?;
    tools::status(tools::cargo().args(["build", "--quiet", "-p", "server", "--bin", "nextcrm"]))?;
    generate_from_build()
}

/// Writes the document of the debug server as built (by the e2e step, in `cargo xtask
/// test`), then both clients; the TypeScript one is compiled with its smoke test.
pub fn generate_from_build() -> Result {
    let document = sdk().join("openapi.json");
    let out = Command::new(binary())
        .arg("openapi")
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run nextcrm openapi: {e}"))?;
    if !out.status.success() {
        return Err("nextcrm openapi failed".into());
    }
    std::fs::write(&document, &out.stdout)
        .map_err(|e| format!("cannot write {}: {e}", document.display()))?;

    let ts = sdk().join("typescript");
    tools::status(
        Command::new(node_bin("openapi-typescript"))
            .arg(&document)
            // A body field with a default may be left out.
            .arg("--default-non-nullable=false")
            .arg("-o")
            .arg(ts.join("schema.d.ts")),
    )?;
    tools::status(
        Command::new(node_bin("tsc"))
            .arg("-p")
            .arg(ts.join("tsconfig.json")),
    )?;

    if !python()? {
        println!("xtask: the TypeScript client is written to sdk/typescript");
        return Ok(());
    }
    if !venv_bin("openapi-python-client").exists() {
        println!(
            "xtask: installing {PYTHON_GENERATOR} into {}",
            venv().display()
        );
        tools::status(Command::new("python3").arg("-m").arg("venv").arg(venv()))?;
        tools::status(Command::new(venv_bin("pip")).args([
            "install",
            "--quiet",
            "--disable-pip-version-check",
            PYTHON_GENERATOR,
        ]))?;
    }
    tools::status(
        Command::new(venv_bin("openapi-python-client"))
            .args(["generate", "--meta", "none", "--overwrite", "--path"])
            .arg(&document)
            .arg("--output-path")
            .arg(sdk().join("python/nextcrm_api_client")),
    )?;
    println!("xtask: clients written to sdk/typescript and sdk/python");
    Ok(())
}

/// The debug server, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs each client's smoke test against the debug build on a fresh SQLite database.
pub fn smoke() -> Result {
    let binary = binary();
    let dir = tools::fresh_dir("sdk")?;
    let port = tools::free_port()?;
    let addr = format!("127.0.0.1:{port}");
    let nextcrm = || {
        let mut cmd = Command::new(&binary);
        cmd.current_dir(tools::root())
            .env(
                "DATABASE_URL",
                format!("sqlite://{}/nextcrm.db?mode=rwc", dir.display()),
            )
            .env("NEXTCRM_DATA_DIR", &dir)
            .env("LEPTOS_SITE_ADDR", &addr)
            .env("LEPTOS_SITE_ROOT", "target/site")
            .env("NEXTCRM_LOG", "warn");
        cmd
    };
    tools::status(
        nextcrm()
            .args([
                "create-admin",
                "--email",
                "sdk@example.com",
                "--name",
                "SDK Smoke",
            ])
            .env("NEXTCRM_ADMIN_PASSWORD", "a long smoke-test password"),
    )?;
    let made = nextcrm()
        .args([
            "api-key",
            "create",
            "--email",
            "sdk@example.com",
            "--name",
            "smoke",
        ])
        .args(["--scope", "read-write"])
        .output()
        .map_err(|e| format!("cannot make a key: {e}"))?;
    let key = String::from_utf8_lossy(&made.stdout).trim().to_owned();
    if !made.status.success() || !key.starts_with("ncrm_") {
        return Err("nextcrm api-key create gave no key".into());
    }
    let _server = Server(
        nextcrm()
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start the server: {e}"))?,
    );
    wait_ready(port)?;
    let url = format!("http://{addr}");
    let smoke =
        |cmd: &mut Command| tools::status(cmd.env("NEXTCRM_URL", &url).env("NEXTCRM_KEY", &key));
    smoke(
        Command::new("node")
            .current_dir(tools::root())
            .arg("target/sdk/typescript/smoke.js"),
    )?;
    if !python()? {
        return Ok(());
    }
    smoke(
        Command::new(venv_bin("python"))
            .current_dir(sdk().join("python"))
            .arg("smoke.py"),
    )
}

/// Whether Python 3 with venv is here for the Python client. Without it the Python half is
/// skipped with a message, except under `CI=true`, where that is an error (`.ci/run`
/// installs it).
fn python() -> Result<bool> {
    let here = Command::new("python3")
        .args(["-c", "import venv, ensurepip"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    match (here, ci) {
        (true, _) => Ok(true),
        (false, true) => Err("CI=true requires Python 3 with venv for the Python client".into()),
        (false, false) => {
            println!(
                "xtask: Python 3 with venv not found: the Python client is skipped (install python3-venv)"
            );
            Ok(false)
        }
    }
}

/// Waits until the server answers on `port`.
fn wait_ready(port: u16) -> Result {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(format!("the server on port {port} did not start"))
}
