//! The UI languages, their negotiation from `Accept-Language`, and the user's theme.

#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;
use serde::{Deserialize, Serialize};

/// A supported UI language. Stored per user; `code()` is the BCP 47 tag used in `<html lang>`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(
    feature = "ssr",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "String(StringLen::N(8))")
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "en"))]
    En,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "es"))]
    Es,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "de"))]
    De,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "fr"))]
    Fr,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "ja"))]
    Ja,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "cs"))]
    Cs,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "uk"))]
    Uk,
}

impl Lang {
    pub const ALL: [Lang; 7] = [
        Lang::En,
        Lang::Es,
        Lang::De,
        Lang::Fr,
        Lang::Ja,
        Lang::Cs,
        Lang::Uk,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Ja => "ja",
            Lang::Cs => "cs",
            Lang::Uk => "uk",
        }
    }

    /// The language's own name, shown in the switcher so a reader always finds their language.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Es => "Español",
            Lang::De => "Deutsch",
            Lang::Fr => "Français",
            Lang::Ja => "日本語",
            Lang::Cs => "Čeština",
            Lang::Uk => "Українська",
        }
    }

    /// Parses a tag such as `de`, `de-AT` or `DE_at`; only the primary subtag matters.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// Picks the best supported language from an `Accept-Language` header, honouring q-values.
    pub fn negotiate(accept_language: &str) -> Option<Lang> {
        let mut best: Option<(Lang, f32)> = None;
        for part in accept_language.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or_default();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            if let Some(lang) = Lang::from_tag(tag)
                && q > 0.0
                && best.is_none_or(|(_, bq)| q > bq)
            {
                best = Some((lang, q));
            }
        }
        best.map(|(l, _)| l)
    }
}

/// The colour theme. `System` follows the operating system's preference.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(
    feature = "ssr",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "String(StringLen::N(8))")
)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "light"))]
    Light,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "dark"))]
    Dark,
    #[default]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "system"))]
    System,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::System];

    pub fn code(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::System => "system",
        }
    }

    pub fn from_code(code: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_by_quality_and_region() {
        let cases = [
            ("de-DE,de;q=0.9,en;q=0.8", Some(Lang::De)),
            ("en;q=0.5, fr-CA;q=0.9", Some(Lang::Fr)),
            ("zh-CN, ja;q=0.1", Some(Lang::Ja)),
            ("zh-CN", None),
            ("uk, cs;q=0", Some(Lang::Uk)),
            ("cs;q=0", None),
            ("", None),
        ];
        for (header, want) in cases {
            assert_eq!(Lang::negotiate(header), want, "{header}");
        }
    }

    #[test]
    fn tags_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.code()), Some(lang));
            assert_eq!(Lang::from_tag(&lang.code().to_uppercase()), Some(lang));
        }
        for theme in Theme::ALL {
            assert_eq!(Theme::from_code(theme.code()), Some(theme));
        }
        assert_eq!(Theme::from_code("neon"), None);
    }
}
