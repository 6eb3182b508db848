//! Moving a whole database into another, empty one — a team's SQLite file into the
//! organisation's PostgreSQL (issue 8), or back, or SQLite into SQLite — and proving the copy:
//! per table the rows are counted and a digest of every row's every value is compared.
//!
//! Generic over the schema: tables and columns come from each engine's catalogue; only the
//! order of the tables (parents before children, for the foreign keys) is listed here, and a
//! table this list does not know stops the copy before anything is written.

use futures::TryStreamExt;
use sha2::{Digest, Sha256};
use sqlx::Row;

use super::StoreError;
use super::{Backend, Db};

/// Every table of the schema, parents before children.
pub const TABLES: &[&str] = &[
    "teams",
    "users",
    "sessions",
    "sync_clients",
    "dialogues",
    "attachments",
    "sync_sequence",
    "dialogue_history",
    "erasures",
    "erased_dialogues",
    "erasure_confirmations",
    "attachment_parts",
    "team_records",
    "team_record_history",
    "access_events",
    "team_settings",
    "recovery_keys",
    "org_settings",
    "login_failures",
];

/// Rows per INSERT statement while copying.
const BATCH: usize = 100;

/// The kind of a column, the same on both engines (the schema test keeps them equal).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Int,
    Text,
    Bool,
    Bytes,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Value {
    Null,
    Int(i64),
    Text(String),
    Bool(bool),
    Bytes(Vec<u8>),
}

impl Value {
    /// About how many bytes the value takes in a statement.
    fn size(&self) -> usize {
        match self {
            Value::Null | Value::Bool(_) => 1,
            Value::Int(_) => 8,
            Value::Text(s) => s.len(),
            Value::Bytes(b) => b.len(),
        }
    }

    /// An unambiguous encoding for the digest: a tag, then the length, then the bytes.
    fn feed(&self, hash: &mut Sha256) {
        let (tag, bytes): (u8, std::borrow::Cow<[u8]>) = match self {
            Value::Null => (0, (&[][..]).into()),
            Value::Int(i) => (1, i.to_le_bytes().to_vec().into()),
            Value::Text(s) => (2, s.as_bytes().into()),
            Value::Bool(b) => (3, vec![u8::from(*b)].into()),
            Value::Bytes(b) => (4, b.as_slice().into()),
        };
        hash.update([tag]);
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(&bytes);
    }
}

/// One table after a copy: rows in the source and in the target, and whether every row is
/// the same in both.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableCopy {
    pub table: String,
    pub source_rows: u64,
    pub target_rows: u64,
    pub equal: bool,
}

