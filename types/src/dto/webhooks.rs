//! Webhooks: endpoints an admin registers for domain events, and their delivery log.

use crate::code_enum;
use crate::dto::records::RecordKind;
use crate::ids::{DeliveryId, WebhookId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// What can happen to each kind of record.
pub const RECORD_CHANGES: [&str; 4] = ["created", "updated", "deleted", "restored"];

/// Events that are more than a change of fields.
pub const ACTIONS: [&str; 2] = ["opportunity.stage_changed", "lead.converted"];

/// Every event type an endpoint may subscribe to: `<kind>.<change>` for each kind of record
/// (`contact.created`), and the actions.
pub fn event_types() -> Vec<String> {
    RecordKind::ALL
        .iter()
        .flat_map(|k| {
            RECORD_CHANGES
                .iter()
                .map(move |c| format!("{}.{c}", k.code()))
        })
        .chain(ACTIONS.iter().map(|a| (*a).to_owned()))
        .collect()
}

code_enum! {
    /// Where a delivery stands. `failed`: no attempts left, or the endpoint was disabled; a
    /// redelivery starts it again.
    DeliveryState {
        Pending = "pending",
        Delivered = "delivered",
        Failed = "failed",
    }
}

/// An endpoint as the admin page and the API show it: never its secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookInfo {
    pub id: WebhookId,
    pub name: String,
    pub url: String,
    pub events: Vec<String>,
    pub active: bool,
    /// Failed attempts in a row; at [`FAILURES_MAX`] the endpoint is disabled.
    pub failures: i32,
    /// Why the server disabled it (a message key), if it did.
    pub disabled_reason: Option<String>,
    /// Until when the secret before the last rotation still signs too.
    #[serde(with = "crate::wire::option", default)]
    pub previous_secret_until: Option<OffsetDateTime>,
    #[serde(with = "crate::wire::text")]
    pub created_at: OffsetDateTime,
}

/// Failed attempts in a row after which an endpoint is disabled.
pub const FAILURES_MAX: i32 = 20;

/// A new endpoint.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewWebhook {
    pub name: String,
    pub url: String,
    pub events: Vec<String>,
}

/// Changes to an endpoint: a field left out stays as it is. Turning it on again clears its
/// failure count.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct WebhookPatch {
    pub name: Option<String>,
    pub url: Option<String>,
    pub events: Option<Vec<String>>,
    pub active: Option<bool>,
}

/// An endpoint with its signing secret (`whsec_…`), shown this once: when it is made and
/// when its secret is rotated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookSecret {
    pub webhook: WebhookInfo,
    pub secret: String,
}

/// One event sent (or to be sent) to one endpoint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Delivery {
    /// Also its `webhook-id` header.
    pub id: DeliveryId,
    pub event_type: String,
    pub state: DeliveryState,
    pub attempts: i32,
    /// The last answer's status, if one came.
    pub status_code: Option<i32>,
    pub duration_ms: Option<i32>,
    /// Why the last attempt failed (a message key).
    pub error: Option<String>,
    #[serde(with = "crate::wire::text")]
    pub created_at: OffsetDateTime,
    #[serde(with = "crate::wire::option", default)]
    pub last_attempt_at: Option<OffsetDateTime>,
    #[serde(with = "crate::wire::option", default)]
    pub next_attempt_at: Option<OffsetDateTime>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_four_changes_and_the_actions_follow() {
        let all = event_types();
        assert_eq!(all.len(), RecordKind::ALL.len() * 4 + 2);
        assert!(all.contains(&"contact.created".to_owned()));
        assert!(all.contains(&"opportunity.stage_changed".to_owned()));
    }
}
