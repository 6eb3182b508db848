//! Pulled dialogues kept by the page (issue 17, decision 15): a pull's page of up to 1,000
//! dialogues is **one** encrypted row, not 1,000 — IndexedDB costs per row (`.ci/bench-browser`
//! prints that floor), so a first pull or a pull cut halfway no longer waits on it.
//!
//! Two object stores (since version 6):
//! * `packs`: `{id, seq, ids, refs, media}` — when the pack was written (`seq`), the dialogues it
//!   brings (`ids`; no index on them: 1,000 index entries made a page's write a third slower,
//!   and only opening one dialogue looks a dialogue up) and the hashes of the drawings and
//!   photos its dialogues show (for the collector);
//! * `pack_data`: `{id, all, enc}` — the encrypted JSON array of the pack's dialogues, and the
//!   ids of every dialogue in it (an erasure rewrites every pack that holds an erased one).
//!
//! **The newest write wins.** Every write of dialogues takes the next `seq` of the device
//! (`DeviceMeta::seq`): a save writes the dialogue's own row in `dialogues` with it, a pulled
//! page its pack. Of a dialogue's row and the packs that bring it, the one with the highest
//! `seq` is the dialogue; the others are older copies, never read. So neither a save nor a pull
//! rewrites or deletes anything of the other (IndexedDB costs per row and per index entry: a
//! save that took its dialogue out of a pack of 1,000 rewrote 1,000 index entries). A pack
//! whose dialogues all came again in newer packs is deleted when a page is stored.

use std::collections::HashSet;

use super::*;

pub(super) const PACKS: &str = "packs";

pub(super) const PACK_DATA: &str = "pack_data";

/// A pack row's field of the dialogue ids it brings.
const LIVE: &str = "ids";

/// A row's write number (dialogue rows and packs): the newest wins. Rows from before version 6
/// have none (0): every pack is newer.
pub(super) const SEQ: &str = "seq";

/// What a pack's ciphertext is bound to, with its id (see `crate::vault::rules::place`).
const PACK_KIND: &str = "bundel";

fn strings(value: &JsValue, key: &str) -> Vec<String> {
    get(value, key)
        .and_then(|v| v.dyn_into::<js_sys::Array>().ok())
        .map(|a| a.iter().filter_map(|s| s.as_string()).collect())
        .unwrap_or_default()
}

/// The write number of a row (0 for rows from before version 6).
pub(super) fn seq_of(value: &JsValue) -> u64 {
    get(value, SEQ).and_then(|v| v.as_f64()).unwrap_or(0.0) as u64
}

/// The dialogue ids a `packs` row brings.
fn brought(meta: &JsValue) -> Vec<String> {
    strings(meta, LIVE)
}

/// A pack row's field of the attachments of each dialogue it brings (in the order of `ids`).
const MEDIA: &str = "media";

/// The attachments the newest copies of the dialogues show (`own`: the rows of `dialogues`,
/// `metas`: the rows of `packs`): an older copy of a dialogue (a pulled page's, or its own row
/// before a newer page) keeps no earlier drawing in use — it would be sent, and never collected.
/// A pack written before its `media` counts all its `refs` while it is the newest copy of any.
pub(super) fn newest_media(own: &[JsValue], metas: &[JsValue]) -> HashSet<String> {
    let newest = newest(own, metas);
    let mut used = HashSet::new();
    for (value, is_newest) in own.iter().zip(&newest.own) {
        if *is_newest {
            used.extend(strings(value, "refs"));
        }
    }
    for meta in metas {
        let Some(kept) = text(meta, "id").and_then(|id| newest.packs.get(&id)) else {
            continue;
        };
        match get(meta, MEDIA).and_then(|m| m.dyn_into::<js_sys::Array>().ok()) {
            Some(media) => {
                for (i, id) in brought(meta).iter().enumerate() {
                    if kept.contains(id) {
                        let hashes = media.get(i as u32);
                        if let Ok(hashes) = hashes.dyn_into::<js_sys::Array>() {
                            used.extend(hashes.iter().filter_map(|h| h.as_string()));
                        }
                    }
                }
            }
            None => used.extend(strings(meta, "refs")),
        }
    }
    used
}

