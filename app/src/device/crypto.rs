//! The only module that calls Web Crypto (`crypto.subtle`): the device vault's keys and the
//! AES-256-GCM that [`super::store`] puts around every record and attachment.
//!
//! * The **data key** (AES-256-GCM) encrypts the records. It is made once per device store,
//!   kept only *wrapped*, and held in memory while the app is unlocked as a **non-extractable**
//!   `CryptoKey` (script cannot read its bytes, not even ours).
//! * The **PIN key** wraps the data key: PBKDF2-SHA256 over the worker's PIN with a random salt
//!   and [`crate::vault::rules::PBKDF2_ITERATIONS`] iterations.
//! * The **recovery key** (32 random bytes the server keeps per user and vault) wraps the data
//!   key a second time, so an online login opens the vault when the PIN is forgotten or locked.
//!
//! Byte layouts are plain functions in [`crate::vault::rules`] (tested natively).

use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::CryptoKey;

use crate::vault;
use crate::vault::rules::{IV_BYTES, PBKDF2_ITERATIONS, SALT_BYTES};

/// Something Web Crypto refused: for a wrapped key almost always a wrong PIN.
#[derive(Debug, Clone)]
pub struct CryptoError(pub String);

fn err(value: JsValue) -> CryptoError {
    CryptoError(
        value
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| value.as_string())
            .unwrap_or_else(|| format!("{value:?}")),
    )
}

fn crypto() -> Result<web_sys::Crypto, CryptoError> {
    web_sys::window()
        .ok_or_else(|| CryptoError("geen venster".into()))?
        .crypto()
        .map_err(err)
}

fn subtle() -> Result<web_sys::SubtleCrypto, CryptoError> {
    Ok(crypto()?.subtle())
}

/// `n` random bytes from the browser's CSPRNG.
pub fn random_bytes(n: usize) -> Result<Vec<u8>, CryptoError> {
    let mut bytes = vec![0u8; n];
    crypto()?
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(err)?;
    Ok(bytes)
}

fn object(entries: &[(&str, JsValue)]) -> Result<Object, CryptoError> {
    let o = Object::new();
    for (k, v) in entries {
        Reflect::set(&o, &JsValue::from_str(k), v).map_err(err)?;
    }
    Ok(o)
}

fn usages(list: &[&str]) -> Array {
    list.iter().map(|u| JsValue::from_str(u)).collect()
}

/// Calls `crypto.subtle[method](...args)` and awaits it.
async fn call(method: &str, args: &[JsValue]) -> Result<JsValue, CryptoError> {
    let subtle = subtle()?;
    let f: js_sys::Function = Reflect::get(&subtle, &JsValue::from_str(method))
        .map_err(err)?
        .dyn_into()
        .map_err(err)?;
    let promise: Promise = f
        .apply(&subtle, &args.iter().collect::<Array>())
        .map_err(err)?
        .dyn_into()
        .map_err(err)?;
    JsFuture::from(promise).await.map_err(err)
}

fn aes_gcm(iv: &[u8]) -> Result<Object, CryptoError> {
    object(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(iv).into()),
    ])
}

/// AES-GCM with `place` as additional authenticated data.
fn aes_gcm_bound(iv: &[u8], place: &[u8]) -> Result<Object, CryptoError> {
    object(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(iv).into()),
        ("additionalData", Uint8Array::from(place).into()),
    ])
}

fn aes_256() -> Result<Object, CryptoError> {
    object(&[("name", "AES-GCM".into()), ("length", 256.into())])
}

/// The PIN key: PBKDF2-SHA256 over `pin` and `salt`, non-extractable, for wrapping only.
pub async fn pin_key(pin: &str, salt: &[u8]) -> Result<CryptoKey, CryptoError> {
    let material = call(
        "importKey",
        &[
            "raw".into(),
            Uint8Array::from(pin.as_bytes()).into(),
            "PBKDF2".into(),
            JsValue::FALSE,
            usages(&["deriveKey"]).into(),
        ],
    )
    .await?;
    let params = object(&[
        ("name", "PBKDF2".into()),
        ("hash", "SHA-256".into()),
        ("salt", Uint8Array::from(salt).into()),
        ("iterations", PBKDF2_ITERATIONS.into()),
    ])?;
    call(
        "deriveKey",
        &[
            params.into(),
            material,
            aes_256()?.into(),
            JsValue::FALSE,
            usages(&["wrapKey", "unwrapKey"]).into(),
        ],
    )
    .await?
    .dyn_into()
    .map_err(err)
}

