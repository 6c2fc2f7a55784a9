//! What gets embedded: a record's longer texts cut into overlapping chunks the model reads
//! whole, and the hash that tells the indexer a text has not changed since it was embedded.
//!
//! Chunks are counted in words, not tokens, so that every embedder (a remote one has no
//! tokenizer here) cuts the same way. English averages about 1.3 tokens per word, so
//! [`CHUNK_WORDS`] keeps a chunk near 256 tokens, the length the local model is cut at.

use crate::ModelInfo;
use sha2::{Digest, Sha256};

/// Words per chunk: about 256 tokens.
pub const CHUNK_WORDS: usize = 190;
/// Words a chunk repeats from the end of the one before, so a sentence cut at a boundary is
/// still whole in one of them.
pub const OVERLAP_WORDS: usize = 30;

/// `text` with its whitespace collapsed, cut into chunks of at most [`CHUNK_WORDS`] words,
/// each starting [`OVERLAP_WORDS`] words before the previous one ended. Empty for a text
/// with no words.
pub fn chunks(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let step = CHUNK_WORDS - OVERLAP_WORDS;
    let mut out = Vec::new();
    let mut start = 0;
    while start < words.len() {
        let end = (start + CHUNK_WORDS).min(words.len());
        out.push(words[start..end].join(" "));
        if end == words.len() {
            break;
        }
        start += step;
    }
    out
}

/// The hash of `text` as `model` embeds it: the same text under another model hashes
/// differently, so switching models embeds everything again.
pub fn content_hash(model: &ModelInfo, text: &str) -> String {
    let mut h = Sha256::new();
    h.update(model.name.as_bytes());
    h.update([0]);
    h.update(model.dimension.to_le_bytes());
    h.update([0]);
    h.update(text.as_bytes());
    h.finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(n: usize) -> String {
        (0..n)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join("  \n")
    }

    #[test]
    fn a_short_text_is_one_chunk_with_its_whitespace_collapsed() {
        assert_eq!(
            chunks("  Call   Ada\n\tabout the renewal "),
            ["Call Ada about the renewal"]
        );
        assert!(chunks(" \n\t ").is_empty());
        assert_eq!(chunks(&words(CHUNK_WORDS)).len(), 1);
    }

    #[test]
    fn a_long_text_is_cut_into_overlapping_chunks_that_cover_every_word() {
        let n = 2 * CHUNK_WORDS + 7;
        let parts = chunks(&words(n));
        assert_eq!(parts.len(), 3);
        for part in &parts {
            assert!(part.split(' ').count() <= CHUNK_WORDS);
        }
        // Each chunk starts OVERLAP_WORDS before the previous one ended.
        let step = CHUNK_WORDS - OVERLAP_WORDS;
        assert!(parts[1].starts_with(&format!("w{step} ")));
        assert!(parts[0].ends_with(&format!(" w{}", CHUNK_WORDS - 1)));
        assert!(parts[2].ends_with(&format!(" w{}", n - 1)));
        // Nothing lost: every word is in some chunk.
        for i in 0..n {
            let w = format!("w{i}");
            assert!(parts.iter().any(|p| p.split(' ').any(|x| x == w)), "{w}");
        }
    }

    #[test]
    fn the_hash_changes_with_the_text_and_with_the_model() {
        let mini = ModelInfo {
            name: "all-MiniLM-L6-v2".into(),
            dimension: 384,
        };
        let other = ModelInfo {
            name: "nomic-embed-text".into(),
            dimension: 384,
        };
        let h = content_hash(&mini, "Ada Lovelace");
        assert_eq!(h.len(), 64);
        assert_eq!(h, content_hash(&mini, "Ada Lovelace"));
        assert_ne!(h, content_hash(&mini, "Ada Lovelace."));
        assert_ne!(h, content_hash(&other, "Ada Lovelace"));
    }
}
