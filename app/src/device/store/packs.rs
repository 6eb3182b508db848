//! Pulled dialogues kept by the page (issue 17, decision 15): a pull's page of up to 1,000
//! dialogues is **one** encrypted row, not 1,000 — IndexedDB costs per row (`.ci/bench-browser`
//! prints that floor), so a first pull or a pull cut halfway no longer waits on it.
//!
//! Two object stores (since version 6):
//! * `packs`: `{id, ids, refs}` — the dialogues of the pack that are *live* (index `ids`,
//!   multiEntry: the pack holding a dialogue is found with one request) and the hashes of the
//!   drawings and photos its dialogues show (for the collector, inside a transaction);
//! * `pack_data`: `{id, all, enc}` — the encrypted JSON array of the pack's dialogues, and the
//!   ids of every dialogue in it, also those no longer live (an erasure rewrites every pack
//!   that holds an erased dialogue, live or not).
//!
//! **A dialogue is live in one place**: its own row in `dialogues` (every save writes one) or
//! one pack's `ids`. A save takes the dialogue out of its pack (`ids` only, in the save's own
//! transaction: no key needed); a pulled page takes its dialogues out of older packs and rows.
//! A pack left with no live dialogue is deleted with its data.

use std::collections::HashSet;

use super::*;

pub(super) const PACKS: &str = "packs";

pub(super) const PACK_DATA: &str = "pack_data";

/// A pack row's field of live dialogue ids, and the multiEntry index on it.
pub(super) const LIVE: &str = "ids";

/// The place (associated data) a pack's ciphertext is bound to.
fn pack_place(id: &str) -> Vec<u8> {
    place("bundel", id)
}

fn strings(value: &JsValue, key: &str) -> Vec<String> {
    get(value, key)
        .and_then(|v| v.dyn_into::<js_sys::Array>().ok())
        .map(|a| a.iter().filter_map(|s| s.as_string()).collect())
        .unwrap_or_default()
}

fn string_array<'a>(items: impl IntoIterator<Item = &'a str>) -> JsValue {
    items
        .into_iter()
        .map(JsValue::from_str)
        .collect::<js_sys::Array>()
        .into()
}

/// The live ids of a `packs` row.
pub(super) fn live_ids(meta: &JsValue) -> Vec<String> {
    strings(meta, LIVE)
}

/// Per `packs` row, its id and live ids: equal when nothing moved in between.
pub(super) fn live_by_pack(metas: &[JsValue]) -> Vec<(Option<String>, Vec<String>)> {
    metas.iter().map(|m| (text(m, "id"), live_ids(m))).collect()
}

/// The hashes of the media a `packs` row's dialogues show.
pub(super) fn pack_refs(meta: &JsValue) -> Vec<String> {
    strings(meta, "refs")
}

/// A pack ready to be written: its two rows, the live ids still to be set on `meta`.
pub(super) struct SealedPack {
    pub(super) meta: JsValue,
    pub(super) data: JsValue,
}

impl SealedPack {
    /// Writes the pack with `live` as its live dialogues (nothing when none is).
    pub(super) async fn put(self, tx: &rexie::Transaction, live: &[&str]) -> Result<(), StoreError> {
        if live.is_empty() {
            return Ok(());
        }
        set(&self.meta, LIVE, &string_array(live.iter().copied()))?;
        tx.store(PACKS)?.put(&self.meta, None).await?;
        tx.store(PACK_DATA)?.put(&self.data, None).await?;
        Ok(())
    }
}

/// Takes the dialogues `ids` out of the packs (rows of `packs`, `metas`) that hold them live,
/// in `tx` (writing `packs` and `pack_data`): a pack left with none is deleted with its data.
pub(super) async fn take_out_of_packs(
    tx: &rexie::Transaction,
    metas: Vec<JsValue>,
    ids: &HashSet<&str>,
) -> Result<(), StoreError> {
    let mut seen = HashSet::new();
    for meta in metas {
        let Some(key) = text(&meta, "id") else {
            continue;
        };
        if !seen.insert(key.clone()) {
            continue;
        }
        let live = live_ids(&meta);
        if !live.iter().any(|i| ids.contains(i.as_str())) {
            continue;
        }
        let left: Vec<&str> = live
            .iter()
            .map(String::as_str)
            .filter(|i| !ids.contains(i))
            .collect();
        if left.is_empty() {
            tx.store(PACKS)?.delete(JsValue::from_str(&key)).await?;
            tx.store(PACK_DATA)?.delete(JsValue::from_str(&key)).await?;
        } else {
            set(&meta, LIVE, &string_array(left))?;
            tx.store(PACKS)?.put(&meta, None).await?;
        }
    }
    Ok(())
}