/// Every dialogue id a `pack_data` row's ciphertext holds.
pub(super) fn all_ids(data: &JsValue) -> Vec<String> {
    strings(data, "all")
}

/// Per `packs` row, what a purge must see unchanged: its id, write number and dialogue ids.
pub(super) fn packs_seen(metas: &[JsValue]) -> Vec<(Option<String>, u64, Vec<String>)> {
    metas
        .iter()
        .map(|m| (text(m, "id"), seq_of(m), brought(m)))
        .collect()
}

/// Which copy of each dialogue is the dialogue: per row of `dialogues` (`own`), whether it is;
/// per pack id, the dialogues it is the newest copy of.
pub(super) struct Newest {
    pub(super) own: Vec<bool>,
    pub(super) packs: HashMap<String, HashSet<String>>,
}

/// The newest copy of every dialogue among its own rows and the packs (`metas`).
pub(super) fn newest(own: &[JsValue], metas: &[JsValue]) -> Newest {
    // Per dialogue id: the highest write number and where it is (`None`: its own row).
    let mut best: HashMap<String, (u64, Option<usize>)> = HashMap::new();
    let mut offer = |id: String, seq: u64, at: Option<usize>| {
        let entry = best.entry(id).or_insert((seq, at));
        if seq > entry.0 || (seq == entry.0 && at.is_none()) {
            *entry = (seq, at);
        }
    };
    for value in own {
        if let Some(id) = text(value, "id") {
            offer(id, seq_of(value), None);
        }
    }
    for (i, meta) in metas.iter().enumerate() {
        let seq = seq_of(meta);
        for id in brought(meta) {
            offer(id, seq, Some(i));
        }
    }
    let own = own
        .iter()
        .map(|v| text(v, "id").is_some_and(|id| best.get(&id).is_some_and(|(_, at)| at.is_none())))
        .collect();
    let mut packs: HashMap<String, HashSet<String>> = HashMap::new();
    for (id, (_, at)) in best {
        if let Some(i) = at {
            if let Some(pack) = text(&metas[i], "id") {
                packs.entry(pack).or_default().insert(id);
            }
        }
    }
    Newest { own, packs }
}

/// A pack ready to be written.
pub(super) struct SealedPack {
    pub(super) meta: JsValue,
    pub(super) data: JsValue,
    /// Per dialogue id, the hashes of its drawings and photos.
    media: HashMap<String, Vec<String>>,
}

impl SealedPack {
    /// Writes the pack as write number `seq`, bringing the dialogues `ids` (nothing when none).
    pub(super) async fn put(
        self,
        tx: &rexie::Transaction,
        ids: &[&str],
        seq: u64,
    ) -> Result<(), StoreError> {
        if ids.is_empty() {
            return Ok(());
        }
        set(&self.meta, LIVE, &string_array(ids.iter().copied()))?;
        // Per dialogue it brings (in the order of `ids`), its attachments: only the newest copy
        // of a dialogue keeps a drawing in use (`media_in_use`).
        let media = js_sys::Array::new();
        for id in ids {
            let hashes = self.media.get(*id).map(Vec::as_slice).unwrap_or_default();
            media.push(&string_array(hashes.iter().map(String::as_str)));
        }
        set(&self.meta, MEDIA, &media)?;
        set(&self.meta, SEQ, &JsValue::from_f64(seq as f64))?;
        tx.store(PACKS)?.put(&self.meta, None).await?;
        tx.store(PACK_DATA)?.put(&self.data, None).await?;
        Ok(())
    }
}

/// Deletes the packs (in `tx`, writing `packs` and `pack_data`) whose every dialogue came again
/// in a newer pack: nothing of them is read any more.
pub(super) async fn drop_outdated_packs(tx: &rexie::Transaction) -> Result<(), StoreError> {
    let mut metas = tx.store(PACKS)?.get_all(None, None).await?;
    metas.sort_by_key(|m| std::cmp::Reverse(seq_of(m)));
    let mut newer: HashSet<String> = HashSet::new();
    for meta in metas {
        let ids = brought(&meta);
        if ids.iter().all(|id| newer.contains(id)) {
            if let Some(key) = get(&meta, "id") {
                tx.store(PACKS)?.delete(key.clone()).await?;
                tx.store(PACK_DATA)?.delete(key).await?;
            }
        } else {
            newer.extend(ids);
        }
    }
    Ok(())
}

