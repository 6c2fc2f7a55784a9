//! Admin subcommands. They call the same core services as the web app.

use crate::config::Config;
use crate::database;
use anyhow::{Context, bail};
use core_svc::services::auth;
use std::io::BufRead;
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
  seed-demo             Fill an empty database with a demo workspace (users, accounts,
                        contacts, products, opportunities); see the README for sign-in
  seed-scale [--users N] [--accounts N] [--contacts N] [--opportunities N]
             [--activities N] [--tasks N]
                        Fill an empty Postgres database with the benchmark dataset (by default
                        50 users, 100k accounts, 1M contacts, 200k deals, 1M activities, 200k
                        tasks); the password of every user is printed at the end
  bench-jobs [--jobs N]  Measure the job queue on this database (cargo xtask bench --jobs)
  help                  Show this text

Configuration is read from environment variables; see docs/CONFIGURATION.md.";

#[derive(Debug, PartialEq, Eq)]
pub struct CreateAdmin {
    pub email: String,
    pub name: String,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Serve,
    Worker,
    BenchJobs(usize),
    Migrate,
    CreateAdmin(CreateAdmin),
    SeedDemo,
    SeedScale(crate::scale::Sizes),
    Help,
}

pub fn parse(mut args: impl Iterator<Item = String>) -> anyhow::Result<Command> {
    let Some(cmd) = args.next() else {
        return Ok(Command::Serve);
    };
    match cmd.as_str() {
        "serve" => Ok(Command::Serve),
        "worker" => Ok(Command::Worker),
        "bench-jobs" => Ok(Command::BenchJobs(crate::bench_jobs::jobs_arg(args)?)),
        "migrate" => Ok(Command::Migrate),
        "seed-demo" => Ok(Command::SeedDemo),
        "seed-scale" => Ok(Command::SeedScale(crate::scale::Sizes::parse(args)?)),
        "help" | "--help" | "-h" => Ok(Command::Help),
        "create-admin" => {
            let (mut email, mut name) = (None, None);
            while let Some(flag) = args.next() {
                let value = args
                    .next()
                    .with_context(|| format!("{flag} needs a value"))?;
                match flag.as_str() {
                    "--email" => email = Some(value),
                    "--name" => name = Some(value),
                    _ => bail!("unknown option {flag}\n\n{USAGE}"),
                }
            }
            Ok(Command::CreateAdmin(CreateAdmin {
                email: email.context("--email is required")?,
                name: name.context("--name is required")?,
            }))
        }
        other => bail!("unknown command {other:?}\n\n{USAGE}"),
    }
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
    match auth::create_admin(&ctx, input).await {
        Ok(user) => {
            println!("created admin {} <{}>", user.name, user.email);
            Ok(())
        }
        Err(core_svc::CoreError::Validation(fields)) => {
            let problems: Vec<String> = fields
                .iter()
                .map(|f| format!("{}: {}", f.field, f.key))
                .collect();
            bail!("invalid input: {}", problems.join(", "))
        }
        Err(e) => Err(e).context("could not create the admin"),
    }
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
    }
}
