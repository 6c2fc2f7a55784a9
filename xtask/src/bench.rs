//! `cargo xtask bench [--scale | --api | --jobs | --webhooks | --embed]`: a release build, served and measured by a small
//! closed-loop load generator over loopback. Reports p50/p95/p99 and throughput, after a
//! yardstick of the machine measured in the same run.
//!
//! - Without flags: SSR of the sign-in page on a fresh SQLite database, plus the gzipped size
//!   of the assets the browser downloads.
//! - `--jobs`: the job queue's throughput (one and two workers) and commit-to-start latency,
//!   on SQLite and on Postgres.
//! - `--webhooks`: events fanned out and signed deliveries sent per second, to a local
//!   receiver, on SQLite and on Postgres.
//! - `--scale`: the hot paths against the million-contact dataset on Postgres
//!   (`BENCH_DATABASE_URL`, by default the `nextcrm_bench` database on the local server): the
//!   contacts list and its SSR page, search, the pipeline board, the dashboard, then a mixed
//!   80/20 read/write load at a fixed rate; then the REST API (`bench_api`). An empty
//!   database is filled first with `nextcrm seed-scale`, and the seeding is timed.
//! - `--api`: only the REST API's part of `--scale`, on the same dataset.
//! - `--embed`: the local embedding model's throughput (batch 1 and 32) and the latency of
//!   one short query; the model is fetched first if it is not on the machine.

use crate::{Result, tools};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const WARMUP: usize = 200;
const REQUESTS: usize = 4000;
const CONNECTIONS: usize = 2;
const BENCH_DB: &str = "postgres://postgres@127.0.0.1:5432/nextcrm_bench";
/// The scale user the list benchmark signs in as: a plain user, not a manager.
pub(crate) const SCALE_USER: &str = "scale50@scale.test";
const SCALE_PASSWORD: &str = "nextcrm-scale-2026";
/// A manager of the scale dataset, who sees every record.
const SCALE_MANAGER: &str = "scale02@scale.test";

pub fn run(args: &[String]) -> Result {
    tools::ensure_all()?;
    let started = Instant::now();
    tools::status(tools::cargo_leptos("build").arg("--release"))?;
    println!("xtask: release build took {:.0?}", started.elapsed());
    yardstick();
    if args.iter().any(|a| a == "--scale") {
        scale()
    } else if args.iter().any(|a| a == "--api") {
        let at = Scale::serve()?;
        crate::bench_api::run(&at.url, &at.addr, &at.dir, &at.contact)
    } else if args.iter().any(|a| a == "--jobs") {
        job_queue()
    } else if args.iter().any(|a| a == "--webhooks") {
        webhook_throughput()
    } else if args.iter().any(|a| a == "--embed") {
        embedding()
    } else {
        report_sizes()?;
        login_page()
    }
}

/// What this machine does right now on two fixed workloads, printed with every run so that
/// figures from different days compare as ratios: a CPU-bound loop, and Postgres' own
/// select-only benchmark (pgbench, 2 clients, 10 s) on a database of its own.
fn yardstick() {
    let started = Instant::now();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in 0..50_000_000u64 {
        x = x.rotate_left(5) ^ i.wrapping_mul(0x0100_0000_01B3);
    }
    std::hint::black_box(x);
    let cpu = started.elapsed();
    let tps = pgbench().unwrap_or_else(|e| format!("unavailable ({e})"));
    println!(
        "yardstick: CPU loop {:.0} ms; pgbench select-only {tps} tps",
        cpu.as_secs_f64() * 1000.0
    );
}

const YARDSTICK_DB: &str = "postgres://postgres@127.0.0.1:5432/nextcrm_yardstick";

