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

use rexie::{ObjectStore, Rexie, TransactionMode};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use werkzaam_sync::appreciative::{TeamData, TeamRecord};
use werkzaam_sync::dialogue::LegacyDialogue;
use werkzaam_sync::{outbox, Dialogue, Mutation, Operation};

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

/// What went wrong in the device store, in words for the worker.
#[derive(Debug, Clone)]
pub enum StoreError {
    /// The device has no room left.
    Full,
    /// The browser would not commit the change (almost always: no room left).
    NotCommitted,
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

pub use crate::ctx::LocalBlob as Blob;

/// A blob as an IndexedDB object, its bytes as a `Uint8Array` (not a list of numbers).
trait BlobJs: Sized {
    fn to_js(&self) -> Result<JsValue, StoreError>;
    fn from_js(value: &JsValue) -> Result<Self, StoreError>;
}

impl BlobJs for Blob {
    fn to_js(&self) -> Result<JsValue, StoreError> {
        let object = js_sys::Object::new();
        let set = |key: &str, value: &JsValue| {
            js_sys::Reflect::set(&object, &JsValue::from_str(key), value)
                .map(|_| ())
                .map_err(|_| StoreError::Other("blob".into()))
        };
        set("hash", &JsValue::from_str(&self.hash))?;
        set("content_type", &JsValue::from_str(&self.content_type))?;
        set(
            "bytes",
            &js_sys::Uint8Array::from(self.bytes.as_slice()).into(),
        )?;
        Ok(object.into())
    }

    fn from_js(value: &JsValue) -> Result<Blob, StoreError> {
        let get = |key: &str| js_sys::Reflect::get(value, &JsValue::from_str(key)).ok();
        let text = |key: &str| get(key).and_then(|v| v.as_string());
        let bytes = get("bytes")
            .and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok())
            .map(|a| a.to_vec());
        match (text("hash"), text("content_type"), bytes) {
            (Some(hash), Some(content_type), Some(bytes)) => Ok(Blob {
                hash,
                content_type,
                bytes,
            }),
            _ => Err(StoreError::Other("onleesbare bijlage".into())),
        }
    }
}

/// A change the server refused, kept on the device (the `aside` store).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct AsideEntry {
    /// The mutation id, as a JS number (the store's key; a `u64` would become a BigInt, which
    /// IndexedDB does not take as a key).
    id: f64,
    dialogue_id: String,
    reason: String,
    json: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct UploadEntry {
    hash: String,
}

/// Dialogues and mutations are stored as `{ id, json }`: the key, and the record as JSON text
/// (one string is quicker to write than a tree of objects, and keeps one serde format in the
/// wasm). Records of the first app version are plain objects without `json`; they still read.
fn json_record(id: JsValue, json: &str) -> Result<JsValue, StoreError> {
    let object = js_sys::Object::new();
    for (key, value) in [("id", id), ("json", JsValue::from_str(json))] {
        js_sys::Reflect::set(&object, &JsValue::from_str(key), &value)
            .map_err(|_| StoreError::Other("record".into()))?;
    }
    Ok(object.into())
}

