//! What the components ask the device to do. In the browser these start the work in
//! [`crate::device`]; on the server they are never called (effects and event handlers do not
//! run there), so the server build only type-checks them.

use werkzaam_sync::TeamOverview;

use crate::ctx::AppCtx;
use crate::logic::DialogueForm;

/// Once, on start: who is logged in, the device store, the connection, the sync loop.
pub fn start(ctx: AppCtx) {
    #[cfg(feature = "hydrate")]
    crate::device::start(ctx);
    #[cfg(not(feature = "hydrate"))]
    let _ = ctx;
}

/// Stores a new dialogue on the device (record and outbox in one transaction), then syncs.
pub fn save_dialogue(
    ctx: AppCtx,
    form: DialogueForm,
    on_done: impl FnOnce(Result<(), String>) + 'static,
) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(
        async move { on_done(crate::device::save_dialogue(ctx, form).await) },
    );
    #[cfg(not(feature = "hydrate"))]
    let _ = (ctx, form, on_done);
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

pub fn logout(ctx: AppCtx, on_done: impl FnOnce() + 'static) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        crate::device::logout(ctx).await;
        on_done()
    });
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

/// The team lead's overview, from the server.
pub fn load_team(on_done: impl FnOnce(Result<TeamOverview, String>) + 'static) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move { on_done(crate::device::team_overview().await) });
    #[cfg(not(feature = "hydrate"))]
    let _ = on_done;
}

/// Today's date on the device, `YYYY-MM-DD` (empty on the server).
pub fn today() -> String {
    #[cfg(feature = "hydrate")]
    {
        let now = js_sys::Date::new_0();
        crate::logic::iso_date(now.get_full_year(), now.get_month() + 1, now.get_date())
    }
    #[cfg(not(feature = "hydrate"))]
    String::new()
}
