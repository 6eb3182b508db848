//! Attachments are addressed by the SHA-256 of their bytes: the same photo is stored and sent
//! once, and the server can check that what arrived is what was meant.

use sha2::{Digest, Sha256};

/// The address of `bytes`: SHA-256, 64 lowercase hex digits.
pub fn content_hash(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Whether `s` looks like a [`content_hash`].
pub fn is_content_hash(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}