fn json_of(value: &JsValue) -> Option<String> {
    js_sys::Reflect::get(value, &JsValue::from_str("json"))
        .ok()
        .and_then(|v| v.as_string())
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

fn read_dialogue(value: JsValue) -> Result<Dialogue, StoreError> {
    match json_of(&value) {
        Some(json) => from_json(&json),
        None => Ok(serde_wasm_bindgen::from_value::<LegacyDialogue>(value)?.into()),
    }
}

fn read_mutation(value: JsValue) -> Result<Mutation, StoreError> {
    match json_of(&value) {
        // Written by an app of protocol 6 or older: rewritten, not lost.
        Some(json) => from_json(&json).or_else(|e| match outbox::upgrade_mutation_json(&json) {
            Some(upgraded) => from_json(&upgraded),
            None => Err(e),
        }),
        None => {
            let old = serde_wasm_bindgen::from_value::<LegacyMutation>(value)?;
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

pub struct Store {
    db: Rexie,
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, StoreError> {
    Ok(serde_wasm_bindgen::to_value(value)?)
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
        Ok(Store { db })
    }

    /// The records and the pending mutations, read in one transaction so they agree.
    pub async fn snapshot(&self) -> Result<(Vec<Dialogue>, Vec<Mutation>), StoreError> {
        let tx = self
            .db
            .transaction(&[DIALOGUES, OUTBOX], TransactionMode::ReadOnly)?;
        let records = read_dialogues(&tx).await?;
        let pending = read_outbox(&tx).await?;
        tx.done().await?;
        Ok((records, pending))
    }

    /// When the oldest change still waiting was made (milliseconds), if any change waits and
    /// it says so (changes of the first app version do not).
    pub async fn oldest_unsent_ms(&self) -> Result<Option<i64>, StoreError> {
        let tx = self.db.transaction(&[OUTBOX], TransactionMode::ReadOnly)?;
        let first = tx.store(OUTBOX)?.get_all(None, Some(1)).await?;
        tx.done().await?;
        Ok(first.first().and_then(|v| {
            js_sys::Reflect::get(v, &JsValue::from_str("queued_at"))
                .ok()
                .and_then(|t| t.as_f64())
                .map(|t| t as i64)
        }))
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
        page: &werkzaam_sync::TeamPullResponse,
        held: Option<i64>,
    ) -> Result<i64, StoreError> {
        let tx = self
            .db
            .transaction(&[TEAM, OUTBOX, META], TransactionMode::ReadWrite)?;
        let result = async {
            let pending = read_outbox(&tx).await?;
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
            let ids: Vec<(String, u64)> = pulled.iter().map(|p| (p.0.clone(), p.1)).collect();
            let (store, keep_cursor) = outbox::team_page(&pending, &ids, page.cursor, held);
            let mut records = Vec::new();
            for (id, _, kind, json) in pulled.iter().filter(|p| store.contains(&p.0.as_str())) {
                let record = json_record(JsValue::from_str(id), json)?;
                js_sys::Reflect::set(
                    &record,
                    &JsValue::from_str("kind"),
                    &JsValue::from_str(kind),
                )
                .map_err(|_| StoreError::Other("team".into()))?;
                records.push((record, None));
            }
            tx.store(TEAM)?.put_all(records.into_iter()).await?;
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
        let tx = self.db.transaction(&[TEAM], TransactionMode::ReadOnly)?;
        let all = tx.store(TEAM)?.get_all(None, None).await?;
        tx.done().await?;
        let mut data = TeamData::default();
        for value in all {
            let kind = js_sys::Reflect::get(&value, &JsValue::from_str("kind"))
                .ok()
                .and_then(|k| k.as_string())
                .unwrap_or_default();
            let json = json_of(&value).unwrap_or_default();
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
        let operation = record.into_operation();
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
        let record_js = json_record(JsValue::from_str(&id), &json)?;
        js_sys::Reflect::set(
            &record_js,
            &JsValue::from_str("kind"),
            &JsValue::from_str(kind),
        )
        .map_err(|_| StoreError::Other("team".into()))?;
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
            let mutation = Mutation {
                id: mutation_id,
                operation,
            };
            let mutation_js =
                json_record(JsValue::from_f64(mutation_id as f64), &to_json(&mutation)?)?;
            js_sys::Reflect::set(
                &mutation_js,
                &JsValue::from_str("queued_at"),
                &JsValue::from_f64(js_sys::Date::now()),
            )
            .map_err(|_| StoreError::Other("outbox".into()))?;
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
        let tx = self.db.transaction(
            &[DIALOGUES, OUTBOX, META, ASIDE],
            TransactionMode::ReadWrite,
        )?;
        let result = async {
            // What the server says it applied goes first (the answer to a push may have been
            // lost); what is still pending keeps its dialogue from being overwritten.
            let mut pending = read_outbox(&tx).await?;
            let done: Vec<&Mutation> = pending.iter().filter(|m| m.id <= acknowledged).collect();
            drop_acknowledged(&tx, &done).await?;
            pending.retain(|m| m.id > acknowledged);
            let page = outbox::pulled_page(&pending, pulled, cursor, held);
            // All requests at once; the transaction commits them together.
            let records = page
                .store
                .iter()
                .map(|d| Ok((json_record(JsValue::from_str(&d.id), &to_json(d)?)?, None)))
                .collect::<Result<Vec<_>, StoreError>>()?;
            tx.store(DIALOGUES)?.put_all(records.into_iter()).await?;
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
        let tx = self
            .db
            .transaction(&[DIALOGUES], TransactionMode::ReadOnly)?;
        let value = tx.store(DIALOGUES)?.get(JsValue::from_str(id)).await?;
        tx.done().await?;
        value.map(read_dialogue).transpose()
    }

    /// A drawing or photo, if the device has it.
    pub async fn blob(&self, hash: &str) -> Result<Option<Blob>, StoreError> {
        let tx = self.db.transaction(&[BLOBS], TransactionMode::ReadOnly)?;
        let value = tx.store(BLOBS)?.get(JsValue::from_str(hash)).await?;
        tx.done().await?;
        value.as_ref().map(Blob::from_js).transpose()
    }

    /// The next blob to upload that a dialogue still refers to, passing over `skip`. Blobs
    /// nothing refers to any more (earlier versions of a drawing) are removed on the way, in one
    /// transaction.
    pub async fn next_upload(
        &self,
        skip: &std::collections::HashSet<String>,
    ) -> Result<Option<Blob>, StoreError> {
        let tx = self
            .db
            .transaction(&[DIALOGUES, BLOBS, UPLOADS], TransactionMode::ReadWrite)?;
        let found = async {
            let waiting = tx.store(UPLOADS)?.get_all(None, None).await?;
            if waiting.is_empty() {
                return Ok(None);
            }
            let dialogues = read_dialogues(&tx).await?;
            for entry in waiting {
                let entry: UploadEntry = serde_wasm_bindgen::from_value(entry)?;
                if skip.contains(&entry.hash) {
                    continue;
                }
                let key = JsValue::from_str(&entry.hash);
                if dialogues.iter().any(|d| d.refers_to(&entry.hash)) {
                    if let Some(value) = tx.store(BLOBS)?.get(key.clone()).await? {
                        return Ok(Some(Blob::from_js(&value)?));
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
        found
    }

    /// Keeps a blob that came from the server (it is not queued for upload).
    pub async fn put_blob(&self, blob: &Blob) -> Result<(), StoreError> {
        let tx = self.db.transaction(&[BLOBS], TransactionMode::ReadWrite)?;
        tx.store(BLOBS)?.put(&blob.to_js()?, None).await?;
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

    /// This device's client id (made by its first change), the oldest `limit` pending
    /// mutations and how many are pending in all, read in one transaction.
    pub async fn outbox_head(
        &self,
        limit: u32,
    ) -> Result<(Option<String>, Vec<Mutation>, usize), StoreError> {
        let tx = self
            .db
            .transaction(&[OUTBOX, META], TransactionMode::ReadOnly)?;
        let meta = tx.store(META)?.get(JsValue::from_str(DEVICE_KEY)).await?;
        let outbox_store = tx.store(OUTBOX)?;
        // Keys are numbers, so IndexedDB returns them in id order.
        let head = outbox_store
            .get_all(None, Some(limit))
            .await?
            .into_iter()
            .map(read_mutation)
            .collect::<Result<Vec<_>, _>>()?;
        let total = outbox_store.count(None).await? as usize;
        tx.done().await?;
        let client_id = match meta {
            Some(value) => Some(serde_wasm_bindgen::from_value::<DeviceMeta>(value)?.client_id),
            None => None,
        };
        Ok((client_id, head, total))
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
        let records_js = records
            .iter()
            .map(|r| json_record(JsValue::from_str(&r.id), &to_json(r)?))
            .collect::<Result<Vec<_>, StoreError>>()?;
        let blobs_js = blobs
            .iter()
            .map(|b| {
                Ok((
                    b.to_js()?,
                    to_js(&UploadEntry {
                        hash: b.hash.clone(),
                    })?,
                ))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
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
            let queued_at = JsValue::from_f64(js_sys::Date::now());
            for (blob, upload) in &blobs_js {
                tx.store(BLOBS)?.put(blob, None).await?;
                tx.store(UPLOADS)?.put(upload, None).await?;
            }
            let mut mutations_js = Vec::with_capacity(records.len());
            for record in records {
                let id = outbox::next_mutation_id(meta.last_issued);
                meta.last_issued = id;
                let mutation = Mutation {
                    id,
                    operation: Operation::UpsertDialogue {
                        dialogue: Box::new(record),
                    },
                };
                let mutation_js = json_record(JsValue::from_f64(id as f64), &to_json(&mutation)?)?;
                js_sys::Reflect::set(&mutation_js, &JsValue::from_str("queued_at"), &queued_at)
                    .map_err(|_| StoreError::Other("outbox".into()))?;
                mutations_js.push((mutation_js, None));
            }
            // All requests at once; the transaction commits them together (or none).
            tx.store(DIALOGUES)?
                .put_all(records_js.into_iter().map(|r| (r, None)))
                .await?;
            tx.store(OUTBOX)?.put_all(mutations_js.into_iter()).await?;
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
        drop_acknowledged(&tx, done).await?;
        tx.done().await?;
        Ok(())
    }

    /// Sets the pending mutation `id` aside with the server's `reason`, in one transaction: its
    /// place in the outbox becomes a placeholder and the change is kept under `aside`.
    pub async fn set_aside(&self, id: u64, reason: &str) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction(&[OUTBOX, ASIDE], TransactionMode::ReadWrite)?;
        let result = async {
            let key = JsValue::from_f64(id as f64);
            let Some(value) = tx.store(OUTBOX)?.get(key.clone()).await? else {
                return Ok(());
            };
            let mut slot = vec![read_mutation(value)?];
            let Some(original) = outbox::set_aside(&mut slot, id) else {
                return Ok(());
            };
            let placeholder = json_record(key, &to_json(&slot[0])?)?;
            tx.store(OUTBOX)?.put(&placeholder, None).await?;
            let entry = AsideEntry {
                id: id as f64,
                dialogue_id: outbox::dialogue_id(&original)
                    .unwrap_or_default()
                    .to_owned(),
                reason: reason.to_owned(),
                json: to_json(&original)?,
            };
            tx.store(ASIDE)?.put(&to_js(&entry)?, None).await?;
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
    pub async fn purge(
        &self,
        ids: &[String],
        also: impl Fn(&Dialogue) -> bool,
    ) -> Result<Vec<String>, StoreError> {
        let tx = self.db.transaction(
            &[DIALOGUES, OUTBOX, ASIDE, BLOBS, UPLOADS],
            TransactionMode::ReadWrite,
        )?;
        let result = async {
            let all = read_dialogues(&tx).await?;
            let (gone, kept): (Vec<Dialogue>, Vec<Dialogue>) = all
                .into_iter()
                .partition(|d| ids.contains(&d.id) || also(d));
            let mut removed: Vec<String> = ids.to_vec();
            for d in &gone {
                if !removed.contains(&d.id) {
                    removed.push(d.id.clone());
                }
                tx.store(DIALOGUES)?
                    .delete(JsValue::from_str(&d.id))
                    .await?;
            }
            let mut pending = read_outbox(&tx).await?;
            let changed = outbox::erase_pending(&mut pending, &removed);
            for m in pending.iter().filter(|m| changed.contains(&m.id)) {
                let record = json_record(JsValue::from_f64(m.id as f64), &to_json(m)?)?;
                tx.store(OUTBOX)?.put(&record, None).await?;
            }
            let aside_store = tx.store(ASIDE)?;
            for value in aside_store.get_all(None, None).await? {
                let entry: AsideEntry = serde_wasm_bindgen::from_value(value)?;
                if removed.contains(&entry.dialogue_id) {
                    aside_store.delete(JsValue::from_f64(entry.id)).await?;
                }
            }
            let used: std::collections::HashSet<&str> = kept
                .iter()
                .flat_map(|d| d.media())
                .map(|m| m.hash.as_str())
                .collect();
            for m in gone.iter().flat_map(|d| d.media()) {
                if !used.contains(m.hash.as_str()) {
                    tx.store(BLOBS)?.delete(JsValue::from_str(&m.hash)).await?;
                    tx.store(UPLOADS)?
                        .delete(JsValue::from_str(&m.hash))
                        .await?;
                }
            }
            Ok::<Vec<String>, StoreError>(removed)
        }
        .await;
        match result {
            Ok(removed) => {
                tx.done().await?;
                Ok(removed)
            }
            Err(e) => {
                let _ = tx.abort().await;
                Err(e)
            }
        }
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
        let tx = self.db.transaction(&[ASIDE], TransactionMode::ReadOnly)?;
        let all = tx.store(ASIDE)?.get_all(None, None).await?;
        tx.done().await?;
        all.into_iter()
            .map(|v| {
                let e: AsideEntry = serde_wasm_bindgen::from_value(v)?;
                Ok((e.dialogue_id, e.reason))
            })
            .collect()
    }
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

async fn read_dialogues(tx: &rexie::Transaction) -> Result<Vec<Dialogue>, StoreError> {
    tx.store(DIALOGUES)?
        .get_all(None, None)
        .await?
        .into_iter()
        .map(read_dialogue)
        .collect()
}

/// Forgets acknowledged mutations: everything up to the last acknowledged id goes (that is what
/// an acknowledgement says), and what was set aside of a dialogue delivered since.
async fn drop_acknowledged(tx: &rexie::Transaction, done: &[&Mutation]) -> Result<(), StoreError> {
    if let Some(last) = done.iter().map(|m| m.id).max() {
        let range = rexie::KeyRange::upper_bound(&JsValue::from_f64(last as f64), Some(false))
            .map_err(|_| StoreError::Other("outbox".into()))?;
        tx.store(OUTBOX)?.delete(range.into()).await?;
    }
    let delivered: Vec<&str> = done.iter().filter_map(|m| outbox::dialogue_id(m)).collect();
    if !delivered.is_empty() {
        let aside_store = tx.store(ASIDE)?;
        for entry in aside_store.get_all(None, None).await? {
            let entry: AsideEntry = serde_wasm_bindgen::from_value(entry)?;
            if delivered.contains(&entry.dialogue_id.as_str()) {
                aside_store.delete(JsValue::from_f64(entry.id)).await?;
            }
        }
    }
    Ok(())
}

async fn read_outbox(tx: &rexie::Transaction) -> Result<Vec<Mutation>, StoreError> {
    // Keys are numbers, so IndexedDB returns them in id order.
    tx.store(OUTBOX)?
        .get_all(None, None)
        .await?
        .into_iter()
        .map(read_mutation)
        .collect()
}
