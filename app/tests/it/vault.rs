//! Issue 7's device-vault rules: states, PIN choice, locking, wrong PINs, the envelope.

use app::vault::rules::*;

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
    assert_eq!(
        sealed[0], ENVELOPE_BOUND,
        "new records are bound to their place"
    );
    let opened = open_envelope(&sealed).unwrap();
    assert!(opened.bound);
    assert_eq!(opened.iv, iv);
    assert_eq!(opened.ciphertext, &[1u8; 40][..]);
    assert!(
        open_envelope(b"{\"id\":\"plain json\"}").is_none(),
        "a record from before encryption"
    );
    assert!(
        open_envelope(&envelope(&iv, &[1u8; 15])).is_none(),
        "shorter than a GCM tag"
    );
    let mut legacy = sealed.clone();
    legacy[0] = ENVELOPE_VERSION;
    let opened = open_envelope(&legacy).unwrap();
    assert!(!opened.bound, "version 1: from before binding");
    assert!(
        may_open(&opened, false),
        "until every record is rewritten bound"
    );
    assert!(
        !may_open(&opened, true),
        "after that an unbound record is refused: it cannot be slipped in"
    );
    let mut other = sealed.clone();
    other[0] = 3;
    assert!(open_envelope(&other).is_none());
}

#[test]
fn a_records_place_is_unambiguous_between_kinds_and_ids() {
    let places = [
        place("dialoog", "d-1"),
        place("dialoog", "d-2"),
        place("bijlage", "d-1"),
        place("dialoog", "d-1\0bijlage"),
        place("dialoogd", "-1"),
        place("wijziging", ""),
    ];
    for (i, a) in places.iter().enumerate() {
        for b in &places[i + 1..] {
            assert_ne!(a, b);
        }
    }
    assert_eq!(place("team", "s-1"), place("team", "s-1"));
}

#[test]
fn a_pin_needs_six_characters_and_may_not_be_a_repeat_or_a_run() {
    for weak in ["", "12345", "111111", "123456", "987654", "0000000"] {
        assert!(pin_problem(weak).is_some(), "{weak} accepted");
    }
    for fine in ["204817", "135790", "246810", "mijn pas zin", "1234567a"] {
        assert_eq!(pin_problem(fine), None, "{fine} refused");
    }
    assert!(pin_problem(&"7".repeat(65)).is_some());
    assert!(pin_problem(&"ab".repeat(32)).is_none());
}

#[test]
fn the_vault_asks_for_a_pin_first_then_the_pin_and_after_ten_wrong_ones_a_login() {
    assert_eq!(state_on_start(false, 0), VaultState::NeedsPin);
    assert_eq!(state_on_start(false, 12), VaultState::NeedsPin);
    assert_eq!(state_on_start(true, 0), VaultState::Locked);
    assert_eq!(state_on_start(true, 9), VaultState::Locked);
    assert_eq!(state_on_start(true, 10), VaultState::LockedUntilLogin);
    assert!(VaultState::Open.shows_pages());
    assert!(
        VaultState::Unknown.shows_pages(),
        "the first render must match the server's"
    );
    for closed in [
        VaultState::Checking,
        VaultState::NeedsPin,
        VaultState::NeedsNewPin,
        VaultState::Locked,
        VaultState::LockedUntilLogin,
    ] {
        assert!(!closed.shows_pages(), "{closed:?}");
    }
}
