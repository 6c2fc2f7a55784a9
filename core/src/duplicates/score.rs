//! How likely two records are one: each field compared on its own adds evidence for or
//! against (the Fellegi–Sunter way: a shared e-mail address is strong evidence, two
//! different phone numbers weak evidence against, a missing value none), and the sum becomes
//! a probability. The reasons are the comparisons that spoke for the pair.

use super::normal;
use super::profile::{Profile, vat};
use std::collections::BTreeSet;
use strsim::jaro_winkler;
use types::dto::duplicates::Reason;

/// Evidence before any field is compared: most pairs that share a key are not duplicates.
const PRIOR: f32 = -3.0;

/// A pair's confidence and what spoke for it.
#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    /// 0 to 100.
    pub confidence: u8,
    pub reasons: Vec<Reason>,
}

/// Evidence and reasons, summed field by field.
#[derive(Default)]
struct Tally {
    weight: f32,
    reasons: Vec<Reason>,
}

impl Tally {
    /// Evidence for the pair, and the reason it gives.
    fn add(&mut self, weight: f32, reason: Reason) {
        self.weight += weight;
        if !self.reasons.contains(&reason) {
            self.reasons.push(reason);
        }
    }

    /// Evidence that gives no reason to show (most often against the pair).
    fn weigh(&mut self, weight: f32) {
        self.weight += weight;
    }
}

/// How alike `a` and `b` are.
pub fn score(a: &Profile, b: &Profile) -> Scored {
    let mut t = Tally {
        weight: PRIOR,
        reasons: Vec::new(),
    };
    if a.person {
        person_names(a, b, &mut t);
    } else {
        organisation_names(a, b, &mut t);
        domains(a, b, &mut t);
        tax_numbers(a, b, &mut t);
    }
    emails(a, b, &mut t);
    phones(a, b, &mut t);
    companies(a, b, &mut t);
    let probability = 1.0 / (1.0 + (-t.weight).exp());
    Scored {
        confidence: (probability * 100.0).round().clamp(0.0, 100.0) as u8,
        reasons: t.reasons,
    }
}

/// How two given names compare: `None` when either is missing.
fn given(a: &str, b: &str) -> Option<(f32, Option<Reason>)> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    if a == b {
        return Some((1.0, None));
    }
    let (fa, fb) = (normal::given_names(a), normal::given_names(b));
    if fa.iter().any(|n| fb.contains(n)) || fa.contains(&b) || fb.contains(&a) {
        return Some((1.0, Some(Reason::Nickname)));
    }
    // "J." for "John".
    let initial = |x: &str, y: &str| x.chars().count() == 1 && y.starts_with(x);
    if initial(a, b) || initial(b, a) {
        return Some((0.9, None));
    }
    Some((jaro_winkler(a, b) as f32, None))
}

/// A person's names: the family names compared, and the given names when both have one,
/// in the order written and the other way round; the better reading counts.
fn person_names(a: &Profile, b: &Profile, t: &mut Tally) {
    let (af, al) = a.names();
    let (bf, bl) = b.names();
    let (af, al, bf, bl) = (af.join(" "), al.join(" "), bf.join(" "), bl.join(" "));
    let reading = |a_first: &str, a_last: &str, b_first: &str, b_last: &str| {
        let last = jaro_winkler(a_last, b_last) as f32;
        match given(a_first, b_first) {
            Some((first, reason)) => (0.6 * last + 0.4 * first, first, reason),
            None => (last, 1.0, None),
        }
    };
    let straight = reading(&af, &al, &bf, &bl);
    let swapped = reading(&af, &al, &bl, &bf);
    let ((sim, first, reason), was_swapped) = if swapped.0 > straight.0 + 0.01 {
        (swapped, true)
    } else {
        (straight, false)
    };
    // Two given names that are plainly different: John and Mary Smith are two people,
    // whatever else they share.
    if first < 0.8 {
        t.weigh(-3.0);
        return;
    }
    let weight = if sim >= 0.99 {
        4.0
    } else if sim >= 0.93 {
        3.0
    } else if sim >= 0.88 {
        1.5
    } else if sim < 0.8 {
        -5.0
    } else {
        0.0
    };
    if weight <= 0.0 {
        t.weigh(weight);
        return;
    }
    let nickname = reason == Some(Reason::Nickname);
    let said = if was_swapped {
        Reason::SwappedName
    } else if nickname {
        Reason::Nickname
    } else if sim >= 0.99 {
        Reason::SameName
    } else {
        Reason::SimilarName
    };
    t.add(weight, said);
    if was_swapped && nickname {
        t.add(0.0, Reason::Nickname);
    }
}

