//! The only module that runs SQL. Everything else asks it questions in Rust terms; each file
//! here holds the statements of one group of tables.
//!
//! Two engines behind the same functions and the same SQL: SQLite (one file, the default) and
//! PostgreSQL, chosen by the database URL. The SQL is written once in the common dialect — `$1`
//! parameters (SQLite reads them too), `ON CONFLICT … DO`, `RETURNING`, booleans read through
//! `CAST(… AS INTEGER)` — and runs through sqlx's `Any` driver. What differs is kept in
//! [`Backend`]: how a write transaction takes the one write lock, the migrations folder, the
//! connection settings and [`Db::dump`].

use std::time::Duration;

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::AnyPool;
use sqlx::Row;
use werkzaam_domain::merge;
use werkzaam_domain::review::Thresholds;
use werkzaam_domain::team::{
    Action, Advice, Dream, Lesson, Meeting, Reply, Round, Story, SynonymMerge,
};
use werkzaam_domain::{rules::consent, Dialogue, Role};
use werkzaam_protocol::{
    account::Profile,
    sync::{Erasure, ErasureConfirm, ErasureReport, PullResponse, TeamPullResponse},
    team::{TeamDialogue, TeamMember},
};

pub(crate) use crate::clock::{new_id, now_ms};

mod access_log;
mod attachments;
mod copy;
mod dialogues;
mod dump;
mod erasure;
mod logins;
mod push;
mod recovery_keys;
mod sessions;
mod settings;
mod team_records;
mod users;

pub use access_log::AccessEvent;
pub use copy::{TableCopy, TABLES};
pub use dialogues::{PulledDialogues, StoredDialogue, StoredRow, HISTORY_KEEP_DAYS, PULL_PAGE};
pub use push::{PushTx, RecordId, StoredBy};
pub use recovery_keys::MAX_VAULTS;
pub use sessions::{Session, SessionRow};
pub use team_records::TEAM_PULL_PAGE;
pub use users::User;

/// What went wrong in the store: the database, data that does not read as what it should, or a
/// rule the store checks while it holds the write lock (whose record, whose device). It says
/// nothing to people: [`crate::error::ApiError`] turns each into an answer in Dutch.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Stored data that does not read as what it should (or cannot be written as it is).
    #[error("{what}: {detail}")]
    Corrupt { what: &'static str, detail: String },
    /// Change `mutation_id` is about another user's dialogue (`dialogue`) or another team's
    /// record; nothing of the push is stored.
    #[error("change {mutation_id} is about someone else's record")]
    NotYours { mutation_id: u64, dialogue: bool },
    /// Change `mutation_id` was refused by the caller's check, for `reason` (a Dutch sentence);
    /// nothing of the push is stored.
    #[error("change {mutation_id} refused: {reason}")]
    Refused { mutation_id: u64, reason: String },
    /// The device id belongs to another user.
    #[error("the device belongs to another user")]
    OthersDevice,
    /// Not a device id.
    #[error("not a device id: {0}")]
    BadDeviceId(String),
    /// A database copy's target holds data already.
    #[error("the target database is not empty")]
    TargetNotEmpty,
}

impl StoreError {
    pub(crate) fn corrupt(what: &'static str, detail: impl std::fmt::Display) -> StoreError {
        StoreError::Corrupt {
            what,
            detail: detail.to_string(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// Pushes take turns here before they take SQLite's one write lock: waiting in a queue is
    /// fair and immediate, where SQLite's busy handler sleeps in growing steps (measured: p99
    /// of a push with 8 devices 105–340 ms without this queue; see `.ci/bench-load`).
    pushes: std::sync::Arc<tokio::sync::Mutex<()>>,
}

/// The engine behind a [`Db`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The engine a database URL names: `postgres://` or `postgresql://`, else SQLite.
    pub fn of_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

impl Backend {
    /// The bytes of values one multi-row statement may carry. SQLite: no limit (rows only).
    /// PostgreSQL: what fits in one TLS record (16 KiB), so a statement leaves in one write:
    /// sqlx 0.9 no longer sets TCP_NODELAY (sqlx issue #4335), and rustls writes each record
    /// apart, so the second write of a larger statement waited ~40 ms for the database's
    /// delayed ACK (measured: a push of 100 dialogues over TLS 137–268 ms instead of ~10).
    pub fn statement_bytes(self) -> usize {
        match self {
            Backend::Sqlite => usize::MAX,
            Backend::Postgres => 12 * 1024,
        }
    }
}

/// Splits `items` into runs of at most `rows` items and, unless one item alone is larger, at
/// most `max_bytes` by `size`.
pub fn statement_chunks<T>(
    items: &[T],
    rows: usize,
    max_bytes: usize,
    size: impl Fn(&T) -> usize,
) -> Vec<&[T]> {
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0usize);
    for (i, item) in items.iter().enumerate() {
        let n = size(item);
        if i > start && (i - start == rows || bytes.saturating_add(n) > max_bytes) {
            out.push(&items[start..i]);
            (start, bytes) = (i, 0);
        }
        bytes = bytes.saturating_add(n);
    }
    if start < items.len() {
        out.push(&items[start..]);
    }
    out
}

/// `$first, $first+1, …` for `n` values.
fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn parse_json<T: serde::de::DeserializeOwned>(document: &str) -> Result<T, StoreError> {
    serde_json::from_str(document)
        .map_err(|e| StoreError::corrupt("stored record does not parse", e))
}

fn encode_json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::corrupt("encode record", e))
}

