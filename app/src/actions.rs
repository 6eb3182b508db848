//! What the components ask the device to do. In the browser these start the work in
//! [`crate::device`]; on the server they are never called (effects and event handlers do not
//! run there), so the server build only type-checks them.

use werkzaam_domain::Dialogue;
use werkzaam_protocol::team::TeamDialogue;

use crate::state::{AppCtx, LocalBlob};

/// Once, on start: who is logged in, the device store, the connection, the sync loop.
pub fn start(ctx: AppCtx) {
    #[cfg(feature = "hydrate")]
    crate::device::start(ctx);
    #[cfg(not(feature = "hydrate"))]
    let _ = ctx;
}

/// Stores a dialogue and new drawings or photos on the device (one transaction), then syncs.
pub fn save_dialogue(
    ctx: AppCtx,
    dialogue: Dialogue,
    blobs: Vec<LocalBlob>,
    on_done: impl FnOnce(Result<(), String>) + 'static,
) {
    #[cfg(feature = "hydrate")]
    {
        let saving = Saving::begin();
        leptos::task::spawn_local(async move {
            let result = crate::device::save_dialogue(ctx, dialogue, blobs).await;
            drop(saving);
            on_done(result)
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ctx, dialogue, blobs, on_done);
}

/// Stores one of the team's records on the device (with its mutation), then syncs.
pub fn save_team_record(
    ctx: AppCtx,
    record: werkzaam_domain::team::TeamRecord,
    on_done: impl FnOnce(Result<(), String>) + 'static,
) {
    #[cfg(feature = "hydrate")]
    {
        let saving = Saving::begin();
        leptos::task::spawn_local(async move {
            let result = crate::device::save_team_record(ctx, record).await;
            drop(saving);
            on_done(result)
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ctx, record, on_done);
}

/// The event every open editor hears just before the app reloads into a new version: it writes
/// what is typed but not yet saved (see [`crate::ui::flush_before_update`]).
pub const FLUSH_EVENT: &str = "werkzaam-flush";

#[cfg(feature = "hydrate")]
thread_local! {
    /// Saves to the device begun and not yet finished.
    static SAVING: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// One save to the device in progress, counted from before its task starts until it ends, so
/// an update waits for it.
#[cfg(feature = "hydrate")]
struct Saving;

#[cfg(feature = "hydrate")]
impl Saving {
    fn begin() -> Self {
        SAVING.with(|n| n.set(n.get() + 1));
        Saving
    }
}

#[cfg(feature = "hydrate")]
impl Drop for Saving {
    fn drop(&mut self) {
        SAVING.with(|n| n.set(n.get().saturating_sub(1)));
    }
}

/// Whether a save to the device is still under way.
#[cfg(feature = "hydrate")]
pub fn saving() -> bool {
    SAVING.with(|n| n.get() > 0)
}

/// Moves to the new version of the app ("Nu vernieuwen"): every open editor writes what is
/// typed, the app waits until the device has it (at most a few seconds), then the new build
/// takes over and the page reloads into it. The outbox stays on the device throughout.
pub fn apply_update() {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(crate::device::apply_update(FLUSH_EVENT, saving));
}

/// Refreshes the colleagues of the team (from the device, then the server when online).
pub fn load_colleagues(ctx: AppCtx) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(crate::device::load_colleagues(ctx));
    #[cfg(not(feature = "hydrate"))]
    let _ = ctx;
}

/// Offers `contents` as a file to download (a CSV export).
pub fn download(file_name: &str, content_type: &str, contents: &str) {
    #[cfg(feature = "hydrate")]
    crate::device::photo::download(file_name, content_type, contents);
    #[cfg(not(feature = "hydrate"))]
    let _ = (file_name, content_type, contents);
}

/// Offers bytes as a file to download (the paper sheet's PDF).
pub fn download_bytes(file_name: &str, content_type: &str, bytes: &[u8]) {
    #[cfg(feature = "hydrate")]
    crate::device::photo::download_bytes(file_name, content_type, bytes);
    #[cfg(not(feature = "hydrate"))]
    let _ = (file_name, content_type, bytes);
}

/// Fetches a file from the server (with the request key) and offers it as a download;
/// `on_done` hears whether it worked.
pub fn download_from_server(
    url: String,
    fallback_name: &'static str,
    on_done: impl FnOnce(Result<(), String>) + 'static,
) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        on_done(crate::device::download_from_server(&url, fallback_name).await)
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (url, fallback_name, on_done);
}

/// A picture from the server as an address an `<img>` can show.
pub fn server_picture(url: String, on_done: impl FnOnce(Result<String, String>) + 'static) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move { on_done(crate::device::server_picture(&url).await) });
    #[cfg(not(feature = "hydrate"))]
    let _ = (url, on_done);
}

/// Opens the browser's print dialog (print or save as PDF).
pub fn print_page() {
    #[cfg(feature = "hydrate")]
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

/// Reads `text` aloud on the device (client mode's *Voorlezen*).
pub fn read_aloud(text: &str) {
    #[cfg(feature = "hydrate")]
    crate::device::speech::speak(text);
    #[cfg(not(feature = "hydrate"))]
    let _ = text;
}

/// Reads one dialogue from the device.
pub fn load_dialogue(
    ctx: AppCtx,
    id: String,
    on_done: impl FnOnce(Result<Option<Dialogue>, String>) + 'static,
) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move { on_done(crate::device::load_dialogue(ctx, id).await) });
    #[cfg(not(feature = "hydrate"))]
    let _ = (ctx, id, on_done);
}

/// Reads a drawing or photo from the device.
pub fn load_blob(ctx: AppCtx, hash: String, on_done: impl FnOnce(Option<LocalBlob>) + 'static) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move { on_done(crate::device::load_blob(ctx, hash).await) });
    #[cfg(not(feature = "hydrate"))]
    let _ = (ctx, hash, on_done);
}

/// Fetches an attachment of one of the worker's own dialogues from the server (made on another
/// device), checks it against its hash and keeps it on this device. `on_done(true)` when kept.
pub fn fetch_own_blob(
    ctx: AppCtx,
    hash: String,
    dialogue_id: String,
    on_done: impl FnOnce(bool) + 'static,
) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        on_done(crate::device::fetch_own_blob(ctx, hash, dialogue_id).await)
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (ctx, hash, dialogue_id, on_done);
}

/// The photo chosen in a file input, downscaled on the device (`None` when none was chosen).
pub fn photo_from_input(
    event: leptos::ev::Event,
    on_done: impl FnOnce(Result<Option<LocalBlob>, String>) + 'static,
) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(
        async move { on_done(crate::device::photo::from_input(event).await) },
    );
    #[cfg(not(feature = "hydrate"))]
    let _ = (event, on_done);
}

