//! One tab at a time: the Web Locks API (`navigator.locks`), so two tabs of the app on one
//! device never push the same outbox at the same time.

use std::future::Future;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Runs `work` holding the lock `name`, unless another tab holds it: then `work` does not run
/// and this returns `false`. Browsers without Web Locks run `work` as is.
pub async fn exclusive(name: &str, work: impl Future<Output = ()> + 'static) -> bool {
    let Some(locks) = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &JsValue::from_str("locks")).ok())
        .filter(|l| !l.is_undefined() && !l.is_null())
    else {
        work.await;
        return true;
    };
    let Some(request) = js_sys::Reflect::get(&locks, &JsValue::from_str("request"))
        .ok()
        .and_then(|r| r.dyn_into::<js_sys::Function>().ok())
    else {
        work.await;
        return true;
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &JsValue::from_str("ifAvailable"), &JsValue::TRUE);
    let callback = Closure::once_into_js(move |lock: JsValue| -> js_sys::Promise {
        if lock.is_null() {
            return js_sys::Promise::resolve(&JsValue::FALSE);
        }
        wasm_bindgen_futures::future_to_promise(async move {
            work.await;
            Ok(JsValue::TRUE)
        })
    });
    let Ok(promise) = request.call3(&locks, &JsValue::from_str(name), &options, &callback) else {
        return false;
    };
    match JsFuture::from(js_sys::Promise::from(promise)).await {
        Ok(ran) => ran.as_bool().unwrap_or(false),
        Err(_) => false,
    }
}
