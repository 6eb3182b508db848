//! Rows written by older versions of the app: read as they are, and encrypted at the first
//! unlock ([`Store::encrypt_old_rows`]).

use super::*;

/// A change the server refused, kept on the device (the `aside` store). What the worker sees
/// (the reason) and the change itself are encrypted (`reason_enc`, `enc`); the dialogue's id is
/// not, so a delivered dialogue can end it inside a transaction.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct LegacyAsideEntry {
    id: f64,
    dialogue_id: String,
    reason: String,
}

/// A mutation of the first app version, stored as a plain object.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct LegacyMutation {
    id: u64,
    operation: LegacyOperation,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(super) enum LegacyOperation {
    UpsertDialogue { dialogue: LegacyDialogue },
}

/// A dialogue row written before encryption (`{id, json}`, or a plain object of the first app
/// version).
pub(super) fn legacy_dialogue(value: &JsValue) -> Result<Dialogue, StoreError> {
    match json_of(value) {
        Some(json) => from_json(&json),
        None => Ok(serde_wasm_bindgen::from_value::<LegacyDialogue>(value.clone())?.into()),
    }
}

/// What an outbox row written before encryption is about, read from the row as it is (no
/// decoding of the whole change: that code waits in the part of the wasm that sends). The
/// change is today's form (`"operation":{"upsert_story":{"story":{…}}}`) or that of protocol 6
/// and older (`"operation":{"type":"upsert_story","story":{…}}`), as an object or as JSON.
pub(super) fn legacy_pending_ref(value: &JsValue) -> outbox::PendingRef {
    let mutation = match json_of(value) {
        Some(json) => js_sys::JSON::parse(&json).ok(),
        None => Some(value.clone()),
    };
    let operation = mutation.and_then(|m| get(&m, "operation"));
    let id_of = |tag: &str, field: &str| {
        let operation = operation.as_ref()?;
        let payload = get(operation, tag).or_else(|| {
            (text(operation, "type").as_deref() == Some(tag)).then(|| operation.clone())
        })?;
        text(&get(&payload, field)?, "id")
    };
    outbox::PendingRef {
        id: super::changes::outbox_key(value),
        dialogue_id: id_of("upsert_dialogue", "dialogue"),
        team_record_id: [
            ("upsert_story", "story"),
            ("upsert_action", "action"),
            ("upsert_dream", "dream"),
            ("upsert_meeting", "meeting"),
            ("upsert_synonym", "synonym"),
        ]
        .iter()
        .find_map(|(tag, field)| id_of(tag, field)),
    }
}

/// [`legacy_dialogue`] in the part of the wasm that handles rows from before encryption
/// (with [`Store::encrypt_old_rows`]): the first unlock rewrites them, so a device rarely reads
/// one, and the decoding stays out of the first screen.
#[leptos::wasm_split::wasm_split(device, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(super) fn old_dialogue(value: JsValue) -> Result<Dialogue, StoreError> {
    legacy_dialogue(&value)
}

/// An outbox row written before encryption.
pub(super) fn legacy_mutation(value: &JsValue) -> Result<Mutation, StoreError> {
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

impl Store {
    /// Encrypts every row still in the clear (written by an app from before encryption) and
    /// rewrites every row encrypted without its place (before issue 15) bound to it, then marks
    /// the vault migrated and bound: from then on an unbound row is refused. A row rewritten
    /// meanwhile is done already and left alone.
    pub async fn encrypt_old_rows(&self) -> Result<usize, StoreError> {
        let stores = [DIALOGUES, OUTBOX, TEAM, ASIDE, BLOBS];
        let tx = self.db.transaction(&stores, TransactionMode::ReadOnly)?;
        let mut read = Vec::new();
        let old = |value: &JsValue| {
            get(value, "noop").is_none()
                && !super::changes::points_at_dialogue(value)
                && (sealed_of(value).is_none() || unbound(value))
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
}
