//! A push in one write transaction: the dialogues and team records it stores, merged with what
//! the server holds from the base the device built on, and its access-log events.

use super::access_log::{insert_access_events, AccessBy, AccessRow};
use super::*;

/// A push's dialogues: what the server held of them before the push (read in one or two
/// statements) and what the push stores (written in a few multi-row statements at its end).
/// Each statement is a round trip — to SQLite's worker thread or to PostgreSQL — that costs more
/// than the work in it, so a push of 100 dialogues takes a handful, not 300.
#[derive(Default)]
pub(super) struct DialogueBatch {
    erased: std::collections::HashSet<String>,
    before: std::collections::HashMap<String, StoredBefore>,
    /// Ids in the order this push first wrote them.
    order: Vec<String>,
    written: std::collections::HashMap<String, WrittenDialogue>,
}

pub(super) struct StoredBefore {
    owner: String,
    version: i64,
    document: String,
}

pub(super) struct WrittenDialogue {
    stored: Dialogue,
    document: String,
    /// What the device sent, when it differs from what was stored.
    sent: Option<String>,
}

impl DialogueBatch {
    /// Reads what the server holds of `ids`: erased or not, owner, version and document.
    async fn load(conn: &mut sqlx::AnyConnection, ids: &[&str]) -> Result<Self, StoreError> {
        let mut batch = DialogueBatch::default();
        for chunk in ids.chunks(500) {
            let list = placeholders(1, chunk.len());
            // Only numbered placeholders are formatted into the text; the ids are bound.
            let mut erased = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT dialogue_id FROM erased_dialogues WHERE dialogue_id IN ({list})"
            )));
            let mut stored = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT id, owner_id, version, document FROM dialogues WHERE id IN ({list})"
            )));
            for id in chunk {
                erased = erased.bind(*id);
                stored = stored.bind(*id);
            }
            for row in erased.fetch_all(&mut *conn).await? {
                batch.erased.insert(row.try_get("dialogue_id")?);
            }
            for row in stored.fetch_all(&mut *conn).await? {
                batch.before.insert(
                    row.try_get("id")?,
                    StoredBefore {
                        owner: row.try_get("owner_id")?,
                        version: row.try_get("version")?,
                        document: row.try_get("document")?,
                    },
                );
            }
        }
        Ok(batch)
    }

    /// Writes every dialogue the push stored, and its version in `dialogue_history` (the merge
    /// base of a device's next change), as `version`.
    async fn write(
        &self,
        conn: &mut sqlx::AnyConnection,
        user: &User,
        client_id: &str,
        version: i64,
        synced_at: i64,
        max_bytes: usize,
    ) -> Result<(), StoreError> {
        let written: Vec<&WrittenDialogue> =
            self.order.iter().map(|id| &self.written[id]).collect();
        // Shared by every row: $1–$4; each row adds 6. Chunks of 50 (304 values): SQLite looks
        // each parameter's name up in a list, so a statement's cost grows with its square.
        let size = |w: &&WrittenDialogue| w.document.len() + 200;
        for chunk in statement_chunks(&written, 50, max_bytes, size) {
            let rows: Vec<String> = (0..chunk.len())
                .map(|i| {
                    let n = 5 + 6 * i;
                    format!(
                        "(${n}, $1, $2, ${}, ${}, ${}, ${}, ${}, $3, $4)",
                        n + 1,
                        n + 2,
                        n + 3,
                        n + 4,
                        n + 5
                    )
                })
                .collect();
            let mut upsert = sqlx::query(sqlx::AssertSqlSafe(format!(
                "INSERT INTO dialogues (id, team_id, owner_id, client_code, held_on, \
                 document, shared, updated_at_ms, synced_at_ms, version) VALUES {} \
                 ON CONFLICT (id) DO UPDATE SET client_code = excluded.client_code, \
                 held_on = excluded.held_on, document = excluded.document, \
                 shared = excluded.shared, updated_at_ms = excluded.updated_at_ms, \
                 synced_at_ms = excluded.synced_at_ms, version = excluded.version",
                rows.join(", ")
            )))
            .bind(&user.team_id)
            .bind(&user.id)
            .bind(synced_at)
            .bind(version);
            for w in chunk {
                upsert = upsert
                    .bind(&w.stored.id)
                    .bind(&w.stored.client_code)
                    .bind(&w.stored.held_on)
                    .bind(&w.document)
                    .bind(consent::is_shared(&w.stored))
                    .bind(w.stored.updated_at_ms);
            }
            upsert.execute(&mut *conn).await?;
        }
        // Shared: $1–$3; each row adds 3 (100 rows bind 303 values).
        let size =
            |w: &&WrittenDialogue| w.document.len() + w.sent.as_ref().map_or(0, String::len) + 100;
        for chunk in statement_chunks(&written, 100, max_bytes, size) {
            let rows: Vec<String> = (0..chunk.len())
                .map(|i| {
                    let n = 4 + 3 * i;
                    format!("(${n}, $1, $2, ${}, ${}, $3)", n + 1, n + 2)
                })
                .collect();
            let mut insert = sqlx::query(sqlx::AssertSqlSafe(format!(
                "INSERT INTO dialogue_history (dialogue_id, version, client_id, document, sent, \
                 stored_at_ms) VALUES {} ON CONFLICT (dialogue_id, version) DO UPDATE SET \
                 client_id = excluded.client_id, document = excluded.document, \
                 sent = excluded.sent, stored_at_ms = excluded.stored_at_ms",
                rows.join(", ")
            )))
            .bind(version)
            .bind(client_id)
            .bind(synced_at);
            for w in chunk {
                insert = insert
                    .bind(&w.stored.id)
                    .bind(&w.document)
                    .bind(w.sent.as_deref());
            }
            insert.execute(&mut *conn).await?;
        }
        Ok(())
    }
}

