//! The outbox (object store `outbox`): the changes the server has not acknowledged, what a push sends, what an
//! acknowledgement forgets, and the changes set aside with the server's reason.

use super::*;

pub(super) fn outbox_key(value: &JsValue) -> u64 {
    get(value, "id").and_then(|v| v.as_f64()).unwrap_or(0.0) as u64
}

/// Whether an outbox row is a save of a dialogue that points at the dialogue's row (`ref`)
/// instead of holding a copy: a push sends the dialogue as the device holds it then (and of
/// several saves of one dialogue only the last, `outbox::latest_only`). So a save encrypts the
/// dialogue once, and autosaves of one dialogue go out as one change.
pub(super) fn points_at_dialogue(value: &JsValue) -> bool {
    get(value, "ref").is_some()
}

/// The outbox row of a save of the dialogue `dialogue_id` (see [`points_at_dialogue`]); its
/// `id` is filled in inside the transaction.
pub(super) fn dialogue_change_row(
    dialogue_id: &str,
    queued_at: &JsValue,
) -> Result<JsValue, StoreError> {
    row(&[
        ("rid", JsValue::from_str(dialogue_id)),
        ("ref", JsValue::TRUE),
        ("queued_at", queued_at.clone()),
    ])
}

/// What a waiting change is about, read from its row without the key (the ids sit beside the
/// ciphertext; rows from before encryption are read whole).
pub(super) fn pending_ref(value: &JsValue) -> Result<outbox::PendingRef, StoreError> {
    if sealed_of(value).is_some() || get(value, "noop").is_some() || points_at_dialogue(value) {
        return Ok(outbox::PendingRef {
            id: outbox_key(value),
            dialogue_id: text(value, "rid"),
            team_record_id: text(value, "tid"),
        });
    }
    Ok(legacy_pending_ref(value))
}

