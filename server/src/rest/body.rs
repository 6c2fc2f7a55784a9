//! A JSON body read strictly: malformed JSON, a value of the wrong type, or a field the
//! endpoint does not know is a 400 naming the field, so a typo is never silently dropped.

use super::error::ApiError;
use axum::{
    body::Bytes,
    extract::{FromRequest, Request},
    http::StatusCode,
};
use serde::de::DeserializeOwned;

/// The request's body as `T`.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| match e.status() {
                StatusCode::PAYLOAD_TOO_LARGE => ApiError::too_large(),
                _ => ApiError::bad_body(None),
            })?;
        decode(&bytes).map(Json)
    }
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // Every body is an object: serde would also read a struct from an array, by position.
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(ApiError::bad_body(None));
    }
    let mut unknown = None;
    let mut json = serde_json::Deserializer::from_slice(bytes);
    let mut note = |path: serde_ignored::Path<'_>| {
        unknown.get_or_insert_with(|| path.to_string());
    };
    let watched = serde_ignored::Deserializer::new(&mut json, &mut note);
    let value: T = serde_path_to_error::deserialize(watched)
        .map_err(|e| ApiError::bad_body(Some(&e.path().to_string())))?;
    json.end().map_err(|_| ApiError::bad_body(None))?;
    match unknown {
        Some(field) => Err(ApiError::field(
            StatusCode::BAD_REQUEST,
            "api-unknown-field",
            &field,
        )),
        None => Ok(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use types::dto::contacts::ContactPatch;
    use types::patch::Patch;

    fn problem(body: &str) -> String {
        let e = decode::<ContactPatch>(body.as_bytes()).expect_err(body);
        assert_eq!(e.status(), StatusCode::BAD_REQUEST, "{body}");
        format!("{e:?}")
    }

    #[test]
    fn reads_a_patch_and_names_what_it_cannot_read() {
        let p: ContactPatch =
            decode(br#"{"phone": "+1 555", "email": null, "birthday": "1990-05-04"}"#)
                .expect("valid");
        assert_eq!(p.phone, Patch::Set("+1 555".into()));
        assert_eq!(p.email, Patch::Clear);
        assert_eq!(p.first_name, Patch::Absent);
        assert!(matches!(p.birthday, Patch::Set(_)));
        assert!(problem(r#"{"phnoe": "1"}"#).contains("Some(\"phnoe\")"));
        assert!(problem(r#"{"phone": 5}"#).contains("Some(\"phone\")"));
        assert!(problem(r#"{"birthday": "soon"}"#).contains("Some(\"birthday\")"));
        assert!(problem(r#"{"phone": "1"} trailing"#).contains("api-bad-body"));
        assert!(problem("").contains("api-bad-body"));
        assert!(problem("[]").contains("api-bad-body"));
    }
}
