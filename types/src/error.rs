//! [`AppError`]: what the server tells a client when something fails. It carries codes and
//! Fluent message keys, never internal text, so the UI can translate every message.

use serde::{Deserialize, Serialize};
use server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use std::fmt;

/// One invalid field: the form field name and the Fluent key of its message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub key: String,
}

impl FieldError {
    pub fn new(field: &str, key: &str) -> Self {
        Self {
            field: field.to_owned(),
            key: key.to_owned(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AppError {
    /// The input broke one or more rules; each is shown next to its field.
    Validation { fields: Vec<FieldError> },
    /// The record does not exist, or the actor may not see it (the two look the same).
    NotFound,
    /// The actor may see the thing but not do this to it.
    Forbidden,
    /// Nobody is signed in, or the session has ended.
    Unauthenticated,
    /// Email and password do not match an active account.
    InvalidCredentials,
    /// Too many attempts; try again later.
    RateLimited,
    /// A business rule refused the request; `key` names the translated explanation.
    Rejected { key: String },
    /// The request clashes with the record as it is now (someone changed it meanwhile, or the
    /// value already exists); `key` names the translated explanation.
    Conflict { key: String },
    /// The request itself was malformed (missing or undecodable arguments).
    BadRequest,
    /// The server failed; the trace id lets an operator find the log line.
    Internal { trace_id: Option<String> },
    /// The server could not be reached.
    Unavailable,
    /// The server is up but its database is not; the trace id finds the log line.
    Outage { trace_id: Option<String> },
}

impl AppError {
    pub fn field(field: &str, key: &str) -> Self {
        AppError::Validation {
            fields: vec![FieldError::new(field, key)],
        }
    }

    /// The Fluent key of the message for the whole form (field errors have their own keys).
    pub fn message_key(&self) -> &str {
        match self {
            AppError::Validation { .. } => "error-validation",
            AppError::NotFound => "error-not-found",
            AppError::Forbidden => "error-forbidden",
            AppError::Unauthenticated => "error-unauthenticated",
            AppError::InvalidCredentials => "error-invalid-credentials",
            AppError::RateLimited => "error-rate-limited",
            AppError::Rejected { key } | AppError::Conflict { key } => key,
            AppError::BadRequest => "error-bad-request",
            AppError::Internal { .. } => "error-internal",
            AppError::Unavailable => "error-unavailable",
            AppError::Outage { .. } => "error-unavailable-server",
        }
    }

    /// The HTTP status that says what happened: 422, 404, 403, 401, 429, 409, or 500/503
    /// for the server's own failures.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Validation { .. } | AppError::BadRequest | AppError::Rejected { .. } => 422,
            AppError::NotFound => 404,
            AppError::Conflict { .. } => 409,
            AppError::Forbidden => 403,
            AppError::Unauthenticated | AppError::InvalidCredentials => 401,
            AppError::RateLimited => 429,
            AppError::Internal { .. } => 500,
            AppError::Unavailable | AppError::Outage { .. } => 503,
        }
    }

    /// The Fluent key of the error attached to `field`, if any.
    pub fn field_key(&self, field: &str) -> Option<&str> {
        match self {
            AppError::Validation { fields } => fields
                .iter()
                .find(|f| f.field == field)
                .map(|f| f.key.as_str()),
            _ => None,
        }
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message_key())
    }
}

impl std::error::Error for AppError {}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::BadRequest,
            ServerFnErrorErr::Request(_) => AppError::Unavailable,
            _ => AppError::Internal { trace_id: None },
        }
    }
}
