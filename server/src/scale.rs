//! `nextcrm seed-scale`: the large dataset the benchmarks run against (by default a million
//! contacts, 100k accounts, 200k deals, a million activities and 200k tasks over 50 users).
//! The users sign up through the services like real people; the records are generated in
//! set-based SQL by `core_svc::bulk`, on Postgres only.

use crate::demo::{
    COMPANY_STEMS, COMPANY_TAILS, FIRST_NAMES, LAST_NAMES, LOST_REASONS, NEXT_STEPS, POSITIONS,
    TASKS, TOUCHES, team,
};
use anyhow::{Context, bail};
use core_svc::services::auth;
use core_svc::{Ctx, bulk};
use std::time::Instant;
use types::dto::auth::Role;

/// The password of every scale user (`scale01@scale.test` is the admin).
pub const SCALE_PASSWORD: &str = "nextcrm-scale-2026";

/// How many of each; the issue's sizes by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sizes {
    pub users: u32,
    pub accounts: u32,
    pub contacts: u32,
    pub opportunities: u32,
    pub activities: u32,
    pub tasks: u32,
}

impl Default for Sizes {
    fn default() -> Self {
        Self {
            users: 50,
            accounts: 100_000,
            contacts: 1_000_000,
            opportunities: 200_000,
            activities: 1_000_000,
            tasks: 200_000,
        }
    }
}

impl Sizes {
    /// Reads `--contacts N`-style flags over the defaults.
    pub fn parse(mut args: impl Iterator<Item = String>) -> anyhow::Result<Self> {
        let mut sizes = Self::default();
        while let Some(flag) = args.next() {
            let value: u32 = args
                .next()
                .with_context(|| format!("{flag} needs a number"))?
                .parse()
                .with_context(|| format!("{flag} needs a number"))?;
            let slot = match flag.as_str() {
                "--users" => &mut sizes.users,
                "--accounts" => &mut sizes.accounts,
                "--contacts" => &mut sizes.contacts,
                "--opportunities" => &mut sizes.opportunities,
                "--activities" => &mut sizes.activities,
                "--tasks" => &mut sizes.tasks,
                _ => bail!("unknown option {flag}"),
            };
            *slot = value;
        }
        if sizes.users < 2 {
            bail!("--users must be at least 2 (an admin and someone who is not)");
        }
        Ok(sizes)
    }
}

/// The email of scale user `n` (1-based): 1 is the admin, 2–5 managers, the rest users.
pub fn email(n: u32) -> String {
    format!("scale{n:02}@scale.test")
}

fn role(n: u32) -> Role {
    match n {
        1 => Role::Admin,
        2..=5 => Role::Manager,
        _ => Role::User,
    }
}

fn words(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// Signs up the team, then generates the records. Refuses a database that has users.
pub async fn seed(ctx: &Ctx, sizes: Sizes) -> anyhow::Result<bulk::Report> {
    if !auth::setup_needed(ctx).await? {
        bail!("the database already has users; seed the scale dataset into a fresh database");
    }
    let members: Vec<(String, String, Role)> = (1..=sizes.users)
        .map(|n| {
            let name = format!(
                "{} {}",
                FIRST_NAMES[n as usize % FIRST_NAMES.len()],
                LAST_NAMES[(n as usize * 7) % LAST_NAMES.len()]
            );
            (name, email(n), role(n))
        })
        .collect();
    let users = team(ctx, &members, SCALE_PASSWORD).await?;
    let plan = bulk::Plan {
        accounts: sizes.accounts,
        contacts: sizes.contacts,
        opportunities: sizes.opportunities,
        activities: sizes.activities,
        tasks: sizes.tasks,
        owners: users.iter().map(|u| u.id).collect(),
        first_names: words(&FIRST_NAMES),
        last_names: words(&LAST_NAMES),
        company_stems: words(&COMPANY_STEMS),
        company_tails: words(&COMPANY_TAILS),
        positions: words(&POSITIONS),
        next_steps: words(&NEXT_STEPS),
        lost_reasons: words(&LOST_REASONS),
        subjects: TOUCHES.iter().map(|(_, s, _)| (*s).to_owned()).collect(),
        task_titles: words(&TASKS),
    };
    Ok(bulk::generate(&ctx.db, &plan).await?)
}

/// `nextcrm seed-scale [--contacts N …]`.
pub async fn run(config: &crate::config::Config, sizes: Sizes) -> anyhow::Result<()> {
    if config.is_sqlite() {
        bail!("seed-scale needs Postgres: set DATABASE_URL=postgres://…");
    }
    let ctx = crate::database::context(config).await?;
    let started = Instant::now();
    let report = seed(&ctx, sizes)
        .await
        .context("could not seed the scale dataset")?;
    for (table, rows) in &report {
        println!("{table}: {rows} rows");
    }
    // Bulk rows come without events: the duplicate keys and pairs are made here, timed, so
    // that the server started on the dataset has nothing to catch up on.
    let scan = Instant::now();
    for (kind, done) in core_svc::duplicates::pairs::rebuild_all(&ctx).await? {
        println!(
            "duplicates of {}: {} records, {} pairs",
            kind.code(),
            done.records,
            done.pairs
        );
    }
    println!("duplicate scan took {:.1?}", scan.elapsed());
    println!(
        "scale dataset ready in {:.0?}: {} users; sign in as {} (admin) or {} (a user) with the \
         password {SCALE_PASSWORD}",
        started.elapsed(),
        sizes.users,
        email(1),
        email(sizes.users)
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> impl Iterator<Item = String> {
        a.iter()
            .map(|s| (*s).to_owned())
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn flags_override_the_issue_sizes() {
        assert_eq!(Sizes::parse(args(&[])).expect("defaults"), Sizes::default());
        let s = Sizes::parse(args(&["--contacts", "500", "--users", "3"])).expect("flags");
        assert_eq!((s.contacts, s.users, s.accounts), (500, 3, 100_000));
        assert!(Sizes::parse(args(&["--contacts"])).is_err());
        assert!(Sizes::parse(args(&["--contacts", "many"])).is_err());
        assert!(Sizes::parse(args(&["--users", "1"])).is_err());
        assert!(Sizes::parse(args(&["--planets", "9"])).is_err());
    }
}
