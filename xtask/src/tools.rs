//! Finding and installing the build tools, and running commands.

use crate::Result;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const CARGO_LEPTOS_VERSION: &str = "0.3.11";

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn cargo_bin_dir() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_default()
        .join("bin")
}

/// PATH with the npm tools (wasm-opt) and cargo-installed tools first, so cargo-leptos finds
/// them instead of trying to download its own.
fn path_env() -> String {
    let mut parts = vec![
        root().join("node_modules/.bin").display().to_string(),
        cargo_bin_dir().display().to_string(),
    ];
    if let Ok(p) = std::env::var("PATH") {
        parts.push(p);
    }
    parts.join(":")
}

fn command(program: &str) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(root()).env("PATH", path_env());
    cmd
}

/// Where Cargo puts builds: `CARGO_TARGET_DIR` when set (CI shares one), else `target/`.
/// The site (`target/site`) stays under the checkout either way.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => root().join("target"),
    }
}

pub fn cargo() -> Command {
    command("cargo")
}

/// `cargo leptos <sub> --split`. Every build splits the wasm at the lazy routes (the admin
/// pages), so their code is fetched only when one is opened; a build without `--split` would
/// leave their calls to a split loader that no file provides.
pub fn cargo_leptos(sub: &str) -> Command {
    let mut cmd = cargo();
    cmd.args(["leptos", sub, "--split"]);
    cmd
}

pub fn status(cmd: &mut Command) -> Result {
    let st = cmd
        .status()
        .map_err(|e| format!("cannot start {cmd:?}: {e}"))?;
    if st.success() {
        Ok(())
    } else {
        Err(format!("{:?} exited with {st}", cmd.get_program()))
    }
}

/// Runs a command, echoing its stdout line by line to `each` and to the terminal.
pub fn counted(cmd: &mut Command, each: &mut dyn FnMut(&str)) -> Result {
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {cmd:?}: {e}"))?;
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out)
            .lines()
            .map_while(std::result::Result::ok)
        {
            println!("{line}");
            each(&line);
        }
    }
    let st = child.wait().map_err(|e| e.to_string())?;
    if st.success() {
        Ok(())
    } else {
        Err(format!("{:?} exited with {st}", cmd.get_program()))
    }
}

fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = command(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// The wasm-bindgen version pinned in Cargo.lock; the CLI must match it exactly.
fn locked_wasm_bindgen() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \""))
        {
            return Ok(v.trim_end_matches('"').to_owned());
        }
    }
    Err("wasm-bindgen is not in Cargo.lock".into())
}

/// Installs whatever is missing: the pinned toolchain, cargo-leptos, wasm-bindgen-cli and the
/// npm packages. Each check is quick when the tool is already there.
pub fn ensure_all() -> Result {
    if output("rustup", &["--version"]).is_some() {
        status(command("rustup").args(["toolchain", "install"]))?;
    }
    let leptos = output("cargo", &["leptos", "--version"]).unwrap_or_default();
    if !leptos.contains(CARGO_LEPTOS_VERSION) {
        println!(
            "xtask: installing cargo-leptos {CARGO_LEPTOS_VERSION} (once per machine, ~10 min)"
        );
        status(cargo().args([
            "install",
            "cargo-leptos",
            "--locked",
            "--version",
            CARGO_LEPTOS_VERSION,
        ]))?;
    }
    let wb = locked_wasm_bindgen()?;
    let have = output("wasm-bindgen", &["--version"]).unwrap_or_default();
    if !have.ends_with(&wb) {
        println!("xtask: installing wasm-bindgen-cli {wb}");
        status(cargo().args(["install", "wasm-bindgen-cli", "--version", &wb]))?;
    }
    let root = root();
    let installed = root.join("node_modules/.package-lock.json");
    let stale = match (
        std::fs::metadata(&installed).and_then(|m| m.modified()),
        std::fs::metadata(root.join("package-lock.json")).and_then(|m| m.modified()),
    ) {
        (Ok(have), Ok(want)) => have < want,
        _ => true,
    };
    if stale {
        status(command("npm").args(["ci", "--no-audit", "--no-fund"]))?;
    }
    Ok(())
}

pub fn chromium() -> Option<String> {
    if let Ok(p) = std::env::var("E2E_CHROMIUM") {
        return Path::new(&p).exists().then_some(p);
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .map(str::to_owned)
}

pub fn free_port() -> Result<u16> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

/// A new empty directory under target/, named by purpose and time.
pub fn fresh_dir(purpose: &str) -> Result<PathBuf> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    let dir = root().join("target").join(purpose).join(stamp.to_string());
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir)
}
