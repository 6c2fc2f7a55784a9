//! The job queue admin: counts, failures, retry and discard.

use leptos::prelude::*;
use types::dto::jobs::JobsOverview;
use types::error::AppError;

#[cfg(feature = "ssr")]
use super::server::{actor, ctx, done};
#[cfg(feature = "ssr")]
use core_svc::jobs::admin as svc;

#[cfg(feature = "ssr")]
fn job_id(id: &str) -> Result<uuid::Uuid, AppError> {
    id.parse().map_err(|_| AppError::NotFound)
}

#[server(prefix = "/api", endpoint = "jobs_overview")]
pub async fn load_jobs_overview() -> Result<JobsOverview, AppError> {
    done(svc::overview(&ctx()?, &actor()?).await)
}

#[server(prefix = "/api", endpoint = "retry_job")]
pub async fn retry_job(id: String) -> Result<(), AppError> {
    done(svc::retry(&ctx()?, &actor()?, job_id(&id)?).await)
}

#[server(prefix = "/api", endpoint = "discard_job")]
pub async fn discard_job(id: String) -> Result<(), AppError> {
    done(svc::discard(&ctx()?, &actor()?, job_id(&id)?).await)
}
