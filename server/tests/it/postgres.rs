//! Issue 8 (first part): the PostgreSQL schema applies on a real PostgreSQL server and is the
//! same as SQLite's after its migrations — tables, columns in order, their kind and whether they
//! may be empty, and the indexes — so one storage layer can serve both. The test command starts
//! the server (`bash .ci/pg start` prints the URL it puts in `WERKZAAM_TEST_PG_URL`).

use std::collections::BTreeSet;

use sqlx::Row;

use crate::*;

/// The kind of a column, across the two dialects.
fn kind(declared: &str) -> &'static str {
    match declared.to_ascii_lowercase().as_str() {
        "text" => "text",
        "bigint" | "integer" => "integer",
        "boolean" => "boolean",
        "blob" | "bytea" => "bytes",
        other => panic!("a column type the backends do not share: {other}"),
    }
}

/// One column as both backends describe it: table, name, kind, NOT NULL.
type Column = (String, String, String, bool);

fn column(table: String, name: String, declared: &str, not_null: bool) -> Column {
    (table, name, kind(declared).to_owned(), not_null)
}

#[tokio::test]
async fn the_postgres_schema_applies_on_a_real_server_and_equals_sqlites() {
    let server = TestServer::on(Backend::Sqlite).await;
    let pg = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .connect(&fresh_database(Backend::Postgres, server._dir.path()).await)
        .await
        .expect("PostgreSQL answers");
    sqlx::migrate!("./migrations/postgres")
        .run(&pg)
        .await
        .expect("the PostgreSQL migrations apply");

    let pg_columns: Vec<Column> = sqlx::query(
        "SELECT table_name::text AS t, column_name::text AS c, data_type::text AS d, \
         is_nullable = 'NO' AS nn FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations' \
         ORDER BY table_name, ordinal_position",
    )
    .fetch_all(&pg)
    .await
    .unwrap()
    .iter()
    .map(|r| column(r.get("t"), r.get("c"), r.get("d"), r.get("nn")))
    .collect();
    let pg_indexes: BTreeSet<String> = sqlx::query(
        "SELECT indexname::text AS i FROM pg_indexes WHERE schemaname = current_schema() \
         AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key'",
    )
    .fetch_all(&pg)
    .await
    .unwrap()
    .iter()
    .map(|r| r.get("i"))
    .collect();

    let lite = sqlx::SqlitePool::connect(&server.url).await.unwrap();
    let lite_columns: Vec<Column> = sqlx::query(
        "SELECT m.name AS t, p.name AS c, p.type AS d, (p.\"notnull\" OR p.pk > 0) AS nn \
         FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_sqlx_migrations' \
         ORDER BY m.name, p.cid",
    )
    .fetch_all(&lite)
    .await
    .unwrap()
    .iter()
    .map(|r| column(r.get("t"), r.get("c"), r.get("d"), r.get("nn")))
    .collect();
    let lite_indexes: BTreeSet<String> = sqlx::query(
        "SELECT name FROM sqlite_master WHERE type = 'index' \
         AND name NOT LIKE 'sqlite_autoindex%'",
    )
    .fetch_all(&lite)
    .await
    .unwrap()
    .iter()
    .map(|r| r.get("name"))
    .collect();
    lite.close().await;

    assert!(lite_columns.len() > 60, "SQLite's schema was read");
    for (l, p) in lite_columns.iter().zip(&pg_columns) {
        assert_eq!(l, p, "SQLite vs PostgreSQL");
    }
    assert_eq!(lite_columns.len(), pg_columns.len());
    assert_eq!(lite_indexes, pg_indexes);
}

/// Client data crosses the network to PostgreSQL encrypted, and the server's certificate is
/// checked: `sslmode=verify-full` with the organisation's CA (`sslrootcert`) connects over TLS;
/// the same without that CA is refused rather than sent in the clear or to an impostor.
#[tokio::test]
async fn the_server_reaches_postgres_over_verified_tls() {
    let ca = std::env::var("WERKZAAM_TEST_PG_CA")
        .expect("WERKZAAM_TEST_PG_CA is not set: export WERKZAAM_TEST_PG_CA=$(bash .ci/pg ca)");
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(Backend::Postgres, dir.path()).await;
    let verified = format!("{url}&sslmode=verify-full&sslrootcert={ca}");
    let db = Db::connect(&verified).await.expect("TLS with the right CA");
    assert_eq!(db.backend(), Backend::Postgres);
    let pg = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .connect(&verified)
        .await
        .unwrap();
    let encrypted: bool = sqlx::query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        .fetch_one(&pg)
        .await
        .unwrap()
        .get("ssl");
    assert!(encrypted, "the connection is encrypted");
    let unverified = format!("{url}&sslmode=verify-full");
    assert!(
        Db::connect(&unverified).await.is_err(),
        "a certificate no trusted CA signed is refused"
    );
}