/// An organisation's name, its legal form aside: the same words, alike words, or one name's
/// words all within the other's ("Acme" and "Acme Robotics").
fn organisation_names(a: &Profile, b: &Profile, t: &mut Tally) {
    let (mut wa, mut wb) = (normal::company(&a.name), normal::company(&b.name));
    wa.sort();
    wb.sort();
    let (ja, jb) = (wa.join(" "), wb.join(" "));
    let sim = jaro_winkler(&ja, &jb) as f32;
    let within = |x: &[String], y: &[String]| !x.is_empty() && x.iter().all(|w| y.contains(w));
    if ja == jb {
        t.add(4.0, Reason::SameName);
    } else if sim >= 0.93 {
        t.add(3.0, Reason::SimilarName);
    } else if within(&wa, &wb) || within(&wb, &wa) {
        t.add(1.5, Reason::SimilarName);
    } else if sim < 0.85 {
        t.weigh(-4.0);
    }
}

fn emails(a: &Profile, b: &Profile, t: &mut Tally) {
    let parse = |p: &Profile| -> Vec<(String, String)> {
        p.emails.iter().filter_map(|e| normal::email(e)).collect()
    };
    let (ea, eb) = (parse(a), parse(b));
    if ea.is_empty() || eb.is_empty() {
        return;
    }
    if ea.iter().any(|e| eb.contains(e)) {
        t.add(if a.person { 8.0 } else { 6.0 }, Reason::SameEmail);
        return;
    }
    if !a.person {
        return;
    }
    let shared = ea
        .iter()
        .map(|(l, _)| l)
        .find(|l| normal::personal(l) && eb.iter().any(|(m, _)| m == *l));
    match shared {
        // A mailbox spelled from the name says little the name has not said ("john.smith"
        // at two companies may be two John Smiths); one of its own says much more.
        Some(local) if from_name(local, a) || from_name(local, b) => {
            t.add(1.0, Reason::SameMailbox)
        }
        Some(_) => t.add(4.0, Reason::SameMailbox),
        None => t.weigh(-2.5),
    }
}

/// Whether a mailbox name is spelled from the person's names ("john.smith", "jsmith",
/// "smith.j", "john42"), digits and punctuation aside.
fn from_name(local: &str, p: &Profile) -> bool {
    let letters: String = local.chars().filter(char::is_ascii_alphabetic).collect();
    let (first, last) = p.names();
    let (first, last) = (first.concat(), last.concat());
    let initial = |w: &str| w.chars().next().map(String::from).unwrap_or_default();
    [
        format!("{first}{last}"),
        format!("{last}{first}"),
        format!("{}{last}", initial(&first)),
        format!("{last}{}", initial(&first)),
        first.clone(),
        last.clone(),
    ]
    .iter()
    .any(|spelled| !spelled.is_empty() && *spelled == letters)
}

fn phones(a: &Profile, b: &Profile, t: &mut Tally) {
    let parse = |p: &Profile| -> BTreeSet<String> {
        p.phones.iter().filter_map(|x| normal::phone(x)).collect()
    };
    let (pa, pb) = (parse(a), parse(b));
    if pa.is_empty() || pb.is_empty() {
        return;
    }
    if !pa.is_disjoint(&pb) {
        t.add(5.0, Reason::SamePhone);
    } else {
        t.weigh(-1.5);
    }
}

