//! The unlock screen before the app runs (issue 17, decision 18). The service worker's shell
//! holds a copy of the unlock screen, hidden ([`SHELL_SCREEN`]); `public/boot.js` shows it when
//! this device last opened locked (the worker's name under [`LOCKED_KEY`] in `localStorage`)
//! and starts the app at the first touch, as on the login screen (decision 16). When the app
//! mounts it takes the screen over ([`take_over`]): what was typed, where the cursor was and a
//! tap on *Ontgrendelen* go to the app's unlock screen ([`carried`]), which shows in its place
//! until the vault is read. The PIN typed there lives only in the page, as in the app's field.

use std::cell::{Cell, RefCell};

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

/// What the screen before the app held when the app took it over. (No `Debug`: it holds a PIN.)
pub struct Carried {
    pub pin: String,
    /// The PIN field had the focus: the app's gets it.
    pub focused: bool,
    /// *Ontgrendelen* was tapped before the app ran: unlock as soon as it can.
    pub submit: bool,
    /// *Pincode vergeten?* was tapped before the app ran: go on to the login.
    pub forgot: bool,
}

thread_local! {
    static CARRIED: RefCell<Option<Carried>> = const { RefCell::new(None) };
    static SHOWN: Cell<bool> = const { Cell::new(false) };
    static NAME: RefCell<String> = const { RefCell::new(String::new()) };
}

/// The worker's name the screen before the app showed (until the app knows who is logged in).
pub fn shown_name() -> String {
    NAME.with_borrow(String::clone)
}

/// What the screen before the app held, once (for the app's unlock screen).
pub fn carried() -> Option<Carried> {
    CARRIED.with_borrow_mut(Option::take)
}

/// Whether this start showed the unlock screen before the app: the app shows its own in its
/// place until the vault is read (no flash of another screen in between).
pub fn was_shown() -> bool {
    SHOWN.get()
}

/// Takes the shell's unlock screen over as the app mounts: keeps what it holds (when it
/// shows) and removes it, shown or not.
#[cfg(feature = "hydrate")]
pub fn take_over() {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(screen) = document
        .query_selector("[data-before-app-screen]")
        .ok()
        .flatten()
    else {
        return;
    };
    if !screen.has_attribute("hidden") {
        let input = screen
            .query_selector("#unlock-pin")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
        let focused =
            document
                .active_element()
                .zip(input.clone())
                .is_some_and(|(active, input)| {
                    let input: &web_sys::Element = input.as_ref();
                    active == *input
                });
        let flag = |name: &str| {
            js_sys::Reflect::get(&js_sys::global(), &name.into()).is_ok_and(|v| v.is_truthy())
        };
        let (submit, forgot) = (flag("werkzaamSubmitOnStart"), flag("werkzaamForgotOnStart"));
        CARRIED.with_borrow_mut(|c| {
            *c = Some(Carried {
                pin: input.map(|i| i.value()).unwrap_or_default(),
                focused,
                submit,
                forgot,
            })
        });
        SHOWN.set(true);
        if let Some(name) = screen.query_selector(".who").ok().flatten() {
            NAME.set(name.text_content().unwrap_or_default());
        }
    }
    screen.remove();
}

/// The next start opens with the unlock screen, for the worker `name`.
#[cfg(feature = "hydrate")]
pub fn remember_locked(name: &str) {
    use gloo_storage::Storage;
    let _ = gloo_storage::LocalStorage::raw().set_item(LOCKED_KEY, name);
}

/// The next start does not open with the unlock screen (logged out, or another vault screen).
#[cfg(feature = "hydrate")]
pub fn forget_locked() {
    use gloo_storage::Storage;
    let _ = gloo_storage::LocalStorage::raw().remove_item(LOCKED_KEY);
}

#[cfg(not(feature = "hydrate"))]
pub fn remember_locked(_name: &str) {}

#[cfg(not(feature = "hydrate"))]
pub fn forget_locked() {}