impl Store {
    /// `dialogues` as one pack (a new id), encrypted once: their JSON as the server wrote it,
    /// in one array (not read into dialogues and written again).
    pub(super) async fn seal_pack(
        &self,
        dialogues: &[outbox::PulledJson],
    ) -> Result<SealedPack, StoreError> {
        let id = format!("bundel-{}", super::super::new_id());
        let json = outbox::pack_json(dialogues);
        let enc = self.seal(&place(PACK_KIND, &id), json.as_bytes()).await?;
        let mut refs: Vec<&str> = dialogues
            .iter()
            .flat_map(|d| d.head.media_hashes())
            .collect();
        refs.sort();
        refs.dedup();
        let meta = row(&[("id", JsValue::from_str(&id)), ("refs", string_array(refs))])?;
        let media = dialogues
            .iter()
            .map(|d| {
                let hashes = d
                    .head
                    .media_hashes()
                    .into_iter()
                    .map(str::to_owned)
                    .collect();
                (d.head.id.clone(), hashes)
            })
            .collect();
        let data = row(&[
            ("id", JsValue::from_str(&id)),
            (
                "all",
                string_array(dialogues.iter().map(|d| d.head.id.as_str())),
            ),
            ("enc", enc),
        ])?;
        Ok(SealedPack { meta, data, media })
    }

    /// The dialogues as the device holds them: of every dialogue the newest copy among its own
    /// rows (`own`) and the packs (`metas`, `datas`). Only what is read is decrypted, in one
    /// batch. Also, per pack, the dialogues it is the newest copy of (for a purge).
    pub(super) async fn read_newest(
        &self,
        own: &[JsValue],
        metas: &[JsValue],
        datas: &[JsValue],
    ) -> Result<(Vec<Dialogue>, Vec<(String, Vec<Dialogue>)>), StoreError> {
        let newest = newest(own, metas);
        let own: Vec<JsValue> = own
            .iter()
            .zip(&newest.own)
            .filter(|(_, read)| **read)
            .map(|(v, _)| v.clone())
            .collect();
        // Only the packs that are the newest copy of some dialogue are decrypted.
        let datas: Vec<JsValue> = datas
            .iter()
            .filter(|d| text(d, "id").is_some_and(|id| newest.packs.contains_key(&id)))
            .cloned()
            .collect();
        let sealed = sealed_by_id(&datas, PACK_KIND);
        if sealed.iter().any(Option::is_none) {
            return Err(StoreError::Damaged);
        }
        let (own, opened) =
            futures::future::try_join(self.read_dialogues(&own), self.open_texts(&pairs(&sealed)))
                .await?;
        let mut packs = Vec::with_capacity(opened.len());
        for (data, json) in datas.iter().zip(opened) {
            let id = text(data, "id").unwrap_or_default();
            let held: Vec<Dialogue> = from_json(&json)?;
            let keep = &newest.packs[&id];
            packs.push((
                id,
                held.into_iter().filter(|d| keep.contains(&d.id)).collect(),
            ));
        }
        Ok((own, packs))
    }

    /// The rows of the packs that bring dialogue `id` (in `tx`, which reads `packs` and
    /// `pack_data`): `packs` rows, and the `pack_data` row of the newest.
    pub(super) async fn packs_of(
        &self,
        tx: &rexie::Transaction,
        id: &str,
    ) -> Result<(Vec<JsValue>, Vec<JsValue>), StoreError> {
        let wanted = JsValue::from_str(id);
        let metas: Vec<JsValue> = tx
            .store(PACKS)?
            .get_all(None, None)
            .await?
            .into_iter()
            .filter(|m| {
                get(m, LIVE)
                    .and_then(|ids| ids.dyn_into::<js_sys::Array>().ok())
                    .is_some_and(|ids| ids.includes(&wanted, 0))
            })
            .collect();
        let Some(key) = metas
            .iter()
            .max_by_key(|m| seq_of(m))
            .and_then(|m| get(m, "id"))
        else {
            return Ok((metas, Vec::new()));
        };
        let data = tx.store(PACK_DATA)?.get(key).await?;
        Ok((metas, data.into_iter().collect()))
    }
}
