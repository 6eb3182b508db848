//! The vault's row: its id, salt and wrapped keys, the wrong-PIN count, the request key.

use super::*;

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

impl Store {
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
        let sealed =
            crate::device::crypto::encrypt(&data_key, key.as_bytes(), &place("sleutel", &meta.id))
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
}
