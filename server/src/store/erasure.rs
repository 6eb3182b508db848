//! Erasure of a client's dialogues (AVG art. 17): the rows, every stored version, the drawings and
//! photos nothing else refers to; tombstones for the devices and their confirmations.

use super::*;

/// Erases the dialogues in `rows` (`id`, `owner_id`, `document`) of one team inside `tx`: an
/// erasure by `requested_by`, the erased ids kept (devices purge them at their next pull), the
/// versions and the attachments no other dialogue of the owner uses; each erased dialogue is in
/// the access log (NEN 7513), in the same transaction. Returns the erasure's id.
pub(super) async fn erase_rows(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    team_id: &str,
    requested_by: (&str, Role),
    on_behalf_of: Option<&str>,
    rows: &[&AnyRow],
) -> Result<i64, StoreError> {
    let (requested_by, role) = requested_by;
    let erasure_id: i64 = sqlx::query(
        "INSERT INTO erasures (team_id, requested_by, requested_at) VALUES ($1, $2, $3) \
             RETURNING id",
    )
    .bind(team_id)
    .bind(requested_by)
    .bind(now_ms())
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")?;
    let mut owners: Vec<String> = Vec::new();
    let mut hashes: Vec<(String, String)> = Vec::new();
    // Every drawing or photo any stored version referred to, not only the last one: a drawing
    // replaced in a later version is as much the client's as the last one. The kept versions
    // are read per owner in one go, before they are deleted below.
    let mut by_owner: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for row in rows {
        by_owner
            .entry(row.try_get("owner_id")?)
            .or_default()
            .push(row.try_get("id")?);
    }
    for (owner, ids) in &by_owner {
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let referred = media_of_history(tx, &ids).await?;
        hashes.extend(referred.into_iter().map(|h| (owner.clone(), h)));
    }
    for row in rows {
        let id: String = row.try_get("id")?;
        let owner: String = row.try_get("owner_id")?;
        let referred = media_in_documents(std::iter::once(row.try_get::<String, _>("document")?))?;
        hashes.extend(referred.into_iter().map(|h| (owner.clone(), h)));
        sqlx::query(
            "INSERT INTO erased_dialogues (dialogue_id, erasure_id, owner_id) VALUES ($1, $2, $3)",
        )
        .bind(&id)
        .bind(erasure_id)
        .bind(&owner)
        .execute(&mut **tx)
        .await?;
        sqlx::query("DELETE FROM dialogue_history WHERE dialogue_id = $1")
            .bind(&id)
            .execute(&mut **tx)
            .await?;
        sqlx::query("DELETE FROM dialogues WHERE id = $1")
            .bind(&id)
            .execute(&mut **tx)
            .await?;
        sqlx::query(
            "INSERT INTO access_events (at_ms, user_id, role, team_id, action, what, record_id, \
             client_code, on_behalf_of) VALUES ($1, $2, $3, $4, 'verwijderen', 'wissen', $5, $6, $7)",
        )
        .bind(now_ms())
        .bind(requested_by)
        .bind(role.as_str())
        .bind(team_id)
        .bind(&id)
        .bind(row.try_get::<String, _>("client_code").ok())
        .bind(on_behalf_of)
        .execute(&mut **tx)
        .await?;
        if !owners.contains(&owner) {
            owners.push(owner);
        }
    }
    // Attachments (and upload parts) of the erased dialogues that no surviving version of any
    // other dialogue of their owner refers to.
    for owner in &owners {
        let used = media_of_owner(tx, owner).await?;
        for (_, hash) in hashes
            .iter()
            .filter(|(o, h)| o == owner && !used.contains(h))
        {
            for table in ["attachments", "attachment_parts"] {
                // Table names from this list only.
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DELETE FROM {table} WHERE owner_id = $1 AND hash = $2"
                )))
                .bind(owner)
                .bind(hash)
                .execute(&mut **tx)
                .await?;
            }
        }
    }
    Ok(erasure_id)
}

/// The hashes of the drawings and photos the dialogue documents (JSON) refer to.
pub(super) fn media_in_documents(
    documents: impl IntoIterator<Item = String>,
) -> Result<std::collections::HashSet<String>, StoreError> {
    let mut out = std::collections::HashSet::new();
    for document in documents {
        out.extend(
            parse_document(&document)?
                .media()
                .into_iter()
                .map(|m| m.hash.clone()),
        );
    }
    Ok(out)
}

