//! The access log (NEN 7513): who viewed, exported or changed which record about which client
//! code, on whose behalf. Written in the same transaction as what it logs; never changed.

use super::*;

/// One recorded view, export or change (see [`Db::log_access`]).
pub use werkzaam_protocol::admin::AccessEvent;

pub(super) fn access_event_from_row(r: &AnyRow) -> Result<AccessEvent, StoreError> {
    Ok(AccessEvent {
        at_ms: r.try_get("at_ms")?,
        user_id: r.try_get("user_id")?,
        role: r.try_get("role")?,
        action: r.try_get("action")?,
        what: r.try_get("what")?,
        record_id: r.try_get("record_id")?,
        client_code: r.try_get("client_code")?,
        on_behalf_of: r.try_get("on_behalf_of")?,
    })
}

/// Who wrote access events, when, about what kind of record, on whose behalf.
pub(super) struct AccessBy<'a> {
    pub(super) at: i64,
    pub(super) user: &'a User,
    pub(super) team_id: &'a str,
    pub(super) what: &'a str,
    pub(super) on_behalf_of: Option<&'a str>,
}

/// One access event's own part: action, record id, client code.
pub(super) type AccessRow<'a> = (&'a str, Option<&'a str>, Option<&'a str>);

/// Writes access events in as few statements as the engines allow: what all rows share is bound
/// once ($1–$6), each row adds its action, record and client code (100 rows bind 306 values).
pub(super) async fn insert_access_events(
    conn: &mut sqlx::AnyConnection,
    by: &AccessBy<'_>,
    rows: &[AccessRow<'_>],
) -> Result<(), StoreError> {
    for chunk in rows.chunks(100) {
        let mut sql = String::from(
            "INSERT INTO access_events (at_ms, user_id, role, team_id, what, on_behalf_of, \
             action, record_id, client_code) VALUES ",
        );
        for i in 0..chunk.len() {
            let n = 7 + 3 * i;
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!(
                "($1, $2, $3, $4, $5, $6, ${n}, ${}, ${})",
                n + 1,
                n + 2
            ));
        }
        // Only numbered placeholders are formatted into the text; every value is bound.
        let mut insert = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(by.at)
            .bind(&by.user.id)
            .bind(by.user.role.as_str())
            .bind(by.team_id)
            .bind(by.what)
            .bind(by.on_behalf_of);
        for (action, record, client) in chunk {
            insert = insert.bind(*action).bind(*record).bind(*client);
        }
        insert.execute(&mut *conn).await?;
    }
    Ok(())
}

