//! The Leptos UI, rendered on the server and hydrated in the browser.
//!
//! The server resolves a [`Viewer`] (user, language, theme) per request. The shell embeds it
//! as JSON and the wasm app reads it back, so both render the same page without a round trip.

pub mod api;
pub mod components;
pub mod format;
pub mod i18n;
pub mod routes;

use components::{error_page::NotFound, layout::AppLayout};
use leptos::prelude::*;
use leptos_meta::{Stylesheet, Title, provide_meta_context};
use leptos_router::{
    Lazy, SsrMode,
    components::{ParentRoute, Route, Router, Routes},
    path,
};
use routes::{
    accounts::{AccountFormPage, AccountPage, AccountsPage},
    activities::{ActivitiesPage, ActivityFormPage, ActivityPage},
    api_keys::ApiKeysPage,
    auth_pages::{AcceptInvitePage, LoginPage, SetupPage},
    contacts::{ContactFormPage, ContactPage, ContactsPage},
    contracts::{ContractFormPage, ContractPage, ContractsPage},
    duplicates::DuplicatesPage,
    home::HomePage,
    jobs::JobsPage,
    lead_conversion::LeadConvertPage,
    leads::{LeadFormPage, LeadPage, LeadsPage},
    lookups::LookupsPage,
    opportunities::{OpportunitiesPage, OpportunityFormPage, OpportunityPage},
    pipeline::PipelinePage,
    products::{ProductFormPage, ProductPage, ProductsPage},
    profile::ProfilePage,
    search::SearchPage,
    search_index::SearchIndexPage,
    tasks::{TaskFormPage, TaskPage, TasksPage},
    trash::TrashPage,
    users::UsersPage,
    webhooks::{WebhookPage, WebhooksPage},
};
use types::dto::auth::Viewer;

/// Who is looking at the page, with their language and theme (signed out: defaults).
pub fn use_viewer() -> Viewer {
    use_context::<Viewer>().unwrap_or_default()
}

/// The id of the `<script type="application/json">` that carries the viewer to the browser.
pub const VIEWER_SCRIPT_ID: &str = "viewer-data";

