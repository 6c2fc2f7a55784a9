//! Password hashing (argon2id), random tokens, and the server key that seals values handed
//! to clients. Hashing is CPU-heavy, so it runs on the blocking pool instead of stalling the
//! async workers.

use crate::error::{CoreError, CoreResult};
use argon2::{
    Argon2,
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use entity::app_settings;
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};
use sha2::{Digest, Sha256};

/// `n` random bytes. Falls back to nothing: an OS without a CSPRNG cannot run this server
/// safely, so that is a startup-level failure.
pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; n];
    if getrandom::fill(&mut bytes).is_err() {
        tracing::error!("the operating system's random number generator failed");
    }
    bytes
}

/// `n` random bytes, URL-safe base64 encoded.
pub fn random_token(n: usize) -> String {
    URL_SAFE_NO_PAD.encode(random_bytes(n))
}

/// Hex SHA-256, for tokens that are high-entropy already (no salt or stretching needed).
pub fn sha256_hex(input: &str) -> String {
    hex(&Sha256::digest(input.as_bytes()))
}

/// Bytes as lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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

/// The server's secret key. It seals what the server hands to a client and must get back
/// unchanged (list cursors) with AES-256-GCM: the client can neither read nor alter it, and
/// the associated data binds it to one use (one viewer, one sort).
#[derive(Clone)]
pub struct Keys {
    key: std::sync::Arc<LessSafeKey>,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(..)")
    }
}

const NONCE_LEN: usize = 12;

impl Keys {
    /// Keys derived from a secret of any length (SHA-256 of it).
    pub fn from_secret(secret: &[u8]) -> Self {
        let digest = Sha256::digest(secret);
        // A SHA-256 digest is always a valid AES-256 key, so this cannot fail.
        let unbound = UnboundKey::new(&AES_256_GCM, &digest).expect("a 32-byte key");
        Self {
            key: std::sync::Arc::new(LessSafeKey::new(unbound)),
        }
    }

    /// Fresh random keys, for tests and tools that seal nothing lasting.
    pub fn random() -> Self {
        Self::from_secret(random_token(32).as_bytes())
    }

    /// `plain` sealed for `purpose`: URL-safe base64 of nonce, ciphertext and tag.
    pub fn seal(&self, plain: &[u8], purpose: &[u8]) -> CoreResult<String> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|e| CoreError::Internal(e.to_string()))?;
        let mut data = plain.to_vec();
        self.key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(purpose),
                &mut data,
            )
            .map_err(|_| CoreError::Internal("sealing failed".into()))?;
        let mut out = nonce.to_vec();
        out.extend(data);
        Ok(URL_SAFE_NO_PAD.encode(out))
    }

    /// What `seal` sealed for the same `purpose`; `None` for anything else or anything altered.
    pub fn open(&self, sealed: &str, purpose: &[u8]) -> Option<Vec<u8>> {
        let bytes = URL_SAFE_NO_PAD.decode(sealed).ok()?;
        if bytes.len() < NONCE_LEN {
            return None;
        }
        let (nonce, data) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
        let mut data = data.to_vec();
        let plain = self
            .key
            .open_in_place(nonce, Aad::from(purpose), &mut data)
            .ok()?;
        Some(plain.to_vec())
    }
}

/// The settings row that holds the generated server secret when none is configured.
const SECRET_KEY: &str = "server_secret";

/// The server's keys: from `configured` (`NEXTCRM_SECRET_KEY`) when set, else from a secret
/// generated once and kept in the database, so every node over one database shares it and
/// it survives restarts.
pub async fn server_keys(db: &impl ConnectionTrait, configured: Option<&str>) -> CoreResult<Keys> {
    if let Some(secret) = configured {
        return Ok(Keys::from_secret(secret.as_bytes()));
    }
    let stored =
        |row: Option<app_settings::Model>| row.map(|r| Keys::from_secret(r.value.as_bytes()));
    if let Some(keys) = stored(app_settings::Entity::find_by_id(SECRET_KEY).one(db).await?) {
        return Ok(keys);
    }
    let fresh = app_settings::ActiveModel {
        key: Set(SECRET_KEY.to_owned()),
        value: Set(random_token(32)),
    };
    // Two nodes starting at once: one insert wins, and both read the winner.
    if let Err(e) = fresh.insert(db).await
        && !matches!(CoreError::from(e), CoreError::Conflict(_))
    {
        return Err(CoreError::Internal("cannot store the server secret".into()));
    }
    stored(app_settings::Entity::find_by_id(SECRET_KEY).one(db).await?)
        .ok_or_else(|| CoreError::Internal("the server secret went missing".into()))
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
