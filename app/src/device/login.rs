//! Logging in and out on this device: the profile kept for offline starts, the request key,
//! and wiping the device's data when the session ends for good or the PIN was tried too often.

use super::*;

pub async fn login(ctx: AppCtx, email: String, password: String) -> Result<(), String> {
    if !navigator_online() {
        return Err("Je bent offline. Inloggen kan alleen met internet.".into());
    }
    super::load_device_part();
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

/// Logs out. What waits is sent first (while the session still holds); then the device's copy
/// of the user's data is **wiped only if everything is delivered** — changes and drawings and
/// photos. Otherwise it stays until the next login sends it. Returns what to tell the user.
pub async fn logout(ctx: AppCtx) -> String {
    match logout_part(ctx).await {
        Ok(run) => run.await,
        Err(_) => PART_MISSING.into(),
    }
}

/// [`logout_now`] is a part of the wasm of its own (see `crate::lazy_pages`).
#[leptos::wasm_split::wasm_split(device, wasm_split_path = ::leptos::wasm_split, fallible)]
fn logout_part(ctx: AppCtx) -> Result<LocalFuture<String>, crate::PartNotLoaded> {
    Ok(Box::pin(logout_now(ctx)))
}

async fn logout_now(ctx: AppCtx) -> String {
    let Some(profile) = ctx.who.get_untracked().profile().cloned() else {
        return String::new();
    };
    if navigator_online() {
        sync(ctx).await;
    }
    let waiting = match store_for(ctx).await {
        Ok(store) => {
            let pending = store.outbox_len().await.unwrap_or(1);
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
pub(super) fn signed_out(ctx: AppCtx) {
    ctx.dialogues.set(None);
    ctx.team.set(None);
    ctx.round.set(None);
    ctx.colleagues.set(Vec::new());
    ctx.pending.set(None);
    ctx.uploads.set(None);
    ctx.problem.set(None);
    ctx.vault.set(crate::vault::rules::VaultState::Unknown);
    ctx.who.set(Who::LoggedOut);
}

/// Forgets who is logged in on this device and closes their store (an open connection would
/// block a later wipe). From here no task opens the store again: one still running from before
/// (a refresh after the last sync) would make the database anew right after a wipe.
pub(super) fn forget_session(ctx: AppCtx) {
    ctx.who.set(Who::LoggedOut);
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
pub(super) async fn wipe_device(ctx: AppCtx, user_id: &str) -> bool {
    let keys = [
        colleagues_key(ctx),
        last_synced_key(ctx),
        Some(crate::dialogues::course::thresholds_key(user_id)),
        Some(crate::waarderen::round_logic::round_progress_key(user_id)),
    ];
    forget_session(ctx);
    match with_timeout(store::Store::delete(user_id), 5_000).await {
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
