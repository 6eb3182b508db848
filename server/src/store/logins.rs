//! The login limit's counters (`login_failures`): an attempt is counted before its password is
//! checked, under the write lock, and taken back when it succeeds.

use super::*;

impl Db {
    /// Counts a login attempt held against `limits` (counter, most failures allowed; see
    /// [`crate::auth::limit_keys`]) *before* its password is checked, atomically under the write
    /// lock: when any counter already has as many attempts within
    /// [`crate::auth::LIMIT_WINDOW_MS`] as allowed, nothing is counted and the answer is
    /// `false`; otherwise the attempt is counted on every counter as `attempt` and the answer is
    /// `true`. A login that then succeeds takes its attempt back ([`Db::login_succeeded`]), so
    /// what stays counted are the failures — and a thousand attempts at once can never get past
    /// the limit between a check and a later insert. Forgets attempts older than the window.
    pub async fn login_attempt(
        &self,
        limits: &[(String, usize)],
        attempt: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let since = now - crate::auth::LIMIT_WINDOW_MS;
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM login_failures WHERE at_ms <= $1")
            .bind(since)
            .execute(&mut *tx)
            .await?;
        for (key, max) in limits {
            let n: i64 = sqlx::query(
                "SELECT COUNT(*) AS n FROM login_failures WHERE key = $1 AND at_ms > $2",
            )
            .bind(key)
            .bind(since)
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
            if n >= *max as i64 {
                tx.rollback().await?;
                return Ok(false);
            }
        }
        for (key, _) in limits {
            sqlx::query("INSERT INTO login_failures (key, at_ms, attempt) VALUES ($1, $2, $3)")
                .bind(key)
                .bind(now)
                .bind(attempt)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Forgets login attempts counted before `before` (outside every window).
    pub async fn forget_login_attempts(&self, before: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM login_failures WHERE at_ms <= $1")
            .bind(before)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A login that succeeded: its own attempt is taken back, and the earlier failures of the
    /// account from that address (`pair`) are forgotten. The account-wide and address-wide
    /// counters keep the failures of others.
    pub async fn login_succeeded(&self, attempt: &str, pair: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM login_failures WHERE attempt = $1 OR key = $2")
            .bind(attempt)
            .bind(pair)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
