//! The API's OpenAPI 3.1 document and its router, built from one table ([`Api`]): a route is
//! added together with its operation, so the router serves nothing the document leaves out
//! and the document promises nothing the router lacks. Schemas come from the DTOs themselves
//! (`types` with its `openapi` feature), so a field added to a DTO is in the document at once.

use crate::state::AppState;
use axum::{
    Router,
    handler::Handler,
    http::StatusCode,
    routing::{MethodFilter, on},
};
use std::collections::BTreeMap;
use utoipa::openapi::{
    Components, ContentBuilder, HttpMethod, Info, OpenApi, OpenApiBuilder, Paths, Ref, RefOr,
    Required, ResponseBuilder, Schema, Server, Tag,
    path::{OperationBuilder, ParameterBuilder, ParameterIn},
    request_body::RequestBodyBuilder,
    schema::{AdditionalProperties, ArrayBuilder, ObjectBuilder, OneOfBuilder, Type},
    security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme},
};
use utoipa::{PartialSchema, ToSchema};

/// Where the API is mounted; the document's paths are relative to it.
pub const BASE: &str = "/api/v1";

type Schemas = Vec<(String, RefOr<Schema>)>;

/// A route's method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    Get,
    Post,
    Patch,
    Delete,
}

impl Verb {
    pub const ALL: [Verb; 4] = [Verb::Get, Verb::Post, Verb::Patch, Verb::Delete];

    fn filter(self) -> MethodFilter {
        match self {
            Verb::Get => MethodFilter::GET,
            Verb::Post => MethodFilter::POST,
            Verb::Patch => MethodFilter::PATCH,
            Verb::Delete => MethodFilter::DELETE,
        }
    }

    fn http(self) -> HttpMethod {
        match self {
            Verb::Get => HttpMethod::Get,
            Verb::Post => HttpMethod::Post,
            Verb::Patch => HttpMethod::Patch,
            Verb::Delete => HttpMethod::Delete,
        }
    }

    /// Writes also need a read-write key, and may conflict or fail validation.
    fn errors(self) -> &'static [StatusCode] {
        match self {
            Verb::Get => &[
                StatusCode::BAD_REQUEST,
                StatusCode::UNAUTHORIZED,
                // Admin-only reads (webhooks) refuse everyone else.
                StatusCode::FORBIDDEN,
                StatusCode::NOT_FOUND,
                StatusCode::TOO_MANY_REQUESTS,
            ],
            Verb::Post | Verb::Patch | Verb::Delete => &[
                StatusCode::BAD_REQUEST,
                StatusCode::UNAUTHORIZED,
                StatusCode::FORBIDDEN,
                StatusCode::NOT_FOUND,
                StatusCode::CONFLICT,
                StatusCode::PAYLOAD_TOO_LARGE,
                StatusCode::UNPROCESSABLE_ENTITY,
                StatusCode::TOO_MANY_REQUESTS,
            ],
        }
    }
}

/// The routes and operations added so far.
#[derive(Default)]
pub struct Api {
    router: Router<AppState>,
    paths: Paths,
    schemas: Schemas,
}

