//! The only module that touches IndexedDB (through rexie): one file per group of object stores
//! ([`dialogues`], the outbox in [`changes`], [`blobs`], [`team`], [`vault`]; rows of older app versions in
//! [`legacy`]), all methods of one [`Store`].
//!
//! One database per user on the device (`werkzaam-<user id>`), with these stores:
//! * `dialogues`: the records, by `id`; `pending` (index since version 5): the id of the change
//!   that saved the row last;
//! * `outbox`: the mutations not yet acknowledged by the server, by mutation `id`; a save of a
//!   dialogue holds no copy of it but points at its row (`rid`, `ref`), so the push sends the
//!   dialogue as it is then — once, however often it was saved (`outbox::latest_only`);
//! * `meta`: one row `device` with this device's client id and the last mutation id issued;
//! * `blobs` (since version 2): drawings and photos, by the hash of their bytes;
//! * `uploads` (since version 2): the hashes of blobs the server does not have yet;
//! * `aside` (since version 3): changes the server refused, with its reason, by mutation id;
//!   their place in the outbox holds a placeholder, so the other changes still go;
//! * `packs` and `pack_data` (since version 6): pulled dialogues, a page of them per row
//!   ([`packs`]); of a dialogue's own row in `dialogues` and the packs that bring it, the one
//!   written last (`seq`) is the dialogue.
//!
//! Every change writes its record, its mutation, the counter and any new blob in **one
//! transaction**: all of it or nothing.
//!
//! **Encrypted at rest** (issue 7): every row's content — a dialogue, a team record, a change
//! in the outbox, a set-aside change and its reason, a drawing or photo — is stored as `enc`, an
//! AES-256-GCM envelope under the data key ([`super::crypto`]); the store holds that key only
//! while the app is unlocked. In the clear stay only keys and what the rules must read inside a
//! transaction, where Web Crypto cannot be awaited: record ids (random), the ids a change is
//! about (`rid`, `tid`), the hashes a dialogue shows (`refs`), a team record's kind, a blob's
//! content type, when a change was queued, the cursors and the vault (salt and wrapped keys).
//! Everything is encrypted before a write transaction opens and decrypted after a read one
//! closes. Rows from before encryption still read, and are encrypted at the first unlock
//! ([`Store::encrypt_old_rows`]).

use std::cell::RefCell;
use std::collections::HashMap;

use rexie::{Index, ObjectStore, Rexie, TransactionMode};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::CryptoKey;

use crate::vault::rules::place;
use werkzaam_domain::dialogue::LegacyDialogue;
use werkzaam_domain::team::{TeamData, TeamRecord};
use werkzaam_domain::Dialogue;
use werkzaam_protocol::{
    outbox::{self, Outgoing},
    sync::{Mutation, Operation},
};

mod blobs;
mod changes;
mod dialogues;
mod legacy;
mod packs;
mod team;
mod vault;

pub use vault::VaultMeta;

pub use crate::state::LocalBlob as Blob;
use blobs::{media_in_use, UploadEntry};
use changes::{drop_acknowledged, read_pending};
use legacy::{legacy_dialogue, legacy_mutation, legacy_pending_ref};
use packs::{PACKS, PACK_DATA};

const DIALOGUES: &str = "dialogues";

/// A dialogue row's field (and the index on it, since version 5): the id of the change that
/// saved it last, while that change may still be waiting; a push finds the dialogues of its
/// batch's saves with one request.
const PENDING: &str = "pending";

const BLOBS: &str = "blobs";

const UPLOADS: &str = "uploads";

const ASIDE: &str = "aside";

const OUTBOX: &str = "outbox";

const META: &str = "meta";

/// The team's records of issue 5 (stories, actions, dream statements, sessions, synonym
/// merges), `{id, kind, json}`.
const TEAM: &str = "team";

/// The key in `meta` of the team cursor.
const TEAM_KEY: &str = "team";

const DEVICE_KEY: &str = "device";

/// The key in `meta` of the vault.
const VAULT_KEY: &str = "vault";

/// What went wrong in the device store, in words for the worker.
#[derive(Debug, Clone)]
pub enum StoreError {
    /// The device has no room left.
    Full,
    /// The browser would not commit the change (almost always: no room left).
    NotCommitted,
    /// The app is locked: the data key is not in memory.
    Locked,
    /// A row does not decrypt under this device's key (changed on disk, or damaged).
    Damaged,
    Other(String),
}

