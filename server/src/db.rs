//! The only module that runs SQL. Everything else asks it questions in Rust terms.
//!
//! Two engines behind the same functions and the same SQL (issue 8): SQLite (one file, the
//! default) and PostgreSQL, chosen by the database URL. The SQL is written once in the common
//! dialect — `$1` parameters (SQLite reads them too), `ON CONFLICT … DO`, `RETURNING`, booleans
//! read through `CAST(… AS INTEGER)` — and runs through sqlx's `Any` driver. What differs is
//! kept in [`Backend`]: how a write transaction takes the one write lock, the migrations folder,
//! the connection settings and [`Db::dump`].
//!
//! Over 800 lines, not split here: the only module that runs SQL; it splits into a `store`
//! folder per concern in issue 16's restructure, which moves every file in one step with
//! behaviour unchanged (splitting it piecemeal now would make that step harder to review).

use std::time::Duration;

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::AnyPool;
use sqlx::Row;
use werkzaam_sync::appreciative::{
    authorship, Action, Dream, Meeting, Story, SynonymMerge, TeamRecord,
};
use werkzaam_sync::merge;
use werkzaam_sync::push::{plan_checked, Refusal};
use werkzaam_sync::review::Thresholds;
use werkzaam_sync::{
    consent, Dialogue, Erasure, ErasureConfirm, ErasureReport, ErrorCode, Operation, Profile,
    PullResponse, PushRequest, PushResponse, Role, TeamDialogue, TeamMember, TeamPullResponse,
};

mod copy;
pub use copy::{TableCopy, TABLES};

use crate::error::ApiError;

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

/// A user as the server knows them.
#[derive(Clone, Debug)]
pub struct User {
    pub id: String,
    pub team_id: String,
    pub team_name: String,
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
        }
    }
}

const USER_COLUMNS: &str = "u.id, u.team_id, t.name AS team_name, u.email, u.display_name, \
     u.role, CAST(u.admin AS INTEGER) AS admin, u.password_hash";

fn user_from_row(row: &AnyRow) -> Result<User, ApiError> {
    let role: String = row.try_get("role")?;
    Ok(User {
        id: row.try_get("id")?,
        team_id: row.try_get("team_id")?,
        team_name: row.try_get("team_name")?,
        email: row.try_get("email")?,
        display_name: row.try_get("display_name")?,
        // An administrator keeps `role` of 0001's CHECK; `admin` makes them one (0011).
        role: if row.try_get::<i64, _>("admin")? != 0 {
            Role::Beheerder
        } else {
            Role::parse(&role)
                .ok_or_else(|| ApiError::internal("database", format!("unknown role {role}")))?
        },
        password_hash: row.try_get("password_hash")?,
    })
}

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

/// One recorded view, export or change (see [`Db::log_access`]).
pub use werkzaam_sync::AccessEvent;

