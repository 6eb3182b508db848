//! The team lead's side: an administrator's account changes shown to the lead, the team list
//! in pages that logs only what it sends.

use axum::http::{header, StatusCode};
use serde_json::json;

use crate::*;

/// Item 14: account changes by an administrator are in the access log, in the team they
/// concern, and the team lead sees them; an AVG inzage is logged also when nothing is found.
#[tokio::test]
async fn an_administrators_account_changes_are_logged_and_shown_to_the_team_lead() {
    let server = TestServer::new().await;
    let admin = server.login("admin@werkzaam.test").await;
    let noord = server.team_id("Wijkteam Noord").await;
    let (status, created) = server
        .send(post_json(
            "/api/beheer/gebruikers",
            Some(&admin),
            &json!({ "display_name": "Schaduw", "email": "schaduw@noord.test", "role": "teamleider",
                     "team_id": noord, "password": "een lange zin als wachtwoord" }),
        ))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let (status, _) = server
        .send(post_json(
            &format!("/api/beheer/gebruikers/{id}/uitschakelen"),
            Some(&admin),
            &json!({}),
        ))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let admin_id = server.user_id("admin@werkzaam.test").await;
    let events = server.db.access_events(&noord, 50).await.unwrap();
    assert!(events.iter().any(|e| e.action == "aanmaken"
        && e.what == "account teamleider"
        && e.record_id.as_deref() == Some(id.as_str())
        && e.user_id == admin_id
        && e.role == "beheerder"));
    assert!(events.iter().any(|e| e.what == "account uitgeschakeld"));
    // The lead sees it; a worker and another team's lead do not.
    let lead = server.login("lead@noord.test").await;
    let (status, list) = server.send(get("/api/team/accounts", Some(&lead))).await;
    assert_eq!(status, StatusCode::OK);
    let sentences: Vec<String> =
        serde_json::from_value::<Vec<werkzaam_protocol::admin::AccountChange>>(list)
            .unwrap()
            .iter()
            .map(app::review::logic::account_change_sentence)
            .collect();
    assert!(
        sentences.contains(&"admin maakte een account voor Schaduw (teamleider)".to_owned()),
        "{sentences:?}"
    );
    assert!(
        sentences.contains(&"admin zette het account van Schaduw uit".to_owned()),
        "{sentences:?}"
    );
    let anna = server.login("anna@noord.test").await;
    assert_eq!(
        server.send(get("/api/team/accounts", Some(&anna))).await.0,
        StatusCode::FORBIDDEN
    );
    let zuid = server.login("lead@zuid.test").await;
    let (_, list) = server.send(get("/api/team/accounts", Some(&zuid))).await;
    assert_eq!(list, json!([]));
    // An administrator (client-content route), a locked phone (the cookie without its key) and
    // an outsider get nothing; every answer is no-store; a flood changes nothing.
    let (status, _) = server.send(get("/api/team/accounts", Some(&admin))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    for creds in [Some(cookie_only(&lead)), None] {
        let (status, headers, body) = server
            .send_raw(get("/api/team/accounts", creds.as_deref()))
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        assert!(!String::from_utf8_lossy(&body).contains("Schaduw"));
    }
    let (_, headers, _) = server
        .send_raw(get("/api/team/accounts", Some(&lead)))
        .await;
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    let before = server.db.dump().await.unwrap();
    for i in 0..200 {
        let cookie = format!("__Host-werkzaam_sessie={i:064x}; {TEST_KEY_COOKIE}={i:064x}");
        let (status, _) = server.send(get("/api/team/accounts", Some(&cookie))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        server.db.dump().await.unwrap(),
        before,
        "a flood stores nothing"
    );
    // An AVG inzage that finds nothing is logged with its reference.
    let (status, _) = server
        .send(get(
            &format!("/api/beheer/avg/inzage?team={noord}&code=WT-NIETS&kenmerk=AVG-7"),
            Some(&admin),
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let events = server.db.access_events(&noord, 50).await.unwrap();
    assert!(events.iter().any(|e| e.what == "inzage"
        && e.client_code.as_deref() == Some("WT-NIETS")
        && e.on_behalf_of.as_deref() == Some("cliënt, verzoek AVG-7")));
}

/// The team lead's list comes in pages of 100 (alerts over all); only what a page sends is in
/// the access log; a bad page number is a readable 400.
#[tokio::test]
async fn the_team_leads_list_comes_in_pages_and_logs_only_what_it_sends() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    for batch in 0..3u64 {
        let count = if batch == 2 { 30 } else { 100 };
        let (status, body) = server
            .push(
                &anna,
                &push_body("anna-phone", 1 + batch * 100, count, "rust"),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let lead = server.login("lead@noord.test").await;
    let (status, first) = server.send(get("/api/team/dialogen", Some(&lead))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first["dialogues"].as_array().unwrap().len(), 100);
    assert_eq!(
        (first["total"].clone(), first["more"].clone()),
        (json!(230), json!(true))
    );
    let noord = server.team_id("Wijkteam Noord").await;
    let logged = server.db.access_events(&noord, 1000).await.unwrap();
    assert_eq!(logged.iter().filter(|e| e.what == "overzicht").count(), 100);
    let (_, last) = server
        .send(get("/api/team/dialogen?pagina=2", Some(&lead)))
        .await;
    assert_eq!(last["dialogues"].as_array().unwrap().len(), 30);
    assert_eq!(last["more"], json!(false));
    let (_, beyond) = server
        .send(get("/api/team/dialogen?pagina=9", Some(&lead)))
        .await;
    assert_eq!(beyond["dialogues"], json!([]));
    let mut ids: Vec<String> = Vec::new();
    for page in 0..3 {
        let (_, p) = server
            .send(get(
                &format!("/api/team/dialogen?pagina={page}"),
                Some(&lead),
            ))
            .await;
        ids.extend(
            p["dialogues"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["dialogue"]["id"].as_str().unwrap().to_owned()),
        );
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 230, "every dialogue on exactly one page");
    for bad in ["-1", "een", "99999999999"] {
        let (status, body) = server
            .send(get(
                &format!("/api/team/dialogen?pagina={bad}"),
                Some(&lead),
            ))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(
            body["message"].as_str().unwrap().contains("pagina"),
            "{body}"
        );
    }
}
