//! Fluent translations for every UI string. The server compiles every language's `.ftl`
//! files in, so no request waits on a file. The browser holds only the page's language: it
//! fetches that one catalogue (`/i18n/<lang>.ftl`, which the page preloads) before it
//! hydrates, which keeps six unused catalogues out of the wasm every visitor downloads.

use fluent_bundle::{FluentArgs, FluentResource, FluentValue, concurrent::FluentBundle};
use types::lang::Lang;

/// The id of the `<link rel="preload">` that names the page's catalogue.
pub const CATALOGUE_LINK_ID: &str = "catalogue";

/// Each language's resource files, in one fixed order. Every language has the same files.
#[cfg(not(feature = "hydrate"))]
macro_rules! ftl {
    ($lang:literal) => {
        [
            include_str!(concat!("../../locales/", $lang, "/shell.ftl")),
            include_str!(concat!("../../locales/", $lang, "/auth.ftl")),
            include_str!(concat!("../../locales/", $lang, "/users.ftl")),
            include_str!(concat!("../../locales/", $lang, "/errors.ftl")),
            include_str!(concat!("../../locales/", $lang, "/lookups.ftl")),
            include_str!(concat!("../../locales/", $lang, "/records.ftl")),
            include_str!(concat!("../../locales/", $lang, "/accounts.ftl")),
            include_str!(concat!("../../locales/", $lang, "/contacts.ftl")),
            include_str!(concat!("../../locales/", $lang, "/products.ftl")),
            include_str!(concat!("../../locales/", $lang, "/opportunities.ftl")),
            include_str!(concat!("../../locales/", $lang, "/tasks.ftl")),
            include_str!(concat!("../../locales/", $lang, "/activities.ftl")),
            include_str!(concat!("../../locales/", $lang, "/leads.ftl")),
            include_str!(concat!("../../locales/", $lang, "/contracts.ftl")),
            include_str!(concat!("../../locales/", $lang, "/pipeline.ftl")),
            include_str!(concat!("../../locales/", $lang, "/search.ftl")),
            include_str!(concat!("../../locales/", $lang, "/jobs.ftl")),
            include_str!(concat!("../../locales/", $lang, "/api.ftl")),
            include_str!(concat!("../../locales/", $lang, "/duplicates.ftl")),
        ]
    };
}

#[cfg(not(feature = "hydrate"))]
fn sources(lang: Lang) -> [&'static str; 19] {
    match lang {
        Lang::En => ftl!("en"),
        Lang::Es => ftl!("es"),
        Lang::De => ftl!("de"),
        Lang::Fr => ftl!("fr"),
        Lang::Ja => ftl!("ja"),
        Lang::Cs => ftl!("cs"),
        Lang::Uk => ftl!("uk"),
    }
}

fn build(lang: Lang, source: String) -> FluentBundle<FluentResource> {
    let tag = lang.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![tag]);
    // Isolation marks would wrap every placeable in invisible characters.
    bundle.set_use_isolating(false);
    // A syntax error keeps the valid entries, and duplicate ids keep the first definition;
    // the parity test catches both.
    let resource = FluentResource::try_new(source).unwrap_or_else(|(res, _)| res);
    let _ = bundle.add_resource(resource);
    bundle
}

#[cfg(not(feature = "hydrate"))]
mod compiled {
    use super::{FluentBundle, FluentResource, Lang, build, sources};
    use std::sync::LazyLock;

    /// Each language's catalogue as one text, with a hash of it that versions its URL.
    static CATALOGUES: LazyLock<Vec<(String, u64)>> = LazyLock::new(|| {
        Lang::ALL
            .into_iter()
            .map(|lang| {
                let text = sources(lang).join("\n");
                let hash = fnv1a(&text);
                (text, hash)
            })
            .collect()
    });

    static BUNDLES: LazyLock<Vec<FluentBundle<FluentResource>>> = LazyLock::new(|| {
        Lang::ALL
            .into_iter()
            .map(|lang| build(lang, catalogue(lang).to_owned()))
            .collect()
    });

    fn index(lang: Lang) -> usize {
        Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)
    }

    /// A stable content hash (the std hasher may change between Rust releases).
    fn fnv1a(text: &str) -> u64 {
        text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    }

    /// The text of `lang`'s catalogue, as `/i18n/<lang>.ftl` serves it to the browser.
    pub fn catalogue(lang: Lang) -> &'static str {
        &CATALOGUES[index(lang)].0
    }

    /// Where the browser fetches `lang`'s catalogue. The content hash in the query lets the
    /// file be cached for good: a new release changes the URL.
    pub fn catalogue_href(lang: Lang) -> String {
        let hash = CATALOGUES[index(lang)].1;
        format!("/i18n/{}.ftl?v={hash:016x}", lang.code())
    }

    pub(super) fn bundle(lang: Lang) -> Option<&'static FluentBundle<FluentResource>> {
        Some(&BUNDLES[index(lang)])
    }
}

#[cfg(not(feature = "hydrate"))]
use compiled::bundle;
#[cfg(not(feature = "hydrate"))]
pub use compiled::{catalogue, catalogue_href};

#[cfg(feature = "hydrate")]
mod fetched {
    use super::{CATALOGUE_LINK_ID, FluentBundle, FluentResource, Lang, build};
    use std::sync::OnceLock;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    static LOADED: OnceLock<(Lang, FluentBundle<FluentResource>)> = OnceLock::new();

