//! Who may do what to a CRM record. A `user` sees and edits what they own or watch;
//! managers and admins see and edit everything. A record the actor may not see is
//! `NotFound`, so its existence never leaks; one they see but may not change is `Forbidden`.

use crate::{Actor, CoreError};
use types::dto::auth::Role;
use types::ids::UserId;

/// The actor's relation to one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    Owner,
    Watcher,
    Stranger,
    /// Anyone, for a shared catalog: everyone reads it.
    Reader,
}

impl Relation {
    /// The actor's relation to a record they have just created for `owner`.
    pub fn to_new(actor: &Actor, owner: UserId) -> Relation {
        if owner == actor.user_id {
            Relation::Owner
        } else {
            Relation::Stranger
        }
    }
}

/// Managers and admins work across the whole team's records.
pub fn sees_all(actor: &Actor) -> bool {
    matches!(actor.role, Role::Manager | Role::Admin)
}

pub fn can_see(actor: &Actor, rel: Relation) -> Result<(), CoreError> {
    if sees_all(actor) || rel != Relation::Stranger {
        Ok(())
    } else {
        Err(CoreError::NotFound)
    }
}

/// Whoever sees a record may edit its fields; a shared catalog is edited by managers and
/// admins.
pub fn can_edit(actor: &Actor, rel: Relation) -> Result<(), CoreError> {
    can_see(actor, rel)?;
    if rel == Relation::Reader && !sees_all(actor) {
        return Err(CoreError::Forbidden);
    }
    Ok(())
}

/// Deleting, restoring and handing a record to another owner: the owner, managers, admins.
/// A watcher was let in to help, not to give the record away.
pub fn can_delete(actor: &Actor, rel: Relation) -> Result<(), CoreError> {
    can_see(actor, rel)?;
    if sees_all(actor) || rel == Relation::Owner {
        Ok(())
    } else {
        Err(CoreError::Forbidden)
    }
}

pub fn can_reassign(actor: &Actor, rel: Relation) -> Result<(), CoreError> {
    can_delete(actor, rel)
}

/// Letting another user watch a record (which lets them see it), or ending their watch: a
/// grant of access, so only for those who may hand the record over.
pub fn can_share(actor: &Actor, rel: Relation) -> Result<(), CoreError> {
    can_delete(actor, rel)
}

/// Restoring from the trash: the same people as deleting. The trash shows a user only what
/// they may restore, so anything else in it does not exist for them: `NotFound`, never
/// `Forbidden`, which would confirm the record is there.
pub fn can_restore(actor: &Actor, rel: Relation) -> Result<(), CoreError> {
    can_delete(actor, rel).map_err(|_| CoreError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Via;
    use types::ids::UserId;

    #[test]
    fn relation_by_role_table() {
        use Relation::*;
        // (role, relation, see, edit, delete, restore): Ok, NotFound (N) or Forbidden (F).
        let cases = [
            (Role::User, Owner, "ok", "ok", "ok", "ok"),
            (Role::User, Watcher, "ok", "ok", "F", "N"),
            (Role::User, Stranger, "N", "N", "N", "N"),
            (Role::Manager, Stranger, "ok", "ok", "ok", "ok"),
            (Role::Admin, Stranger, "ok", "ok", "ok", "ok"),
            (Role::Manager, Watcher, "ok", "ok", "ok", "ok"),
            (Role::User, Reader, "ok", "F", "F", "N"),
            (Role::Manager, Reader, "ok", "ok", "ok", "ok"),
        ];
        let code = |r: Result<(), CoreError>| match r {
            Ok(()) => "ok",
            Err(CoreError::NotFound) => "N",
            Err(CoreError::Forbidden) => "F",
            Err(_) => "?",
        };
        for (role, rel, see, edit, delete, restore) in cases {
            let actor = Actor {
                user_id: UserId(uuid::Uuid::from_u128(1)),
                role,
                via: Via::Web,
            };
            type Check = fn(&Actor, Relation) -> Result<(), CoreError>;
            let verbs: [(Check, &str, &str); 6] = [
                (can_see, see, "see"),
                (can_edit, edit, "edit"),
                (can_delete, delete, "delete"),
                (can_reassign, delete, "reassign"),
                (can_share, delete, "share"),
                (can_restore, restore, "restore"),
            ];
            for (check, want, verb) in verbs {
                assert_eq!(code(check(&actor, rel)), want, "{role:?} {rel:?} {verb}");
            }
        }
    }
}
