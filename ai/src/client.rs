//! What every client of an outside service (an embeddings endpoint, a Qdrant server) does
//! before it is built.

/// Installs ring as rustls' process-wide crypto provider. The clients are built without
/// aws-lc-rs (C and cmake), so rustls needs one set for the process; ring is already in the
/// tree. An error only means a provider was installed before, which is all we need.
pub(crate) fn use_ring() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Whether an API key can go into a header as it is: visible ASCII, spaces and tabs. Anything
/// else makes async-openai panic building its header, and tonic fail every request with an
/// error naming the key, so it is refused up front.
pub(crate) fn header_safe(key: &str) -> bool {
    key.bytes().all(|b| b == b'\t' || (0x20..0x7f).contains(&b))
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys_with_control_or_non_ascii_characters_are_refused() {
        assert!(super::header_safe("sk-abc 123\t"));
        assert!(!super::header_safe("sk-abc\n"));
        assert!(!super::header_safe("clé"));
    }
}
