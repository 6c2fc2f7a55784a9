//! The forms in which two records' fields are compared: folded names, e-mail addresses
//! without their decorations, phone numbers by their digits, web domains without scheme or
//! `www.`. Each returns `None` for a value too short or malformed to tell anyone apart.

use unicode_normalization::UnicodeNormalization;

/// Lower case, accents dropped, every run of other characters than letters and digits one
/// space: "  Zoë O'Brien-Smith " → "zoe o brien smith".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
    {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    // Letters NFKD leaves whole.
    out.replace('ß', "ss")
        .replace('ø', "o")
        .replace('ł', "l")
        .replace('đ', "d")
}

/// The words of a folded text.
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// An e-mail address as (local part, domain): lower case, a `+tag` dropped, and for Gmail the
/// dots it ignores too.
pub fn email(text: &str) -> Option<(String, String)> {
    let text = text.trim().to_lowercase();
    let (local, domain) = text.rsplit_once('@')?;
    let local = local.split('+').next().unwrap_or(local);
    if local.is_empty() || !domain.contains('.') {
        return None;
    }
    let (local, domain) = match domain {
        "gmail.com" | "googlemail.com" => (local.replace('.', ""), "gmail.com".to_owned()),
        _ => (local.to_owned(), domain.to_owned()),
    };
    Some((local, domain))
}

/// Mailbox names that belong to a role or a team, not a person: the same one at two
/// companies says nothing about who is behind it.
const ROLE_MAILBOXES: &[&str] = &[
    "info",
    "contact",
    "sales",
    "office",
    "admin",
    "hello",
    "support",
    "mail",
    "team",
    "enquiries",
    "inquiries",
    "billing",
    "accounts",
    "service",
    "kontakt",
    "bureau",
    "ventas",
];

/// Whether an e-mail local part names a person (long enough, not a role mailbox).
pub fn personal(local: &str) -> bool {
    local.chars().count() >= 4 && !ROLE_MAILBOXES.contains(&local)
}

/// Providers of personal mailboxes: a domain shared there says nothing about a company.
const FREE_MAIL: &[&str] = &[
    "gmail.com",
    "yahoo.com",
    "yahoo.co.uk",
    "yahoo.fr",
    "yahoo.co.jp",
    "hotmail.com",
    "outlook.com",
    "live.com",
    "msn.com",
    "icloud.com",
    "me.com",
    "aol.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "t-online.de",
    "mail.ru",
    "yandex.ru",
    "proton.me",
    "protonmail.com",
    "seznam.cz",
    "ukr.net",
    "orange.fr",
    "free.fr",
    "laposte.net",
];

/// Whether a domain is a company's own (not a free mail provider's).
pub fn company_domain(domain: &str) -> bool {
    !FREE_MAIL.contains(&domain)
}

/// How many trailing digits of a phone number are compared: what the international
/// (E.164) and national forms of one number share, whatever the prefix (`+44 20 7946 0958`,
/// `0044 20 7946 0958`, `020 7946 0958`), and few enough to survive a missing trunk zero.
const PHONE_DIGITS: usize = 9;

/// A phone number as its last [`PHONE_DIGITS`] digits; `None` below seven digits (an
/// extension, a typo).
pub fn phone(text: &str) -> Option<String> {
    let digits: Vec<char> = text.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 7 {
        return None;
    }
    let from = digits.len().saturating_sub(PHONE_DIGITS);
    Some(digits[from..].iter().collect())
}

/// A web address as its host without `www.`: "https://www.Acme.com/about" → "acme.com".
pub fn domain(url: &str) -> Option<String> {
    let url = url.trim().to_lowercase();
    let rest = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (host.contains('.') && host.len() > 3).then(|| host.to_owned())
}

/// Words of a company name that say what kind of company it is, not which.
const LEGAL_FORMS: &[&str] = &[
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "llc",
    "llp",
    "plc",
    "corp",
    "corporation",
    "co",
    "company",
    "gmbh",
    "ag",
    "kg",
    "sa",
    "sas",
    "sarl",
    "srl",
    "spa",
    "bv",
    "nv",
    "oy",
    "ab",
    "as",
    "sro",
    "kk",
    "pty",
    "the",
    "group",
    "holding",
    "holdings",
];

/// A company name's distinguishing words: folded, legal forms dropped ("The ACME Corp." →
/// ["acme"]). A name made only of such words keeps them.
pub fn company(name: &str) -> Vec<String> {
    let all = words(name);
    let kept: Vec<String> = all
        .iter()
        .filter(|w| !LEGAL_FORMS.contains(&w.as_str()))
        .cloned()
        .collect();
    if kept.is_empty() { all } else { kept }
}

/// Given names and their usual short forms, each line one name and what it is short for.
const NICKNAMES: &str = include_str!("nicknames.txt");