impl StoreError {
    pub fn message(&self) -> String {
        match self {
            StoreError::Full => {
                "Je apparaat is vol: de wijziging is NIET opgeslagen. Maak ruimte vrij \
                                 (foto's, apps) en probeer het opnieuw."
                    .into()
            }
            StoreError::NotCommitted => "De wijziging is NIET opgeslagen: je apparaat kon haar niet \
                                         bewaren, meestal omdat het geheugen vol is. Maak ruimte vrij \
                                         en probeer het opnieuw."
                .into(),
            StoreError::Locked => "De app is vergrendeld. Voer je pincode in.".into(),
            StoreError::Damaged => "Een gegeven op dit apparaat is beschadigd en kan niet gelezen \
                                    worden. Neem contact op met je beheerder."
                .into(),
            StoreError::Other(detail) => {
                format!("Opslaan op dit apparaat lukt niet ({detail}). Je ingevulde gegevens staan nog in het formulier.")
            }
        }
    }
}

impl From<rexie::Error> for StoreError {
    fn from(err: rexie::Error) -> Self {
        let detail = format!("{err:?}");
        if detail.contains("QuotaExceeded") {
            StoreError::Full
        } else {
            StoreError::Other(detail)
        }
    }
}

/// A part of the wasm that could not be loaded (see `crate::lazy_pages`).
impl From<leptos::wasm_split::SplitLoaderError> for StoreError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        StoreError::Other("een deel van de app is nog niet op dit apparaat".into())
    }
}

impl From<serde_wasm_bindgen::Error> for StoreError {
    fn from(err: serde_wasm_bindgen::Error) -> Self {
        StoreError::Other(err.to_string())
    }
}

fn js_err(what: &str) -> impl Fn(JsValue) -> StoreError + '_ {
    move |_| StoreError::Other(what.into())
}

fn set(object: &JsValue, key: &str, value: &JsValue) -> Result<(), StoreError> {
    js_sys::Reflect::set(object, &JsValue::from_str(key), value)
        .map(|_| ())
        .map_err(js_err(key))
}

fn get(value: &JsValue, key: &str) -> Option<JsValue> {
    js_sys::Reflect::get(value, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn text(value: &JsValue, key: &str) -> Option<String> {
    get(value, key).and_then(|v| v.as_string())
}

/// The place a pending change's ciphertext is bound to: the dialogue or team record it is
/// about (it keeps it when it is set aside).
fn operation_place(value: &JsValue) -> Vec<u8> {
    place(
        "wijziging",
        &text(value, "rid")
            .or_else(|| text(value, "tid"))
            .unwrap_or_default(),
    )
}

/// Whether a stored row is encrypted but not yet bound to its place (from before issue 15).
fn unbound(value: &JsValue) -> bool {
    sealed_of(value)
        .is_some_and(|s| crate::vault::rules::open_envelope(&s).is_some_and(|o| !o.bound))
}

/// The ciphertext of a stored row (`enc`), if it is encrypted.
fn sealed_of(value: &JsValue) -> Option<Vec<u8>> {
    get(value, "enc")
        .and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok())
        .map(|a| a.to_vec())
}

/// A stored row: its key and fields, then `enc`, the ciphertext.
fn row(fields: &[(&str, JsValue)]) -> Result<JsValue, StoreError> {
    let object: JsValue = js_sys::Object::new().into();
    for (key, value) in fields {
        set(&object, key, value)?;
    }
    Ok(object)
}

/// Strings as a JS array (ids and hashes beside a ciphertext).
fn string_array<'a>(items: impl IntoIterator<Item = &'a str>) -> JsValue {
    items
        .into_iter()
        .map(JsValue::from_str)
        .collect::<js_sys::Array>()
        .into()
}

fn bytes_js(bytes: &[u8]) -> JsValue {
    js_sys::Uint8Array::from(bytes).into()
}

fn json_of(value: &JsValue) -> Option<String> {
    text(value, "json")
}

fn from_json<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::Other(e.to_string()))
}

fn to_json<T: Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Other(e.to_string()))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct DeviceMeta {
    key: String,
    client_id: String,
    last_issued: u64,
    /// The last write number of dialogues (their own rows and packs; the newest copy of a
    /// dialogue wins, see [`packs`]); 0 before version 6.
    #[serde(default)]
    seq: u64,
    /// Where the last pull ended (`-1`: never pulled). Kept as a JS number.
    #[serde(default = "never_pulled")]
    cursor: f64,
}

fn never_pulled() -> f64 {
    -1.0
}

impl DeviceMeta {
    fn fresh() -> Self {
        DeviceMeta {
            key: DEVICE_KEY.into(),
            client_id: super::new_id(),
            last_issued: 0,
            seq: 0,
            cursor: never_pulled(),
        }
    }
}

