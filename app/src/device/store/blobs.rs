//! Drawings and photos: their bytes by hash, the uploads still to do, and the collection of
//! blobs no record refers to any more.

use super::*;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct UploadEntry {
    pub(super) hash: String,
    /// When it was queued (ms since the epoch; 0 for entries from before).
    #[serde(default)]
    pub(super) queued_at: f64,
}

/// The hashes of the drawings and photos the device's dialogues show — the newest copy of each
/// (from the `refs` beside each ciphertext and a pack's `media` per dialogue; rows from before
/// encryption are read whole). `tx` reads `dialogues` and `packs`.
pub(super) async fn media_in_use(
    tx: &rexie::Transaction,
) -> Result<std::collections::HashSet<String>, StoreError> {
    let own = tx.store(DIALOGUES)?.get_all(None, None).await?;
    let metas = tx.store(PACKS)?.get_all(None, None).await?;
    // Of every dialogue only its newest copy counts (see `packs::newest_media`).
    let mut used = super::packs::newest_media(&own, &metas);
    for value in &own {
        if get(value, "refs").is_none() && sealed_of(value).is_none() {
            let d = legacy_dialogue(value)?;
            used.extend(d.media().into_iter().map(|m| m.hash.clone()));
        }
    }
    Ok(used)
}

impl Store {
    pub(super) async fn seal_blob(&self, blob: &Blob) -> Result<JsValue, StoreError> {
        Ok(self.seal_blobs(std::slice::from_ref(blob)).await?.remove(0))
    }

    /// Drawings and photos as rows, in order, encrypted in one batch.
    pub(super) async fn seal_blobs(&self, blobs: &[Blob]) -> Result<Vec<JsValue>, StoreError> {
        let items: Vec<_> = blobs
            .iter()
            .map(|b| (place("bijlage", &b.hash), b.bytes.as_slice()))
            .collect();
        let encs = self.seal_all(&items).await?;
        blobs
            .iter()
            .zip(encs)
            .map(|(blob, enc)| {
                row(&[
                    ("hash", JsValue::from_str(&blob.hash)),
                    ("content_type", JsValue::from_str(&blob.content_type)),
                    ("enc", enc),
                ])
            })
            .collect()
    }

    pub(super) async fn read_blob(&self, value: &JsValue) -> Result<Blob, StoreError> {
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
        let tx = self.db.transaction(
            &[DIALOGUES, BLOBS, UPLOADS, PACKS],
            TransactionMode::ReadWrite,
        )?;
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
            &[DIALOGUES, BLOBS, UPLOADS, ASIDE, PACKS],
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
}
