//! Moving to a new build of the app: hearing that one waits (`public/boot.js` says so with the
//! `werkzaam-update` event), asking the server for one, and taking it once everything typed is
//! on the device. The outbox lives in IndexedDB and stays as it is across the reload.

use super::*;
use wasm_bindgen::JsCast;

/// Starts listening: the sync bar offers "Nu vernieuwen" once a newer build waits.
pub(super) fn listen(ctx: AppCtx) {
    let waiting = js_sys::Reflect::get(&js_sys::global(), &"werkzaamUpdateReady".into())
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    if waiting {
        ctx.update_ready.set(true);
    }
    let handle = window_event_listener_untyped("werkzaam-update", move |_| {
        ctx.update_ready.set(true);
    });
    // As long as the page lives.
    std::mem::forget(handle);
}

/// Asks the server whether a newer build is there (after it refused this build's protocol).
pub(super) fn check() {
    call_boot("werkzaamCheckUpdate");
}

/// Every open editor hears `flush_event` and writes what is typed; once nothing is `saving`
/// (waiting at most 5 s), the new build takes over and the page reloads into it.
pub async fn apply_update(flush_event: &str, saving: fn() -> bool) {
    if let Some(window) = web_sys::window() {
        if let Ok(event) = web_sys::Event::new(flush_event) {
            let _ = window.dispatch_event(&event);
        }
    }
    for _ in 0..50 {
        if !saving() {
            break;
        }
        pause(Duration::from_millis(100)).await;
    }
    call_boot("werkzaamApplyUpdate");
}

/// Calls one of the functions `public/boot.js` puts on the page, if it is there.
fn call_boot(name: &str) {
    let function = js_sys::Reflect::get(&js_sys::global(), &name.into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(function) = function {
        let _ = function.call0(&wasm_bindgen::JsValue::NULL);
    }
}

async fn pause(duration: Duration) {
    let (done, wait) = futures::channel::oneshot::channel::<()>();
    let _ = set_timeout_with_handle(
        move || {
            let _ = done.send(());
        },
        duration,
    );
    let _ = wait.await;
}