/// The id of a team record.
pub trait RecordId {
    fn record_id(&self) -> &str;
}

macro_rules! record_id {
    ($($t:ty),*) => {
        $(impl RecordId for $t {
            fn record_id(&self) -> &str {
                &self.id
            }
        })*
    };
}
record_id!(
    Story,
    Action,
    Dream,
    Meeting,
    SynonymMerge,
    Round,
    Advice,
    Reply,
    Lesson
);

/// One push's write transaction: it holds the push queue's turn and the database's write lock
/// until [`PushTx::finish`] commits it (or it is dropped: then nothing is stored).
pub struct PushTx<'db> {
    db: &'db Db,
    tx: sqlx::Transaction<'static, sqlx::Any>,
    batch: DialogueBatch,
    /// The access-log events of the dialogues merged so far.
    logged: Vec<(&'static str, String, String)>,
    _turn: tokio::sync::MutexGuard<'db, ()>,
}

impl Db {
    /// Opens a push's transaction. Pushes queue for it in turn (`pushes`); IMMEDIATE (or the
    /// `sync_sequence` row lock) takes the write lock at its start, so two pushes of one device
    /// never both read the same last mutation id.
    pub async fn begin_push(&self) -> Result<PushTx<'_>, StoreError> {
        let turn = self.pushes.lock().await;
        let tx = self.write_tx().await?;
        Ok(PushTx {
            db: self,
            tx,
            batch: DialogueBatch::default(),
            logged: Vec::new(),
            _turn: turn,
        })
    }
}

/// Who stores a team record, from which device, as which change and version.
#[derive(Clone, Copy)]
pub struct StoredBy<'a> {
    pub user: &'a User,
    pub client_id: &'a str,
    pub mutation_id: u64,
    pub version: i64,
    pub synced_at: i64,
}

