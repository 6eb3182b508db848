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

use js_sys::{Array, Promise, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesGcmParams, AesKeyGenParams, CryptoKey, Pbkdf2Params};

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

/// `n` random bytes from the browser's CSPRNG (which gives at most 65,536 per call).
pub fn random_bytes(n: usize) -> Result<Vec<u8>, CryptoError> {
    let crypto = crypto()?;
    let mut bytes = vec![0u8; n];
    for chunk in bytes.chunks_mut(65_536) {
        crypto.get_random_values_with_u8_array(chunk).map_err(err)?;
    }
    Ok(bytes)
}

fn usages(list: &[&str]) -> Array {
    list.iter().map(|u| JsValue::from_str(u)).collect()
}

/// Awaits what a `crypto.subtle` method started.
async fn done(started: Result<Promise, JsValue>) -> Result<JsValue, CryptoError> {
    JsFuture::from(started.map_err(err)?).await.map_err(err)
}

/// Awaits a `crypto.subtle` method that answers a key.
async fn key(started: Result<Promise, JsValue>) -> Result<CryptoKey, CryptoError> {
    done(started).await?.dyn_into().map_err(err)
}

fn aes_gcm(iv: &[u8]) -> AesGcmParams {
    AesGcmParams::new_with_u8_array("AES-GCM", &Uint8Array::from(iv))
}

/// AES-GCM with `place` as additional authenticated data.
fn aes_gcm_bound(iv: &[u8], place: &[u8]) -> AesGcmParams {
    let params = aes_gcm(iv);
    params.set_additional_data_u8_array(&Uint8Array::from(place));
    params
}

fn aes_256() -> AesKeyGenParams {
    AesKeyGenParams::new("AES-GCM", 256)
}

/// The PIN key: PBKDF2-SHA256 over `pin` and `salt`, non-extractable, for wrapping only.
pub async fn pin_key(pin: &str, salt: &[u8]) -> Result<CryptoKey, CryptoError> {
    let subtle = subtle()?;
    let material = key(subtle.import_key_with_str(
        "raw",
        &Uint8Array::from(pin.as_bytes()),
        "PBKDF2",
        false,
        &usages(&["deriveKey"]),
    ))
    .await?;
    let params = Pbkdf2Params::new_with_str(
        "PBKDF2",
        "SHA-256",
        PBKDF2_ITERATIONS,
        &Uint8Array::from(salt),
    );
    key(subtle.derive_key_with_object_and_object(
        &params,
        &material,
        &aes_256(),
        false,
        &usages(&["wrapKey", "unwrapKey"]),
    ))
    .await
}

/// The recovery key from the server's 32 bytes, non-extractable, for wrapping only.
pub async fn recovery_key(bytes: &[u8]) -> Result<CryptoKey, CryptoError> {
    if bytes.len() != 32 {
        return Err(CryptoError("herstelsleutel heeft niet 32 bytes".into()));
    }
    key(subtle()?.import_key_with_str(
        "raw",
        &Uint8Array::from(bytes),
        "AES-GCM",
        false,
        &usages(&["wrapKey", "unwrapKey"]),
    ))
    .await
}

/// A new data key. It is extractable only so it can be wrapped (twice) right away; what the app
/// then keeps is the non-extractable copy [`unwrap`] gives.
pub async fn new_data_key() -> Result<CryptoKey, CryptoError> {
    key(subtle()?.generate_key_with_object(&aes_256(), true, &usages(&["encrypt", "decrypt"])))
        .await
}

/// `data_key` wrapped by `wrapping` (AES-GCM), as an envelope (version, nonce, ciphertext).
pub async fn wrap(data_key: &CryptoKey, wrapping: &CryptoKey) -> Result<Vec<u8>, CryptoError> {
    let iv = random_bytes(IV_BYTES)?;
    let wrapped =
        done(subtle()?.wrap_key_with_object("raw", data_key, wrapping, &aes_gcm(&iv))).await?;
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
    key(subtle()?.unwrap_key_with_js_u8_array_and_object_and_object(
        "raw",
        &Uint8Array::from(opened.ciphertext),
        wrapping,
        &aes_gcm(&opened.iv),
        &aes_256(),
        extractable,
        &usages(&["encrypt", "decrypt"]),
    ))
    .await
}

