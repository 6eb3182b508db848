//! The device vault's life (issue 7): a PIN is chosen after the first login on a device; the
//! PIN (or an online login, through the server's recovery key) unlocks it; it locks after idle
//! time or time in the background; ten wrong PINs wipe the device's copy **only when everything
//! is delivered**, otherwise only an online login opens it again. The rules are the plain
//! functions of [`crate::vault::rules`]; the keys are [`super::crypto`]'s; the store is [`super::store`].

use std::cell::Cell;

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;

use super::crypto;
use super::store::VaultMeta;
use crate::state::AppCtx;
use crate::vault;
use crate::vault::rules::{VaultState, WrongPin};

/// How many minutes without a touch lock the app (a setting on the account page).
const IDLE_KEY: &str = "werkzaam.vergrendelen.minuten";

thread_local! {
    /// When the worker last touched or typed, and since when the app is in the background.
    static LAST_ACTIVITY: Cell<i64> = const { Cell::new(0) };
    static HIDDEN_SINCE: Cell<Option<i64>> = const { Cell::new(None) };
}

fn crypto_message(_: crypto::CryptoError) -> String {
    "De beveiliging van dit apparaat werkt niet mee. Probeer het opnieuw.".into()
}

/// The idle minutes before the app locks (default 5).
pub fn idle_minutes() -> u32 {
    LocalStorage::get::<u32>(IDLE_KEY)
        .ok()
        .filter(|m| (1..=60).contains(m))
        .unwrap_or((vault::rules::DEFAULT_IDLE_LOCK_MS / 60_000) as u32)
}

pub fn set_idle_minutes(minutes: u32) {
    let _ = LocalStorage::set(IDLE_KEY, minutes.clamp(1, 60));
}

/// Reads the vault of the logged-in user and shows the screen it asks for.
pub async fn check_on_start(ctx: AppCtx) {
    let Ok(store) = super::store_for(ctx).await else {
        return;
    };
    if store.is_unlocked() {
        return;
    }
    match store.vault().await {
        Ok(found) => {
            let state =
                vault::rules::state_on_start(found.is_some(), found.map_or(0, |v| v.failures));
            // Read again every second while another tab chooses the PIN: a change only.
            if ctx.vault.get_untracked() != state {
                ctx.vault.set(state);
            }
        }
        Err(e) => ctx.storage_problem.set(Some(e.message())),
    }
}

/// Whether this tab holds a login's request key: one waiting for the vault, or in memory.
pub fn logged_in_here() -> bool {
    gloo_storage::SessionStorage::get::<String>(super::PENDING_KEY).is_ok()
        || super::net::request_key().is_some()
}

/// Makes the vault with `pin` (a new device), or wraps the data key under a new `pin` after an
/// online login opened it with the recovery key. Then the app is open.
pub async fn choose_pin(ctx: AppCtx, pin: String) -> Result<(), String> {
    match pin_choice(ctx, pin).await {
        Ok(run) => run.await,
        Err(_) => Err(super::PART_MISSING.into()),
    }
}

/// [`choose_pin_now`]: once per device (and after a forgotten PIN), so a part of the wasm of
/// its own (see `crate::lazy_pages`).
#[leptos::wasm_split::wasm_split(device, wasm_split_path = ::leptos::wasm_split, fallible)]
fn pin_choice(
    ctx: AppCtx,
    pin: String,
) -> Result<super::LocalFuture<Result<(), String>>, crate::PartNotLoaded> {
    Ok(Box::pin(choose_pin_now(ctx, pin)))
}

