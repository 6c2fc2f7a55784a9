//! [`Patch`]: one field of a partial update. Absent leaves the field as it is, `null` clears
//! it, a value sets it, so a REST `PATCH {"phone": "…"}` or an AI tool's "set the phone"
//! changes the phone and nothing else.

use crate::error::FieldError;
use crate::ids::UserId;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::OffsetDateTime;

/// What the write path reads from any kind's patch, beside its fields.
pub trait Change {
    /// The owner the change asks for (`None`: the creator on create, unchanged on update).
    fn owner(&self) -> Option<UserId> {
        None
    }

    /// The `updated_at` the change was based on.
    fn based_on(&self) -> Option<OffsetDateTime>;

    /// The fields a form sent that could not be read, to report with the service's errors.
    fn take_unreadable(&mut self) -> Vec<FieldError>;
}

/// Implements [`Change`] for a patch with `updated_at` and `unreadable` fields, and `owner`
/// when the kind has one a change may set.
#[macro_export]
macro_rules! change {
    ($patch:ty) => {
        impl $crate::patch::Change for $patch {
            fn based_on(&self) -> Option<time::OffsetDateTime> {
                self.updated_at
            }
            fn take_unreadable(&mut self) -> Vec<$crate::error::FieldError> {
                std::mem::take(&mut self.unreadable)
            }
        }
    };
    ($patch:ty, owner) => {
        impl $crate::patch::Change for $patch {
            fn owner(&self) -> Option<$crate::ids::UserId> {
                self.owner
            }
            fn based_on(&self) -> Option<time::OffsetDateTime> {
                self.updated_at
            }
            fn take_unreadable(&mut self) -> Vec<$crate::error::FieldError> {
                std::mem::take(&mut self.unreadable)
            }
        }
    };
}

/// A patch's text fields: the record's title (a name every record must have) and its plain
/// optional texts. Each one's name is its column's and its detail field's, so the service
/// checks, stores, records and shows them without naming them again.
pub trait Texts {
    /// The title field's name.
    const TITLE: &'static str;
    /// Each optional text field's name and rule.
    const TEXTS: &'static [(&'static str, crate::validate::Text)];

    /// Takes the title out of the patch (`None`: unchanged).
    fn take_title(&mut self) -> Option<String>;

    /// Takes the optional fields' changes out of the patch, in the order of `TEXTS`.
    fn take_texts(&mut self) -> Vec<Patch<String>>;
}

/// Implements [`Texts`] for a patch:
/// `texts!(AccountPatch { title: name; website: Url, vat_id: Line })`.
#[macro_export]
macro_rules! texts {
    ($patch:ty { title: $title:ident; $($field:ident: $rule:ident),* $(,)? }) => {
        impl $crate::patch::Texts for $patch {
            const TITLE: &'static str = stringify!($title);
            const TEXTS: &'static [(&'static str, $crate::validate::Text)] =
                &[$((stringify!($field), $crate::validate::Text::$rule)),*];

            fn take_title(&mut self) -> Option<String> {
                self.$title.take()
            }

            fn take_texts(&mut self) -> Vec<$crate::patch::Patch<String>> {
                vec![$(std::mem::take(&mut self.$field)),*]
            }
        }
    };
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Patch<T> {
    /// Not mentioned: unchanged.
    #[default]
    Absent,
    /// `null`: emptied.
    Clear,
    Set(T),
}

impl<T> Patch<T> {
    pub fn is_absent(&self) -> bool {
        matches!(self, Patch::Absent)
    }

    /// The field's value after the patch, given its value now.
    pub fn apply(self, current: Option<T>) -> Option<T> {
        match self {
            Patch::Absent => current,
            Patch::Clear => None,
            Patch::Set(v) => Some(v),
        }
    }

    /// `Some(value)` sets, `None` clears.
    pub fn from_option(value: Option<T>) -> Patch<T> {
        value.map_or(Patch::Clear, Patch::Set)
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Patch<U> {
        match self {
            Patch::Absent => Patch::Absent,
            Patch::Clear => Patch::Clear,
            Patch::Set(v) => Patch::Set(f(v)),
        }
    }

    pub fn as_ref(&self) -> Patch<&T> {
        match self {
            Patch::Absent => Patch::Absent,
            Patch::Clear => Patch::Clear,
            Patch::Set(v) => Patch::Set(v),
        }
    }
}

impl<T, E> Patch<Result<T, E>> {
    /// A patch of a parsed value: the error, or the patch of the value.
    pub fn transpose(self) -> Result<Patch<T>, E> {
        Ok(match self {
            Patch::Absent => Patch::Absent,
            Patch::Clear => Patch::Clear,
            Patch::Set(v) => Patch::Set(v?),
        })
    }
}

/// Absent fields are skipped (`#[serde(skip_serializing_if = "Patch::is_absent")]` on the
/// field); `Clear` is written as `null`.
impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Patch::Set(v) => v.serialize(s),
            _ => s.serialize_none(),
        }
    }
}

/// A field that is present is `Clear` when `null` and `Set` otherwise; one that is missing
/// takes the default, `Absent` (`#[serde(default)]` on the field).
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Patch::from_option(Option::deserialize(d)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Change {
        #[serde(default, skip_serializing_if = "Patch::is_absent")]
        phone: Patch<String>,
        #[serde(default, skip_serializing_if = "Patch::is_absent")]
        email: Patch<String>,
    }

    #[test]
    fn absent_null_and_value_mean_keep_clear_and_set() {
        let c: Change = serde_json::from_str(r#"{"phone": "+1 555"}"#).expect("json");
        assert_eq!(c.phone, Patch::Set("+1 555".to_owned()));
        assert_eq!(c.email, Patch::Absent);
        let c: Change = serde_json::from_str(r#"{"email": null}"#).expect("json");
        assert_eq!(
            (c.phone.clone(), c.email.clone()),
            (Patch::Absent, Patch::Clear)
        );
        assert_eq!(
            serde_json::to_string(&c).expect("json"),
            r#"{"email":null}"#
        );
        assert_eq!(Patch::Absent.apply(Some(1)), Some(1));
        assert_eq!(Patch::Clear.apply(Some(1)), None);
        assert_eq!(Patch::Set(2).apply(Some(1)), Some(2));
    }
}
