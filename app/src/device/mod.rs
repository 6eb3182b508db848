//! The browser side of Werkzaam: the device store, the connection and the sync loop.
//!
//! * [`idb`] is the only module that touches IndexedDB.
//! * [`net`] is the only module that talks to the server.
//! * This module ties them to the app's signals.
//!
//! Over 800 lines, not split here: start-up, sync loop and account flows; they move into
//! feature folders in issue 16's restructure, which moves every file in one step with behaviour
//! unchanged (splitting it piecemeal now would make that step harder to review).

#[cfg(feature = "bench")]
pub mod bench;
pub mod crypto;
pub mod idb;
pub mod keyring;
pub mod lock;
pub mod net;
pub mod photo;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use gloo_storage::{LocalStorage, SessionStorage, Storage};
use leptos::prelude::*;
use werkzaam_domain::team::TeamRecord;
use werkzaam_domain::Dialogue;
use werkzaam_protocol::{
    outbox,
    sync::{PushRequest, PROTOCOL_VERSION},
    team::TeamDialogue,
};

use crate::state::{AppCtx, ListedDialogue, LocalBlob, SyncProblem, Who};
use net::NetError;

/// Where the device keeps who is logged in (not the password, not the session).
const PROFILE_KEY: &str = "werkzaam.profiel";
/// An administrator's request key (no vault to keep it in): in this tab's session storage.
const ADMIN_KEY: &str = "werkzaam.beheersleutel";
/// A worker's request key from a login, until the vault (made or opened) keeps it: in this
/// tab's session storage, so a reload before the PIN is chosen does not lose it.
pub const PENDING_KEY: &str = "werkzaam.sleutel.nieuw";
/// How often to try to send while the app is open.
const SYNC_EVERY: Duration = Duration::from_secs(30);

thread_local! {
    /// The open device store of the logged-in user.
    static STORE: RefCell<Option<(String, Rc<idb::Store>)>> = const { RefCell::new(None) };
}

/// The store the app opened for `user_id`, if it did (for the measurements of `bench`).
#[cfg(feature = "bench")]
fn open_store_of(user_id: &str) -> Option<Rc<idb::Store>> {
    STORE.with_borrow(|s| {
        s.as_ref()
            .filter(|(user, _)| user == user_id)
            .map(|(_, store)| store.clone())
    })
}

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

async fn store_for(ctx: AppCtx) -> Result<Rc<idb::Store>, String> {
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
    let store = Rc::new(idb::Store::open(&profile.user_id).await.map_err(|e| {
        let message = e.message();
        ctx.storage_problem.set(Some(message.clone()));
        message
    })?);
    STORE.with_borrow_mut(|s| *s = Some((profile.user_id.clone(), store.clone())));
    Ok(store)
}

/// Runs `f` on the open store of the logged-in user, if one is open.
pub fn with_open_store(f: impl FnOnce(&idb::Store)) {
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

/// Reads the list, the team's records and the outbox count from the device store into the
/// signals.
pub async fn refresh(ctx: AppCtx) {
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
                .filter_map(|m| outbox::dialogue_id(m).map(str::to_owned))
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
            .set(outbox::unsent_warning(oldest, now_ms()));
    }
}

/// Stores a dialogue (and new drawings or photos) on the device in one transaction, then
/// refreshes the lists and syncs soon after.
pub async fn save_dialogue(
    ctx: AppCtx,
    dialogue: Dialogue,
    blobs: Vec<LocalBlob>,
) -> Result<(), String> {
    werkzaam_domain::rules::validate::dialogue(&dialogue).map_err(|invalid| invalid.message)?;
    let store = store_for(ctx).await?;
    store
        .save_dialogue(dialogue, &blobs)
        .await
        .map_err(|e| e.message())?;
    refresh(ctx).await;
    schedule_sync(ctx);
    Ok(())
}

/// Stores one of the team's records (a story, an action, a dream statement, a session, a
/// synonym merge) on the device with its mutation, then refreshes and syncs soon after.
pub async fn save_team_record(ctx: AppCtx, record: TeamRecord) -> Result<(), String> {
    werkzaam_domain::rules::validate::team_record(&record).map_err(|invalid| invalid.message)?;
    let store = store_for(ctx).await?;
    store
        .save_team_record(record)
        .await
        .map_err(|e| e.message())?;
    refresh(ctx).await;
    schedule_sync(ctx);
    Ok(())
}