async fn choose_pin_now(ctx: AppCtx, pin: String) -> Result<(), String> {
    if let Some(problem) = vault::rules::pin_problem(&pin) {
        return Err(problem.into());
    }
    let store = super::store_for(ctx).await?;
    let existing = store.vault().await.map_err(|e| e.message())?;
    if existing.is_some() && ctx.vault.get_untracked() == VaultState::NeedsPin {
        // Another tab of the app chose a PIN meanwhile: that one opens this store too.
        ctx.vault.set(VaultState::Locked);
        return Err("In een ander tabblad is net een pincode gekozen. Vul die hier in.".into());
    }
    let salt = crypto::new_salt().map_err(crypto_message)?;
    let by_pin_key = crypto::pin_key(&pin, &salt).await.map_err(crypto_message)?;
    if existing.is_none() && !logged_in_here() {
        // The login was in another tab: a vault made here would keep neither the request key
        // nor the recovery key (a forgotten PIN could then not be helped by a login).
        return Err("Kies je pincode in het tabblad waar je hebt ingelogd.".into());
    }
    let fresh = existing.is_none();
    let meta = match existing {
        None => {
            let id = super::new_id();
            let data_key = crypto::new_data_key().await.map_err(crypto_message)?;
            let by_pin = crypto::wrap(&data_key, &by_pin_key)
                .await
                .map_err(crypto_message)?;
            let by_recovery = match super::net::recovery_key(&id).await {
                Ok(bytes) => match crypto::recovery_key(&bytes).await {
                    Ok(rk) => crypto::wrap(&data_key, &rk).await.ok(),
                    Err(_) => None,
                },
                // Offline: added at the first unlock online.
                Err(_) => None,
            };
            VaultMeta::new(id, salt, by_pin, by_recovery)
        }
        Some(mut meta) => {
            // Only an online login (recovery key) lets a PIN be replaced without the old one.
            let wrapped = meta
                .by_recovery
                .clone()
                .ok_or("Log eerst online in met je wachtwoord.")?;
            let bytes = super::net::recovery_key(&meta.id)
                .await
                .map_err(|e| e.message())?;
            let rk = crypto::recovery_key(&bytes).await.map_err(crypto_message)?;
            let data_key = crypto::unwrap(&wrapped, &rk, true)
                .await
                .map_err(crypto_message)?;
            meta.salt = salt;
            meta.by_pin = crypto::wrap(&data_key, &by_pin_key)
                .await
                .map_err(crypto_message)?;
            meta.failures = 0;
            meta
        }
    };
    if fresh {
        if !store.put_new_vault(&meta).await.map_err(|e| e.message())? {
            ctx.vault.set(VaultState::Locked);
            return Err("In een ander tabblad is net een pincode gekozen. Vul die hier in.".into());
        }
    } else {
        store.put_vault(&meta).await.map_err(|e| e.message())?;
    }
    let key = crypto::unwrap(&meta.by_pin, &by_pin_key, false)
        .await
        .map_err(crypto_message)?;
    opened(ctx, &store, key, &meta).await;
    Ok(())
}

/// The store and its vault, when a PIN may be tried on it (not after ten wrong ones).
async fn vault_to_try(
    ctx: AppCtx,
) -> Result<(std::rc::Rc<super::store::Store>, VaultMeta), String> {
    let store = super::store_for(ctx).await?;
    let meta = store
        .vault()
        .await
        .map_err(|e| e.message())?
        .ok_or("Er is nog geen pincode op dit apparaat.")?;
    if meta.failures >= vault::rules::MAX_WRONG_PINS {
        ctx.vault.set(VaultState::LockedUntilLogin);
        return Err(locked_until_login_message());
    }
    Ok((store, meta))
}

/// Unlocks with `pin`. A wrong PIN counts; the tenth in a row wipes the device's copy when
/// everything is delivered, or leaves it locked until an online login when not.
pub async fn unlock(ctx: AppCtx, pin: String) -> Result<(), String> {
    super::load_device_part();
    let started = js_sys::Date::now();
    let (store, mut meta) = vault_to_try(ctx).await?;
    let pk = crypto::pin_key(&pin, &meta.salt)
        .await
        .map_err(crypto_message)?;
    match crypto::unwrap(&meta.by_pin, &pk, false).await {
        Ok(key) => {
            // Written only when something changed: an unlock on a full device still works.
            let mut changed = meta.failures != 0;
            if meta.by_recovery.is_none() {
                // Made offline: add the recovery key now that there may be a connection.
                if let (Ok(bytes), Ok(extractable)) = (
                    super::net::recovery_key(&meta.id).await,
                    crypto::unwrap(&meta.by_pin, &pk, true).await,
                ) {
                    if let Ok(rk) = crypto::recovery_key(&bytes).await {
                        meta.by_recovery = crypto::wrap(&extractable, &rk).await.ok();
                        changed |= meta.by_recovery.is_some();
                    }
                }
            }
            meta.failures = 0;
            if changed {
                store.put_vault(&meta).await.map_err(|e| e.message())?;
            }
            ctx.unlock_ms.set(Some(js_sys::Date::now() - started));
            opened(ctx, &store, key, &meta).await;
            Ok(())
        }
        Err(_) => Err(wrong_pin(ctx, &store, meta).await),
    }
}

