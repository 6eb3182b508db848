//! Reading dialogues: a device's pull, one dialogue, the team's shared ones, a client's; and
//! forgetting old stored versions (the merge bases).

use super::*;
use werkzaam_protocol::sync::page_of_whole_versions;

/// Stored versions younger than this stay as merge bases whatever else holds (see
/// [`Db::prune_history`]): a device offline for up to this long merges its changes cleanly.
pub const HISTORY_KEEP_DAYS: i64 = 90;

/// A dialogue row as read from the database.
#[derive(Debug, Clone)]
pub struct StoredRow {
    pub dialogue: Dialogue,
    pub owner_id: String,
    pub worker_name: String,
    pub synced_at_ms: i64,
}

impl StoredRow {
    fn from_row(row: &AnyRow) -> Result<Self, StoreError> {
        let document: String = row.try_get("document")?;
        let dialogue: Dialogue = serde_json::from_str(&document)
            .map_err(|e| StoreError::corrupt("stored dialogue does not parse", e))?;
        Ok(StoredRow {
            dialogue,
            owner_id: row.try_get("owner_id")?,
            worker_name: row.try_get("display_name")?,
            synced_at_ms: row.try_get("synced_at_ms")?,
        })
    }

    /// What the team may see, or `None`.
    fn shared(
        &self,
        received: &std::collections::HashSet<(String, String)>,
    ) -> Option<TeamDialogue> {
        let dialogue = consent::shared_view(&self.dialogue)?;
        let received_media = dialogue
            .media()
            .into_iter()
            .filter(|m| received.contains(&(self.owner_id.clone(), m.hash.clone())))
            .map(|m| m.hash.clone())
            .collect();
        Some(TeamDialogue {
            dialogue,
            worker_name: self.worker_name.clone(),
            synced_at_ms: self.synced_at_ms,
            received_media,
        })
    }
}

/// One dialogue with its team and the attachments the server has of its author.
#[derive(Debug, Clone)]
pub struct StoredDialogue {
    pub team_id: String,
    pub row: StoredRow,
    received: std::collections::HashSet<(String, String)>,
}

impl StoredDialogue {
    /// The dialogue as the team may see it, or `None` when the consent covers nothing.
    pub fn shared(&self) -> Option<TeamDialogue> {
        self.row.shared(&self.received)
    }
}

/// A page of a device's pull, in the order of the index `dialogues_owner_version_id`
/// (migration 0018: read in order, nothing sorted).
pub const PULL_PAGE: &str = "SELECT id, client_code, document, version FROM dialogues \
     WHERE owner_id = $1 AND version > $2 ORDER BY version, id LIMIT $3";

/// A page of a device's pull: the answer, and what went out for the access log.
pub struct PulledDialogues {
    pub response: PullResponse<Box<serde_json::value::RawValue>>,
    /// `(dialogue id, client code)` of every dialogue in the answer.
    pub records: Vec<(String, String)>,
}

impl Db {
    /// The dialogues of `user` stored after `cursor`, oldest change first, at most `limit`, as
    /// their stored JSON ([`raw_at_version`]), and each one's `(id, client code)` for the
    /// access log.
    pub async fn pull(
        &self,
        user: &User,
        cursor: i64,
        limit: usize,
        client_id: Option<&str>,
    ) -> Result<PulledDialogues, StoreError> {
        let rows = sqlx::query(PULL_PAGE)
            .bind(&user.id)
            .bind(cursor)
            .bind(limit as i64 + 1)
            .fetch_all(&self.pool)
            .await?;
        let versions: Vec<i64> = rows
            .iter()
            .map(|r| Ok(r.try_get("version")?))
            .collect::<Result<_, StoreError>>()?;
        let (taken, more) = page_of_whole_versions(&versions, limit);
        let next = versions[..taken].last().copied().unwrap_or(cursor);
        let mut dialogues = Vec::with_capacity(taken);
        let mut records = Vec::with_capacity(taken);
        for (row, version) in rows.iter().zip(&versions).take(taken) {
            dialogues.push(raw_at_version::<Dialogue>(
                row.try_get("document")?,
                *version,
            )?);
            records.push((row.try_get("id")?, row.try_get("client_code")?));
        }
        let last_mutation_id = match client_id {
            Some(client_id) => self.register_client(user, client_id).await?,
            None => 0,
        };
        let erased = self.unconfirmed_erasures(user, client_id).await?;
        Ok(PulledDialogues {
            response: PullResponse {
                cursor: next,
                dialogues,
                more,
                last_mutation_id,
                erased,
            },
            records,
        })
    }