/// Where the device keeps the colleagues of the user's team (names only), so an interview or
/// an action can name them offline.
fn colleagues_key(ctx: AppCtx) -> Option<String> {
    ctx.who
        .get_untracked()
        .profile()
        .map(|p| format!("werkzaam.collegas.{}", p.user_id))
}

/// The colleagues as last known on the device.
fn known_colleagues(ctx: AppCtx) {
    let Some(key) = colleagues_key(ctx) else {
        return;
    };
    if let Ok(known) = LocalStorage::get::<Vec<werkzaam_protocol::team::TeamMember>>(&key) {
        ctx.colleagues.set(known);
    }
}

/// The colleagues as last known on the device, then fresh from the server when online.
pub async fn load_colleagues(ctx: AppCtx) {
    let Some(key) = colleagues_key(ctx) else {
        return;
    };
    if ctx.colleagues.with_untracked(Vec::is_empty) {
        known_colleagues(ctx);
    }
    // The team's names come with the request key: only while the vault is open.
    if navigator_online() && net::request_key().is_some() {
        if let Ok(fresh) = net::team_members().await {
            let _ = LocalStorage::set(&key, &fresh);
            ctx.colleagues.set(fresh);
        }
    }
}

thread_local! {
    static SYNC_SOON: RefCell<Option<leptos::prelude::TimeoutHandle>> = const { RefCell::new(None) };
    /// When the device last collected blobs nothing refers to (ms since the epoch).
    static LAST_COLLECT: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

/// Syncs 2 s after the last local change, so typing does not send a push per letter.
fn schedule_sync(ctx: AppCtx) {
    SYNC_SOON.with_borrow_mut(|slot| {
        if let Some(handle) = slot.take() {
            handle.clear();
        }
        *slot = set_timeout_with_handle(
            move || leptos::task::spawn_local(sync(ctx)),
            Duration::from_secs(2),
        )
        .ok();
    });
}

pub async fn load_dialogue(ctx: AppCtx, id: String) -> Result<Option<Dialogue>, String> {
    let store = store_for(ctx).await?;
    store.dialogue(&id).await.map_err(|e| e.message())
}

pub async fn fetch_own_blob(ctx: AppCtx, hash: String, dialogue_id: String) -> bool {
    if !navigator_online() {
        return false;
    }
    let Ok(store) = store_for(ctx).await else {
        return false;
    };
    let Some(kind) = store
        .dialogue(&dialogue_id)
        .await
        .ok()
        .flatten()
        .and_then(|d| {
            d.media()
                .into_iter()
                .find(|m| m.hash == hash)
                .map(|m| m.kind)
        })
    else {
        return false;
    };
    let Ok(bytes) = net::attachment(&hash, &dialogue_id).await else {
        return false;
    };
    if werkzaam_domain::hash::content_hash(&bytes) != hash {
        return false;
    }
    let blob = LocalBlob {
        hash,
        content_type: kind.content_type().to_owned(),
        bytes,
    };
    store.put_blob(&blob).await.is_ok()
}

pub async fn load_blob(ctx: AppCtx, hash: String) -> Option<LocalBlob> {
    let store = store_for(ctx).await.ok()?;
    store.blob(&hash).await.ok().flatten()
}

thread_local! {
    /// Failed syncs in a row, for the backoff; and the pending retry.
    static FAILURES: RefCell<(u32, Option<leptos::prelude::TimeoutHandle>)> = const { RefCell::new((0, None)) };
}

/// Sends pending changes, batch by batch, until the outbox is empty or something stops it.
/// One tab at a time: with the app open in two tabs, the other one skips (Web Locks) and only
/// refreshes what it shows.
pub async fn sync(ctx: AppCtx) {
    let Some(profile) = ctx.who.get_untracked().profile().cloned() else {
        return;
    };
    // Not in client mode: the phone is the client's then, and reaches nothing on the server.
    if ctx.syncing.get_untracked()
        || !navigator_online()
        || !vault_open(ctx)
        || client_mode().is_some()
    {
        return;
    }
    #[cfg(feature = "bench")]
    if bench::paused() {
        return;
    }
    ctx.syncing.set(true);
    let ran = lock::exclusive(&format!("werkzaam-sync-{}", profile.user_id), async move {
        if net::request_key().is_none() {
            request_key_from_vault(ctx).await;
        }
        let mut result = sync_until_empty(ctx).await;
        // Another tab's login may have sealed a newer key into the vault: take it, once.
        if matches!(result, Err(NetError::NotLoggedIn(_))) && request_key_from_vault(ctx).await {
            result = sync_until_empty(ctx).await;
        }
        after_sync(ctx, result);
    })
    .await;
    ctx.syncing.set(false);
    if !ran {
        // Another tab is sending; show what it achieved in a moment.
        let _ = set_timeout_with_handle(
            move || leptos::task::spawn_local(refresh(ctx)),
            Duration::from_secs(3),
        );
    }
    refresh(ctx).await;
}

/// Takes the request key the vault keeps (another tab may have sealed a newer one after its
/// login); whether it differs from the one in memory.
async fn request_key_from_vault(ctx: AppCtx) -> bool {
    let Ok(store) = store_for(ctx).await else {
        return false;
    };
    let Ok(Some(meta)) = store.vault().await else {
        return false;
    };
    let kept = store.request_key(&meta).await;
    if kept.is_some() && kept != net::request_key() {
        net::set_request_key(kept);
        true
    } else {
        false
    }
}

fn after_sync(ctx: AppCtx, result: Result<(), NetError>) {
    let failures = FAILURES.with_borrow_mut(|(failures, retry)| {
        if let Some(handle) = retry.take() {
            handle.clear();
        }
        *failures = if result.is_ok() { 0 } else { *failures + 1 };
        *failures
    });
    match result {
        Ok(()) => {
            ctx.problem.set(None);
            let label = synced_now_label();
            if let Some(key) = last_synced_key(ctx) {
                let _ = LocalStorage::set(key, &label);
            }
            ctx.last_synced.set(Some(label));
        }
        Err(e) => {
            let needs_login = matches!(e, NetError::NotLoggedIn(_));
            ctx.problem.set(Some(SyncProblem {
                needs_login,
                message: match e {
                    NetError::Offline => "De server is niet bereikbaar. Je wijzigingen blijven \
                                          bewaard en gaan later mee."
                        .into(),
                    other => other.message(),
                },
            }));
            // Try again later, sooner at first, with jitter — also when the session seems gone:
            // another tab may seal the key this one lacks (a real logout stays until a login).
            {
                let delay = outbox::retry_delay_ms(failures, js_sys::Math::random());
                let handle = set_timeout_with_handle(
                    move || leptos::task::spawn_local(sync(ctx)),
                    Duration::from_millis(delay),
                )
                .ok();
                FAILURES.with_borrow_mut(|(_, retry)| *retry = handle);
            }
        }
    }
}

fn last_synced_key(ctx: AppCtx) -> Option<String> {
    ctx.who
        .get_untracked()
        .profile()
        .map(|p| format!("werkzaam.verzonden.{}", p.user_id))
}

/// "bijgewerkt 14:32" (the words are fixed when it happens; a reload shows them again).
fn synced_now_label() -> String {
    let now = js_sys::Date::new_0();
    let today =
        crate::ui::words::iso_date(now.get_full_year(), now.get_month() + 1, now.get_date());
    crate::ui::words::last_synced_label(&today, &today, now.get_hours(), now.get_minutes())
}

/// Asks the browser to keep the app's storage, and says how much is used.
async fn check_storage(ctx: AppCtx) {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return;
    };
    let storage = window.navigator().storage();
    let persisted = match storage.persist() {
        Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        Err(_) => false,
    };
    let Ok(promise) = storage.estimate() else {
        return;
    };
    let Ok(estimate) = wasm_bindgen_futures::JsFuture::from(promise).await else {
        return;
    };
    let estimate: web_sys::StorageEstimate = estimate.unchecked_into();
    if let (Some(used), Some(quota)) = (estimate.get_usage(), estimate.get_quota()) {
        ctx.storage_info.set(Some(crate::ui::words::storage_label(
            used, quota, persisted,
        )));
    }
}