#[test]
fn multi_row_statements_stay_under_one_tls_record_on_postgres() {
    use server::store::statement_chunks;
    let limit = Backend::Postgres.statement_bytes();
    assert!(limit <= 16 * 1024, "one TLS record");
    let sizes = [4_000, 6_000, 5_000, 2_000, 30_000, 5, 5, 5];
    let chunks: Vec<Vec<usize>> = statement_chunks(&sizes, 2, limit, |n| *n)
        .iter()
        .map(|c| c.to_vec())
        .collect();
    assert_eq!(
        chunks,
        vec![
            vec![4_000, 6_000],
            vec![5_000, 2_000],
            vec![30_000],
            vec![5, 5],
            vec![5]
        ],
        "at most 2 rows, under the limit unless one row alone is larger"
    );
    let sqlite = Backend::Sqlite.statement_bytes();
    assert_eq!(statement_chunks(&[100_000; 7], 50, sqlite, |n| *n).len(), 1);
    assert!(statement_chunks::<usize>(&[], 50, limit, |n| *n).is_empty());
}

/// Every change has the same number on both engines: PostgreSQL starts at 0013 (its schema is
/// SQLite's 0001–0013 in one), and from there each PostgreSQL migration has a SQLite one of the
/// same number and name.
#[test]
fn each_schema_change_has_the_same_number_on_both_engines() {
    let names = |engine: &str| -> BTreeSet<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(engine);
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    let sqlite = names("sqlite");
    let postgres = names("postgres");
    assert_eq!(
        postgres.first().map(String::as_str),
        Some("0013_schema.sql")
    );
    for name in postgres.iter().skip(1) {
        assert!(
            sqlite.contains(name),
            "{name} has no SQLite twin of the same number"
        );
    }
    let after_baseline: Vec<&String> = sqlite.iter().filter(|n| n.as_str() > "0014").collect();
    assert_eq!(
        after_baseline.len(),
        postgres.len() - 1,
        "a SQLite change without its PostgreSQL twin"
    );
}

/// A PostgreSQL database migrated when its migrations had their own numbers (1–5) opens with
/// the new ones (13–17), and the changes since then apply: nothing applied twice, nothing
/// missing, the data kept.
#[tokio::test]
async fn a_postgres_database_migrated_under_the_old_numbers_opens_with_the_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(Backend::Postgres, dir.path()).await;
    let pg = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .connect(&url)
        .await
        .unwrap();
    // The database as the old numbering left it: the five changes of then, numbered 1–5.
    let all = sqlx::migrate!("./migrations/postgres");
    let mut then = sqlx::migrate!("./migrations/postgres");
    then.migrations = std::borrow::Cow::Owned(
        all.migrations
            .iter()
            .filter(|m| m.version <= 17)
            .cloned()
            .collect(),
    );
    then.run(&pg).await.unwrap();
    sqlx::query("INSERT INTO teams (id, name, created_at) VALUES ('t-oud', 'Oud', 0)")
        .execute(&pg)
        .await
        .unwrap();
    sqlx::query("UPDATE _sqlx_migrations SET version = version - 12")
        .execute(&pg)
        .await
        .unwrap();
    let versions = |pg: sqlx::PgPool| async move {
        sqlx::query_scalar::<_, i64>("SELECT version FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&pg)
            .await
            .unwrap()
    };
    assert_eq!(versions(pg.clone()).await, vec![1, 2, 3, 4, 5]);
    let now: Vec<i64> = all.migrations.iter().map(|m| m.version).collect();
    assert_eq!(&now[..5], &[13, 14, 15, 16, 17]);
    let db = server::store::Db::connect(&url)
        .await
        .expect("opens under the new numbers");
    assert_eq!(versions(pg.clone()).await, now);
    assert_eq!(db.count_teams().await.unwrap(), 1);
    // And again: nothing changes the second time.
    drop(db);
    server::store::Db::connect(&url).await.unwrap();
    assert_eq!(versions(pg).await, now);
}