/// A stored record (a dialogue or a team record) read back as the version it was stored as:
/// the document holds what a device sent, the version column what the server gave it.
fn at_version<R: merge::Record + serde::de::DeserializeOwned>(
    document: &str,
    version: i64,
) -> Result<R, StoreError> {
    let mut record: R = parse_json(document)?;
    record.set_version(version as u64);
    Ok(record)
}

/// A stored record as its JSON at `version`, for an answer that passes it on as it is. A push
/// stores each record with the version it gives it, so the document is the answer: it is
/// scanned for its `version`, not built. A row whose document says another version (written
/// before versions were kept in the document) is read and written again at `version`.
fn raw_at_version<R>(
    document: String,
    version: i64,
) -> Result<Box<serde_json::value::RawValue>, StoreError>
where
    R: merge::Record + serde::de::DeserializeOwned + serde::Serialize,
{
    /// Only the version; every other field is skipped over unread.
    #[derive(serde::Deserialize)]
    struct StoredVersion {
        version: Option<u64>,
    }
    let stored: StoredVersion = parse_json(&document)?;
    let document = if stored.version == Some(version as u64) {
        document
    } else {
        encode_json(&at_version::<R>(&document, version)?)?
    };
    serde_json::value::RawValue::from_string(document)
        .map_err(|e| StoreError::corrupt("stored record is not JSON", e))
}

fn parse_document(document: &str) -> Result<Dialogue, StoreError> {
    serde_json::from_str(document)
        .map_err(|e| StoreError::corrupt("stored dialogue does not parse", e))
}

fn encode_document(d: &Dialogue) -> Result<String, StoreError> {
    serde_json::to_string(d).map_err(|e| StoreError::corrupt("encode dialogue", e))
}

/// PostgreSQL's migrations once had their own numbers (0001 = SQLite's 0001–0013, then 0002 …
/// 0005 = SQLite's 0014 … 0017); now each change has the same number on both engines
/// (`migrations/postgres/0013_schema.sql`, 0014 …). A database migrated under the old numbers
/// has its record of them moved up by 12 — same files, same checksums — in one statement, before
/// the migrations run. A database that never saw the old numbers is left as it is.
async fn renumber_postgres_migrations(pool: &AnyPool) -> Result<(), StoreError> {
    let table: Option<String> =
        sqlx::query_scalar("SELECT CAST(to_regclass('_sqlx_migrations') AS TEXT)")
            .fetch_one(pool)
            .await?;
    if table.is_some() {
        sqlx::query(
            "UPDATE _sqlx_migrations SET version = version + 12 WHERE version BETWEEN 1 AND 5 \
             AND EXISTS (SELECT 1 FROM _sqlx_migrations WHERE version = 1 AND description = 'schema')",
        )
        .execute(pool)
        .await?;
    }
    Ok(())
}

impl Db {
    /// Opens the database at `url` — SQLite (`sqlite://path`, made if missing) or PostgreSQL
    /// (`postgres://…`) — and applies that engine's migrations.
    pub async fn connect(url: &str) -> Result<Db, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of_url(url);
        let pool = match backend {
            Backend::Sqlite => {
                use sqlx::migrate::MigrateDatabase;
                if !sqlx::Sqlite::database_exists(url).await? {
                    sqlx::Sqlite::create_database(url).await?;
                }
                AnyPoolOptions::new()
                    .max_connections(8)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            // WAL: readers never wait for the writer; NORMAL: no fsync per
                            // commit in WAL (a power cut can lose the last commits, never
                            // corrupt); waits up to 10 s for the write lock; deleted content
                            // is overwritten with zeros (an erasure leaves no bytes behind).
                            sqlx::raw_sql(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                                 PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
                                 PRAGMA secure_delete = ON;",
                            )
                            .execute(conn)
                            .await?;
                            Ok(())
                        })
                    })
                    .connect(url)
                    .await?
            }
            Backend::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect(url)
                    .await?
            }
        };
        let migrated = match backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite").run(&pool).await,
            Backend::Postgres => {
                renumber_postgres_migrations(&pool).await?;
                sqlx::migrate!("./migrations/postgres").run(&pool).await
            }
        };
        migrated?;
        Ok(Db {
            pool,
            backend,
            pushes: Default::default(),
        })
    }

    /// After an erasure: on SQLite, the write-ahead log is checkpointed and cut to nothing, so
    /// the erased bytes are in no file (`secure_delete` already zeroes freed pages in the
    /// database file). On PostgreSQL deleted rows are gone for every query at once and their
    /// space is overwritten by autovacuum (SECURITY.md). Best effort: a reader holding the log
    /// makes the cut wait for the next erasure or maintenance run.
    pub async fn scrub_files(&self) {
        if self.backend == Backend::Sqlite {
            if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&self.pool)
                .await
            {
                tracing::warn!(error = %e, "could not cut the write-ahead log");
            }
        }
    }

    /// The engine behind this database.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Begins a transaction that holds the database's one write lock from its first statement,
    /// so versions are handed out and committed in the same order (a pull that has seen version
    /// `n` never later finds an older one) and two pushes of one device never both read the same
    /// last mutation id — also across several server instances on one PostgreSQL.
    async fn write_tx(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
        match self.backend {
            Backend::Sqlite => Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?),
            Backend::Postgres => {
                let mut tx = self.pool.begin().await?;
                sqlx::query("SELECT value FROM sync_sequence WHERE id = 1 FOR UPDATE")
                    .fetch_one(&mut *tx)
                    .await?;
                Ok(tx)
            }
        }
    }

    /// How many dialogues the server holds.
    pub async fn count_dialogues(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM dialogues")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }
}