/// Today's date (UTC) as `YYYY-MM-DD`.
pub fn today() -> String {
    civil_date(now_ms().div_euclid(86_400_000))
}
/// The calendar date of a day counted from 1970-01-01 (Howard Hinnant's `civil_from_days`).
pub fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn access_event_from_row(r: &AnyRow) -> Result<AccessEvent, ApiError> {
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

/// Stored versions younger than this stay as merge bases whatever else holds (see
/// [`Db::prune_history`]): a device offline for up to this long merges its changes cleanly.
pub const HISTORY_KEEP_DAYS: i64 = 90;

/// Device vaults one user may have (phones, tablets, browsers): a bound on what a session can
/// make the server store.
pub const MAX_VAULTS: i64 = 50;

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// A random id: 16 bytes as hex.
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system's random source works");
    hex(&bytes)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Erases the dialogues in `rows` (`id`, `owner_id`, `document`) of one team inside `tx`: an
/// erasure by `requested_by`, the erased ids kept (devices purge them at their next pull), the
/// versions and the attachments no other dialogue of the owner uses; each erased dialogue is in
/// the access log (NEN 7513), in the same transaction. Returns the erasure's id.
async fn erase_rows(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    team_id: &str,
    requested_by: (&str, Role),
    on_behalf_of: Option<&str>,
    rows: &[&AnyRow],
) -> Result<i64, ApiError> {
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
fn media_in_documents(
    documents: impl IntoIterator<Item = String>,
) -> Result<std::collections::HashSet<String>, ApiError> {
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
async fn media_of_history(
    conn: &mut sqlx::AnyConnection,
    ids: &[&str],
) -> Result<std::collections::HashSet<String>, ApiError> {
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
fn media_in_history_rows(rows: &[AnyRow]) -> Result<std::collections::HashSet<String>, ApiError> {
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
async fn media_of_owner(
    conn: &mut sqlx::AnyConnection,
    owner: &str,
) -> Result<std::collections::HashSet<String>, ApiError> {
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

/// Who stores a team record, from which device, as which change and version.
#[derive(Clone, Copy)]
struct StoredBy<'a> {
    user: &'a User,
    client_id: &'a str,
    mutation_id: u64,
    version: i64,
    synced_at: i64,
}

/// Who wrote access events, when, about what kind of record, on whose behalf.
struct AccessBy<'a> {
    at: i64,
    user: &'a User,
    team_id: &'a str,
    what: &'a str,
    on_behalf_of: Option<&'a str>,
}

/// One access event's own part: action, record id, client code.
type AccessRow<'a> = (&'a str, Option<&'a str>, Option<&'a str>);

/// Writes access events in as few statements as the engines allow: what all rows share is bound
/// once ($1–$6), each row adds its action, record and client code (100 rows bind 306 values).
async fn insert_access_events(
    conn: &mut sqlx::AnyConnection,
    by: &AccessBy<'_>,
    rows: &[AccessRow<'_>],
) -> Result<(), ApiError> {
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

/// A push's dialogues: what the server held of them before the push (read in one or two
/// statements) and what the push stores (written in a few multi-row statements at its end).
/// Each statement is a round trip — to SQLite's worker thread or to PostgreSQL — that costs more
/// than the work in it, so a push of 100 dialogues takes a handful, not 300.
#[derive(Default)]
struct DialogueBatch {
    erased: std::collections::HashSet<String>,
    before: std::collections::HashMap<String, StoredBefore>,
    /// Ids in the order this push first wrote them.
    order: Vec<String>,
    written: std::collections::HashMap<String, WrittenDialogue>,
}

struct StoredBefore {
    owner: String,
    version: i64,
    document: String,
}

struct WrittenDialogue {
    stored: Dialogue,
    document: String,
    /// What the device sent, when it differs from what was stored.
    sent: Option<String>,
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

impl DialogueBatch {
    /// Reads what the server holds of `ids`: erased or not, owner, version and document.
    async fn load(conn: &mut sqlx::AnyConnection, ids: &[&str]) -> Result<Self, ApiError> {
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
    ) -> Result<(), ApiError> {
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

impl Db {
    /// Opens the database at `url` — SQLite (`sqlite://path`, made if missing) or PostgreSQL
    /// (`postgres://…`) — and applies that engine's migrations.
    pub async fn connect(url: &str) -> Result<Db, ApiError> {
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
            Backend::Sqlite => sqlx::migrate!("./migrations").run(&pool).await,
            Backend::Postgres => sqlx::migrate!("./migrations-postgres").run(&pool).await,
        };
        migrated.map_err(|e| ApiError::internal("migrations", e))?;
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
    async fn write_tx(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, ApiError> {
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

    pub async fn count_teams(&self) -> Result<i64, ApiError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM teams")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }

    pub async fn create_team(&self, name: &str) -> Result<String, ApiError> {
        let id = new_id();
        sqlx::query("INSERT INTO teams (id, name, created_at) VALUES ($1, $2, $3)")
            .bind(&id)
            .bind(name)
            .bind(now_ms())
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
    ) -> Result<String, ApiError> {
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

    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>, ApiError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users u JOIN teams t ON t.id = u.team_id WHERE u.email = $1"
        ));
        let row = sqlx::query(sql)
            .bind(email.trim().to_lowercase())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    /// A new session: its token's hash, its request key's hash (see
    /// [`crate::auth::DeviceUser`]), its end and until when it counts as a fresh password login.
    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: &str,
        request_key_hash: &str,
        expires_at_ms: i64,
        fresh_until_ms: i64,
    ) -> Result<(), ApiError> {
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
    ) -> Result<Option<User>, ApiError> {
        Ok(self.session(token_hash, idle_ms).await?.map(|s| s.user))
    }

    /// A session that has not ended (see [`Db::session_user`]), with its request key's hash
    /// and until when its login counts as fresh.
    pub async fn session(
        &self,
        token_hash: &str,
        idle_ms: i64,
    ) -> Result<Option<Session>, ApiError> {
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
    ) -> Result<Vec<SessionRow>, ApiError> {
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
    pub async fn end_session(&self, user_id: &str, id_prefix: &str) -> Result<bool, ApiError> {
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
    pub async fn end_other_sessions(&self, user_id: &str, keep: &str) -> Result<(), ApiError> {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user_id)
            .bind(keep)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Disables an account and ends its sessions, in one transaction.
    pub async fn disable_user(&self, user_id: &str) -> Result<(), ApiError> {
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

    /// The retention period in years, if the organisation set one (and who set it).
    pub async fn retention(&self) -> Result<Option<(u32, String)>, ApiError> {
        let row =
            sqlx::query("SELECT value, set_by FROM org_settings WHERE key = 'retention_years'")
                .fetch_optional(&self.pool)
                .await?;
        Ok(match row {
            Some(r) => r
                .try_get::<String, _>("value")?
                .parse::<u32>()
                .ok()
                .map(|years| Ok::<_, ApiError>((years, r.try_get("set_by")?)))
                .transpose()?,
            None => None,
        })
    }

    /// Sets (or with `None` ends) the retention period, in the name of `by`.
    pub async fn set_retention(&self, years: Option<u32>, by: &User) -> Result<(), ApiError> {
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

    /// Erases every dialogue held before `cutoff` (`YYYY-MM-DD`), team by team, as erasures in
    /// the name of `requested_by` (devices purge them at their next pull). Returns how many.
    pub async fn erase_held_before(
        &self,
        cutoff: &str,
        requested_by: (&str, Role),
        on_behalf_of: &str,
    ) -> Result<usize, ApiError> {
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

    /// Lets a disabled account log in again.
    pub async fn enable_user(&self, user_id: &str) -> Result<(), ApiError> {
        sqlx::query("UPDATE users SET disabled = FALSE WHERE id = $1")
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Every account, for the administrator: no client content.
    pub async fn all_users(&self) -> Result<Vec<werkzaam_sync::AdminUser>, ApiError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS}, CAST(u.disabled AS INTEGER) AS disabled FROM users u JOIN teams t ON t.id = u.team_id \
             ORDER BY t.name, u.display_name, u.id"
        ));
        let rows = sqlx::query(sql).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| {
                let user = user_from_row(row)?;
                Ok(werkzaam_sync::AdminUser {
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
    pub async fn all_teams(&self) -> Result<Vec<werkzaam_sync::AdminTeam>, ApiError> {
        let rows = sqlx::query(
            "SELECT t.id, t.name, COUNT(u.id) AS members FROM teams t \
             LEFT JOIN users u ON u.team_id = t.id GROUP BY t.id, t.name ORDER BY t.name, t.id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(werkzaam_sync::AdminTeam {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    members: r.try_get::<i64, _>("members")? as u32,
                })
            })
            .collect()
    }

    /// The whole access log between two moments (milliseconds, `to` exclusive), newest first,
    /// with whose each event was.
    pub async fn access_log(
        &self,
        from_ms: i64,
        to_ms: i64,
        limit: usize,
    ) -> Result<Vec<werkzaam_sync::LoggedAccess>, ApiError> {
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
                Ok(werkzaam_sync::LoggedAccess {
                    event: access_event_from_row(r)?,
                    user_name: r.try_get("user_name")?,
                    team_id: r.try_get("team_id")?,
                })
            })
            .collect()
    }

    /// The recovery key of `user_id`'s device vault `vault_id` (64 hex digits), made on the first
    /// request; `None` when the user already has [`MAX_VAULTS`] other vaults.
    pub async fn recovery_key(
        &self,
        user_id: &str,
        vault_id: &str,
        wrap: &crate::recovery::RecoveryWrap,
    ) -> Result<Option<String>, ApiError> {
        let mut tx = self.pool.begin().await?;
        let found: Option<String> = sqlx::query_scalar(
            "SELECT key_hex FROM recovery_keys WHERE user_id = $1 AND vault_id = $2",
        )
        .bind(user_id)
        .bind(vault_id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(stored) = found {
            return Ok(Some(wrap.open(user_id, vault_id, &stored)?));
        }
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM recovery_keys WHERE user_id = $1")
                .bind(user_id)
                .fetch_one(&mut *tx)
                .await?;
        if count >= MAX_VAULTS {
            return Ok(None);
        }
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| ApiError::internal("random recovery key", e))?;
        let key = hex(&bytes);
        sqlx::query(
            "INSERT INTO recovery_keys (user_id, vault_id, key_hex, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(user_id)
        .bind(vault_id)
        .bind(wrap.seal(user_id, vault_id, &key)?)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(key))
    }

    /// Wraps every recovery key still stored plain (from before wrapping) with `wrap`. Returns
    /// how many. Run at every start; a second run finds none.
    pub async fn wrap_recovery_keys(
        &self,
        wrap: &crate::recovery::RecoveryWrap,
    ) -> Result<usize, ApiError> {
        let rows = sqlx::query("SELECT user_id, vault_id, key_hex FROM recovery_keys")
            .fetch_all(&self.pool)
            .await?;
        let mut wrapped = 0;
        for row in rows {
            let (user, vault, stored): (String, String, String) = (
                row.try_get("user_id")?,
                row.try_get("vault_id")?,
                row.try_get("key_hex")?,
            );
            if crate::recovery::RecoveryWrap::is_plain(&stored) {
                sqlx::query(
                    "UPDATE recovery_keys SET key_hex = $1 WHERE user_id = $2 AND vault_id = $3 \
                     AND key_hex = $4",
                )
                .bind(wrap.seal(&user, &vault, &stored)?)
                .bind(&user)
                .bind(&vault)
                .bind(&stored)
                .execute(&self.pool)
                .await?;
                wrapped += 1;
            }
        }
        Ok(wrapped)
    }

    pub async fn set_password_hash(&self, user_id: &str, hash: &str) -> Result<(), ApiError> {
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Whether an account is disabled.
    pub async fn is_disabled(&self, user_id: &str) -> Result<bool, ApiError> {
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

    /// Forgets sessions that have ended (past their end, or unused for `idle_ms`).
    pub async fn delete_expired_sessions(&self, idle_ms: i64) -> Result<(), ApiError> {
        let now = now_ms();
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2")
            .bind(now)
            .bind(now - idle_ms)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Forgets stored versions no device is likely to build on any more: written before
    /// `before_ms`, older than the record's current version, and not the newest one a device
    /// sent (the base of that device's next change). A device that comes back after that with
    /// a change built on a forgotten version loses nothing: without its base every field that
    /// differs is kept as a conflict for a person to choose ([`merge::apply_upsert`]). Deletes
    /// in rounds of 2,000 rows, each in its own short write transaction. Returns how many.
    pub async fn prune_history(&self, before_ms: i64) -> Result<u64, ApiError> {
        let mut pruned = 0;
        for (history, key, records) in [
            ("dialogue_history", "dialogue_id", "dialogues"),
            ("team_record_history", "record_id", "team_records"),
        ] {
            // Names from this list only.
            let sql = format!(
                "DELETE FROM {history} WHERE ({key}, version) IN (\
                 SELECT h.{key}, h.version FROM {history} h JOIN {records} r ON r.id = h.{key} \
                 WHERE h.stored_at_ms < $1 AND h.version < r.version \
                 AND h.version < (SELECT MAX(n.version) FROM {history} n \
                   WHERE n.{key} = h.{key} \
                   AND COALESCE(n.client_id, '') = COALESCE(h.client_id, '')) \
                 LIMIT 2000)"
            );
            loop {
                let mut tx = self.write_tx().await?;
                let done = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                    .bind(before_ms)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                tx.commit().await?;
                pruned += done;
                if done < 2000 {
                    break;
                }
            }
        }
        Ok(pruned)
    }

    /// The versions of a dialogue the server keeps as merge bases, oldest first.
    pub async fn stored_versions(&self, dialogue_id: &str) -> Result<Vec<i64>, ApiError> {
        let rows = sqlx::query(
            "SELECT version FROM dialogue_history WHERE dialogue_id = $1 ORDER BY version",
        )
        .bind(dialogue_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok(r.try_get("version")?)).collect()
    }

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
    ) -> Result<bool, ApiError> {
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
    pub async fn forget_login_attempts(&self, before: i64) -> Result<(), ApiError> {
        sqlx::query("DELETE FROM login_failures WHERE at_ms <= $1")
            .bind(before)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A login that succeeded: its own attempt is taken back, and the earlier failures of the
    /// account from that address (`pair`) are forgotten. The account-wide and address-wide
    /// counters keep the failures of others.
    pub async fn login_succeeded(&self, attempt: &str, pair: &str) -> Result<(), ApiError> {
        sqlx::query("DELETE FROM login_failures WHERE attempt = $1 OR key = $2")
            .bind(attempt)
            .bind(pair)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), ApiError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Applies a push for `user` in one transaction: all of it or nothing.
    pub async fn push(&self, user: &User, request: &PushRequest) -> Result<PushResponse, ApiError> {
        // Checked whole before it queues: a malformed push never holds the lock.
        werkzaam_sync::push::check_push(request).map_err(refusal_error)?;
        // IMMEDIATE takes SQLite's write lock at the start, so two pushes of one client cannot
        // both read the same last mutation id; pushes queue for it in turn (`pushes`).
        let _turn = self.pushes.lock().await;
        let mut tx = self.write_tx().await?;
        let client =
            sqlx::query("SELECT user_id, last_mutation_id FROM sync_clients WHERE client_id = $1")
                .bind(&request.client_id)
                .fetch_optional(&mut *tx)
                .await?;
        let last_applied = match &client {
            Some(row) => {
                let owner: String = row.try_get("user_id")?;
                if owner != user.id {
                    return Err(ApiError::Forbidden(
                        "Dit apparaat is van een andere gebruiker. Log uit en weer in.".into(),
                    ));
                }
                let last: i64 = row.try_get("last_mutation_id")?;
                last as u64
            }
            None => 0,
        };
        let plan = plan_checked(last_applied, request).map_err(refusal_error)?;
        let synced_at = now_ms();
        // One new version for everything this push stores (pulls look for `version > cursor`).
        let version: i64 = if plan.to_apply.is_empty() {
            0
        } else {
            sqlx::query("UPDATE sync_sequence SET value = value + 1 WHERE id = 1 RETURNING value")
                .fetch_one(&mut *tx)
                .await?
                .try_get("value")?
        };
        let mut logged: Vec<(&'static str, String, String)> = Vec::new();
        let ids: Vec<&str> = plan
            .to_apply
            .iter()
            .filter_map(|m| match &m.operation {
                Operation::UpsertDialogue { dialogue } => Some(dialogue.id.as_str()),
                _ => None,
            })
            .collect();
        let mut batch = if ids.is_empty() {
            DialogueBatch::default()
        } else {
            DialogueBatch::load(&mut tx, &ids).await?
        };
        for mutation in plan.to_apply {
            match &mutation.operation {
                Operation::UpsertDialogue { dialogue } => {
                    if let Some(event) = self
                        .store_upsert(
                            &mut tx,
                            &mut batch,
                            user,
                            &request.client_id,
                            mutation.id,
                            dialogue,
                            version,
                        )
                        .await?
                    {
                        logged.push(event);
                    }
                }
                Operation::UpsertStory { .. }
                | Operation::UpsertAction { .. }
                | Operation::UpsertDream { .. }
                | Operation::UpsertMeeting { .. }
                | Operation::UpsertSynonym { .. } => {
                    let Some(record) = TeamRecord::from_operation(&mutation.operation) else {
                        continue;
                    };
                    if record.lead_only() && user.role != Role::Teamleider {
                        return Err(lead_only(mutation.id));
                    }
                    let people = record.people();
                    if !people.is_empty() {
                        let team = self.team_member_ids(&mut tx, &user.team_id).await?;
                        if people.iter().any(|id| !team.iter().any(|t| t == id)) {
                            return Err(not_in_team(mutation.id));
                        }
                    }
                    let stored_by = StoredBy {
                        user,
                        client_id: &request.client_id,
                        mutation_id: mutation.id,
                        version,
                        synced_at,
                    };
                    let is_lead = user.role == Role::Teamleider;
                    macro_rules! store {
                        ($r:expr, $check:expr) => {
                            self.store_team_record(&mut tx, &stored_by, record.kind(), $r, $check)
                                .await?
                        };
                    }
                    // Who may write what (issue 15): judged on what would be stored.
                    match &record {
                        TeamRecord::Story(r) => store!(r, |current, merged| {
                            authorship::story(current, merged, &user.id)
                        }),
                        TeamRecord::Action(r) => store!(r, |_, _| Ok(())),
                        TeamRecord::Dream(r) => store!(r, |current, merged| {
                            authorship::dream(current, merged, &user.id, is_lead)
                        }),
                        TeamRecord::Meeting(r) => store!(r, |_, _| Ok(())),
                        TeamRecord::Synonym(r) => store!(r, |_, _| Ok(())),
                    }
                }
                // The place of a change the device set aside: only the numbering moves on.
                Operation::Noop => {}
            }
        }
        batch
            .write(
                &mut tx,
                user,
                &request.client_id,
                version,
                synced_at,
                self.backend.statement_bytes(),
            )
            .await?;
        let rows: Vec<AccessRow> = logged
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
        insert_access_events(&mut tx, &by, &rows).await?;
        if client.is_some() {
            sqlx::query(
                "UPDATE sync_clients SET last_mutation_id = $1, updated_at = $2 WHERE client_id = $3",
            )
            .bind(plan.last_mutation_id as i64)
            .bind(synced_at)
            .bind(&request.client_id)
            .execute(&mut *tx)
            .await?;
        } else {
            sqlx::query(
                "INSERT INTO sync_clients (client_id, user_id, last_mutation_id, updated_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(&request.client_id)
            .bind(&user.id)
            .bind(plan.last_mutation_id as i64)
            .bind(synced_at)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(PushResponse {
            last_mutation_id: plan.last_mutation_id,
        })
    }

    /// Merges one incoming copy of a dialogue into `batch` as `version`: new, or merged with what
    /// the server holds (or this push wrote before) from the base the copy builds on
    /// ([`merge::apply_upsert`]). Returns the access-log action, or `None` for an erased
    /// dialogue. Nothing is written here: [`DialogueBatch::write`] writes the push at once.
    #[allow(clippy::too_many_arguments)]
    async fn store_upsert(
        &self,
        tx: &mut sqlx::AnyConnection,
        batch: &mut DialogueBatch,
        user: &User,
        client_id: &str,
        mutation_id: u64,
        incoming: &Dialogue,
        version: i64,
    ) -> Result<Option<(&'static str, String, String)>, ApiError> {
        // An erased dialogue stays erased: a device that still sends it is acknowledged (so it
        // stops sending) and hears of the erasure at its next pull.
        if batch.erased.contains(&incoming.id) {
            return Ok(None);
        }
        let current = match (
            batch.written.get(&incoming.id),
            batch.before.get(&incoming.id),
        ) {
            (Some(written), _) => Some(written.stored.clone()),
            (None, Some(before)) => {
                if before.owner != user.id {
                    return Err(ApiError::PushRefused {
                        code: ErrorCode::Forbidden,
                        message: format!(
                            "Wijziging {mutation_id} gaat over een dialoog van iemand anders; \
                             niets is opgeslagen."
                        ),
                        mutation_id: Some(mutation_id),
                    });
                }
                let mut d = parse_document(&before.document)?;
                d.version = before.version as u64;
                Some(d)
            }
            (None, None) => None,
        };
        let base = match &current {
            Some(current) if current.version != incoming.version => {
                // What this device last sent: in this push, or the newest version in history.
                let last_sent: Option<(u64, String)> = match batch.written.get(&incoming.id) {
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
                    .fetch_optional(&mut *tx)
                    .await?
                    .map(|row| {
                        Ok::<_, ApiError>((
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
                        let in_push = batch
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
                            .fetch_optional(&mut *tx)
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
        if !batch.written.contains_key(&stored.id) {
            batch.order.push(stored.id.clone());
        }
        batch.written.insert(
            stored.id.clone(),
            WrittenDialogue {
                stored,
                document,
                sent,
            },
        );
        Ok(Some(event))
    }

    /// The members of `team_id`, by name.
    pub async fn team_members(&self, team_id: &str) -> Result<Vec<TeamMember>, ApiError> {
        let rows = sqlx::query(
            "SELECT id, display_name, role FROM users WHERE team_id = $1 AND NOT admin ORDER BY display_name, id",
        )
        .bind(team_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let role: String = r.try_get("role")?;
                Ok(TeamMember {
                    user_id: r.try_get("id")?,
                    display_name: r.try_get("display_name")?,
                    role: Role::parse(&role).ok_or_else(|| {
                        ApiError::internal("database", format!("unknown role {role}"))
                    })?,
                })
            })
            .collect()
    }

    /// The ids of the members of `team_id`.
    async fn team_member_ids(
        &self,
        tx: &mut sqlx::AnyConnection,
        team_id: &str,
    ) -> Result<Vec<String>, ApiError> {
        let rows = sqlx::query("SELECT id FROM users WHERE team_id = $1")
            .bind(team_id)
            .fetch_all(&mut *tx)
            .await?;
        rows.iter().map(|r| Ok(r.try_get("id")?)).collect()
    }

    /// Stores one incoming copy of a team record (`kind` "story", "action", "dream", "meeting"
    /// or "synonym") as `version`,
    /// merged like a dialogue; any member of the record's team may change it.
    /// `check` judges what would be stored against what was (who may write what); its `Err`
    /// refuses the push with its sentence and nothing is stored.
    async fn store_team_record<R>(
        &self,
        tx: &mut sqlx::AnyConnection,
        by: &StoredBy<'_>,
        kind: &str,
        incoming: &R,
        check: impl FnOnce(Option<&R>, &R) -> Result<(), String>,
    ) -> Result<(), ApiError>
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
                .fetch_optional(&mut *tx)
                .await?;
        let current: Option<R> = match found {
            Some(row) => {
                let team: String = row.try_get("team_id")?;
                let stored_kind: String = row.try_get("kind")?;
                if team != user.team_id || stored_kind != kind {
                    return Err(ApiError::PushRefused {
                        code: ErrorCode::Forbidden,
                        message: format!(
                            "Wijziging {mutation_id} gaat over iets van een ander team; niets \
                             is opgeslagen."
                        ),
                        mutation_id: Some(mutation_id),
                    });
                }
                let mut r: R = parse_json(&row.try_get::<String, _>("document")?)?;
                r.set_version(row.try_get::<i64, _>("version")? as u64);
                Some(r)
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
                .fetch_optional(&mut *tx)
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
                        .fetch_optional(&mut *tx)
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
            return Err(ApiError::PushRefused {
                code: ErrorCode::Forbidden,
                message: format!("Wijziging {mutation_id}: {message} Er is niets opgeslagen."),
                mutation_id: Some(mutation_id),
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
        .execute(&mut *tx)
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
        .execute(&mut *tx)
        .await?;
        Ok(())
    }

    /// The stories and actions of `team_id` stored after `cursor`, oldest change first; a page
    /// ends on a whole version.
    pub async fn team_pull(
        &self,
        team_id: &str,
        cursor: i64,
        limit: usize,
    ) -> Result<TeamPullResponse, ApiError> {
        let rows = sqlx::query(
            "SELECT kind, document, version FROM team_records WHERE team_id = $1 AND version > $2 \
             ORDER BY version, id LIMIT $3",
        )
        .bind(team_id)
        .bind(cursor)
        .bind(limit as i64 + 1)
        .fetch_all(&self.pool)
        .await?;
        let more = rows.len() > limit;
        let mut page: Vec<(i64, String, String)> = rows
            .iter()
            .take(limit)
            .map(|r| {
                Ok((
                    r.try_get("version")?,
                    r.try_get("kind")?,
                    r.try_get("document")?,
                ))
            })
            .collect::<Result<_, ApiError>>()?;
        if more {
            let cut: i64 = rows[limit].try_get("version")?;
            while page.len() > 1 && page.last().is_some_and(|(v, _, _)| *v == cut) {
                page.pop();
            }
        }
        let mut out = TeamPullResponse {
            cursor: page.last().map_or(cursor, |(v, _, _)| *v),
            stories: Vec::new(),
            actions: Vec::new(),
            dreams: Vec::new(),
            meetings: Vec::new(),
            synonyms: Vec::new(),
            more,
        };
        for (version, kind, document) in page {
            match kind.as_str() {
                "story" => {
                    let mut s: Story = parse_json(&document)?;
                    s.version = version as u64;
                    out.stories.push(s);
                }
                "action" => {
                    let mut a: Action = parse_json(&document)?;
                    a.version = version as u64;
                    out.actions.push(a);
                }
                "dream" => {
                    let mut d: Dream = parse_json(&document)?;
                    d.version = version as u64;
                    out.dreams.push(d);
                }
                "meeting" => {
                    let mut m: Meeting = parse_json(&document)?;
                    m.version = version as u64;
                    out.meetings.push(m);
                }
                "synonym" => {
                    let mut m: SynonymMerge = parse_json(&document)?;
                    m.version = version as u64;
                    out.synonyms.push(m);
                }
                other => return Err(ApiError::internal("team record", format!("kind {other}"))),
            }
        }
        Ok(out)
    }

    /// The dialogues of `team_id` whose consent shares something, newest first, each reduced to
    /// what the consent covers ([`consent::shared_view`]).
    pub async fn shared_team_dialogues(
        &self,
        team_id: &str,
    ) -> Result<Vec<TeamDialogue>, ApiError> {
        let rows = sqlx::query(
            "SELECT d.document, d.owner_id, d.synced_at_ms, u.display_name \
             FROM dialogues d JOIN users u ON u.id = d.owner_id \
             WHERE d.team_id = $1 AND d.shared ORDER BY d.held_on DESC, d.updated_at_ms DESC, d.id",
        )
        .bind(team_id)
        .fetch_all(&self.pool)
        .await?;
        let received = self.team_attachments(team_id).await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let stored = StoredRow::from_row(row)?;
            if let Some(item) = stored.shared(&received) {
                out.push(item);
            }
        }
        Ok(out)
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
    ) -> Result<(), ApiError> {
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
    ) -> Result<(), ApiError> {
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
    ) -> Result<Vec<werkzaam_sync::AccountChange>, ApiError> {
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
                Ok(werkzaam_sync::AccountChange {
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
    ) -> Result<Vec<AccessEvent>, ApiError> {
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
    ) -> Result<Vec<AccessEvent>, ApiError> {
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
    ) -> Result<Vec<AccessEvent>, ApiError> {
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
    ) -> Result<Vec<AccessEvent>, ApiError> {
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

    /// The dialogues `user` wrote about `client_code` (not deleted), oldest first.
    pub async fn own_client_dialogues(
        &self,
        user: &User,
        client_code: &str,
    ) -> Result<Vec<Dialogue>, ApiError> {
        let rows = sqlx::query(
            "SELECT document, version FROM dialogues WHERE owner_id = $1 AND client_code = $2 \
             ORDER BY held_on, id",
        )
        .bind(&user.id)
        .bind(client_code)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for r in rows {
            let mut d = parse_document(&r.try_get::<String, _>("document")?)?;
            d.version = r.try_get::<i64, _>("version")? as u64;
            if !d.deleted {
                out.push(d);
            }
        }
        Ok(out)
    }

    /// Every dialogue of `team_id` about `client_code`, whoever wrote it (deleted ones too: an
    /// inzage shows what is stored), oldest first — for an administrator's AVG inzage.
    pub async fn team_client_dialogues(
        &self,
        team_id: &str,
        client_code: &str,
    ) -> Result<Vec<Dialogue>, ApiError> {
        let rows = sqlx::query(
            "SELECT document, version FROM dialogues WHERE team_id = $1 AND client_code = $2 \
             ORDER BY held_on, id",
        )
        .bind(team_id)
        .bind(client_code)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let mut d = parse_document(&r.try_get::<String, _>("document")?)?;
                d.version = r.try_get::<i64, _>("version")? as u64;
                Ok(d)
            })
            .collect()
    }

    /// Erases everything of `client_code` in `team_id`, whoever wrote it, in the name of the
    /// administrator `by`, on behalf of the client's request (`on_behalf_of`).
    pub async fn erase_team_client(
        &self,
        team_id: &str,
        client_code: &str,
        by: &User,
        on_behalf_of: &str,
    ) -> Result<ErasureReport, ApiError> {
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
            return Ok(ErasureReport {
                erasure_id: 0,
                dialogues: 0,
                devices: 0,
                confirmed: 0,
                dormant: 0,
            });
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

    /// The team's alert thresholds (the defaults until a team lead changes them).
    pub async fn thresholds(&self, team_id: &str) -> Result<Thresholds, ApiError> {
        let row = sqlx::query("SELECT thresholds FROM team_settings WHERE team_id = $1")
            .bind(team_id)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(row) => parse_json(&row.try_get::<String, _>("thresholds")?),
            None => Ok(Thresholds::default()),
        }
    }

    pub async fn set_thresholds(&self, team_id: &str, t: &Thresholds) -> Result<(), ApiError> {
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

    /// The team's actions (issue 5), for the meeting's agenda.
    pub async fn team_actions(&self, team_id: &str) -> Result<Vec<Action>, ApiError> {
        let rows =
            sqlx::query("SELECT document FROM team_records WHERE team_id = $1 AND kind = 'action'")
                .bind(team_id)
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|r| parse_json(&r.try_get::<String, _>("document")?))
            .collect()
    }

    /// The dialogues of `user` stored after `cursor`, oldest change first, at most `limit`.
    pub async fn pull(
        &self,
        user: &User,
        cursor: i64,
        limit: usize,
        client_id: Option<&str>,
    ) -> Result<PullResponse, ApiError> {
        let rows = sqlx::query(
            "SELECT document, version FROM dialogues WHERE owner_id = $1 AND version > $2 \
             ORDER BY version, id LIMIT $3",
        )
        .bind(&user.id)
        .bind(cursor)
        .bind(limit as i64 + 1)
        .fetch_all(&self.pool)
        .await?;
        let more = rows.len() > limit;
        let mut page: Vec<(i64, String)> = rows
            .iter()
            .take(limit)
            .map(|r| Ok((r.try_get("version")?, r.try_get("document")?)))
            .collect::<Result<_, ApiError>>()?;
        // A page ends on a whole version (one push), so the cursor never skips half of one.
        if more {
            let cut: i64 = rows[limit].try_get("version")?;
            while page.len() > 1 && page.last().is_some_and(|(v, _)| *v == cut) {
                page.pop();
            }
        }
        let next = page.last().map_or(cursor, |(v, _)| *v);
        let dialogues = page
            .iter()
            .map(|(version, document)| {
                let mut d = parse_document(document)?;
                d.version = *version as u64;
                Ok(d)
            })
            .collect::<Result<Vec<Dialogue>, ApiError>>()?;
        let last_mutation_id = match client_id {
            Some(client_id) => self.register_client(user, client_id).await?,
            None => 0,
        };
        let erased = self.unconfirmed_erasures(user, client_id).await?;
        Ok(PullResponse {
            cursor: next,
            dialogues,
            more,
            last_mutation_id,
            erased,
        })
    }

    /// Knows `client_id` as a device of `user` from its first pull on (a device that only reads
    /// holds copies too, and must hear of erasures); another user's device is refused.
    /// Returns the last mutation id applied for it.
    async fn register_client(&self, user: &User, client_id: &str) -> Result<u64, ApiError> {
        werkzaam_sync::validate::record_id(client_id)
            .map_err(|e| ApiError::BadRequest(format!("Ongeldige apparaat-id: {e}")))?;
        // `updated_at` is when the device was last seen (a push or a pull), noted at most once
        // an hour so pulls stay reads.
        sqlx::query(
            "INSERT INTO sync_clients (client_id, user_id, last_mutation_id, updated_at) \
             VALUES ($1, $2, 0, $3) ON CONFLICT (client_id) DO UPDATE \
             SET updated_at = excluded.updated_at \
             WHERE sync_clients.updated_at < excluded.updated_at - 3600000 \
             AND sync_clients.user_id = excluded.user_id",
        )
        .bind(client_id)
        .bind(&user.id)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        let row =
            sqlx::query("SELECT user_id, last_mutation_id FROM sync_clients WHERE client_id = $1")
                .bind(client_id)
                .fetch_one(&self.pool)
                .await?;
        if row.try_get::<String, _>("user_id")? != user.id {
            return Err(ApiError::Forbidden(
                "Dit apparaat is van een andere gebruiker. Log uit en weer in.".into(),
            ));
        }
        Ok(row.try_get::<i64, _>("last_mutation_id")? as u64)
    }

    /// Erasures of `user`'s dialogues the device `client_id` has not confirmed.
    async fn unconfirmed_erasures(
        &self,
        user: &User,
        client_id: Option<&str>,
    ) -> Result<Vec<Erasure>, ApiError> {
        let rows = sqlx::query(
            "SELECT e.erasure_id, e.dialogue_id FROM erased_dialogues e WHERE e.owner_id = $1 \
             AND NOT EXISTS (SELECT 1 FROM erasure_confirmations c \
             WHERE c.erasure_id = e.erasure_id AND c.client_id = $2) \
             ORDER BY e.erasure_id, e.dialogue_id",
        )
        .bind(&user.id)
        .bind(client_id.unwrap_or(""))
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<Erasure> = Vec::new();
        for row in &rows {
            let id: i64 = row.try_get("erasure_id")?;
            let dialogue: String = row.try_get("dialogue_id")?;
            match out.last_mut() {
                Some(e) if e.id == id => e.dialogue_ids.push(dialogue),
                _ => out.push(Erasure {
                    id,
                    dialogue_ids: vec![dialogue],
                }),
            }
        }
        Ok(out)
    }

    /// Erases everything of a client: `user`'s own dialogues with `client_code`, or — asked by a
    /// team lead — the whole team's. Dialogues, their versions and the attachments nothing else
    /// refers to go, in one transaction; the ids stay as tombstones for the devices.
    pub async fn erase_client(
        &self,
        user: &User,
        client_code: &str,
        client_id: Option<&str>,
    ) -> Result<ErasureReport, ApiError> {
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
            return Ok(ErasureReport {
                erasure_id: 0,
                dialogues: 0,
                devices: 0,
                confirmed: 0,
                dormant: 0,
            });
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
    async fn erasure_report(
        &self,
        erasure_id: i64,
        dialogues: usize,
    ) -> Result<ErasureReport, ApiError> {
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
        .bind(now_ms() - werkzaam_sync::wire::DORMANT_DAYS * 86_400_000)
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
    ) -> Result<Option<ErasureReport>, ApiError> {
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
    ) -> Result<(), ApiError> {
        let owner = sqlx::query("SELECT user_id FROM sync_clients WHERE client_id = $1")
            .bind(&confirm.client_id)
            .fetch_optional(&self.pool)
            .await?;
        if let Some(row) = owner {
            if row.try_get::<String, _>("user_id")? != user.id {
                return Err(ApiError::Forbidden(
                    "Dit apparaat is van een andere gebruiker. Log uit en weer in.".into(),
                ));
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

    /// One dialogue with who wrote it, or `None`.
    pub async fn dialogue(&self, id: &str) -> Result<Option<StoredDialogue>, ApiError> {
        let row = sqlx::query(
            "SELECT d.document, d.owner_id, d.team_id, d.synced_at_ms, u.display_name \
             FROM dialogues d JOIN users u ON u.id = d.owner_id WHERE d.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let stored = StoredRow::from_row(&row)?;
        let received = self.attachments_of(&stored.owner_id).await?;
        Ok(Some(StoredDialogue {
            team_id: row.try_get("team_id")?,
            row: stored,
            received,
        }))
    }

    /// `(owner, hash)` of every attachment the members of `team_id` uploaded.
    async fn team_attachments(
        &self,
        team_id: &str,
    ) -> Result<std::collections::HashSet<(String, String)>, ApiError> {
        let rows = sqlx::query(
            "SELECT a.owner_id, a.hash FROM attachments a JOIN users u ON u.id = a.owner_id \
             WHERE u.team_id = $1",
        )
        .bind(team_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("owner_id")?, r.try_get("hash")?)))
            .collect()
    }

    async fn attachments_of(
        &self,
        owner_id: &str,
    ) -> Result<std::collections::HashSet<(String, String)>, ApiError> {
        let rows = sqlx::query("SELECT owner_id, hash FROM attachments WHERE owner_id = $1")
            .bind(owner_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("owner_id")?, r.try_get("hash")?)))
            .collect()
    }

    /// Stores an attachment of `owner_id`; storing the same bytes again changes nothing.
    /// Returns whether it was new.
    pub async fn put_attachment(
        &self,
        owner_id: &str,
        hash: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> Result<bool, ApiError> {
        let result = sqlx::query(
            "INSERT INTO attachments (owner_id, hash, content_type, size, bytes, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (owner_id, hash) DO NOTHING",
        )
        .bind(owner_id)
        .bind(hash)
        .bind(content_type)
        .bind(bytes.len() as i64)
        .bind(bytes)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(result.rows_affected() == 1)
    }

    /// The garbage collector of attachments: removes every attachment created before
    /// `created_before` that no stored version of any dialogue of its owner refers to (an
    /// upload that lost its dialogue, a drawing whose versions were all forgotten), and every
    /// upload part older than `parts_before` (an upload abandoned halfway). Returns how many
    /// attachments and parts it removed. Each owner in its own short write transaction.
    pub async fn collect_attachments(
        &self,
        created_before: i64,
        parts_before: i64,
    ) -> Result<(u64, u64), ApiError> {
        let owners = sqlx::query("SELECT DISTINCT owner_id FROM attachments WHERE created_at < $1")
            .bind(created_before)
            .fetch_all(&self.pool)
            .await?;
        let mut removed = 0;
        for owner in owners {
            let owner: String = owner.try_get("owner_id")?;
            let mut tx = self.write_tx().await?;
            let used = media_of_owner(&mut tx, &owner).await?;
            let stored =
                sqlx::query("SELECT hash FROM attachments WHERE owner_id = $1 AND created_at < $2")
                    .bind(&owner)
                    .bind(created_before)
                    .fetch_all(&mut *tx)
                    .await?;
            let unused: Vec<String> = stored
                .iter()
                .map(|r| r.try_get::<String, _>("hash"))
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .filter(|h| !used.contains(h))
                .collect();
            for chunk in unused.chunks(500) {
                // Only numbered placeholders are formatted into the text; every value is bound.
                let sql = format!(
                    "DELETE FROM attachments WHERE owner_id = $1 AND hash IN ({})",
                    placeholders(2, chunk.len())
                );
                let mut delete = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&owner);
                for hash in chunk {
                    delete = delete.bind(hash);
                }
                removed += delete.execute(&mut *tx).await?.rows_affected();
            }
            tx.commit().await?;
        }
        let parts = sqlx::query("DELETE FROM attachment_parts WHERE created_at < $1")
            .bind(parts_before)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok((removed, parts))
    }

    /// Bytes of drawings and photos `owner_id` keeps on the server, whole or in parts.
    pub async fn attachment_bytes_of(&self, owner_id: &str) -> Result<i64, ApiError> {
        let row = sqlx::query(
            "SELECT CAST((SELECT COALESCE(SUM(size), 0) FROM attachments WHERE owner_id = $1) \
             + (SELECT COALESCE(SUM(LENGTH(bytes)), 0) FROM attachment_parts \
             WHERE owner_id = $1) AS BIGINT) AS n",
        )
        .bind(owner_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get::<i64, _>("n")?)
    }

    /// Whether `owner_id` has the whole attachment `hash`.
    pub async fn has_attachment(&self, owner_id: &str, hash: &str) -> Result<bool, ApiError> {
        let row = sqlx::query("SELECT 1 AS x FROM attachments WHERE owner_id = $1 AND hash = $2")
            .bind(owner_id)
            .bind(hash)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some())
    }

    /// Bytes of attachment `hash` (of `total` bytes) received in parts from the start. Parts of
    /// another length (another file claiming the hash) are dropped.
    pub async fn parts_received(
        &self,
        owner_id: &str,
        hash: &str,
        total: u64,
    ) -> Result<u64, ApiError> {
        sqlx::query(
            "DELETE FROM attachment_parts WHERE owner_id = $1 AND hash = $2 AND total <> $3",
        )
        .bind(owner_id)
        .bind(hash)
        .bind(total as i64)
        .execute(&self.pool)
        .await?;
        let row = sqlx::query(
            "SELECT COALESCE(SUM(LENGTH(bytes)), 0) AS n FROM attachment_parts \
             WHERE owner_id = $1 AND hash = $2",
        )
        .bind(owner_id)
        .bind(hash)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get::<i64, _>("n")? as u64)
    }

    /// Keeps one part (sending it twice keeps it once).
    pub async fn put_part(
        &self,
        owner_id: &str,
        hash: &str,
        offset: u64,
        total: u64,
        bytes: &[u8],
    ) -> Result<(), ApiError> {
        sqlx::query(
            "INSERT INTO attachment_parts (owner_id, hash, \"offset\", total, bytes, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (owner_id, hash, \"offset\") DO NOTHING",
        )
        .bind(owner_id)
        .bind(hash)
        .bind(offset as i64)
        .bind(total as i64)
        .bind(bytes)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The parts of `hash` joined in order.
    pub async fn joined_parts(&self, owner_id: &str, hash: &str) -> Result<Vec<u8>, ApiError> {
        let rows = sqlx::query(
            "SELECT bytes FROM attachment_parts WHERE owner_id = $1 AND hash = $2 \
             ORDER BY \"offset\"",
        )
        .bind(owner_id)
        .bind(hash)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for row in &rows {
            out.extend_from_slice(&row.try_get::<Vec<u8>, _>("bytes")?);
        }
        Ok(out)
    }

    pub async fn delete_parts(&self, owner_id: &str, hash: &str) -> Result<(), ApiError> {
        sqlx::query("DELETE FROM attachment_parts WHERE owner_id = $1 AND hash = $2")
            .bind(owner_id)
            .bind(hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The content type and bytes of an attachment `owner_id` uploaded.
    pub async fn attachment(
        &self,
        owner_id: &str,
        hash: &str,
    ) -> Result<Option<(String, Vec<u8>)>, ApiError> {
        let row = sqlx::query(
            "SELECT content_type, bytes FROM attachments WHERE owner_id = $1 AND hash = $2",
        )
        .bind(owner_id)
        .bind(hash)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((r.try_get("content_type")?, r.try_get("bytes")?)))
            .transpose()
    }

    /// How many dialogues the server holds.
    /// Every row of every table, in a fixed order, as text: two dumps are equal exactly when the
    /// database holds the same data (for tests that prove a request changed nothing).
    pub async fn dump(&self) -> Result<String, ApiError> {
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
                        .collect::<Result<_, ApiError>>()?;
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

    pub async fn count_dialogues(&self) -> Result<i64, ApiError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM dialogues")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }
}

/// A dialogue row as read from the database.
#[derive(Debug, Clone)]
pub struct StoredRow {
    pub dialogue: Dialogue,
    pub owner_id: String,
    pub worker_name: String,
    pub synced_at_ms: i64,
}

impl StoredRow {
    fn from_row(row: &AnyRow) -> Result<Self, ApiError> {
        let document: String = row.try_get("document")?;
        let dialogue: Dialogue = serde_json::from_str(&document)
            .map_err(|e| ApiError::internal("stored dialogue does not parse", e))?;
        Ok(StoredRow {
            dialogue,
            owner_id: row.try_get("owner_id")?,
            worker_name: row.try_get("display_name")?,
            synced_at_ms: row.try_get("synced_at_ms")?,
        })
    }

    /// What the team may see, or `None`.
    fn shared(
        &self,
        received: &std::collections::HashSet<(String, String)>,
    ) -> Option<TeamDialogue> {
        let dialogue = consent::shared_view(&self.dialogue)?;
        let received_media = dialogue
            .media()
            .into_iter()
            .filter(|m| received.contains(&(self.owner_id.clone(), m.hash.clone())))
            .map(|m| m.hash.clone())
            .collect();
        Some(TeamDialogue {
            dialogue,
            worker_name: self.worker_name.clone(),
            synced_at_ms: self.synced_at_ms,
            received_media,
        })
    }
}

/// One dialogue with its team and the attachments the server has of its author.
#[derive(Debug, Clone)]
pub struct StoredDialogue {
    pub team_id: String,
    pub row: StoredRow,
    received: std::collections::HashSet<(String, String)>,
}

impl StoredDialogue {
    /// The dialogue as the team may see it, or `None` when the consent covers nothing.
    pub fn shared(&self) -> Option<TeamDialogue> {
        self.row.shared(&self.received)
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
record_id!(Story, Action, Dream, Meeting, SynonymMerge);

fn lead_only(mutation_id: u64) -> ApiError {
    ApiError::PushRefused {
        code: ErrorCode::Forbidden,
        message: format!(
            "Wijziging {mutation_id} mag alleen een teamleider doen; niets is opgeslagen."
        ),
        mutation_id: Some(mutation_id),
    }
}

fn not_in_team(mutation_id: u64) -> ApiError {
    ApiError::PushRefused {
        code: ErrorCode::Forbidden,
        message: format!(
            "Wijziging {mutation_id} noemt iemand die niet in je team zit; niets is opgeslagen."
        ),
        mutation_id: Some(mutation_id),
    }
}

fn parse_json<T: serde::de::DeserializeOwned>(document: &str) -> Result<T, ApiError> {
    serde_json::from_str(document)
        .map_err(|e| ApiError::internal("stored record does not parse", e))
}

fn encode_json<T: serde::Serialize>(value: &T) -> Result<String, ApiError> {
    serde_json::to_string(value).map_err(|e| ApiError::internal("encode record", e))
}

fn parse_document(document: &str) -> Result<Dialogue, ApiError> {
    serde_json::from_str(document)
        .map_err(|e| ApiError::internal("stored dialogue does not parse", e))
}

fn encode_document(d: &Dialogue) -> Result<String, ApiError> {
    serde_json::to_string(d).map_err(|e| ApiError::internal("encode dialogue", e))
}

fn refusal_error(refusal: Refusal) -> ApiError {
    let code = match refusal {
        Refusal::ProtocolVersion { .. } => ErrorCode::ProtocolVersion,
        Refusal::Gap { .. } => ErrorCode::OutOfOrder,
        Refusal::TooMany { .. } => ErrorCode::TooManyMutations,
        Refusal::BadClientId(_)
        | Refusal::NotConsecutive { .. }
        | Refusal::InvalidMutation { .. } => ErrorCode::InvalidInput,
    };
    let mutation_id = match &refusal {
        Refusal::InvalidMutation { mutation_id, .. } => Some(*mutation_id),
        _ => None,
    };
    ApiError::PushRefused {
        code,
        message: refusal.message(),
        mutation_id,
    }
}
