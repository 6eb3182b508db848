//! Issue 7's device-vault rules (groundwork: the encryption itself is not wired yet).

use app::vault::*;

#[test]
fn the_app_locks_after_five_idle_minutes_or_a_minute_in_the_background() {
    let start = 1_000_000;
    assert!(!should_lock(
        start,
        None,
        start + DEFAULT_IDLE_LOCK_MS - 1,
        DEFAULT_IDLE_LOCK_MS
    ));
    assert!(should_lock(
        start,
        None,
        start + DEFAULT_IDLE_LOCK_MS,
        DEFAULT_IDLE_LOCK_MS
    ));
    assert!(!should_lock(
        start,
        Some(start + 10),
        start + 30_000,
        DEFAULT_IDLE_LOCK_MS
    ));
    assert!(should_lock(
        start,
        Some(start),
        start + BACKGROUND_LOCK_MS,
        DEFAULT_IDLE_LOCK_MS
    ));
    // The idle time is a setting.
    assert!(should_lock(start, None, start + 60_000, 60_000));
}

#[test]
fn ten_wrong_pins_wipe_only_what_is_delivered_and_never_unsent_work() {
    assert_eq!(after_wrong_pin(1, true), WrongPin::TryAgain(9));
    assert_eq!(after_wrong_pin(9, false), WrongPin::TryAgain(1));
    assert_eq!(after_wrong_pin(10, true), WrongPin::Wipe);
    assert_eq!(after_wrong_pin(10, false), WrongPin::LockedUntilOnlineLogin);
    assert_eq!(after_wrong_pin(12, false), WrongPin::LockedUntilOnlineLogin);
    const { assert!(PBKDF2_ITERATIONS >= 600_000) };
}

#[test]
fn an_envelope_holds_version_nonce_and_ciphertext_and_refuses_anything_else() {
    let iv = [7u8; IV_BYTES];
    let sealed = envelope(&iv, &[1u8; 40]);
    assert_eq!(sealed[0], ENVELOPE_VERSION);
    let (back_iv, ciphertext) = open_envelope(&sealed).unwrap();
    assert_eq!(back_iv, iv);
    assert_eq!(ciphertext, &[1u8; 40][..]);
    assert!(
        open_envelope(b"{\"id\":\"plain json\"}").is_none(),
        "a record from before encryption"
    );
    assert!(
        open_envelope(&envelope(&iv, &[1u8; 15])).is_none(),
        "shorter than a GCM tag"
    );
    let mut other = sealed.clone();
    other[0] = 2;
    assert!(open_envelope(&other).is_none());
}
