//! The server's key that wraps the vaults' recovery keys before they are stored (issue 15): a
//! copy of the database alone (a backup, a dump) opens no device. The key lives in a file of
//! its own, outside the database (`--recovery-key-file`), made on first start; keep it out of
//! the database's backups and back it up apart. AES-256-GCM (ring), a random nonce per key,
//! the user and vault bound in as associated data, so a wrapped key moved to another row does
//! not open.

use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};

use crate::error::ApiError;

/// What a wrapped key starts with in `recovery_keys.key_hex`; a plain one (from before) is 64
/// hex digits and is wrapped at the next start ([`crate::store::Db::wrap_recovery_keys`]).
const PREFIX: &str = "w1:";

pub struct RecoveryWrap {
    key: LessSafeKey,
}

impl std::fmt::Debug for RecoveryWrap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryWrap(…)")
    }
}

impl RecoveryWrap {
    /// From 32 key bytes.
    pub fn new(bytes: &[u8; 32]) -> RecoveryWrap {
        let unbound = UnboundKey::new(&AES_256_GCM, bytes).expect("32 bytes make an AES-256 key");
        RecoveryWrap {
            key: LessSafeKey::new(unbound),
        }
    }

    /// A random key (tests; a server without a key file never uses this).
    pub fn random() -> RecoveryWrap {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).expect("the operating system's random source works");
        RecoveryWrap::new(&bytes)
    }

    /// Reads the key file (64 hex digits), or makes it (readable by this user only) when it
    /// does not exist yet.
    pub fn from_file(path: &std::path::Path) -> Result<RecoveryWrap, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let bytes = hex::decode(text.trim())
                    .ok()
                    .filter(|b| b.len() == 32)
                    .ok_or_else(|| {
                        format!("{} is geen sleutel van 64 hex-tekens", path.display())
                    })?;
                let mut key = [0u8; 32];
                key.copy_from_slice(&bytes);
                Ok(RecoveryWrap::new(&key))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut key = [0u8; 32];
                getrandom::fill(&mut key).map_err(|e| e.to_string())?;
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
                }
                match write_private(path, &hex::encode(key)) {
                    Ok(()) => {}
                    // Another instance made it first: use that one.
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        std::thread::sleep(std::time::Duration::from_millis(50));
                        return RecoveryWrap::from_file(path);
                    }
                    Err(e) => return Err(format!("kan {} niet maken: {e}", path.display())),
                }
                tracing::warn!(
                    path = %path.display(),
                    "made a new key for the recovery keys: keep this file apart from the database's backups"
                );
                Ok(RecoveryWrap::new(&key))
            }
            Err(e) => Err(format!("kan {} niet lezen: {e}", path.display())),
        }
    }

    /// `plain` (the recovery key, hex) wrapped for `user` and `vault`.
    pub fn seal(&self, user: &str, vault: &str, plain: &str) -> Result<String, ApiError> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|e| ApiError::internal("random nonce", e))?;
        let mut data = plain.as_bytes().to_vec();
        self.key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(aad(user, vault)),
                &mut data,
            )
            .map_err(|e| ApiError::internal("wrap recovery key", e))?;
        Ok(format!(
            "{PREFIX}{}:{}",
            hex::encode(nonce),
            hex::encode(&data)
        ))
    }

    /// The recovery key (hex) from what is stored: wrapped, or plain from before wrapping.
    pub fn open(&self, user: &str, vault: &str, stored: &str) -> Result<String, ApiError> {
        let Some(rest) = stored.strip_prefix(PREFIX) else {
            return Ok(stored.to_owned());
        };
        let failed = || ApiError::internal("recovery key", "does not open with this server's key");
        let (nonce, data) = rest.split_once(':').ok_or_else(failed)?;
        let nonce: [u8; NONCE_LEN] = hex::decode(nonce)
            .ok()
            .and_then(|n| n.try_into().ok())
            .ok_or_else(failed)?;
        let mut data = hex::decode(data).map_err(|_| failed())?;
        let plain = self
            .key
            .open_in_place(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(aad(user, vault)),
                &mut data,
            )
            .map_err(|_| failed())?;
        String::from_utf8(plain.to_vec()).map_err(|_| failed())
    }

    /// Whether `stored` is still plain (from before wrapping).
    pub fn is_plain(stored: &str) -> bool {
        !stored.starts_with(PREFIX)
    }
}

fn aad(user: &str, vault: &str) -> Vec<u8> {
    format!("werkzaam-herstel\0{user}\0{vault}").into_bytes()
}

#[cfg(unix)]
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}