impl Db {
    /// The whole access log between two moments (milliseconds, `to` exclusive), newest first,
    /// with whose each event was.
    pub async fn access_log(
        &self,
        from_ms: i64,
        to_ms: i64,
        limit: usize,
    ) -> Result<Vec<werkzaam_protocol::admin::LoggedAccess>, StoreError> {
        let rows = sqlx::query(
            "SELECT e.at_ms, e.user_id, e.role, e.action, e.what, e.record_id, e.client_code, \
             e.on_behalf_of, e.team_id, COALESCE(u.display_name, '') AS user_name FROM access_events e \
             LEFT JOIN users u ON u.id = e.user_id WHERE e.at_ms >= $1 AND e.at_ms < $2 \
             ORDER BY e.id DESC LIMIT $3",
        )
        .bind(from_ms)
        .bind(to_ms)
        .bind(limit as i64)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(werkzaam_protocol::admin::LoggedAccess {
                    event: access_event_from_row(r)?,
                    user_name: r.try_get("user_name")?,
                    team_id: r.try_get("team_id")?,
                })
            })
            .collect()
    }

    /// Records that `user` looked at (`action` "bekijken") or exported ("exporteren") `what`:
    /// one event per record and client code concerned (or one without, for a page of no
    /// client), in one transaction. The app has no way to change or remove them.
    pub async fn log_access(
        &self,
        user: &User,
        action: &str,
        what: &str,
        records: &[(String, String)],
    ) -> Result<(), StoreError> {
        self.log_access_as(user, &user.team_id, action, what, records, None)
            .await
    }

    /// Access by `user` to `records` (`(record, client code)`, empty for none) of `team_id`,
    /// `on_behalf_of` someone else or the user's own (`None`): one row per record (one row
    /// without a record when there are none), in one transaction and a few multi-row inserts.
    pub async fn log_access_as(
        &self,
        user: &User,
        team_id: &str,
        action: &str,
        what: &str,
        records: &[(String, String)],
        on_behalf_of: Option<&str>,
    ) -> Result<(), StoreError> {
        let at = now_ms();
        let none = [(String::new(), String::new())];
        let rows = if records.is_empty() {
            &none[..]
        } else {
            records
        };
        let rows: Vec<AccessRow> = rows
            .iter()
            .map(|(record, client)| {
                (
                    action,
                    (!record.is_empty()).then_some(record.as_str()),
                    (!client.is_empty()).then_some(client.as_str()),
                )
            })
            .collect();
        let mut tx = self.pool.begin().await?;
        let by = AccessBy {
            at,
            user,
            team_id,
            what,
            on_behalf_of,
        };
        insert_access_events(&mut tx, &by, &rows).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The accounts administrators made or changed in `team_id`, newest first (at most 200).
    pub async fn account_changes(
        &self,
        team_id: &str,
    ) -> Result<Vec<werkzaam_protocol::admin::AccountChange>, StoreError> {
        let rows = sqlx::query(
            "SELECT e.at_ms, e.action, e.what, COALESCE(u.display_name, '?') AS account_name, \
             COALESCE(b.display_name, '?') AS by_name FROM access_events e \
             LEFT JOIN users u ON u.id = e.record_id LEFT JOIN users b ON b.id = e.user_id \
             WHERE e.team_id = $1 AND e.what LIKE 'account %' ORDER BY e.id DESC LIMIT 200",
        )
        .bind(team_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(werkzaam_protocol::admin::AccountChange {
                    at_ms: r.try_get("at_ms")?,
                    action: r.try_get("action")?,
                    what: r.try_get("what")?,
                    account_name: r.try_get("account_name")?,
                    by_name: r.try_get("by_name")?,
                })
            })
            .collect()
    }

    /// The access events of a team, newest first (at most `limit`).
    pub async fn access_events(
        &self,
        team_id: &str,
        limit: usize,
    ) -> Result<Vec<AccessEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT at_ms, user_id, role, action, what, record_id, client_code, on_behalf_of \
             FROM access_events WHERE team_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(team_id)
        .bind(limit as i64)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(access_event_from_row).collect()
    }

    /// Views and exports of the dialogues `owner_id` wrote, by anyone else, newest first: what
    /// a worker sees of who accessed their items.
    pub async fn access_to_records_of(
        &self,
        owner_id: &str,
        limit: usize,
    ) -> Result<Vec<AccessEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT e.at_ms, e.user_id, e.role, e.action, e.what, e.record_id, e.client_code, \
             e.on_behalf_of \
             FROM access_events e JOIN dialogues d ON d.id = e.record_id \
             WHERE d.owner_id = $1 AND e.user_id <> $1 ORDER BY e.id DESC LIMIT $2",
        )
        .bind(owner_id)
        .bind(limit as i64)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(access_event_from_row).collect()
    }

    /// The access events about one client code in a team, oldest first (for an inzage).
    pub async fn access_about_client(
        &self,
        team_id: &str,
        client_code: &str,
    ) -> Result<Vec<AccessEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT at_ms, user_id, role, action, what, record_id, client_code, on_behalf_of \
             FROM access_events \
             WHERE team_id = $1 AND client_code = $2 ORDER BY id",
        )
        .bind(team_id)
        .bind(client_code)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(access_event_from_row).collect()
    }

    /// The access events about the dialogues `owner_id` wrote about `client_code`, oldest first:
    /// what a worker's own inzage holds. Never events about a colleague's records with the same
    /// code (that would tell who else works with the client, and how often).
    pub async fn access_about_own_client(
        &self,
        owner_id: &str,
        client_code: &str,
    ) -> Result<Vec<AccessEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT e.at_ms, e.user_id, e.role, e.action, e.what, e.record_id, e.client_code, \
             e.on_behalf_of FROM access_events e JOIN dialogues d ON d.id = e.record_id \
             WHERE d.owner_id = $1 AND d.client_code = $2 AND e.client_code = $2 ORDER BY e.id",
        )
        .bind(owner_id)
        .bind(client_code)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(access_event_from_row).collect()
    }
}
