//! The API's one error shape: `{"errors":[{"code","field","detail"}]}` with the status that
//! says what happened. `code` is a stable Fluent key, `detail` its text in the language the
//! request accepts, `field` the body field or query parameter at fault. Internal failures are
//! logged with a trace id by core; the response carries only that id.
//!
//! A handler returns [`ApiError`]; it travels in the response's extensions to [`render`],
//! which knows the request's language and writes the body.

use crate::middleware::viewer::accepted_language;
use axum::{
    Json,
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use core_svc::CoreError;
use serde::Serialize;
use types::error::AppError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    status: StatusCode,
    problems: Vec<Problem>,
    trace_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Problem {
    code: String,
    field: Option<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &str) -> Self {
        Self {
            status,
            problems: vec![Problem {
                code: code.to_owned(),
                field: None,
            }],
            trace_id: None,
        }
    }

    /// A problem with one field or parameter.
    pub fn field(status: StatusCode, code: &str, field: &str) -> Self {
        Self {
            status,
            problems: vec![Problem {
                code: code.to_owned(),
                field: Some(field.to_owned()),
            }],
            trace_id: None,
        }
    }

    /// No key, or one that is unknown, expired, revoked or whose user was deactivated.
    pub fn bad_key() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "api-key-invalid")
    }

    pub fn unknown_parameter(name: &str) -> Self {
        Self::field(StatusCode::BAD_REQUEST, "api-unknown-parameter", name)
    }

    /// A body that is not JSON, or not the JSON this endpoint takes; `field` where known.
    pub fn bad_body(field: Option<&str>) -> Self {
        match field {
            Some(f) if !f.is_empty() && f != "." => {
                Self::field(StatusCode::BAD_REQUEST, "api-bad-body", f)
            }
            _ => Self::new(StatusCode::BAD_REQUEST, "api-bad-body"),
        }
    }

    pub fn too_large() -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, "api-body-too-large")
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The same problems under other field names (query parameters named as the API
    /// names them, not as the shared list rules do).
    pub fn rename_fields(mut self, rename: impl Fn(&str) -> Option<&'static str>) -> Self {
        for p in &mut self.problems {
            if let Some(to) = p.field.as_deref().and_then(&rename) {
                p.field = Some(to.to_owned());
            }
        }
        self
    }

    /// The same problems with another status (a bad query parameter is a 400, where the
    /// same rule broken in a body is a 422).
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }
}

impl From<AppError> for ApiError {
    fn from(err: AppError) -> Self {
        let status =
            StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let problems = match &err {
            AppError::Validation { fields } if !fields.is_empty() => fields
                .iter()
                .map(|f| Problem {
                    code: f.key.clone(),
                    field: Some(f.field.clone()),
                })
                .collect(),
            other => vec![Problem {
                code: other.message_key().to_owned(),
                field: None,
            }],
        };
        let trace_id = match err {
            AppError::Internal { trace_id } | AppError::Outage { trace_id } => trace_id,
            _ => None,
        };
        Self {
            status,
            problems,
            trace_id,
        }
    }
}

impl From<CoreError> for ApiError {
    fn from(err: CoreError) -> Self {
        match err {
            // For a key, "unauthenticated" means the key, not a sign-in.
            CoreError::Unauthenticated => Self::bad_key(),
            other => AppError::from(other).into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = self.status.into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            res.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        res.extensions_mut().insert(self);
        res
    }
}

#[derive(Serialize)]
struct Body {
    errors: Vec<Item>,
}

#[derive(Serialize)]
struct Item {
    code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<String>,
    detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    trace_id: Option<String>,
}

/// Writes the body of every [`ApiError`] in the language the request accepts (English by
/// default), and turns a bare error status from a layer (such as 405) into the same shape.
pub async fn render(req: Request, next: Next) -> Response {
    let lang = accepted_language(req.headers()).unwrap_or_default();
    let mut res = next.run(req).await;
    let error = match res.extensions_mut().remove::<ApiError>() {
        Some(e) => e,
        None if res.status() == StatusCode::METHOD_NOT_ALLOWED => {
            ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "api-method-not-allowed")
        }
        None => return res,
    };
    let body = Body {
        errors: error
            .problems
            .into_iter()
            .map(|p| Item {
                detail: app::i18n::tr(lang, &p.code),
                code: p.code,
                field: p.field,
                trace_id: error.trace_id.clone(),
            })
            .collect(),
    };
    let (mut parts, _) = res.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    let json = Json(body).into_response();
    let (json_parts, json_body) = json.into_parts();
    for (name, value) in &json_parts.headers {
        parts.headers.insert(name, value.clone());
    }
    Response::from_parts(parts, json_body)
}

/// Any path under `/api/v1` that names no endpoint.
pub async fn no_route() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "api-no-route")
}