/// The photo chosen in a file input, downscaled, with its pixels in grey for reading a sheet's
/// QR code (`None` when none was chosen).
pub fn photo_with_grey(
    event: leptos::ev::Event,
    on_done: impl FnOnce(Result<Option<(LocalBlob, crate::state::GreyPhoto)>, String>) + 'static,
) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        on_done(crate::device::photo::from_input_with_grey(event).await)
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (event, on_done);
}

/// An object URL for showing a photo; `None` on the server.
pub fn object_url(blob: &LocalBlob) -> Option<String> {
    #[cfg(feature = "hydrate")]
    return crate::device::photo::object_url(&blob.bytes, &blob.content_type);
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = blob;
        None
    }
}

pub fn revoke_object_url(url: &str) {
    #[cfg(feature = "hydrate")]
    crate::device::photo::revoke(url);
    #[cfg(not(feature = "hydrate"))]
    let _ = url;
}

/// Logs in online; keeps the profile on the device so the app can start offline.
pub fn login(
    ctx: AppCtx,
    email: String,
    password: String,
    on_done: impl FnOnce(Result<(), String>) + 'static,
) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(
        async move { on_done(crate::device::login(ctx, email, password).await) },
    );
    #[cfg(not(feature = "hydrate"))]
    let _ = (ctx, email, password, on_done);
}

/// Logs out; `on_done` hears what happened to the data on the device (wiped, or kept because
/// something waits).
pub fn logout(ctx: AppCtx, on_done: impl FnOnce(String) + 'static) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move { on_done(crate::device::logout(ctx).await) });
    #[cfg(not(feature = "hydrate"))]
    let _ = (ctx, on_done);
}

