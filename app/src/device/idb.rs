//! The only module that touches IndexedDB (through rexie).
//!
//! One database per user on the device (`werkzaam-<user id>`), with three stores:
//! * `dialogues`: the records, by `id`;
//! * `outbox`: the mutations not yet acknowledged by the server, by mutation `id`;
//! * `meta`: one row `device` with this device's client id and the last mutation id issued.
//!
//! Every change writes its record, its mutation and the counter in **one transaction**: all
//! three or nothing.

use rexie::{ObjectStore, Rexie, TransactionMode};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use werkzaam_sync::{outbox, DialogueRecord, Mutation, Operation};

const DIALOGUES: &str = "dialogues";
const OUTBOX: &str = "outbox";
const META: &str = "meta";
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

#[derive(Debug, Clone, Serialize, Deserialize)]
struct DeviceMeta {
    key: String,
    client_id: String,
    last_issued: u64,
}

pub struct Store {
    db: Rexie,
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, StoreError> {
    Ok(serde_wasm_bindgen::to_value(value)?)
}

impl Store {
    pub async fn open(user_id: &str) -> Result<Store, StoreError> {
        let db = Rexie::builder(&format!("werkzaam-{user_id}"))
            .version(1)
            .add_object_store(ObjectStore::new(DIALOGUES).key_path("id"))
            .add_object_store(ObjectStore::new(OUTBOX).key_path("id"))
            .add_object_store(ObjectStore::new(META).key_path("key"))
            .build()
            .await?;
        Ok(Store { db })
    }

    /// The records and the pending mutations, read in one transaction so they agree.
    pub async fn snapshot(&self) -> Result<(Vec<DialogueRecord>, Vec<Mutation>), StoreError> {
        let tx = self
            .db
            .transaction(&[DIALOGUES, OUTBOX], TransactionMode::ReadOnly)?;
        let records = tx
            .store(DIALOGUES)?
            .get_all(None, None)
            .await?
            .into_iter()
            .map(serde_wasm_bindgen::from_value)
            .collect::<Result<Vec<DialogueRecord>, _>>()?;
        let pending = read_outbox(&tx).await?;
        tx.done().await?;
        Ok((records, pending))
    }

    /// This device's client id (made by its first change) and the pending mutations, oldest
    /// first, read in one transaction.
    pub async fn outbox(&self) -> Result<(Option<String>, Vec<Mutation>), StoreError> {
        let tx = self
            .db
            .transaction(&[OUTBOX, META], TransactionMode::ReadOnly)?;
        let meta = tx.store(META)?.get(JsValue::from_str(DEVICE_KEY)).await?;
        let pending = read_outbox(&tx).await?;
        tx.done().await?;
        let client_id = match meta {
            Some(value) => Some(serde_wasm_bindgen::from_value::<DeviceMeta>(value)?.client_id),
            None => None,
        };
        Ok((client_id, pending))
    }

    /// Stores a dialogue and its mutation in one transaction.
    pub async fn save_dialogue(&self, record: DialogueRecord) -> Result<u64, StoreError> {
        let record_js = to_js(&record)?;
        let tx = self
            .db
            .transaction(&[DIALOGUES, OUTBOX, META], TransactionMode::ReadWrite)?;
        let written = async {
            let meta_store = tx.store(META)?;
            let mut meta = match meta_store.get(JsValue::from_str(DEVICE_KEY)).await? {
                Some(value) => serde_wasm_bindgen::from_value::<DeviceMeta>(value)?,
                None => DeviceMeta {
                    key: DEVICE_KEY.into(),
                    client_id: super::new_id(),
                    last_issued: 0,
                },
            };
            let id = outbox::next_mutation_id(meta.last_issued);
            meta.last_issued = id;
            let mutation = Mutation {
                id,
                operation: Operation::UpsertDialogue { dialogue: record },
            };
            let mutation_js = to_js(&mutation)?;
            let meta_js = to_js(&meta)?;
            tx.store(DIALOGUES)?.put(&record_js, None).await?;
            tx.store(OUTBOX)?.put(&mutation_js, None).await?;
            meta_store.put(&meta_js, None).await?;
            Ok::<u64, StoreError>(id)
        }
        .await;
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
    pub async fn acknowledge(&self, ids: &[u64]) -> Result<(), StoreError> {
        let tx = self.db.transaction(&[OUTBOX], TransactionMode::ReadWrite)?;
        let store = tx.store(OUTBOX)?;
        for id in ids {
            store.delete(JsValue::from_f64(*id as f64)).await?;
        }
        tx.done().await?;
        Ok(())
    }
}

/// Whether the origin's storage is (nearly) used up, by the browser's own estimate.
async fn storage_nearly_full() -> bool {
    use wasm_bindgen::JsCast;
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

async fn read_outbox(tx: &rexie::Transaction) -> Result<Vec<Mutation>, StoreError> {
    // Keys are numbers, so IndexedDB returns them in id order.
    Ok(tx
        .store(OUTBOX)?
        .get_all(None, None)
        .await?
        .into_iter()
        .map(serde_wasm_bindgen::from_value)
        .collect::<Result<Vec<Mutation>, _>>()?)
}
