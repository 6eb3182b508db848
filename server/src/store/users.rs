//! Accounts and teams: who someone is, their role, their password hash, whether they may log in.

use super::*;
use werkzaam_domain::variant::Variant;

/// A user as the server knows them.
#[derive(Clone, Debug)]
pub struct User {
    pub id: String,
    pub team_id: String,
    pub team_name: String,
    /// The team's Dutch.
    pub team_variant: Variant,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub password_hash: String,
}

impl User {
    pub fn profile(&self) -> Profile {
        Profile {
            user_id: self.id.clone(),
            display_name: self.display_name.clone(),
            email: self.email.clone(),
            role: self.role,
            team_id: self.team_id.clone(),
            team_name: self.team_name.clone(),
            variant: self.team_variant,
        }
    }
}

pub(super) const USER_COLUMNS: &str =
    "u.id, u.team_id, t.name AS team_name, t.variant AS team_variant, u.email, u.display_name, \
     u.role, CAST(u.admin AS INTEGER) AS admin, u.password_hash";

pub(super) fn user_from_row(row: &AnyRow) -> Result<User, StoreError> {
    let role: String = row.try_get("role")?;
    Ok(User {
        id: row.try_get("id")?,
        team_id: row.try_get("team_id")?,
        team_name: row.try_get("team_name")?,
        team_variant: variant_from_row(row, "team_variant")?,
        email: row.try_get("email")?,
        display_name: row.try_get("display_name")?,
        // An administrator keeps `role` of 0001's CHECK; `admin` makes them one (0011).
        role: if row.try_get::<i64, _>("admin")? != 0 {
            Role::Beheerder
        } else {
            Role::parse(&role)
                .ok_or_else(|| StoreError::corrupt("database", format!("unknown role {role}")))?
        },
        password_hash: row.try_get("password_hash")?,
    })
}

/// A team's variant as stored; anything else is damage, not a guess.
fn variant_from_row(row: &AnyRow, column: &str) -> Result<Variant, StoreError> {
    let code: String = row.try_get(column)?;
    Variant::parse(&code)
        .ok_or_else(|| StoreError::corrupt("database", format!("unknown team variant {code}")))
}

impl Db {
    pub async fn count_teams(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM teams")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }

    pub async fn create_team(&self, name: &str, variant: Variant) -> Result<String, StoreError> {
        let id = new_id();
        sqlx::query("INSERT INTO teams (id, name, created_at, variant) VALUES ($1, $2, $3, $4)")
            .bind(&id)
            .bind(name)
            .bind(now_ms())
            .bind(variant.code())
            .execute(&self.pool)
            .await?;
        Ok(id)
    }

    pub async fn create_user(
        &self,
        team_id: &str,
        email: &str,
        display_name: &str,
        role: Role,
        password_hash: &str,
    ) -> Result<String, StoreError> {
        let id = new_id();
        let (stored_role, admin) = match role {
            Role::Beheerder => (Role::Medewerker, true),
            other => (other, false),
        };
        sqlx::query(
            "INSERT INTO users (id, team_id, email, display_name, role, admin, password_hash, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(team_id)
        .bind(email.to_lowercase())
        .bind(display_name)
        .bind(stored_role.as_str())
        .bind(admin)
        .bind(password_hash)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(id)
    }

    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users u JOIN teams t ON t.id = u.team_id WHERE u.email = $1"
        ));
        let row = sqlx::query(sql)
            .bind(email.trim().to_lowercase())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    /// Disables an account and ends its sessions, in one transaction.
    pub async fn disable_user(&self, user_id: &str) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE users SET disabled = TRUE WHERE id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Lets a disabled account log in again.
    pub async fn enable_user(&self, user_id: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE users SET disabled = FALSE WHERE id = $1")
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Every account, for the administrator: no client content.
    pub async fn all_users(&self) -> Result<Vec<werkzaam_protocol::admin::AdminUser>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS}, CAST(u.disabled AS INTEGER) AS disabled FROM users u JOIN teams t ON t.id = u.team_id \
             ORDER BY t.name, u.display_name, u.id"
        ));
        let rows = sqlx::query(sql).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| {
                let user = user_from_row(row)?;
                Ok(werkzaam_protocol::admin::AdminUser {
                    id: user.id,
                    display_name: user.display_name,
                    email: user.email,
                    team_id: user.team_id,
                    team_name: user.team_name,
                    role: user.role,
                    disabled: row.try_get::<i64, _>("disabled")? != 0,
                })
            })
            .collect()
    }

    /// Every team with its number of accounts.
    pub async fn all_teams(&self) -> Result<Vec<werkzaam_protocol::admin::AdminTeam>, StoreError> {
        let rows = sqlx::query(
            "SELECT t.id, t.name, t.variant, COUNT(u.id) AS members FROM teams t \
             LEFT JOIN users u ON u.team_id = t.id GROUP BY t.id, t.name, t.variant \
             ORDER BY t.name, t.id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(werkzaam_protocol::admin::AdminTeam {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    members: r.try_get::<i64, _>("members")? as u32,
                    variant: variant_from_row(r, "variant")?,
                })
            })
            .collect()
    }

    /// Sets a team's Dutch; whether the team exists.
    pub async fn set_team_variant(
        &self,
        team_id: &str,
        variant: Variant,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE teams SET variant = $1 WHERE id = $2")
            .bind(variant.code())
            .bind(team_id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn set_password_hash(&self, user_id: &str, hash: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Whether an account is disabled.
    pub async fn is_disabled(&self, user_id: &str) -> Result<bool, StoreError> {
        let row =
            sqlx::query("SELECT CAST(disabled AS INTEGER) AS disabled FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(match row {
            Some(r) => r.try_get::<i64, _>("disabled")? != 0,
            None => true,
        })
    }

    /// The members of `team_id`, by name.
    pub async fn team_members(&self, team_id: &str) -> Result<Vec<TeamMember>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, display_name, role, CAST(disabled AS INTEGER) AS disabled FROM users \
             WHERE team_id = $1 AND NOT admin ORDER BY display_name, id",
        )
        .bind(team_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let role: String = r.try_get("role")?;
                Ok(TeamMember {
                    disabled: r.try_get::<i64, _>("disabled")? != 0,
                    user_id: r.try_get("id")?,
                    display_name: r.try_get("display_name")?,
                    role: Role::parse(&role).ok_or_else(|| {
                        StoreError::corrupt("database", format!("unknown role {role}"))
                    })?,
                })
            })
            .collect()
    }
}