/// Counts a wrong PIN and does what the count asks; returns what to tell the worker.
async fn wrong_pin(ctx: AppCtx, store: &super::store::Store, _meta: VaultMeta) -> String {
    // Read and written in one transaction: a PIN tried in two tabs at once counts twice.
    let failures = match store.count_wrong_pin().await {
        Ok(n) => n,
        Err(e) => return e.message(),
    };
    let delivered = store.outbox_len().await.unwrap_or(1) == 0
        && store.uploads_waiting().await.unwrap_or(1) == 0;
    match vault::rules::after_wrong_pin(failures, delivered) {
        WrongPin::TryAgain(left) => {
            format!("Deze pincode klopt niet. Je kunt het nog {left} keer proberen.")
        }
        WrongPin::Wipe => {
            super::wipe_after_wrong_pins(ctx).await;
            String::new()
        }
        WrongPin::LockedUntilOnlineLogin => {
            lock(ctx);
            ctx.vault.set(VaultState::LockedUntilLogin);
            locked_until_login_message()
        }
    }
}

fn locked_until_login_message() -> String {
    "Te vaak een verkeerde pincode. Er staan nog gegevens op dit apparaat die niet verzonden \
     zijn; daarom zijn ze niet gewist. Log online in met je wachtwoord om verder te gaan."
        .into()
}

/// Whether `pin` is the worker's (to leave client mode); a wrong one counts like at unlock.
pub async fn check_pin(ctx: AppCtx, pin: String) -> Result<(), String> {
    let (store, mut meta) = vault_to_try(ctx).await?;
    let pk = crypto::pin_key(&pin, &meta.salt)
        .await
        .map_err(crypto_message)?;
    if crypto::unwrap(&meta.by_pin, &pk, false).await.is_ok() {
        if meta.failures != 0 {
            meta.failures = 0;
            store.put_vault(&meta).await.map_err(|e| e.message())?;
        }
        return Ok(());
    }
    // Counted, with the same outcome as at the lock screen.
    Err(wrong_pin(ctx, &store, meta).await)
}

/// After an online login: the recovery key opens the vault (so a forgotten PIN or ten wrong
/// ones never cost work); after too many wrong PINs, or when asked (`new_pin`), a new PIN is
/// chosen first. A device without a vault asks for a PIN.
pub async fn after_login(ctx: AppCtx, new_pin: bool) {
    let Ok(store) = super::store_for(ctx).await else {
        return;
    };
    let meta = match store.vault().await {
        Ok(Some(meta)) => meta,
        Ok(None) => {
            ctx.vault.set(VaultState::NeedsPin);
            return;
        }
        Err(e) => {
            ctx.storage_problem.set(Some(e.message()));
            return;
        }
    };
    let opened_key = async {
        let wrapped = meta.by_recovery.clone()?;
        let bytes = super::net::recovery_key(&meta.id).await.ok()?;
        let rk = crypto::recovery_key(&bytes).await.ok()?;
        crypto::unwrap(&wrapped, &rk, false).await.ok()
    }
    .await;
    match opened_key {
        Some(key) => {
            let must_choose = new_pin || meta.failures >= vault::rules::MAX_WRONG_PINS;
            opened(ctx, &store, key, &meta).await;
            if must_choose {
                ctx.vault.set(VaultState::NeedsNewPin);
            }
        }
        None if store.is_unlocked() => ctx.vault.set(VaultState::Open),
        None => ctx
            .vault
            .set(vault::rules::state_on_start(true, meta.failures)),
    }
}

