//! The wasm entry point: hydrates the page the server rendered.

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    use leptos::prelude::*;
    console_error_panic_hook::set_once();
    let viewer = app::embedded_viewer();
    leptos::mount::hydrate_body(move || {
        provide_context(viewer);
        view! { <app::App/> }
    });
}