fn pgbench() -> Result<String> {
    ensure_database(YARDSTICK_DB)?;
    let ready = psql(
        YARDSTICK_DB,
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'pgbench_accounts'",
    )?;
    if ready.trim() != "1" {
        tools::status(Command::new("pgbench").args(["-i", "-q", "-s", "1", YARDSTICK_DB]))?;
    }
    let out = Command::new("pgbench")
        .args(["-S", "-n", "-T", "10", "-c", "2", "-j", "2", YARDSTICK_DB])
        .output()
        .map_err(|e| format!("pgbench: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("tps = "))
        .and_then(|rest| rest.split_whitespace().next())
        .map(str::to_owned)
        .ok_or_else(|| "no tps in pgbench's output".to_owned())
}

/// Webhooks on SQLite and on Postgres: events fanned out per second, and signed deliveries
/// per second to a local receiver.
fn webhook_throughput() -> Result {
    on_fresh_databases("webhooks", &["bench-webhooks", "--deliveries", "2000"])
}

/// The local embedding model: texts per second at batch 1 and 32, and one short query's
/// latency. It needs no database.
fn embedding() -> Result {
    let model = crate::model::ensure()?;
    let dir = tools::fresh_dir("bench-embed")?;
    tools::status(
        nextcrm("sqlite::memory:", "127.0.0.1:0", &dir)
            .env("NEXTCRM_EMBED_MODEL_DIR", model)
            .arg("bench-embed"),
    )
}

/// The job queue on SQLite and on Postgres: how fast one and two workers drain 20,000 trivial
/// jobs, and commit-to-start latency when idle.
fn job_queue() -> Result {
    on_fresh_databases("jobs", &["bench-jobs", "--jobs", "20000"])
}

/// Runs `nextcrm <args>` on a fresh SQLite file, then on a fresh Postgres database
/// (`nextcrm_bench_<name>`, dropped and made again).
fn on_fresh_databases(name: &str, args: &[&str]) -> Result {
    let dir = tools::fresh_dir(&format!("bench-{name}"))?;
    let sqlite = format!("sqlite://{}/{name}.db?mode=rwc", dir.display());
    let pg = format!("postgres://postgres@127.0.0.1:5432/nextcrm_bench_{name}");
    psql(
        "postgres://postgres@127.0.0.1:5432/postgres",
        &format!("DROP DATABASE IF EXISTS nextcrm_bench_{name} WITH (FORCE)"),
    )?;
    ensure_database(&pg)?;
    for (db, url) in [("SQLite", sqlite.as_str()), ("Postgres", pg.as_str())] {
        println!("xtask: bench {name} on {db}");
        tools::status(nextcrm(url, "127.0.0.1:0", &dir).args(args))?;
    }
    Ok(())
}

fn binary() -> std::path::PathBuf {
    tools::target_dir().join("release/nextcrm")
}

/// A command of the release binary on `database_url`, serving on `addr`.
pub(crate) fn nextcrm(database_url: &str, addr: &str, data_dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(binary());
    cmd.current_dir(tools::root())
        .env("DATABASE_URL", database_url)
        .env("NEXTCRM_DATA_DIR", data_dir)
        .env("LEPTOS_SITE_ADDR", addr)
        .env("LEPTOS_SITE_ROOT", "target/site")
        .env("NEXTCRM_LOG", "warn")
        // The bench measures the server, not the API's rate limits.
        .env("NEXTCRM_API_RATE_PER_IP", "0")
        .env("NEXTCRM_API_RATE_PER_KEY", "0");
    cmd
}

fn serve(database_url: &str, addr: &str, data_dir: &std::path::Path) -> Result<Server> {
    let server = Server(
        nextcrm(database_url, addr, data_dir)
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| e.to_string())?,
    );
    wait_ready(addr)?;
    Ok(server)
}

fn login_page() -> Result {
    let dir = tools::fresh_dir("bench")?;
    let addr = format!("127.0.0.1:{}", tools::free_port()?);
    let db = format!("sqlite://{}/nextcrm.db?mode=rwc", dir.display());
    let mut admin = nextcrm(&db, &addr, &dir);
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
    let _server = serve(&db, &addr, &dir)?;
    report("SSR GET /login", &measure(&Req::get(&addr, "/login"))?);
    Ok(())
}

/// The release server on the million-record dataset (seeded first if the database is empty).
struct Scale {
    url: String,
    addr: String,
    dir: std::path::PathBuf,
    /// A contact the scale user owns.
    contact: String,
    _server: Server,
}

impl Scale {
    fn serve() -> Result<Scale> {
        let url = std::env::var("BENCH_DATABASE_URL").unwrap_or_else(|_| BENCH_DB.to_owned());
        ensure_database(&url)?;
        let dir = tools::fresh_dir("bench-scale")?;
        let addr = format!("127.0.0.1:{}", tools::free_port()?);
        if !seeded(&url)? {
            let started = Instant::now();
            tools::status(nextcrm(&url, &addr, &dir).arg("seed-scale"))?;
            println!("seed-scale took {:.1?}", started.elapsed());
        }
        let server = serve(&url, &addr, &dir)?;
        let contact = psql(
            &url,
            &format!(
                "SELECT c.id FROM contacts c JOIN users u ON u.id = c.owner_id \
                 WHERE u.email = '{SCALE_USER}' LIMIT 1"
            ),
        )?
        .trim()
        .to_owned();
        Ok(Scale {
            url,
            addr,
            dir,
            contact,
            _server: server,
        })
    }
}

fn scale() -> Result {
    let at = Scale::serve()?;
    let (url, addr, dir) = (&at.url, &at.addr, &at.dir);
    let cookie = sign_in(addr, SCALE_USER, SCALE_PASSWORD)?;
    let list = Req::post(
        addr,
        "/api/list_contacts",
        "query[sort]=name&query[owner]=me",
    )
    .with_cookie(&cookie);
    report(
        "List: contacts page (50 rows, by name, owner = me, a user)",
        &measure(&list)?,
    );
    let page = Req::get(addr, "/contacts?sort=name&owner=me").with_cookie(&cookie);
    report("SSR: GET /contacts?sort=name&owner=me", &measure(&page)?);
    let search = |q: &str| Req::post(addr, "/api/search", &format!("q={q}")).with_cookie(&cookie);
    report(
        "Search: 4-letter prefix \"hopp\"",
        &measure(&search("hopp"))?,
    );
    report(
        "Search: misspelled \"hamliton\" (Hamilton)",
        &measure(&search("hamliton"))?,
    );
    let board = Req::post(addr, "/api/pipeline_board", "query[owner]=").with_cookie(&cookie);
    report("Pipeline: board load (a user's deals)", &measure(&board)?);
    let dashboard = Req::post(addr, "/api/get_dashboard", "").with_cookie(&cookie);
    report("Dashboard: home figures (a user)", &measure(&dashboard)?);
    let manager = sign_in(addr, SCALE_MANAGER, SCALE_PASSWORD)?;
    report(
        "Dashboard: home figures (a manager, all 200k deals)",
        &measure_n(
            &Req::post(addr, "/api/get_dashboard", "").with_cookie(&manager),
            1000,
        )?,
    );
    report(
        "Search: 4-letter prefix \"hopp\" as a manager (all 1.5M entries)",
        &measure_n(
            &Req::post(addr, "/api/search", "q=hopp").with_cookie(&manager),
            400,
        )?,
    );
    // The mixed load: what a rep does all day. Lists, opening a record and searching are the
    // reads; the board and the dashboard are measured above, on their own.
    let record =
        Req::post(addr, "/api/get_contact", &format!("id={}", at.contact)).with_cookie(&cookie);
    let reads = [list, record, search("hopp")];
    let write = Req::post(
        addr,
        "/api/save_task",
        "id=&input[title]=Follow+up+from+the+bench&input[priority]=medium",
    )
    .with_cookie(&cookie);
    for rate in MIXED_RATES {
        mixed("Mixed 80/20", &reads, &write, rate, false)?;
    }
    crate::bench_api::run(url, addr, dir, &at.contact)
}

/// The mixed load's target rates, requests per second (the budget is for 1,000; the lower
/// ones show where the server holds), and how long each runs.
const MIXED_RATES: [u32; 3] = [250, 500, 1000];
const MIXED_SECONDS: u32 = 10;
/// Threads sending the mixed load: enough that a slow answer does not hold the schedule.
const MIXED_THREADS: usize = 64;

/// An open-loop load at a fixed rate: request `i` is due at `i / rate` seconds, one in five
/// a write (a new task), the rest cycling through the reads. Latency counts from when a
/// request was due, so a server falling behind shows in the figures instead of slowing the
/// load down.
/// With `keep_alive`, each thread keeps its connection, as an API client would.
pub(crate) fn mixed(
    label: &str,
    reads: &[Req],
    write: &Req,
    rate: u32,
    keep_alive: bool,
) -> Result {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};
    let total = (rate * MIXED_SECONDS) as usize;
    let next = Arc::new(AtomicUsize::new(0));
    let results = Arc::new(Mutex::new(Vec::with_capacity(total)));
    let errors = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..MIXED_THREADS)
        .map(|_| {
            let (next, results, errors) = (next.clone(), results.clone(), errors.clone());
            let (reads, write) = (reads.to_vec(), write.clone());
            let mut conn = Conn::new(&write.addr);
            std::thread::spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= total {
                        break;
                    }
                    let due = started + Duration::from_secs_f64(i as f64 / f64::from(rate));
                    if let Some(wait) = due.checked_duration_since(Instant::now()) {
                        std::thread::sleep(wait);
                    }
                    let req = if i % 5 == 4 {
                        &write
                    } else {
                        &reads[i % reads.len()]
                    };
                    let status = if keep_alive {
                        conn.send(req)
                    } else {
                        req.send().map(|r| r.status)
                    };
                    let ok = status.is_ok_and(|s| (200..400).contains(&s));
                    if !ok {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                    let latency = due.elapsed().as_secs_f64() * 1000.0;
                    results.lock().map(|mut r| r.push(latency)).ok();
                }
            })
        })
        .collect();
    for w in workers {
        w.join().map_err(|_| "load thread panicked".to_string())?;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let all = std::mem::take(&mut *results.lock().map_err(|_| "poisoned".to_string())?);
    let s = Stats::of(all, elapsed, MIXED_THREADS);
    println!(
        "{label} at {rate} req/s for {MIXED_SECONDS} s: p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, {:.0} req/s achieved, {} errors",
        s.p50,
        s.p95,
        s.p99,
        s.throughput,
        errors.load(Ordering::Relaxed)
    );
    Ok(())
}