/// The HTML document. Server only: the browser hydrates `<body>`.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    use leptos::nonce::use_nonce;
    use leptos_meta::MetaTags;

    let viewer = use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<Viewer>().cloned())
        .unwrap_or_default();
    // `<` is escaped so that no value can close the script element.
    let data = serde_json::to_string(&viewer)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    let catalogue = i18n::catalogue_href(viewer.lang);
    let (lang, theme) = (viewer.lang.code(), viewer.theme.code());
    let signed_in = viewer.user.is_some();
    provide_context(viewer);
    leptos::nonce::provide_nonce();
    let nonce = use_nonce().map(|n| n.to_string()).unwrap_or_default();
    if let (Some(nonce), Some(res)) = (use_nonce(), use_context::<leptos_axum::ResponseOptions>()) {
        let csp = format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
             style-src 'self'; img-src 'self' data:; connect-src 'self'; \
             frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
        );
        if let Ok(value) = http::HeaderValue::from_str(&csp) {
            res.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
    view! {
        <!DOCTYPE html>
        <html lang=lang data-theme=theme>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <link rel="icon" href="/favicon.ico"/>
                <script type="application/json" id=VIEWER_SCRIPT_ID inner_html=data></script>
                // The wasm fetches this before it hydrates; preloading overlaps the two.
                <link rel="preload" id=i18n::CATALOGUE_LINK_ID href=catalogue r#as="fetch"
                    crossorigin="anonymous"/>
                // A signed-in page the browser restores from its back/forward cache asks the
                // server again, so Back after signing out shows the sign-in page, not the data.
                {signed_in.then(|| view! {
                    <script nonce=nonce>
                        "addEventListener('pageshow',function(e){if(e.persisted)location.reload()})"
                    </script>
                })}
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Reads the viewer the server embedded in the page (browser only).
#[cfg(feature = "hydrate")]
pub fn embedded_viewer() -> Viewer {
    document()
        .get_element_by_id(VIEWER_SCRIPT_ID)
        .and_then(|el| el.text_content())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Marks the page once the wasm has taken over; tests and styles key on it.
    Effect::new(|_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Stylesheet id="leptos" href="/pkg/nextcrm.css"/>
        <Title formatter=|page: String| format!("{page} · NextCRM")/>
        <Router>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/setup") view=SetupPage/>
                <Route path=path!("/login") view=LoginPage/>
                <Route path=path!("/invite/:token") view=AcceptInvitePage/>
                <ParentRoute path=path!("") view=AppLayout>
                    <Route path=path!("") view=HomePage/>
                    <Route path=path!("accounts") view=AccountsPage ssr=SsrMode::Async/>
                    <Route path=path!("accounts/new") view=AccountFormPage ssr=SsrMode::Async/>
                    <Route path=path!("accounts/:id") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("accounts/:id/edit") view=AccountFormPage ssr=SsrMode::Async/>
                    <Route path=path!("contacts") view=ContactsPage ssr=SsrMode::Async/>
                    <Route path=path!("contacts/new") view=ContactFormPage ssr=SsrMode::Async/>
                    <Route path=path!("contacts/:id") view=ContactPage ssr=SsrMode::Async/>
                    <Route path=path!("contacts/:id/edit") view=ContactFormPage ssr=SsrMode::Async/>
                    <Route path=path!("pipeline") view=PipelinePage ssr=SsrMode::Async/>
                    <Route path=path!("opportunities") view=OpportunitiesPage ssr=SsrMode::Async/>
                    <Route path=path!("opportunities/new") view=OpportunityFormPage ssr=SsrMode::Async/>
                    <Route path=path!("opportunities/:id") view=OpportunityPage ssr=SsrMode::Async/>
                    <Route path=path!("opportunities/:id/edit") view=OpportunityFormPage ssr=SsrMode::Async/>
                    <Route path=path!("products") view=ProductsPage ssr=SsrMode::Async/>
                    <Route path=path!("products/new") view=ProductFormPage ssr=SsrMode::Async/>
                    <Route path=path!("products/:id") view=ProductPage ssr=SsrMode::Async/>
                    <Route path=path!("products/:id/edit") view=ProductFormPage ssr=SsrMode::Async/>
                    <Route path=path!("tasks") view=TasksPage ssr=SsrMode::Async/>
                    <Route path=path!("tasks/new") view=TaskFormPage ssr=SsrMode::Async/>
                    <Route path=path!("tasks/:id") view=TaskPage ssr=SsrMode::Async/>
                    <Route path=path!("tasks/:id/edit") view=TaskFormPage ssr=SsrMode::Async/>
                    <Route path=path!("activities") view=ActivitiesPage ssr=SsrMode::Async/>
                    <Route path=path!("activities/:id") view=ActivityPage ssr=SsrMode::Async/>
                    <Route path=path!("activities/:id/edit") view=ActivityFormPage ssr=SsrMode::Async/>
                    <Route path=path!("leads") view=LeadsPage ssr=SsrMode::Async/>
                    <Route path=path!("leads/new") view=LeadFormPage ssr=SsrMode::Async/>
                    <Route path=path!("leads/:id") view=LeadPage ssr=SsrMode::Async/>
                    <Route path=path!("leads/:id/edit") view=LeadFormPage ssr=SsrMode::Async/>
                    <Route path=path!("leads/:id/convert") view=LeadConvertPage ssr=SsrMode::Async/>
                    <Route path=path!("search") view=SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("contracts") view=ContractsPage ssr=SsrMode::Async/>
                    <Route path=path!("contracts/new") view=ContractFormPage ssr=SsrMode::Async/>
                    <Route path=path!("contracts/:id") view=ContractPage ssr=SsrMode::Async/>
                    <Route path=path!("contracts/:id/edit") view=ContractFormPage ssr=SsrMode::Async/>
                    <Route path=path!("trash") view=TrashPage ssr=SsrMode::Async/>
                    <Route path=path!("duplicates") view={Lazy::<DuplicatesPage>::new()}/>
                    // The admin pages are lazy: each is a wasm chunk of its own, fetched when an
                    // admin opens it.
                    <Route path=path!("admin/users") view={Lazy::<UsersPage>::new()}/>
                    <Route path=path!("admin/lookups") view={Lazy::<LookupsPage>::new()}/>
                    <Route path=path!("admin/jobs") view={Lazy::<JobsPage>::new()}/>
                    <Route path=path!("admin/search") view={Lazy::<SearchIndexPage>::new()}/>
                    <Route path=path!("admin/api-keys") view={Lazy::<ApiKeysPage>::new()}/>
                    <Route path=path!("admin/webhooks") view={Lazy::<WebhooksPage>::new()}/>
                    <Route path=path!("admin/webhooks/:id") view={Lazy::<WebhookPage>::new()}/>
                    <Route path=path!("profile") view=ProfilePage/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
