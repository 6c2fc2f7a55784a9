//! [`CoreError`], and its mapping to the client-facing [`AppError`]. Internal detail is logged
//! with a trace id and never leaves the server.

use sea_orm::{DbErr, SqlErr};
use types::error::{AppError, FieldError};

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("unauthenticated")]
    Unauthenticated,
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("rate limited")]
    RateLimited,
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// A unique value already exists; the key names the message.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// A business rule refused the request; the key names the message.
    #[error("rejected: {0}")]
    Rejected(&'static str),
    #[error("internal: {0}")]
    Internal(String),
    /// The database cannot be reached (no connection could be had or kept).
    #[error("outage: {0}")]
    Outage(String),
}

impl From<DbErr> for CoreError {
    fn from(err: DbErr) -> Self {
        match err {
            DbErr::RecordNotFound(_) => CoreError::NotFound,
            DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => CoreError::Outage(err.to_string()),
            other => match other.sql_err() {
                Some(SqlErr::UniqueConstraintViolation(_)) => CoreError::Conflict("error-conflict"),
                _ => CoreError::Internal(other.to_string()),
            },
        }
    }
}

impl From<AppError> for CoreError {
    /// Validation runs through the shared rules in `types`, which speak `AppError`.
    fn from(err: AppError) -> Self {
        match err {
            AppError::Validation { fields } => CoreError::Validation(fields),
            other => CoreError::Internal(format!("unexpected rule error: {other:?}")),
        }
    }
}

impl From<CoreError> for AppError {
    fn from(err: CoreError) -> Self {
        match err {
            CoreError::NotFound => AppError::NotFound,
            CoreError::Forbidden => AppError::Forbidden,
            CoreError::Unauthenticated => AppError::Unauthenticated,
            CoreError::InvalidCredentials => AppError::InvalidCredentials,
            CoreError::RateLimited => AppError::RateLimited,
            CoreError::Validation(fields) => AppError::Validation { fields },
            CoreError::Conflict(key) => AppError::Conflict {
                key: key.to_owned(),
            },
            CoreError::Rejected(key) => AppError::Rejected {
                key: key.to_owned(),
            },
            CoreError::Internal(detail) => {
                let trace_id = crate::secrets::random_token(8);
                tracing::error!(%trace_id, %detail, "internal error");
                AppError::Internal {
                    trace_id: Some(trace_id),
                }
            }
            CoreError::Outage(detail) => {
                let trace_id = crate::secrets::random_token(8);
                tracing::error!(%trace_id, %detail, "database unavailable");
                AppError::Outage {
                    trace_id: Some(trace_id),
                }
            }
        }
    }
}

pub type CoreResult<T> = Result<T, CoreError>;