/// The full names a given name may stand for: "bob" → ["robert"], "alex" → ["alexander",
/// "alexandra"]; a name not known as a short form stands for itself. Two given names may
/// belong to one person when these share a name.
pub fn given_names(folded: &str) -> Vec<&str> {
    type Map = std::collections::HashMap<&'static str, Vec<&'static str>>;
    static MAP: std::sync::OnceLock<Map> = std::sync::OnceLock::new();
    let map = MAP.get_or_init(|| {
        let mut map = Map::new();
        for line in NICKNAMES.lines() {
            let Some((full, shorts)) = line.split_once(':') else {
                continue;
            };
            for short in shorts.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                map.entry(short).or_default().push(full.trim());
            }
        }
        map
    });
    match map.get(folded) {
        Some(full) => full.clone(),
        None => vec![folded],
    }
}

/// American Soundex of a folded word ("robert" → "r163"): names that sound alike, and most
/// one-letter typos, share it.
pub fn soundex(word: &str) -> Option<String> {
    fn code(c: char) -> Option<char> {
        Some(match c {
            'b' | 'f' | 'p' | 'v' => '1',
            'c' | 'g' | 'j' | 'k' | 'q' | 's' | 'x' | 'z' => '2',
            'd' | 't' => '3',
            'l' => '4',
            'm' | 'n' => '5',
            'r' => '6',
            _ => return None,
        })
    }
    let mut letters = word.chars().filter(char::is_ascii_lowercase);
    let first = letters.next()?;
    let mut out = String::from(first);
    let mut last = code(first);
    for c in letters {
        let digit = code(c);
        if let Some(d) = digit
            && digit != last
        {
            out.push(d);
            if out.len() == 4 {
                break;
            }
        }
        // 'h' and 'w' do not separate equal codes; vowels do.
        if c != 'h' && c != 'w' {
            last = digit;
        }
    }
    while out.len() < 4 {
        out.push('0');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_case_accents_and_punctuation() {
        assert_eq!(fold("  Zoë O'Brien-Smith "), "zoe o brien smith");
        assert_eq!(fold("Müller & Straße"), "muller strasse");
        assert_eq!(fold("Dvořák"), "dvorak");
        assert_eq!(words("Jean-Luc  Picard"), ["jean", "luc", "picard"]);
    }

    #[test]
    fn emails_lose_tags_and_gmail_dots() {
        assert_eq!(
            email(" John.Smith+crm@Acme.com "),
            Some(("john.smith".into(), "acme.com".into()))
        );
        assert_eq!(
            email("j.o.h.n@googlemail.com"),
            Some(("john".into(), "gmail.com".into()))
        );
        assert_eq!(email("not an address"), None);
        assert_eq!(email("x@localhost"), None);
        assert!(personal("john.smith"));
        assert!(!personal("info"));
        assert!(!personal("jo"));
    }

    #[test]
    fn phones_compare_by_their_last_digits_whatever_the_prefix() {
        let forms = [
            "+44 20 7946 0958",
            "0044 20 7946 0958",
            "020 7946 0958",
            "(020) 7946-0958",
        ];
        for form in forms {
            assert_eq!(phone(form).as_deref(), Some("079460958"), "{form}");
        }
        assert_eq!(phone("+1 (555) 123-4567"), phone("555.123.4567"));
        assert_eq!(phone("ext. 42"), None);
    }

    #[test]
    fn domains_are_hosts_without_www() {
        assert_eq!(
            domain("https://www.Acme.com/about?x=1").as_deref(),
            Some("acme.com")
        );
        assert_eq!(domain("acme.co.uk").as_deref(), Some("acme.co.uk"));
        assert_eq!(domain("http://acme.com:8080").as_deref(), Some("acme.com"));
        assert_eq!(domain("n/a"), None);
        assert!(!company_domain("gmail.com"));
        assert!(company_domain("acme.com"));
    }

    #[test]
    fn company_names_lose_their_legal_form() {
        assert_eq!(company("The ACME Corp."), ["acme"]);
        assert_eq!(company("Müller GmbH & Co. KG"), ["muller"]);
        assert_eq!(company("Holding AG"), ["holding", "ag"]);
    }

    #[test]
    fn nicknames_stand_for_their_full_names() {
        assert_eq!(given_names("bob"), ["robert"]);
        assert_eq!(given_names("bobby"), ["robert"]);
        assert_eq!(given_names("liz"), ["elizabeth"]);
        assert_eq!(given_names("alex"), ["alexander", "alexandra"]);
        assert_eq!(given_names("robert"), ["robert"]);
        assert_eq!(given_names("zebulon"), ["zebulon"]);
    }

    #[test]
    fn soundex_groups_names_that_sound_alike() {
        assert_eq!(soundex("robert").as_deref(), Some("r163"));
        assert_eq!(soundex("rupert").as_deref(), Some("r163"));
        assert_eq!(soundex("ashcraft").as_deref(), Some("a261"));
        assert_eq!(soundex("tymczak").as_deref(), Some("t522"));
        assert_eq!(soundex("pfister").as_deref(), Some("p236"));
        assert_eq!(soundex("lee").as_deref(), Some("l000"));
        assert_eq!(soundex("hamilton"), soundex("hamliton"));
        assert_eq!(soundex("123"), None);
    }
}