/// The recovery key from the server's 32 bytes, non-extractable, for wrapping only.
pub async fn recovery_key(bytes: &[u8]) -> Result<CryptoKey, CryptoError> {
    if bytes.len() != 32 {
        return Err(CryptoError("herstelsleutel heeft niet 32 bytes".into()));
    }
    call(
        "importKey",
        &[
            "raw".into(),
            Uint8Array::from(bytes).into(),
            "AES-GCM".into(),
            JsValue::FALSE,
            usages(&["wrapKey", "unwrapKey"]).into(),
        ],
    )
    .await?
    .dyn_into()
    .map_err(err)
}

/// A new data key. It is extractable only so it can be wrapped (twice) right away; what the app
/// then keeps is the non-extractable copy [`unwrap`] gives.
pub async fn new_data_key() -> Result<CryptoKey, CryptoError> {
    call(
        "generateKey",
        &[
            aes_256()?.into(),
            JsValue::TRUE,
            usages(&["encrypt", "decrypt"]).into(),
        ],
    )
    .await?
    .dyn_into()
    .map_err(err)
}

/// `data_key` wrapped by `wrapping` (AES-GCM), as an envelope (version, nonce, ciphertext).
pub async fn wrap(data_key: &CryptoKey, wrapping: &CryptoKey) -> Result<Vec<u8>, CryptoError> {
    let iv = random_bytes(IV_BYTES)?;
    let wrapped = call(
        "wrapKey",
        &[
            "raw".into(),
            data_key.into(),
            wrapping.into(),
            aes_gcm(&iv)?.into(),
        ],
    )
    .await?;
    let iv: [u8; IV_BYTES] = iv.try_into().expect("IV_BYTES random bytes");
    Ok(vault::rules::key_envelope(
        &iv,
        &Uint8Array::new(&wrapped).to_vec(),
    ))
}

/// Opens a wrapped data key with `wrapping`. Fails (GCM tag) when `wrapping` is not the key it
/// was wrapped with: a wrong PIN. What the app keeps is **non-extractable**; `extractable` only
/// for wrapping it again under a new PIN, right away.
pub async fn unwrap(
    wrapped: &[u8],
    wrapping: &CryptoKey,
    extractable: bool,
) -> Result<CryptoKey, CryptoError> {
    let opened =
        vault::rules::open_envelope(wrapped).ok_or_else(|| CryptoError("geen sleutel".into()))?;
    call(
        "unwrapKey",
        &[
            "raw".into(),
            Uint8Array::from(opened.ciphertext).into(),
            wrapping.into(),
            aes_gcm(&opened.iv)?.into(),
            aes_256()?.into(),
            JsValue::from_bool(extractable),
            usages(&["encrypt", "decrypt"]).into(),
        ],
    )
    .await?
    .dyn_into()
    .map_err(err)
}

/// A new random salt for the PIN key.
pub fn new_salt() -> Result<Vec<u8>, CryptoError> {
    random_bytes(SALT_BYTES)
}

/// `plain` encrypted under `key` with a fresh nonce, bound to `place` (see
/// [`vault::rules::place`]) as associated data, as an envelope.
pub async fn encrypt(key: &CryptoKey, plain: &[u8], place: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let iv = random_bytes(IV_BYTES)?;
    let sealed = call(
        "encrypt",
        &[
            aes_gcm_bound(&iv, place)?.into(),
            key.into(),
            Uint8Array::from(plain).into(),
        ],
    )
    .await?;
    let iv: [u8; IV_BYTES] = iv.try_into().expect("IV_BYTES random bytes");
    Ok(vault::rules::envelope(
        &iv,
        &Uint8Array::new(&sealed).to_vec(),
    ))
}

/// The plain bytes of an envelope made by [`encrypt`] under `key` for `place`; an error when it
/// was changed, made under another key or for another place — or is an unbound one (from before
/// binding) once `all_bound` says every record has been rewritten bound.
pub async fn decrypt(
    key: &CryptoKey,
    envelope: &[u8],
    place: &[u8],
    all_bound: bool,
) -> Result<Vec<u8>, CryptoError> {
    let opened = vault::rules::open_envelope(envelope)
        .ok_or_else(|| CryptoError("geen versleuteld record".into()))?;
    if !vault::rules::may_open(&opened, all_bound) {
        return Err(CryptoError("een record zonder plaats".into()));
    }
    let params = if opened.bound {
        aes_gcm_bound(&opened.iv, place)?
    } else {
        aes_gcm(&opened.iv)?
    };
    let plain = call(
        "decrypt",
        &[
            params.into(),
            key.into(),
            Uint8Array::from(opened.ciphertext).into(),
        ],
    )
    .await?;
    Ok(Uint8Array::new(&plain).to_vec())
}