async fn sync_until_empty(ctx: AppCtx) -> Result<(), NetError> {
    let store = store_for(ctx).await.map_err(NetError::Device)?;
    push_pending(&store, |left| ctx.pending.set(Some(left))).await?;
    let uploaded = upload_attachments(ctx, &store).await?;
    // What no dialogue refers to any more leaves the device (earlier versions of a drawing):
    // after a sync that sent something, else at most hourly (a pull may drop a drawing too);
    // it reads every dialogue, so not at every sync of a cheap phone.
    let now = js_sys::Date::now();
    if uploaded > 0 || now - LAST_COLLECT.get() > 3_600_000.0 {
        LAST_COLLECT.set(now);
        let _ = store.collect_blobs().await;
    }
    pull_changes(&store).await?;
    pull_team(&store).await
}

/// Fetches the team's stories and actions stored since the last team pull, page by page.
async fn pull_team(store: &idb::Store) -> Result<(), NetError> {
    let device = |e: idb::StoreError| NetError::Device(e.message());
    let mut cursor = store.team_cursor().await.map_err(device)?;
    let mut held = None;
    for _ in 0..100 {
        let page = net::team_pull(&werkzaam_protocol::sync::TeamPullRequest {
            protocol_version: PROTOCOL_VERSION,
            cursor,
        })
        .await?;
        let more = page.more && page.cursor > cursor;
        let nothing_new = page.cursor == cursor
            && page.stories.is_empty()
            && page.actions.is_empty()
            && page.dreams.is_empty()
            && page.meetings.is_empty()
            && page.synonyms.is_empty();
        if nothing_new && held.is_none() {
            // Nothing changed in the team: no write on the device (most syncs).
            break;
        }
        cursor = page.cursor;
        let kept = store.apply_team_pull(&page, held).await.map_err(device)?;
        held = (kept < page.cursor).then_some(kept);
        if !more {
            break;
        }
    }
    Ok(())
}

