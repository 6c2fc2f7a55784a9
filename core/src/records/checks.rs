//! Checking a patch's fields with the shared rules (`types::validate`), reporting every bad
//! field at once, and putting what passed on the row.

use sea_orm::{ActiveValue, Value};
use types::patch::Patch;
use types::validate::{Checker, Rule};

/// A patched optional field, checked: `Some(value)` to store (`Some(None)` clears it), or
/// `None` when the patch leaves it alone or its value broke the rule.
pub fn optional<T, U>(
    c: &mut Checker,
    field: &str,
    patch: Patch<T>,
    rule: impl FnOnce(T) -> Rule<Option<U>>,
) -> Option<Option<U>> {
    match patch {
        Patch::Absent => None,
        Patch::Clear => Some(None),
        Patch::Set(v) => c.check(field, rule(v)),
    }
}

/// A field every record has: checked when the patch sets it; a new record without it is a
/// field error.
pub fn required<T, U>(
    c: &mut Checker,
    field: &str,
    value: Option<T>,
    creating: bool,
    rule: impl FnOnce(T) -> Rule<U>,
) -> Option<U> {
    match value {
        Some(v) => c.check(field, rule(v)),
        None => {
            if creating {
                c.fail(field, "validation-required");
            }
            None
        }
    }
}

/// A value that needs no check (an id checked elsewhere, a typed code) as a change.
pub fn given<T>(patch: Patch<T>) -> Option<Option<T>> {
    match patch {
        Patch::Absent => None,
        Patch::Clear => Some(None),
        Patch::Set(v) => Some(Some(v)),
    }
}

/// Stores `value` in the row's field when there is one.
pub fn put<V: Into<Value>>(slot: &mut ActiveValue<V>, value: Option<V>) {
    if let Some(v) = value {
        *slot = ActiveValue::Set(v);
    }
}
