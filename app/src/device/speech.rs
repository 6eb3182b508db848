//! Reading aloud (issue 18): a question or the consent text spoken by the browser's speech
//! synthesis, in a Dutch voice when the device has one. Nothing is sent anywhere: the browser
//! speaks on the device (and nothing happens where it cannot).
//!
//! Reached by name through `Reflect` rather than web-sys's typed bindings: those add their
//! glue to the script every start loads (the first screen's budget, issue 17).

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn call(target: &JsValue, method: &str, args: &Array) -> Option<JsValue> {
    let f: Function = get(target, method)?.dyn_into().ok()?;
    Reflect::apply(&f, target, args).ok()
}

/// Speaks `text`, stopping whatever was being read.
pub fn speak(text: &str) {
    let Some(window) = web_sys::window().map(JsValue::from) else {
        return;
    };
    let (Some(synth), Some(utterance_type)) = (
        get(&window, "speechSynthesis"),
        get(&window, "SpeechSynthesisUtterance").and_then(|c| c.dyn_into::<Function>().ok()),
    ) else {
        return;
    };
    call(&synth, "cancel", &Array::new());
    let Ok(utterance) = Reflect::construct(&utterance_type, &Array::of1(&text.into())) else {
        return;
    };
    let _ = Reflect::set(&utterance, &"lang".into(), &"nl-NL".into());
    let _ = Reflect::set(&utterance, &"rate".into(), &JsValue::from_f64(0.9));
    let dutch = call(&synth, "getVoices", &Array::new())
        .and_then(|v| v.dyn_into::<Array>().ok())
        .and_then(|voices| {
            voices.iter().find(|v| {
                get(v, "lang")
                    .and_then(|l| l.as_string())
                    .is_some_and(|l| l.to_lowercase().starts_with("nl"))
            })
        });
    if let Some(voice) = dutch {
        let _ = Reflect::set(&utterance, &"voice".into(), &voice);
    }
    call(&synth, "speak", &Array::of1(&utterance));
}