impl Api {
    /// Serves `handler` at `verb path` and documents it as `op`, with the errors every
    /// request of its kind may get.
    pub fn add<H, T>(mut self, verb: Verb, path: &str, handler: H, op: Op) -> Api
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.router = self.router.route(path, on(verb.filter(), handler));
        let mut op = op;
        if matches!(verb, Verb::Post | Verb::Patch) {
            op = op.header(
                "Idempotency-Key",
                "Sent again with the same body within 24 hours, the first answer is replayed \
                 (with `Idempotent-Replayed: true`) instead of acting twice.",
            );
        }
        for status in verb.errors() {
            op = op.error(*status);
        }
        self.paths
            .add_path_operation(path, vec![verb.http()], op.builder.build());
        self.schemas.extend(op.schemas);
        self
    }

    /// The router, and the document describing exactly its routes.
    pub fn finish(self) -> (Router<AppState>, OpenApi) {
        let mut schemas: BTreeMap<String, RefOr<Schema>> = self.schemas.into_iter().collect();
        schemas.insert("Errors".into(), errors_schema());
        let mut components = Components::new();
        components.schemas = schemas;
        components.add_security_scheme(
            "key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("ncrm_…")
                    .description(Some("An API key from your profile page."))
                    .build(),
            ),
        );
        let mut info = Info::new("NextCRM REST API", env!("CARGO_PKG_VERSION"));
        info.description = Some(
            "The same records, rules and permissions as the app, over JSON. \
             See docs/API.md for paging, errors, idempotency and rate limits."
                .into(),
        );
        let doc = OpenApiBuilder::new()
            .info(info)
            .servers(Some([Server::new(BASE)]))
            .paths(self.paths)
            .components(Some(components))
            .security(Some([SecurityRequirement::new(
                "key",
                Vec::<String>::new(),
            )]))
            .tags(Some(TAGS.iter().map(|t| Tag::new(*t))))
            .build();
        (self.router, doc)
    }
}

/// The document's sections, in the order the reference page shows them.
pub const TAGS: &[&str] = &[
    "me",
    "accounts",
    "contacts",
    "leads",
    "opportunities",
    "contracts",
    "products",
    "line items",
    "tasks",
    "activities",
    "users",
    "search",
    "duplicates",
    "webhooks",
];

/// One operation: what it takes and what it answers.
pub struct Op {
    builder: OperationBuilder,
    schemas: Schemas,
}

impl Op {
    pub fn new(id: impl Into<String>, tag: &str, summary: impl Into<String>) -> Op {
        Op {
            builder: OperationBuilder::new()
                .operation_id(Some(id))
                .tag(tag)
                .summary(Some(summary)),
            schemas: Vec::new(),
        }
    }

    pub fn describe(mut self, text: impl Into<String>) -> Op {
        self.builder = self.builder.description(Some(text));
        self
    }

    /// A reference to `T`'s schema, which (with the schemas it uses) joins the components.
    fn schema_of<T: ToSchema>(&mut self) -> RefOr<Schema> {
        T::schemas(&mut self.schemas);
        self.schemas.push((T::name().into_owned(), T::schema()));
        Ref::from_schema_name(T::name()).into()
    }

    fn param(mut self, at: ParameterIn, name: &str, about: &str, schema: RefOr<Schema>) -> Op {
        let required = if at == ParameterIn::Path {
            Required::True
        } else {
            Required::False
        };
        self.builder = self.builder.parameter(
            ParameterBuilder::new()
                .name(name)
                .parameter_in(at)
                .required(required)
                .description(Some(about))
                .schema(Some(schema)),
        );
        self
    }

    /// A path parameter holding an id.
    pub fn path_id(self, name: &str, about: &str) -> Op {
        self.param(ParameterIn::Path, name, about, uuid())
    }

    /// A path parameter holding a word from a closed set.
    pub fn path_word(self, name: &str, about: &str, words: &[&str]) -> Op {
        self.param(ParameterIn::Path, name, about, one_of_words(words))
    }

    pub fn query(self, name: &str, about: &str, schema: RefOr<Schema>) -> Op {
        self.param(ParameterIn::Query, name, about, schema)
    }

    /// The page parameters of a list: `cursor` and `limit`.
    pub fn paged(self) -> Op {
        self.query("cursor", "The `next_cursor` of the page before", text())
            .query("limit", "Rows per page, 1 to 200 (50 if left out)", limit())
    }

    pub fn header(self, name: &str, about: &str) -> Op {
        self.param(ParameterIn::Header, name, about, text())
    }

    /// A JSON body of type `T`.
    pub fn body<T: ToSchema>(mut self) -> Op {
        let schema = self.schema_of::<T>();
        self.builder = self.builder.request_body(Some(
            RequestBodyBuilder::new()
                .required(Some(Required::True))
                .content(
                    "application/json",
                    ContentBuilder::new().schema(Some(schema)).build(),
                )
                .build(),
        ));
        self
    }

