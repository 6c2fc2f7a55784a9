//! Pick-lists: everyone signed in reads them; only admins change them.

use crate::{Actor, CoreError};

pub fn can_edit(actor: &Actor) -> Result<(), CoreError> {
    if actor.is_admin() {
        Ok(())
    } else {
        Err(CoreError::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Via;
    use types::dto::auth::Role;
    use types::ids::UserId;

    #[test]
    fn only_admins_edit_lookups() {
        for (role, allowed) in [
            (Role::Admin, true),
            (Role::Manager, false),
            (Role::User, false),
        ] {
            let actor = Actor {
                user_id: UserId(uuid::Uuid::from_u128(7)),
                role,
                via: Via::Web,
            };
            assert_eq!(can_edit(&actor).is_ok(), allowed, "{role:?}");
        }
    }
}
