//! The only module that touches IndexedDB (through rexie).
//!
//! One database per user on the device (`werkzaam-<user id>`), with these stores:
//! * `dialogues`: the records, by `id`;
//! * `outbox`: the mutations not yet acknowledged by the server, by mutation `id`;
//! * `meta`: one row `device` with this device's client id and the last mutation id issued;
//! * `blobs` (since version 2): drawings and photos, by the hash of their bytes;
//! * `uploads` (since version 2): the hashes of blobs the server does not have yet;
//! * `aside` (since version 3): changes the server refused, with its reason, by mutation id;
//!   their place in the outbox holds a placeholder, so the other changes still go.
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
//!
//! Over 800 lines, not split here: the device store's one transaction-per-change rule keeps
//! every IndexedDB call here; it splits into per-store files in issue 16's restructure, which
//! moves every file in one step with behaviour unchanged (splitting it piecemeal now would make
//! that step harder to review).

use std::cell::RefCell;

use rexie::{ObjectStore, Rexie, TransactionMode};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::CryptoKey;

use crate::vault::rules::place;
use werkzaam_domain::dialogue::LegacyDialogue;
use werkzaam_domain::team::{TeamData, TeamRecord};
use werkzaam_domain::Dialogue;
use werkzaam_protocol::{
    outbox,
    sync::{Mutation, Operation},
};

const DIALOGUES: &str = "dialogues";
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

impl From<serde_wasm_bindgen::Error> for StoreError {
    fn from(err: serde_wasm_bindgen::Error) -> Self {
        StoreError::Other(err.to_string())
    }
}

pub use crate::state::LocalBlob as Blob;

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

fn bytes_js(bytes: &[u8]) -> JsValue {
    js_sys::Uint8Array::from(bytes).into()
}

