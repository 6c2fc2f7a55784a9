//! `nextcrm`: serves the CRM by default; `worker`, `migrate`, `create-admin`, `api-key create`, `seed-demo`,
//! `seed-scale`, `index rebuild` and `openapi` are the admin subcommands. Configuration comes from environment variables (docs/CONFIGURATION.md).

use anyhow::Context;
use server::{cli, config::Config, serve};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::from_env().context("invalid configuration")?;
    server::telemetry::init(&config);
    match cli::parse(std::env::args().skip(1))? {
        cli::Command::Serve => serve::run(config).await,
        cli::Command::Worker => serve::run_worker(config).await,
        cli::Command::BenchJobs(jobs) => server::bench_jobs::run(&config, jobs).await,
        cli::Command::BenchWebhooks(n) => server::bench_webhooks::run(&config, n).await,
        cli::Command::BenchEmbed => server::bench_embed::run(&config).await,
        cli::Command::Migrate => server::database::migrate(&config).await,
        cli::Command::CreateAdmin(args) => cli::create_admin(&config, args).await,
        cli::Command::CreateApiKey(args) => cli::create_api_key(&config, args).await,
        cli::Command::SeedDemo => server::demo::run(&config).await,
        cli::Command::SeedScale(sizes) => server::scale::run(&config, sizes).await,
        cli::Command::IndexRebuild => cli::index_rebuild(&config).await,
        cli::Command::OpenApi => {
            println!("{}", serde_json::to_string_pretty(&server::rest::api().1)?);
            Ok(())
        }
        cli::Command::Help => {
            println!("{}", cli::USAGE);
            Ok(())
        }
    }
}
