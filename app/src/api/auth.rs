//! First-run setup, sign-in and sign-out, invite acceptance.

use leptos::prelude::*;
use types::dto::users::InviteInfo;
use types::error::AppError;

#[cfg(feature = "ssr")]
use super::server::{client_ip, ctx, done, sign_in, viewer};
#[cfg(feature = "ssr")]
use core_svc::services::{auth as svc, invites};

/// Creates the first admin and signs them in.
#[server(prefix = "/api", endpoint = "setup")]
pub async fn setup(name: String, email: String, password: String) -> Result<(), AppError> {
    let ctx = ctx()?;
    let input = svc::NewAccount {
        name,
        email,
        password,
        lang: viewer().lang,
    };
    let user = done(svc::setup_first_admin(&ctx, input).await)?;
    sign_in(&user).await
}

#[server(prefix = "/api", endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<(), AppError> {
    let ctx = ctx()?;
    let input = svc::Credentials {
        email,
        password,
        ip: client_ip(),
    };
    let user = done(svc::login(&ctx, input).await)?;
    sign_in(&user).await
}

#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    super::server::sign_out().await
}

/// What the accept page shows about an invite (public: the token is the credential).
#[server(prefix = "/api", endpoint = "get_invite")]
pub async fn get_invite(token: String) -> Result<InviteInfo, AppError> {
    done(invites::lookup(&ctx()?, &token).await)
}

/// Creates the invited account and signs it in.
#[server(prefix = "/api", endpoint = "accept_invite")]
pub async fn accept_invite(token: String, name: String, password: String) -> Result<(), AppError> {
    let ctx = ctx()?;
    let input = invites::Acceptance {
        token,
        name,
        password,
        lang: viewer().lang,
    };
    let user = done(invites::accept(&ctx, input).await)?;
    sign_in(&user).await
}