/// Sends what waits, now.
pub fn sync_now(ctx: AppCtx) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(crate::device::sync(ctx));
    #[cfg(not(feature = "hydrate"))]
    let _ = ctx;
}

/// Erases everything of a client (server, this device, later the other devices).
pub fn erase_client(
    ctx: AppCtx,
    code: String,
    on_done: impl FnOnce(Result<String, String>) + 'static,
) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move { on_done(crate::device::erase_client(ctx, code).await) });
    #[cfg(not(feature = "hydrate"))]
    let _ = (ctx, code, on_done);
}

/// A value the device keeps in `localStorage` (no client data: counts, settings), or `None`.
pub fn read_local<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    #[cfg(feature = "hydrate")]
    return <gloo_storage::LocalStorage as gloo_storage::Storage>::get(key).ok();
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = key;
        None
    }
}

/// Keeps `value` in `localStorage` under `key` (no client data).
pub fn keep_local<T: serde::Serialize>(key: &str, value: &T) {
    #[cfg(feature = "hydrate")]
    let _ = <gloo_storage::LocalStorage as gloo_storage::Storage>::set(key, value);
    #[cfg(not(feature = "hydrate"))]
    let _ = (key, value);
}

/// JSON from the server (online only; the team lead's pages).
pub fn fetch_json<T: serde::de::DeserializeOwned + 'static>(
    url: String,
    on_done: impl FnOnce(Result<T, String>) + 'static,
) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move { on_done(crate::device::get_json(&url).await) });
    #[cfg(not(feature = "hydrate"))]
    let _ = (url, on_done);
}

/// Sends `body` as JSON with PUT and reads the answer (online only).
pub fn put_json<B: serde::Serialize + 'static, T: serde::de::DeserializeOwned + 'static>(
    url: String,
    body: B,
    on_done: impl FnOnce(Result<T, String>) + 'static,
) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        on_done(crate::device::json_request(crate::urls::Method::Put, &url, &body).await)
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (url, body, on_done);
}

/// Sends `body` as JSON with POST and reads the answer (online only).
pub fn post_json<B: serde::Serialize + 'static, T: serde::de::DeserializeOwned + 'static>(
    url: String,
    body: B,
    on_done: impl FnOnce(Result<T, String>) + 'static,
) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        on_done(crate::device::json_request(crate::urls::Method::Post, &url, &body).await)
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (url, body, on_done);
}

/// `method` `url` with a JSON `body`; `on_done` hears whether it
/// worked (online only).
pub fn send(
    method: crate::urls::Method,
    url: String,
    body: String,
    on_done: impl FnOnce(Result<(), String>) + 'static,
) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(
        async move { on_done(crate::device::send(method, &url, &body).await) },
    );
    #[cfg(not(feature = "hydrate"))]
    let _ = (method, url, body, on_done);
}

/// A moment (ms since the epoch) in the device's time, as `30-11-2026 14:05` (empty on the
/// server).
pub fn local_time(ms: i64) -> String {
    #[cfg(feature = "hydrate")]
    {
        let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
        format!(
            "{:02}-{:02}-{} {:02}:{:02}",
            d.get_date(),
            d.get_month() + 1,
            d.get_full_year(),
            d.get_hours(),
            d.get_minutes()
        )
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ms;
        String::new()
    }
}

/// The date `days` days before today on the device, `YYYY-MM-DD` (empty on the server).
pub fn days_ago(days: u32) -> String {
    #[cfg(feature = "hydrate")]
    {
        let then = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
            js_sys::Date::now() - f64::from(days) * 86_400_000.0,
        ));
        crate::ui::words::iso_date(then.get_full_year(), then.get_month() + 1, then.get_date())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = days;
        String::new()
    }
}

/// One shared dialogue of the team, from the server.
pub fn load_team_dialogue(
    id: String,
    on_done: impl FnOnce(Result<TeamDialogue, String>) + 'static,
) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move { on_done(crate::device::team_dialogue(id).await) });
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, on_done);
}

