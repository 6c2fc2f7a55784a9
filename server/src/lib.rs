//! The server: configuration, telemetry, the HTTP router with its security and session layers,
//! and the admin commands. `main.rs` only dispatches.

pub mod bench_embed;
pub mod bench_jobs;
pub mod bench_webhooks;
pub mod catalogue;
pub mod cli;
pub mod config;
pub mod database;
pub mod demo;
pub mod engine;
pub mod health;
pub mod middleware;
pub mod rest;
pub mod router;
pub mod scale;
pub mod serve;
pub mod server_fns;
pub mod state;
pub mod telemetry;
