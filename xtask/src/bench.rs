//! `cargo xtask bench`: a release build served on a fresh SQLite database, measured by a small
//! closed-loop load generator over loopback. Reports p50/p95/p99 and throughput, plus the
//! gzipped size of the assets the browser downloads.

use crate::{Result, tools};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const WARMUP: usize = 200;
const REQUESTS: usize = 4000;
const CONNECTIONS: usize = 2;

pub fn run(_args: &[String]) -> Result {
    tools::ensure_all()?;
    let started = Instant::now();
    tools::status(tools::cargo_leptos().args(["build", "--release"]))?;
    println!("xtask: release build took {:.0?}", started.elapsed());
    report_sizes()?;

    let dir = tools::fresh_dir("bench")?;
    let port = tools::free_port()?;
    let addr = format!("127.0.0.1:{port}");
    let binary = tools::target_dir().join("release/nextcrm");
    let env = |cmd: &mut Command| {
        cmd.current_dir(tools::root())
            .env(
                "DATABASE_URL",
                format!("sqlite://{}/nextcrm.db?mode=rwc", dir.display()),
            )
            .env("NEXTCRM_DATA_DIR", &dir)
            .env("LEPTOS_SITE_ADDR", &addr)
            .env("LEPTOS_SITE_ROOT", "target/site")
            .env("NEXTCRM_LOG", "warn");
    };
    let mut admin = Command::new(&binary);
    env(&mut admin);
    admin
        .args([
            "create-admin",
            "--email",
            "bench@example.com",
            "--name",
            "Bench",
        ])
        .env("NEXTCRM_ADMIN_PASSWORD", "bench-password-123");
    tools::status(&mut admin)?;

    let mut serve = Command::new(&binary);
    env(&mut serve);
    let server = Server(
        serve
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| e.to_string())?,
    );
    wait_ready(&addr)?;

    let result = measure(&addr, "/login");
    drop(server);
    let stats = result?;
    println!(
        "SSR GET /login: p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, {:.0} req/s ({} requests, {} connections)",
        stats.p50, stats.p95, stats.p99, stats.throughput, REQUESTS, CONNECTIONS
    );
    Ok(())
}

/// Kills the server when the bench ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn report_sizes() -> Result {
    let pkg = tools::root().join("target/site/pkg");
    for file in [
        "nextcrm_bg.wasm",
        "nextcrm.wasm",
        "nextcrm.js",
        "nextcrm.css",
    ] {
        let path = pkg.join(file);
        if !path.exists() {
            continue;
        }
        let raw = std::fs::metadata(&path).map_err(|e| e.to_string())?.len();
        let out = Command::new("gzip")
            .args(["-9", "-c"])
            .arg(&path)
            .output()
            .map_err(|e| format!("gzip: {e}"))?;
        println!(
            "size {file}: {raw} bytes, {} bytes gzipped",
            out.stdout.len()
        );
    }
    Ok(())
}

fn wait_ready(addr: &str) -> Result {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok((200, _)) = get(addr, "/healthz") {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(format!("server on {addr} did not become ready"))
}

/// One GET on a fresh connection, read to the end; returns the status and body length.
fn get(addr: &str, path: &str) -> std::io::Result<(u16, usize)> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/html\r\nConnection: close\r\n\r\n"
    )?;
    let mut buf = Vec::with_capacity(16 * 1024);
    stream.read_to_end(&mut buf)?;
    let status = buf
        .get(9..12)
        .and_then(|s| std::str::from_utf8(s).ok())
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok((status, buf.len()))
}

struct Stats {
    p50: f64,
    p95: f64,
    p99: f64,
    throughput: f64,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(idx).copied().unwrap_or(f64::NAN)
}

fn measure(addr: &str, path: &str) -> Result<Stats> {
    for _ in 0..WARMUP {
        expect_ok(get(addr, path))?;
    }
    let started = Instant::now();
    let workers: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let (addr, path) = (addr.to_owned(), path.to_owned());
            std::thread::spawn(move || -> Result<Vec<f64>> {
                let mut times = Vec::with_capacity(REQUESTS / CONNECTIONS);
                for _ in 0..REQUESTS / CONNECTIONS {
                    let t = Instant::now();
                    expect_ok(get(&addr, &path))?;
                    times.push(t.elapsed().as_secs_f64() * 1000.0);
                }
                Ok(times)
            })
        })
        .collect();
    let mut all = Vec::with_capacity(REQUESTS);
    for w in workers {
        all.extend(w.join().map_err(|_| "load thread panicked".to_string())??);
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort_by(f64::total_cmp);
    Ok(Stats {
        p50: percentile(&all, 0.50),
        p95: percentile(&all, 0.95),
        p99: percentile(&all, 0.99),
        throughput: all.len() as f64 / elapsed,
    })
}

fn expect_ok(r: std::io::Result<(u16, usize)>) -> Result {
    match r {
        Ok((200, len)) if len > 500 => Ok(()),
        Ok((status, _)) => Err(format!("unexpected response status {status}")),
        Err(e) => Err(format!("request failed: {e}")),
    }
}
