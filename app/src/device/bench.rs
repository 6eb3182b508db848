//! Hooks for `.ci/bench-browser`, compiled only with the `bench` feature (never in the shipped
//! app): they run the app's own storage and sync code on many records and say how long it took.
//! With `localStorage["werkzaam.bench"] = "1"` the app does not sync on its own, so the figures
//! are not disturbed. They run on the store the app itself opened after the PIN.

use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::prelude::*;
use werkzaam_domain::Dialogue;

use super::sync::{next_push, pull_changes, push_pending};
use super::{net::NetError, store};

/// Whether the app's own syncing is paused for a measurement.
pub fn paused() -> bool {
    LocalStorage::raw()
        .get_item("werkzaam.bench")
        .ok()
        .flatten()
        .is_some_and(|v| v == "1")
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("performance")).ok())
        .and_then(|p| {
            let f = js_sys::Reflect::get(&p, &JsValue::from_str("now")).ok()?;
            f.dyn_into::<js_sys::Function>()
                .ok()?
                .call0(&p)
                .ok()?
                .as_f64()
        })
        .unwrap_or_else(js_sys::Date::now)
}

/// The app's own store of `user_id`, opened and unlocked by the worker's PIN: the figures
/// include the encryption the app does with the vault's key on every write and read.
async fn open(user_id: &str) -> Result<std::rc::Rc<store::Store>, JsValue> {
    super::open_store_of(user_id)
        .filter(|s| s.is_unlocked())
        .ok_or_else(|| {
            err("De app heeft geen open kluis van deze gebruiker: kies eerst een pincode.")
        })
}

fn err(e: impl std::fmt::Display) -> JsValue {
    JsValue::from_str(&e.to_string())
}

/// A filled-in dialogue of about 1 KB of JSON.
fn sample(i: u32) -> Dialogue {
    let mut d = Dialogue::new(
        format!("bench-{i:06}-{}", super::new_id()),
        format!("B-{:04}", i % 5000),
        "2026-11-20".into(),
        js_sys::Date::now() as i64,
    );
    d.client.good.keywords = vec!["luistert".into(), "komt op tijd".into(), "eerlijk".into()];
    d.client.good.text = "De hulpverlener neemt de tijd en luistert echt naar wat ik zeg.".into();
    d.client.better.keywords = vec!["sneller antwoord".into()];
    d.client.better.text = "Soms duurt het lang voordat ik iets hoor over de aanvraag.".into();
    d.worker.good.keywords = vec!["vertrouwen".into(), "samen plannen".into()];
    d.worker.good.text = "We maken samen een plan en de cliënt houdt zich eraan.".into();
    d.worker.better.text = "Ik wil vaker vragen wat de cliënt zelf al geprobeerd heeft.".into();
    d.strengths.social = "Heeft een zus die helpt met de post.".into();
    d.reflection.learned = "Doorvragen werkt beter dan meteen een oplossing geven.".into();
    d.scales.client.overall = Some(7);
    d.scales.worker.overall = Some(6);
    d
}

/// Creates `count` dialogues on the device, `per_transaction` in each transaction (each with its
/// mutation in the outbox). Returns the milliseconds of each transaction.
#[wasm_bindgen(js_name = werkzaamBenchFill)]
pub async fn fill(user_id: String, count: u32, per_transaction: u32) -> Result<Vec<f64>, JsValue> {
    let store = open(&user_id).await?;
    let mut times = Vec::new();
    let mut made = 0;
    while made < count {
        let n = per_transaction.min(count - made);
        let records: Vec<Dialogue> = (made..made + n).map(sample).collect();
        let t0 = now();
        store
            .save_dialogues(records, &[])
            .await
            .map_err(|e| err(e.message()))?;
        times.push(now() - t0);
        made += n;
    }
    Ok(times)
}

