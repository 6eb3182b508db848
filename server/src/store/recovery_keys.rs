//! The recovery keys of the device vaults, wrapped with the server's key ([`crate::recovery`]).

use super::*;

/// Device vaults one user may have (phones, tablets, browsers): a bound on what a session can
/// make the server store.
pub const MAX_VAULTS: i64 = 50;

impl Db {
    /// The recovery key of `user_id`'s device vault `vault_id` (64 hex digits), made on the first
    /// request; `None` when the user already has [`MAX_VAULTS`] other vaults.
    pub async fn recovery_key(
        &self,
        user_id: &str,
        vault_id: &str,
        wrap: &crate::recovery::RecoveryWrap,
    ) -> Result<Option<String>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let found: Option<String> = sqlx::query_scalar(
            "SELECT key_hex FROM recovery_keys WHERE user_id = $1 AND vault_id = $2",
        )
        .bind(user_id)
        .bind(vault_id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(stored) = found {
            return Ok(Some(
                wrap.open(user_id, vault_id, &stored)
                    .map_err(|e| StoreError::corrupt("recovery key", e))?,
            ));
        }
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM recovery_keys WHERE user_id = $1")
                .bind(user_id)
                .fetch_one(&mut *tx)
                .await?;
        if count >= MAX_VAULTS {
            return Ok(None);
        }
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| StoreError::corrupt("random recovery key", e))?;
        let key = hex::encode(bytes);
        sqlx::query(
            "INSERT INTO recovery_keys (user_id, vault_id, key_hex, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(user_id)
        .bind(vault_id)
        .bind(wrap.seal(user_id, vault_id, &key).map_err(|e| StoreError::corrupt("recovery key", e))?)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(key))
    }

    /// Wraps every recovery key still stored plain (from before wrapping) with `wrap`. Returns
    /// how many. Run at every start; a second run finds none.
    pub async fn wrap_recovery_keys(
        &self,
        wrap: &crate::recovery::RecoveryWrap,
    ) -> Result<usize, StoreError> {
        let rows = sqlx::query("SELECT user_id, vault_id, key_hex FROM recovery_keys")
            .fetch_all(&self.pool)
            .await?;
        let mut wrapped = 0;
        for row in rows {
            let (user, vault, stored): (String, String, String) = (
                row.try_get("user_id")?,
                row.try_get("vault_id")?,
                row.try_get("key_hex")?,
            );
            if crate::recovery::RecoveryWrap::is_plain(&stored) {
                sqlx::query(
                    "UPDATE recovery_keys SET key_hex = $1 WHERE user_id = $2 AND vault_id = $3 \
                     AND key_hex = $4",
                )
                .bind(
                    wrap.seal(&user, &vault, &stored)
                        .map_err(|e| StoreError::corrupt("recovery key", e))?,
                )
                .bind(&user)
                .bind(&vault)
                .bind(&stored)
                .execute(&self.pool)
                .await?;
                wrapped += 1;
            }
        }
        Ok(wrapped)
    }
}