/// Sends the outbox, batch by batch, until it is empty or something stops it; `left` hears
/// how many changes still wait after each acknowledged batch.
async fn push_pending(store: &idb::Store, left: impl Fn(usize)) -> Result<(), NetError> {
    let device = |e: idb::StoreError| NetError::Device(e.message());
    let mut set_aside_now = std::collections::HashSet::new();
    // Bounded: each round removes at least one mutation or stops.
    for _ in 0..10_000 {
        let (client_id, pending, total) = store
            .outbox_head(werkzaam_protocol::sync::MAX_MUTATIONS_PER_PUSH as u32)
            .await
            .map_err(device)?;
        let batch = outbox::next_batch(&pending, |m| {
            serde_json::to_string(m).map_or(0, |json| json.len())
        });
        let Some(client_id) = client_id.filter(|_| !batch.is_empty()) else {
            break;
        };
        let request = PushRequest {
            protocol_version: PROTOCOL_VERSION,
            client_id,
            mutations: batch.to_vec(),
        };
        let response = match net::push(&request).await {
            Ok(response) => response,
            // One change refused: set it aside (kept, with the reason) and send the rest.
            Err(NetError::MutationRefused { id, message }) => {
                if !set_aside_now.insert(id) {
                    return Err(NetError::Refused(message));
                }
                store.set_aside(id, &message).await.map_err(device)?;
                continue;
            }
            Err(other) => return Err(other),
        };
        let done_ids = outbox::acknowledged_ids(&pending, response.last_mutation_id);
        if done_ids.is_empty() {
            return Err(NetError::Refused(
                "De server heeft de wijzigingen niet bevestigd.".into(),
            ));
        }
        let done: Vec<&werkzaam_protocol::sync::Mutation> = pending
            .iter()
            .filter(|m| done_ids.contains(&m.id))
            .collect();
        store.acknowledge(&done).await.map_err(device)?;
        left(total - done_ids.len());
    }
    Ok(())
}

