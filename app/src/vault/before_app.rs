//! The unlock screen before the app runs (issue 17, decision 18). The service worker's shell
//! holds a copy of the unlock screen, hidden ([`SHELL_SCREEN`]); `public/boot.js` shows it while
//! a worker with a PIN is logged in on this device (her name under [`LOCKED_KEY`] in
//! `localStorage`, kept by [`note`]) and starts the app at the first touch, as on the login
//! screen (decision 16). As the app starts, `boot.js` removes it and puts what was typed, the
//! cursor and a tap on *Ontgrendelen* or *Pincode vergeten?* into the app's own unlock screen,
//! which shows in its place until the vault is read ([`was_shown`]). The PIN typed there lives
//! only in the page, as in the app's field.

/// The `localStorage` key of the worker's name while the device opens locked.
pub const LOCKED_KEY: &str = "werkzaam.vergrendeld";

/// The unlock screen as the shell holds it (hidden), in the app's own markup (see
/// `screens::Unlock`), so nothing moves when the app takes its place.
pub const SHELL_SCREEN: &str = concat!(
    r#"<div data-before-app-screen="" hidden="">"#,
    r#"<header class="topbar"><span class="brand">Werkzaam</span><span class="who"></span></header>"#,
    r#"<main class="page vault"><h1>Werkzaam is vergrendeld</h1>"#,
    r#"<form class="card form" data-before-app="" data-testid="unlock"><fieldset disabled="">"#,
    r#"<label for="unlock-pin">Je pincode</label>"#,
    r#"<input id="unlock-pin" class="pin" type="password" inputmode="numeric" autocomplete="current-password"/>"#,
    r#"<button type="submit" class="primary wide">Ontgrendelen</button>"#,
    r#"</fieldset></form>"#,
    r#"<button type="button" class="link" data-before-app-forgot="">Pincode vergeten? Log in met je wachtwoord</button>"#,
    r#"</main></div>"#,
);

/// The worker's name the unlock screen before the app showed, when it showed at this start
/// (`public/boot.js` sets `werkzaamLockedName`): the app shows its own unlock screen in its
/// place until the vault is read (no flash of another screen in between).
#[cfg(feature = "hydrate")]
pub fn shown_name() -> Option<String> {
    js_sys::Reflect::get(&js_sys::global(), &"werkzaamLockedName".into())
        .ok()?
        .as_string()
}

#[cfg(not(feature = "hydrate"))]
pub fn shown_name() -> Option<String> {
    None
}

/// Whether this start showed the unlock screen before the app.
pub fn was_shown() -> bool {
    shown_name().is_some()
}

/// Keeps what the next start opens with (`VaultGate` calls it as who is logged in and the
/// vault change): the unlock screen before the app while a worker with a PIN is logged in on
/// this device (a start finds the vault locked); not after logging out, for an administrator
/// (no vault), nor when another vault screen is due (choose a PIN, log in again).
pub fn note(who: &crate::state::Who, vault: crate::vault::rules::VaultState) {
    use crate::state::Who;
    use crate::vault::rules::VaultState;
    match (who, vault) {
        (Who::LoggedOut, _) => forget_locked(),
        _ if who.is_admin() => forget_locked(),
        (Who::Unknown, _) | (_, VaultState::Unknown | VaultState::Checking) => {}
        (Who::LoggedIn(p), VaultState::Locked | VaultState::Open) => {
            remember_locked(&p.display_name)
        }
        _ => forget_locked(),
    }
}

/// The next start opens with the unlock screen, for the worker `name`.
#[cfg(feature = "hydrate")]
fn remember_locked(name: &str) {
    use gloo_storage::Storage;
    let _ = gloo_storage::LocalStorage::raw().set_item(LOCKED_KEY, name);
}

/// The next start does not open with the unlock screen (logged out, or another vault screen).
#[cfg(feature = "hydrate")]
fn forget_locked() {
    use gloo_storage::Storage;
    let _ = gloo_storage::LocalStorage::raw().remove_item(LOCKED_KEY);
}

#[cfg(not(feature = "hydrate"))]
fn remember_locked(_name: &str) {}

#[cfg(not(feature = "hydrate"))]
fn forget_locked() {}