/// A change the server refused, kept on the device (the `aside` store). What the worker sees
/// (the reason) and the change itself are encrypted (`reason_enc`, `enc`); the dialogue's id is
/// not, so a delivered dialogue can end it inside a transaction.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct LegacyAsideEntry {
    id: f64,
    dialogue_id: String,
    reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct UploadEntry {
    hash: String,
    /// When it was queued (ms since the epoch; 0 for entries from before).
    #[serde(default)]
    queued_at: f64,
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

/// A mutation of the first app version, stored as a plain object.
#[derive(Debug, Clone, Deserialize)]
struct LegacyMutation {
    id: u64,
    operation: LegacyOperation,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum LegacyOperation {
    UpsertDialogue { dialogue: LegacyDialogue },
}

/// A dialogue row written before encryption (`{id, json}`, or a plain object of the first app
/// version).
fn legacy_dialogue(value: &JsValue) -> Result<Dialogue, StoreError> {
    match json_of(value) {
        Some(json) => from_json(&json),
        None => Ok(serde_wasm_bindgen::from_value::<LegacyDialogue>(value.clone())?.into()),
    }
}

/// An outbox row written before encryption.
fn legacy_mutation(value: &JsValue) -> Result<Mutation, StoreError> {
    match json_of(value) {
        // Written by an app of protocol 6 or older: rewritten, not lost.
        Some(json) => from_json(&json).or_else(|e| match outbox::upgrade_mutation_json(&json) {
            Some(upgraded) => from_json(&upgraded),
            None => Err(e),
        }),
        None => {
            let old = serde_wasm_bindgen::from_value::<LegacyMutation>(value.clone())?;
            let LegacyOperation::UpsertDialogue { dialogue } = old.operation;
            Ok(Mutation {
                id: old.id,
                operation: Operation::UpsertDialogue {
                    dialogue: Box::new(dialogue.into()),
                },
            })
        }
    }
}

fn outbox_key(value: &JsValue) -> u64 {
    get(value, "id").and_then(|v| v.as_f64()).unwrap_or(0.0) as u64
}

/// What a waiting change is about, read from its row without the key (the ids sit beside the
/// ciphertext; rows from before encryption are read whole).
fn pending_ref(value: &JsValue) -> Result<outbox::PendingRef, StoreError> {
    if sealed_of(value).is_some() || get(value, "noop").is_some() {
        return Ok(outbox::PendingRef {
            id: outbox_key(value),
            dialogue_id: text(value, "rid"),
            team_record_id: text(value, "tid"),
        });
    }
    Ok((&legacy_mutation(value)?).into())
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct DeviceMeta {
    key: String,
    client_id: String,
    last_issued: u64,
    /// Where the last pull ended (`-1`: never pulled). Kept as a JS number.
    #[serde(default = "never_pulled")]
    cursor: f64,
}

/// Where the last pull of the team's records ended, kept under `meta/team`.
#[derive(Serialize, Deserialize)]
struct TeamMeta {
    key: String,
    cursor: f64,
}

/// The vault of this device store, kept under `meta/vault`: the data key wrapped by the PIN key
/// and by the server's recovery key, the PIN key's salt, and the wrong PINs in a row. Nothing
/// here opens anything without the PIN or the recovery key.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VaultMeta {
    key: String,
    /// This vault's id (the server keeps its recovery key under it).
    pub id: String,
    pub salt: Vec<u8>,
    pub by_pin: Vec<u8>,
    #[serde(default)]
    pub by_recovery: Option<Vec<u8>>,
    #[serde(default)]
    pub failures: u32,
    /// Every row from before encryption has been encrypted.
    #[serde(default)]
    pub migrated: bool,
    /// The session's request key (issue 15), sealed under the data key: only an open vault
    /// makes requests for client content.
    #[serde(default)]
    pub request_key: Option<Vec<u8>>,
    /// Every row is bound to its place (envelope version 2): an unbound row is refused.
    #[serde(default)]
    pub bound: bool,
}

impl VaultMeta {
    pub fn new(id: String, salt: Vec<u8>, by_pin: Vec<u8>, by_recovery: Option<Vec<u8>>) -> Self {
        VaultMeta {
            key: VAULT_KEY.into(),
            id,
            salt,
            by_pin,
            by_recovery,
            failures: 0,
            migrated: false,
            request_key: None,
            bound: false,
        }
    }
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
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, StoreError> {
    Ok(serde_wasm_bindgen::to_value(value)?)
}

/// Awaits all of `futures` at once (Web Crypto works on them in parallel).
async fn all<T>(
    futures: impl IntoIterator<Item = impl std::future::Future<Output = Result<T, StoreError>>>,
) -> Result<Vec<T>, StoreError> {
    futures::future::join_all(futures)
        .await
        .into_iter()
        .collect()
}

/// A dialogue as a row: its id, the hashes of its drawings and photos (so the upload queue can
/// be tidied inside a transaction) and the encrypted JSON.
struct SealedDialogue {
    id: String,
    row: JsValue,
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
            .version(4)
            .add_object_store(ObjectStore::new(DIALOGUES).key_path("id"))
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
        let key = self.data_key()?;
        let sealed = super::crypto::encrypt(&key, plain, place)
            .await
            .map_err(|e| StoreError::Other(e.0))?;
        Ok(bytes_js(&sealed))
    }

    async fn open_sealed(&self, place: &[u8], sealed: &[u8]) -> Result<Vec<u8>, StoreError> {
        let key = self.data_key()?;
        super::crypto::decrypt(&key, sealed, place, self.all_bound.get())
            .await
            .map_err(|_| StoreError::Damaged)
    }

    async fn open_text(&self, place: &[u8], sealed: &[u8]) -> Result<String, StoreError> {
        String::from_utf8(self.open_sealed(place, sealed).await?).map_err(|_| StoreError::Damaged)
    }

    async fn seal_dialogue(&self, d: &Dialogue) -> Result<SealedDialogue, StoreError> {
        let enc = self
            .seal(&place("dialoog", &d.id), to_json(d)?.as_bytes())
            .await?;
        let refs: js_sys::Array = d
            .media()
            .into_iter()
            .map(|m| JsValue::from_str(&m.hash))
            .collect();
        let row = row(&[
            ("id", JsValue::from_str(&d.id)),
            ("refs", refs.into()),
            ("enc", enc),
        ])?;
        Ok(SealedDialogue {
            id: d.id.clone(),
            row,
        })
    }

    async fn read_dialogue(&self, value: &JsValue) -> Result<Dialogue, StoreError> {
        match sealed_of(value) {
            Some(sealed) => {
                let id = text(value, "id").unwrap_or_default();
                from_json(&self.open_text(&place("dialoog", &id), &sealed).await?)
            }
            None => legacy_dialogue(value),
        }
    }

    async fn read_dialogues(&self, values: &[JsValue]) -> Result<Vec<Dialogue>, StoreError> {
        all(values.iter().map(|v| self.read_dialogue(v))).await
    }

    async fn read_mutation(&self, value: &JsValue) -> Result<Mutation, StoreError> {
        if get(value, "noop").is_some() {
            return Ok(Mutation {
                id: outbox_key(value),
                operation: Operation::Noop,
            });
        }
        match sealed_of(value) {
            Some(sealed) => Ok(Mutation {
                id: outbox_key(value),
                operation: from_json(&self.open_text(&operation_place(value), &sealed).await?)?,
            }),
            None => legacy_mutation(value),
        }
    }

    async fn read_mutations(&self, values: &[JsValue]) -> Result<Vec<Mutation>, StoreError> {
        all(values.iter().map(|v| self.read_mutation(v))).await
    }

    /// An outbox row: the key, what it is about (in the clear, for the pull rules), the
    /// encrypted operation, when it was queued. `id` is filled in inside the transaction.
    async fn seal_operation(&self, operation: &Operation) -> Result<JsValue, StoreError> {
        let m = Mutation {
            id: 0,
            operation: operation.clone(),
        };
        let r = outbox::PendingRef::from(&m);
        let place = place(
            "wijziging",
            r.dialogue_id
                .as_deref()
                .or(r.team_record_id.as_deref())
                .unwrap_or_default(),
        );
        let mut fields = vec![
            (
                "enc",
                self.seal(&place, to_json(operation)?.as_bytes()).await?,
            ),
            ("queued_at", JsValue::from_f64(js_sys::Date::now())),
        ];
        if let Some(id) = r.dialogue_id {
            fields.push(("rid", JsValue::from_str(&id)));
        }
        if let Some(id) = r.team_record_id {
            fields.push(("tid", JsValue::from_str(&id)));
        }
        row(&fields)
    }

    async fn seal_blob(&self, blob: &Blob) -> Result<JsValue, StoreError> {
        row(&[
            ("hash", JsValue::from_str(&blob.hash)),
            ("content_type", JsValue::from_str(&blob.content_type)),
            (
                "enc",
                self.seal(&place("bijlage", &blob.hash), &blob.bytes)
                    .await?,
            ),
        ])
    }

    async fn read_blob(&self, value: &JsValue) -> Result<Blob, StoreError> {
        let bytes = match sealed_of(value) {
            Some(sealed) => {
                let hash = text(value, "hash").unwrap_or_default();
                self.open_sealed(&place("bijlage", &hash), &sealed).await?
            }
            None => get(value, "bytes")
                .and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok())
                .map(|a| a.to_vec())
                .ok_or_else(|| StoreError::Other("onleesbare bijlage".into()))?,
        };
        match (text(value, "hash"), text(value, "content_type")) {
            (Some(hash), Some(content_type)) => Ok(Blob {
                hash,
                content_type,
                bytes,
            }),
            _ => Err(StoreError::Other("onleesbare bijlage".into())),
        }
    }

    async fn seal_team(&self, id: &str, kind: &str, json: &str) -> Result<JsValue, StoreError> {
        row(&[
            ("id", JsValue::from_str(id)),
            ("kind", JsValue::from_str(kind)),
            ("enc", self.seal(&place("team", id), json.as_bytes()).await?),
        ])
    }

    /// The vault of this store, if it has one.
    pub async fn vault(&self) -> Result<Option<VaultMeta>, StoreError> {
        let tx = self.db.transaction(&[META], TransactionMode::ReadOnly)?;
        let value = tx.store(META)?.get(JsValue::from_str(VAULT_KEY)).await?;
        tx.done().await?;
        Ok(match value {
            Some(v) => Some(serde_wasm_bindgen::from_value(v)?),
            None => None,
        })
    }

    /// Keeps the vault (a new one, a new PIN, the count of wrong PINs).
    pub async fn put_vault(&self, vault: &VaultMeta) -> Result<(), StoreError> {
        let tx = self.db.transaction(&[META], TransactionMode::ReadWrite)?;
        tx.store(META)?.put(&to_js(vault)?, None).await?;
        let result = tx.done().await?;
        if result.is_committed() {
            Ok(())
        } else {
            Err(StoreError::NotCommitted)
        }
    }

    /// Counts one wrong PIN in the vault and returns the count, read and written in one
    /// transaction: two tabs trying at once each count (issue 15).
    pub async fn count_wrong_pin(&self) -> Result<u32, StoreError> {
        let tx = self.db.transaction(&[META], TransactionMode::ReadWrite)?;
        let counted = async {
            let Some(value) = tx.store(META)?.get(JsValue::from_str(VAULT_KEY)).await? else {
                return Err(StoreError::Other("geen kluis".into()));
            };
            let mut meta: VaultMeta = serde_wasm_bindgen::from_value(value)?;
            meta.failures += 1;
            tx.store(META)?.put(&to_js(&meta)?, None).await?;
            Ok::<u64, StoreError>(u64::from(meta.failures))
        }
        .await;
        self.finish_write(tx, counted).await.map(|n| n as u32)
    }

    /// Seals `key` (the session's request key) into the vault: after a login, so the next
    /// unlock with the PIN brings it back. Needs the open vault.
    pub async fn keep_request_key(&self, key: &str) -> Result<(), StoreError> {
        let data_key = self.data_key()?;
        let Some(mut meta) = self.vault().await? else {
            return Ok(());
        };
        let sealed = super::crypto::encrypt(&data_key, key.as_bytes(), &place("sleutel", &meta.id))
            .await
            .map_err(|e| StoreError::Other(e.0))?;
        meta.request_key = Some(sealed);
        self.put_vault(&meta).await
    }

    /// The session's request key sealed in `meta`, opened with the data key.
    pub async fn request_key(&self, meta: &VaultMeta) -> Option<String> {
        let sealed = meta.request_key.as_ref()?;
        let plain = self
            .open_sealed(&place("sleutel", &meta.id), sealed)
            .await
            .ok()?;
        String::from_utf8(plain).ok()
    }

    /// Keeps a new vault unless the store has one already (another tab chose a PIN first):
    /// whether it was kept. One transaction, so two tabs never both make one.
    pub async fn put_new_vault(&self, vault: &VaultMeta) -> Result<bool, StoreError> {
        let tx = self.db.transaction(&[META], TransactionMode::ReadWrite)?;
        let written = async {
            if tx
                .store(META)?
                .get(JsValue::from_str(VAULT_KEY))
                .await?
                .is_some()
            {
                return Ok(0);
            }
            tx.store(META)?.put(&to_js(vault)?, None).await?;
            Ok::<u64, StoreError>(1)
        }
        .await;
        self.finish_write(tx, written).await.map(|n| n == 1)
    }

    /// Encrypts every row still in the clear (written by an app from before encryption) and
    /// rewrites every row encrypted without its place (before issue 15) bound to it, then marks
    /// the vault migrated and bound: from then on an unbound row is refused. A row rewritten
    /// meanwhile is done already and left alone.
    pub async fn encrypt_old_rows(&self) -> Result<usize, StoreError> {
        let stores = [DIALOGUES, OUTBOX, TEAM, ASIDE, BLOBS];
        let tx = self.db.transaction(&stores, TransactionMode::ReadOnly)?;
        let mut read = Vec::new();
        let old = |value: &JsValue| {
            get(value, "noop").is_none() && (sealed_of(value).is_none() || unbound(value))
        };
        for name in stores {
            for value in tx.store(name)?.get_all(None, None).await? {
                if old(&value) {
                    read.push((name, value));
                }
            }
        }
        tx.done().await?;
        let mut sealed = Vec::with_capacity(read.len());
        for (name, value) in &read {
            let new_row = match *name {
                DIALOGUES => {
                    self.seal_dialogue(&self.read_dialogue(value).await?)
                        .await?
                        .row
                }
                OUTBOX => {
                    let m = self.read_mutation(value).await?;
                    let r = if m.operation == Operation::Noop {
                        row(&[("noop", JsValue::TRUE)])?
                    } else {
                        self.seal_operation(&m.operation).await?
                    };
                    set(&r, "id", &JsValue::from_f64(m.id as f64))?;
                    if let Some(at) = get(value, "queued_at") {
                        set(&r, "queued_at", &at)?;
                    }
                    r
                }
                TEAM => {
                    let id = text(value, "id").unwrap_or_default();
                    let kind = text(value, "kind").unwrap_or_default();
                    let json = match sealed_of(value) {
                        Some(sealed) => self.open_text(&place("team", &id), &sealed).await?,
                        None => json_of(value).unwrap_or_default(),
                    };
                    self.seal_team(&id, &kind, &json).await?
                }
                ASIDE if sealed_of(value).is_some() => {
                    // Encrypted without its place: open both parts as they were, bind them.
                    let id = get(value, "id")
                        .and_then(|i| i.as_f64())
                        .unwrap_or_default();
                    let dialogue_id = text(value, "dialogue_id").unwrap_or_default();
                    let reason = match get(value, "reason_enc")
                        .and_then(|r| r.dyn_into::<js_sys::Uint8Array>().ok())
                    {
                        Some(r) => self.open_text(&[], &r.to_vec()).await?,
                        None => text(value, "reason").unwrap_or_default(),
                    };
                    let op = self
                        .open_text(&[], &sealed_of(value).unwrap_or_default())
                        .await?;
                    row(&[
                        ("id", JsValue::from_f64(id)),
                        ("dialogue_id", JsValue::from_str(&dialogue_id)),
                        (
                            "reason_enc",
                            self.seal(&place("reden", &(id as u64).to_string()), reason.as_bytes())
                                .await?,
                        ),
                        (
                            "enc",
                            self.seal(&place("wijziging", &dialogue_id), op.as_bytes())
                                .await?,
                        ),
                    ])?
                }
                ASIDE => {
                    let old: LegacyAsideEntry = serde_wasm_bindgen::from_value(value.clone())?;
                    let json = json_of(value).unwrap_or_default();
                    let op = from_json::<Mutation>(&json)
                        .map(|m| m.operation)
                        .unwrap_or(Operation::Noop);
                    row(&[
                        ("id", JsValue::from_f64(old.id)),
                        ("dialogue_id", JsValue::from_str(&old.dialogue_id)),
                        (
                            "reason_enc",
                            self.seal(
                                &place("reden", &(old.id as u64).to_string()),
                                old.reason.as_bytes(),
                            )
                            .await?,
                        ),
                        (
                            "enc",
                            self.seal(
                                &place("wijziging", &old.dialogue_id),
                                to_json(&op)?.as_bytes(),
                            )
                            .await?,
                        ),
                    ])?
                }
                _ => self.seal_blob(&self.read_blob(value).await?).await?,
            };
            sealed.push((*name, new_row));
        }
        let tx = self.db.transaction(
            &[DIALOGUES, OUTBOX, TEAM, ASIDE, BLOBS, META],
            TransactionMode::ReadWrite,
        )?;
        let written = async {
            for (name, new_row) in &sealed {
                let key = get(new_row, if *name == BLOBS { "hash" } else { "id" })
                    .ok_or_else(|| StoreError::Other("key".into()))?;
                let now = tx.store(name)?.get(key).await?;
                if now.as_ref().is_some_and(old) {
                    tx.store(name)?.put(new_row, None).await?;
                }
            }
            if let Some(value) = tx.store(META)?.get(JsValue::from_str(VAULT_KEY)).await? {
                let mut vault: VaultMeta = serde_wasm_bindgen::from_value(value)?;
                vault.migrated = true;
                vault.bound = true;
                tx.store(META)?.put(&to_js(&vault)?, None).await?;
            }
            Ok::<u64, StoreError>(sealed.len() as u64)
        }
        .await;
        self.finish_write(tx, written).await.map(|n| n as usize)
    }

    /// The records and the pending mutations, read in one transaction so they agree.
    pub async fn snapshot(&self) -> Result<(Vec<Dialogue>, Vec<Mutation>), StoreError> {
        self.data_key()?;
        let tx = self
            .db
            .transaction(&[DIALOGUES, OUTBOX], TransactionMode::ReadOnly)?;
        let records = tx.store(DIALOGUES)?.get_all(None, None).await?;
        let pending = tx.store(OUTBOX)?.get_all(None, None).await?;
        tx.done().await?;
        Ok((
            self.read_dialogues(&records).await?,
            self.read_mutations(&pending).await?,
        ))
    }

    /// When the oldest change still waiting was made (milliseconds), if any change waits and
    /// it says so (changes of the first app version do not).
    pub async fn oldest_unsent_ms(&self) -> Result<Option<i64>, StoreError> {
        let tx = self.db.transaction(&[OUTBOX], TransactionMode::ReadOnly)?;
        let first = tx.store(OUTBOX)?.get_all(None, Some(1)).await?;
        tx.done().await?;
        Ok(first
            .first()
            .and_then(|v| get(v, "queued_at"))
            .and_then(|t| t.as_f64())
            .map(|t| t as i64))
    }

    /// Where the last pull ended (`-1`: never).
    pub async fn pull_cursor(&self) -> Result<i64, StoreError> {
        let tx = self.db.transaction(&[META], TransactionMode::ReadOnly)?;
        let meta = tx.store(META)?.get(JsValue::from_str(DEVICE_KEY)).await?;
        tx.done().await?;
        Ok(match meta {
            Some(v) => serde_wasm_bindgen::from_value::<DeviceMeta>(v)?.cursor as i64,
            None => -1,
        })
    }

    /// Where the last pull of the team's records ended (`-1`: never).
    pub async fn team_cursor(&self) -> Result<i64, StoreError> {
        let tx = self.db.transaction(&[META], TransactionMode::ReadOnly)?;
        let meta = tx.store(META)?.get(JsValue::from_str(TEAM_KEY)).await?;
        tx.done().await?;
        Ok(match meta {
            Some(v) => serde_wasm_bindgen::from_value::<TeamMeta>(v)?.cursor as i64,
            None => -1,
        })
    }

    /// Stores a pulled page of the team's stories and actions and the cursor to keep, in one
    /// transaction; records with unsent changes here are left as they are
    /// (`outbox::team_page`). Returns the cursor kept.
    pub async fn apply_team_pull(
        &self,
        page: &werkzaam_protocol::sync::TeamPullResponse,
        held: Option<i64>,
    ) -> Result<i64, StoreError> {
        let mut pulled: Vec<(String, u64, &'static str, String)> = Vec::new();
        for s in &page.stories {
            pulled.push((s.id.clone(), s.version, "story", to_json(s)?));
        }
        for a in &page.actions {
            pulled.push((a.id.clone(), a.version, "action", to_json(a)?));
        }
        for d in &page.dreams {
            pulled.push((d.id.clone(), d.version, "dream", to_json(d)?));
        }
        for m in &page.meetings {
            pulled.push((m.id.clone(), m.version, "meeting", to_json(m)?));
        }
        for m in &page.synonyms {
            pulled.push((m.id.clone(), m.version, "synonym", to_json(m)?));
        }
        // Encrypted before the transaction: Web Crypto is asynchronous, and a transaction
        // with nothing to do in between commits on its own.
        let rows = all(pulled
            .iter()
            .map(|(id, _, kind, json)| self.seal_team(id, kind, json)))
        .await?;
        let tx = self
            .db
            .transaction(&[TEAM, OUTBOX, META], TransactionMode::ReadWrite)?;
        let result = async {
            let pending = read_pending(&tx).await?;
            let ids: Vec<(String, u64)> = pulled.iter().map(|p| (p.0.clone(), p.1)).collect();
            let (store, keep_cursor) = outbox::team_page(&pending, &ids, page.cursor, held);
            let keep = pulled
                .iter()
                .zip(rows)
                .filter(|(p, _)| store.contains(&p.0.as_str()))
                .map(|(_, r)| (r, None));
            tx.store(TEAM)?.put_all(keep).await?;
            let meta = TeamMeta {
                key: TEAM_KEY.into(),
                cursor: keep_cursor as f64,
            };
            tx.store(META)?.put(&to_js(&meta)?, None).await?;
            Ok::<i64, StoreError>(keep_cursor)
        }
        .await;
        match result {
            Ok(kept) => {
                tx.done().await?;
                Ok(kept)
            }
            Err(e) => {
                let _ = tx.abort().await;
                Err(e)
            }
        }
    }

    /// The team's records (stories, actions, groepsdroom, sessions, synonyms) on this device.
    pub async fn team_records(&self) -> Result<TeamData, StoreError> {
        self.data_key()?;
        let tx = self.db.transaction(&[TEAM], TransactionMode::ReadOnly)?;
        let all_rows = tx.store(TEAM)?.get_all(None, None).await?;
        tx.done().await?;
        let jsons = all(all_rows.iter().map(|value| async move {
            let kind = text(value, "kind").unwrap_or_default();
            let json = match sealed_of(value) {
                Some(sealed) => {
                    let id = text(value, "id").unwrap_or_default();
                    self.open_text(&place("team", &id), &sealed).await?
                }
                None => json_of(value).unwrap_or_default(),
            };
            Ok((kind, json))
        }))
        .await?;
        let mut data = TeamData::default();
        for (kind, json) in jsons {
            match kind.as_str() {
                "story" => data.stories.push(from_json(&json)?),
                "action" => data.actions.push(from_json(&json)?),
                "dream" => data.dreams.push(from_json(&json)?),
                "meeting" => data.meetings.push(from_json(&json)?),
                "synonym" => data.synonyms.push(from_json(&json)?),
                _ => {}
            }
        }
        Ok(data)
    }

    /// Stores one of the team's records and its mutation in one transaction.
    pub async fn save_team_record(&self, record: TeamRecord) -> Result<u64, StoreError> {
        let (id, kind) = (record.id().to_owned(), record.kind());
        let operation = Operation::from(record);
        let json = match &operation {
            Operation::UpsertStory { story } => to_json(story)?,
            Operation::UpsertAction { action } => to_json(action)?,
            Operation::UpsertDream { dream } => to_json(dream)?,
            Operation::UpsertMeeting { meeting } => to_json(meeting)?,
            Operation::UpsertSynonym { synonym } => to_json(synonym)?,
            Operation::UpsertDialogue { .. } | Operation::Noop => {
                return Err(StoreError::Other("team".into()))
            }
        };
        let record_js = self.seal_team(&id, kind, &json).await?;
        let mutation_js = self.seal_operation(&operation).await?;
        let tx = self
            .db
            .transaction(&[TEAM, OUTBOX, META], TransactionMode::ReadWrite)?;
        let written = async {
            let meta_store = tx.store(META)?;
            let mut meta = match meta_store.get(JsValue::from_str(DEVICE_KEY)).await? {
                Some(value) => serde_wasm_bindgen::from_value::<DeviceMeta>(value)?,
                None => DeviceMeta::fresh(),
            };
            let mutation_id = outbox::next_mutation_id(meta.last_issued);
            meta.last_issued = mutation_id;
            set(&mutation_js, "id", &JsValue::from_f64(mutation_id as f64))?;
            tx.store(TEAM)?.put(&record_js, None).await?;
            tx.store(OUTBOX)?.put(&mutation_js, None).await?;
            meta_store.put(&to_js(&meta)?, None).await?;
            Ok::<u64, StoreError>(mutation_id)
        }
        .await;
        self.finish_write(tx, written).await
    }

    /// Stores a pulled page and the cursor to keep in one transaction, and returns that cursor;
    /// mutations up to `acknowledged` (the server applied them) leave the outbox in the same
    /// transaction.
    /// Dialogues with unsent changes on this device are left as they are here, and the cursor
    /// stays before them (`outbox::pulled_page`); `held` is what earlier pages held back.
    pub async fn apply_pull(
        &self,
        cursor: i64,
        pulled: Vec<Dialogue>,
        held: Option<i64>,
        acknowledged: u64,
    ) -> Result<i64, StoreError> {
        let sealed = all(pulled.iter().map(|d| self.seal_dialogue(d))).await?;
        let tx = self.db.transaction(
            &[DIALOGUES, OUTBOX, META, ASIDE],
            TransactionMode::ReadWrite,
        )?;
        let result = async {
            // What the server says it applied goes first (the answer to a push may have been
            // lost); what is still pending keeps its dialogue from being overwritten.
            let mut pending = read_pending(&tx).await?;
            let done: Vec<&outbox::PendingRef> =
                pending.iter().filter(|m| m.id <= acknowledged).collect();
            drop_acknowledged(
                &tx,
                done.iter().map(|m| m.id).max(),
                done.iter()
                    .filter_map(|m| m.dialogue_id.as_deref())
                    .collect(),
            )
            .await?;
            pending.retain(|m| m.id > acknowledged);
            let page = outbox::pulled_page(&pending, pulled, cursor, held);
            let keep: Vec<&str> = page.store.iter().map(|d| d.id.as_str()).collect();
            // All requests at once; the transaction commits them together.
            let rows = sealed
                .iter()
                .filter(|s| keep.contains(&s.id.as_str()))
                .map(|s| (s.row.clone(), None));
            tx.store(DIALOGUES)?.put_all(rows).await?;
            let meta_store = tx.store(META)?;
            let mut meta = match meta_store.get(JsValue::from_str(DEVICE_KEY)).await? {
                Some(value) => serde_wasm_bindgen::from_value::<DeviceMeta>(value)?,
                None => DeviceMeta::fresh(),
            };
            meta.cursor = page.keep_cursor as f64;
            meta_store.put(&to_js(&meta)?, None).await?;
            Ok::<i64, StoreError>(page.keep_cursor)
        }
        .await;
        match result {
            Ok(n) => {
                tx.done().await?;
                Ok(n)
            }
            Err(e) => {
                let _ = tx.abort().await;
                Err(e)
            }
        }
    }

    /// One dialogue, if the device has it.
    pub async fn dialogue(&self, id: &str) -> Result<Option<Dialogue>, StoreError> {
        self.data_key()?;
        let tx = self
            .db
            .transaction(&[DIALOGUES], TransactionMode::ReadOnly)?;
        let value = tx.store(DIALOGUES)?.get(JsValue::from_str(id)).await?;
        tx.done().await?;
        match value {
            Some(v) => Ok(Some(self.read_dialogue(&v).await?)),
            None => Ok(None),
        }
    }

    /// A drawing or photo, if the device has it.
    pub async fn blob(&self, hash: &str) -> Result<Option<Blob>, StoreError> {
        self.data_key()?;
        let tx = self.db.transaction(&[BLOBS], TransactionMode::ReadOnly)?;
        let value = tx.store(BLOBS)?.get(JsValue::from_str(hash)).await?;
        tx.done().await?;
        match value {
            Some(v) => Ok(Some(self.read_blob(&v).await?)),
            None => Ok(None),
        }
    }

    /// The next blob to upload that a dialogue still refers to, passing over `skip`. Blobs
    /// nothing refers to any more (earlier versions of a drawing) are removed on the way, in one
    /// transaction. A drawing queued less than `settle_ms` ago waits (it is likely still being
    /// drawn: each stroke makes a new version, and only the one that stays should reach the
    /// server); the second answer is in how many ms the first such one settles.
    pub async fn next_upload(
        &self,
        skip: &std::collections::HashSet<String>,
        settle_ms: f64,
    ) -> Result<(Option<Blob>, Option<f64>), StoreError> {
        let now = js_sys::Date::now();
        let mut settles_in: Option<f64> = None;
        self.data_key()?;
        let tx = self
            .db
            .transaction(&[DIALOGUES, BLOBS, UPLOADS], TransactionMode::ReadWrite)?;
        let found = async {
            let waiting = tx.store(UPLOADS)?.get_all(None, None).await?;
            if waiting.is_empty() {
                return Ok(None);
            }
            let used = media_in_use(&tx).await?;
            for entry in waiting {
                let entry: UploadEntry = serde_wasm_bindgen::from_value(entry)?;
                if skip.contains(&entry.hash) {
                    continue;
                }
                let key = JsValue::from_str(&entry.hash);
                if used.contains(&entry.hash) {
                    if let Some(value) = tx.store(BLOBS)?.get(key.clone()).await? {
                        let young = now - entry.queued_at < settle_ms;
                        let drawing = text(&value, "content_type").as_deref()
                            == Some(werkzaam_domain::drawing::CONTENT_TYPE);
                        if young && drawing {
                            let wait = settle_ms - (now - entry.queued_at);
                            settles_in = Some(settles_in.map_or(wait, |w| w.min(wait)));
                            continue;
                        }
                        return Ok(Some(value));
                    }
                    tx.store(UPLOADS)?.delete(key).await?;
                } else {
                    tx.store(UPLOADS)?.delete(key.clone()).await?;
                    tx.store(BLOBS)?.delete(key).await?;
                }
            }
            Ok::<_, StoreError>(None)
        }
        .await;
        tx.done().await?;
        match found? {
            Some(value) => Ok((Some(self.read_blob(&value).await?), settles_in)),
            None => Ok((None, settles_in)),
        }
    }

    /// The device's collector (issue 15): removes the drawings and photos no dialogue on this
    /// device refers to any more — earlier versions of a drawing, what a deleted dialogue had —
    /// with their upload entries, in one transaction (a dialogue and its new blobs are written
    /// together, so nothing a dialogue is about to refer to can be caught). While changes are
    /// set aside (they may refer to an earlier drawing) nothing is collected. Returns how many.
    pub async fn collect_blobs(&self) -> Result<usize, StoreError> {
        let tx = self.db.transaction(
            &[DIALOGUES, BLOBS, UPLOADS, ASIDE],
            TransactionMode::ReadWrite,
        )?;
        let collected = async {
            if tx.store(ASIDE)?.count(None).await? > 0 {
                return Ok(0);
            }
            let used = media_in_use(&tx).await?;
            let mut removed = 0u64;
            for key in tx.store(BLOBS)?.get_all_keys(None, None).await? {
                let Some(hash) = key.as_string() else {
                    continue;
                };
                if !used.contains(&hash) {
                    tx.store(BLOBS)?.delete(key.clone()).await?;
                    tx.store(UPLOADS)?.delete(key).await?;
                    removed += 1;
                }
            }
            Ok::<u64, StoreError>(removed)
        }
        .await;
        self.finish_write(tx, collected).await.map(|n| n as usize)
    }

    /// Keeps a blob that came from the server (it is not queued for upload).
    pub async fn put_blob(&self, blob: &Blob) -> Result<(), StoreError> {
        let value = self.seal_blob(blob).await?;
        let tx = self.db.transaction(&[BLOBS], TransactionMode::ReadWrite)?;
        tx.store(BLOBS)?.put(&value, None).await?;
        tx.done().await?;
        Ok(())
    }

    /// The server has `hash`: no need to send it again.
    pub async fn uploaded(&self, hash: &str) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction(&[UPLOADS], TransactionMode::ReadWrite)?;
        tx.store(UPLOADS)?.delete(JsValue::from_str(hash)).await?;
        tx.done().await?;
        Ok(())
    }

    /// How many blobs wait to be uploaded.
    pub async fn uploads_waiting(&self) -> Result<usize, StoreError> {
        let tx = self.db.transaction(&[UPLOADS], TransactionMode::ReadOnly)?;
        let n = tx.store(UPLOADS)?.count(None).await?;
        tx.done().await?;
        Ok(n as usize)
    }

    /// How many changes wait to be sent (no key needed).
    pub async fn outbox_len(&self) -> Result<usize, StoreError> {
        let tx = self.db.transaction(&[OUTBOX], TransactionMode::ReadOnly)?;
        let n = tx.store(OUTBOX)?.count(None).await?;
        tx.done().await?;
        Ok(n as usize)
    }

    /// This device's client id (made by its first change), the oldest `limit` pending
    /// mutations and how many are pending in all, read in one transaction.
    pub async fn outbox_head(
        &self,
        limit: u32,
    ) -> Result<(Option<String>, Vec<Mutation>, usize), StoreError> {
        self.data_key()?;
        let tx = self
            .db
            .transaction(&[OUTBOX, META], TransactionMode::ReadOnly)?;
        let meta = tx.store(META)?.get(JsValue::from_str(DEVICE_KEY)).await?;
        let outbox_store = tx.store(OUTBOX)?;
        // Keys are numbers, so IndexedDB returns them in id order.
        let head = outbox_store.get_all(None, Some(limit)).await?;
        let total = outbox_store.count(None).await? as usize;
        tx.done().await?;
        let client_id = match meta {
            Some(value) => Some(serde_wasm_bindgen::from_value::<DeviceMeta>(value)?.client_id),
            None => None,
        };
        Ok((client_id, self.read_mutations(&head).await?, total))
    }

    /// Stores a dialogue, its mutation and any new blobs in one transaction.
    pub async fn save_dialogue(&self, record: Dialogue, blobs: &[Blob]) -> Result<u64, StoreError> {
        self.save_dialogues(vec![record], blobs).await
    }

    /// Saves several dialogues (and blobs) with one mutation each, in one transaction: all of
    /// them or none. Returns the last mutation id.
    pub async fn save_dialogues(
        &self,
        records: Vec<Dialogue>,
        blobs: &[Blob],
    ) -> Result<u64, StoreError> {
        // Everything is encrypted before the transaction opens (see `apply_team_pull`).
        let records_js = all(records.iter().map(|r| self.seal_dialogue(r))).await?;
        let operations: Vec<Operation> = records
            .into_iter()
            .map(|record| Operation::UpsertDialogue {
                dialogue: Box::new(record),
            })
            .collect();
        let mutations_js = all(operations.iter().map(|op| self.seal_operation(op))).await?;
        let blobs_js = all(blobs.iter().map(|b| async move {
            Ok((
                self.seal_blob(b).await?,
                to_js(&UploadEntry {
                    hash: b.hash.clone(),
                    queued_at: js_sys::Date::now(),
                })?,
            ))
        }))
        .await?;
        let tx = self.db.transaction(
            &[DIALOGUES, OUTBOX, META, BLOBS, UPLOADS],
            TransactionMode::ReadWrite,
        )?;
        let written = async {
            let meta_store = tx.store(META)?;
            let mut meta = match meta_store.get(JsValue::from_str(DEVICE_KEY)).await? {
                Some(value) => serde_wasm_bindgen::from_value::<DeviceMeta>(value)?,
                None => DeviceMeta::fresh(),
            };
            for (blob, upload) in &blobs_js {
                tx.store(BLOBS)?.put(blob, None).await?;
                tx.store(UPLOADS)?.put(upload, None).await?;
            }
            for mutation_js in &mutations_js {
                let id = outbox::next_mutation_id(meta.last_issued);
                meta.last_issued = id;
                set(mutation_js, "id", &JsValue::from_f64(id as f64))?;
            }
            // All requests at once; the transaction commits them together (or none).
            tx.store(DIALOGUES)?
                .put_all(records_js.into_iter().map(|r| (r.row, None)))
                .await?;
            tx.store(OUTBOX)?
                .put_all(mutations_js.into_iter().map(|m| (m, None)))
                .await?;
            meta_store.put(&to_js(&meta)?, None).await?;
            Ok::<u64, StoreError>(meta.last_issued)
        }
        .await;
        self.finish_write(tx, written).await
    }

    /// Commits a write transaction whose requests went well (`written`), or aborts it; a commit
    /// the browser refused for lack of room says so plainly.
    async fn finish_write(
        &self,
        tx: rexie::Transaction,
        written: Result<u64, StoreError>,
    ) -> Result<u64, StoreError> {
        match written {
            Ok(id) => {
                let result = tx.done().await?;
                if result.is_committed() {
                    Ok(id)
                } else if storage_nearly_full().await {
                    // The browser aborts a commit that does not fit (QuotaExceededError on the
                    // transaction, which rexie does not pass on): say so plainly.
                    Err(StoreError::Full)
                } else {
                    Err(StoreError::NotCommitted)
                }
            }
            Err(err) => {
                let _ = tx.abort().await;
                Err(err)
            }
        }
    }

    /// Forgets mutations the server acknowledged, in one transaction.
    /// A dialogue saved again and delivered also ends what was set aside of it.
    pub async fn acknowledge(&self, done: &[&Mutation]) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction(&[OUTBOX, ASIDE], TransactionMode::ReadWrite)?;
        drop_acknowledged(
            &tx,
            done.iter().map(|m| m.id).max(),
            done.iter().filter_map(|m| outbox::dialogue_id(m)).collect(),
        )
        .await?;
        tx.done().await?;
        Ok(())
    }

    /// Sets the pending mutation `id` aside with the server's `reason`, in one transaction: its
    /// place in the outbox becomes a placeholder and the change is kept under `aside` (its
    /// ciphertext moves as it is).
    pub async fn set_aside(&self, id: u64, reason: &str) -> Result<(), StoreError> {
        let reason_enc = self
            .seal(&place("reden", &id.to_string()), reason.as_bytes())
            .await?;
        let tx = self
            .db
            .transaction(&[OUTBOX, ASIDE], TransactionMode::ReadWrite)?;
        let result = async {
            let key = JsValue::from_f64(id as f64);
            let Some(value) = tx.store(OUTBOX)?.get(key.clone()).await? else {
                return Ok(());
            };
            if get(&value, "noop").is_some() {
                return Ok(());
            }
            let r = pending_ref(&value)?;
            let Some(enc) = get(&value, "enc") else {
                // Rows from before encryption are encrypted at unlock, before any sync.
                return Err(StoreError::Other("niet versleuteld".into()));
            };
            tx.store(OUTBOX)?
                .put(&row(&[("id", key.clone()), ("noop", JsValue::TRUE)])?, None)
                .await?;
            let entry = row(&[
                ("id", key),
                (
                    "dialogue_id",
                    JsValue::from_str(r.dialogue_id.as_deref().unwrap_or_default()),
                ),
                ("reason_enc", reason_enc),
                ("enc", enc),
            ])?;
            tx.store(ASIDE)?.put(&entry, None).await?;
            Ok::<(), StoreError>(())
        }
        .await;
        tx.done().await?;
        result
    }

    /// Removes dialogues from the device for good (an erasure, AVG), in one transaction: the
    /// records with `ids` and those `also` picks, their unsent changes (their places in the
    /// outbox become placeholders), what was set aside of them, and their drawings and photos
    /// no other dialogue uses. Returns the ids removed.
    ///
    /// `also` needs the decrypted dialogues, which cannot be read inside a transaction: they are
    /// read first, and the removal goes ahead only when no dialogue changed in between
    /// (otherwise it reads again).
    pub async fn purge(
        &self,
        ids: &[String],
        also: impl Fn(&Dialogue) -> bool,
    ) -> Result<Vec<String>, StoreError> {
        for _ in 0..5 {
            let tx = self
                .db
                .transaction(&[DIALOGUES], TransactionMode::ReadOnly)?;
            let seen = tx.store(DIALOGUES)?.get_all(None, None).await?;
            tx.done().await?;
            let all_dialogues = self.read_dialogues(&seen).await?;
            let fingerprint = fingerprint(&seen);
            let mut removed: Vec<String> = ids.to_vec();
            for d in &all_dialogues {
                if also(d) && !removed.contains(&d.id) {
                    removed.push(d.id.clone());
                }
            }
            let gone_media: Vec<String> = all_dialogues
                .iter()
                .filter(|d| removed.contains(&d.id))
                .flat_map(|d| d.media().into_iter().map(|m| m.hash.clone()))
                .collect();
            let tx = self.db.transaction(
                &[DIALOGUES, OUTBOX, ASIDE, BLOBS, UPLOADS],
                TransactionMode::ReadWrite,
            )?;
            let result = async {
                let now = tx.store(DIALOGUES)?.get_all(None, None).await?;
                if fingerprint != self::fingerprint(&now) {
                    return Ok(None);
                }
                for id in &removed {
                    tx.store(DIALOGUES)?.delete(JsValue::from_str(id)).await?;
                }
                for r in read_pending(&tx).await? {
                    if r.dialogue_id.as_ref().is_some_and(|d| removed.contains(d)) {
                        let placeholder = row(&[
                            ("id", JsValue::from_f64(r.id as f64)),
                            ("noop", JsValue::TRUE),
                        ])?;
                        tx.store(OUTBOX)?.put(&placeholder, None).await?;
                    }
                }
                let aside_store = tx.store(ASIDE)?;
                for value in aside_store.get_all(None, None).await? {
                    if text(&value, "dialogue_id").is_some_and(|d| removed.contains(&d)) {
                        if let Some(key) = get(&value, "id") {
                            aside_store.delete(key).await?;
                        }
                    }
                }
                let used = media_in_use(&tx).await?;
                for hash in &gone_media {
                    if !used.contains(hash) {
                        tx.store(BLOBS)?.delete(JsValue::from_str(hash)).await?;
                        tx.store(UPLOADS)?.delete(JsValue::from_str(hash)).await?;
                    }
                }
                Ok::<Option<()>, StoreError>(Some(()))
            }
            .await;
            match result {
                Ok(Some(())) => {
                    tx.done().await?;
                    return Ok(removed);
                }
                Ok(None) => {
                    tx.done().await?;
                }
                Err(e) => {
                    let _ = tx.abort().await;
                    return Err(e);
                }
            }
        }
        Err(StoreError::Other(
            "de gegevens veranderden steeds tijdens het wissen".into(),
        ))
    }

    /// This device's client id, if it has one yet.
    pub async fn client_id(&self) -> Result<Option<String>, StoreError> {
        let tx = self.db.transaction(&[META], TransactionMode::ReadOnly)?;
        let meta = tx.store(META)?.get(JsValue::from_str(DEVICE_KEY)).await?;
        tx.done().await?;
        Ok(match meta {
            Some(value) => Some(serde_wasm_bindgen::from_value::<DeviceMeta>(value)?.client_id),
            None => None,
        })
    }

    /// What is set aside: per change, the dialogue and the server's reason.
    pub async fn aside(&self) -> Result<Vec<(String, String)>, StoreError> {
        self.data_key()?;
        let tx = self.db.transaction(&[ASIDE], TransactionMode::ReadOnly)?;
        let rows = tx.store(ASIDE)?.get_all(None, None).await?;
        tx.done().await?;
        all(rows.iter().map(|v| async move {
            let dialogue = text(v, "dialogue_id").unwrap_or_default();
            let reason =
                match get(v, "reason_enc").and_then(|r| r.dyn_into::<js_sys::Uint8Array>().ok()) {
                    Some(sealed) => {
                        let id = get(v, "id").and_then(|i| i.as_f64()).unwrap_or_default();
                        self.open_text(&place("reden", &(id as u64).to_string()), &sealed.to_vec())
                            .await?
                    }
                    None => text(v, "reason").unwrap_or_default(),
                };
            Ok((dialogue, reason))
        }))
        .await
    }
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

/// The hashes of the drawings and photos the device's dialogues show (from the `refs` beside
/// each ciphertext; rows from before encryption are read whole).
async fn media_in_use(
    tx: &rexie::Transaction,
) -> Result<std::collections::HashSet<String>, StoreError> {
    let mut used = std::collections::HashSet::new();
    for value in tx.store(DIALOGUES)?.get_all(None, None).await? {
        match get(&value, "refs").and_then(|r| r.dyn_into::<js_sys::Array>().ok()) {
            Some(refs) => used.extend(refs.iter().filter_map(|h| h.as_string())),
            None => {
                if sealed_of(&value).is_none() {
                    let d = legacy_dialogue(&value)?;
                    used.extend(d.media().into_iter().map(|m| m.hash.clone()));
                }
            }
        }
    }
    Ok(used)
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

/// Forgets acknowledged mutations: everything up to the last acknowledged id goes (that is what
/// an acknowledgement says), and what was set aside of a dialogue delivered since.
async fn drop_acknowledged(
    tx: &rexie::Transaction,
    last: Option<u64>,
    delivered: Vec<&str>,
) -> Result<(), StoreError> {
    if let Some(last) = last {
        let range = rexie::KeyRange::upper_bound(&JsValue::from_f64(last as f64), Some(false))
            .map_err(|_| StoreError::Other("outbox".into()))?;
        tx.store(OUTBOX)?.delete(range.into()).await?;
    }
    if !delivered.is_empty() {
        let aside_store = tx.store(ASIDE)?;
        for entry in aside_store.get_all(None, None).await? {
            if text(&entry, "dialogue_id").is_some_and(|d| delivered.contains(&d.as_str())) {
                if let Some(key) = get(&entry, "id") {
                    aside_store.delete(key).await?;
                }
            }
        }
    }
    Ok(())
}

/// The waiting changes by their ids, in id order (keys are numbers, so IndexedDB returns them
/// in order), without decrypting anything.
async fn read_pending(tx: &rexie::Transaction) -> Result<Vec<outbox::PendingRef>, StoreError> {
    tx.store(OUTBOX)?
        .get_all(None, None)
        .await?
        .iter()
        .map(pending_ref)
        .collect()
}
