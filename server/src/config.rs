//! Configuration from environment variables, with defaults that run on a laptop.

use anyhow::{Context, bail};
use std::{net::SocketAddr, path::PathBuf, time::Duration};

#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub data_dir: PathBuf,
    pub site_addr: SocketAddr,
    pub site_root: String,
    pub log: String,
    pub log_json: bool,
    pub secure_cookies: bool,
    /// How many reverse proxies in front of the server append to `X-Forwarded-For`; the
    /// client address is the entry the outermost of them appended. 0: the peer address.
    pub proxy_hops: usize,
    pub session_idle: Duration,
    pub session_absolute: Duration,
    /// Seals values handed to browsers (list cursors); generated and kept in the database
    /// when unset.
    pub secret_key: Option<String>,
    /// Whether `serve` also runs the job worker (off on nodes that only serve requests).
    pub run_jobs: bool,
    /// Jobs a worker runs at once.
    pub job_concurrency: usize,
    /// REST API requests allowed per minute per client address and per key (0: no limit).
    pub api_rate_per_ip: u32,
    pub api_rate_per_key: u32,
    /// Whether webhooks may go to private, loopback and link-local addresses.
    pub webhooks_allow_private: bool,
    /// Where embeddings come from: the local model's folder, or an OpenAI-compatible
    /// endpoint when `NEXTCRM_EMBED_URL` is set.
    pub embed: ai::Source,
    /// Where vectors are kept: `<data dir>/vectors` in this process, or a Qdrant server when
    /// `QDRANT_URL` is set.
    pub vectors: ai::StoreSource,
    /// Whether search by meaning runs on this node (`NEXTCRM_AI`, on by default).
    pub ai: bool,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn flag(name: &str) -> anyhow::Result<bool> {
    match var(name).as_deref().map(str::to_ascii_lowercase).as_deref() {
        None | Some("0" | "false" | "no" | "off") => Ok(false),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some(other) => bail!("{name} must be true or false, not {other:?}"),
    }
}

fn minutes(name: &str, default: u64) -> anyhow::Result<Duration> {
    let m = match var(name) {
        Some(v) => v
            .parse::<u64>()
            .with_context(|| format!("{name} must be a number of minutes"))?,
        None => default,
    };
    if m == 0 {
        bail!("{name} must be at least 1");
    }
    Ok(Duration::from_secs(m * 60))
}

/// An OpenAI-compatible endpoint when `NEXTCRM_EMBED_URL` is set (its model and vector size
/// are then required), else the local model in `NEXTCRM_EMBED_MODEL_DIR` or
/// `<data dir>/models/all-MiniLM-L6-v2`.
fn embed_source(data_dir: &std::path::Path) -> anyhow::Result<ai::Source> {
    let Some(url) = var("NEXTCRM_EMBED_URL") else {
        let dir = var("NEXTCRM_EMBED_MODEL_DIR")
            .map_or_else(|| data_dir.join("models/all-MiniLM-L6-v2"), PathBuf::from);
        return Ok(ai::Source::Local(dir));
    };
    let model = var("NEXTCRM_EMBED_MODEL")
        .context("NEXTCRM_EMBED_URL needs NEXTCRM_EMBED_MODEL (the model's name)")?;
    let dimension = var("NEXTCRM_EMBED_DIMENSION")
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|d| (1..=8192).contains(d))
        .context("NEXTCRM_EMBED_URL needs NEXTCRM_EMBED_DIMENSION (the vector size, 1 to 8192)")?;
    Ok(ai::Source::Remote {
        url,
        api_key: var("NEXTCRM_EMBED_API_KEY"),
        model,
        dimension,
    })
}

/// `NEXTCRM_PROXY_HOPS`, or 1 when only `NEXTCRM_TRUST_PROXY=true` is set (its older form).
fn proxy_hops() -> anyhow::Result<usize> {
    match var("NEXTCRM_PROXY_HOPS") {
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| *n <= 10)
            .with_context(|| {
                format!("NEXTCRM_PROXY_HOPS must be a number from 0 to 10, not {v:?}")
            }),
        None => Ok(usize::from(flag("NEXTCRM_TRUST_PROXY")?)),
    }
}

fn secret_key() -> anyhow::Result<Option<String>> {
    match var("NEXTCRM_SECRET_KEY") {
        Some(k) if k.chars().count() < 32 => {
            bail!(
                "NEXTCRM_SECRET_KEY must be at least 32 characters (e.g. `openssl rand -base64 32`)"
            )
        }
        other => Ok(other),
    }
}

/// A count of requests per minute; 0 turns the limit off.
fn per_minute(name: &str, default: u32) -> anyhow::Result<u32> {
    match var(name) {
        Some(v) => v
            .parse::<u32>()
            .with_context(|| format!("{name} must be a number of requests per minute, not {v:?}")),
        None => Ok(default),
    }
}

impl Config {
    pub fn from_env() -> anyhow::Result<Self> {
        let data_dir = PathBuf::from(var("NEXTCRM_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = var("DATABASE_URL").unwrap_or_else(|| {
            format!(
                "sqlite://{}?mode=rwc",
                data_dir.join("nextcrm.db").display()
            )
        });
        let site_addr = var("LEPTOS_SITE_ADDR")
            .unwrap_or_else(|| "127.0.0.1:3000".into())
            .parse()
            .context("LEPTOS_SITE_ADDR must be host:port, e.g. 0.0.0.0:3000")?;
        Ok(Self {
            database_url,
            data_dir: data_dir.clone(),
            site_addr,
            site_root: var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            log: var("NEXTCRM_LOG")
                .or_else(|| var("RUST_LOG"))
                .unwrap_or_else(|| "info".into()),
            log_json: var("NEXTCRM_LOG_FORMAT").is_some_and(|f| f == "json"),
            secure_cookies: flag("NEXTCRM_SECURE_COOKIES")?,
            proxy_hops: proxy_hops()?,
            session_idle: minutes("NEXTCRM_SESSION_IDLE_MINUTES", 12 * 60)?,
            session_absolute: minutes("NEXTCRM_SESSION_MAX_MINUTES", 7 * 24 * 60)?,
            secret_key: secret_key()?,
            run_jobs: var("NEXTCRM_RUN_JOBS").is_none() || flag("NEXTCRM_RUN_JOBS")?,
            job_concurrency: match var("NEXTCRM_JOB_CONCURRENCY") {
                Some(v) => v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=256).contains(n))
                    .with_context(|| {
                        format!("NEXTCRM_JOB_CONCURRENCY must be a number from 1 to 256, not {v:?}")
                    })?,
                None => 8,
            },
            api_rate_per_ip: per_minute("NEXTCRM_API_RATE_PER_IP", 12_000)?,
            api_rate_per_key: per_minute("NEXTCRM_API_RATE_PER_KEY", 6_000)?,
            webhooks_allow_private: flag("NEXTCRM_WEBHOOKS_ALLOW_PRIVATE")?,
            embed: embed_source(&data_dir)?,
            vectors: match var("QDRANT_URL") {
                Some(url) => ai::StoreSource::Server {
                    url,
                    api_key: var("QDRANT_API_KEY"),
                },
                None => ai::StoreSource::Edge(data_dir.join("vectors")),
            },
            ai: var("NEXTCRM_AI").is_none() || flag("NEXTCRM_AI")?,
        })
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite")
    }
}
