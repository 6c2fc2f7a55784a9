//! The text fields a kind declares once with `types::texts!`, its title and its plain optional
//! texts: checked, stored and compared here by name, so adding one never touches the kind's
//! service.

use super::Record;
use crate::audit::{self, Snapshot};
use crate::error::{CoreError, CoreResult};
use sea_orm::{ActiveModelTrait, ModelTrait, Value};
use std::str::FromStr;
use types::patch::{Patch, Texts};
use types::validate::{self, Checker, Text};

/// The column a declared field is stored in; a field without one is a programming error that
/// the tests of every kind would show.
fn column<K: Record>(field: &str) -> CoreResult<K::Column> {
    K::Column::from_str(field)
        .map_err(|_| CoreError::Internal(format!("{} has no column {field}", K::KIND.code())))
}

/// Checks the patch's text fields and sets on `row` those that passed; errors go to `c`. A
/// new record (`creating`) must have a title.
pub fn apply<K: Record, P: Texts>(
    patch: &mut P,
    row: &mut K::ActiveModel,
    creating: bool,
    c: &mut Checker,
) -> CoreResult<()> {
    match patch.take_title() {
        Some(title) => {
            if let Some(title) = c.check(P::TITLE, validate::title(&title)) {
                row.try_set(column::<K>(P::TITLE)?, title.into())?;
            }
        }
        None if creating => c.fail(P::TITLE, "validation-required"),
        None => {}
    }
    for (&(field, rule), change) in P::TEXTS.iter().zip(patch.take_texts()) {
        let value = match change {
            Patch::Absent => continue,
            Patch::Clear => None,
            Patch::Set(text) => match c.check(field, rule.check(&text)) {
                Some(value) => value,
                None => continue,
            },
        };
        row.try_set(column::<K>(field)?, value.into())?;
    }
    Ok(())
}

/// The title and text fields as the History tab compares them, from the stored row.
pub fn snapshot<K: Record, P: Texts>(m: &K::Model) -> CoreResult<Snapshot> {
    Ok(stored::<K, P>(m)?
        .into_iter()
        .map(|(field, _, text)| (field, audit::text(text)))
        .collect())
}

/// One declared text field as stored: its name, its rule (`None`: the title) and its text.
pub type Stored = (&'static str, Option<Text>, Option<String>);

/// The title field and the text fields as stored, in declared order: what History compares
/// and what search by meaning embeds.
pub fn stored<K: Record, P: Texts>(m: &K::Model) -> CoreResult<Vec<Stored>> {
    std::iter::once((P::TITLE, None))
        .chain(P::TEXTS.iter().map(|&(field, rule)| (field, Some(rule))))
        .map(|(field, rule)| {
            let text = match m.get(column::<K>(field)?) {
                Value::String(text) => text.map(|t| *t),
                _ => None,
            };
            Ok((field, rule, text))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::column;
    use crate::records::write::Fields;
    use types::dto::records::RecordKind;
    use types::patch::Texts;

    #[test]
    fn every_declared_text_field_is_a_column() {
        for kind in RecordKind::ALL {
            crate::with_record!(kind, E => {
                let title = <<E as Fields>::Patch as Texts>::TITLE;
                let texts = <<E as Fields>::Patch as Texts>::TEXTS.iter().map(|(f, _)| *f);
                for field in std::iter::once(title).chain(texts) {
                    assert!(column::<E>(field).is_ok(), "{kind:?} {field}");
                }
            });
        }
    }
}