/// The device store of one user. Rows are encrypted with the data key, which the store holds
/// only while the app is unlocked ([`Store::unlock`], [`Store::lock`]); locked, only what needs
/// no key works (counts, cursors, the vault itself).
pub struct Store {
    db: Rexie,
    key: RefCell<Option<CryptoKey>>,
    /// Every record is bound to its place (the vault says so): an unbound one is refused.
    all_bound: std::cell::Cell<bool>,
    /// The device's meta row as this tab last wrote or read it: a save goes on from it without
    /// waiting to read the row first, and checks it in the same transaction (another tab, or a
    /// pull, may have written since: then the save is undone and made again from the row).
    meta_seen: RefCell<Option<DeviceMeta>>,
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, StoreError> {
    Ok(serde_wasm_bindgen::to_value(value)?)
}

/// Per row keyed by `id`: its place (`kind` and the id) and its ciphertext, if it is encrypted.
fn sealed_by_id(rows: &[JsValue], kind: &str) -> Vec<Option<(Vec<u8>, Vec<u8>)>> {
    rows.iter()
        .map(|value| {
            let id = text(value, "id").unwrap_or_default();
            sealed_of(value).map(|sealed| (place(kind, &id), sealed))
        })
        .collect()
}

/// The `(place, sealed)` pairs of the rows that have them, as [`Store::open_all`] takes them.
fn pairs(rows: &[Option<(Vec<u8>, Vec<u8>)>]) -> Vec<(&[u8], &[u8])> {
    rows.iter()
        .flatten()
        .map(|(place, sealed)| (place.as_slice(), sealed.as_slice()))
        .collect()
}

/// A cheap picture of a list of rows (their ciphertexts' lengths and first bytes): equal when
/// nothing was written in between, since every write makes a new nonce.
fn fingerprint(rows: &[JsValue]) -> Vec<(Option<String>, Vec<u8>)> {
    rows.iter()
        .map(|v| {
            let enc = sealed_of(v).unwrap_or_else(|| json_of(v).unwrap_or_default().into_bytes());
            (text(v, "id"), enc.into_iter().take(32).collect())
        })
        .collect()
}

/// Whether the origin's storage is (nearly) used up, by the browser's own estimate.
async fn storage_nearly_full() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let Ok(promise) = window.navigator().storage().estimate() else {
        return false;
    };
    let Ok(estimate) = wasm_bindgen_futures::JsFuture::from(promise).await else {
        return false;
    };
    let estimate: web_sys::StorageEstimate = estimate.unchecked_into();
    match (estimate.get_usage(), estimate.get_quota()) {
        (Some(usage), Some(quota)) => quota - usage < 1_000_000.0 || usage >= quota * 0.95,
        _ => false,
    }
}

impl Store {
    /// Removes the whole device store of `user_id` (at logout, once everything is delivered).
    /// The store must be closed first; another open tab makes the browser wait.
    pub async fn delete(user_id: &str) -> Result<(), StoreError> {
        Rexie::delete(&format!("werkzaam-{user_id}")).await?;
        Ok(())
    }

    /// Closes the connection (before [`Store::delete`]).
    pub fn close(self) {
        self.db.close();
    }

    pub async fn open(user_id: &str) -> Result<Store, StoreError> {
        let db = Rexie::builder(&format!("werkzaam-{user_id}"))
            .version(6)
            .add_object_store(
                ObjectStore::new(DIALOGUES)
                    .key_path("id")
                    .add_index(Index::new(PENDING, PENDING)),
            )
            .add_object_store(ObjectStore::new(PACKS).key_path("id"))
            .add_object_store(ObjectStore::new(PACK_DATA).key_path("id"))
            .add_object_store(ObjectStore::new(OUTBOX).key_path("id"))
            .add_object_store(ObjectStore::new(META).key_path("key"))
            .add_object_store(ObjectStore::new(BLOBS).key_path("hash"))
            .add_object_store(ObjectStore::new(UPLOADS).key_path("hash"))
            .add_object_store(ObjectStore::new(ASIDE).key_path("id"))
            .add_object_store(ObjectStore::new(TEAM).key_path("id"))
            .build()
            .await?;
        Ok(Store {
            db,
            key: RefCell::new(None),
            all_bound: std::cell::Cell::new(false),
            meta_seen: RefCell::new(None),
        })
    }

    /// Holds the data key (non-extractable) until [`Store::lock`].
    pub fn unlock(&self, key: CryptoKey) {
        *self.key.borrow_mut() = Some(key);
    }

    /// Forgets the data key: nothing can be read or written until the next unlock.
    pub fn lock(&self) {
        self.key.borrow_mut().take();
    }

    /// Whether every record is bound to its place (see [`VaultMeta::bound`]).
    pub fn set_all_bound(&self, bound: bool) {
        self.all_bound.set(bound);
    }

    pub fn is_unlocked(&self) -> bool {
        self.key.borrow().is_some()
    }

    fn data_key(&self) -> Result<CryptoKey, StoreError> {
        self.key.borrow().clone().ok_or(StoreError::Locked)
    }

