//! The signed-in user's own profile and password.

use leptos::prelude::*;
use types::dto::users::Profile;
use types::error::AppError;

#[cfg(feature = "ssr")]
use super::server::{actor, ctx, done, session, set_pref_cookie};
#[cfg(feature = "ssr")]
use core_svc::services::users as svc;

#[server(prefix = "/api", endpoint = "get_profile")]
pub async fn get_profile() -> Result<Profile, AppError> {
    done(svc::profile(&ctx()?, &actor()?).await)
}

#[server(prefix = "/api", endpoint = "update_profile")]
pub async fn update_profile(
    name: String,
    lang: String,
    theme: String,
    #[server(default)] currency: String,
) -> Result<(), AppError> {
    use types::lang::{Lang, Theme};
    let input = svc::ProfileInput {
        name,
        lang: Lang::from_tag(&lang).ok_or_else(|| AppError::field("lang", "validation-invalid"))?,
        theme: Theme::from_code(&theme)
            .ok_or_else(|| AppError::field("theme", "validation-invalid"))?,
        currency,
    };
    let user = done(svc::update_profile(&ctx()?, &actor()?, input).await)?;
    set_pref_cookie("lang", user.lang.code());
    set_pref_cookie("theme", user.theme.code());
    Ok(())
}

/// Changes the password; every other session of the user ends.
#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(
    current: String,
    new: String,
    confirm: String,
) -> Result<(), AppError> {
    let keep = session().await?.id().map(|id| id.to_string());
    let input = svc::PasswordChange {
        current,
        new,
        confirm,
        keep_session: keep,
    };
    done(svc::change_password(&ctx()?, &actor()?, input).await)
}