/// The bytes of a shared attachment, from the server.
pub fn load_team_attachment(
    hash: String,
    dialogue_id: String,
    on_done: impl FnOnce(Result<Vec<u8>, String>) + 'static,
) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        on_done(crate::device::team_attachment(hash, dialogue_id).await)
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (hash, dialogue_id, on_done);
}

/// Today's date on the device, `YYYY-MM-DD` (empty on the server).
pub fn today() -> String {
    #[cfg(feature = "hydrate")]
    {
        let now = js_sys::Date::new_0();
        crate::ui::words::iso_date(now.get_full_year(), now.get_month() + 1, now.get_date())
    }
    #[cfg(not(feature = "hydrate"))]
    String::new()
}

/// Milliseconds since the Unix epoch on the device (0 on the server).
pub fn now_ms() -> i64 {
    #[cfg(feature = "hydrate")]
    return crate::device::now_ms();
    #[cfg(not(feature = "hydrate"))]
    0
}

/// A new random id for a record.
pub fn new_id() -> String {
    #[cfg(feature = "hydrate")]
    return crate::device::new_id();
    #[cfg(not(feature = "hydrate"))]
    String::new()
}

/// Whether `pin` is the worker's (to leave client mode); a wrong one counts like at the lock
/// screen. `on_done` hears `Err` with what to say.
pub fn check_pin(ctx: AppCtx, pin: String, on_done: impl FnOnce(Result<(), String>) + 'static) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(
        async move { on_done(crate::device::keyring::check_pin(ctx, pin).await) },
    );
    #[cfg(not(feature = "hydrate"))]
    let _ = (ctx, pin, on_done);
}

/// Whether this tab holds the request key of a login (made here, or kept by the open vault):
/// only such a tab makes the vault, so the vault keeps the key and the recovery key (a tab
/// opened before the PIN was chosen in the tab of the login waits for it, [`recheck_vault`]).
pub fn logged_in_here() -> bool {
    #[cfg(feature = "hydrate")]
    return crate::device::keyring::logged_in_here();
    #[cfg(not(feature = "hydrate"))]
    false
}

/// Reads again whether the device has a vault (another tab may have made one).
pub fn recheck_vault(ctx: AppCtx) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(crate::device::keyring::check_on_start(ctx));
    #[cfg(not(feature = "hydrate"))]
    let _ = ctx;
}

/// Makes the device vault with `pin`, or gives it a new PIN after an online login.
pub fn choose_pin(ctx: AppCtx, pin: String, on_done: impl FnOnce(Result<(), String>) + 'static) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        on_done(crate::device::keyring::choose_pin(ctx, pin).await)
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (ctx, pin, on_done);
}

/// Unlocks the device vault with `pin`.
pub fn unlock(ctx: AppCtx, pin: String, on_done: impl FnOnce(Result<(), String>) + 'static) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(
        async move { on_done(crate::device::keyring::unlock(ctx, pin).await) },
    );
    #[cfg(not(feature = "hydrate"))]
    let _ = (ctx, pin, on_done);
}

/// Locks the app now.
pub fn lock(ctx: AppCtx) {
    #[cfg(feature = "hydrate")]
    crate::device::keyring::lock(ctx);
    #[cfg(not(feature = "hydrate"))]
    let _ = ctx;
}

/// Minutes without a touch before the app locks.
pub fn idle_minutes() -> u32 {
    #[cfg(feature = "hydrate")]
    return crate::device::keyring::idle_minutes();
    #[cfg(not(feature = "hydrate"))]
    5
}

pub fn set_idle_minutes(minutes: u32) {
    #[cfg(feature = "hydrate")]
    crate::device::keyring::set_idle_minutes(minutes);
    #[cfg(not(feature = "hydrate"))]
    let _ = minutes;
}

/// The dialogue the device is in client mode for, if any.
pub fn client_mode() -> Option<String> {
    #[cfg(feature = "hydrate")]
    return crate::device::client_mode();
    #[cfg(not(feature = "hydrate"))]
    None
}

pub fn set_client_mode(dialogue_id: Option<&str>) {
    #[cfg(feature = "hydrate")]
    crate::device::set_client_mode(dialogue_id);
    #[cfg(not(feature = "hydrate"))]
    let _ = dialogue_id;
}