/// Stores `rounds` pages of `count` new dialogues as a pull stores a page it fetched (one
/// transaction each; the device's cursor stays where it is). Returns the milliseconds of each.
#[wasm_bindgen(js_name = werkzaamBenchStorePage)]
pub async fn store_page(user_id: String, count: u32, rounds: u32) -> Result<Vec<f64>, JsValue> {
    let store = open(&user_id).await?;
    let mut times = Vec::new();
    for round in 0..rounds {
        // As a pull brings them: the JSON the server wrote.
        let page = (0..count)
            .map(|i| {
                werkzaam_protocol::outbox::PulledJson::of(&sample(700_000 + round * count + i))
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(err)?;
        let cursor = store.pull_cursor().await.map_err(|e| err(e.message()))?;
        let t0 = now();
        store
            .apply_pull(cursor, page, None, 0)
            .await
            .map_err(|e| err(e.message()))?;
        times.push(now() - t0);
    }
    Ok(times)
}

/// Changes a text in `count` of the device's dialogues, one save each (as the editor does).
/// Returns the milliseconds of each save.
#[wasm_bindgen(js_name = werkzaamBenchEdit)]
pub async fn edit(user_id: String, count: u32) -> Result<Vec<f64>, JsValue> {
    let store = open(&user_id).await?;
    let (records, _) = store.snapshot().await.map_err(|e| err(e.message()))?;
    let mut times = Vec::new();
    for (i, mut d) in records.into_iter().take(count as usize).enumerate() {
        d.reflection.process = format!("Aangepast bij meting {i}.");
        let t0 = now();
        store
            .save_dialogue(d, &[])
            .await
            .map_err(|e| err(e.message()))?;
        times.push(now() - t0);
    }
    Ok(times)
}

/// Sends the whole outbox the way the app does. Returns milliseconds.
#[wasm_bindgen(js_name = werkzaamBenchPush)]
pub async fn push(user_id: String) -> Result<f64, JsValue> {
    let store = open(&user_id).await?;
    let t0 = now();
    push_pending(&store, |_| {}).await.map_err(net_err)?;
    Ok(now() - t0)
}

/// Pulls what changed since the device's cursor the way the app does. Returns milliseconds.
#[wasm_bindgen(js_name = werkzaamBenchPull)]
pub async fn pull(user_id: String) -> Result<f64, JsValue> {
    let store = open(&user_id).await?;
    let t0 = now();
    pull_changes(&store).await.map_err(net_err)?;
    Ok(now() - t0)
}

/// Where the time of the first page of a pull goes, one step after the other: the request
/// until its text arrived, reading it as a page, reading each dialogue's head, storing it.
/// Milliseconds, and how many dialogues the page held.
#[wasm_bindgen(js_name = werkzaamBenchPullBreakdown)]
pub async fn pull_breakdown(user_id: String) -> Result<Vec<f64>, JsValue> {
    let store = open(&user_id).await?;
    let cursor = store.pull_cursor().await.map_err(|e| err(e.message()))?;
    let request = werkzaam_protocol::sync::PullRequest {
        protocol_version: werkzaam_protocol::sync::PROTOCOL_VERSION,
        cursor,
        client_id: store.client_id().await.map_err(|e| err(e.message()))?,
    };
    let (page, [fetched, read]) = super::net::pull_timed(&request, now)
        .await
        .map_err(net_err)?;
    let t0 = now();
    let count = page.dialogues.len();
    let pulled = page
        .dialogues
        .into_iter()
        .map(werkzaam_protocol::outbox::PulledJson::read)
        .collect::<Result<Vec<_>, _>>()
        .map_err(err)?;
    let t1 = now();
    store
        .apply_pull(page.cursor, pulled, None, page.last_mutation_id)
        .await
        .map_err(|e| err(e.message()))?;
    Ok(vec![fetched, read, t1 - t0, now() - t1, count as f64])
}

/// How many dialogues the device holds, and how many different ids.
#[wasm_bindgen(js_name = werkzaamBenchCount)]
pub async fn count(user_id: String) -> Result<Vec<u32>, JsValue> {
    let store = open(&user_id).await?;
    let (records, pending) = store.snapshot().await.map_err(|e| err(e.message()))?;
    let ids: std::collections::HashSet<&str> = records.iter().map(|d| d.id.as_str()).collect();
    Ok(vec![
        records.len() as u32,
        ids.len() as u32,
        pending.len() as u32,
    ])
}

fn net_err(e: NetError) -> JsValue {
    err(e.message())
}

/// Where the time of writing and reading `count` dialogues goes: serialize, encrypt, put,
/// get, decrypt (see `Store::bench_breakdown`), then encryption alone and one row's sealing.
#[wasm_bindgen(js_name = werkzaamBenchBreakdown)]
pub async fn breakdown(user_id: String, count: u32) -> Result<Vec<f64>, JsValue> {
    let store = open(&user_id).await?;
    let records: Vec<Dialogue> = (0..count).map(|i| sample(900_000 + i)).collect();
    store
        .bench_breakdown(&records, now)
        .await
        .map_err(|e| err(e.message()))
}

/// Where the time of one push of the oldest batch goes: reading and decrypting it, the request
/// (serializing, the server, the answer), the acknowledgement. Milliseconds, and the batch's size.
#[wasm_bindgen(js_name = werkzaamBenchPushBreakdown)]
pub async fn push_breakdown(user_id: String) -> Result<Vec<f64>, JsValue> {
    let store = open(&user_id).await?;
    let t0 = now();
    let ready = next_push(&store, None)
        .await
        .map_err(net_err)?
        .ok_or_else(|| err("niets te verzenden"))?;
    let t1 = now();
    let body = ready.body();
    let bytes = body.len();
    let t2 = now();
    let response = super::net::push(body).await.map_err(net_err)?;
    let t3 = now();
    let done: Vec<_> = ready
        .mutations
        .iter()
        .filter(|m| m.id <= response.last_mutation_id)
        .collect();
    store
        .acknowledge(&done)
        .await
        .map_err(|e| err(e.message()))?;
    let t4 = now();
    Ok(vec![
        t1 - t0,
        t2 - t1,
        t3 - t2,
        t4 - t3,
        done.len() as f64,
        bytes as f64,
    ])
}