/// Forgets acknowledged mutations: everything up to the last acknowledged id goes (that is what
/// an acknowledgement says), and what was set aside of a dialogue delivered since.
pub(super) async fn drop_acknowledged(
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
pub(super) async fn read_pending(
    tx: &rexie::Transaction,
) -> Result<Vec<outbox::PendingRef>, StoreError> {
    tx.store(OUTBOX)?
        .get_all(None, None)
        .await?
        .iter()
        .map(pending_ref)
        .collect()
}

impl Store {
    /// An outbox row that holds its change (not one that points at a dialogue).
    pub(super) async fn read_mutation(&self, value: &JsValue) -> Result<Mutation, StoreError> {
        Ok(self
            .read_mutations(std::slice::from_ref(value))
            .await?
            .remove(0))
    }

    /// Outbox rows that hold their change (or are placeholders) read, in order; the encrypted
    /// ones decrypted in one batch. A row that points at a dialogue reads as a placeholder
    /// (see [`Store::read_outgoing`] for what a push sends of it).
    pub(super) async fn read_mutations(
        &self,
        values: &[JsValue],
    ) -> Result<Vec<Mutation>, StoreError> {
        let sealed: Vec<Option<(Vec<u8>, Vec<u8>)>> = values
            .iter()
            .map(|value| {
                if get(value, "noop").is_some() || points_at_dialogue(value) {
                    return None;
                }
                sealed_of(value).map(|sealed| (operation_place(value), sealed))
            })
            .collect();
        let mut opened = self.open_texts(&pairs(&sealed)).await?.into_iter();
        values
            .iter()
            .zip(&sealed)
            .map(|(value, sealed)| {
                let id = outbox_key(value);
                if get(value, "noop").is_some() || points_at_dialogue(value) {
                    return Ok(Mutation {
                        id,
                        operation: Operation::Noop,
                    });
                }
                match sealed {
                    Some(_) => Ok(Mutation {
                        id,
                        operation: from_json(&opened.next().ok_or(StoreError::Damaged)?)?,
                    }),
                    None => legacy_mutation(value),
                }
            })
            .collect()
    }

    /// Outbox rows as a push sends them, in order. A row that points at a dialogue carries that
    /// dialogue's JSON as `current` has it by the id of its last save (a placeholder when it was
    /// saved again later, or is no longer on the device); the others are read as
    /// [`Store::read_mutations`] reads them.
    async fn read_outgoing(
        &self,
        values: &[JsValue],
        mut current: HashMap<u64, (String, String)>,
    ) -> Result<Vec<Outgoing>, StoreError> {
        let holding: Vec<JsValue> = values
            .iter()
            .filter(|v| !points_at_dialogue(v))
            .cloned()
            .collect();
        let mut read = self.read_mutations(&holding).await?.into_iter();
        values
            .iter()
            .map(|value| {
                if !points_at_dialogue(value) {
                    let m = read.next().ok_or(StoreError::Damaged)?;
                    return Outgoing::of(&m).map_err(|e| StoreError::Other(e.to_string()));
                }
                let id = outbox_key(value);
                Ok(match current.remove(&id) {
                    Some((dialogue_id, json)) => Outgoing::dialogue(id, &dialogue_id, &json),
                    None => Outgoing::noop(id),
                })
            })
            .collect()
    }

    pub(super) async fn seal_operation(
        &self,
        operation: &Operation,
    ) -> Result<JsValue, StoreError> {
        Ok(self
            .seal_operations(std::slice::from_ref(operation))
            .await?
            .remove(0))
    }

    /// Outbox rows, in order, encrypted in one batch: the key, what each is about (in the
    /// clear, for the pull rules), the encrypted operation, when it was queued. `id` is filled
    /// in inside the transaction.
    pub(super) async fn seal_operations(
        &self,
        operations: &[Operation],
    ) -> Result<Vec<JsValue>, StoreError> {
        let jsons = operations
            .iter()
            .map(to_json)
            .collect::<Result<Vec<_>, _>>()?;
        let items: Vec<_> = operations
            .iter()
            .zip(&jsons)
            .map(|(operation, json)| {
                let about = outbox::operation_dialogue_id(operation)
                    .or(outbox::operation_team_record_id(operation));
                (
                    place("wijziging", about.unwrap_or_default()),
                    json.as_bytes(),
                )
            })
            .collect();
        let encs = self.seal_all(&items).await?;
        let queued_at = JsValue::from_f64(js_sys::Date::now());
        operations
            .iter()
            .zip(encs)
            .map(|(operation, enc)| {
                let mut fields = vec![("enc", enc), ("queued_at", queued_at.clone())];
                if let Some(id) = outbox::operation_dialogue_id(operation) {
                    fields.push(("rid", JsValue::from_str(id)));
                }
                if let Some(id) = outbox::operation_team_record_id(operation) {
                    fields.push(("tid", JsValue::from_str(id)));
                }
                row(&fields)
            })
            .collect()
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

    /// How many changes wait to be sent (no key needed).
    pub async fn outbox_len(&self) -> Result<usize, StoreError> {
        let tx = self.db.transaction(&[OUTBOX], TransactionMode::ReadOnly)?;
        let n = tx.store(OUTBOX)?.count(None).await?;
        tx.done().await?;
        Ok(n as usize)
    }

    /// This device's client id (made by its first change), the oldest `limit` pending
    /// mutations as a push sends them and how many are pending in all — after the mutation `after`, if given (the
    /// next batch is read while one is on its way) —, read in one transaction.
    pub async fn outbox_head(
        &self,
        after: Option<u64>,
        limit: u32,
    ) -> Result<(Option<String>, Vec<Outgoing>, usize), StoreError> {
        self.data_key()?;
        let tx = self
            .db
            .transaction(&[OUTBOX, META, DIALOGUES], TransactionMode::ReadOnly)?;
        let meta = tx.store(META)?.get(JsValue::from_str(DEVICE_KEY)).await?;
        let outbox_store = tx.store(OUTBOX)?;
        // Keys are numbers, so IndexedDB returns them in id order.
        let range = match after {
            Some(after) => Some(
                rexie::KeyRange::lower_bound(&JsValue::from_f64(after as f64), Some(true))
                    .map_err(|_| StoreError::Other("outbox".into()))?,
            ),
            None => None,
        };
        let head = outbox_store.get_all(range.clone(), Some(limit)).await?;
        let total = outbox_store.count(range).await? as usize;
        // The dialogues whose last save is among them, as they are now: one request, by the
        // `pending` index (a save whose dialogue was saved again later goes as a placeholder;
        // the later one carries it).
        let saves: Vec<f64> = head
            .iter()
            .filter(|v| points_at_dialogue(v))
            .map(|v| outbox_key(v) as f64)
            .collect();
        let rows = match (saves.first(), saves.last()) {
            (Some(first), Some(last)) => {
                let range = rexie::KeyRange::bound(
                    &JsValue::from_f64(*first),
                    &JsValue::from_f64(*last),
                    None,
                    None,
                )
                .map_err(|_| StoreError::Other("outbox".into()))?;
                tx.store(DIALOGUES)?
                    .index(PENDING)?
                    .get_all(Some(range), None)
                    .await?
            }
            _ => Vec::new(),
        };
        tx.done().await?;
        let client_id = match meta {
            Some(value) => Some(serde_wasm_bindgen::from_value::<DeviceMeta>(value)?.client_id),
            None => None,
        };
        let saved_by = rows.iter().map(|v| {
            (
                get(v, PENDING).and_then(|p| p.as_f64()).unwrap_or(0.0) as u64,
                text(v, "id").unwrap_or_default(),
            )
        });
        let current: HashMap<u64, (String, String)> = saved_by
            .zip(self.read_dialogue_texts(&rows).await?)
            .map(|((saved_by, id), json)| (saved_by, (id, json)))
            .collect();
        Ok((client_id, self.read_outgoing(&head, current).await?, total))
    }

    /// Forgets mutations the server acknowledged, in one transaction.
    /// A dialogue saved again and delivered also ends what was set aside of it.
    pub async fn acknowledge(&self, done: &[&Outgoing]) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction(&[OUTBOX, ASIDE], TransactionMode::ReadWrite)?;
        drop_acknowledged(
            &tx,
            done.iter().map(|m| m.id).max(),
            done.iter()
                .filter_map(|m| m.dialogue_id.as_deref())
                .collect(),
        )
        .await?;
        tx.done().await?;
        Ok(())
    }

    /// Sets the pending mutation `id` aside with the server's `reason`, in one transaction: its
    /// place in the outbox becomes a placeholder and the change is kept under `aside` (its
    /// ciphertext moves as it is; for a save that points at its dialogue, the dialogue's row's
    /// ciphertext is copied, `place: "dialoog"`).
    pub async fn set_aside(&self, id: u64, reason: &str) -> Result<(), StoreError> {
        let reason_enc = self
            .seal(&place("reden", &id.to_string()), reason.as_bytes())
            .await?;
        let tx = self
            .db
            .transaction(&[OUTBOX, ASIDE, DIALOGUES], TransactionMode::ReadWrite)?;
        let result = async {
            let key = JsValue::from_f64(id as f64);
            let Some(value) = tx.store(OUTBOX)?.get(key.clone()).await? else {
                return Ok(());
            };
            if get(&value, "noop").is_some() {
                return Ok(());
            }
            let r = pending_ref(&value)?;
            let (enc, copied) = if points_at_dialogue(&value) {
                let rid = JsValue::from_str(r.dialogue_id.as_deref().unwrap_or_default());
                let dialogue = tx.store(DIALOGUES)?.get(rid).await?;
                (dialogue.and_then(|d| get(&d, "enc")), true)
            } else {
                (get(&value, "enc"), false)
            };
            let placeholder = row(&[("id", key.clone()), ("noop", JsValue::TRUE)])?;
            let Some(enc) = enc else {
                if copied {
                    // The dialogue is gone from the device (erased): nothing to keep.
                    tx.store(OUTBOX)?.put(&placeholder, None).await?;
                    return Ok(());
                }
                // Rows from before encryption are encrypted at unlock, before any sync.
                return Err(StoreError::Other("niet versleuteld".into()));
            };
            tx.store(OUTBOX)?.put(&placeholder, None).await?;
            let entry = row(&[
                ("id", key),
                (
                    "dialogue_id",
                    JsValue::from_str(r.dialogue_id.as_deref().unwrap_or_default()),
                ),
                ("reason_enc", reason_enc),
                ("enc", enc),
            ])?;
            if copied {
                set(&entry, "place", &JsValue::from_str("dialoog"))?;
            }
            tx.store(ASIDE)?.put(&entry, None).await?;
            Ok::<(), StoreError>(())
        }
        .await;
        tx.done().await?;
        result
    }

    /// What is set aside: per change, the dialogue and the server's reason.
    pub async fn aside(&self) -> Result<Vec<(String, String)>, StoreError> {
        self.data_key()?;
        let tx = self.db.transaction(&[ASIDE], TransactionMode::ReadOnly)?;
        let rows = tx.store(ASIDE)?.get_all(None, None).await?;
        tx.done().await?;
        let sealed: Vec<Option<(Vec<u8>, Vec<u8>)>> = rows
            .iter()
            .map(|v| {
                let sealed = get(v, "reason_enc")?
                    .dyn_into::<js_sys::Uint8Array>()
                    .ok()?;
                let id = get(v, "id").and_then(|i| i.as_f64()).unwrap_or_default();
                Some((place("reden", &(id as u64).to_string()), sealed.to_vec()))
            })
            .collect();
        let mut opened = self.open_texts(&pairs(&sealed)).await?.into_iter();
        rows.iter()
            .zip(&sealed)
            .map(|(v, sealed)| {
                let dialogue = text(v, "dialogue_id").unwrap_or_default();
                let reason = match sealed {
                    Some(_) => opened.next().ok_or(StoreError::Damaged)?,
                    None => text(v, "reason").unwrap_or_default(),
                };
                Ok((dialogue, reason))
            })
            .collect()
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
}