/// What the stored versions of the dialogues `ids` referred to: every kept version and every
/// copy a device sent.
pub(super) async fn media_of_history(
    conn: &mut sqlx::AnyConnection,
    ids: &[&str],
) -> Result<std::collections::HashSet<String>, StoreError> {
    let mut out = std::collections::HashSet::new();
    for chunk in ids.chunks(500) {
        // Only numbered placeholders are formatted into the text; every id is bound.
        let sql = format!(
            "SELECT document, sent FROM dialogue_history WHERE dialogue_id IN ({})",
            placeholders(1, chunk.len())
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in chunk {
            query = query.bind(*id);
        }
        out.extend(media_in_history_rows(&query.fetch_all(&mut *conn).await?)?);
    }
    Ok(out)
}

/// What history rows (`document`, `sent`) refer to.
pub(super) fn media_in_history_rows(
    rows: &[AnyRow],
) -> Result<std::collections::HashSet<String>, StoreError> {
    let mut out = std::collections::HashSet::new();
    for r in rows {
        let mut documents = vec![r.try_get::<String, _>("document")?];
        documents.extend(r.try_get::<Option<String>, _>("sent")?);
        out.extend(media_in_documents(documents)?);
    }
    Ok(out)
}

/// Every hash any stored version of any dialogue of `owner` refers to (current, kept versions,
/// copies devices sent): what must stay among the owner's attachments.
pub(super) async fn media_of_owner(
    conn: &mut sqlx::AnyConnection,
    owner: &str,
) -> Result<std::collections::HashSet<String>, StoreError> {
    let rows = sqlx::query("SELECT document FROM dialogues WHERE owner_id = $1")
        .bind(owner)
        .fetch_all(&mut *conn)
        .await?;
    let mut used = media_in_documents(
        rows.iter()
            .map(|r| r.try_get::<String, _>("document"))
            .collect::<Result<Vec<_>, _>>()?,
    )?;
    let history = sqlx::query(
        "SELECT h.document, h.sent FROM dialogue_history h JOIN dialogues d \
         ON d.id = h.dialogue_id WHERE d.owner_id = $1",
    )
    .bind(owner)
    .fetch_all(&mut *conn)
    .await?;
    used.extend(media_in_history_rows(&history)?);
    Ok(used)
}

impl Db {
    /// Erases every dialogue held before `cutoff` (`YYYY-MM-DD`), team by team, as erasures in
    /// the name of `requested_by` (devices purge them at their next pull). Returns how many.
    pub async fn erase_held_before(
        &self,
        cutoff: &str,
        requested_by: (&str, Role),
        on_behalf_of: &str,
    ) -> Result<usize, StoreError> {
        let mut tx = self.write_tx().await?;
        let rows = sqlx::query(
            "SELECT id, owner_id, team_id, client_code, document FROM dialogues WHERE held_on < $1 \
             ORDER BY team_id, id",
        )
        .bind(cutoff)
        .fetch_all(&mut *tx)
        .await?;
        let mut teams: Vec<String> = Vec::new();
        for row in &rows {
            let team: String = row.try_get("team_id")?;
            if !teams.contains(&team) {
                teams.push(team);
            }
        }
        for team in &teams {
            let of_team: Vec<&AnyRow> = rows
                .iter()
                .filter(|r| r.try_get::<String, _>("team_id").is_ok_and(|t| t == *team))
                .collect();
            erase_rows(&mut tx, team, requested_by, Some(on_behalf_of), &of_team).await?;
        }
        tx.commit().await?;
        self.scrub_files().await;
        Ok(rows.len())
    }

    /// Erases everything of `client_code` in `team_id`, whoever wrote it, in the name of the
    /// administrator `by`, on behalf of the client's request (`on_behalf_of`).
    pub async fn erase_team_client(
        &self,
        team_id: &str,
        client_code: &str,
        by: &User,
        on_behalf_of: &str,
    ) -> Result<ErasureReport, StoreError> {
        let mut tx = self.write_tx().await?;
        let rows = sqlx::query(
            "SELECT id, owner_id, client_code, document FROM dialogues \
             WHERE team_id = $1 AND client_code = $2",
        )
        .bind(team_id)
        .bind(client_code)
        .fetch_all(&mut *tx)
        .await?;
        if rows.is_empty() {
            // Nothing of this client: nothing erased, no device to wait for.
            return Ok(ErasureReport::default());
        }
        let listed: Vec<&AnyRow> = rows.iter().collect();
        let erasure_id = erase_rows(
            &mut tx,
            team_id,
            (&by.id, by.role),
            Some(on_behalf_of),
            &listed,
        )
        .await?;
        tx.commit().await?;
        self.scrub_files().await;
        self.erasure_report(erasure_id, rows.len()).await
    }

    /// Erases everything of a client: `user`'s own dialogues with `client_code`, or — asked by a
    /// team lead — the whole team's. Dialogues, their versions and the attachments nothing else
    /// refers to go, in one transaction; the ids stay as tombstones for the devices.
    pub async fn erase_client(
        &self,
        user: &User,
        client_code: &str,
        client_id: Option<&str>,
    ) -> Result<ErasureReport, StoreError> {
        let mut tx = self.write_tx().await?;
        let rows = sqlx::query(
            "SELECT id, owner_id, client_code, document FROM dialogues \
             WHERE team_id = $1 AND client_code = $2 AND (owner_id = $3 OR $4)",
        )
        .bind(&user.team_id)
        .bind(client_code)
        .bind(&user.id)
        .bind(user.role == Role::Teamleider)
        .fetch_all(&mut *tx)
        .await?;
        if rows.is_empty() {
            // Nothing of this client: nothing erased, no device to wait for.
            return Ok(ErasureReport::default());
        }
        let listed: Vec<&AnyRow> = rows.iter().collect();
        let erasure_id =
            erase_rows(&mut tx, &user.team_id, (&user.id, user.role), None, &listed).await?;
        tx.commit().await?;
        self.scrub_files().await;
        if let Some(client_id) = client_id {
            self.register_client(user, client_id).await?;
            self.confirm_erasures(
                user,
                &ErasureConfirm {
                    client_id: client_id.to_owned(),
                    erasure_ids: vec![erasure_id],
                },
            )
            .await?;
        }
        self.erasure_report(erasure_id, rows.len()).await
    }

    /// How far erasure `erasure_id` reached: the devices of the owners of its dialogues, and
    /// how many of them confirmed.
    pub(super) async fn erasure_report(
        &self,
        erasure_id: i64,
        dialogues: usize,
    ) -> Result<ErasureReport, StoreError> {
        let row = sqlx::query(
            "SELECT \
             (SELECT COUNT(*) FROM sync_clients s WHERE s.user_id IN \
               (SELECT owner_id FROM erased_dialogues WHERE erasure_id = $1)) AS devices, \
             (SELECT COUNT(*) FROM erasure_confirmations c JOIN sync_clients s \
               ON s.client_id = c.client_id WHERE c.erasure_id = $1 AND s.user_id IN \
               (SELECT owner_id FROM erased_dialogues WHERE erasure_id = $1)) AS confirmed, \
             (SELECT COUNT(*) FROM sync_clients s WHERE s.updated_at < $2 AND s.user_id IN \
               (SELECT owner_id FROM erased_dialogues WHERE erasure_id = $1) \
               AND NOT EXISTS (SELECT 1 FROM erasure_confirmations c \
               WHERE c.erasure_id = $1 AND c.client_id = s.client_id)) AS dormant",
        )
        .bind(erasure_id)
        .bind(now_ms() - werkzaam_protocol::sync::DORMANT_DAYS * crate::clock::DAY_MS)
        .fetch_one(&self.pool)
        .await?;
        Ok(ErasureReport {
            erasure_id,
            dialogues,
            devices: row.try_get::<i64, _>("devices")? as usize,
            confirmed: row.try_get::<i64, _>("confirmed")? as usize,
            dormant: row.try_get::<i64, _>("dormant")? as usize,
        })
    }

    /// The report of an erasure `user` asked for, or one of their team when they lead it.
    pub async fn erasure(
        &self,
        user: &User,
        erasure_id: i64,
    ) -> Result<Option<ErasureReport>, StoreError> {
        let row = sqlx::query(
            "SELECT e.requested_by, e.team_id, \
             (SELECT COUNT(*) FROM erased_dialogues d WHERE d.erasure_id = e.id) AS n \
             FROM erasures e WHERE e.id = $1",
        )
        .bind(erasure_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let by: String = row.try_get("requested_by")?;
        let team: String = row.try_get("team_id")?;
        let allowed = by == user.id || (user.role == Role::Teamleider && team == user.team_id);
        if !allowed {
            return Ok(None);
        }
        let n: i64 = row.try_get("n")?;
        self.erasure_report(erasure_id, n as usize).await.map(Some)
    }

    /// A device of `user` purged these erasures. Erasures of other users' dialogues, and devices
    /// of other users, are ignored.
    pub async fn confirm_erasures(
        &self,
        user: &User,
        confirm: &ErasureConfirm,
    ) -> Result<(), StoreError> {
        let owner = sqlx::query("SELECT user_id FROM sync_clients WHERE client_id = $1")
            .bind(&confirm.client_id)
            .fetch_optional(&self.pool)
            .await?;
        if let Some(row) = owner {
            if row.try_get::<String, _>("user_id")? != user.id {
                return Err(StoreError::OthersDevice);
            }
        }
        for id in &confirm.erasure_ids {
            sqlx::query(
                "INSERT INTO erasure_confirmations (erasure_id, client_id, confirmed_at) \
                 SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM erased_dialogues \
                 WHERE erasure_id = $1 AND owner_id = $4) \
                 ON CONFLICT (erasure_id, client_id) DO NOTHING",
            )
            .bind(id)
            .bind(&confirm.client_id)
            .bind(now_ms())
            .bind(&user.id)
            .execute(&self.pool)
            .await?;
        }
        Ok(())
    }
}
