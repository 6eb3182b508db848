//! The only module that talks to the server (JSON over `fetch`, cookies same-origin).

use std::cell::RefCell;

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;

use crate::urls::Method;
use werkzaam_protocol::upload::UploadStatus;
use werkzaam_protocol::{
    account::{LoginRequest, Profile},
    error::{ErrorBody, ErrorCode},
    sync::{PullRequest, PullResponse, PushResponse},
    team::TeamDialogue,
};

/// What a worker reads when the server's answer cannot be read (a newer server, a proxy's page):
/// no parser's words.
pub(super) const UNKNOWN_ANSWER: &str = "De server gaf een antwoord dat deze app niet kent. \
    Vernieuw de app of probeer het later opnieuw; je gegevens blijven bewaard.";

/// The header that carries the request key (see `server::auth::DeviceUser`).
const REQUEST_KEY_HEADER: &str = "x-werkzaam-sleutel";

thread_local! {
    /// The request key of this device's session, while the vault is open (issue 15): it lives
    /// in memory only then, and sealed in the vault otherwise.
    static REQUEST_KEY: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Sets (or with `None` forgets) the request key in memory.
pub fn set_request_key(key: Option<String>) {
    REQUEST_KEY.with(|k| *k.borrow_mut() = key);
}

/// The request key in memory, if any.
pub fn request_key() -> Option<String> {
    REQUEST_KEY.with(|k| k.borrow().clone())
}

/// `builder` with the request key — never in client mode: a phone handed to the client reaches
/// no client data on the server, whatever is typed or tapped.
fn keyed(builder: RequestBuilder) -> RequestBuilder {
    match (request_key(), super::client_mode()) {
        (Some(key), None) => builder.header(REQUEST_KEY_HEADER, &key),
        _ => builder,
    }
}

#[derive(Debug, Clone)]
pub enum NetError {
    /// No answer: offline, or the server is down.
    Offline,
    /// The session is gone.
    NotLoggedIn(String),
    /// The server refused the request, and says why.
    Refused(String),
    /// The server refused one mutation of a push; the others may go.
    MutationRefused { id: u64, message: String },
    /// The device store failed during a sync.
    Device(String),
    /// The server no longer takes this build's protocol: the app must be updated first.
    Outdated,
}

impl NetError {
    pub fn message(&self) -> String {
        match self {
            NetError::Offline => "Geen verbinding met de server.".into(),
            NetError::NotLoggedIn(_) => {
                "Log opnieuw in om je wijzigingen te verzenden. Ze blijven tot dan bewaard.".into()
            }
            NetError::Outdated => "Er is een nieuwe versie van Werkzaam nodig om te verzenden. \
                                   Je wijzigingen blijven op dit apparaat bewaard tot je hebt \
                                   vernieuwd."
                .into(),
            NetError::Refused(message)
            | NetError::Device(message)
            | NetError::MutationRefused { message, .. } => message.clone(),
        }
    }
}

async fn answer<T: DeserializeOwned>(
    response: Result<Response, gloo_net::Error>,
) -> Result<T, NetError> {
    let response = response.map_err(|_| NetError::Offline)?;
    if response.ok() {
        return response
            .json::<T>()
            .await
            .map_err(|_| NetError::Refused(UNKNOWN_ANSWER.into()));
    }
    Err(refusal(response).await)
}

async fn refusal(response: Response) -> NetError {
    let status = response.status();
    let mut mutation_id = None;
    let message = match response.json::<ErrorBody>().await {
        Ok(body) if body.code == ErrorCode::ProtocolVersion => return NetError::Outdated,
        Ok(body) => {
            mutation_id = body.mutation_id;
            body.message
        }
        Err(_) if status >= 500 => "De server heeft een storing.".into(),
        Err(_) => format!("De server weigerde het verzoek ({status})."),
    };
    match status {
        401 => NetError::NotLoggedIn(message),
        400 | 403 if mutation_id.is_some() => NetError::MutationRefused {
            id: mutation_id.unwrap_or_default(),
            message,
        },
        502..=504 => NetError::Offline,
        _ => NetError::Refused(message),
    }
}

/// Logs in; the profile, and the request key the server handed out (kept in memory here).
pub async fn login(email: String, password: String) -> Result<(Profile, String), NetError> {
    let request = Request::post("/api/inloggen")
        .json(&LoginRequest { email, password })
        .map_err(|e| NetError::Refused(e.to_string()))?;
    let response = request.send().await;
    let key = response
        .as_ref()
        .ok()
        .and_then(|r| r.headers().get(REQUEST_KEY_HEADER))
        .unwrap_or_default();
    match answer::<Profile>(response).await {
        Err(NetError::NotLoggedIn(message)) => Err(NetError::Refused(message)),
        Err(other) => Err(other),
        Ok(_) if key.len() != 64 => Err(NetError::Refused(
            "Inloggen lukte niet: de server gaf een antwoord dat deze app niet kent. Probeer het \
             later opnieuw."
                .into(),
        )),
        Ok(profile) => {
            set_request_key(Some(key.clone()));
            Ok((profile, key))
        }
    }
}

/// A file from the server (an export or a picture): its bytes, its type and the name the
/// server gives it. Fetched with the request key, as an address-bar request never is.
pub async fn file(url: &str) -> Result<(Vec<u8>, String, Option<String>), NetError> {
    let response = keyed(Request::get(url))
        .send()
        .await
        .map_err(|_| NetError::Offline)?;
    if !response.ok() {
        return Err(refusal(response).await);
    }
    let content_type = response
        .headers()
        .get("content-type")
        .unwrap_or_else(|| "application/octet-stream".into());
    let name = response
        .headers()
        .get("content-disposition")
        .and_then(|d| crate::ui::words::file_name_of(&d));
    let bytes = response
        .binary()
        .await
        .map_err(|e| NetError::Refused(e.to_string()))?;
    Ok((bytes, content_type, name))
}

pub async fn logout() -> Result<(), NetError> {
    keyed(Request::post("/api/uitloggen"))
        .header("content-type", "application/json")
        .body("{}")
        .map_err(|_| NetError::Offline)?
        .send()
        .await
        .map(|_| ())
        .map_err(|_| NetError::Offline)
}

/// Pushes from this size on are gzipped (below it, a few packets either way).
const GZIP_FROM_BYTES: usize = 8 * 1024;

/// Sends a push whose JSON (a `PushRequest`) is `body` (see `outbox::push_body`), gzipped
/// by the browser where it can (a tenth of the bytes over a phone's slow upload).
pub async fn push(body: String) -> Result<PushResponse, NetError> {
    let request = keyed(Request::post("/api/sync/push")).header("content-type", "application/json");
    let packed = match body.len() >= GZIP_FROM_BYTES {
        true => gzip(&body).await,
        false => None,
    };
    let request = match packed {
        Some(packed) => request.header("content-encoding", "gzip").body(packed),
        None => request.body(body),
    }
    .map_err(|e| NetError::Refused(e.to_string()))?;
    answer(request.send().await).await
}

/// `text` gzipped by the browser's `CompressionStream` (native code, off the app's wasm), or
/// `None` where the browser has none (Safari before 16.4) or it fails: then it goes as it is.
async fn gzip(text: &str) -> Option<js_sys::Uint8Array> {
    use js_sys::{Array, Function, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    let global = js_sys::global();
    let class = |name: &str| {
        Reflect::get(&global, &JsValue::from_str(name))
            .ok()?
            .dyn_into::<Function>()
            .ok()
    };
    let call = |target: &JsValue, method: &str, args: &Array| {
        let f = Reflect::get(target, &JsValue::from_str(method))
            .ok()?
            .dyn_into::<Function>()
            .ok()?;
        Reflect::apply(&f, target, args).ok()
    };
    let packer =
        Reflect::construct(&class("CompressionStream")?, &Array::of1(&"gzip".into())).ok()?;
    let blob = web_sys::Blob::new_with_str_sequence(&Array::of1(&JsValue::from_str(text))).ok()?;
    let packed = call(
        &call(&blob, "stream", &Array::new())?,
        "pipeThrough",
        &Array::of1(&packer),
    )?;
    let response = Reflect::construct(&class("Response")?, &Array::of1(&packed)).ok()?;
    let bytes = call(&response, "arrayBuffer", &Array::new())?;
    let bytes = wasm_bindgen_futures::JsFuture::from(bytes.dyn_into::<js_sys::Promise>().ok()?)
        .await
        .ok()?;
    Some(js_sys::Uint8Array::new(&bytes))
}

/// A page of a pull, its dialogues as the server wrote them (see `outbox::PulledJson`).
pub async fn pull(
    request: &PullRequest,
) -> Result<PullResponse<Box<serde_json::value::RawValue>>, NetError> {
    let request = keyed(Request::post("/api/sync/pull"))
        .json(request)
        .map_err(|e| NetError::Refused(e.to_string()))?;
    answer(request.send().await).await
}

/// [`pull`] in two steps, for the benchmark: the answer's text arrived after `[0]` ms, and was
/// read as a page after `[1]` more.
#[cfg(feature = "bench")]
pub async fn pull_timed(
    request: &PullRequest,
    now: fn() -> f64,
) -> Result<(PullResponse<Box<serde_json::value::RawValue>>, [f64; 2]), NetError> {
    let t0 = now();
    let request = keyed(Request::post("/api/sync/pull"))
        .json(request)
        .map_err(|e| NetError::Refused(e.to_string()))?;
    let response = request.send().await.map_err(|_| NetError::Offline)?;
    let text = response.text().await.map_err(|_| NetError::Offline)?;
    let t1 = now();
    let page = serde_json::from_str(&text).map_err(|e| NetError::Refused(e.to_string()))?;
    Ok((page, [t1 - t0, now() - t1]))
}

/// The team's stories and actions since a team cursor.
pub async fn team_pull(
    request: &werkzaam_protocol::sync::TeamPullRequest,
) -> Result<werkzaam_protocol::sync::TeamPullResponse, NetError> {
    let request = keyed(Request::post("/api/sync/team"))
        .json(request)
        .map_err(|e| NetError::Refused(e.to_string()))?;
    answer(request.send().await).await
}

/// JSON from `url`.
pub async fn get_json<T: serde::de::DeserializeOwned>(url: &str) -> Result<T, NetError> {
    answer(keyed(Request::get(url)).send().await).await
}

/// A request of `method` to `url`, with the request key.
fn request(method: Method, url: &str) -> RequestBuilder {
    keyed(match method {
        Method::Post => Request::post(url),
        Method::Put => Request::put(url),
        Method::Delete => Request::delete(url),
    })
}

/// `body` as JSON to `url` with `method`, and the JSON answer.
pub async fn json_request<B: serde::Serialize, T: serde::de::DeserializeOwned>(
    method: Method,
    url: &str,
    body: &B,
) -> Result<T, NetError> {
    let request = request(method, url)
        .json(body)
        .map_err(|e| NetError::Refused(e.to_string()))?;
    answer(request.send().await).await
}

/// A request that answers nothing but whether it worked (204): `method` with a JSON `body`.
pub async fn send(method: Method, url: &str, body: &str) -> Result<(), NetError> {
    let request = request(method, url)
        .header("content-type", "application/json")
        .body(body.to_owned())
        .map_err(|e| NetError::Refused(e.to_string()))?;
    let response = request.send().await.map_err(|_| NetError::Offline)?;
    if response.ok() {
        Ok(())
    } else {
        Err(refusal(response).await)
    }
}

/// Who the server says the user is now (the team's name and Dutch may have changed), and the
/// answer as it came (it also holds the team's alert thresholds, read where they are used:
/// [`werkzaam_protocol::account::Me`]).
pub async fn me() -> Result<(Profile, String), NetError> {
    let response = keyed(Request::get("/api/ik"))
        .send()
        .await
        .map_err(|_| NetError::Offline)?;
    if !response.ok() {
        return Err(refusal(response).await);
    }
    let text = response.text().await.map_err(|_| NetError::Offline)?;
    let profile =
        serde_json::from_str(&text).map_err(|_| NetError::Refused(UNKNOWN_ANSWER.into()))?;
    Ok((profile, text))
}

pub async fn team_members() -> Result<Vec<werkzaam_protocol::team::TeamMember>, NetError> {
    answer(keyed(Request::get("/api/team/leden")).send().await).await
}

/// Tells the server this device purged these erasures.
pub async fn confirm_erasures(
    request: &werkzaam_protocol::sync::ErasureConfirm,
) -> Result<(), NetError> {
    let request = keyed(Request::post("/api/sync/wissen/bevestigd"))
        .json(request)
        .map_err(|e| NetError::Refused(e.to_string()))?;
    let response = request.send().await.map_err(|_| NetError::Offline)?;
    if response.ok() {
        Ok(())
    } else {
        Err(refusal(response).await)
    }
}

/// Erases everything of a client on the server.
pub async fn erase_client(
    request: &werkzaam_protocol::sync::ErasureRequest,
) -> Result<werkzaam_protocol::sync::ErasureReport, NetError> {
    let request = keyed(Request::post("/api/clienten/wissen"))
        .json(request)
        .map_err(|e| NetError::Refused(e.to_string()))?;
    answer(request.send().await).await
}

pub async fn team_dialogue(id: &str) -> Result<TeamDialogue, NetError> {
    let url = format!("/api/team/dialogen/{}", js_sys::encode_uri_component(id));
    answer(keyed(Request::get(&url)).send().await).await
}

/// Sends a drawing or photo to its address (the hash of its bytes).
/// How much of attachment `hash` (of `total` bytes) the server has.
pub async fn upload_status(hash: &str, total: u64) -> Result<UploadStatus, NetError> {
    let url = format!("/api/bijlagen/{hash}/delen?totaal={total}");
    answer(keyed(Request::get(&url)).send().await).await
}

/// One part of attachment `hash`: `bytes` from `offset`, of `total` bytes. `Ok(None)` when the
/// server misses an earlier part (ask [`upload_status`] where to go on).
pub async fn put_part(
    hash: &str,
    content_type: &str,
    offset: u64,
    total: u64,
    bytes: &[u8],
) -> Result<Option<UploadStatus>, NetError> {
    let body = js_sys::Uint8Array::from(bytes);
    let request = keyed(Request::put(&format!(
        "/api/bijlagen/{hash}/delen?van={offset}&totaal={total}"
    )))
    .header("Content-Type", content_type)
    .body(body)
    .map_err(|e| NetError::Refused(e.to_string()))?;
    let response = request.send().await.map_err(|_| NetError::Offline)?;
    if response.status() == 409 {
        return Ok(None);
    }
    answer(Ok(response)).await.map(Some)
}

/// The bytes of an attachment of a dialogue.
pub async fn attachment(hash: &str, dialogue_id: &str) -> Result<Vec<u8>, NetError> {
    let url = crate::urls::attachment_url(hash, dialogue_id);
    let response = keyed(Request::get(&url))
        .send()
        .await
        .map_err(|_| NetError::Offline)?;
    if !response.ok() {
        return Err(refusal(response).await);
    }
    response
        .binary()
        .await
        .map_err(|e| NetError::Refused(e.to_string()))
}

/// The recovery key of the device vault `vault` (32 bytes), from the server.
pub async fn recovery_key(vault: &str) -> Result<Vec<u8>, NetError> {
    let request = keyed(Request::post("/api/herstelsleutel"))
        .json(&werkzaam_protocol::account::RecoveryKeyRequest {
            vault: vault.to_owned(),
        })
        .map_err(|e| NetError::Refused(e.to_string()))?;
    let key: werkzaam_protocol::account::RecoveryKey = answer(request.send().await).await?;
    let bytes: Option<Vec<u8>> = (0..key.key.len())
        .step_by(2)
        .map(|i| {
            key.key
                .get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect();
    match bytes {
        Some(b) if b.len() == 32 => Ok(b),
        _ => Err(NetError::Refused(
            "De herstelsleutel van de server klopt niet. Probeer het later opnieuw.".into(),
        )),
    }
}