/// Creates the bench database when the server lacks it (`psql` ships with Postgres).
fn ensure_database(url: &str) -> Result {
    let (server, name) = url
        .rsplit_once('/')
        .ok_or_else(|| format!("BENCH_DATABASE_URL {url:?} names no database"))?;
    let exists = psql(
        &format!("{server}/postgres"),
        &format!("SELECT 1 FROM pg_database WHERE datname = '{name}'"),
    )?;
    if exists.trim() != "1" {
        psql(
            &format!("{server}/postgres"),
            &format!("CREATE DATABASE \"{name}\""),
        )?;
    }
    Ok(())
}

/// Whether the scale dataset is there already (seeding it takes minutes).
fn seeded(url: &str) -> Result<bool> {
    let out = psql(
        url,
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'contacts'",
    )?;
    if out.trim() != "1" {
        return Ok(false);
    }
    Ok(psql(url, "SELECT EXISTS (SELECT 1 FROM contacts)")?.trim() == "t")
}

fn psql(url: &str, sql: &str) -> Result<String> {
    let out = Command::new("psql")
        .args([url, "-XAtq", "-c", sql])
        .output()
        .map_err(|e| format!("psql: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "psql failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Signs in through the login server function and returns the session cookie.
fn sign_in(addr: &str, email: &str, password: &str) -> Result<String> {
    let body = format!("email={}&password={password}", email.replace('@', "%40"));
    let res = Req::post(addr, "/api/login", &body)
        .send()
        .map_err(|e| format!("sign-in failed: {e}"))?;
    if res.status != 200 {
        return Err(format!("sign-in as {email} answered {}", res.status));
    }
    res.cookie
        .ok_or_else(|| format!("sign-in as {email} set no session cookie"))
}

/// Kills the server when the bench ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The gzipped size of what a browser downloads: the wasm, its loader, the styles, and one
/// language's translation catalogue (the wasm fetches only the page's own).
fn report_sizes() -> Result {
    // The main wasm and js, the css, and the lazy routes' chunks (with `--split`), each
    // fetched only when a page needs it.
    let pkg = tools::root().join("target/site/pkg");
    let mut built: Vec<_> = std::fs::read_dir(&pkg)
        .map_err(|e| format!("{}: {e}", pkg.display()))?
        .flatten()
        .map(|entry| entry.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "wasm" || e == "js" || e == "css")
        })
        .collect();
    built.sort();
    for path in built {
        let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
        let file = path.file_name().unwrap_or_default().to_string_lossy();
        println!(
            "size {file}: {} bytes, {} bytes gzipped",
            bytes.len(),
            gzipped_len(&bytes)?
        );
    }
    let locales = tools::root().join("locales");
    let mut langs: Vec<_> = std::fs::read_dir(&locales)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|entry| entry.path())
        .collect();
    langs.sort();
    for dir in langs {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .map_err(|e| e.to_string())?
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|e| e == "ftl"))
            .collect();
        files.sort();
        let mut catalogue = Vec::new();
        for file in files {
            catalogue.extend(std::fs::read(file).map_err(|e| e.to_string())?);
            catalogue.push(b'\n');
        }
        let lang = dir.file_name().unwrap_or_default().to_string_lossy();
        println!(
            "size catalogue {lang}.ftl: {} bytes, {} bytes gzipped",
            catalogue.len(),
            gzipped_len(&catalogue)?
        );
    }
    Ok(())
}