/// The rows of `packs` that hold any of `ids` live: by the index, one request per id for a
/// few (a save), all rows in one request for many (a page).
pub(super) async fn packs_holding(
    tx: &rexie::Transaction,
    ids: &[&str],
) -> Result<Vec<JsValue>, StoreError> {
    if ids.len() > 8 {
        return Ok(tx.store(PACKS)?.get_all(None, None).await?);
    }
    let index = tx.store(PACKS)?.index(LIVE)?;
    let mut metas = Vec::new();
    for id in ids {
        let only = rexie::KeyRange::only(&JsValue::from_str(id))
            .map_err(|_| StoreError::Other("bundel".into()))?;
        metas.extend(index.get_all(Some(only), None).await?);
    }
    Ok(metas)
}

/// Every dialogue id a `pack_data` row's ciphertext holds, live or not.
pub(super) fn all_ids(data: &JsValue) -> Vec<String> {
    strings(data, "all")
}

impl Store {
    /// `dialogues` as one pack (a new id), encrypted once.
    pub(super) async fn seal_pack(&self, dialogues: &[Dialogue]) -> Result<SealedPack, StoreError> {
        let id = format!("bundel-{}", super::super::new_id());
        let json = to_json(&dialogues)?;
        let enc = self.seal(&pack_place(&id), json.as_bytes()).await?;
        let mut refs: Vec<String> = dialogues
            .iter()
            .flat_map(|d| d.media().into_iter().map(|m| m.hash.clone()))
            .collect();
        refs.sort();
        refs.dedup();
        let meta = row(&[
            ("id", JsValue::from_str(&id)),
            ("refs", string_array(refs.iter().map(String::as_str))),
        ])?;
        let data = row(&[
            ("id", JsValue::from_str(&id)),
            ("all", string_array(dialogues.iter().map(|d| d.id.as_str()))),
            ("enc", enc),
        ])?;
        Ok(SealedPack { meta, data })
    }

    /// The live dialogues of packs read as rows of `packs` (`metas`) and `pack_data` (`datas`),
    /// decrypted in one batch: by pack id.
    pub(super) async fn read_packs(
        &self,
        metas: &[JsValue],
        datas: &[JsValue],
    ) -> Result<Vec<(String, Vec<Dialogue>)>, StoreError> {
        let live: HashMap<String, HashSet<String>> = metas
            .iter()
            .filter_map(|m| Some((text(m, "id")?, live_ids(m).into_iter().collect())))
            .collect();
        let datas: Vec<&JsValue> = datas
            .iter()
            .filter(|d| text(d, "id").is_some_and(|id| live.contains_key(&id)))
            .collect();
        let sealed: Vec<(String, Vec<u8>, Vec<u8>)> = datas
            .iter()
            .map(|d| {
                let id = text(d, "id").unwrap_or_default();
                let enc = sealed_of(d).ok_or(StoreError::Damaged)?;
                Ok((pack_place(&id), enc, id))
            })
            .map(|r: Result<_, StoreError>| r.map(|(p, e, id)| (id, p, e)))
            .collect::<Result<_, _>>()?;
        let items: Vec<(&[u8], &[u8])> = sealed
            .iter()
            .map(|(_, p, e)| (p.as_slice(), e.as_slice()))
            .collect();
        let opened = self.open_texts(&items).await?;
        let mut packs = Vec::with_capacity(opened.len());
        for ((id, _, _), json) in sealed.into_iter().zip(opened) {
            let held: Vec<Dialogue> = from_json(&json)?;
            let keep = &live[&id];
            packs.push((
                id,
                held.into_iter().filter(|d| keep.contains(&d.id)).collect(),
            ));
        }
        Ok(packs)
    }

    /// The dialogue `id` from the pack that holds it live, if one does (in `tx`, which reads
    /// `packs` and `pack_data`); decrypted after the transaction.
    pub(super) async fn packed_rows(
        &self,
        tx: &rexie::Transaction,
        id: &str,
    ) -> Result<Option<(JsValue, JsValue)>, StoreError> {
        let Some(meta) = packs_holding(tx, &[id]).await?.into_iter().next() else {
            return Ok(None);
        };
        let key = get(&meta, "id").ok_or(StoreError::Damaged)?;
        let data = tx
            .store(PACK_DATA)?
            .get(key)
            .await?
            .ok_or(StoreError::Damaged)?;
        Ok(Some((meta, data)))
    }
}