/// The data key is in memory: encrypt what an older app left in the clear, show the pages,
/// read the device's data and sync.
async fn opened(
    ctx: AppCtx,
    store: &std::rc::Rc<super::store::Store>,
    key: web_sys::CryptoKey,
    meta: &VaultMeta,
) {
    store.unlock(key);
    // The request key: a login in this tab brought a new one (sealed into the vault now), else
    // the one sealed at the last login comes out with the vault.
    let fresh = gloo_storage::SessionStorage::get::<String>(super::PENDING_KEY)
        .ok()
        .or_else(super::net::request_key);
    match fresh {
        Some(fresh) => match store.keep_request_key(&fresh).await {
            Ok(()) => {
                gloo_storage::SessionStorage::delete(super::PENDING_KEY);
                super::net::set_request_key(Some(fresh));
            }
            Err(e) => ctx.storage_problem.set(Some(e.message())),
        },
        None => super::net::set_request_key(store.request_key(meta).await),
    }
    store.set_all_bound(meta.bound);
    if !meta.migrated || !meta.bound {
        // The service worker holds every part; should this one not load, the rows stay as
        // they are (they can be read) and the next unlock tries again.
        if let Ok(migrate) = legacy_migration(store.clone()).await {
            match migrate.await {
                Ok(_) => store.set_all_bound(true),
                Err(e) => ctx.storage_problem.set(Some(e.message())),
            }
        }
    }
    LAST_ACTIVITY.set(super::now_ms());
    HIDDEN_SINCE.set(None);
    ctx.vault.set(VaultState::Open);
    super::refresh(ctx).await;
    leptos::task::spawn_local(super::sync(ctx));
    leptos::task::spawn_local(super::load_colleagues(ctx));
}

/// Locks now: the data key leaves memory and so does every record the pages held.
pub fn lock(ctx: AppCtx) {
    super::with_open_store(|store| store.lock());
    super::net::set_request_key(None);
    ctx.dialogues.set(None);
    ctx.team.set(None);
    ctx.round.set(None);
    if ctx.who.get_untracked().profile().is_some() {
        ctx.vault.set(VaultState::Locked);
    }
}

/// Locks after idle time or time in the background ([`vault::rules::should_lock`]).
pub fn watch_activity(ctx: AppCtx) {
    LAST_ACTIVITY.set(super::now_ms());
    let touched = || LAST_ACTIVITY.set(super::now_ms());
    let a = window_event_listener(leptos::ev::pointerdown, move |_| touched());
    let b = window_event_listener(leptos::ev::keydown, move |_| touched());
    let check = move || {
        if ctx.vault.get_untracked() == VaultState::Open
            && vault::rules::should_lock(
                LAST_ACTIVITY.get(),
                HIDDEN_SINCE.get(),
                super::now_ms(),
                idle_minutes() as i64 * 60_000,
            )
        {
            lock(ctx);
        }
    };
    let c = window_event_listener(leptos::ev::visibilitychange, move |_| {
        let visible = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
        if visible {
            check();
            HIDDEN_SINCE.set(None);
        } else {
            HIDDEN_SINCE.set(Some(super::now_ms()));
        }
    });
    std::mem::forget((a, b, c));
    let _ = set_interval_with_handle(check, std::time::Duration::from_secs(5));
}

/// [`Store::encrypt_old_rows`](super::store::Store::encrypt_old_rows), once per device that
/// kept data from before encryption: a part of the wasm of its own (see `crate::lazy_pages`).
#[leptos::wasm_split::wasm_split(device, wasm_split_path = ::leptos::wasm_split, fallible)]
fn legacy_migration(
    store: std::rc::Rc<super::store::Store>,
) -> Result<super::LocalFuture<Result<usize, super::store::StoreError>>, crate::PartNotLoaded> {
    Ok(Box::pin(async move { store.encrypt_old_rows().await }))
}
