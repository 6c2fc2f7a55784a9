//! The wasm entry point: loads the page's translations, then hydrates the page the server
//! rendered.

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    use leptos::prelude::*;
    console_error_panic_hook::set_once();
    let viewer = app::embedded_viewer();
    wasm_bindgen_futures::spawn_local(async move {
        // The page already works without the wasm (it was rendered on the server and its
        // forms post), so a catalogue that fails to load leaves it as it is, rather than
        // hydrating it into untranslated keys.
        if let Err(e) = app::i18n::load(viewer.lang).await {
            leptos::logging::error!("translations did not load, the page stays static: {e:?}");
            return;
        }
        // `hydrate_lazy`: the admin pages are lazy routes, whose code may have to load first.
        leptos::mount::hydrate_lazy(move || {
            provide_context(viewer);
            view! { <app::App/> }
        });
    });
}
