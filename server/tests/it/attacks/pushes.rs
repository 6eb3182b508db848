//! Pushes: team records written only in one's own name (item 5), a malformed push refused
//! before it waits for the write lock.

use axum::http::StatusCode;
use serde_json::json;

use crate::*;

async fn push_op(
    server: &TestServer,
    cookie: &str,
    client: &str,
    id: u64,
    op: serde_json::Value,
) -> (StatusCode, serde_json::Value) {
    server
        .push(
            cookie,
            &json!({ "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION, "client_id": client,
                     "mutations": [{ "id": id, "operation": op }] }),
        )
        .await
}

/// Item 5: authorship cannot be forged — not a compliment, a dream statement or a story in a
/// colleague's or the lead's name, and nobody rewrites a compliment someone else wrote.
#[tokio::test]
async fn compliments_dreams_and_stories_are_written_only_in_ones_own_name() {
    use werkzaam_domain::team::{Compliment, Dream, Story};
    let server = TestServer::new().await;
    let anna_id = server.user_id("anna@noord.test").await;
    let bram_id = server.user_id("bram@noord.test").await;
    let lead_id = server.user_id("lead@noord.test").await;
    let anna = server.login("anna@noord.test").await;
    let bram = server.login("bram@noord.test").await;
    let lead = server.login("lead@noord.test").await;

    // A story in two colleagues' names, pushed by Bram, who is neither: refused.
    let forged = Story {
        id: "s-vals".into(),
        storyteller_id: anna_id.clone(),
        interviewer_id: lead_id.clone(),
        held_on: "2026-11-20".into(),
        title: "Niet van Bram".into(),
        ..Story::default()
    };
    let (status, body) = push_op(
        &server,
        &bram,
        "bram-1",
        1,
        json!({ "upsert_story": { "story": forged } }),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["mutation_id"], 1);
    assert!(
        body["message"].as_str().unwrap().contains("namens jezelf"),
        "{body}"
    );
    let (_, page) = server
        .send(post_json(
            "/api/sync/team",
            Some(&anna),
            &json!({ "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION, "cursor": -1 }),
        ))
        .await;
    assert_eq!(page["stories"], json!([]), "nothing stored");
    let noord = server.team_id("Wijkteam Noord").await;
    let log = server.db.access_events(&noord, 10).await.unwrap();
    assert!(
        log.iter()
            .any(|e| e.action == "geweigerd" && e.record_id.as_deref() == Some("s-vals")),
        "the refusal is logged: {log:?}"
    );

    // Bram interviews Anna: fine. Anna compliments in her own name: fine.
    let mut story = Story {
        id: "s-1".into(),
        storyteller_id: anna_id.clone(),
        interviewer_id: bram_id.clone(),
        held_on: "2026-11-20".into(),
        title: "Samen de brief geschreven".into(),
        ..Story::default()
    };
    let (status, body) = push_op(
        &server,
        &bram,
        "bram-1",
        1,
        json!({ "upsert_story": { "story": story } }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    story.version = 1;
    let mut by_lead = story.clone();
    by_lead.compliments.push(Compliment {
        author_id: lead_id.clone(),
        text: "Mooi gedaan".into(),
        at_ms: 1,
    });
    let (status, body) = push_op(
        &server,
        &lead,
        "lead-1",
        1,
        json!({ "upsert_story": { "story": by_lead } }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Anna writes a compliment that says it is the lead's: refused.
    let mut forged = story.clone();
    forged.compliments.push(Compliment {
        author_id: lead_id.clone(),
        text: "Jij bent de beste".into(),
        at_ms: 2,
    });
    let (status, body) = push_op(
        &server,
        &anna,
        "anna-1",
        1,
        json!({ "upsert_story": { "story": forged } }),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    // Anna rewrites the lead's compliment: refused; takes it away: refused.
    let mut rewritten = by_lead.clone();
    rewritten.version = 2;
    rewritten.compliments[0].text = "Slecht gedaan".into();
    let (status, body) = push_op(
        &server,
        &anna,
        "anna-1",
        1,
        json!({ "upsert_story": { "story": rewritten } }),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let mut removed = by_lead.clone();
    removed.version = 2;
    removed.compliments.clear();
    let (status, body) = push_op(
        &server,
        &anna,
        "anna-1",
        1,
        json!({ "upsert_story": { "story": removed } }),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    // Her own compliment goes through; the lead's is still there, unchanged.
    let mut own = by_lead.clone();
    own.version = 2;
    own.compliments.push(Compliment {
        author_id: anna_id.clone(),
        text: "Dank je".into(),
        at_ms: 3,
    });
    let (status, body) = push_op(
        &server,
        &anna,
        "anna-1",
        1,
        json!({ "upsert_story": { "story": own } }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // The lead (no interviewer, no storyteller) cannot change what the story says.
    let mut retitled = own.clone();
    retitled.version = 3;
    retitled.title = "Anders verteld".into();
    let (status, body) = push_op(
        &server,
        &lead,
        "lead-1",
        2,
        json!({ "upsert_story": { "story": retitled } }),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (_, page) = server
        .send(post_json(
            "/api/sync/team",
            Some(&bram),
            &json!({ "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION, "cursor": -1 }),
        ))
        .await;
    let stored = &page["stories"][0];
    assert_eq!(stored["title"], "Samen de brief geschreven");
    let compliments = stored["compliments"].as_array().unwrap();
    assert_eq!(compliments.len(), 2, "{stored}");
    assert_eq!(compliments[0]["author_id"], json!(lead_id));
    assert_eq!(compliments[0]["text"], "Mooi gedaan");
    assert_eq!(compliments[1]["author_id"], json!(anna_id));

    // A dream statement in the lead's name, pushed by Anna: refused; in her own: fine.
    let dream = |author: &str| Dream {
        id: "droom-1".into(),
        meeting_id: "m-1".into(),
        author_id: author.to_owned(),
        text: "Elke cliënt voelt zich gehoord".into(),
        ..Dream::default()
    };
    let (status, body) = push_op(
        &server,
        &anna,
        "anna-1",
        2,
        json!({ "upsert_dream": { "dream": dream(&lead_id) } }),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body) = push_op(
        &server,
        &anna,
        "anna-1",
        2,
        json!({ "upsert_dream": { "dream": dream(&anna_id) } }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Bram may put it in a group, not change its words or take it away; the lead may take it away.
    let mut grouped = dream(&anna_id);
    grouped.version = 4;
    grouped.cluster = "Gehoord worden".into();
    let (status, body) = push_op(
        &server,
        &bram,
        "bram-1",
        2,
        json!({ "upsert_dream": { "dream": grouped.clone() } }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut reworded = grouped.clone();
    reworded.version = 5;
    reworded.text = "Iets anders".into();
    let (status, _) = push_op(
        &server,
        &bram,
        "bram-1",
        3,
        json!({ "upsert_dream": { "dream": reworded } }),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let mut gone = grouped.clone();
    gone.version = 5;
    gone.deleted = true;
    let (status, _) = push_op(
        &server,
        &bram,
        "bram-1",
        3,
        json!({ "upsert_dream": { "dream": gone.clone() } }),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = push_op(
        &server,
        &lead,
        "lead-1",
        2,
        json!({ "upsert_dream": { "dream": gone } }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// A malformed push is refused before it queues for the write lock: while another writer
/// holds the lock, the refusal still comes at once (without the check first it would wait for
/// the lock, then fail).
#[tokio::test]
async fn a_malformed_push_is_refused_without_waiting_for_the_write_lock() {
    use sqlx::Connection;
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let mut holder = sqlx::AnyConnection::connect(&server.url).await.unwrap();
    let mut tx = match server::store::Backend::of_url(&server.url) {
        server::store::Backend::Sqlite => holder.begin_with("BEGIN IMMEDIATE").await.unwrap(),
        server::store::Backend::Postgres => {
            let mut tx = holder.begin().await.unwrap();
            sqlx::query("SELECT value FROM sync_sequence WHERE id = 1 FOR UPDATE")
                .fetch_one(&mut *tx)
                .await
                .unwrap();
            tx
        }
    };
    // Mutation ids that do not follow on: the whole push is invalid.
    let mut body = push_body("anna-phone", 1, 2, "rust");
    body["mutations"][1]["id"] = json!(7);
    let answer = tokio::time::timeout(std::time::Duration::from_secs(5), server.push(&anna, &body))
        .await
        .expect("refused at once, not after the lock");
    assert!(answer.0.is_client_error(), "{answer:?}");
    sqlx::query("SELECT 1").execute(&mut *tx).await.unwrap();
    tx.rollback().await.unwrap();
}
