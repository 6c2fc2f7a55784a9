//! Typed ids: a `UserId` can never be passed where an `InviteId` is expected.
//! UUID v7 keys are time-ordered (index friendly) and safe to expose in URLs.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};
use uuid::Uuid;

macro_rules! typed_id {
    ($($(#[$doc:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "ssr", derive(sea_orm::DeriveValueType))]
        #[cfg_attr(
            feature = "openapi",
            derive(utoipa::ToSchema),
            schema(value_type = String, format = Uuid)
        )]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh, time-ordered id. Only the server mints ids.
            #[cfg(feature = "ssr")]
            #[allow(clippy::new_without_default)]
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }

        #[cfg(feature = "ssr")]
        impl sea_orm::TryFromU64 for $name {
            fn try_from_u64(_: u64) -> Result<Self, sea_orm::DbErr> {
                Err(sea_orm::DbErr::ConvertFromU64(stringify!($name)))
            }
        }
    )+};
}

typed_id!(
    /// A user account.
    UserId,
    /// A pending invitation to join the workspace.
    InviteId,
    /// A value of a pick-list (industry, lead source, …).
    LookupId,
    /// A sales stage of the opportunity pipeline.
    StageId,
    /// One entry of the audit log.
    AuditId,
    /// A company the team sells to.
    AccountId,
    /// A person, usually at an account.
    ContactId,
    /// A deal on the pipeline.
    OpportunityId,
    /// An item of the product catalog.
    ProductId,
    /// One line of an opportunity or contract.
    LineItemId,
    /// A to-do assigned to someone.
    TaskId,
    /// A comment on a task.
    CommentId,
    /// A call, meeting, note or email.
    ActivityId,
    /// A person who might buy, before conversion.
    LeadId,
    /// What an account signed.
    ContractId,
    /// A user's key for the REST API.
    ApiKeyId,
    /// An endpoint that receives webhooks.
    WebhookId,
    /// One event sent to one webhook endpoint.
    DeliveryId,
);
