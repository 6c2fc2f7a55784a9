//! Structured logs via tracing: human-readable by default, JSON with NEXTCRM_LOG_FORMAT=json.

use crate::config::Config;
use tracing_subscriber::EnvFilter;

pub fn init(config: &Config) {
    let filter = EnvFilter::try_new(&config.log).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    // A second init (tests) is harmless; ignore its error.
    let _ = if config.log_json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}
