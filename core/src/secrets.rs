//! Password hashing (argon2id) and random tokens. Hashing is CPU-heavy, so it runs on the
//! blocking pool instead of stalling the async workers.

use crate::error::{CoreError, CoreResult};
use argon2::{
    Argon2,
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use sha2::{Digest, Sha256};

/// `n` random bytes, URL-safe base64 encoded. Falls back to nothing: an OS without a CSPRNG
/// cannot run this server safely, so that is a startup-level failure.
pub fn random_token(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    if getrandom::fill(&mut bytes).is_err() {
        tracing::error!("the operating system's random number generator failed");
    }
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Hex SHA-256, for tokens that are high-entropy already (no salt or stretching needed).
pub fn sha256_hex(input: &str) -> String {
    Sha256::digest(input.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub async fn hash_password(password: String) -> CoreResult<String> {
    tokio::task::spawn_blocking(move || {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).map_err(|e| CoreError::Internal(e.to_string()))?;
        let salt = SaltString::encode_b64(&salt).map_err(|e| CoreError::Internal(e.to_string()))?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| CoreError::Internal(e.to_string()))
    })
    .await
    .map_err(|e| CoreError::Internal(e.to_string()))?
}

/// Checks a password against a stored hash. With no hash (unknown account) it still does the
/// same work against a dummy, so response time does not reveal which emails exist.
pub async fn verify_password(password: String, hash: Option<String>) -> CoreResult<bool> {
    tokio::task::spawn_blocking(move || {
        let stored = hash.unwrap_or_else(|| DUMMY_HASH.to_owned());
        let parsed = PasswordHash::new(&stored).map_err(|e| CoreError::Internal(e.to_string()))?;
        Ok(Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok())
    })
    .await
    .map_err(|e| CoreError::Internal(e.to_string()))?
}

/// Argon2id hash of a random string nobody knows, with the default parameters.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0cBa5ZaIoSBv4SrzSHkrNHIgbqIt3S8JT44BaRbJ5ic";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_differ_per_salt() {
        let a = hash_password("correct horse battery".into())
            .await
            .expect("hash");
        let b = hash_password("correct horse battery".into())
            .await
            .expect("hash");
        assert_ne!(a, b, "salts must differ");
        assert!(a.starts_with("$argon2id$"));
        assert!(
            verify_password("correct horse battery".into(), Some(a.clone()))
                .await
                .expect("verify")
        );
        assert!(
            !verify_password("wrong horse battery".into(), Some(a))
                .await
                .expect("verify")
        );
        assert!(
            !verify_password("anything".into(), None)
                .await
                .expect("dummy verify")
        );
    }

    #[test]
    fn tokens_are_random_and_url_safe() {
        let a = random_token(32);
        assert_eq!(a.len(), 43);
        assert_ne!(a, random_token(32));
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
        assert_eq!(sha256_hex("abc").len(), 64);
    }
}
