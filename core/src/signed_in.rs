//! Who each session is signed in as, kept a few seconds per node, so a busy user's requests
//! skip reading the session row and the user row. Signing out, ending a user's sessions and
//! any change to the user (role, deactivation, profile, preferences) forget it at once on
//! this node; the other nodes see the change within [`SESSION_TTL`].

use crate::recent::Recent;
use std::sync::Arc;
use time::{Duration, OffsetDateTime};
use types::dto::auth::SessionUser;
use types::ids::UserId;

/// How long a node trusts a session's identity without reading it again.
pub const SESSION_TTL: Duration = Duration::seconds(5);
/// Sessions a node keeps at most; past it, the oldest half goes.
const SESSIONS_MAX: usize = 10_000;

/// What a session showed when it was last read.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub user: SessionUser,
    /// When the user signed in (unix seconds), for the absolute lifetime.
    pub auth_at: i64,
    /// When the session's idle expiry was last pushed back (unix seconds).
    pub seen_at: i64,
}

/// Sessions seen lately, by session id.
#[derive(Clone, Debug)]
pub struct Sessions(Arc<Recent<String, SignedIn>>);

impl Default for Sessions {
    fn default() -> Self {
        Sessions(Arc::new(Recent::new(SESSIONS_MAX)))
    }
}

impl Sessions {
    pub fn get(&self, session: &str, now: OffsetDateTime) -> Option<SignedIn> {
        self.0.get(session, now)
    }

    /// Keeps what `session` showed for [`SESSION_TTL`], never past `ends` (when the session
    /// itself would expire).
    pub fn put(&self, session: String, seen: SignedIn, now: OffsetDateTime, ends: OffsetDateTime) {
        self.0.put(session, seen, ends.min(now + SESSION_TTL));
    }

    /// Forgets a session at once (it was signed out or its id changed here).
    pub fn forget(&self, session: &str) {
        self.0.forget(session);
    }

    /// Forgets every session of a user at once.
    pub(crate) fn forget_user(&self, id: UserId) {
        self.0.forget_where(|s| s.user.id == id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use types::dto::auth::Role;

    fn seen(id: UserId) -> SignedIn {
        SignedIn {
            user: SessionUser {
                id,
                name: String::new(),
                email: String::new(),
                role: Role::User,
                lang: Default::default(),
                theme: Default::default(),
            },
            auth_at: 0,
            seen_at: 0,
        }
    }

    #[test]
    fn kept_until_the_window_or_the_session_ends_whichever_is_first() {
        let now = OffsetDateTime::UNIX_EPOCH;
        let sessions = Sessions::default();
        let (a, b) = (UserId::new(), UserId::new());
        sessions.put("s1".into(), seen(a), now, now + Duration::hours(1));
        sessions.put("s2".into(), seen(a), now, now + Duration::seconds(1));
        sessions.put("s3".into(), seen(b), now, now + Duration::hours(1));
        let later = now + Duration::seconds(2);
        assert!(sessions.get("s1", later).is_some());
        assert!(
            sessions.get("s2", later).is_none(),
            "the session ended first"
        );
        assert!(sessions.get("s1", now + SESSION_TTL).is_none());
        sessions.forget_user(a);
        assert!(sessions.get("s1", later).is_none());
        assert!(sessions.get("s3", later).is_some(), "other users' kept");
        sessions.forget("s3");
        assert!(sessions.get("s3", later).is_none());
    }
}
