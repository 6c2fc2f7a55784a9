//! Developer entry points, std only so they compile in seconds:
//!   cargo xtask run [--release]   install missing tools, build, serve on :3000 (SQLite)
//!   cargo xtask test              fmt, clippy, unit + service tests (SQLite, Postgres), e2e
//!   cargo xtask seed --demo       fill an empty database with the demo workspace
//!   cargo xtask seed --scale [--contacts N …]
//!                                 fill an empty Postgres database with the benchmark dataset
//!   cargo xtask bench [--scale|--api|--jobs|--webhooks|--embed]
//!                                 release build + latency of the hot paths, the REST API, the
//!                                 job queue, webhook delivery or the embedding model
//!   cargo xtask sdk [--smoke]     the TypeScript and Python API clients, from the OpenAPI document
//!                                 (and their smoke tests against a fresh debug server)

mod bench;
mod bench_api;
mod model;
mod sdk;
mod tools;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(args.iter().any(|a| a == "--release")),
        Some("test") => test(),
        Some("bench") => bench::run(&args[1..]),
        Some("sdk") => sdk::generate().and_then(|()| {
            if args.iter().any(|a| a == "--smoke") {
                sdk::smoke()
            } else {
                Ok(())
            }
        }),
        Some("seed") if args.iter().any(|a| a == "--demo") => seed(&["seed-demo"]),
        Some("seed") if args.get(1).is_some_and(|a| a == "--scale") => {
            let mut command = vec!["seed-scale"];
            command.extend(args[2..].iter().map(String::as_str));
            seed(&command)
        }
        _ => {
            eprintln!(
                "usage: cargo xtask <run [--release] | test | seed --demo | seed --scale [--contacts N …] | bench [--scale | --api | --jobs | --webhooks | --embed] | sdk [--smoke]>"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

pub type Result<T = ()> = std::result::Result<T, String>;

fn run(release: bool) -> Result {
    tools::ensure_all()?;
    std::fs::create_dir_all("data").map_err(|e| format!("cannot create data/: {e}"))?;
    let mut cmd = tools::cargo_leptos("serve");
    if release {
        cmd.arg("--release");
    }
    // Search by meaning needs the local model (unless an embeddings API is configured);
    // without it the app still runs and says the feature is off.
    if std::env::var_os("NEXTCRM_EMBED_URL").is_none() {
        match model::ensure() {
            Ok(dir) => {
                cmd.env("NEXTCRM_EMBED_MODEL_DIR", dir);
            }
            Err(e) => println!("xtask: {e}: search by meaning stays off"),
        }
    }
    println!("xtask: building and serving on http://127.0.0.1:3000 (first run opens /setup)");
    tools::status(&mut cmd)
}

/// Seeds the database `cargo xtask run` serves (DATABASE_URL, or data/nextcrm.db) through
/// one of the server binary's seed commands.
fn seed(command: &[&str]) -> Result {
    tools::ensure_all()?;
    tools::status(
        tools::cargo()
            .args(["run", "--quiet", "-p", "server", "--bin", "nextcrm", "--"])
            .args(command),
    )
}

/// Counts of tests that passed and failed, summed over every runner's summary lines.
#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
    skipped: u64,
    failed_steps: Vec<String>,
}

impl Tally {
    /// Reads cargo test's `test result: ok. 3 passed; 0 failed; 1 ignored; …` lines.
    fn absorb(&mut self, line: &str) {
        let Some(rest) = line.trim().strip_prefix("test result: ") else {
            return;
        };
        for part in rest.split(';') {
            let mut words = part.split_whitespace().rev();
            let (Some(label), Some(n)) = (words.next(), words.next()) else {
                continue;
            };
            let Ok(n) = n.parse::<u64>() else { continue };
            match label {
                "passed" => self.passed += n,
                "failed" => self.failed += n,
                "ignored" => self.skipped += n,
                _ => {}
            }
        }
    }

    /// Records a step's outcome and how long it took since `started`.
    fn step(&mut self, name: &str, started: std::time::Instant, outcome: Result) {
        println!("xtask: step '{name}' took {:.0?}", started.elapsed());
        if let Err(e) = outcome {
            eprintln!("xtask: step '{name}' failed: {e}");
            self.failed_steps.push(name.to_owned());
        }
    }
}

fn test() -> Result {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    tools::ensure_all()?;
    let pg = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|v| !v.is_empty());
    if ci && pg.is_none() {
        return Err("CI=true requires TEST_DATABASE_URL (Postgres); refusing to skip it".into());
    }
    // The local embedding model's tests skip without it; CI must not skip them.
    let model = match model::ensure() {
        Ok(dir) => Some(dir),
        Err(e) if ci => return Err(format!("CI=true requires the embedding model: {e}")),
        Err(e) => {
            println!("xtask: {e}: the local embedding model's tests are skipped");
            None
        }
    };
    let chromium = tools::chromium();
    if ci && chromium.is_none() {
        return Err(
            "CI=true requires Chromium (apt-get install chromium); refusing to skip e2e".into(),
        );
    }
    let mut tally = Tally::default();

    let now = std::time::Instant::now;
    let checks: [(&str, &[&str]); 3] = [
        ("fmt", &["fmt", "--all", "--", "--check"]),
        (
            "clippy",
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ),
        (
            "clippy (wasm)",
            &[
                "clippy",
                "-p",
                "frontend",
                "--features",
                "hydrate",
                "--target",
                "wasm32-unknown-unknown",
                "--",
                "-D",
                "warnings",
            ],
        ),
    ];
    for (name, args) in checks {
        let t = now();
        let outcome = tools::status(tools::cargo().args(args));
        tally.step(name, t, outcome);
    }
    if pg.is_none() {
        println!("xtask: TEST_DATABASE_URL is not set: service tests run on SQLite only");
    }
    let mut unit = tools::cargo();
    unit.args(["test", "--workspace", "--exclude", "end2end"]);
    if let Some(dir) = &model {
        unit.env("NEXTCRM_EMBED_MODEL_DIR", dir);
    }
    let t = now();
    let outcome = tools::counted(&mut unit, &mut |l| tally.absorb(l));
    tally.step("unit and service tests", t, outcome);

    let chromium_ran = chromium.is_some();
    match chromium {
        Some(chromium) => {
            let t = now();
            let outcome = e2e(&chromium, model.as_deref(), &mut tally);
            tally.step("e2e", t, outcome);
        }
        None => println!("xtask: Chromium not found: e2e skipped (install the chromium package)"),
    }
    let t = now();
    // The e2e step built the debug server; without it, build it here.
    let built = if chromium_ran {
        sdk::generate_from_build()
    } else {
        sdk::generate()
    };
    let outcome = built.and_then(|()| sdk::smoke());
    tally.step("API clients", t, outcome);

    let failed_total = tally.failed + tally.failed_steps.len() as u64;
    if !tally.failed_steps.is_empty() {
        println!("xtask: failed steps: {}", tally.failed_steps.join(", "));
    }
    println!(
        "{} passed, {} failed, {} skipped",
        tally.passed, failed_total, tally.skipped
    );
    if failed_total > 0 {
        Err("some checks failed".into())
    } else {
        Ok(())
    }
}

/// Builds the app, serves it on a free port with a fresh SQLite database (and the local
/// embedding model, when there is one), and runs the Playwright journeys against it (cargo
/// leptos end-to-end).
fn e2e(chromium: &str, model: Option<&std::path::Path>, tally: &mut Tally) -> Result {
    let dir = tools::fresh_dir("e2e")?;
    let port = tools::free_port()?;
    let reload = tools::free_port()?;
    let db = format!("sqlite://{}/nextcrm.db?mode=rwc", dir.display());
    let mut cmd = tools::cargo_leptos("end-to-end");
    cmd.env("DATABASE_URL", &db)
        .env("NEXTCRM_DATA_DIR", &dir)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_RELOAD_PORT", reload.to_string())
        .env("E2E_BASE_URL", format!("http://127.0.0.1:{port}"))
        .env("E2E_CHROMIUM", chromium)
        // The webhooks journey's receiver listens on loopback.
        .env("NEXTCRM_WEBHOOKS_ALLOW_PRIVATE", "true")
        .env("NEXTCRM_LOG", "warn");
    if let Some(model) = model {
        cmd.env("NEXTCRM_EMBED_MODEL_DIR", model);
    }
    tools::counted(&mut cmd, &mut |l| tally.absorb(l))
}
