//! One module per page.

use crate::components::error_page::NotFound;
use leptos::prelude::*;

/// An admin page's view, or, for anyone else, a page that does not exist.
pub fn admin_only(page: impl FnOnce() -> AnyView) -> AnyView {
    if crate::use_viewer().is_admin() {
        page()
    } else {
        view! { <NotFound/> }.into_any()
    }
}

/// An admin page as a lazy route (see docs/ARCHITECTURE.md): `$body`'s code becomes a wasm
/// chunk of its own, fetched when an admin opens the page, so no one else downloads it.
macro_rules! admin_page {
    ($(#[$doc:meta])* $page:ident => $body:ident) => {
        $(#[$doc])*
        pub struct $page;

        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $page {
            fn data() -> Self {
                $page
            }

            fn view(_this: Self) -> leptos::prelude::AnyView {
                crate::routes::admin_only(|| leptos::prelude::IntoAny::into_any(leptos::prelude::view! { <$body/> }))
            }
        }
    };
}

pub mod accounts;
pub mod activities;
pub mod api_keys;
pub mod auth_pages;
pub mod contacts;
pub mod contracts;
pub mod duplicates;
pub mod home;
pub mod jobs;
pub mod lead_conversion;
pub mod leads;
pub mod lookups;
pub mod opportunities;
pub mod pipeline;
pub mod products;
pub mod profile;
pub mod search;
pub mod search_index;
pub mod tasks;
pub mod trash;
pub mod users;
pub mod webhooks;