    /// Knows `client_id` as a device of `user` from its first pull on (a device that only reads
    /// holds copies too, and must hear of erasures); another user's device is refused.
    /// Returns the last mutation id applied for it.
    pub(super) async fn register_client(
        &self,
        user: &User,
        client_id: &str,
    ) -> Result<u64, StoreError> {
        werkzaam_domain::rules::validate::record_id(client_id)
            .map_err(|e| StoreError::BadDeviceId(e.to_string()))?;
        // `updated_at` is when the device was last seen (a push or a pull), noted at most once
        // an hour so pulls stay reads.
        sqlx::query(
            "INSERT INTO sync_clients (client_id, user_id, last_mutation_id, updated_at) \
             VALUES ($1, $2, 0, $3) ON CONFLICT (client_id) DO UPDATE \
             SET updated_at = excluded.updated_at \
             WHERE sync_clients.updated_at < excluded.updated_at - 3600000 \
             AND sync_clients.user_id = excluded.user_id",
        )
        .bind(client_id)
        .bind(&user.id)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        let row =
            sqlx::query("SELECT user_id, last_mutation_id FROM sync_clients WHERE client_id = $1")
                .bind(client_id)
                .fetch_one(&self.pool)
                .await?;
        if row.try_get::<String, _>("user_id")? != user.id {
            return Err(StoreError::OthersDevice);
        }
        Ok(row.try_get::<i64, _>("last_mutation_id")? as u64)
    }

    /// Erasures of `user`'s dialogues the device `client_id` has not confirmed.
    pub(super) async fn unconfirmed_erasures(
        &self,
        user: &User,
        client_id: Option<&str>,
    ) -> Result<Vec<Erasure>, StoreError> {
        let rows = sqlx::query(
            "SELECT e.erasure_id, e.dialogue_id FROM erased_dialogues e WHERE e.owner_id = $1 \
             AND NOT EXISTS (SELECT 1 FROM erasure_confirmations c \
             WHERE c.erasure_id = e.erasure_id AND c.client_id = $2) \
             ORDER BY e.erasure_id, e.dialogue_id",
        )
        .bind(&user.id)
        .bind(client_id.unwrap_or(""))
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<Erasure> = Vec::new();
        for row in &rows {
            let id: i64 = row.try_get("erasure_id")?;
            let dialogue: String = row.try_get("dialogue_id")?;
            match out.last_mut() {
                Some(e) if e.id == id => e.dialogue_ids.push(dialogue),
                _ => out.push(Erasure {
                    id,
                    dialogue_ids: vec![dialogue],
                }),
            }
        }
        Ok(out)
    }

    /// One dialogue with who wrote it, or `None`.
    pub async fn dialogue(&self, id: &str) -> Result<Option<StoredDialogue>, StoreError> {
        let row = sqlx::query(
            "SELECT d.document, d.owner_id, d.team_id, d.synced_at_ms, u.display_name \
             FROM dialogues d JOIN users u ON u.id = d.owner_id WHERE d.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let stored = StoredRow::from_row(&row)?;
        let received = self.attachments_of(&stored.owner_id).await?;
        Ok(Some(StoredDialogue {
            team_id: row.try_get("team_id")?,
            row: stored,
            received,
        }))
    }

    /// The dialogues of `team_id` whose consent shares something, newest first, each reduced to
    /// what the consent covers ([`consent::shared_view`]).
    pub async fn shared_team_dialogues(
        &self,
        team_id: &str,
    ) -> Result<Vec<TeamDialogue>, StoreError> {
        let rows = sqlx::query(
            "SELECT d.document, d.owner_id, d.synced_at_ms, u.display_name \
             FROM dialogues d JOIN users u ON u.id = d.owner_id \
             WHERE d.team_id = $1 AND d.shared ORDER BY d.held_on DESC, d.updated_at_ms DESC, d.id",
        )
        .bind(team_id)
        .fetch_all(&self.pool)
        .await?;
        let received = self.team_attachments(team_id).await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let stored = StoredRow::from_row(row)?;
            if let Some(item) = stored.shared(&received) {
                out.push(item);
            }
        }
        Ok(out)
    }

