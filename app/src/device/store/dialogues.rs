//! The dialogues: saved with their change in the outbox and their new blobs in one
//! transaction; a pull's page applied; a client's erasure purged.

use super::*;

/// A dialogue as a row: its id, the hashes of its drawings and photos (so the upload queue can
/// be tidied inside a transaction) and the encrypted JSON.
pub(super) struct SealedDialogue {
    pub(super) row: JsValue,
}

/// Why a save from the meta row this tab saw last was undone (another writer came first): the
/// transaction aborted itself, or (`STALE_OPEN`) is still to be aborted.
const STALE: &str = "bijgewerkt door een ander tabblad";
const STALE_OPEN: &str = "bijgewerkt door een ander tabblad (open)";

impl Store {
    pub(super) async fn seal_dialogue(&self, d: &Dialogue) -> Result<SealedDialogue, StoreError> {
        Ok(self
            .seal_dialogues(std::slice::from_ref(d))
            .await?
            .remove(0))
    }

    /// Dialogues as rows, in order, encrypted in one batch.
    pub(super) async fn seal_dialogues(
        &self,
        dialogues: &[Dialogue],
    ) -> Result<Vec<SealedDialogue>, StoreError> {
        let jsons = dialogues
            .iter()
            .map(to_json)
            .collect::<Result<Vec<_>, _>>()?;
        let items: Vec<_> = dialogues
            .iter()
            .zip(&jsons)
            .map(|(d, json)| (place("dialoog", &d.id), json.as_bytes()))
            .collect();
        let encs = self.seal_all(&items).await?;
        dialogues
            .iter()
            .zip(encs)
            .map(|(d, enc)| {
                let refs = string_array(d.media().into_iter().map(|m| m.hash.as_str()));
                let row = row(&[
                    ("id", JsValue::from_str(&d.id)),
                    ("refs", refs),
                    ("enc", enc),
                ])?;
                Ok(SealedDialogue { row })
            })
            .collect()
    }

    pub(super) async fn read_dialogue(&self, value: &JsValue) -> Result<Dialogue, StoreError> {
        Ok(self
            .read_dialogues(std::slice::from_ref(value))
            .await?
            .remove(0))
    }

    /// Dialogue rows read, in order: the encrypted ones decrypted in one batch, one from before
    /// encryption (rare: the first unlock rewrites them) by the part of the wasm that reads them.
    pub(super) async fn read_dialogues(
        &self,
        values: &[JsValue],
    ) -> Result<Vec<Dialogue>, StoreError> {
        self.read_dialogue_texts(values)
            .await?
            .iter()
            .map(|json| from_json(json))
            .collect()
    }

    /// Dialogue rows read as JSON, in order (see [`Store::read_dialogues`]): a push sends a
    /// saved dialogue as the device stored it, without reading it into a `Dialogue` first.
    pub(super) async fn read_dialogue_texts(
        &self,
        values: &[JsValue],
    ) -> Result<Vec<String>, StoreError> {
        let sealed = sealed_by_id(values, "dialoog");
        let mut opened = self.open_texts(&pairs(&sealed)).await?.into_iter();
        let mut texts = Vec::with_capacity(values.len());
        for (value, sealed) in values.iter().zip(&sealed) {
            texts.push(match sealed {
                Some(_) => opened.next().ok_or(StoreError::Damaged)?,
                None => to_json(&super::legacy::old_dialogue(value.clone()).await?)?,
            });
        }
        Ok(texts)
    }

    /// The records and what the waiting changes are about, read in one transaction so they
    /// agree (the changes themselves are not decrypted).
    pub async fn snapshot(&self) -> Result<(Vec<Dialogue>, Vec<outbox::PendingRef>), StoreError> {
        self.data_key()?;
        let tx = self.db.transaction(
            &[DIALOGUES, OUTBOX, PACKS, PACK_DATA],
            TransactionMode::ReadOnly,
        )?;
        let records = tx.store(DIALOGUES)?.get_all(None, None).await?;
        let metas = tx.store(PACKS)?.get_all(None, None).await?;
        let datas = tx.store(PACK_DATA)?.get_all(None, None).await?;
        let pending = read_pending(&tx).await?;
        tx.done().await?;
        Ok((self.read_all(&records, &metas, &datas).await?, pending))
    }