    fn answer(mut self, status: StatusCode, about: &str, schema: Option<RefOr<Schema>>) -> Op {
        let mut response = ResponseBuilder::new().description(about);
        if let Some(schema) = schema {
            response = response.content(
                "application/json",
                ContentBuilder::new().schema(Some(schema)).build(),
            );
        }
        self.builder = self
            .builder
            .response(status.as_u16().to_string(), response.build());
        self
    }

    /// Answers `status` with a `T`.
    pub fn returns<T: ToSchema>(mut self, status: StatusCode, about: &str) -> Op {
        let schema = self.schema_of::<T>();
        self.answer(status, about, Some(schema))
    }

    /// Answers 200 with one page of `T`s: `{data, next_cursor}`.
    pub fn returns_page<T: ToSchema>(mut self) -> Op {
        let item = self.schema_of::<T>();
        let page = ObjectBuilder::new()
            .property("data", ArrayBuilder::new().items(item))
            .required("data")
            .property(
                "next_cursor",
                OneOfBuilder::new()
                    .item(ObjectBuilder::new().schema_type(Type::String))
                    .item(ObjectBuilder::new().schema_type(Type::Null))
                    .description(Some("The `cursor` of the next page; `null` on the last.")),
            )
            .required("next_cursor")
            .additional_properties(Some(AdditionalProperties::FreeForm(false)));
        self.answer(
            StatusCode::OK,
            "One page",
            Some(Schema::Object(page.build()).into()),
        )
    }

    /// Answers 200 with all the `T`s: `{data}`.
    pub fn returns_all<T: ToSchema>(mut self) -> Op {
        let item = self.schema_of::<T>();
        let all = ObjectBuilder::new()
            .property("data", ArrayBuilder::new().items(item))
            .required("data")
            .additional_properties(Some(AdditionalProperties::FreeForm(false)));
        self.answer(
            StatusCode::OK,
            "All of them",
            Some(Schema::Object(all.build()).into()),
        )
    }

    /// Answers 204 with no body.
    pub fn no_content(self, about: &str) -> Op {
        self.answer(StatusCode::NO_CONTENT, about, None)
    }

    fn error(self, status: StatusCode) -> Op {
        let about = status.canonical_reason().unwrap_or("Error");
        let errors = Ref::from_schema_name("Errors").into();
        self.answer(status, about, Some(errors))
    }
}

/// The one error shape ([`super::error::ApiError`]).
fn errors_schema() -> RefOr<Schema> {
    let text = || ObjectBuilder::new().schema_type(Type::String);
    let item = ObjectBuilder::new()
        .property("code", text().description(Some("A stable error code.")))
        .required("code")
        .property(
            "field",
            text().description(Some("The body field or query parameter at fault.")),
        )
        .property(
            "detail",
            text().description(Some(
                "What went wrong, in the language the request accepts.",
            )),
        )
        .required("detail")
        .property(
            "trace_id",
            text().description(Some("Quote it to the operator: it finds the server's log.")),
        )
        .additional_properties(Some(AdditionalProperties::FreeForm(false)));
    Schema::Object(
        ObjectBuilder::new()
            .property("errors", ArrayBuilder::new().items(item).min_items(Some(1)))
            .required("errors")
            .additional_properties(Some(AdditionalProperties::FreeForm(false)))
            .build(),
    )
    .into()
}

pub fn text() -> RefOr<Schema> {
    String::schema()
}

pub fn uuid() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
            utoipa::openapi::KnownFormat::Uuid,
        )))
        .into()
}

pub fn date() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
            utoipa::openapi::KnownFormat::Date,
        )))
        .into()
}

pub fn one_of_words(words: &[&str]) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(words.iter().copied()))
        .into()
}

/// A whole percentage, 0 to 100.
pub fn percent() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(0))
        .maximum(Some(100))
        .into()
}

/// The page size: 1 to 200, 50 when left out.
pub fn limit() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(1))
        .maximum(Some(types::dto::list::MAX_PAGE_SIZE as i64))
        .default(Some(types::dto::list::PAGE_SIZE.into()))
        .into()
}
