//! Who may manage users. Only admins; and the workspace must always keep one active admin.

use crate::{Actor, CoreError};
use types::dto::auth::Role;
use types::ids::UserId;

/// The facts about a target user that the rules need.
#[derive(Clone, Copy, Debug)]
pub struct Target {
    pub id: UserId,
    pub role: Role,
    pub active: bool,
}

/// Listing users, inviting, and viewing the admin pages.
pub fn can_manage(actor: &Actor) -> Result<(), CoreError> {
    if actor.is_admin() {
        Ok(())
    } else {
        Err(CoreError::Forbidden)
    }
}

/// Whether `target` is the only active admin left.
fn is_last_admin(target: &Target, active_admins: u64) -> bool {
    target.role == Role::Admin && target.active && active_admins <= 1
}

pub fn can_change_role(
    actor: &Actor,
    target: &Target,
    new_role: Role,
    active_admins: u64,
) -> Result<(), CoreError> {
    can_manage(actor)?;
    if new_role != Role::Admin && is_last_admin(target, active_admins) {
        return Err(CoreError::Rejected("users-last-admin"));
    }
    Ok(())
}

pub fn can_set_active(
    actor: &Actor,
    target: &Target,
    active: bool,
    active_admins: u64,
) -> Result<(), CoreError> {
    can_manage(actor)?;
    if !active {
        if target.id == actor.user_id {
            return Err(CoreError::Rejected("users-cannot-deactivate-self"));
        }
        if is_last_admin(target, active_admins) {
            return Err(CoreError::Rejected("users-last-admin"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Via;
    use uuid::Uuid;

    fn actor(role: Role) -> Actor {
        Actor {
            user_id: UserId(Uuid::from_u128(1)),
            role,
            via: Via::Web,
        }
    }

    fn target(id: u128, role: Role) -> Target {
        Target {
            id: UserId(Uuid::from_u128(id)),
            role,
            active: true,
        }
    }

    fn outcome(r: Result<(), CoreError>) -> &'static str {
        match r {
            Ok(()) => "ok",
            Err(CoreError::Forbidden) => "forbidden",
            Err(CoreError::Rejected(key)) => key,
            Err(_) => "other",
        }
    }

    #[test]
    fn only_admins_manage_users() {
        for (role, want) in [
            (Role::Admin, "ok"),
            (Role::Manager, "forbidden"),
            (Role::User, "forbidden"),
        ] {
            assert_eq!(outcome(can_manage(&actor(role))), want, "{role:?}");
        }
    }

    #[test]
    fn role_changes() {
        // (actor role, target role, new role, active admins, expected)
        let cases = [
            (Role::Admin, Role::User, Role::Manager, 1, "ok"),
            (Role::Admin, Role::User, Role::Admin, 1, "ok"),
            (Role::Admin, Role::Admin, Role::User, 2, "ok"),
            (Role::Admin, Role::Admin, Role::User, 1, "users-last-admin"),
            (
                Role::Admin,
                Role::Admin,
                Role::Manager,
                1,
                "users-last-admin",
            ),
            (Role::Admin, Role::Admin, Role::Admin, 1, "ok"),
            (Role::Manager, Role::User, Role::Manager, 1, "forbidden"),
            (Role::User, Role::User, Role::Admin, 1, "forbidden"),
        ];
        for (a, t, new, admins, want) in cases {
            let got = outcome(can_change_role(&actor(a), &target(2, t), new, admins));
            assert_eq!(
                got, want,
                "{a:?} sets {t:?} to {new:?} with {admins} admins"
            );
        }
    }

    #[test]
    fn activation_changes() {
        // (actor role, target id, target role, activate?, active admins, expected)
        let cases = [
            (Role::Admin, 2, Role::User, false, 1, "ok"),
            (Role::Admin, 2, Role::User, true, 1, "ok"),
            (Role::Admin, 2, Role::Admin, false, 2, "ok"),
            (Role::Admin, 2, Role::Admin, false, 1, "users-last-admin"),
            (
                Role::Admin,
                1,
                Role::Admin,
                false,
                3,
                "users-cannot-deactivate-self",
            ),
            (Role::Manager, 2, Role::User, false, 1, "forbidden"),
            (Role::User, 2, Role::User, true, 1, "forbidden"),
        ];
        for (a, id, t, active, admins, want) in cases {
            let got = outcome(can_set_active(&actor(a), &target(id, t), active, admins));
            assert_eq!(got, want, "{a:?} sets {t:?}#{id} active={active}");
        }
    }
}
