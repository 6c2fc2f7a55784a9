//! Activities: list (and timelines), read and save.

use leptos::prelude::*;
use types::error::AppError;

#[cfg(feature = "ssr")]
use super::server::{actor, ctx, done, record_id};
#[cfg(feature = "ssr")]
use core_svc::services::activities as svc;

/// Links the activity to one more record of `kind`, or removes the link.
#[server(prefix = "/api", endpoint = "set_activity_link")]
pub async fn set_activity_link(
    id: String,
    kind: String,
    #[server(default)] record: String,
    linked: bool,
) -> Result<(), AppError> {
    let id = record_id(&id)?;
    let link = types::dto::records::Link::parse(&format!("{kind}:{record}"))
        .ok()
        .flatten()
        .ok_or_else(|| AppError::field("record", "validation-required"))?;
    done(svc::set_link(&ctx()?, &actor()?, id, link, linked).await)
}

record_api! {
    Activity in activities: ActivityRow, Activity, ActivityInput;
    list_activities = "list_activities", get_activity = "get_activity", save_activity = "save_activity";
}
