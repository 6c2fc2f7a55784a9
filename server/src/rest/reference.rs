//! `GET /api/docs`: the API reference, rendered on the server from the OpenAPI document, so
//! it works offline, needs no script and no CDN, and can never disagree with the document.
//! Its headings follow the request's language; the document's own texts are in English.

use super::openapi::{BASE, TAGS};
use crate::middleware::viewer::accepted_language;
use axum::{
    Extension,
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
};
use serde_json::Value;
use std::fmt::Write;
use std::sync::Arc;
use types::lang::Lang;

/// The document as JSON, for the page to walk.
#[derive(Clone)]
pub struct Source(pub Arc<Value>);

const STYLE: &str = include_str!("reference.css");

/// `GET /api/docs/style.css`
pub async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE,
    )
        .into_response()
}

/// `GET /api/docs`
pub async fn page(Extension(doc): Extension<Source>, headers: HeaderMap) -> Response {
    let lang = accepted_language(&headers).unwrap_or_default();
    let html = render(&doc.0, lang);
    let mut res = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
    res.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'self'; frame-ancestors 'none'"),
    );
    res
}

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `code` spans in a description (`like this`), the rest escaped.
fn prose(text: &str) -> String {
    esc(text)
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{part}</code>")
            } else {
                part.to_owned()
            }
        })
        .collect()
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// A schema as a short type: a link to a named schema, `string (uuid)`, `array of …`,
/// `… or null`, or the words it allows.
fn type_of(schema: &Value) -> String {
    if let Some(name) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.rsplit('/').next())
    {
        return format!("<a href=\"#schema-{0}\">{0}</a>", esc(name));
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(items) = schema.get(key).and_then(Value::as_array) {
            return items.iter().map(type_of).collect::<Vec<_>>().join(" | ");
        }
    }
    if let Some(words) = schema.get("enum").and_then(Value::as_array) {
        return words
            .iter()
            .map(|w| format!("<code>{}</code>", esc(w.as_str().unwrap_or_default())))
            .collect::<Vec<_>>()
            .join(" | ");
    }
    let kinds: Vec<String> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(|t| t.as_str())
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    };
    let mut out: Vec<String> = kinds
        .iter()
        .map(|t| match t.as_str() {
            "array" => format!(
                "array of {}",
                schema.get("items").map(type_of).unwrap_or_default()
            ),
            "object" if schema.get("properties").is_some() => "object".to_owned(),
            other => match schema.get("format").and_then(Value::as_str) {
                Some(f) => format!("{other} ({})", esc(f)),
                None => other.to_owned(),
            },
        })
        .collect();
    if let Some(items) = schema.get("prefixItems").and_then(Value::as_array) {
        out = vec![format!(
            "[{}]",
            items.iter().map(type_of).collect::<Vec<_>>().join(", ")
        )];
    }
    if out.is_empty() {
        "any".to_owned()
    } else {
        out.join(" | ")
    }
}

/// The schema of an operation's JSON request or response body.
fn json_schema(body: &Value) -> Option<&Value> {
    body.get("content")?.get("application/json")?.get("schema")
}

/// A table of an object's fields; `None` when the schema has no properties.
fn fields(schema: &Value, t: &impl Fn(&str) -> String) -> Option<String> {
    let props = schema.get("properties")?.as_object()?;
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut html = format!(
        "<table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        t("api-docs-field"),
        t("api-docs-type"),
        t("api-docs-required"),
        t("api-docs-description")
    );
    for (name, prop) in props {
        let _ = write!(
            html,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(name),
            type_of(prop),
            if required.contains(&name.as_str()) {
                t("api-docs-yes")
            } else {
                String::new()
            },
            prose(str_of(prop, "description"))
        );
    }
    html.push_str("</tbody></table>");
    Some(html)
}

