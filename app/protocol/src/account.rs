//! A person's own account: logging in, who am I, my sessions, a device vault's recovery key.

use serde::{Deserialize, Serialize};

use werkzaam_domain::review::Thresholds;
use werkzaam_domain::variant::Variant;
use werkzaam_domain::Role;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// Who is logged in. The device keeps this (not the password, not the session token) so the app
/// can start offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub user_id: String,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    pub team_id: String,
    pub team_name: String,
    /// The team's Dutch (a profile kept from before has none: nl-NL).
    #[serde(default)]
    pub variant: Variant,
}

/// `GET /api/ik`: who the server says the user is now, and the team's alert thresholds as its
/// team lead set them, so a worker's own *Verloop* names what stands out by the team's rules.
/// Kept out of [`Profile`]: the first screen reads the profile and needs no thresholds. The
/// device reads this answer as a [`Profile`] and, later and apart, as [`TeamThresholds`] (a
/// flattened struct would bring serde's buffering into the first screen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    #[serde(flatten)]
    pub profile: Profile,
    /// An older server sends none: the defaults.
    #[serde(default)]
    pub thresholds: Thresholds,
}

/// The thresholds of a [`Me`], read on their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct TeamThresholds {
    /// An older server sends none: the defaults.
    #[serde(default)]
    pub thresholds: Thresholds,
}

/// One of a user's sessions, as they see it (the id is the start of the token's hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub id: String,
    pub created_at_ms: i64,
    pub last_seen_at_ms: i64,
    pub expires_at_ms: i64,
    pub current: bool,
}

/// `POST /api/herstelsleutel`: the recovery key of one device vault of the logged-in user
/// (made on the first request). It wraps the vault's data key a second time on the device, so
/// an online login opens the vault when the PIN is forgotten or locked after wrong tries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoveryKeyRequest {
    /// The vault's id (random, made on the device).
    pub vault: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryKey {
    /// 32 bytes as 64 lowercase hex digits.
    pub key: String,
}