/// An organisation's own domains: its website's and its company mailboxes'.
fn domains(a: &Profile, b: &Profile, t: &mut Tally) {
    let own = |p: &Profile| -> BTreeSet<String> {
        let mailboxes = p
            .emails
            .iter()
            .filter_map(|e| normal::email(e))
            .map(|(_, d)| d)
            .filter(|d| normal::company_domain(d));
        normal::domain(&p.website)
            .into_iter()
            .chain(mailboxes)
            .collect()
    };
    let (da, db) = (own(a), own(b));
    if da.is_empty() || db.is_empty() {
        return;
    }
    if !da.is_disjoint(&db) {
        t.add(6.0, Reason::SameDomain);
    } else {
        t.weigh(-2.0);
    }
}

fn tax_numbers(a: &Profile, b: &Profile, t: &mut Tally) {
    match (vat(&a.vat), vat(&b.vat)) {
        (Some(x), Some(y)) if x == y => t.add(10.0, Reason::SameTaxNumber),
        (Some(_), Some(_)) => t.weigh(-8.0),
        _ => {}
    }
}

/// A lead's company, when both have one: people do change jobs, so this weighs little.
fn companies(a: &Profile, b: &Profile, t: &mut Tally) {
    let (ca, cb) = (normal::company(&a.company), normal::company(&b.company));
    if ca.is_empty() || cb.is_empty() {
        return;
    }
    if ca == cb || jaro_winkler(&ca.join(" "), &cb.join(" ")) >= 0.93 {
        t.add(1.0, Reason::SameCompany);
    } else {
        t.weigh(-1.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(first: &str, last: &str, email: &str, phone: &str) -> Profile {
        Profile::person(Some(first), last)
            .with_emails([Some(email)])
            .with_phones([Some(phone)])
    }

    #[test]
    fn the_same_address_under_a_misspelt_name_is_a_duplicate() {
        let a = person("Margaret", "Hamilton", "m.hamilton@nasa.gov", "");
        let b = person("Margaret", "Hamliton", "M.Hamilton@NASA.gov", "");
        let s = score(&a, &b);
        assert!(s.confidence >= 95, "{s:?}");
        assert_eq!(s.reasons, [Reason::SimilarName, Reason::SameEmail]);
    }

    #[test]
    fn a_nickname_the_other_way_round_with_the_same_phone_is_a_duplicate() {
        let a = person("Robert", "Smith", "", "+1 555 123 4567");
        let b = person("Smith", "Bob", "", "(555) 123-4567");
        let s = score(&a, &b);
        assert!(s.confidence >= 95, "{s:?}");
        assert!(s.reasons.contains(&Reason::SwappedName), "{s:?}");
        assert!(s.reasons.contains(&Reason::Nickname), "{s:?}");
        assert!(s.reasons.contains(&Reason::SamePhone), "{s:?}");
    }

    #[test]
    fn namesakes_with_other_addresses_and_phones_are_not() {
        let a = person("John", "Smith", "john.smith@acme.com", "+44 20 7946 0958");
        let b = person("John", "Smith", "jsmith@globex.com", "+1 555 987 6543");
        assert!(score(&a, &b).confidence < 10);
    }

    #[test]
    fn colleagues_sharing_a_switchboard_are_not() {
        let a = person("Alice", "Brown", "alice@acme.com", "+44 20 7946 0000");
        let b = person("Mark", "Chen", "mark@acme.com", "+44 20 7946 0000");
        assert!(score(&a, &b).confidence < 5);
        let c = person("Jane", "Smith", "", "+44 20 7946 0000");
        let d = person("John", "Smith", "", "+44 20 7946 0000");
        assert!(score(&c, &d).confidence < 50);
    }

    #[test]
    fn companies_match_by_domain_and_tax_number_not_by_legal_form() {
        let mut a = Profile::organisation("ACME Corporation");
        a.website = "https://www.acme.com".into();
        let mut b = Profile::organisation("Acme Inc.").with_emails([Some("sales@acme.com")]);
        b.vat = String::new();
        let s = score(&a, &b);
        assert!(s.confidence >= 95, "{s:?}");
        assert_eq!(s.reasons, [Reason::SameName, Reason::SameDomain]);
        let mut c = Profile::organisation("Acme Corporation");
        c.vat = "GB123456789".into();
        let mut d = Profile::organisation("Acme Corporation");
        d.vat = "DE987654321".into();
        assert!(score(&c, &d).confidence < 5);
    }
}
