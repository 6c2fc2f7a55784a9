//! Admin subcommands. They call the same core services as the web app.

use crate::config::Config;
use crate::database;
use anyhow::{Context, bail};
use core_svc::semantic;
use core_svc::services::{api_keys, auth};
use std::io::BufRead;
use types::dto::api_keys::{ApiScope, NewApiKey};
use types::lang::Lang;

pub const USAGE: &str = "\
Usage: nextcrm [COMMAND]

Commands:
  serve                 Serve the web app and run background jobs (default; set
                        NEXTCRM_RUN_JOBS=false for a node that only serves)
  worker                Run background jobs only, until Ctrl-C or SIGTERM (scale-out:
                        any number of serve and worker nodes share one database)
  migrate               Apply pending database migrations and exit
  create-admin --email EMAIL --name NAME
                        Create an admin. The password is read from NEXTCRM_ADMIN_PASSWORD,
                        or from the first line of standard input.
  api-key create --email EMAIL --name NAME [--scope read|read-write]
                 [--expires YYYY-MM-DD]
                        Make a REST API key for the active user with EMAIL and print its
                        secret (shown this once). The scope defaults to read.
  seed-demo             Fill an empty database with a demo workspace (users, accounts,
                        contacts, products, opportunities); see the README for sign-in
  seed-scale [--users N] [--accounts N] [--contacts N] [--opportunities N]
             [--activities N] [--tasks N]
                        Fill an empty Postgres database with the benchmark dataset (by default
                        50 users, 100k accounts, 1M contacts, 200k deals, 1M activities, 200k
                        tasks); the password of every user is printed at the end
  bench-jobs [--jobs N]  Measure the job queue on this database (cargo xtask bench --jobs)
  bench-embed           Measure the local embedding model (NEXTCRM_EMBED_MODEL_DIR)
                        (cargo xtask bench --embed); needs no database
  bench-webhooks [--deliveries N]
                        Measure webhook fan-out and delivery on this empty database
                        (cargo xtask bench --webhooks)
  index rebuild         Index every record for search by meaning, printing progress. Run it
                        after turning the feature on or changing the model; stopped, it
                        goes on where it stopped when run again. With the in-process vector
                        store, stop the server first (one process owns the folder).
  openapi               Print the REST API's OpenAPI document (JSON); needs no database
  help                  Show this text

Configuration is read from environment variables; see docs/CONFIGURATION.md.";

#[derive(Debug, PartialEq, Eq)]
pub struct CreateAdmin {
    pub email: String,
    pub name: String,
}

#[derive(Debug, PartialEq, Eq)]
pub struct CreateApiKey {
    pub email: String,
    pub key: NewApiKey,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Serve,
    Worker,
    BenchJobs(usize),
    BenchWebhooks(usize),
    BenchEmbed,
    Migrate,
    CreateAdmin(CreateAdmin),
    CreateApiKey(CreateApiKey),
    SeedDemo,
    SeedScale(crate::scale::Sizes),
    IndexRebuild,
    OpenApi,
    Help,
}