/// Fetches what other devices of this user stored since the last pull, page by page, and
/// carries out erasures (purge, then confirm).
async fn pull_changes(store: &idb::Store) -> Result<(), NetError> {
    let device = |e: idb::StoreError| NetError::Device(e.message());
    let mut cursor = store.pull_cursor().await.map_err(device)?;
    let mut held = None;
    for _ in 0..100 {
        let client_id = store.client_id().await.map_err(device)?;
        let page = net::pull(&werkzaam_protocol::sync::PullRequest {
            protocol_version: PROTOCOL_VERSION,
            cursor,
            client_id: client_id.clone(),
        })
        .await?;
        let more = page.more && page.cursor > cursor;
        cursor = page.cursor;
        let kept = store
            .apply_pull(page.cursor, page.dialogues, held, page.last_mutation_id)
            .await
            .map_err(device)?;
        held = (kept < page.cursor).then_some(kept);
        if !page.erased.is_empty() {
            let ids: Vec<String> = page
                .erased
                .iter()
                .flat_map(|e| e.dialogue_ids.iter().cloned())
                .collect();
            store.purge(&ids, |_| false).await.map_err(device)?;
            if let Some(client_id) = client_id {
                net::confirm_erasures(&werkzaam_protocol::sync::ErasureConfirm {
                    client_id,
                    erasure_ids: page.erased.iter().map(|e| e.id).collect(),
                })
                .await?;
            }
        }
        if !more {
            break;
        }
    }
    Ok(())
}

/// Erases everything of client `code`: first on the server (and so, at their next sync, on the
/// worker's other devices), then on this device, also what was never sent.
pub async fn erase_client(ctx: AppCtx, code: String) -> Result<String, String> {
    if !navigator_online() {
        return Err(
            "Wissen kan alleen met internet: dan gebeurt het ook op de server en op je \
                    andere apparaten."
                .into(),
        );
    }
    let store = store_for(ctx).await?;
    let client_id = store.client_id().await.map_err(|e| e.message())?;
    let report = net::erase_client(&werkzaam_protocol::sync::ErasureRequest {
        client_code: code.clone(),
        client_id,
    })
    .await
    .map_err(|e| e.message())?;
    let removed = store
        .purge(&[], |d| d.client_code == code)
        .await
        .map_err(|e| e.message())?;
    refresh(ctx).await;
    Ok(crate::dialogues::logic::erasure_label(
        &report,
        removed.len(),
    ))
}

/// How long a drawing rests on the device before it is sent: every finished stroke makes a
/// new version, and only the one that stays should reach the server (issue 15, item 2).
const DRAWING_SETTLE_MS: f64 = 6_000.0;

/// Sends the drawings and photos the server does not have yet, one at a time, after the
/// dialogues themselves (so their text arrives even while a large photo waits).
async fn upload_attachments(ctx: AppCtx, store: &idb::Store) -> Result<usize, NetError> {
    let mut refused = None;
    let mut skipped = std::collections::HashSet::new();
    let mut scheduled = false;
    let mut uploaded = 0;
    for _ in 0..1_000 {
        let (next, settles_in) = store
            .next_upload(&skipped, DRAWING_SETTLE_MS)
            .await
            .map_err(|e| NetError::Device(e.message()))?;
        if let Some(wait) = settles_in.filter(|_| !scheduled) {
            // A drawing still being drawn goes once it has rested: try again then.
            scheduled = true;
            let _ = set_timeout_with_handle(
                move || leptos::task::spawn_local(sync(ctx)),
                Duration::from_millis(wait.max(0.0) as u64 + 200),
            );
        }
        let Some(blob) = next else { break };
        match upload_blob(&blob).await {
            Ok(()) => {
                uploaded += 1;
                store
                    .uploaded(&blob.hash)
                    .await
                    .map_err(|e| NetError::Device(e.message()))?;
            }
            // One refused attachment does not hold up the others; it stays and is retried.
            Err(NetError::Refused(message)) => {
                skipped.insert(blob.hash.clone());
                refused = Some(message);
            }
            Err(other) => return Err(other),
        }
        if let Ok(n) = store.uploads_waiting().await {
            ctx.uploads.set(Some(n));
        }
    }
    match refused {
        Some(message) => Err(NetError::Refused(message)),
        None => Ok(uploaded),
    }
}

