//! The rules of the device vault (issue 7, item 1), as plain functions: which screen the vault
//! shows, which PIN may be chosen, when the app locks, what a wrong PIN leads to, the
//! key-derivation settings, and the byte layout of an encrypted record. The Web Crypto calls
//! that use them live in `device/crypto.rs`, the encrypted records in `device/store/`.
//! No Leptos, no browser; tested natively in `tests/it/vault.rs`.

/// PBKDF2-SHA256 iterations for the key that wraps the data key (OWASP 2023: ≥ 600,000).
pub const PBKDF2_ITERATIONS: u32 = 600_000;
/// Salt length for PBKDF2, bytes.
pub const SALT_BYTES: usize = 16;
/// AES-GCM nonce length, bytes.
pub const IV_BYTES: usize = 12;
/// Wrong PINs in a row before the device acts.
pub const MAX_WRONG_PINS: u32 = 10;
/// Lock after this long without a touch or a key (a setting; default 5 minutes).
pub const DEFAULT_IDLE_LOCK_MS: i64 = 5 * 60 * 1000;
/// Lock when the app has been in the background this long (a phone put away).
pub const BACKGROUND_LOCK_MS: i64 = 60 * 1000;

/// Whether the app must lock now: idle too long, or in the background too long.
pub fn should_lock(
    last_activity_ms: i64,
    hidden_since_ms: Option<i64>,
    now_ms: i64,
    idle_lock_ms: i64,
) -> bool {
    now_ms - last_activity_ms >= idle_lock_ms
        || hidden_since_ms.is_some_and(|since| now_ms - since >= BACKGROUND_LOCK_MS)
}

/// What a wrong PIN leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WrongPin {
    /// Try again; this many tries are left.
    TryAgain(u32),
    /// Too many wrong PINs and everything is delivered: wipe the device's copy (the server has it).
    Wipe,
    /// Too many wrong PINs but something is not delivered yet: stay locked — never wipe unsent
    /// work — until the worker logs in online (which proves who it is and sends what waits).
    LockedUntilOnlineLogin,
}

/// The outcome of the `failures`-th wrong PIN in a row (counting this one); `delivered` says
/// whether the outbox and the uploads are empty.
pub fn after_wrong_pin(failures: u32, delivered: bool) -> WrongPin {
    if failures < MAX_WRONG_PINS {
        WrongPin::TryAgain(MAX_WRONG_PINS - failures)
    } else if delivered {
        WrongPin::Wipe
    } else {
        WrongPin::LockedUntilOnlineLogin
    }
}

/// The layout of one encrypted record: a version byte, the 12-byte nonce, then the AES-GCM
/// ciphertext with its tag. Version 1 (from before issue 15) was encrypted without associated
/// data; version 2 binds the record's [`place`] in as associated data, so a ciphertext copied
/// onto another record (swapped, or an old one put back in another's place) does not open.
pub const ENVELOPE_VERSION: u8 = 1;
pub const ENVELOPE_BOUND: u8 = 2;

/// A bound envelope (version 2) of a nonce and a ciphertext.
pub fn envelope(iv: &[u8; IV_BYTES], ciphertext: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(1 + IV_BYTES + ciphertext.len());
    out.push(ENVELOPE_BOUND);
    out.extend_from_slice(iv);
    out.extend_from_slice(ciphertext);
    out
}

/// An envelope of a wrapped key (version 1: a wrapped key is bound by the key that wraps it).
pub fn key_envelope(iv: &[u8; IV_BYTES], ciphertext: &[u8]) -> Vec<u8> {
    let mut out = envelope(iv, ciphertext);
    out[0] = ENVELOPE_VERSION;
    out
}

/// An envelope taken apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opened<'a> {
    /// Whether its ciphertext is bound to its place (version 2).
    pub bound: bool,
    pub iv: [u8; IV_BYTES],
    pub ciphertext: &'a [u8],
}