/// A new random salt for the PIN key.
pub fn new_salt() -> Result<Vec<u8>, CryptoError> {
    random_bytes(SALT_BYTES)
}

/// Awaits every promise of `started` together (`Promise.all`): Web Crypto works on them in
/// parallel and the app wakes once for the batch, not once per row.
async fn all_done(started: &Array) -> Result<Array, CryptoError> {
    Ok(JsFuture::from(Promise::all(started))
        .await
        .map_err(err)?
        .unchecked_into())
}

/// `plain` encrypted under `key` with a fresh nonce, bound to `place` (see
/// [`vault::rules::place`]) as associated data, as an envelope.
pub async fn encrypt(key: &CryptoKey, plain: &[u8], place: &[u8]) -> Result<Vec<u8>, CryptoError> {
    Ok(encrypt_all(key, &[(place, plain)]).await?.remove(0))
}

/// Every `(place, plain)` encrypted as by [`encrypt`], in order: every call to Web Crypto starts
/// before any is awaited (a batch of a thousand rows costs little more than one).
pub async fn encrypt_all(
    key: &CryptoKey,
    items: &[(&[u8], &[u8])],
) -> Result<Vec<Vec<u8>>, CryptoError> {
    let subtle = subtle()?;
    let ivs = random_bytes(IV_BYTES * items.len())?;
    let started = Array::new_with_length(items.len() as u32);
    for (i, ((place, plain), iv)) in items.iter().zip(ivs.chunks(IV_BYTES)).enumerate() {
        let promise = subtle
            .encrypt_with_object_and_js_u8_array(
                &aes_gcm_bound(iv, place),
                key,
                &Uint8Array::from(*plain),
            )
            .map_err(err)?;
        started.set(i as u32, promise.into());
    }
    let sealed = all_done(&started).await?;
    Ok(ivs
        .chunks(IV_BYTES)
        .zip(sealed.iter())
        .map(|(iv, sealed)| {
            let iv: &[u8; IV_BYTES] = iv.try_into().expect("IV_BYTES random bytes");
            vault::rules::envelope(iv, &Uint8Array::new(&sealed).to_vec())
        })
        .collect())
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
    Ok(decrypt_all(key, &[(place, envelope)], all_bound)
        .await?
        .remove(0))
}

/// Every `(place, envelope)` opened as by [`decrypt`], in order, all at once; an error when
/// any one does not open.
pub async fn decrypt_all(
    key: &CryptoKey,
    items: &[(&[u8], &[u8])],
    all_bound: bool,
) -> Result<Vec<Vec<u8>>, CryptoError> {
    let subtle = subtle()?;
    let started = Array::new_with_length(items.len() as u32);
    for (i, (place, envelope)) in items.iter().enumerate() {
        let opened = vault::rules::open_envelope(envelope)
            .ok_or_else(|| CryptoError("geen versleuteld record".into()))?;
        if !vault::rules::may_open(&opened, all_bound) {
            return Err(CryptoError("een record zonder plaats".into()));
        }
        let params = if opened.bound {
            aes_gcm_bound(&opened.iv, place)
        } else {
            aes_gcm(&opened.iv)
        };
        let promise = subtle
            .decrypt_with_object_and_js_u8_array(&params, key, &Uint8Array::from(opened.ciphertext))
            .map_err(err)?;
        started.set(i as u32, promise.into());
    }
    Ok(all_done(&started)
        .await?
        .iter()
        .map(|plain| Uint8Array::new(&plain).to_vec())
        .collect())
}
