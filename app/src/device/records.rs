//! What the screens read and write on the device: dialogues and team records (each save
//! with its change in the outbox), drawings and photos, the team's colleagues.

use super::*;

/// Stores a dialogue (and new drawings or photos) on the device in one transaction, then
/// refreshes the lists and syncs soon after.
pub async fn save_dialogue(
    ctx: AppCtx,
    dialogue: Dialogue,
    blobs: Vec<LocalBlob>,
) -> Result<(), String> {
    match records_save(ctx, dialogue, blobs).await {
        Ok(run) => run.await,
        // What was typed stays in the form, which says it was not saved.
        Err(_) => Err(PART_MISSING.into()),
    }
}

/// [`save_dialogue`] in the part `device` (see [`refresh`]).
#[leptos::wasm_split::wasm_split(device, wasm_split_path = ::leptos::wasm_split, fallible)]
fn records_save(
    ctx: AppCtx,
    dialogue: Dialogue,
    blobs: Vec<LocalBlob>,
) -> Result<LocalFuture<Result<(), String>>, crate::PartNotLoaded> {
    Ok(Box::pin(save_dialogue_now(ctx, dialogue, blobs)))
}

async fn save_dialogue_now(
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
pub(super) fn colleagues_key(ctx: AppCtx) -> Option<String> {
    ctx.who
        .get_untracked()
        .profile()
        .map(|p| format!("werkzaam.collegas.{}", p.user_id))
}

/// The colleagues as last known on the device.
pub(super) fn known_colleagues(ctx: AppCtx) {
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
        // The team's name or Dutch changed by an administrator: kept for the next offline start.
        if let Ok((me, answer)) = net::me().await {
            // The team's rules for the worker's own *Verloop*, also offline (read there).
            let _ = LocalStorage::set(
                crate::dialogues::course::thresholds_key(&me.user_id),
                answer,
            );
            let known = ctx.who.with_untracked(|w| w.profile().cloned());
            if known
                .as_ref()
                .is_some_and(|k| k.user_id == me.user_id && *k != me)
            {
                let _ = LocalStorage::set(PROFILE_KEY, &me);
                ctx.who.set(Who::LoggedIn(me));
            }
        }
    }
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
    /// When the team's progress in the current round was last asked (ms since the epoch).
    static ROUND_ASKED_AT: std::cell::Cell<i64> = const { std::cell::Cell::new(0) };
}

/// The start screen's line about the current dialoogronde (`ctx.round`), from the team's records
/// and the worker's dialogues on the device and the team's progress as last heard; that progress
/// is asked again when online and older than ten minutes (without holding up the caller).
pub(super) fn refresh_round(ctx: AppCtx) {
    use crate::waarderen::round_logic::{round_notice, round_progress_key, KnownProgress};
    use werkzaam_domain::team::{RoundPhase, RoundProgress};
    let Some(user) = ctx.who.get_untracked().profile().map(|p| p.user_id.clone()) else {
        return;
    };
    let key = round_progress_key(&user);
    let today = crate::actions::today();
    // The round that runs and that the server has stored: its progress can be asked.
    let running = ctx.team.with_untracked(|t| {
        t.as_ref()
            .and_then(|t| t.current_round(&today))
            .filter(|r| r.phase(&today) == RoundPhase::Running && r.version > 0)
            .map(|r| r.id.clone())
    });
    let notice = move |known: Option<&KnownProgress>| {
        ctx.team.with_untracked(|team| {
            let team = team.as_ref()?;
            ctx.dialogues.with_untracked(|list| {
                round_notice(team, &today, known, list.as_deref().unwrap_or(&[]))
            })
        })
    };
    let known: Option<KnownProgress> = LocalStorage::get(&key).ok();
    ctx.round.set(notice(known.as_ref()));
    let Some(round) = running else {
        return;
    };
    let fresh = known
        .as_ref()
        .is_some_and(|k| k.round_id == round && now_ms() - k.at_ms < 600_000);
    if fresh || !navigator_online() || net::request_key().is_none() {
        return;
    }
    // Asked less than a minute ago (still on its way, or it failed): not again, so a refresh
    // after every save on a bad connection does not send a request each time.
    let now = now_ms();
    if ROUND_ASKED_AT.with(|at| now - at.get() < 60_000) {
        return;
    }
    ROUND_ASKED_AT.with(|at| at.set(now));
    leptos::task::spawn_local(async move {
        let url = format!("/api/team/rondes/{}/voortgang", crate::urls::encode(&round));
        if let Ok(progress) = net::get_json::<RoundProgress>(&url).await {
            let known = KnownProgress {
                round_id: round,
                at_ms: now_ms(),
                progress,
            };
            let _ = LocalStorage::set(&key, &known);
            ctx.round.set(notice(Some(&known)));
        }
    });
}
