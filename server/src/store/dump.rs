//! Every row of every table as text, for tests that prove a request changed nothing.

use super::*;

impl Db {
    /// Every row of every table, in a fixed order, as text: two dumps are equal exactly when the
    /// database holds the same data (for tests that prove a request changed nothing).
    pub async fn dump(&self) -> Result<String, StoreError> {
        let tables = sqlx::query(match self.backend {
            Backend::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' ORDER BY name"
            }
            Backend::Postgres => {
                "SELECT CAST(table_name AS TEXT) AS name FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
            }
        })
        .fetch_all(&self.pool)
        .await?;
        let mut out = String::new();
        for t in tables {
            let name: String = t.try_get("name")?;
            out.push_str(&format!("== {name}\n"));
            // Names from the engine's own catalogue, not from any request.
            let line = match self.backend {
                Backend::Sqlite => {
                    let columns = sqlx::query("SELECT name FROM pragma_table_info($1)")
                        .bind(&name)
                        .fetch_all(&self.pool)
                        .await?;
                    let quoted: Vec<String> = columns
                        .iter()
                        .map(|c| Ok(format!("quote(\"{}\")", c.try_get::<String, _>("name")?)))
                        .collect::<Result<_, StoreError>>()?;
                    quoted.join(" || '|' || ")
                }
                Backend::Postgres => "CAST(t AS TEXT)".to_owned(),
            };
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {line} AS line FROM \"{name}\" t ORDER BY 1"
            )))
            .fetch_all(&self.pool)
            .await?;
            for r in rows {
                let line: String = r.try_get("line")?;
                out.push_str(&line);
                out.push('\n');
            }
        }
        Ok(out)
    }
}
