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
