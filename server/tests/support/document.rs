//! Every response an API test sees is checked against the OpenAPI document: its status must
//! be one the operation lists, and its body must match the schema listed for it.

use axum::http::{Method, StatusCode};
use jsonschema::Validator;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

/// The document the server serves, as JSON.
pub static DOCUMENT: LazyLock<Value> =
    LazyLock::new(|| serde_json::to_value(server::rest::api().1).expect("the document is JSON"));

static VALIDATORS: LazyLock<Mutex<HashMap<String, Arc<Validator>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// The document's path that `path` (under `/api/v1`, without a query) is an instance of:
/// the one that matches with the most literal segments.
pub fn template(path: &str) -> Option<&'static str> {
    let segments: Vec<&str> = path.split('/').collect();
    DOCUMENT["paths"]
        .as_object()?
        .keys()
        .filter_map(|t| {
            let parts: Vec<&str> = t.split('/').collect();
            let fits = parts.len() == segments.len()
                && parts
                    .iter()
                    .zip(&segments)
                    .all(|(p, s)| p.starts_with('{') || p == s);
            fits.then(|| (parts.iter().filter(|p| !p.starts_with('{')).count(), t))
        })
        .max_by_key(|(literal, _)| *literal)
        .map(|(_, t)| t.as_str())
}

fn validator(key: &str, schema: &Value) -> Arc<Validator> {
    let mut cache = VALIDATORS.lock().expect("cache");
    cache
        .entry(key.to_owned())
        .or_insert_with(|| {
            let root = json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "components": DOCUMENT["components"],
                "allOf": [schema],
            });
            Arc::new(jsonschema::draft202012::new(&root).expect("a valid schema"))
        })
        .clone()
}

/// Panics unless the answer to `method uri` is one the document describes.
pub fn conforms(method: &Method, uri: &str, status: StatusCode, body: &Value) {
    let Some(path) = uri
        .split('?')
        .next()
        .and_then(|p| p.strip_prefix("/api/v1"))
    else {
        return;
    };
    if path == "/openapi.json" {
        // The document itself, served beside the API.
        return;
    }
    let Some(template) = template(path) else {
        // No such endpoint: the router's 404, in the error shape the caller checks.
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {uri}");
        return;
    };
    let verb = method.as_str().to_lowercase();
    // The key and its scope are checked before the route: a read key gets 403 for any write.
    let Some(op) = DOCUMENT["paths"][template].get(&verb) else {
        assert!(
            matches!(
                status,
                StatusCode::METHOD_NOT_ALLOWED
                    | StatusCode::UNAUTHORIZED
                    | StatusCode::FORBIDDEN
                    | StatusCode::TOO_MANY_REQUESTS
            ),
            "{method} {uri} is not in the document, yet answered {status}"
        );
        return;
    };
    let code = status.as_u16().to_string();
    let Some(response) = op["responses"].get(&code) else {
        panic!("{method} {template} answered {status}, which the document does not list");
    };
    match response.pointer("/content/application~1json/schema") {
        Some(schema) => {
            let key = format!("{verb} {template} {code}");
            let checked = validator(&key, schema);
            let problems: Vec<String> = checked
                .iter_errors(body)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            assert!(
                problems.is_empty(),
                "{method} {uri} {status}: the body does not match the document: {problems:#?}\n{body}"
            );
        }
        None => assert_eq!(
            body,
            &Value::Null,
            "{method} {uri} {status} has a body the document does not describe"
        ),
    }
}
