//! What duplicate matching reads of a record ([`Profile`]), and the blocking keys that find
//! the records worth comparing with it: two records become a candidate pair when they share
//! a key, so a key must be one that a duplicate most likely keeps.

use super::normal;
use std::collections::BTreeSet;

/// The longest key kept (the column holds 200 characters). A longer one (a 250-character
/// address) is cut, which can only add candidates for the scoring to turn down.
const KEY_CHARS: usize = 190;

/// A person (contact, lead) or an organisation (account), as matching compares them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Profile {
    /// A person's given names; empty for an organisation.
    pub first: String,
    /// A person's family name, or an organisation's name.
    pub name: String,
    /// A lead's company.
    pub company: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub website: String,
    /// An organisation's tax number.
    pub vat: String,
    pub person: bool,
}

impl Profile {
    /// A person from their names and ways to reach them.
    pub fn person(first: Option<&str>, last: &str) -> Profile {
        Profile {
            first: first.unwrap_or_default().to_owned(),
            name: last.to_owned(),
            person: true,
            ..Profile::default()
        }
    }

    /// An organisation by its name.
    pub fn organisation(name: &str) -> Profile {
        Profile {
            name: name.to_owned(),
            person: false,
            ..Profile::default()
        }
    }

    /// Adds the values present among `values` to `emails`.
    pub fn with_emails<'a>(mut self, values: impl IntoIterator<Item = Option<&'a str>>) -> Self {
        self.emails.extend(present(values));
        self
    }

    pub fn with_phones<'a>(mut self, values: impl IntoIterator<Item = Option<&'a str>>) -> Self {
        self.phones.extend(present(values));
        self
    }

    /// The folded given and family names, in order.
    pub fn names(&self) -> (Vec<String>, Vec<String>) {
        (normal::words(&self.first), normal::words(&self.name))
    }

    /// The blocking keys: the e-mail address, a personal mailbox name, each phone number,
    /// the company's web or mail domain, the name with nicknames resolved and its words in
    /// any order, and how the name sounds. Kind-free: keys are kept per kind.
    pub fn keys(&self) -> BTreeSet<String> {
        self.all_keys()
            .into_iter()
            .map(|k| k.chars().take(KEY_CHARS).collect())
            .collect()
    }

    fn all_keys(&self) -> BTreeSet<String> {
        let mut keys = BTreeSet::new();
        for (local, domain) in self.emails.iter().filter_map(|e| normal::email(e)) {
            keys.insert(format!("e:{local}@{domain}"));
            if self.person && normal::personal(&local) {
                keys.insert(format!("l:{local}"));
            }
            if !self.person && normal::company_domain(&domain) {
                keys.insert(format!("d:{domain}"));
            }
        }
        for phone in self.phones.iter().filter_map(|p| normal::phone(p)) {
            keys.insert(format!("p:{phone}"));
        }
        if let Some(domain) = normal::domain(&self.website) {
            keys.insert(format!("d:{domain}"));
        }
        if let Some(vat) = vat(&self.vat) {
            keys.insert(format!("v:{vat}"));
        }
        if self.person {
            self.person_keys(&mut keys);
        } else {
            let words = normal::company(&self.name);
            if !words.is_empty() {
                let mut sorted = words.clone();
                sorted.sort();
                keys.insert(format!("n:{}", sorted.join(" ")));
                let sounds: Vec<String> = words.iter().filter_map(|w| normal::soundex(w)).collect();
                if !sounds.is_empty() {
                    keys.insert(format!("s:{}", sounds.join(" ")));
                }
            }
        }
        keys
    }

    /// A person's name keys: every reading of the given name with the family name, the two
    /// in either order; and the sounds of both.
    fn person_keys(&self, keys: &mut BTreeSet<String>) {
        let (first, last) = self.names();
        let last = last.join(" ");
        if last.is_empty() {
            return;
        }
        let given = first.first().map(String::as_str).unwrap_or_default();
        for full in normal::given_names(given) {
            let mut pair = [full, last.as_str()];
            pair.sort();
            keys.insert(format!("n:{}|{}", pair[0], pair[1]));
        }
        let sound = |w: &str| {
            w.split(' ')
                .filter_map(normal::soundex)
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut sounds = [sound(given), sound(&last)];
        sounds.sort();
        if !sounds[0].is_empty() {
            keys.insert(format!("s:{}|{}", sounds[0], sounds[1]));
        }
    }
}

/// The values present (non-blank) among `values`.
fn present<'a>(values: impl IntoIterator<Item = Option<&'a str>>) -> impl Iterator<Item = String> {
    values
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// A tax number by its letters and digits, upper case; `None` when too short to be one.
pub fn vat(text: &str) -> Option<String> {
    let vat: String = text
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (vat.len() >= 6).then_some(vat)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(p: &Profile) -> Vec<String> {
        p.keys().into_iter().collect()
    }

    #[test]
    fn a_person_is_found_by_address_phone_and_name_in_any_order() {
        let p = Profile::person(Some("Bob"), "Smith")
            .with_emails([Some("Bob.Smith@Acme.com"), None])
            .with_phones([Some("+44 20 7946 0958"), Some("")]);
        assert_eq!(
            keys(&p),
            [
                "e:bob.smith@acme.com",
                "l:bob.smith",
                "n:robert|smith",
                "p:079460958",
                "s:b100|s530",
            ]
        );
        // Swapped and written out in full, the name keeps its key.
        let swapped = Profile::person(Some("Smith"), "Robert");
        assert!(swapped.keys().contains("n:robert|smith"));
    }

    #[test]
    fn an_organisation_is_found_by_domain_name_and_tax_number() {
        let mut p = Profile::organisation("The ACME Corp.")
            .with_emails([Some("info@acme.com"), Some("acme@gmail.com")]);
        p.website = "https://www.acme.com".into();
        p.vat = "GB 123 4567 89".into();
        assert_eq!(
            keys(&p),
            [
                "d:acme.com",
                "e:acme@gmail.com",
                "e:info@acme.com",
                "n:acme",
                "s:a250",
                "v:GB123456789",
            ]
        );
    }

    #[test]
    fn keys_fit_their_column() {
        let long = format!("{}@example.com", "x".repeat(240));
        let p = Profile::person(Some("Ann"), "Lee").with_emails([Some(long.as_str())]);
        assert!(p.keys().iter().all(|k| k.chars().count() <= KEY_CHARS));
    }

    #[test]
    fn a_nickname_with_two_readings_gives_a_key_for_each() {
        let keys = Profile::person(Some("Alex"), "Meyer").keys();
        assert!(keys.contains("n:alexander|meyer"));
        assert!(keys.contains("n:alexandra|meyer"));
    }
}
