//! Pull: a device gets its user's dialogues changed since its cursor, other users' never.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::*;

async fn pull(server: &TestServer, cookie: &str, cursor: i64) -> (StatusCode, Value) {
    server
        .send(post_json(
            "/api/sync/pull",
            Some(cookie),
            &json!({ "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION, "cursor": cursor }),
        ))
        .await
}

#[tokio::test]
async fn a_device_pulls_what_changed_since_its_cursor_and_only_its_users() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    server.push(&anna, &push_body("phone", 1, 3, "eerst")).await;

    let (status, first) = pull(&server, &anna, -1).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["dialogues"].as_array().unwrap().len(), 3);
    assert_eq!(first["more"], false);
    let cursor = first["cursor"].as_i64().unwrap();
    let (_, again) = pull(&server, &anna, cursor).await;
    assert_eq!(again["dialogues"], json!([]));
    assert_eq!(again["cursor"], cursor);

    // Another device of Anna changes one dialogue it pulled: only that one comes.
    let mut copy = first["dialogues"][1].clone();
    assert_eq!(copy["id"], "phone-d2");
    assert!(copy["version"].as_u64().unwrap() > 0);
    copy["client"]["good"]["keywords"] = json!(["tablet"]);
    let body = json!({
        "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION,
        "client_id": "tablet",
        "mutations": [{ "id": 1, "operation": { "upsert_dialogue": { "dialogue": copy } } }]
    });
    let (status, answer) = server.push(&anna, &body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (_, next) = pull(&server, &anna, cursor).await;
    let items = next["dialogues"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], "phone-d2");
    assert_eq!(items[0]["client"]["good"]["keywords"], json!(["tablet"]));
    assert!(items[0]["version"].as_i64().unwrap() > cursor);

    // A pull tells a device which of its changes the server applied (an answer to a push may
    // have been lost).
    let (_, with_client) = server
        .send(post_json(
            "/api/sync/pull",
            Some(&anna),
            &json!({ "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION, "cursor": cursor, "client_id": "phone" }),
        ))
        .await;
    assert_eq!(with_client["last_mutation_id"], 3);
    let (_, fresh) = server
        .send(post_json(
            "/api/sync/pull",
            Some(&anna),
            &json!({ "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION, "cursor": cursor, "client_id": "laptop" }),
        ))
        .await;
    assert_eq!(fresh["last_mutation_id"], 0);

    // Bram sees none of Anna's.
    let bram = server.login("bram@noord.test").await;
    let (_, his) = pull(&server, &bram, -1).await;
    assert_eq!(his["dialogues"], json!([]));
}

#[tokio::test]
async fn pages_end_on_whole_pushes_and_deliver_everything_once() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    for batch in 0..3 {
        let (status, _) = server
            .push(&anna, &push_body("phone", 1 + batch * 400, 400, "veel"))
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    let mut cursor = -1;
    let mut seen = std::collections::HashSet::new();
    let mut pages = 0;
    loop {
        let (status, page) = pull(&server, &anna, cursor).await;
        assert_eq!(status, StatusCode::OK);
        pages += 1;
        for d in page["dialogues"].as_array().unwrap() {
            assert!(
                seen.insert(d["id"].as_str().unwrap().to_owned()),
                "twice: {}",
                d["id"]
            );
        }
        cursor = page["cursor"].as_i64().unwrap();
        if page["more"] == false {
            break;
        }
        assert!(pages < 10);
    }
    assert_eq!(seen.len(), 1200);
    assert_eq!(pages, 2);
}

#[tokio::test]
async fn a_pull_of_another_protocol_version_is_refused() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let (status, body) = server
        .send(post_json(
            "/api/sync/pull",
            Some(&anna),
            &json!({ "protocol_version": 1, "cursor": -1 }),
        ))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], "protocol_version");
    let (status, _) = server
        .send(post_json(
            "/api/sync/pull",
            None,
            &json!({ "protocol_version": 3, "cursor": -1 }),
        ))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

/// A page passes each stored document on as it is (a push stores it with its version); a row
/// whose document lacks its version or says another (stored before versions were kept in the
/// document) still comes at the version of its row, with everything else as stored.
#[tokio::test]
async fn a_page_holds_each_dialogue_at_its_stored_version_also_rows_from_before() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    server.push(&anna, &push_body("phone", 1, 3, "eerst")).await;
    let (status, first) = pull(&server, &anna, -1).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let version = first["cursor"].clone();
    let dialogues = first["dialogues"].as_array().unwrap();
    assert_eq!(dialogues.len(), 3);
    for d in dialogues {
        assert_eq!(d["version"], version, "{d}");
        let stored = server
            .db
            .dialogue(d["id"].as_str().unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(d, &serde_json::to_value(&stored.row.dialogue).unwrap());
    }

    // Two rows as older servers left them: one document without a version, one with another.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&server.url).await.unwrap();
    for (i, old_version) in [(0, None), (1, Some(json!(1)))] {
        let mut document = dialogues[i].clone();
        match old_version {
            None => {
                document.as_object_mut().unwrap().remove("version");
            }
            Some(v) => document["version"] = v,
        }
        sqlx::query("UPDATE dialogues SET document = $1 WHERE id = $2")
            .bind(document.to_string())
            .bind(dialogues[i]["id"].as_str().unwrap())
            .execute(&pool)
            .await
            .unwrap();
    }
    pool.close().await;
    let (status, again) = pull(&server, &anna, -1).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(&again["dialogues"], &first["dialogues"]);
}

/// A push gives all its records one version: a page read in (version, id) order must come
/// straight from an index, not from sorting each push's rows (migration 0018; the sort was
/// ~25 ms of a 1,000-dialogue page). SQLite says how it reads a query.
#[tokio::test]
async fn a_page_of_a_pull_is_read_in_index_order_without_sorting() {
    if !matches!(test_backend(), Backend::Sqlite) {
        return;
    }
    let server = TestServer::new().await;
    let pool = sqlx::SqlitePool::connect(&server.url).await.unwrap();
    for query in [server::store::PULL_PAGE, server::store::TEAM_PULL_PAGE] {
        let plan: Vec<String> =
            sqlx::query(sqlx::AssertSqlSafe(format!("EXPLAIN QUERY PLAN {query}")))
                .bind("someone")
                .bind(-1)
                .bind(1001)
                .fetch_all(&pool)
                .await
                .unwrap()
                .iter()
                .map(|row| sqlx::Row::get::<String, _>(row, "detail"))
                .collect();
        let plan = plan.join("; ");
        assert!(plan.contains("USING INDEX"), "{query}: {plan}");
        assert!(!plan.contains("TEMP B-TREE"), "{query}: {plan}");
    }
    pool.close().await;
}
