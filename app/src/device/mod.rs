//! The browser side of Werkzaam: the device store, the connection and the sync loop.
//!
//! * [`store`] is the only module that touches IndexedDB.
//! * [`net`] is the only module that talks to the server.
//! * [`records`] (what the screens read and write), [`sync`] (the loop), [`login`] (log in
//!   and out, wiping), [`online`] (what only works online), [`update`] (moving to a new build)
//!   tie them to the app's signals; here: start-up, the open store, client mode.

#[cfg(feature = "bench")]
pub mod bench;
pub mod crypto;
pub mod keyring;
pub mod lock;
mod login;
pub mod net;
mod online;
pub mod photo;
mod records;
pub mod speech;
pub mod store;
mod sync;
mod update;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use gloo_storage::{LocalStorage, SessionStorage, Storage};
use leptos::prelude::*;
use werkzaam_domain::team::TeamRecord;
use werkzaam_domain::Dialogue;
use werkzaam_protocol::{
    outbox::{self, Outgoing},
    sync::PROTOCOL_VERSION,
    team::TeamDialogue,
};

use crate::state::{AppCtx, ListedDialogue, LocalBlob, SyncProblem, Who};
use net::NetError;

pub use login::{login, logout, wipe_after_wrong_pins};
pub use online::{
    download_from_server, get_json, json_request, send, server_picture, team_attachment,
    team_dialogue,
};
pub use records::{
    fetch_own_blob, load_blob, load_colleagues, load_dialogue, save_dialogue, save_team_record,
};
pub use sync::{erase_client, sync};
pub use update::apply_update;

use records::{colleagues_key, known_colleagues};
use sync::{check_storage, last_synced_key, schedule_sync, SYNC_EVERY};

/// Where the device keeps who is logged in (not the password, not the session).
const PROFILE_KEY: &str = "werkzaam.profiel";

/// An administrator's request key (no vault to keep it in): in this tab's session storage.
const ADMIN_KEY: &str = "werkzaam.beheersleutel";

/// A worker's request key from a login, until the vault (made or opened) keeps it: in this
/// tab's session storage, so a reload before the PIN is chosen does not lose it.
pub const PENDING_KEY: &str = "werkzaam.sleutel.nieuw";

thread_local! {
    /// The open device store of the logged-in user.
    static STORE: RefCell<Option<(String, Rc<store::Store>)>> = const { RefCell::new(None) };
}

/// The store the app opened for `user_id`, if it did (for the measurements of `bench`).
#[cfg(feature = "bench")]
fn open_store_of(user_id: &str) -> Option<Rc<store::Store>> {
    STORE.with_borrow(|s| {
        s.as_ref()
            .filter(|(user, _)| user == user_id)
            .map(|(_, store)| store.clone())
    })
}

/// A future run on this thread (what a split-off part of the wasm hands back, see
/// `crate::lazy_pages`).
pub type LocalFuture<T> = std::pin::Pin<Box<dyn std::future::Future<Output = T>>>;

fn navigator_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// A new random id for a record.
pub fn new_id() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| {
            format!(
                "{:x}-{:x}",
                now_ms(),
                (js_sys::Math::random() * 1e16) as u64
            )
        })
}

/// What the worker reads while opening the device store waits (see [`store_for`]).
const STORE_WAITING: &str = "Je gegevens op dit apparaat openen duurt lang. Is Werkzaam nog \
    open in een ander tabblad of venster? Sluit dat, of vernieuw het: daarna gaat de app hier \
    verder. Je gegevens blijven bewaard.";

