//! The browser's translation catalogues, one per language. The page names its catalogue
//! with a content hash in the query, so a response may be cached for good.

use axum::{
    extract::Path,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use types::lang::Lang;

/// `GET /i18n/<lang>.ftl`: the Fluent source of one language's UI strings.
pub async fn catalogue(Path(file): Path<String>) -> Response {
    let lang = file
        .strip_suffix(".ftl")
        .and_then(|code| Lang::ALL.into_iter().find(|l| l.code() == code));
    match lang {
        Some(lang) => (
            [
                (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            app::i18n::catalogue(lang),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