fn gzipped_len(bytes: &[u8]) -> Result<usize> {
    let mut gzip = Command::new("gzip")
        .args(["-9", "-c"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("gzip: {e}"))?;
    // Written from a thread: gzip's output pipe would fill while its input is still pending.
    let mut stdin = gzip.stdin.take().ok_or("gzip: no stdin")?;
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = gzip.wait_with_output().map_err(|e| format!("gzip: {e}"))?;
    writer
        .join()
        .map_err(|_| "gzip: the writer failed")?
        .map_err(|e| format!("gzip: {e}"))?;
    Ok(out.stdout.len())
}

/// Waits for the server to answer; start-up runs pending migrations first, which on the
/// million-record dataset can take a minute.
fn wait_ready(addr: &str) -> Result {
    let deadline = Instant::now() + Duration::from_secs(180);
    while Instant::now() < deadline {
        if Req::get(addr, "/healthz")
            .send()
            .is_ok_and(|r| r.status == 200)
        {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(format!("server on {addr} did not become ready"))
}

/// One HTTP/1.1 request: on a fresh connection ([`Req::send`]) or a kept one ([`Conn`]).
#[derive(Clone)]
pub(crate) struct Req {
    addr: String,
    method: &'static str,
    path: String,
    body: Option<String>,
    cookie: Option<String>,
    /// An API key, sent as a bearer token.
    bearer: Option<String>,
    /// The body is JSON (the REST API) rather than a form (server functions).
    json: bool,
}

struct Res {
    status: u16,
    len: usize,
    cookie: Option<String>,
}

impl Req {
    pub(crate) fn get(addr: &str, path: &str) -> Self {
        Self {
            addr: addr.to_owned(),
            method: "GET",
            path: path.to_owned(),
            body: None,
            cookie: None,
            bearer: None,
            json: false,
        }
    }

    /// A JSON POST, the way the REST API takes a new record.
    pub(crate) fn post_json(addr: &str, path: &str, body: &str) -> Self {
        Self {
            json: true,
            ..Self::post(addr, path, body)
        }
    }

    pub(crate) fn with_bearer(mut self, key: &str) -> Self {
        self.bearer = Some(key.to_owned());
        self
    }

    /// The request as sent; `keep_alive` leaves the connection open for the next one.
    fn text(&self, keep_alive: bool) -> String {
        let connection = if keep_alive { "keep-alive" } else { "close" };
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nConnection: {connection}\r\n",
            self.method,
            self.path,
            addr = self.addr
        );
        if let Some(cookie) = &self.cookie {
            head.push_str(&format!("Cookie: {cookie}\r\n"));
        }
        if let Some(key) = &self.bearer {
            head.push_str(&format!("Authorization: Bearer {key}\r\n"));
        }
        let kind = if self.json {
            "application/json"
        } else {
            "application/x-www-form-urlencoded"
        };
        match &self.body {
            Some(body) => head.push_str(&format!(
                "Accept: application/json\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )),
            None if self.bearer.is_some() => head.push_str("Accept: application/json\r\n\r\n"),
            None => head.push_str("Accept: text/html\r\n\r\n"),
        }
        head
    }

    /// A form-encoded POST, the way server functions take their arguments.
    pub(crate) fn post(addr: &str, path: &str, body: &str) -> Self {
        Self {
            method: "POST",
            body: Some(body.to_owned()),
            ..Self::get(addr, path)
        }
    }

    fn with_cookie(mut self, cookie: &str) -> Self {
        self.cookie = Some(cookie.to_owned());
        self
    }

    /// Sends the request on a fresh connection and reads the whole response.
    fn send(&self) -> std::io::Result<Res> {
        let mut stream = TcpStream::connect(&self.addr)?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        stream.write_all(self.text(false).as_bytes())?;
        let mut buf = Vec::with_capacity(16 * 1024);
        stream.read_to_end(&mut buf)?;
        let text = String::from_utf8_lossy(&buf);
        let status = text.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
        let header_end = text.find("\r\n\r\n").unwrap_or(text.len());
        let cookie = text[..header_end]
            .lines()
            .filter_map(|l| l.split_once(':'))
            .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
            .filter_map(|(_, v)| v.trim().split(';').next())
            .find(|c| c.starts_with("nextcrm_session="))
            .map(str::to_owned);
        Ok(Res {
            status,
            len: buf.len().saturating_sub(header_end),
            cookie,
        })
    }

    /// Sends and insists on a 200 with a real body (not an empty or error page).
    fn send_ok(&self) -> Result {
        match self.send() {
            Ok(r) if r.status == 200 && r.len > 200 => Ok(()),
            Ok(r) => Err(format!(
                "{} {} answered {} with {} bytes",
                self.method, self.path, r.status, r.len
            )),
            Err(e) => Err(format!("{} {} failed: {e}", self.method, self.path)),
        }
    }
}

/// A kept HTTP/1.1 connection that reads each answer by its `Content-Length`, and connects
/// again when the server closed it.
pub(crate) struct Conn {
    addr: String,
    stream: Option<std::io::BufReader<TcpStream>>,
}

impl Conn {
    pub(crate) fn new(addr: &str) -> Conn {
        Conn {
            addr: addr.to_owned(),
            stream: None,
        }
    }

    /// Sends `req` and reads its answer; the status.
    pub(crate) fn send(&mut self, req: &Req) -> std::io::Result<u16> {
        match self.exchange(req) {
            Ok(status) => Ok(status),
            // A connection the server closed while idle: once more on a fresh one.
            Err(_) => {
                self.stream = None;
                self.exchange(req)
            }
        }
    }

    fn exchange(&mut self, req: &Req) -> std::io::Result<u16> {
        use std::io::BufRead;
        if self.stream.is_none() {
            let s = TcpStream::connect(&self.addr)?;
            s.set_read_timeout(Some(Duration::from_secs(30)))?;
            s.set_nodelay(true)?;
            self.stream = Some(std::io::BufReader::new(s));
        }
        let Some(s) = self.stream.as_mut() else {
            return Err(std::io::ErrorKind::NotConnected.into());
        };
        s.get_mut().write_all(req.text(true).as_bytes())?;
        let mut line = String::new();
        if s.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let status = line.get(9..12).and_then(|c| c.parse().ok()).unwrap_or(0);
        let (mut len, mut close) = (0usize, false);
        loop {
            line.clear();
            s.read_line(&mut line)?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                let value = value.trim();
                if name.eq_ignore_ascii_case("content-length") {
                    len = value.parse().unwrap_or(0);
                } else if name.eq_ignore_ascii_case("connection") {
                    close = value.eq_ignore_ascii_case("close");
                }
            }
        }
        let mut body = vec![0; len];
        s.read_exact(&mut body)?;
        if close {
            self.stream = None;
        }
        Ok(status)
    }
}

pub(crate) struct Stats {
    p50: f64,
    p95: f64,
    p99: f64,
    throughput: f64,
    requests: usize,
    connections: usize,
}

impl Stats {
    /// The figures of `times` (ms), taken over `elapsed` seconds on `connections`.
    pub(crate) fn of(mut times: Vec<f64>, elapsed: f64, connections: usize) -> Stats {
        times.sort_by(f64::total_cmp);
        Stats {
            p50: percentile(&times, 0.50),
            p95: percentile(&times, 0.95),
            p99: percentile(&times, 0.99),
            throughput: times.len() as f64 / elapsed,
            requests: times.len(),
            connections,
        }
    }
}

pub(crate) fn report(name: &str, s: &Stats) {
    println!(
        "{name}: p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, {:.0} req/s ({} requests, {} connections)",
        s.p50, s.p95, s.p99, s.throughput, s.requests, s.connections
    );
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(idx).copied().unwrap_or(f64::NAN)
}

pub(crate) fn measure(req: &Req) -> Result<Stats> {
    measure_n(req, REQUESTS)
}

/// `measure` with fewer requests, for paths slow enough that 4,000 would take minutes.
pub(crate) fn measure_n(req: &Req, requests: usize) -> Result<Stats> {
    for _ in 0..WARMUP {
        req.send_ok()?;
    }
    let started = Instant::now();
    let workers: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let req = req.clone();
            std::thread::spawn(move || -> Result<Vec<f64>> {
                let mut times = Vec::with_capacity(requests / CONNECTIONS);
                for _ in 0..requests / CONNECTIONS {
                    let t = Instant::now();
                    req.send_ok()?;
                    times.push(t.elapsed().as_secs_f64() * 1000.0);
                }
                Ok(times)
            })
        })
        .collect();
    let mut all = Vec::with_capacity(requests);
    for w in workers {
        all.extend(w.join().map_err(|_| "load thread panicked".to_string())??);
    }
    Ok(Stats::of(all, started.elapsed().as_secs_f64(), CONNECTIONS))
}