impl PushTx<'_> {
    /// The user of device `client_id` and the last mutation id applied for it, if it is known.
    pub async fn device(&mut self, client_id: &str) -> Result<Option<(String, u64)>, StoreError> {
        let row =
            sqlx::query("SELECT user_id, last_mutation_id FROM sync_clients WHERE client_id = $1")
                .bind(client_id)
                .fetch_optional(&mut *self.tx)
                .await?;
        row.map(|row| {
            Ok((
                row.try_get("user_id")?,
                row.try_get::<i64, _>("last_mutation_id")? as u64,
            ))
        })
        .transpose()
    }

    /// The next version: one for everything this push stores (pulls look for `version > cursor`).
    pub async fn next_version(&mut self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query("UPDATE sync_sequence SET value = value + 1 WHERE id = 1 RETURNING value")
                .fetch_one(&mut *self.tx)
                .await?
                .try_get("value")?,
        )
    }

    /// Reads, in a statement or two, what the server holds of the dialogues `ids` this push
    /// carries.
    pub async fn load_dialogues(&mut self, ids: &[&str]) -> Result<(), StoreError> {
        if !ids.is_empty() {
            self.batch = DialogueBatch::load(&mut self.tx, ids).await?;
        }
        Ok(())
    }

    /// Merges one incoming copy of a dialogue (see [`PushTx::merge_dialogue_into`]); its
    /// access-log event waits for [`PushTx::finish`].
    pub async fn merge_dialogue(
        &mut self,
        user: &User,
        client_id: &str,
        mutation_id: u64,
        incoming: &Dialogue,
        version: i64,
    ) -> Result<(), StoreError> {
        if let Some(event) = self
            .merge_dialogue_into(user, client_id, mutation_id, incoming, version)
            .await?
        {
            self.logged.push(event);
        }
        Ok(())
    }

    /// The ids of the members of `team_id`.
    pub async fn team_member_ids(&mut self, team_id: &str) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query("SELECT id FROM users WHERE team_id = $1")
            .bind(team_id)
            .fetch_all(&mut *self.tx)
            .await?;
        rows.iter().map(|r| Ok(r.try_get("id")?)).collect()
    }

    /// Writes the push's dialogues (a few multi-row statements) and their access-log events,
    /// notes the device's last applied mutation id, and commits.
    pub async fn finish(
        mut self,
        user: &User,
        client_id: &str,
        version: i64,
        synced_at: i64,
        last_mutation_id: u64,
        known_device: bool,
    ) -> Result<(), StoreError> {
        self.batch
            .write(
                &mut self.tx,
                user,
                client_id,
                version,
                synced_at,
                self.db.backend.statement_bytes(),
            )
            .await?;
        let rows: Vec<AccessRow> = self
            .logged
            .iter()
            .map(|(action, id, code)| (*action, Some(id.as_str()), Some(code.as_str())))
            .collect();
        let by = AccessBy {
            at: synced_at,
            user,
            team_id: &user.team_id,
            what: "dialoog",
            on_behalf_of: None,
        };
        insert_access_events(&mut self.tx, &by, &rows).await?;
        if known_device {
            sqlx::query(
                "UPDATE sync_clients SET last_mutation_id = $1, updated_at = $2 WHERE client_id = $3",
            )
            .bind(last_mutation_id as i64)
            .bind(synced_at)
            .bind(client_id)
            .execute(&mut *self.tx)
            .await?;
        } else {
            sqlx::query(
                "INSERT INTO sync_clients (client_id, user_id, last_mutation_id, updated_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(client_id)
            .bind(&user.id)
            .bind(last_mutation_id as i64)
            .bind(synced_at)
            .execute(&mut *self.tx)
            .await?;
        }
        self.tx.commit().await?;
        Ok(())
    }

    /// Merges one incoming copy of a dialogue into the push's batch as `version`: new, or merged with what
    /// the server holds (or this push wrote before) from the base the copy builds on
    /// ([`merge::apply_upsert`]). Returns the access-log action, or `None` for an erased
    /// dialogue. Nothing is written here: [`DialogueBatch::write`] writes the push at once.
    async fn merge_dialogue_into(
        &mut self,
        user: &User,
        client_id: &str,
        mutation_id: u64,
        incoming: &Dialogue,
        version: i64,
    ) -> Result<Option<(&'static str, String, String)>, StoreError> {
        // An erased dialogue stays erased: a device that still sends it is acknowledged (so it
        // stops sending) and hears of the erasure at its next pull.
        if self.batch.erased.contains(&incoming.id) {
            return Ok(None);
        }
        let current = match (
            self.batch.written.get(&incoming.id),
            self.batch.before.get(&incoming.id),
        ) {
            (Some(written), _) => Some(written.stored.clone()),
            (None, Some(before)) => {
                if before.owner != user.id {
                    return Err(StoreError::NotYours {
                        mutation_id,
                        dialogue: true,
                    });
                }
                Some(at_version(&before.document, before.version)?)
            }
            (None, None) => None,
        };
        let base = match &current {
            Some(current) if current.version != incoming.version => {
                // What this device last sent: in this push, or the newest version in history.
                let last_sent: Option<(u64, String)> = match self.batch.written.get(&incoming.id) {
                    Some(w) => Some((
                        version as u64,
                        w.sent.clone().unwrap_or_else(|| w.document.clone()),
                    )),
                    None => sqlx::query(
                        "SELECT version, COALESCE(sent, document) AS sent FROM dialogue_history \
                         WHERE dialogue_id = $1 AND client_id = $2 ORDER BY version DESC LIMIT 1",
                    )
                    .bind(&incoming.id)
                    .bind(client_id)
                    .fetch_optional(&mut *self.tx)
                    .await?
                    .map(|row| {
                        Ok::<_, StoreError>((
                            row.try_get::<i64, _>("version")? as u64,
                            row.try_get::<String, _>("sent")?,
                        ))
                    })
                    .transpose()?,
                };
                match merge::base_source(incoming.version, last_sent.as_ref().map(|(v, _)| *v)) {
                    merge::BaseSource::LastSent => last_sent
                        .map(|(_, document)| parse_document(&document))
                        .transpose()?,
                    merge::BaseSource::Stored(v) => {
                        let in_push = self
                            .batch
                            .written
                            .get(&incoming.id)
                            .filter(|_| v == version as u64);
                        match in_push {
                            Some(w) => Some(parse_document(&w.document)?),
                            None => sqlx::query(
                                "SELECT document FROM dialogue_history \
                                 WHERE dialogue_id = $1 AND version = $2",
                            )
                            .bind(&incoming.id)
                            .bind(v as i64)
                            .fetch_optional(&mut *self.tx)
                            .await?
                            .map(|row| parse_document(&row.try_get::<String, _>("document")?))
                            .transpose()?,
                        }
                    }
                }
            }
            _ => None,
        };
        let stored = merge::apply_upsert(current.as_ref(), base.as_ref(), incoming, version as u64);
        let document = encode_document(&stored)?;
        // What the device sent, when it differs from what was stored (the base of its next change).
        let mut as_sent = incoming.clone();
        as_sent.version = stored.version;
        let sent = (as_sent != stored)
            .then(|| encode_document(incoming))
            .transpose()?;
        // NEN 7513: the change goes into the access log, in the same transaction (`push` writes
        // the whole push's events at once).
        let action = match &current {
            None => "aanmaken",
            Some(before) if stored.deleted && !before.deleted => "verwijderen",
            Some(_) => "wijzigen",
        };
        let event = (action, stored.id.clone(), stored.client_code.clone());
        // Two changes of one dialogue in one push share the version: the later one counts.
        if !self.batch.written.contains_key(&stored.id) {
            self.batch.order.push(stored.id.clone());
        }
        self.batch.written.insert(
            stored.id.clone(),
            WrittenDialogue {
                stored,
                document,
                sent,
            },
        );
        Ok(Some(event))
    }

    /// Stores one incoming copy of a team record (`kind` "story", "action", "dream", "meeting"
    /// or "synonym") as `version`,
    /// merged like a dialogue; any member of the record's team may change it.
    /// `check` judges what would be stored against what was (who may write what); its `Err`
    /// refuses the push with its sentence and nothing is stored.
    pub async fn merge_team_record<R>(
        &mut self,
        by: &StoredBy<'_>,
        kind: &str,
        incoming: &R,
        check: impl FnOnce(Option<&R>, &R) -> Result<(), String>,
    ) -> Result<(), StoreError>
    where
        R: merge::Record + serde::Serialize + serde::de::DeserializeOwned + RecordId,
    {
        let StoredBy {
            user,
            client_id,
            mutation_id,
            version,
            synced_at,
        } = *by;
        let id = incoming.record_id().to_owned();
        let found =
            sqlx::query("SELECT team_id, kind, document, version FROM team_records WHERE id = $1")
                .bind(&id)
                .fetch_optional(&mut *self.tx)
                .await?;
        let current: Option<R> = match found {
            Some(row) => {
                let team: String = row.try_get("team_id")?;
                let stored_kind: String = row.try_get("kind")?;
                if team != user.team_id || stored_kind != kind {
                    return Err(StoreError::NotYours {
                        mutation_id,
                        dialogue: false,
                    });
                }
                Some(at_version(
                    &row.try_get::<String, _>("document")?,
                    row.try_get("version")?,
                )?)
            }
            None => None,
        };
        let base: Option<R> = match &current {
            Some(current) if current.version() != incoming.version() => {
                let last_sent = sqlx::query(
                    "SELECT version, COALESCE(sent, document) AS sent FROM team_record_history \
                     WHERE record_id = $1 AND client_id = $2 ORDER BY version DESC LIMIT 1",
                )
                .bind(&id)
                .bind(client_id)
                .fetch_optional(&mut *self.tx)
                .await?;
                let last_sent_version = match &last_sent {
                    Some(row) => Some(row.try_get::<i64, _>("version")? as u64),
                    None => None,
                };
                match merge::base_source(incoming.version(), last_sent_version) {
                    merge::BaseSource::LastSent => match last_sent {
                        Some(row) => Some(parse_json(&row.try_get::<String, _>("sent")?)?),
                        None => None,
                    },
                    merge::BaseSource::Stored(v) => {
                        let row = sqlx::query(
                            "SELECT document FROM team_record_history \
                             WHERE record_id = $1 AND version = $2",
                        )
                        .bind(&id)
                        .bind(v as i64)
                        .fetch_optional(&mut *self.tx)
                        .await?;
                        match row {
                            Some(row) => Some(parse_json(&row.try_get::<String, _>("document")?)?),
                            None => None,
                        }
                    }
                }
            }
            _ => None,
        };
        let stored = merge::apply_upsert(current.as_ref(), base.as_ref(), incoming, version as u64);
        if let Err(message) = check(current.as_ref(), &stored) {
            tracing::warn!(user = %user.id, record = %id, "refused: {message}");
            return Err(StoreError::Refused {
                mutation_id,
                reason: message,
            });
        }
        let document = encode_json(&stored)?;
        let mut as_sent = incoming.clone();
        as_sent.set_version(stored.version());
        let sent = (as_sent != stored)
            .then(|| encode_json(incoming))
            .transpose()?;
        sqlx::query(
            "INSERT INTO team_records (id, team_id, kind, document, version, updated_by, \
             synced_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (id) DO UPDATE SET document = excluded.document, \
             version = excluded.version, updated_by = excluded.updated_by, \
             synced_at_ms = excluded.synced_at_ms",
        )
        .bind(&id)
        .bind(&user.team_id)
        .bind(kind)
        .bind(&document)
        .bind(version)
        .bind(&user.id)
        .bind(synced_at)
        .execute(&mut *self.tx)
        .await?;
        sqlx::query(
            "INSERT INTO team_record_history (record_id, version, client_id, document, sent, \
             stored_at_ms) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (record_id, version) \
             DO UPDATE SET client_id = excluded.client_id, document = excluded.document, \
             sent = excluded.sent, stored_at_ms = excluded.stored_at_ms",
        )
        .bind(&id)
        .bind(version)
        .bind(client_id)
        .bind(&document)
        .bind(sent)
        .bind(synced_at)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
}