/// Sends one attachment in parts, going on from what the server already has (a cut upload does
/// not start over).
async fn upload_blob(blob: &idb::Blob) -> Result<(), NetError> {
    let total = blob.bytes.len() as u64;
    let mut status = net::upload_status(&blob.hash, total).await?;
    // Bounded: every round sends a part or re-reads where to go on (at most a few times).
    let mut rereads = 0;
    while !status.complete {
        let Some(part) = werkzaam_protocol::upload::next_part(status.received, total) else {
            return Err(NetError::Refused(
                "De bijlage kwam niet heel aan. Ze wordt opnieuw verstuurd.".into(),
            ));
        };
        let bytes = &blob.bytes[part.start as usize..part.end as usize];
        match net::put_part(&blob.hash, &blob.content_type, part.start, total, bytes).await? {
            Some(next) => status = next,
            None if rereads < 3 => {
                rereads += 1;
                status = net::upload_status(&blob.hash, total).await?;
            }
            None => {
                return Err(NetError::Refused(
                    "De server mist steeds een deel van de bijlage.".into(),
                ))
            }
        }
    }
    Ok(())
}

pub async fn login(ctx: AppCtx, email: String, password: String) -> Result<(), String> {
    if !navigator_online() {
        return Err("Je bent offline. Inloggen kan alleen met internet.".into());
    }
    // A new login brings a new request key: the one of an earlier session goes first.
    net::set_request_key(None);
    let (profile, key) = net::login(email, password).await.map_err(|e| e.message())?;
    LocalStorage::set(PROFILE_KEY, &profile).map_err(|_| {
        "Dit apparaat kan je gegevens niet bewaren (opslag vol of geblokkeerd).".to_string()
    })?;
    ctx.problem.set(None);
    ctx.notice.set(None);
    ctx.who.set(Who::LoggedIn(profile));
    if ctx.who.get_untracked().is_admin() {
        // An administrator has no vault: the key lives as long as this tab.
        let _ = SessionStorage::set(ADMIN_KEY, key);
        return Ok(());
    }
    let _ = SessionStorage::set(PENDING_KEY, key);
    keyring::after_login(ctx, ctx.new_pin_after_login.get_untracked()).await;
    ctx.new_pin_after_login.set(false);
    load_colleagues(ctx).await;
    Ok(())
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

/// Logs out. What waits is sent first (while the session still holds); then the device's copy
/// of the user's data is **wiped only if everything is delivered** — changes and drawings and
/// photos. Otherwise it stays until the next login sends it. Returns what to tell the user.
pub async fn logout(ctx: AppCtx) -> String {
    let Some(profile) = ctx.who.get_untracked().profile().cloned() else {
        return String::new();
    };
    if navigator_online() {
        sync(ctx).await;
    }
    let waiting = match store_for(ctx).await {
        Ok(store) => {
            let pending = store.outbox_head(1).await.map(|(_, _, n)| n).unwrap_or(1);
            let uploads = store.uploads_waiting().await.unwrap_or(1);
            pending + uploads
        }
        Err(_) => 0,
    };
    let _ = net::logout().await;
    let wiped = if waiting == 0 {
        Some(wipe_device(ctx, &profile.user_id).await)
    } else {
        forget_session(ctx);
        None
    };
    let message = if let Some(wiped) = wiped {
        if wiped {
            "Je bent uitgelogd. Alles was verzonden; je gegevens zijn van dit apparaat gewist."
                .to_owned()
        } else {
            "Je bent uitgelogd, maar de gegevens op dit apparaat konden niet gewist \
                       worden. Sluit andere tabbladen van Werkzaam en log opnieuw in en uit."
                .to_owned()
        }
    } else {
        format!(
            "Je bent uitgelogd. Nog niet alles is verzonden ({waiting} {}); het blijft op dit \
             apparaat tot je weer inlogt en het verzonden is.",
            if waiting == 1 {
                "wijziging"
            } else {
                "wijzigingen"
            }
        )
    };
    signed_out(ctx);
    message
}

/// The app shows no one's data any more.
fn signed_out(ctx: AppCtx) {
    ctx.dialogues.set(None);
    ctx.team.set(None);
    ctx.colleagues.set(Vec::new());
    ctx.pending.set(None);
    ctx.uploads.set(None);
    ctx.problem.set(None);
    ctx.vault.set(crate::vault::rules::VaultState::Unknown);
    ctx.who.set(Who::LoggedOut);
}

/// Forgets who is logged in on this device and closes their store (an open connection would
/// block a later wipe).
fn forget_session(ctx: AppCtx) {
    let _ = ctx;
    LocalStorage::delete(PROFILE_KEY);
    SessionStorage::delete(ADMIN_KEY);
    SessionStorage::delete(PENDING_KEY);
    net::set_request_key(None);
    if let Some((_, store)) = STORE.with_borrow_mut(|s| s.take()) {
        store.lock();
        if let Ok(store) = Rc::try_unwrap(store) {
            store.close();
        }
    }
}

/// Removes the user's device store and what the device kept of them in `localStorage`;
/// whether the store is gone.
async fn wipe_device(ctx: AppCtx, user_id: &str) -> bool {
    let keys = [colleagues_key(ctx), last_synced_key(ctx)];
    forget_session(ctx);
    match with_timeout(idb::Store::delete(user_id), 5_000).await {
        Some(Ok(())) => {
            for key in keys.into_iter().flatten() {
                LocalStorage::delete(key);
            }
            true
        }
        _ => false,
    }
}

/// The tenth wrong PIN with everything delivered: the device's copy goes (the server has it).
pub async fn wipe_after_wrong_pins(ctx: AppCtx) {
    let Some(profile) = ctx.who.get_untracked().profile().cloned() else {
        return;
    };
    let wiped = wipe_device(ctx, &profile.user_id).await;
    signed_out(ctx);
    ctx.notice.set(Some(if wiped {
        "Tien keer een verkeerde pincode. Alles was al verzonden, dus de gegevens zijn van dit \
         apparaat gewist. Log opnieuw in."
            .into()
    } else {
        "Tien keer een verkeerde pincode. Log opnieuw in.".into()
    }));
}

/// A file from the server (an export), offered as a download (online only).
pub async fn download_from_server(url: &str, fallback_name: &str) -> Result<(), String> {
    if !navigator_online() {
        return Err("Je bent offline. Dit kan alleen online gedownload worden.".into());
    }
    let (bytes, content_type, name) = net::file(url).await.map_err(|e| e.message())?;
    photo::download_bytes(
        name.as_deref().unwrap_or(fallback_name),
        &content_type,
        &bytes,
    );
    Ok(())
}

/// A picture from the server (a trend chart) as an object URL for an `<img>` (online only).
pub async fn server_picture(url: &str) -> Result<String, String> {
    if !navigator_online() {
        return Err("Je bent offline. Dit kan alleen online geladen worden.".into());
    }
    let (bytes, content_type, _) = net::file(url).await.map_err(|e| e.message())?;
    photo::object_url(&bytes, &content_type)
        .ok_or_else(|| "De afbeelding kon niet getoond worden.".into())
}

/// JSON from the server for the team lead's pages (online only).
pub async fn get_json<T: serde::de::DeserializeOwned>(url: &str) -> Result<T, String> {
    if !navigator_online() {
        return Err("Je bent offline. Dit kan alleen online geladen worden.".into());
    }
    net::get_json(url).await.map_err(|e| e.message())
}

/// `method` `url` with a JSON body; only whether it worked (online only).
pub async fn send(method: &str, url: &str, body: &str) -> Result<(), String> {
    if !navigator_online() {
        return Err("Je bent offline. Dit kan alleen online.".into());
    }
    net::send(method, url, body).await.map_err(|e| e.message())
}

/// `body` as JSON with `method` (`PUT` or `POST`), and the JSON answer (online only).
pub async fn json_request<B: serde::Serialize, T: serde::de::DeserializeOwned>(
    method: &str,
    url: &str,
    body: &B,
) -> Result<T, String> {
    if !navigator_online() {
        return Err("Je bent offline. Dit kan alleen online opgeslagen worden.".into());
    }
    net::json_request(method, url, body)
        .await
        .map_err(|e| e.message())
}

pub async fn team_dialogue(id: String) -> Result<TeamDialogue, String> {
    if !navigator_online() {
        return Err(
            "Je bent offline. Gedeelde dialogen kunnen alleen online geladen worden.".into(),
        );
    }
    net::team_dialogue(&id).await.map_err(|e| e.message())
}

pub async fn team_attachment(hash: String, dialogue_id: String) -> Result<Vec<u8>, String> {
    net::attachment(&hash, &dialogue_id)
        .await
        .map_err(|e| e.message())
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