/// The parts of an envelope, or `None` for anything that is not one (a record written before
/// encryption, or damaged). The 16-byte GCM tag means a ciphertext is never shorter than 16
/// bytes.
pub fn open_envelope(bytes: &[u8]) -> Option<Opened<'_>> {
    if bytes.len() < 1 + IV_BYTES + 16 {
        return None;
    }
    let bound = match bytes[0] {
        ENVELOPE_VERSION => false,
        ENVELOPE_BOUND => true,
        _ => return None,
    };
    let mut iv = [0u8; IV_BYTES];
    iv.copy_from_slice(&bytes[1..1 + IV_BYTES]);
    Some(Opened {
        bound,
        iv,
        ciphertext: &bytes[1 + IV_BYTES..],
    })
}

/// The associated data of a record: what it is (`kind`: `dialoog`, `wijziging`, `bijlage`,
/// `team`, `reden`, `sleutel`) and its id, unambiguously joined. A change's ciphertext keeps
/// its place when it moves from the outbox to the changes set aside.
pub fn place(kind: &str, id: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + kind.len() + id.len());
    out.extend_from_slice(b"werkzaam\0");
    out.extend_from_slice(&(kind.len() as u32).to_be_bytes());
    out.extend_from_slice(kind.as_bytes());
    out.extend_from_slice(&(id.len() as u32).to_be_bytes());
    out.extend_from_slice(id.as_bytes());
    out
}

/// Whether an envelope may be opened: a bound one always (its place is checked by AES-GCM), an
/// unbound one (version 1) only until the vault has rewritten every record bound.
pub fn may_open(opened: &Opened<'_>, all_bound: bool) -> bool {
    opened.bound || !all_bound
}

/// Where the vault stands, which decides what the app shows a logged-in user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VaultState {
    /// Not known yet (the server's render and the first browser render): show the page.
    Unknown,
    /// Someone is logged in on this device and the vault is being read: show nothing of the
    /// pages yet (no flash of them before the lock screen).
    Checking,
    /// This device has no vault for the user yet: choose a PIN first.
    NeedsPin,
    /// Opened by an online login without the PIN (forgotten, or too many wrong ones): choose a
    /// new PIN before going on.
    NeedsNewPin,
    /// Locked: the PIN opens it.
    Locked,
    /// Too many wrong PINs while something was not delivered: only an online login opens it.
    LockedUntilLogin,
    /// Open: the data key is in memory.
    Open,
}

impl VaultState {
    /// Whether the app's pages may show (and read the device's data).
    pub fn shows_pages(&self) -> bool {
        matches!(self, VaultState::Unknown | VaultState::Open)
    }
}

/// The state of a vault found on the device with `failures` wrong PINs in a row.
pub fn state_on_start(has_vault: bool, failures: u32) -> VaultState {
    match (has_vault, failures >= MAX_WRONG_PINS) {
        (false, _) => VaultState::NeedsPin,
        (true, true) => VaultState::LockedUntilLogin,
        (true, false) => VaultState::Locked,
    }
}

/// Shortest PIN (digits, or a pass phrase).
pub const MIN_PIN_LEN: usize = 6;
/// Longest PIN.
pub const MAX_PIN_LEN: usize = 64;

/// Why `pin` may not be chosen (in plain Dutch), or `None` when it is fine: at least 6
/// characters, not one digit repeated, not a straight run up or down (123456, 987654).
pub fn pin_problem(pin: &str) -> Option<&'static str> {
    let n = pin.chars().count();
    if n < MIN_PIN_LEN {
        return Some("Kies een pincode van minstens 6 cijfers.");
    }
    if n > MAX_PIN_LEN {
        return Some("Deze pincode is te lang (hoogstens 64 tekens).");
    }
    let digits: Vec<i32> = pin
        .chars()
        .filter_map(|c| c.to_digit(10))
        .map(|d| d as i32)
        .collect();
    if digits.len() == n {
        let steps: Vec<i32> = digits.windows(2).map(|w| w[1] - w[0]).collect();
        if steps.iter().all(|s| *s == 0) {
            return Some("Dezelfde cijfers achter elkaar zijn te makkelijk te raden.");
        }
        if steps.iter().all(|s| *s == 1) || steps.iter().all(|s| *s == -1) {
            return Some("Een reeks als 123456 is te makkelijk te raden.");
        }
    }
    None
}
