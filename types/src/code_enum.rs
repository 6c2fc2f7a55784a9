//! [`code_enum!`]: a closed set of values stored and sent as short lowercase codes.

/// Declares an enum whose variants travel as codes: in JSON, in forms, and (with `ssr`) in a
/// string column of 16 characters. It gets `ALL`, `code()` and `from_code()`.
#[macro_export]
macro_rules! code_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(
            feature = "ssr",
            derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
            sea_orm(rs_type = "String", db_type = "String(sea_orm::sea_query::StringLen::N(16))")
        )]
        pub enum $name {
            $(
                #[serde(rename = $code)]
                #[cfg_attr(feature = "ssr", sea_orm(string_value = $code))]
                $variant,
            )+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            pub fn from_code(code: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.code() == code)
            }
        }

        /// A string, one of the codes.
        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($code),+]))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }
        }
    };
}