async fn store_for(ctx: AppCtx) -> Result<Rc<store::Store>, String> {
    let Some(profile) = ctx.who.get_untracked().profile().cloned() else {
        return Err("Log eerst in.".into());
    };
    if let Some(store) = STORE.with_borrow(|s| {
        s.as_ref()
            .filter(|(user, _)| *user == profile.user_id)
            .map(|(_, store)| store.clone())
    }) {
        return Ok(store);
    }
    // Opening waits while a tab of an older build holds the store open at an older version
    // (the browser upgrades it only once that tab lets go): say so, rather than load forever.
    let waiting = set_timeout_with_handle(
        move || ctx.storage_problem.set(Some(STORE_WAITING.into())),
        Duration::from_secs(3),
    )
    .ok();
    let opened = store::Store::open(&profile.user_id).await;
    if let Some(handle) = waiting {
        handle.clear();
    }
    if ctx.storage_problem.get_untracked().as_deref() == Some(STORE_WAITING) {
        ctx.storage_problem.set(None);
    }
    let store = opened.map_err(|e| {
        let message = e.message();
        ctx.storage_problem.set(Some(message.clone()));
        message
    })?;
    // Logged out while it opened: let go at once, so a wipe is not blocked by this connection.
    if ctx.who.get_untracked().profile().map(|p| &p.user_id) != Some(&profile.user_id) {
        store.close();
        return Err("Log eerst in.".into());
    }
    let store = Rc::new(store);
    STORE.with_borrow_mut(|s| *s = Some((profile.user_id.clone(), store.clone())));
    Ok(store)
}

/// Runs `f` on the open store of the logged-in user, if one is open.
pub fn with_open_store(f: impl FnOnce(&store::Store)) {
    STORE.with_borrow(|s| {
        if let Some((_, store)) = s.as_ref() {
            f(store);
        }
    });
}

/// Whether the vault lets the device's data be read and sent.
fn vault_open(ctx: AppCtx) -> bool {
    matches!(
        ctx.vault.get_untracked(),
        crate::vault::rules::VaultState::Open | crate::vault::rules::VaultState::NeedsNewPin
    )
}

pub fn start(ctx: AppCtx) {
    ctx.ready.set(true);
    ctx.online.set(Some(navigator_online()));
    update::listen(ctx);
    let on_online = window_event_listener(leptos::ev::online, move |_| {
        ctx.online.set(Some(true));
        leptos::task::spawn_local(sync(ctx));
    });
    let on_offline = window_event_listener(leptos::ev::offline, move |_| {
        ctx.online.set(Some(false));
    });
    // Back in the foreground (a phone taken out of a pocket): try to send.
    let on_visible = window_event_listener(leptos::ev::visibilitychange, move |_| {
        let visible = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
        if visible {
            ctx.online.set(Some(navigator_online()));
            leptos::task::spawn_local(sync(ctx));
        }
    });
    // The app lives as long as the page: keep the listeners.
    std::mem::forget((on_online, on_offline, on_visible));
    let _ = set_interval_with_handle(move || leptos::task::spawn_local(sync(ctx)), SYNC_EVERY);

    leptos::task::spawn_local(check_storage(ctx));
    match LocalStorage::get::<werkzaam_protocol::account::Profile>(PROFILE_KEY) {
        Ok(profile) => {
            ctx.who.set(Who::LoggedIn(profile));
            known_colleagues(ctx);
            if let Some(key) = last_synced_key(ctx) {
                ctx.last_synced.set(LocalStorage::get::<String>(key).ok());
            }
            // The device's data waits behind the vault: the PIN first (keyring::unlock). An
            // administrator keeps nothing on the device.
            let admin = ctx.who.get_untracked().is_admin();
            if !admin {
                ctx.vault.set(crate::vault::rules::VaultState::Checking);
            }
            if admin {
                net::set_request_key(SessionStorage::get::<String>(ADMIN_KEY).ok());
            }
            leptos::task::spawn_local(async move {
                if admin {
                    return;
                }
                keyring::check_on_start(ctx).await;
                load_colleagues(ctx).await;
            });
        }
        Err(_) => ctx.who.set(Who::LoggedOut),
    }
    keyring::watch_activity(ctx);
}

/// What the worker sees when a part of the app's code cannot be loaded (see `crate::lazy_pages`).
pub(crate) const PART_MISSING: &str = "Een deel van de app is nog niet op dit apparaat. Maak \
    even verbinding met internet en open de app opnieuw; je gegevens blijven bewaard.";