impl Db {
    /// The tables of the schema as this engine's catalogue lists them.
    async fn catalogue_tables(&self) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query(match self.backend {
            Backend::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name"
            }
            Backend::Postgres => {
                "SELECT CAST(table_name AS TEXT) AS name FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
                 AND table_name <> '_sqlx_migrations' ORDER BY 1"
            }
        })
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok(r.try_get("name")?)).collect()
    }

    /// The columns of `table` in order, with their kinds.
    async fn columns(&self, table: &str) -> Result<Vec<(String, Kind)>, StoreError> {
        let rows = sqlx::query(match self.backend {
            Backend::Sqlite => "SELECT name, type AS kind FROM pragma_table_info($1) ORDER BY cid",
            Backend::Postgres => {
                "SELECT CAST(column_name AS TEXT) AS name, CAST(data_type AS TEXT) AS kind \
                 FROM information_schema.columns WHERE table_schema = current_schema() \
                 AND table_name = $1 ORDER BY ordinal_position"
            }
        })
        .bind(table)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let name: String = r.try_get("name")?;
                let declared: String = r.try_get("kind")?;
                let kind = match declared.to_ascii_lowercase().as_str() {
                    "integer" | "bigint" => Kind::Int,
                    "text" => Kind::Text,
                    "boolean" => Kind::Bool,
                    "blob" | "bytea" => Kind::Bytes,
                    other => {
                        return Err(StoreError::corrupt(
                            "copy",
                            format!("{table}.{name} has a kind the copy does not know: {other}"),
                        ))
                    }
                };
                Ok((name, kind))
            })
            .collect()
    }

    /// `SELECT` of every column of `table` (booleans as integers: the `Any` driver reads no
    /// SQLite booleans), ordered so both engines list rows alike.
    fn select_all(table: &str, columns: &[(String, Kind)]) -> String {
        let list: Vec<String> = columns
            .iter()
            .map(|(c, k)| match k {
                Kind::Bool => format!("CAST(\"{c}\" AS INTEGER) AS \"{c}\""),
                _ => format!("\"{c}\""),
            })
            .collect();
        format!("SELECT {} FROM \"{table}\"", list.join(", "))
    }

    fn read_row(
        row: &sqlx::any::AnyRow,
        columns: &[(String, Kind)],
    ) -> Result<Vec<Value>, StoreError> {
        columns
            .iter()
            .enumerate()
            .map(|(i, (_, kind))| {
                Ok(match kind {
                    Kind::Int => row
                        .try_get::<Option<i64>, _>(i)?
                        .map_or(Value::Null, Value::Int),
                    Kind::Text => row
                        .try_get::<Option<String>, _>(i)?
                        .map_or(Value::Null, Value::Text),
                    Kind::Bool => row
                        .try_get::<Option<i64>, _>(i)?
                        .map_or(Value::Null, |b| Value::Bool(b != 0)),
                    Kind::Bytes => row
                        .try_get::<Option<Vec<u8>>, _>(i)?
                        .map_or(Value::Null, Value::Bytes),
                })
            })
            .collect()
    }

    /// The tables in copy order, after checking this database has no table the copy does not
    /// know (a new migration must add its tables to [`TABLES`]).
    async fn known_tables(&self) -> Result<Vec<&'static str>, StoreError> {
        for table in self.catalogue_tables().await? {
            if !TABLES.contains(&table.as_str()) {
                return Err(StoreError::corrupt(
                    "copy",
                    format!("table {table} is not in store::TABLES"),
                ));
            }
        }
        Ok(TABLES.to_vec())
    }

    /// Per table: the number of rows and a digest of all of them (every value of every row,
    /// independent of their order), computed the same way on either engine.
    pub async fn table_digests(&self) -> Result<Vec<(String, u64, String)>, StoreError> {
        let mut out = Vec::new();
        for table in self.known_tables().await? {
            let columns = self.columns(table).await?;
            let sql = Self::select_all(table, &columns);
            // Names from the catalogue and TABLES, not from any request.
            let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch(&self.pool);
            let mut hashes: Vec<[u8; 32]> = Vec::new();
            while let Some(row) = rows.try_next().await? {
                let mut hash = Sha256::new();
                for value in Self::read_row(&row, &columns)? {
                    value.feed(&mut hash);
                }
                hashes.push(hash.finalize().into());
            }
            hashes.sort_unstable();
            let mut all = Sha256::new();
            for h in &hashes {
                all.update(h);
            }
            out.push((
                table.to_owned(),
                hashes.len() as u64,
                hex::encode(all.finalize()),
            ));
        }
        Ok(out)
    }

    /// Whether this database holds nothing yet (only what its migrations put in).
    async fn is_empty(&self) -> Result<bool, StoreError> {
        for table in self.known_tables().await? {
            let sql = if table == "sync_sequence" {
                "SELECT COUNT(*) AS n FROM sync_sequence WHERE value <> 0".to_owned()
            } else {
                format!("SELECT COUNT(*) AS n FROM \"{table}\"")
            };
            let n: i64 = sqlx::query(sqlx::AssertSqlSafe(sql))
                .fetch_one(&self.pool)
                .await?
                .try_get("n")?;
            if n > 0 {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Copies everything of this database into `target`, which must be empty and on the same
    /// migration level (both were opened by [`Db::connect`]), in one transaction of the target:
    /// all of it or nothing. Then counts and compares every table; the result says per table
    /// whether source and target are equal. Stop the servers first: what the source gets after
    /// the copy began is not in it.
    pub async fn copy_into(&self, target: &Db) -> Result<Vec<TableCopy>, StoreError> {
        let tables = self.known_tables().await?;
        target.known_tables().await?;
        if !target.is_empty().await? {
            return Err(StoreError::TargetNotEmpty);
        }
        let mut source = match self.backend {
            // One snapshot of the source for the whole copy.
            Backend::Postgres => {
                self.pool
                    .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .await?
            }
            Backend::Sqlite => self.pool.begin().await?,
        };
        let mut tx = target.write_tx().await?;
        sqlx::query("DELETE FROM sync_sequence")
            .execute(&mut *tx)
            .await?;
        for table in &tables {
            let columns = self.columns(table).await?;
            let target_columns = target.columns(table).await?;
            if columns != target_columns {
                return Err(StoreError::corrupt(
                    "copy",
                    format!("{table}: the columns differ between source and target"),
                ));
            }
            let names: Vec<String> = columns.iter().map(|(c, _)| format!("\"{c}\"")).collect();
            let insert_head = format!("INSERT INTO \"{table}\" ({}) VALUES ", names.join(", "));
            let sql = Self::select_all(table, &columns);
            let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch(&mut *source);
            let mut batch: Vec<Vec<Value>> = Vec::with_capacity(BATCH);
            let mut bytes = 0;
            loop {
                let row = rows.try_next().await?;
                if let Some(row) = &row {
                    let values = Self::read_row(row, &columns)?;
                    bytes += values.iter().map(Value::size).sum::<usize>();
                    batch.push(values);
                }
                let full = batch.len() == BATCH || bytes > target.backend.statement_bytes();
                if full || (row.is_none() && !batch.is_empty()) {
                    insert_batch(&mut tx, &insert_head, &columns, &batch).await?;
                    batch.clear();
                    bytes = 0;
                }
                if row.is_none() {
                    break;
                }
            }
        }
        if target.backend == Backend::Postgres {
            // Identity columns go on after the highest id copied.
            for table in &tables {
                let identity = sqlx::query(
                    "SELECT CAST(column_name AS TEXT) AS c FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name = $1 \
                     AND is_identity = 'YES'",
                )
                .bind(table)
                .fetch_optional(&mut *tx)
                .await?;
                if let Some(identity) = identity {
                    let column: String = identity.try_get("c")?;
                    sqlx::query(sqlx::AssertSqlSafe(format!(
                        "SELECT CAST(setval(pg_get_serial_sequence('\"{table}\"', '{column}'), \
                         (SELECT COALESCE(MAX(\"{column}\"), 0) FROM \"{table}\") + 1, false) \
                         AS BIGINT) AS v"
                    )))
                    .fetch_one(&mut *tx)
                    .await?;
                }
            }
        }
        tx.commit().await?;
        source.commit().await?;
        let before = self.table_digests().await?;
        let after = target.table_digests().await?;
        Ok(before
            .into_iter()
            .zip(after)
            .map(|((table, n, digest), (_, m, target_digest))| TableCopy {
                table,
                source_rows: n,
                target_rows: m,
                equal: n == m && digest == target_digest,
            })
            .collect())
    }
}

async fn insert_batch(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    head: &str,
    columns: &[(String, Kind)],
    rows: &[Vec<Value>],
) -> Result<(), StoreError> {
    let width = columns.len();
    let mut sql = String::from(head);
    for (r, _) in rows.iter().enumerate() {
        if r > 0 {
            sql.push_str(", ");
        }
        let params: Vec<String> = (0..width)
            .map(|c| format!("${}", r * width + c + 1))
            .collect();
        sql.push('(');
        sql.push_str(&params.join(", "));
        sql.push(')');
    }
    // Table and column names from the catalogue; every value is bound.
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for row in rows {
        for (value, (_, kind)) in row.iter().zip(columns) {
            // A NULL keeps its column's type (PostgreSQL checks it).
            query = match (value, kind) {
                (Value::Null, Kind::Int) => query.bind(None::<i64>),
                (Value::Null, Kind::Text) => query.bind(None::<String>),
                (Value::Null, Kind::Bool) => query.bind(None::<bool>),
                (Value::Null, Kind::Bytes) => query.bind(None::<Vec<u8>>),
                (Value::Int(i), _) => query.bind(*i),
                (Value::Text(s), _) => query.bind(s.clone()),
                (Value::Bool(b), _) => query.bind(*b),
                (Value::Bytes(b), _) => query.bind(b.clone()),
            };
        }
    }
    query.execute(&mut **tx).await?;
    Ok(())
}
