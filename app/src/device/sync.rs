//! The sync loop: push the outbox batch by batch, upload drawings and photos, pull the user's
//! and the team's changes, carry out erasures; backoff, one tab at a time, the sync bar's state.

use super::*;

/// How often to try to send while the app is open.
pub(super) const SYNC_EVERY: Duration = Duration::from_secs(30);

thread_local! {
    static SYNC_SOON: RefCell<Option<leptos::prelude::TimeoutHandle>> = const { RefCell::new(None) };
    /// When the device last collected blobs nothing refers to (ms since the epoch).
    static LAST_COLLECT: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

/// Syncs 2 s after the last local change, so typing does not send a push per letter.
pub(super) fn schedule_sync(ctx: AppCtx) {
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

thread_local! {
    /// A sync was asked for while one ran (a change saved meanwhile): run once more after it,
    /// instead of leaving that change to the next round 30 s later.
    static AGAIN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
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
    if ctx.syncing.get_untracked() {
        AGAIN.set(true);
        return;
    }
    // Not in client mode: the phone is the client's then, and reaches nothing on the server.
    if !navigator_online() || !vault_open(ctx) || client_mode().is_some() {
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
        let mut result = sync_part(ctx).await;
        // Another tab's login may have sealed a newer key into the vault: take it, once.
        if matches!(result, Err(NetError::NotLoggedIn(_))) && request_key_from_vault(ctx).await {
            result = sync_part(ctx).await;
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
    // After a failure the backoff's retry comes; after a success, what waited goes now.
    if AGAIN.replace(false) && ran && ctx.problem.with_untracked(Option::is_none) {
        leptos::task::spawn_local(sync(ctx));
    }
}

/// Takes the request key the vault keeps (another tab may have sealed a newer one after its
/// login); whether it differs from the one in memory.
pub(super) async fn request_key_from_vault(ctx: AppCtx) -> bool {
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

pub(super) fn after_sync(ctx: AppCtx, result: Result<(), NetError>) {
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
            if matches!(e, NetError::Outdated) {
                // The newer build the server speaks for is likely there: fetch it now, so
                // the sync bar can offer "Nu vernieuwen".
                super::update::check();
            }
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

pub(super) fn last_synced_key(ctx: AppCtx) -> Option<String> {
    ctx.who
        .get_untracked()
        .profile()
        .map(|p| format!("werkzaam.verzonden.{}", p.user_id))
}

/// "bijgewerkt 14:32" (the words are fixed when it happens; a reload shows them again).
pub(super) fn synced_now_label() -> String {
    let now = js_sys::Date::new_0();
    let today =
        crate::ui::words::iso_date(now.get_full_year(), now.get_month() + 1, now.get_date());
    crate::ui::words::last_synced_label(&today, &today, now.get_hours(), now.get_minutes())
}

/// Asks the browser to keep the app's storage, and says how much is used.
pub(super) async fn check_storage(ctx: AppCtx) {
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

/// [`sync_until_empty`], whose code (push, uploads, pulls, erasures and what they decode) is a
/// part of the wasm of its own, loaded after the first screen (see `crate::lazy_pages`). It is
/// only called online, when the part can be fetched if the service worker does not have it yet.
async fn sync_part(ctx: AppCtx) -> Result<(), NetError> {
    match sync_engine(ctx).await {
        Ok(run) => run.await,
        Err(_) => Err(NetError::Device(
            "Het deel van de app dat verzendt kon niet laden. Je wijzigingen blijven bewaard; \
             vernieuw de pagina als dit blijft."
                .into(),
        )),
    }
}

#[leptos::wasm_split::wasm_split(device, wasm_split_path = ::leptos::wasm_split, fallible)]
fn sync_engine(ctx: AppCtx) -> Result<LocalFuture<Result<(), NetError>>, crate::PartNotLoaded> {
    Ok(Box::pin(sync_until_empty(ctx)))
}

pub(super) async fn sync_until_empty(ctx: AppCtx) -> Result<(), NetError> {
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
pub(super) async fn pull_team(store: &store::Store) -> Result<(), NetError> {
    let device = |e: store::StoreError| NetError::Device(e.message());
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
            && page.synonyms.is_empty()
            && page.rounds.is_empty()
            && page.advice.is_empty()
            && page.replies.is_empty()
            && page.lessons.is_empty();
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

/// A push read from the outbox, ready to send, and how many changes wait from its first on.
pub(super) struct Ready {
    pub(super) client_id: String,
    pub(super) mutations: Vec<Outgoing>,
    pub(super) waiting: usize,
}

impl Ready {
    /// The push's JSON (a `PushRequest`): the dialogues in it as the device stored them.
    pub(super) fn body(&self) -> String {
        outbox::push_body(PROTOCOL_VERSION, &self.client_id, &self.mutations)
    }
}

/// The next push: the oldest changes after `after` (all, if `None`) that fit in one, of several
/// saves of one dialogue only the last carrying it (`outbox::latest_only`). `None` when
/// nothing waits.
pub(super) async fn next_push(
    store: &store::Store,
    after: Option<u64>,
) -> Result<Option<Ready>, NetError> {
    let (client_id, mut pending, waiting) = store
        .outbox_head(
            after,
            werkzaam_protocol::sync::MAX_MUTATIONS_PER_PUSH as u32,
        )
        .await
        .map_err(|e| NetError::Device(e.message()))?;
    let fits = outbox::next_batch(&pending, Outgoing::size).len();
    pending.truncate(fits);
    let Some(client_id) = client_id.filter(|_| !pending.is_empty()) else {
        return Ok(None);
    };
    outbox::latest_only(&mut pending);
    Ok(Some(Ready {
        client_id,
        mutations: pending,
        waiting,
    }))
}

/// Sends the outbox, batch by batch, until it is empty or something stops it; `left` hears
/// how many changes still wait after each acknowledged batch. While one batch is on its way,
/// the next is read and decrypted and the one before is forgotten (`acknowledge`); the batch
/// read ahead is used only when the server took the whole batch before it (otherwise the
/// outbox is read again, once what was acknowledged is forgotten).
pub(super) async fn push_pending(
    store: &store::Store,
    left: impl Fn(usize),
) -> Result<(), NetError> {
    let device = |e: store::StoreError| NetError::Device(e.message());
    let mut set_aside_now = std::collections::HashSet::new();
    let mut ready = next_push(store, None).await?;
    // The last batch the server took, not yet forgotten on the device, and what waited then.
    let mut taken: Option<(Vec<Outgoing>, usize)> = None;
    let forget = |taken: Option<(Vec<Outgoing>, usize)>| async {
        if let Some((done, waiting)) = taken {
            store
                .acknowledge(&done.iter().collect::<Vec<_>>())
                .await
                .map_err(device)?;
            left(waiting - done.len());
        }
        Ok::<(), NetError>(())
    };
    // Bounded: each round removes at least one mutation or stops.
    for _ in 0..10_000 {
        let Some(batch) = ready.take() else {
            break;
        };
        let waiting = batch.waiting;
        let last = batch.mutations.last().map_or(0, |m| m.id);
        let body = batch.body();
        let (answer, read_ahead, forgotten) = if waiting > batch.mutations.len() {
            let (answer, next, forgotten) = futures::future::join3(
                net::push(body),
                next_push(store, Some(last)),
                forget(taken.take()),
            )
            .await;
            (answer, Some(next), forgotten)
        } else {
            let (answer, forgotten) =
                futures::future::join(net::push(body), forget(taken.take())).await;
            (answer, None, forgotten)
        };
        forgotten?;
        let response = match answer {
            Ok(response) => response,
            // One change refused: set it aside (kept, with the reason) and send the rest.
            Err(NetError::MutationRefused { id, message }) => {
                if !set_aside_now.insert(id) {
                    return Err(NetError::Refused(message));
                }
                store.set_aside(id, &message).await.map_err(device)?;
                ready = next_push(store, None).await?;
                continue;
            }
            Err(other) => return Err(other),
        };
        let done: Vec<Outgoing> = batch
            .mutations
            .into_iter()
            .filter(|m| m.id <= response.last_mutation_id)
            .collect();
        if done.is_empty() {
            return Err(NetError::Refused(
                "De server heeft de wijzigingen niet bevestigd.".into(),
            ));
        }
        taken = Some((done, waiting));
        ready = match read_ahead {
            Some(Ok(next)) if response.last_mutation_id >= last => next,
            _ => {
                forget(taken.take()).await?;
                next_push(store, None).await?
            }
        };
    }
    forget(taken).await
}

/// Fetches what other devices of this user stored since the last pull, page by page, and
/// carries out erasures (purge, then confirm). The next page is fetched while this one is
/// stored (a page without erasures): the device encrypts and writes as the server answers. A
/// page is stored with its cursor in one transaction, so a pull cut anywhere goes on from the
/// last page stored; a page fetched early whose predecessor was not stored is dropped.
pub(super) async fn pull_changes(store: &store::Store) -> Result<(), NetError> {
    let device = |e: store::StoreError| NetError::Device(e.message());
    let request = |cursor: i64, client_id: &Option<String>| werkzaam_protocol::sync::PullRequest {
        protocol_version: PROTOCOL_VERSION,
        cursor,
        client_id: client_id.clone(),
    };
    let mut cursor = store.pull_cursor().await.map_err(device)?;
    let mut held = None;
    let mut client_id = store.client_id().await.map_err(device)?;
    let mut page = net::pull(&request(cursor, &client_id)).await?;
    for _ in 0..100 {
        let more = page.more && page.cursor > cursor;
        cursor = page.cursor;
        let pulled = page
            .dialogues
            .into_iter()
            .map(outbox::PulledJson::read)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| NetError::Refused(net::UNKNOWN_ANSWER.into()))?;
        let apply = store.apply_pull(page.cursor, pulled, held, page.last_mutation_id);
        let (kept, next) = if more && page.erased.is_empty() {
            let (kept, next) =
                futures::future::join(apply, net::pull(&request(cursor, &client_id))).await;
            (kept, Some(next))
        } else {
            (apply.await, None)
        };
        let kept = kept.map_err(device)?;
        held = (kept < page.cursor).then_some(kept);
        if !page.erased.is_empty() {
            let ids: Vec<String> = page
                .erased
                .iter()
                .flat_map(|e| e.dialogue_ids.iter().cloned())
                .collect();
            store.purge(&ids, |_| false).await.map_err(device)?;
            if let Some(client_id) = client_id.clone() {
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
        page = match next {
            Some(next) => next?,
            None => {
                client_id = store.client_id().await.map_err(device)?;
                net::pull(&request(cursor, &client_id)).await?
            }
        };
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
pub(super) const DRAWING_SETTLE_MS: f64 = 6_000.0;

/// Sends the drawings and photos the server does not have yet, one at a time, after the
/// dialogues themselves (so their text arrives even while a large photo waits).
pub(super) async fn upload_attachments(
    ctx: AppCtx,
    store: &store::Store,
) -> Result<usize, NetError> {
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
pub(super) async fn upload_blob(blob: &store::Blob) -> Result<(), NetError> {
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
