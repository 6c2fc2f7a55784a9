//! Language and theme switches. Signed-in users keep them in their profile; everyone gets a
//! cookie so the choice also holds after signing out.

use leptos::prelude::*;
use types::error::AppError;

#[cfg(feature = "ssr")]
use super::server::{ctx, done, set_pref_cookie, viewer};
#[cfg(feature = "ssr")]
use types::lang::{Lang, Theme};

#[cfg(feature = "ssr")]
async fn store(lang: Option<Lang>, theme: Option<Theme>) -> Result<(), AppError> {
    if let Some(user) = viewer().user {
        let actor = core_svc::Actor {
            user_id: user.id,
            role: user.role,
            via: core_svc::Via::Web,
        };
        done(core_svc::services::users::set_preferences(&ctx()?, &actor, lang, theme).await)?;
    }
    Ok(())
}

#[server(prefix = "/api", endpoint = "set_language")]
pub async fn set_language(lang: String) -> Result<(), AppError> {
    let lang =
        Lang::from_tag(&lang).ok_or_else(|| AppError::field("lang", "validation-invalid"))?;
    store(Some(lang), None).await?;
    set_pref_cookie("lang", lang.code());
    Ok(())
}

#[server(prefix = "/api", endpoint = "set_theme")]
pub async fn set_theme(theme: String) -> Result<(), AppError> {
    let theme =
        Theme::from_code(&theme).ok_or_else(|| AppError::field("theme", "validation-invalid"))?;
    store(None, Some(theme)).await?;
    set_pref_cookie("theme", theme.code());
    Ok(())
}
