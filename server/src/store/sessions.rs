//! Sessions: a login's token hash, its request key's hash, its ends (absolute and idle).

use super::users::{user_from_row, USER_COLUMNS};
use super::*;

/// A session that has not ended, as the server checks a request against it.
#[derive(Clone, Debug)]
pub struct Session {
    pub user: User,
    /// SHA-256 (hex) of the request key the login handed to the device; `None` for sessions
    /// from before request keys (they open no client content: log in again).
    pub request_key_hash: Option<String>,
    /// Until when the login counts as fresh (the recovery key is released only then).
    pub fresh_until_ms: i64,
}

/// A session as its user may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub token_hash: String,
    pub created_at_ms: i64,
    pub last_seen_at_ms: i64,
    pub expires_at_ms: i64,
}

impl Db {
    /// A new session: its token's hash, its request key's hash (see
    /// [`crate::crate::extract::DeviceUser`]), its end and until when it counts as a fresh password login.
    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: &str,
        request_key_hash: &str,
        expires_at_ms: i64,
        fresh_until_ms: i64,
    ) -> Result<(), StoreError> {
        let now = now_ms();
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at, \
             request_key_hash, fresh_until) VALUES ($1, $2, $3, $4, $3, $5, $6)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .bind(expires_at_ms)
        .bind(request_key_hash)
        .bind(fresh_until_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The user of a session that has not ended: not past its absolute end, used within
    /// `idle_ms`, and the account not disabled. Notes the use (at most every ten minutes, so
    /// reading does not mean writing).
    pub async fn session_user(
        &self,
        token_hash: &str,
        idle_ms: i64,
    ) -> Result<Option<User>, StoreError> {
        Ok(self.session(token_hash, idle_ms).await?.map(|s| s.user))
    }

    /// A session that has not ended (see [`Db::session_user`]), with its request key's hash
    /// and until when its login counts as fresh.
    pub async fn session(
        &self,
        token_hash: &str,
        idle_ms: i64,
    ) -> Result<Option<Session>, StoreError> {
        let now = now_ms();
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS}, s.last_seen_at, s.request_key_hash, s.fresh_until \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             JOIN teams t ON t.id = u.team_id WHERE s.token_hash = $1 AND s.expires_at > $2 \
             AND s.last_seen_at > $3 AND NOT u.disabled"
        ));
        let row = sqlx::query(sql)
            .bind(token_hash)
            .bind(now)
            .bind(now - idle_ms)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let last_seen: i64 = row.try_get("last_seen_at")?;
        if last_seen < now - 10 * 60 * 1000 {
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
                .bind(now)
                .bind(token_hash)
                .execute(&self.pool)
                .await?;
        }
        Ok(Some(Session {
            user: user_from_row(&row)?,
            request_key_hash: row.try_get("request_key_hash")?,
            fresh_until_ms: row.try_get("fresh_until")?,
        }))
    }

    /// The sessions of a user that have not ended, newest first.
    pub async fn sessions_of(
        &self,
        user_id: &str,
        idle_ms: i64,
    ) -> Result<Vec<SessionRow>, StoreError> {
        let now = now_ms();
        let rows = sqlx::query(
            "SELECT token_hash, created_at, last_seen_at, expires_at FROM sessions \
             WHERE user_id = $1 AND expires_at > $2 AND last_seen_at > $3 ORDER BY created_at DESC",
        )
        .bind(user_id)
        .bind(now)
        .bind(now - idle_ms)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SessionRow {
                    token_hash: r.try_get("token_hash")?,
                    created_at_ms: r.try_get("created_at")?,
                    last_seen_at_ms: r.try_get("last_seen_at")?,
                    expires_at_ms: r.try_get("expires_at")?,
                })
            })
            .collect()
    }

    /// Ends the session of `user_id` whose hash starts with `id_prefix` (16 hex). Returns
    /// whether one ended.
    pub async fn end_session(&self, user_id: &str, id_prefix: &str) -> Result<bool, StoreError> {
        if id_prefix.len() != 16 || !id_prefix.chars().all(|c| c.is_ascii_hexdigit()) {
            return Ok(false);
        }
        let done = sqlx::query(
            "DELETE FROM sessions WHERE user_id = $1 AND substr(token_hash, 1, 16) = $2",
        )
        .bind(user_id)
        .bind(id_prefix.to_ascii_lowercase())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Ends every session of a user but `keep` (a password change ends the others).
    pub async fn end_other_sessions(&self, user_id: &str, keep: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user_id)
            .bind(keep)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Forgets sessions that have ended (past their end, or unused for `idle_ms`).
    pub async fn delete_expired_sessions(&self, idle_ms: i64) -> Result<(), StoreError> {
        let now = now_ms();
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2")
            .bind(now)
            .bind(now - idle_ms)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
