//! Standard Webhooks signatures (standardwebhooks.com): the signed content is
//! `{webhook-id}.{webhook-timestamp}.{body}`, the key is the secret's bytes (`whsec_` +
//! base64), and `webhook-signature` holds `v1,` + base64 HMAC-SHA256, one per secret in
//! use, separated by spaces (two while a rotated secret still signs).

use base64::{Engine, engine::general_purpose::STANDARD};
use ring::hmac;

/// What every secret starts with.
pub const PREFIX: &str = "whsec_";

/// A new secret: 32 random bytes.
pub fn new_secret() -> String {
    format!(
        "{PREFIX}{}",
        STANDARD.encode(crate::secrets::random_bytes(32))
    )
}

/// The signature of one message with one secret; `None` for a secret that is not one.
fn signature(secret: &str, content: &str) -> Option<String> {
    let bytes = STANDARD.decode(secret.strip_prefix(PREFIX)?).ok()?;
    let tag = hmac::sign(
        &hmac::Key::new(hmac::HMAC_SHA256, &bytes),
        content.as_bytes(),
    );
    Some(format!("v1,{}", STANDARD.encode(tag.as_ref())))
}

/// The `webhook-signature` header of a message, signed with each of `secrets`.
pub fn header(secrets: &[&str], id: &str, timestamp: i64, body: &str) -> String {
    let content = format!("{id}.{timestamp}.{body}");
    secrets
        .iter()
        .filter_map(|s| signature(s, &content))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_as_the_standard_example_does() {
        // The example of the Standard Webhooks specification.
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        let body = r#"{"test": 2432232314}"#;
        assert_eq!(
            header(&[secret], id, 1614265330, body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn a_rotation_signs_with_both_and_skips_what_is_not_a_secret() {
        let (a, b) = (new_secret(), new_secret());
        assert!(a.starts_with(PREFIX) && a != b);
        let both = header(&[&a, &b, "nonsense"], "msg_1", 1, "{}");
        let parts: Vec<_> = both.split(' ').collect();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0], header(&[&a], "msg_1", 1, "{}"));
        assert_ne!(
            header(&[&a], "msg_1", 2, "{}"),
            parts[0],
            "the timestamp is signed"
        );
    }
}
