//! Asking a colleague and leerpunten (issue 19, items 3 and 4) on the server: the team sees
//! them, no other team does; answers and helpful marks are each one's own; an anonymous leerpunt
//! reaches colleagues — and the team lead — without its writer. Tried as a colleague, another
//! team, the team lead, an administrator and without a session.

use axum::http::StatusCode;
use serde_json::{json, Value};
use werkzaam_domain::team::{Advice, Lesson, Reply};

use crate::*;

/// Pushes one operation as mutation `id` of device `client`.
async fn push_one(
    server: &TestServer,
    cookie: &str,
    client: &str,
    id: u64,
    op: Value,
) -> (StatusCode, Value) {
    push_ops(server, cookie, client, id, vec![op]).await
}

async fn ask(server: &TestServer, anna: &str) -> Advice {
    let advice = Advice {
        id: "vraag-1".into(),
        author_id: server.user_id("anna@noord.test").await,
        text: "Een cliënt doet de deur niet open. Hoe zou jij dat aanpakken?".into(),
        created_at_ms: 1_764_600_000_000,
        ..Advice::default()
    };
    let (status, body) = push_one(
        server,
        anna,
        "anna-phone",
        1,
        json!({ "upsert_advice": { "advice": advice } }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    advice
}

#[tokio::test]
async fn a_question_and_its_answer_reach_the_team_and_no_other_team() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    ask(&server, &anna).await;
    let bram = server.login("bram@noord.test").await;
    let reply = Reply {
        id: "antwoord-1".into(),
        advice_id: "vraag-1".into(),
        author_id: server.user_id("bram@noord.test").await,
        text: "Ik zou een kaartje achterlaten.".into(),
        ..Reply::default()
    };
    let (status, body) = push_one(
        &server,
        &bram,
        "bram-phone",
        1,
        json!({ "upsert_reply": { "reply": reply } }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for email in ["anna@noord.test", "lead@noord.test"] {
        let page = team_pull(&server, &server.login(email).await).await;
        assert_eq!(page["advice"][0]["id"], "vraag-1", "{email}");
        assert_eq!(
            page["replies"][0]["text"], "Ik zou een kaartje achterlaten.",
            "{email}"
        );
    }
    for email in ["sem@zuid.test", "lead@zuid.test"] {
        let page = team_pull(&server, &server.login(email).await).await;
        assert_eq!(page["advice"], json!([]), "{email}");
        assert_eq!(page["replies"], json!([]), "{email}");
    }
    let admin = server.login("admin@werkzaam.test").await;
    let (status, _) = server
        .send(post_json(
            "/api/sync/team",
            Some(&admin),
            &json!({ "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION, "cursor": -1 }),
        ))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = server
        .send(post_json(
            "/api/sync/team",
            None,
            &json!({ "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION, "cursor": -1 }),
        ))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn only_the_asker_marks_an_answer_as_helpful_and_no_one_asks_in_her_name() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let bram = server.login("bram@noord.test").await;
    let lead = server.login("lead@noord.test").await;
    // Bram asking in Anna's name: refused, nothing stored.
    let mut forged = Advice {
        id: "vraag-2".into(),
        author_id: server.user_id("anna@noord.test").await,
        text: "Namens Anna".into(),
        ..Advice::default()
    };
    let (status, body) = push_one(
        &server,
        &bram,
        "bram-phone",
        1,
        json!({ "upsert_advice": { "advice": forged } }),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(team_pull(&server, &anna).await["advice"], json!([]));

    let mut stored: Advice = serde_json::from_value({
        ask(&server, &anna).await;
        team_pull(&server, &anna).await["advice"][0].clone()
    })
    .unwrap();
    stored.helpful = vec!["antwoord-1".into()];
    for (cookie, client) in [(&bram, "bram-phone"), (&lead, "lead-phone")] {
        let (status, body) = push_one(
            &server,
            cookie,
            client,
            1,
            json!({ "upsert_advice": { "advice": stored } }),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{client}: {body}");
    }
    let (status, body) = push_one(
        &server,
        &anna,
        "anna-phone",
        2,
        json!({ "upsert_advice": { "advice": stored } }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        team_pull(&server, &bram).await["advice"][0]["helpful"],
        json!(["antwoord-1"])
    );
    // An empty question is a readable 4xx and changes nothing.
    forged.author_id = server.user_id("bram@noord.test").await;
    forged.text = " ".into();
    let (status, body) = push_one(
        &server,
        &bram,
        "bram-phone",
        1,
        json!({ "upsert_advice": { "advice": forged } }),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("Schrijf je vraag"),
        "{body}"
    );
}

#[tokio::test]
async fn an_anonymous_leerpunt_reaches_colleagues_and_the_lead_without_its_writer() {
    let server = TestServer::new().await;
    let bram = server.login("bram@noord.test").await;
    let bram_id = server.user_id("bram@noord.test").await;
    let lesson = Lesson {
        id: "leerpunt-1".into(),
        author_id: bram_id.clone(),
        what_happened: "Ik gaf te snel een oplossing.".into(),
        learned: "Eerst vragen wat de cliënt zelf wil.".into(),
        anonymous: true,
        created_at_ms: 1_764_600_000_000,
        ..Lesson::default()
    };
    let (status, body) = push_one(
        &server,
        &bram,
        "bram-phone",
        1,
        json!({ "upsert_lesson": { "lesson": lesson } }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let anna = server.login("anna@noord.test").await;
    let lead = server.login("lead@noord.test").await;
    for cookie in [&anna, &lead] {
        let page = team_pull(&server, cookie).await;
        assert_eq!(
            page["lessons"][0]["learned"],
            "Eerst vragen wat de cliënt zelf wil."
        );
        assert_eq!(page["lessons"][0]["author_id"], "");
        assert!(
            !page.to_string().contains(&bram_id),
            "the writer's id nowhere: {page}"
        );
    }
    assert_eq!(
        team_pull(&server, &bram).await["lessons"][0]["author_id"],
        json!(bram_id),
        "her own"
    );
    let sem = server.login("sem@zuid.test").await;
    assert_eq!(team_pull(&server, &sem).await["lessons"], json!([]));

    // Anna cannot change it; the lead may take it away (from her copy without a writer), and
    // the writer stays Bram's.
    let mut copy: Lesson =
        serde_json::from_value(team_pull(&server, &anna).await["lessons"][0].clone()).unwrap();
    copy.learned = "Anna's woorden".into();
    let (status, _) = push_one(
        &server,
        &anna,
        "anna-phone",
        1,
        json!({ "upsert_lesson": { "lesson": copy } }),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let mut leads: Lesson =
        serde_json::from_value(team_pull(&server, &lead).await["lessons"][0].clone()).unwrap();
    leads.deleted = true;
    let (status, body) = push_one(
        &server,
        &lead,
        "lead-phone",
        1,
        json!({ "upsert_lesson": { "lesson": leads } }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let own: Lesson =
        serde_json::from_value(team_pull(&server, &bram).await["lessons"][0].clone()).unwrap();
    assert!(own.deleted);
    assert_eq!(own.author_id, bram_id);
    assert_eq!(own.learned, "Eerst vragen wat de cliënt zelf wil.");
}
