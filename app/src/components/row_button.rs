//! A one-button form on a row of a table or list (restore, retry, switch off): it posts the
//! row's key and a few fixed values to a server action, so it works without JavaScript.

use leptos::prelude::*;
use leptos::server_fn::client::Client;
use leptos::server_fn::codec::PostUrl;
use leptos::server_fn::request::ClientReq;
use leptos::server_fn::{Http, ServerFn};
use leptos::web_sys::FormData;
use serde::de::DeserializeOwned;

/// Posts `key` (as `key_name`, by default `id`) and `fields` to `action`.
#[component]
pub fn RowButton<S, P>(
    action: ServerAction<S>,
    key: String,
    #[prop(default = "id")] key_name: &'static str,
    #[prop(optional)] fields: Vec<(&'static str, String)>,
    label: String,
    /// The name a screen reader announces, where `label` is a symbol (×).
    #[prop(optional, into)]
    aria_label: Option<String>,
    /// Marks a button that removes something for good.
    #[prop(optional)]
    danger: bool,
) -> impl IntoView
where
    S: DeserializeOwned + ServerFn<Protocol = Http<PostUrl, P>> + Clone + Send + Sync + 'static,
    <<S::Client as Client<S::Error>>::Request as ClientReq<S::Error>>::FormData: From<FormData>,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
    S::Client: Client<S::Error>,
{
    let class = if danger {
        "button button-small button-danger"
    } else {
        "button button-small"
    };
    view! {
        <ActionForm action=action attr:class="inline-form">
            <input type="hidden" name=key_name value=key/>
            {fields.into_iter().map(|(name, value)| view! {
                <input type="hidden" name=name value=value/>
            }).collect_view()}
            <button type="submit" class=class aria-label=aria_label>{label}</button>
        </ActionForm>
    }
}
