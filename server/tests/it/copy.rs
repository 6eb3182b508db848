//! Issue 8, item 5: a team moves from SQLite to PostgreSQL with `werkzaam-server copy-database`
//! — everything is carried (accounts, sessions, dialogues with their versions, attachments,
//! stories, erasures, the access log, settings), proven by counting and comparing every table,
//! and by the moved server answering as the old one did.

use std::process::Command;

use axum::http::StatusCode;
use serde_json::{json, Value};
use werkzaam_domain::dialogue::ConsentDecision;

use crate::consent::{push_dialogue, rich_dialogue, upload_both};
use crate::erasure::erase;
use crate::*;

/// A SQLite server with something in every corner: shared and unshared dialogues with a
/// drawing and a photo, a second version, a story, an erased client, the lead's views and
/// thresholds, a retention setting, a recovery key, a failed login.
async fn lived_in() -> TestServer {
    let server = TestServer::on(Backend::Sqlite).await;
    let anna = server.login("anna@noord.test").await;
    upload_both(&server, &anna).await;
    let shared = rich_dialogue("d-1", ConsentDecision::Yes, true, true, false);
    push_dialogue(&server, &anna, "anna-phone", 1, &shared).await;
    let mut private = rich_dialogue("d-2", ConsentDecision::No, false, false, false);
    private.client_code = "C-88".into();
    push_dialogue(&server, &anna, "anna-phone", 2, &private).await;
    let (status, answer) = server
        .push(&anna, &push_body("anna-phone", 3, 3, "weg"))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let mut second = shared.clone();
    second.version = 1;
    second.worker.good.keywords = vec!["samen plannen".into()];
    push_dialogue(&server, &anna, "anna-phone", 6, &second).await;
    let bram = server.login("bram@noord.test").await;
    let story = json!({ "id": "verhaal-1", "storyteller_id": server.user_id("anna@noord.test").await,
        "interviewer_id": server.user_id("bram@noord.test").await, "held_on": "2026-11-20",
        "title": "Zelf gebeld", "elements": ["echt luisteren"] });
    let body = json!({ "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION, "client_id": "bram-phone",
        "mutations": [{ "id": 1, "operation": { "upsert_story": { "story": story } } }] });
    let (status, answer) = server.push(&bram, &body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (status, answer) = erase(&server, &anna, "C-3", Some("anna-phone")).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let lead = server.login("lead@noord.test").await;
    let (status, _) = server.send(get("/api/team/dialogen", Some(&lead))).await;
    assert_eq!(status, StatusCode::OK);
    let (status, answer) = server
        .send(post_json(
            "/api/herstelsleutel",
            Some(&anna),
            &json!({ "vault": "kluis-1" }),
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let admin = server.login("admin@werkzaam.test").await;
    let request = axum::http::Request::put("/api/beheer/bewaartermijn")
        .header(axum::http::header::CONTENT_TYPE, "application/json")
        .header(axum::http::header::COOKIE, &admin)
        .body(axum::body::Body::from(json!({ "years": 20 }).to_string()))
        .unwrap();
    let (status, answer) = server.send(request).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (status, _) = server
        .send(post_json(
            "/api/inloggen",
            None,
            &json!({ "email": "sem@zuid.test", "password": "fout-fout-fout" }),
        ))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    server
}

/// What Anna's new device pulls, and what the lead's overview shows.
async fn answers(server: &TestServer) -> (Value, Value) {
    let anna = server.login("anna@noord.test").await;
    let (status, pulled) = server
        .send(post_json(
            "/api/sync/pull",
            Some(&anna),
            &json!({ "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION, "cursor": -1, "client_id": "new-tablet" }),
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{pulled}");
    let lead = server.login("lead@noord.test").await;
    let (status, overview) = server.send(get("/api/team/dialogen", Some(&lead))).await;
    assert_eq!(status, StatusCode::OK, "{overview}");
    (pulled, overview)
}

fn copy_command(from: &str, to: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_werkzaam-server"))
        .args(["copy-database", "--from", from, "--to", to])
        .env("RUST_LOG", "warn")
        .output()
        .expect("the server binary runs")
}

#[tokio::test]
async fn copy_database_moves_a_sqlite_team_to_postgres_with_every_record_equal() {
    let source = lived_in().await;
    let dir = tempfile::tempdir().unwrap();
    let target_url = fresh_database(Backend::Postgres, dir.path()).await;

    let out = copy_command(&source.url, &target_url);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("alle gelijk"), "{stdout}");

    // Counted and compared independently of the command: every table, every value.
    let target = Db::connect(&target_url).await.unwrap();
    let before = source.db.table_digests().await.unwrap();
    let after = target.table_digests().await.unwrap();
    assert_eq!(before, after);
    let rows = |table: &str| before.iter().find(|(t, _, _)| t == table).unwrap().1;
    for table in server::store::TABLES {
        if !["attachment_parts", "erasure_confirmations", "team_settings"].contains(table) {
            assert!(rows(table) > 0, "the test data has rows in {table}");
        }
    }
    assert_eq!(rows("dialogues"), 4, "of the five, C-3 was erased");
    assert_eq!(rows("attachments"), 2);

    // The moved server answers as the old one: the same dialogues and versions to a new
    // device, the same overview to the lead; and it goes on numbering after the copied ids.
    let router = test_router(AppState::new(
        target.clone(),
        dir.path().join("site"),
        false,
    ));
    let moved = TestServer {
        db: target.clone(),
        router,
        url: target_url.clone(),
        _dir: tempfile::tempdir().unwrap(),
    };
    let (old_pull, old_overview) = answers(&source).await;
    let (new_pull, new_overview) = answers(&moved).await;
    assert_eq!(new_pull["dialogues"], old_pull["dialogues"]);
    assert_eq!(new_pull["cursor"], old_pull["cursor"]);
    assert_eq!(new_overview, old_overview);
    let anna = moved.login("anna@noord.test").await;
    let next = rich_dialogue("d-9", ConsentDecision::Yes, true, false, false);
    push_dialogue(&moved, &anna, "anna-phone", 7, &next).await;
    let (status, answer) = erase(&moved, &anna, "C-88", Some("anna-phone")).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a new erasure after the copied ones: {answer}"
    );

    // A second copy into the now filled database is refused and changes nothing.
    let filled = target.dump().await.unwrap();
    let out = copy_command(&source.url, &target_url);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("niet leeg"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(target.dump().await.unwrap(), filled);
}

#[tokio::test]
async fn a_copy_back_from_postgres_to_sqlite_is_equal_too() {
    let source = lived_in().await;
    let dir = tempfile::tempdir().unwrap();
    let pg_url = fresh_database(Backend::Postgres, dir.path()).await;
    let pg = Db::connect(&pg_url).await.unwrap();
    let report = source.db.copy_into(&pg).await.unwrap();
    assert!(report.iter().all(|t| t.equal), "{report:?}");
    let back_url = format!("sqlite://{}", dir.path().join("terug.db").display());
    let back = Db::connect(&back_url).await.unwrap();
    let report = pg.copy_into(&back).await.unwrap();
    assert!(report.iter().all(|t| t.equal), "{report:?}");
    assert_eq!(
        back.table_digests().await.unwrap(),
        source.db.table_digests().await.unwrap()
    );
}