pub fn parse(mut args: impl Iterator<Item = String>) -> anyhow::Result<Command> {
    let Some(cmd) = args.next() else {
        return Ok(Command::Serve);
    };
    match cmd.as_str() {
        "serve" => Ok(Command::Serve),
        "worker" => Ok(Command::Worker),
        "bench-jobs" => {
            let jobs = options(args, &["--jobs"])?.count("--jobs", crate::bench_jobs::JOBS)?;
            Ok(Command::BenchJobs(jobs))
        }
        "bench-webhooks" => {
            let n = options(args, &["--deliveries"])?;
            Ok(Command::BenchWebhooks(n.count(
                "--deliveries",
                crate::bench_webhooks::DELIVERIES,
            )?))
        }
        "bench-embed" => Ok(Command::BenchEmbed),
        "migrate" => Ok(Command::Migrate),
        "seed-demo" => Ok(Command::SeedDemo),
        "seed-scale" => Ok(Command::SeedScale(crate::scale::Sizes::parse(args)?)),
        "openapi" => Ok(Command::OpenApi),
        "index" => match args.next().as_deref() {
            Some("rebuild") => Ok(Command::IndexRebuild),
            _ => bail!("usage: nextcrm index rebuild\n\n{USAGE}"),
        },
        "help" | "--help" | "-h" => Ok(Command::Help),
        "create-admin" => {
            let mut o = options(args, &["--email", "--name"])?;
            Ok(Command::CreateAdmin(CreateAdmin {
                email: o.take("--email")?,
                name: o.take("--name")?,
            }))
        }
        "api-key" => {
            match args.next().as_deref() {
                Some("create") => {}
                _ => bail!("usage: nextcrm api-key create …\n\n{USAGE}"),
            }
            let mut o = options(args, &["--email", "--name", "--scope", "--expires"])?;
            let scope = match o.0.remove("--scope") {
                None => ApiScope::Read,
                Some(code) => ApiScope::from_code(&code)
                    .with_context(|| format!("--scope must be read or read-write, not {code:?}"))?,
            };
            let expires_on =
                match o.0.remove("--expires") {
                    None => None,
                    Some(day) => Some(types::wire::parse_day(&day).with_context(|| {
                        format!("--expires must be a date, YYYY-MM-DD: {day:?}")
                    })?),
                };
            Ok(Command::CreateApiKey(CreateApiKey {
                email: o.take("--email")?,
                key: NewApiKey {
                    name: o.take("--name")?,
                    scope,
                    expires_on,
                },
            }))
        }
        other => bail!("unknown command {other:?}\n\n{USAGE}"),
    }
}

/// `--flag value` pairs, each of `known` at most once.
struct Options(std::collections::HashMap<String, String>);

impl Options {
    fn take(&mut self, flag: &str) -> anyhow::Result<String> {
        self.0
            .remove(flag)
            .with_context(|| format!("{flag} is required"))
    }

    /// A number given with `flag`, or `default` without it.
    fn count(mut self, flag: &str, default: usize) -> anyhow::Result<usize> {
        self.0.remove(flag).map_or(Ok(default), |v| {
            v.parse().with_context(|| format!("{flag} needs a number"))
        })
    }
}

fn options(mut args: impl Iterator<Item = String>, known: &[&str]) -> anyhow::Result<Options> {
    let mut found = std::collections::HashMap::new();
    while let Some(flag) = args.next() {
        if !known.contains(&flag.as_str()) {
            bail!("unknown option {flag}\n\n{USAGE}");
        }
        let value = args
            .next()
            .with_context(|| format!("{flag} needs a value"))?;
        if found.insert(flag.clone(), value).is_some() {
            bail!("{flag} is given twice");
        }
    }
    Ok(Options(found))
}

/// The reason a service refused an operator's input, in words for the console.
fn refused(e: core_svc::CoreError, what: &str) -> anyhow::Error {
    match e {
        core_svc::CoreError::Validation(fields) => {
            let problems: Vec<String> = fields
                .iter()
                .map(|f| format!("{}: {}", f.field, app::i18n::tr(Lang::En, &f.key)))
                .collect();
            anyhow::anyhow!("invalid input: {}", problems.join(", "))
        }
        core_svc::CoreError::NotFound => anyhow::anyhow!("{what}: no active user has that email"),
        other => anyhow::Error::new(other).context(format!("could not {what}")),
    }
}

pub async fn create_api_key(config: &Config, args: CreateApiKey) -> anyhow::Result<()> {
    let ctx = database::context(config).await?;
    let made = api_keys::create_for_email(&ctx, &args.email, args.key)
        .await
        .map_err(|e| refused(e, "create the API key"))?;
    let expires = made
        .key
        .expires_at
        .map_or("never".to_owned(), |at| at.date().to_string());
    eprintln!(
        "created API key {:?} ({}) for {}, expires {expires}; the secret is shown only now:",
        made.key.name,
        made.key.scope.code(),
        made.key.user.name
    );
    println!("{}", made.secret);
    Ok(())
}