    /// Every dialogue of rows read from `dialogues`, `packs` and `pack_data`: the newest copy
    /// of each ([`packs`]).
    async fn read_all(
        &self,
        records: &[JsValue],
        metas: &[JsValue],
        datas: &[JsValue],
    ) -> Result<Vec<Dialogue>, StoreError> {
        let (mut own, packed) = self.read_newest(records, metas, datas).await?;
        own.extend(packed.into_iter().flat_map(|(_, ds)| ds));
        Ok(own)
    }

    /// One dialogue, if the device has it.
    pub async fn dialogue(&self, id: &str) -> Result<Option<Dialogue>, StoreError> {
        self.data_key()?;
        let tx = self
            .db
            .transaction(&[DIALOGUES, PACKS, PACK_DATA], TransactionMode::ReadOnly)?;
        let value = tx.store(DIALOGUES)?.get(JsValue::from_str(id)).await?;
        let (metas, datas) = self.packs_of(&tx, id).await?;
        tx.done().await?;
        let own: Vec<JsValue> = value.into_iter().collect();
        let (own, packed) = self.read_newest(&own, &metas, &datas).await?;
        Ok(own
            .into_iter()
            .chain(packed.into_iter().flat_map(|(_, ds)| ds))
            .find(|d| d.id == id))
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
        // Everything is encrypted before the transaction opens (see `apply_team_pull`); the
        // changes point at the dialogues' rows, so each dialogue is encrypted once.
        let records_js = self.seal_dialogues(&records).await?;
        let queued_at = JsValue::from_f64(js_sys::Date::now());
        let mutations_js = records
            .iter()
            .map(|d| super::changes::dialogue_change_row(&d.id, &queued_at))
            .collect::<Result<Vec<_>, _>>()?;
        let blobs_js = self
            .seal_blobs(blobs)
            .await?
            .into_iter()
            .zip(blobs)
            .map(|(sealed, b)| {
                let upload = to_js(&UploadEntry {
                    hash: b.hash.clone(),
                    queued_at: js_sys::Date::now(),
                })?;
                Ok((sealed, upload))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        // From the meta row this tab saw last, not read first (one wait less per save); it is
        // read in the same transaction and, if another writer changed it since, the save is
        // undone and made again from what was read.
        let seen = self.meta_seen.borrow().clone();
        // The stores of drawings and photos only when there are some (a narrower transaction
        // opens sooner: most saves are words).
        let scope: &[&str] = match blobs_js.is_empty() {
            true => &[DIALOGUES, OUTBOX, META],
            false => &[DIALOGUES, OUTBOX, META, BLOBS, UPLOADS],
        };
        for guess in [seen, None] {
            let tx = self.db.transaction(scope, TransactionMode::ReadWrite)?;
            let written = async {
                let meta_store = tx.store(META)?;
                let key = JsValue::from_str(DEVICE_KEY);
                let (before, checked) = match guess.clone() {
                    Some(meta) => (meta, true),
                    None => (
                        match meta_store.get(key.clone()).await? {
                            Some(value) => serde_wasm_bindgen::from_value::<DeviceMeta>(value)?,
                            None => DeviceMeta::fresh(),
                        },
                        false,
                    ),
                };
                let mut meta = before.clone();
                // The newest copy of a dialogue wins: a save's row over the pack it was pulled in.
                meta.seq += 1;
                let seq = JsValue::from_f64(meta.seq as f64);
                for (mutation_js, record_js) in mutations_js.iter().zip(&records_js) {
                    meta.last_issued = outbox::next_mutation_id(meta.last_issued);
                    let id = JsValue::from_f64(meta.last_issued as f64);
                    set(mutation_js, "id", &id)?;
                    set(&record_js.row, PENDING, &id)?;
                    set(&record_js.row, packs::SEQ, &seq)?;
                }
                let meta_js = to_js(&meta)?;
                // The check is the transaction's first request, so it is answered while the
                // writes after it are still pending: a stale guess then ends the transaction
                // with a request that must fail (adding the meta row the writes put): an error
                // nobody handles aborts the transaction, and every write with it. (Aborting by
                // dropping the writes' futures would leave the browser calling closures that are
                // gone.)
                let check = async {
                    if checked {
                        let now = match meta_store.get(key.clone()).await? {
                            Some(value) => {
                                Some(serde_wasm_bindgen::from_value::<DeviceMeta>(value)?)
                            }
                            None => None,
                        };
                        if now.as_ref() != Some(&before) {
                            return Err(StoreError::Other(
                                match meta_store.add(&meta_js, None).await {
                                    Err(_) => STALE,
                                    // Cannot happen (the row was put just before): abort by hand.
                                    Ok(_) => STALE_OPEN,
                                }
                                .into(),
                            ));
                        }
                    }
                    Ok(())
                };
                // All requests at once, waited for together (each wait is a round trip to the
                // browser's storage); the transaction commits them together (or none).
                let blobs = async {
                    if blobs_js.is_empty() {
                        return Ok(((), ()));
                    }
                    let (blobs_store, uploads_store) = (tx.store(BLOBS)?, tx.store(UPLOADS)?);
                    futures::future::try_join(
                        blobs_store.put_all(blobs_js.iter().map(|(b, _)| (b.clone(), None))),
                        uploads_store.put_all(blobs_js.iter().map(|(_, u)| (u.clone(), None))),
                    )
                    .await
                };
                let (dialogues_store, outbox_store) = (tx.store(DIALOGUES)?, tx.store(OUTBOX)?);
                let records = futures::future::try_join3(
                    dialogues_store.put_all(records_js.iter().map(|r| (r.row.clone(), None))),
                    outbox_store.put_all(mutations_js.iter().map(|m| (m.clone(), None))),
                    meta_store.put(&meta_js, None),
                );
                let writes = futures::future::try_join(blobs, records);
                let (checked, written) = futures::future::join(check, writes).await;
                checked?;
                written?;
                Ok::<DeviceMeta, StoreError>(meta)
            }
            .await;
            *self.meta_seen.borrow_mut() = None;
            if matches!(&written, Err(StoreError::Other(m)) if m == STALE) {
                // The transaction aborts itself (its last request failed); nothing else of it
                // is waited for, so nothing is left for the browser to call.
                drop(tx);
                continue;
            }
            let stale = matches!(&written, Err(StoreError::Other(m)) if m == STALE_OPEN);
            let last = written.as_ref().map_or(0, |m| m.last_issued);
            let meta = written.as_ref().ok().cloned();
            match self.finish_write(tx, written.map(|_| last)).await {
                Err(_) if stale => continue,
                Ok(id) => {
                    *self.meta_seen.borrow_mut() = meta;
                    return Ok(id);
                }
                Err(e) => return Err(e),
            }
        }
        Err(StoreError::Other(STALE.into()))
    }

    /// Commits a write transaction whose requests went well (`written`), or aborts it; a commit
    /// the browser refused for lack of room says so plainly.
    pub(super) async fn finish_write(
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

    /// Stores a pulled page and the cursor to keep in one transaction, and returns that cursor;
    /// mutations up to `acknowledged` (the server applied them) leave the outbox in the same
    /// transaction.
    /// Dialogues with unsent changes on this device are left as they are here, and the cursor
    /// stays before them (`outbox::pulled_page`); `held` is what earlier pages held back.
    pub async fn apply_pull(
        &self,
        cursor: i64,
        pulled: Vec<outbox::PulledJson>,
        held: Option<i64>,
        acknowledged: u64,
    ) -> Result<i64, StoreError> {
        // The page is one row (`packs`): encrypted once, before the transaction.
        let pack = match pulled.is_empty() {
            true => None,
            false => Some(self.seal_pack(&pulled).await?),
        };
        let tx = self.db.transaction(
            &[DIALOGUES, OUTBOX, META, ASIDE, PACKS, PACK_DATA],
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
            let keep: Vec<&str> = page.store.iter().map(|d| d.head.id.as_str()).collect();
            let meta_store = tx.store(META)?;
            let mut meta = match meta_store.get(JsValue::from_str(DEVICE_KEY)).await? {
                Some(value) => serde_wasm_bindgen::from_value::<DeviceMeta>(value)?,
                None => DeviceMeta::fresh(),
            };
            meta.cursor = page.keep_cursor as f64;
            if let Some(pack) = pack {
                // Newer than every copy before it (their rows and packs stay, never read).
                meta.seq += 1;
                pack.put(&tx, &keep, meta.seq).await?;
                packs::drop_outdated_packs(&tx).await?;
            }
            meta_store.put(&to_js(&meta)?, None).await?;
            *self.meta_seen.borrow_mut() = None;
            Ok::<(i64, DeviceMeta), StoreError>((page.keep_cursor, meta))
        }
        .await;
        match result {
            Ok((n, meta)) => {
                tx.done().await?;
                *self.meta_seen.borrow_mut() = Some(meta);
                Ok(n)
            }
            Err(e) => {
                let _ = tx.abort().await;
                Err(e)
            }
        }
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
                .transaction(&[DIALOGUES, PACKS, PACK_DATA], TransactionMode::ReadOnly)?;
            let seen = tx.store(DIALOGUES)?.get_all(None, None).await?;
            let metas = tx.store(PACKS)?.get_all(None, None).await?;
            let datas = tx.store(PACK_DATA)?.get_all(None, None).await?;
            tx.done().await?;
            let (own, packed) = self.read_newest(&seen, &metas, &datas).await?;
            let fingerprint = (
                fingerprint(&seen),
                packs::packs_seen(&metas),
                fingerprint(&datas),
            );
            let all_dialogues: Vec<&Dialogue> = own
                .iter()
                .chain(packed.iter().flat_map(|(_, ds)| ds))
                .collect();
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
            // A pack whose ciphertext holds an erased dialogue (its newest copy or an older
            // one) is written again with only the dialogues it is the newest copy of, but the
            // erased ones (keeping its write number); or it goes.
            let mut rewritten = Vec::new();
            for data in &datas {
                let Some(pack_id) = text(data, "id") else {
                    continue;
                };
                if !packs::all_ids(data).iter().any(|i| removed.contains(i)) {
                    continue;
                }
                let left: Vec<Dialogue> = packed
                    .iter()
                    .filter(|(id, _)| *id == pack_id)
                    .flat_map(|(_, ds)| ds)
                    .filter(|d| !removed.contains(&d.id))
                    .cloned()
                    .collect();
                let seq = metas
                    .iter()
                    .find(|m| text(m, "id").as_deref() == Some(pack_id.as_str()))
                    .map_or(0, packs::seq_of);
                let again = match left.is_empty() {
                    true => None,
                    false => {
                        let json = left
                            .iter()
                            .map(outbox::PulledJson::of)
                            .collect::<Result<Vec<_>, _>>()
                            .map_err(|e| StoreError::Other(e.to_string()))?;
                        Some(self.seal_pack(&json).await?)
                    }
                };
                rewritten.push((pack_id, left, seq, again));
            }
            let tx = self.db.transaction(
                &[DIALOGUES, OUTBOX, ASIDE, BLOBS, UPLOADS, PACKS, PACK_DATA],
                TransactionMode::ReadWrite,
            )?;
            let result = async {
                let now = tx.store(DIALOGUES)?.get_all(None, None).await?;
                let metas_now = tx.store(PACKS)?.get_all(None, None).await?;
                let datas_now = tx.store(PACK_DATA)?.get_all(None, None).await?;
                let now = (
                    self::fingerprint(&now),
                    packs::packs_seen(&metas_now),
                    self::fingerprint(&datas_now),
                );
                if fingerprint != now {
                    return Ok(None);
                }
                for (pack_id, left, seq, again) in rewritten {
                    tx.store(PACKS)?.delete(JsValue::from_str(&pack_id)).await?;
                    tx.store(PACK_DATA)?
                        .delete(JsValue::from_str(&pack_id))
                        .await?;
                    if let Some(again) = again {
                        let ids: Vec<&str> = left.iter().map(|d| d.id.as_str()).collect();
                        again.put(&tx, &ids, seq).await?;
                    }
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
}