    /// `plain` encrypted and bound to `place` ([`crate::vault::rules::place`]).
    async fn seal(&self, place: &[u8], plain: &[u8]) -> Result<JsValue, StoreError> {
        Ok(self.seal_all(&[(place.to_vec(), plain)]).await?.remove(0))
    }

    /// Every `(place, plain)` sealed as by [`Store::seal`], in order, all at once: a batch is
    /// encrypted before its transaction opens, and waits for Web Crypto once.
    async fn seal_all(&self, items: &[(Vec<u8>, &[u8])]) -> Result<Vec<JsValue>, StoreError> {
        if items.is_empty() {
            return Ok(Vec::new());
        }
        let key = self.data_key()?;
        let items: Vec<(&[u8], &[u8])> = items.iter().map(|(p, b)| (p.as_slice(), *b)).collect();
        let sealed = super::crypto::encrypt_all(&key, &items)
            .await
            .map_err(|e| StoreError::Other(e.0))?;
        Ok(sealed.iter().map(|s| bytes_js(s)).collect())
    }

    async fn open_sealed(&self, place: &[u8], sealed: &[u8]) -> Result<Vec<u8>, StoreError> {
        Ok(self.open_all(&[(place, sealed)]).await?.remove(0))
    }

    /// Every `(place, sealed)` opened, in order, all at once.
    async fn open_all(&self, items: &[(&[u8], &[u8])]) -> Result<Vec<Vec<u8>>, StoreError> {
        if items.is_empty() {
            return Ok(Vec::new());
        }
        let key = self.data_key()?;
        super::crypto::decrypt_all(&key, items, self.all_bound.get())
            .await
            .map_err(|_| StoreError::Damaged)
    }

    async fn open_text(&self, place: &[u8], sealed: &[u8]) -> Result<String, StoreError> {
        Ok(self.open_texts(&[(place, sealed)]).await?.remove(0))
    }

    /// Every `(place, sealed)` opened as text, in order, all at once.
    async fn open_texts(&self, items: &[(&[u8], &[u8])]) -> Result<Vec<String>, StoreError> {
        self.open_all(items)
            .await?
            .into_iter()
            .map(|plain| String::from_utf8(plain).map_err(|_| StoreError::Damaged))
            .collect()
    }
}

/// How the time of a batch write splits (for `.ci/bench-browser`, never in the shipped app):
/// milliseconds to serialize `dialogues`, to encrypt them, to put the rows in one transaction
/// (into the dialogues, removed again in a second one), to read them back and to decrypt them.
#[cfg(feature = "bench")]
impl Store {
    pub async fn bench_breakdown(
        &self,
        dialogues: &[Dialogue],
        now: impl Fn() -> f64,
    ) -> Result<Vec<f64>, StoreError> {
        let t0 = now();
        let jsons = dialogues
            .iter()
            .map(to_json)
            .collect::<Result<Vec<_>, _>>()?;
        let t1 = now();
        let rows = self.seal_dialogues(dialogues).await?;
        let t2 = now();
        let tx = self
            .db
            .transaction(&[DIALOGUES], TransactionMode::ReadWrite)?;
        tx.store(DIALOGUES)?
            .put_all(rows.iter().map(|r| (r.row.clone(), None)))
            .await?;
        tx.done().await?;
        let t3 = now();
        // Read back as the app reads: every row in one request.
        let tx = self
            .db
            .transaction(&[DIALOGUES], TransactionMode::ReadOnly)?;
        let ids: std::collections::HashSet<&str> =
            dialogues.iter().map(|d| d.id.as_str()).collect();
        let read: Vec<JsValue> = tx
            .store(DIALOGUES)?
            .get_all(None, None)
            .await?
            .into_iter()
            .filter(|v| text(v, "id").is_some_and(|id| ids.contains(id.as_str())))
            .collect();
        tx.done().await?;
        let t4 = now();
        let back = self.read_dialogues(&read).await?;
        let t5 = now();
        let tx = self
            .db
            .transaction(&[DIALOGUES], TransactionMode::ReadWrite)?;
        for d in dialogues {
            tx.store(DIALOGUES)?
                .delete(JsValue::from_str(&d.id))
                .await?;
        }
        tx.done().await?;
        let encrypt_only = {
            let items: Vec<_> = dialogues
                .iter()
                .zip(&jsons)
                .map(|(d, json)| (place("dialoog", &d.id), json.as_bytes()))
                .collect();
            let t = now();
            self.seal_all(&items).await?;
            now() - t
        };
        let one = {
            let t = now();
            self.seal_dialogues(&dialogues[..1]).await?;
            now() - t
        };
        assert_eq!(back.len(), dialogues.len());
        Ok(vec![
            t1 - t0,
            t2 - t1,
            t3 - t2,
            t4 - t3,
            t5 - t4,
            encrypt_only,
            one,
        ])
    }
}
