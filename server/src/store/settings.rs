//! What an organisation or a team set: the retention period and the alert thresholds.

use super::*;

impl Db {
    /// The retention period in years, if the organisation set one (and who set it).
    pub async fn retention(&self) -> Result<Option<(u32, String)>, StoreError> {
        let row =
            sqlx::query("SELECT value, set_by FROM org_settings WHERE key = 'retention_years'")
                .fetch_optional(&self.pool)
                .await?;
        Ok(match row {
            Some(r) => r
                .try_get::<String, _>("value")?
                .parse::<u32>()
                .ok()
                .map(|years| Ok::<_, StoreError>((years, r.try_get("set_by")?)))
                .transpose()?,
            None => None,
        })
    }

    /// Sets (or with `None` ends) the retention period, in the name of `by`.
    pub async fn set_retention(&self, years: Option<u32>, by: &User) -> Result<(), StoreError> {
        match years {
            Some(years) => {
                sqlx::query(
                    "INSERT INTO org_settings (key, value, set_by, set_at) \
                     VALUES ('retention_years', $1, $2, $3) ON CONFLICT (key) DO UPDATE SET \
                     value = excluded.value, set_by = excluded.set_by, set_at = excluded.set_at",
                )
                .bind(years.to_string())
                .bind(&by.id)
                .bind(now_ms())
                .execute(&self.pool)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM org_settings WHERE key = 'retention_years'")
                    .execute(&self.pool)
                    .await?;
            }
        }
        Ok(())
    }

    /// The team's alert thresholds (the defaults until a team lead changes them).
    pub async fn thresholds(&self, team_id: &str) -> Result<Thresholds, StoreError> {
        let row = sqlx::query("SELECT thresholds FROM team_settings WHERE team_id = $1")
            .bind(team_id)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(row) => parse_json(&row.try_get::<String, _>("thresholds")?),
            None => Ok(Thresholds::default()),
        }
    }

    pub async fn set_thresholds(&self, team_id: &str, t: &Thresholds) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO team_settings (team_id, thresholds) VALUES ($1, $2) \
             ON CONFLICT (team_id) DO UPDATE SET thresholds = excluded.thresholds",
        )
        .bind(team_id)
        .bind(encode_json(t)?)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
