//! Drawings and photos: whole, or in parts while an upload is under way; the quota's count and
//! the collector of what no stored version refers to.

use super::erasure::media_of_owner;
use super::*;

impl Db {
    /// `(owner, hash)` of every attachment the members of `team_id` uploaded.
    pub(super) async fn team_attachments(
        &self,
        team_id: &str,
    ) -> Result<std::collections::HashSet<(String, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT a.owner_id, a.hash FROM attachments a JOIN users u ON u.id = a.owner_id \
             WHERE u.team_id = $1",
        )
        .bind(team_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("owner_id")?, r.try_get("hash")?)))
            .collect()
    }

    pub(super) async fn attachments_of(
        &self,
        owner_id: &str,
    ) -> Result<std::collections::HashSet<(String, String)>, StoreError> {
        let rows = sqlx::query("SELECT owner_id, hash FROM attachments WHERE owner_id = $1")
            .bind(owner_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("owner_id")?, r.try_get("hash")?)))
            .collect()
    }

    /// Stores an attachment of `owner_id`; storing the same bytes again changes nothing.
    /// Returns whether it was new.
    pub async fn put_attachment(
        &self,
        owner_id: &str,
        hash: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> Result<bool, StoreError> {
        let result = sqlx::query(
            "INSERT INTO attachments (owner_id, hash, content_type, size, bytes, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (owner_id, hash) DO NOTHING",
        )
        .bind(owner_id)
        .bind(hash)
        .bind(content_type)
        .bind(bytes.len() as i64)
        .bind(bytes)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(result.rows_affected() == 1)
    }

    /// The garbage collector of attachments: removes every attachment created before
    /// `created_before` that no stored version of any dialogue of its owner refers to (an
    /// upload that lost its dialogue, a drawing whose versions were all forgotten), and every
    /// upload part older than `parts_before` (an upload abandoned halfway). Returns how many
    /// attachments and parts it removed. Each owner in its own short write transaction.
    pub async fn collect_attachments(
        &self,
        created_before: i64,
        parts_before: i64,
    ) -> Result<(u64, u64), StoreError> {
        let owners = sqlx::query("SELECT DISTINCT owner_id FROM attachments WHERE created_at < $1")
            .bind(created_before)
            .fetch_all(&self.pool)
            .await?;
        let mut removed = 0;
        for owner in owners {
            let owner: String = owner.try_get("owner_id")?;
            let mut tx = self.write_tx().await?;
            let used = media_of_owner(&mut tx, &owner).await?;
            let stored =
                sqlx::query("SELECT hash FROM attachments WHERE owner_id = $1 AND created_at < $2")
                    .bind(&owner)
                    .bind(created_before)
                    .fetch_all(&mut *tx)
                    .await?;
            let unused: Vec<String> = stored
                .iter()
                .map(|r| r.try_get::<String, _>("hash"))
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .filter(|h| !used.contains(h))
                .collect();
            for chunk in unused.chunks(500) {
                // Only numbered placeholders are formatted into the text; every value is bound.
                let sql = format!(
                    "DELETE FROM attachments WHERE owner_id = $1 AND hash IN ({})",
                    placeholders(2, chunk.len())
                );
                let mut delete = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&owner);
                for hash in chunk {
                    delete = delete.bind(hash);
                }
                removed += delete.execute(&mut *tx).await?.rows_affected();
            }
            tx.commit().await?;
        }
        let parts = sqlx::query("DELETE FROM attachment_parts WHERE created_at < $1")
            .bind(parts_before)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok((removed, parts))
    }

    /// Bytes of drawings and photos `owner_id` keeps on the server, whole or in parts.
    pub async fn attachment_bytes_of(&self, owner_id: &str) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "SELECT CAST((SELECT COALESCE(SUM(size), 0) FROM attachments WHERE owner_id = $1) \
             + (SELECT COALESCE(SUM(LENGTH(bytes)), 0) FROM attachment_parts \
             WHERE owner_id = $1) AS BIGINT) AS n",
        )
        .bind(owner_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get::<i64, _>("n")?)
    }

    /// Whether `owner_id` has the whole attachment `hash`.
    pub async fn has_attachment(&self, owner_id: &str, hash: &str) -> Result<bool, StoreError> {
        let row = sqlx::query("SELECT 1 AS x FROM attachments WHERE owner_id = $1 AND hash = $2")
            .bind(owner_id)
            .bind(hash)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some())
    }

    /// Bytes of attachment `hash` (of `total` bytes) received in parts from the start. Parts of
    /// another length (another file claiming the hash) are dropped.
    pub async fn parts_received(
        &self,
        owner_id: &str,
        hash: &str,
        total: u64,
    ) -> Result<u64, StoreError> {
        sqlx::query(
            "DELETE FROM attachment_parts WHERE owner_id = $1 AND hash = $2 AND total <> $3",
        )
        .bind(owner_id)
        .bind(hash)
        .bind(total as i64)
        .execute(&self.pool)
        .await?;
        let row = sqlx::query(
            "SELECT COALESCE(SUM(LENGTH(bytes)), 0) AS n FROM attachment_parts \
             WHERE owner_id = $1 AND hash = $2",
        )
        .bind(owner_id)
        .bind(hash)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get::<i64, _>("n")? as u64)
    }

    /// Keeps one part (sending it twice keeps it once).
    pub async fn put_part(
        &self,
        owner_id: &str,
        hash: &str,
        offset: u64,
        total: u64,
        bytes: &[u8],
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO attachment_parts (owner_id, hash, \"offset\", total, bytes, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (owner_id, hash, \"offset\") DO NOTHING",
        )
        .bind(owner_id)
        .bind(hash)
        .bind(offset as i64)
        .bind(total as i64)
        .bind(bytes)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The parts of `hash` joined in order.
    pub async fn joined_parts(&self, owner_id: &str, hash: &str) -> Result<Vec<u8>, StoreError> {
        let rows = sqlx::query(
            "SELECT bytes FROM attachment_parts WHERE owner_id = $1 AND hash = $2 \
             ORDER BY \"offset\"",
        )
        .bind(owner_id)
        .bind(hash)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for row in &rows {
            out.extend_from_slice(&row.try_get::<Vec<u8>, _>("bytes")?);
        }
        Ok(out)
    }

    pub async fn delete_parts(&self, owner_id: &str, hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM attachment_parts WHERE owner_id = $1 AND hash = $2")
            .bind(owner_id)
            .bind(hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The content type and bytes of an attachment `owner_id` uploaded.
    pub async fn attachment(
        &self,
        owner_id: &str,
        hash: &str,
    ) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        let row = sqlx::query(
            "SELECT content_type, bytes FROM attachments WHERE owner_id = $1 AND hash = $2",
        )
        .bind(owner_id)
        .bind(hash)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((r.try_get("content_type")?, r.try_get("bytes")?)))
            .transpose()
    }
}