/// Reads the list, the team's records and the outbox count from the device store into the
/// signals. Decoding the device's records (and writing them, [`save_dialogue`]) is in the part
/// `device` of the wasm, with the sync engine and the rest of the device work the login and PIN
/// screens do not need. It loads while the PIN key is derived (or the login is checked), see
/// [`load_device_part`]: not at start, where compiling it would hold up the PIN screen.
pub async fn refresh(ctx: AppCtx) {
    match records_refresh(ctx).await {
        Ok(run) => run.await,
        Err(_) => ctx.storage_problem.set(Some(PART_MISSING.into())),
    }
}

/// Starts loading the part `device` (once; later calls share the load) without waiting for it.
pub(crate) fn load_device_part() {
    leptos::task::spawn_local(async {
        let _ = preload_device().await;
    });
}

#[leptos::wasm_split::wasm_split(
    device,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    preload(
        /// Fetches and compiles the part `device` without running anything.
        preload_device
    )
)]
fn records_refresh(ctx: AppCtx) -> Result<LocalFuture<()>, crate::PartNotLoaded> {
    Ok(Box::pin(refresh_now(ctx)))
}

async fn refresh_now(ctx: AppCtx) {
    let store = match store_for(ctx).await {
        Ok(store) if store.is_unlocked() => store,
        _ => return,
    };
    match store.team_records().await {
        Ok(data) => ctx.team.set(Some(data)),
        Err(e) => ctx.storage_problem.set(Some(e.message())),
    }
    let aside = store.aside().await.unwrap_or_default();
    let troubled: std::collections::HashSet<String> =
        aside.iter().map(|(dialogue, _)| dialogue.clone()).collect();
    ctx.set_aside
        .set(aside.into_iter().map(|(_, reason)| reason).collect());
    match store.snapshot().await {
        Ok((records, pending)) => {
            let waiting: std::collections::HashSet<String> = pending
                .iter()
                .filter_map(|r| r.dialogue_id.clone())
                .collect();
            let mut list: Vec<ListedDialogue> = records
                .into_iter()
                .filter(|record| !record.deleted)
                .map(|record| ListedDialogue {
                    delivered: !waiting.contains(&record.id) && !troubled.contains(&record.id),
                    problem: troubled.contains(&record.id),
                    record,
                })
                .collect();
            list.sort_by(|a, b| {
                (&b.record.held_on, b.record.updated_at_ms)
                    .cmp(&(&a.record.held_on, a.record.updated_at_ms))
            });
            ctx.dialogues.set(Some(list));
            ctx.pending.set(Some(pending.len()));
        }
        Err(e) => ctx.storage_problem.set(Some(e.message())),
    }
    if let Ok(n) = store.uploads_waiting().await {
        ctx.uploads.set(Some(n));
    }
    if let Ok(oldest) = store.oldest_unsent_ms().await {
        ctx.unsent_warning
            .set(outbox::unsent_days(oldest, now_ms()).map(crate::ui::words::unsent_warning));
    }
    records::refresh_round(ctx);
}

/// `future`, or `None` when it takes longer than `ms` (a wipe another tab blocks).
async fn with_timeout<F: std::future::Future>(future: F, ms: i32) -> Option<F::Output> {
    use std::future::Future;
    use std::task::Poll;
    let timer = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    }));
    let mut future = std::pin::pin!(future);
    let mut timer = std::pin::pin!(timer);
    std::future::poll_fn(|cx| {
        if let Poll::Ready(v) = future.as_mut().poll(cx) {
            return Poll::Ready(Some(v));
        }
        if timer.as_mut().poll(cx).is_ready() {
            return Poll::Ready(None);
        }
        Poll::Pending
    })
    .await
}

/// Where the device remembers that it is in client mode (and for which dialogue), so a reload
/// by the client does not end it.
const CLIENT_MODE_KEY: &str = "werkzaam.clientmodus";

pub fn client_mode() -> Option<String> {
    LocalStorage::get::<String>(CLIENT_MODE_KEY).ok()
}

pub fn set_client_mode(dialogue_id: Option<&str>) {
    match dialogue_id {
        Some(id) => {
            let _ = LocalStorage::set(CLIENT_MODE_KEY, id);
        }
        None => LocalStorage::delete(CLIENT_MODE_KEY),
    }
}