fn operation(path: &str, verb: &str, op: &Value, t: &impl Fn(&str) -> String) -> String {
    let mut html = format!(
        "<article class=\"op\" id=\"op-{id}\"><h3><span class=\"verb {verb}\">{VERB}</span> <code>{path}</code></h3><p>{summary}</p>",
        id = esc(str_of(op, "operationId")),
        VERB = verb.to_uppercase(),
        path = esc(path),
        summary = prose(str_of(op, "summary")),
    );
    let about = str_of(op, "description");
    if !about.is_empty() {
        let _ = write!(html, "<p>{}</p>", prose(about));
    }
    if let Some(params) = op.get("parameters").and_then(Value::as_array) {
        let _ = write!(
            html,
            "<h4>{}</h4><table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            t("api-docs-parameters"),
            t("api-docs-name"),
            t("api-docs-in"),
            t("api-docs-type"),
            t("api-docs-description")
        );
        for p in params {
            let _ = write!(
                html,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(str_of(p, "name")),
                esc(str_of(p, "in")),
                p.get("schema").map(type_of).unwrap_or_default(),
                prose(str_of(p, "description"))
            );
        }
        html.push_str("</tbody></table>");
    }
    if let Some(schema) = op.get("requestBody").and_then(json_schema) {
        let _ = write!(
            html,
            "<h4>{}</h4><p>{}</p>",
            t("api-docs-body"),
            type_of(schema)
        );
    }
    if let Some(responses) = op.get("responses").and_then(Value::as_object) {
        let _ = write!(
            html,
            "<h4>{}</h4><table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            t("api-docs-responses"),
            t("api-docs-status"),
            t("api-docs-type"),
            t("api-docs-description")
        );
        for (status, res) in responses {
            let body = match json_schema(res) {
                Some(s) if s.get("properties").is_some() => format!("{{{}}}", type_of_inline(s)),
                Some(s) => type_of(s),
                None => t("api-docs-no-body"),
            };
            let _ = write!(
                html,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(status),
                body,
                prose(str_of(res, "description"))
            );
        }
        html.push_str("</tbody></table>");
    }
    html.push_str("</article>");
    html
}

/// An inline object (a page of rows) as its fields: `data: array of …, next_cursor: …`.
fn type_of_inline(schema: &Value) -> String {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|props| {
            props
                .iter()
                .map(|(name, prop)| format!("<code>{}</code>: {}", esc(name), type_of(prop)))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

const VERBS: [&str; 4] = ["get", "post", "patch", "delete"];

fn render(doc: &Value, lang: Lang) -> String {
    let t = |key: &str| esc(&app::i18n::tr(lang, key));
    let info = doc.get("info").cloned().unwrap_or_default();
    let mut nav = String::new();
    let mut main = String::new();
    let empty = serde_json::Map::new();
    let paths = doc
        .get("paths")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    for tag in TAGS {
        let anchor = tag.replace(' ', "-");
        let _ = write!(nav, "<li><a href=\"#tag-{anchor}\">{tag}</a></li>");
        let _ = write!(main, "<section id=\"tag-{anchor}\"><h2>{tag}</h2>");
        for (path, item) in paths {
            for verb in VERBS {
                if let Some(op) = item.get(verb) {
                    let tagged = op
                        .get("tags")
                        .and_then(Value::as_array)
                        .is_some_and(|ts| ts.iter().any(|x| x.as_str() == Some(tag)));
                    if tagged {
                        main.push_str(&operation(path, verb, op, &t));
                    }
                }
            }
        }
        main.push_str("</section>");
    }
    let _ = write!(
        nav,
        "<li><a href=\"#schemas\">{}</a></li>",
        t("api-docs-schemas")
    );
    let _ = write!(
        main,
        "<section id=\"schemas\"><h2>{}</h2>",
        t("api-docs-schemas")
    );
    if let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, schema) in schemas {
            let _ = write!(
                main,
                "<article class=\"schema\" id=\"schema-{0}\"><h3>{0}</h3><p>{1}</p>{2}</article>",
                esc(name),
                prose(str_of(schema, "description")),
                fields(schema, &t).unwrap_or_else(|| format!("<p>{}</p>", type_of(schema)))
            );
        }
    }
    main.push_str("</section>");
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"/api/docs/style.css\"></head>\
         <body><header><h1>{title} <small>{version}</small></h1><p>{about}</p>\
         <p>{base}: <code>{BASE}</code> · {auth} <code>Authorization: Bearer ncrm_…</code> · \
         <a href=\"{BASE}/openapi.json\">{document}</a></p></header>\
         <div class=\"layout\"><nav aria-label=\"{sections}\"><ul>{nav}</ul></nav>\
         <main>{main}</main></div></body></html>",
        lang = lang.code(),
        title = t("api-docs-title"),
        version = esc(str_of(&info, "version")),
        about = prose(str_of(&info, "description")),
        base = t("api-docs-base"),
        auth = t("api-docs-auth"),
        document = t("api-docs-document"),
        sections = t("api-docs-sections"),
    )
}