    /// Fetches the catalogue the page preloads and keeps it for `lang`. The wasm calls this
    /// once, before it hydrates.
    pub async fn load(lang: Lang) -> Result<(), JsValue> {
        let window = leptos::prelude::window();
        let href = leptos::prelude::document()
            .get_element_by_id(CATALOGUE_LINK_ID)
            .and_then(|link| link.get_attribute("href"))
            .ok_or("the page names no catalogue")?;
        let response: web_sys::Response = JsFuture::from(window.fetch_with_str(&href))
            .await?
            .dyn_into()?;
        if !response.ok() {
            return Err(format!("the catalogue answered {}", response.status()).into());
        }
        let text = JsFuture::from(response.text()?).await?;
        let source = text.as_string().ok_or("the catalogue is not text")?;
        let _ = LOADED.set((lang, build(lang, source)));
        Ok(())
    }

    pub(super) fn bundle(lang: Lang) -> Option<&'static FluentBundle<FluentResource>> {
        LOADED
            .get()
            .filter(|(loaded, _)| *loaded == lang)
            .map(|(_, bundle)| bundle)
    }
}

#[cfg(feature = "hydrate")]
use fetched::bundle;
#[cfg(feature = "hydrate")]
pub use fetched::load;

/// Translates `key` with arguments. A key missing in `lang` falls back to English (where
/// English is loaded: always on the server), then to the key itself, so a gap shows as text
/// rather than breaking the page.
pub fn tr_args(lang: Lang, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let fluent_args = (!args.is_empty()).then(|| {
        let mut a = FluentArgs::new();
        for (name, value) in args {
            a.set(*name, value.clone());
        }
        a
    });
    for candidate in [lang, Lang::En] {
        if let Some(b) = bundle(candidate)
            && let Some(pattern) = b.get_message(key).and_then(|m| m.value())
        {
            let mut errors = vec![];
            return b
                .format_pattern(pattern, fluent_args.as_ref(), &mut errors)
                .into_owned();
        }
    }
    key.to_owned()
}

pub fn tr(lang: Lang, key: &str) -> String {
    tr_args(lang, key, &[])
}

/// The language of the current page.
pub fn use_lang() -> Lang {
    crate::use_viewer().lang
}

/// Translates `key` in the current page's language.
pub fn t(key: &str) -> String {
    tr(use_lang(), key)
}

pub fn t_args(key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    tr_args(use_lang(), key, args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(lang: Lang) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for source in sources(lang) {
            let res = match FluentResource::try_new(source.to_owned()) {
                Ok(r) => r,
                Err((_, errs)) => panic!("{} has syntax errors: {errs:?}", lang.code()),
            };
            for entry in res.entries() {
                if let fluent_syntax::ast::Entry::Message(m) = entry {
                    assert!(
                        out.insert(m.id.name.to_owned()),
                        "{} defines {} twice",
                        lang.code(),
                        m.id.name
                    );
                }
            }
        }
        out
    }

    #[test]
    fn every_language_has_exactly_the_english_keys() {
        let en = keys(Lang::En);
        assert!(en.len() > 50, "the English catalogue looks truncated");
        for lang in Lang::ALL {
            let other = keys(lang);
            let missing: Vec<_> = en.difference(&other).collect();
            let extra: Vec<_> = other.difference(&en).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", lang.code());
            assert!(extra.is_empty(), "{} has unknown {extra:?}", lang.code());
        }
    }

    /// The keys the UI code names literally: `t("…")`, `tr(lang, "…")`, their `_args`
    /// forms, and `…_key="…"` props, in every file under `app/src`.
    fn keys_in_code() -> BTreeSet<(String, String)> {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir)
                .expect("app/src is readable")
                .flatten()
            {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(path);
                }
            }
        }
        let mut files = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let needles = [
            "t(\"",
            "t_args(\"",
            "tr(lang, \"",
            "tr_args(lang, \"",
            "_key=\"",
        ];
        let mut found = BTreeSet::new();
        for file in files {
            let text = std::fs::read_to_string(&file).expect("a source file");
            for needle in needles {
                for (at, _) in text.match_indices(needle) {
                    // `t(` must be the whole name, not the end of `format(` or `list(`.
                    let before = text[..at].chars().next_back();
                    if needle.starts_with('t')
                        && before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                    {
                        continue;
                    }
                    let rest = &text[at + needle.len()..];
                    let key: String = rest.chars().take_while(|&c| c != '"').collect();
                    if !key.is_empty()
                        && key
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    {
                        found.insert((file.display().to_string(), key));
                    }
                }
            }
        }
        found
    }

    #[test]
    fn every_key_the_code_names_is_in_the_catalogue() {
        let en = keys(Lang::En);
        let named = keys_in_code();
        assert!(
            named.len() > 100,
            "the scan found too few keys: {}",
            named.len()
        );
        let unknown: Vec<_> = named.iter().filter(|(_, key)| !en.contains(key)).collect();
        assert!(unknown.is_empty(), "keys with no message: {unknown:?}");
    }

    #[test]
    fn translates_and_falls_back() {
        assert_eq!(tr(Lang::De, "nav-home"), "Startseite");
        assert_eq!(tr(Lang::En, "nav-home"), "Home");
        assert_eq!(tr(Lang::Ja, "no-such-key"), "no-such-key");
        let greeting = tr_args(Lang::Fr, "home-greeting", &[("name", "Ada".into())]);
        assert!(greeting.contains("Ada"), "{greeting}");
    }
}