pub async fn create_admin(config: &Config, args: CreateAdmin) -> anyhow::Result<()> {
    let password = match std::env::var("NEXTCRM_ADMIN_PASSWORD") {
        Ok(p) if !p.is_empty() => p,
        _ => {
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    let ctx = database::context(config).await?;
    let input = auth::NewAccount {
        name: args.name,
        email: args.email,
        password,
        lang: Lang::En,
    };
    let user = auth::create_admin(&ctx, input)
        .await
        .map_err(|e| refused(e, "create the admin"))?;
    println!("created admin {} <{}>", user.name, user.email);
    Ok(())
}

/// `nextcrm index rebuild`: every record through the indexer, with a progress line per kind
/// at most once a second.
pub async fn index_rebuild(config: &Config) -> anyhow::Result<()> {
    let ctx = database::context(config).await?;
    let ai = crate::engine::open(config).await;
    let Some(engine) = ai.engine().cloned() else {
        bail!("search by meaning is off on this node (see the warning above)");
    };
    let ctx = ctx.with_ai(ai);
    let started = std::time::Instant::now();
    let mut shown = started;
    let synced = semantic::index::rebuild(&ctx, &engine, |kind, done, total| {
        if shown.elapsed().as_secs() >= 1 || done >= total {
            shown = std::time::Instant::now();
            println!("{}: {done} of {total}", kind.code());
        }
    })
    .await
    .context("indexing stopped (run it again to go on from where it stopped)")?;
    println!(
        "indexed {} records in {:.1} s: {} texts embedded, {} records removed from the index",
        synced.records,
        started.elapsed().as_secs_f64(),
        synced.embedded,
        synced.removed
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &[&str]) -> impl Iterator<Item = String> {
        s.iter()
            .map(|a| (*a).to_owned())
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn parses_commands() {
        assert_eq!(parse(args(&[])).expect("serve"), Command::Serve);
        assert_eq!(parse(args(&["worker"])).expect("worker"), Command::Worker);
        assert_eq!(
            parse(args(&["bench-jobs"])).expect("bench-jobs"),
            Command::BenchJobs(crate::bench_jobs::JOBS)
        );
        assert_eq!(
            parse(args(&["bench-webhooks", "--deliveries", "30"])).expect("bench-webhooks"),
            Command::BenchWebhooks(30)
        );
        assert!(parse(args(&["bench-jobs", "--jobs", "many"])).is_err());
        assert!(parse(args(&["bench-jobs", "--deliveries", "3"])).is_err());
        assert_eq!(
            parse(args(&["migrate"])).expect("migrate"),
            Command::Migrate
        );
        assert_eq!(
            parse(args(&[
                "create-admin",
                "--name",
                "Ada",
                "--email",
                "a@b.co"
            ]))
            .expect("admin"),
            Command::CreateAdmin(CreateAdmin {
                email: "a@b.co".into(),
                name: "Ada".into()
            })
        );
        assert!(parse(args(&["create-admin", "--email"])).is_err());
        assert!(parse(args(&["create-admin", "--name", "Ada"])).is_err());
        assert_eq!(
            parse(args(&["seed-demo"])).expect("demo"),
            Command::SeedDemo
        );
        assert!(parse(args(&["explode"])).is_err());
        assert_eq!(
            parse(args(&["index", "rebuild"])).expect("index rebuild"),
            Command::IndexRebuild
        );
        assert!(parse(args(&["index"])).is_err());
        assert_eq!(
            parse(args(&[
                "api-key",
                "create",
                "--email",
                "a@b.co",
                "--scope",
                "read-write",
                "--name",
                "sync",
                "--expires",
                "2027-01-31"
            ]))
            .expect("api key"),
            Command::CreateApiKey(CreateApiKey {
                email: "a@b.co".into(),
                key: NewApiKey {
                    name: "sync".into(),
                    scope: ApiScope::ReadWrite,
                    expires_on: types::wire::parse_day("2027-01-31"),
                }
            })
        );
        let read = parse(args(&[
            "api-key", "create", "--email", "a@b.co", "--name", "r",
        ]));
        assert!(matches!(read, Ok(Command::CreateApiKey(k)) if k.key.scope == ApiScope::Read));
        for bad in [
            &["api-key", "create", "--name", "x"][..],
            &[
                "api-key", "create", "--email", "a@b.co", "--name", "x", "--scope", "all",
            ],
            &[
                "api-key",
                "create",
                "--email",
                "a@b.co",
                "--name",
                "x",
                "--expires",
                "soon",
            ],
            &["api-key", "make", "--email", "a@b.co", "--name", "x"],
            &[
                "create-admin",
                "--email",
                "a@b.co",
                "--email",
                "b@b.co",
                "--name",
                "x",
            ],
        ] {
            assert!(parse(args(bad)).is_err(), "{bad:?}");
        }
    }
}