    /// The dialogues of `team_id` held from `from` to `to` (inclusive) and not deleted, as
    /// (author, day held, shared with the team): what a round counts, nothing of the client.
    pub async fn held_between(
        &self,
        team_id: &str,
        from: &str,
        to: &str,
    ) -> Result<Vec<(String, String, bool)>, StoreError> {
        #[derive(serde::Deserialize)]
        struct Deleted {
            #[serde(default)]
            deleted: bool,
        }
        let rows = sqlx::query(
            "SELECT owner_id, held_on, CAST(shared AS INTEGER) AS shared, document FROM dialogues \
             WHERE team_id = $1 AND held_on >= $2 AND held_on <= $3",
        )
        .bind(team_id)
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let d: Deleted = parse_json(&r.try_get::<String, _>("document")?)?;
            if !d.deleted {
                out.push((
                    r.try_get("owner_id")?,
                    r.try_get("held_on")?,
                    r.try_get::<i64, _>("shared")? != 0,
                ));
            }
        }
        Ok(out)
    }

    /// The dialogues `user` wrote about `client_code` (not deleted), oldest first.
    pub async fn own_client_dialogues(
        &self,
        user: &User,
        client_code: &str,
    ) -> Result<Vec<Dialogue>, StoreError> {
        let rows = sqlx::query(
            "SELECT document, version FROM dialogues WHERE owner_id = $1 AND client_code = $2 \
             ORDER BY held_on, id",
        )
        .bind(&user.id)
        .bind(client_code)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for r in rows {
            let d: Dialogue =
                at_version(&r.try_get::<String, _>("document")?, r.try_get("version")?)?;
            if !d.deleted {
                out.push(d);
            }
        }
        Ok(out)
    }

    /// Every dialogue of `team_id` about `client_code`, whoever wrote it (deleted ones too: an
    /// inzage shows what is stored), oldest first — for an administrator's AVG inzage.
    pub async fn team_client_dialogues(
        &self,
        team_id: &str,
        client_code: &str,
    ) -> Result<Vec<Dialogue>, StoreError> {
        let rows = sqlx::query(
            "SELECT document, version FROM dialogues WHERE team_id = $1 AND client_code = $2 \
             ORDER BY held_on, id",
        )
        .bind(team_id)
        .bind(client_code)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| at_version(&r.try_get::<String, _>("document")?, r.try_get("version")?))
            .collect()
    }

    /// The versions of a dialogue the server keeps as merge bases, oldest first.
    pub async fn stored_versions(&self, dialogue_id: &str) -> Result<Vec<i64>, StoreError> {
        let rows = sqlx::query(
            "SELECT version FROM dialogue_history WHERE dialogue_id = $1 ORDER BY version",
        )
        .bind(dialogue_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok(r.try_get("version")?)).collect()
    }

    /// Forgets stored versions no device is likely to build on any more: written before
    /// `before_ms`, older than the record's current version, and not the newest one a device
    /// sent (the base of that device's next change). A device that comes back after that with
    /// a change built on a forgotten version loses nothing: without its base every field that
    /// differs is kept as a conflict for a person to choose ([`merge::apply_upsert`]). Deletes
    /// in rounds of 2,000 rows, each in its own short write transaction. Returns how many.
    pub async fn prune_history(&self, before_ms: i64) -> Result<u64, StoreError> {
        let mut pruned = 0;
        for (history, key, records) in [
            ("dialogue_history", "dialogue_id", "dialogues"),
            ("team_record_history", "record_id", "team_records"),
        ] {
            // Names from this list only.
            let sql = format!(
                "DELETE FROM {history} WHERE ({key}, version) IN (\
                 SELECT h.{key}, h.version FROM {history} h JOIN {records} r ON r.id = h.{key} \
                 WHERE h.stored_at_ms < $1 AND h.version < r.version \
                 AND h.version < (SELECT MAX(n.version) FROM {history} n \
                   WHERE n.{key} = h.{key} \
                   AND COALESCE(n.client_id, '') = COALESCE(h.client_id, '')) \
                 LIMIT 2000)"
            );
            loop {
                let mut tx = self.write_tx().await?;
                let done = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                    .bind(before_ms)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                tx.commit().await?;
                pruned += done;
                if done < 2000 {
                    break;
                }
            }
        }
        Ok(pruned)
    }
}
