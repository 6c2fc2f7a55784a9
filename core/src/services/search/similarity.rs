//! The one ranking of search hits, whichever database found them: trigram word similarity
//! (as pg_trgm counts it, so a typo costs a few trigrams, not the match), with a bonus for
//! titles that start with the query and for details (emails, companies) that contain it.

use std::collections::HashSet;

/// The lowest score a hit may have: about half of a short word's trigrams must match.
const MIN_SCORE: f32 = 0.45;

/// The trigrams of one word, padded like pg_trgm: two spaces before, one after.
fn trigrams(word: &str) -> HashSet<[char; 3]> {
    let padded: Vec<char> = "  ".chars().chain(word.chars()).chain([' ']).collect();
    padded.windows(3).map(|w| [w[0], w[1], w[2]]).collect()
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// How much of `word` some word of `text` contains: its share of `word`'s trigrams, at best.
/// A prefix of a longer word scores as its own trigrams minus the closing one.
fn best_match(word: &str, text: &[HashSet<[char; 3]>], prefixes: &[String]) -> f32 {
    let grams = trigrams(word);
    let whole = text
        .iter()
        .map(|t| grams.intersection(t).count() as f32 / grams.len() as f32)
        .fold(0.0, f32::max);
    let prefix = if prefixes.iter().any(|p| p.starts_with(word)) {
        1.0
    } else {
        0.0
    };
    whole.max(prefix)
}

/// The score of an entry for a normalized (lower-case) query, or `None` below the cut-off.
pub fn score(query: &str, title: &str, detail: &str) -> Option<f32> {
    let title = title.to_lowercase();
    let title_words: Vec<String> = words(&title).map(str::to_owned).collect();
    let title_grams: Vec<_> = title_words.iter().map(|w| trigrams(w)).collect();
    let query_words: Vec<&str> = words(query).collect();
    if query_words.is_empty() {
        return None;
    }
    let similarity = query_words
        .iter()
        .map(|w| best_match(w, &title_grams, &title_words))
        .sum::<f32>()
        / query_words.len() as f32;
    let detail = detail.to_lowercase();
    let in_detail = !detail.is_empty() && detail.contains(query);
    if similarity < MIN_SCORE && !in_detail {
        return None;
    }
    let starts = if title.starts_with(query) { 0.5 } else { 0.0 };
    let exact = if title == query { 0.5 } else { 0.0 };
    let detail_bonus = if in_detail { 0.3 } else { 0.0 };
    Some(similarity + starts + exact + detail_bonus)
}

#[cfg(test)]
mod tests {
    use super::score;

    fn s(query: &str, title: &str) -> f32 {
        score(query, title, "").unwrap_or(0.0)
    }

    #[test]
    fn typos_still_match_and_rank_below_the_exact_name() {
        assert!(s("jonson", "Alice Johnson") > 0.6, "a dropped letter");
        assert!(s("jahnson", "Alice Johnson") > 0.5, "a wrong letter");
        assert!(s("johnson", "Alice Johnson") > s("jonson", "Alice Johnson"));
        assert_eq!(score("zzzz", "Alice Johnson", ""), None);
    }

    #[test]
    fn prefixes_match_whole_words_and_title_starts_rank_first() {
        assert!(s("joha", "Johansson Ltd") > s("joha", "Maria Johansson"));
        assert!(s("joha", "Maria Johansson") >= 1.0);
        assert!(
            s("acme", "Acme") > s("acme", "Acme Corporation"),
            "exact first"
        );
    }

    #[test]
    fn a_query_found_in_the_detail_counts() {
        assert!(score("ada@engines.test", "Ada Lovelace", "ada@engines.test").is_some());
        assert_eq!(score("ada@engines.test", "Bob", "bob@x.test"), None);
    }
}
