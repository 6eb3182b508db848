//! Dialoogrondes (issue 19): a team lead starts one, members see it and how far the team is —
//! counted for the team, a member's own count only when she shows it — and no one outside the
//! team sees anything of it. Tried as a colleague, another team, an administrator, without a
//! session and as an outsider flooding it.

use axum::http::StatusCode;
use serde_json::{json, Value};
use werkzaam_domain::team::{Round, RoundProgress};

use crate::*;

async fn rounds_pulled(server: &TestServer, cookie: &str) -> Vec<Round> {
    serde_json::from_value(team_pull(server, cookie).await["rounds"].clone()).unwrap()
}

/// A round of Noord in December 2026 with the lead, Anna and Bram taking part.
async fn december(server: &TestServer) -> Round {
    let mut people = Vec::new();
    for email in ["lead@noord.test", "anna@noord.test", "bram@noord.test"] {
        people.push(server.user_id(email).await);
    }
    let mut r = Round::new(
        "ronde-dec".into(),
        "2026-12-01",
        "2026-12-31",
        &people,
        1_764_547_200_000,
    );
    r.title = "Ronde december".into();
    r
}

async fn start_round(server: &TestServer, lead: &str) -> Round {
    let r = december(server).await;
    let (status, body) = push_ops(
        server,
        lead,
        "lead-phone",
        1,
        vec![json!({ "upsert_round": { "round": r } })],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    rounds_pulled(server, lead).await.remove(0)
}

/// A dialogue of `cookie`'s user held on `day`; shared with the team or not, deleted or not.
async fn dialogue(
    server: &TestServer,
    cookie: &str,
    client: &str,
    id: u64,
    day: &str,
    shared: bool,
    deleted: bool,
) {
    let consent = if shared {
        json!({ "decision": "yes", "recorded_on": day, "answers": true })
    } else {
        json!({ "decision": "no", "recorded_on": day })
    };
    let (status, body) = push_ops(
        server,
        cookie,
        client,
        id,
        vec![json!({ "upsert_dialogue": { "dialogue": {
            "id": format!("{client}-{id}"),
            "client_code": format!("C-{id}"),
            "held_on": day,
            "client": { "good": { "keywords": ["luisteren"] } },
            "consent": consent,
            "deleted": deleted,
            "updated_at_ms": 1_764_600_000_000_i64
        } } })],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn progress(server: &TestServer, cookie: &str, id: &str) -> (StatusCode, Value) {
    server
        .send(get(
            &format!("/api/team/rondes/{id}/voortgang"),
            Some(cookie),
        ))
        .await
}

#[tokio::test]
async fn a_round_the_lead_starts_reaches_the_team_and_no_other_team() {
    let server = TestServer::new().await;
    let lead = server.login("lead@noord.test").await;
    let stored = start_round(&server, &lead).await;
    assert_eq!(stored.title, "Ronde december");
    assert!(stored.version > 0);
    let anna = server.login("anna@noord.test").await;
    assert_eq!(rounds_pulled(&server, &anna).await[0].id, "ronde-dec");
    let sem = server.login("sem@zuid.test").await;
    assert!(rounds_pulled(&server, &sem).await.is_empty());
    let lead_zuid = server.login("lead@zuid.test").await;
    assert!(rounds_pulled(&server, &lead_zuid).await.is_empty());
}

#[tokio::test]
async fn a_worker_cannot_start_or_change_a_round_and_nothing_is_stored() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let r = december(&server).await;
    let (status, body) = push_ops(
        &server,
        &anna,
        "anna-phone",
        1,
        vec![json!({ "upsert_round": { "round": r } })],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("teamleider"),
        "{body}"
    );
    assert!(rounds_pulled(&server, &anna).await.is_empty());

    let lead = server.login("lead@noord.test").await;
    let stored = start_round(&server, &lead).await;
    let mut changed = stored.clone();
    changed.conclusions.learned = "Anna schrijft de conclusie".into();
    let (status, body) = push_ops(
        &server,
        &anna,
        "anna-phone",
        1,
        vec![json!({ "upsert_round": { "round": changed } })],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(
        rounds_pulled(&server, &anna).await[0].conclusions.learned,
        ""
    );
}

/// The lead changes a round (a longer period, fewer people) and takes it away; a member can do
/// neither, and what she tried changes nothing. A round taken away has no progress any more.
#[tokio::test]
async fn the_lead_changes_or_takes_away_a_round_and_a_member_cannot() {
    let server = TestServer::new().await;
    let lead = server.login("lead@noord.test").await;
    let stored = start_round(&server, &lead).await;
    let anna = server.login("anna@noord.test").await;
    let bram_id = server.user_id("bram@noord.test").await;

    let mut longer = stored.clone();
    longer.ends_on = "2027-01-15".into();
    longer.participants.retain(|u| *u != bram_id);
    let (status, body) = push_ops(
        &server,
        &lead,
        "lead-phone",
        2,
        vec![json!({ "upsert_round": { "round": longer } })],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let seen = rounds_pulled(&server, &anna).await.remove(0);
    assert_eq!(seen.ends_on, "2027-01-15");
    assert!(!seen.participants.contains(&bram_id));

    let mut gone = seen.clone();
    gone.deleted = true;
    let (status, body) = push_ops(
        &server,
        &anna,
        "anna-phone",
        1,
        vec![json!({ "upsert_round": { "round": gone.clone() } })],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(!rounds_pulled(&server, &lead).await[0].deleted);
    assert_eq!(
        progress(&server, &anna, "ronde-dec").await.0,
        StatusCode::OK
    );

    let (status, body) = push_ops(
        &server,
        &lead,
        "lead-phone",
        3,
        vec![json!({ "upsert_round": { "round": gone } })],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(rounds_pulled(&server, &anna).await[0].deleted);
    let (status, body) = progress(&server, &anna, "ronde-dec").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
}

#[tokio::test]
async fn a_member_shows_her_own_count_but_never_a_colleagues() {
    let server = TestServer::new().await;
    let lead = server.login("lead@noord.test").await;
    let stored = start_round(&server, &lead).await;
    let anna_id = server.user_id("anna@noord.test").await;
    let bram_id = server.user_id("bram@noord.test").await;
    let anna = server.login("anna@noord.test").await;

    let mut bram_too = stored.clone();
    bram_too.shown = vec![bram_id.clone()];
    let (status, body) = push_ops(
        &server,
        &anna,
        "anna-phone",
        1,
        vec![json!({ "upsert_round": { "round": bram_too } })],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");

    let mut mine = stored.clone();
    mine.shown = vec![anna_id.clone()];
    let (status, body) = push_ops(
        &server,
        &anna,
        "anna-phone",
        1,
        vec![json!({ "upsert_round": { "round": mine } })],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(rounds_pulled(&server, &lead).await[0].shown, vec![anna_id]);
}

#[tokio::test]
async fn progress_counts_for_the_team_and_names_only_who_shows_it() {
    let server = TestServer::new().await;
    let lead = server.login("lead@noord.test").await;
    start_round(&server, &lead).await;
    let anna = server.login("anna@noord.test").await;
    let bram = server.login("bram@noord.test").await;
    dialogue(&server, &anna, "anna-phone", 1, "2026-12-03", true, false).await;
    dialogue(&server, &anna, "anna-phone", 2, "2026-12-10", false, false).await;
    // Before the round, deleted, or of another team: not counted.
    dialogue(&server, &anna, "anna-phone", 3, "2026-11-30", true, false).await;
    dialogue(&server, &bram, "bram-phone", 1, "2026-12-04", true, true).await;
    let sem = server.login("sem@zuid.test").await;
    dialogue(&server, &sem, "sem-phone", 1, "2026-12-05", true, false).await;

    let (status, body) = progress(&server, &bram, "ronde-dec").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let p: RoundProgress = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(
        (p.held, p.shared, p.with_dialogue, p.participants),
        (2, 1, 1, 3)
    );
    assert!(p.shown.is_empty(), "nobody chose to show a count: {body}");
    assert!(
        !body.to_string().contains("anna"),
        "no names unless shown: {body}"
    );

    // Anna shows hers; now her name and count are there, Bram's still are not.
    let mut r = rounds_pulled(&server, &anna).await.remove(0);
    r.shown = vec![server.user_id("anna@noord.test").await];
    let (status, _) = push_ops(
        &server,
        &anna,
        "anna-phone",
        4,
        vec![json!({ "upsert_round": { "round": r } })],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, body) = progress(&server, &lead, "ronde-dec").await;
    let p: RoundProgress = serde_json::from_value(body).unwrap();
    assert_eq!(p.shown, vec![("anna".to_owned(), 2)]);
}

#[tokio::test]
async fn progress_is_refused_outside_the_team() {
    let server = TestServer::new().await;
    let lead = server.login("lead@noord.test").await;
    start_round(&server, &lead).await;
    for email in ["sem@zuid.test", "lead@zuid.test"] {
        let cookie = server.login(email).await;
        let (status, body) = progress(&server, &cookie, "ronde-dec").await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{email}: {body}");
    }
    let admin = server.login("admin@werkzaam.test").await;
    let (status, _) = progress(&server, &admin, "ronde-dec").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = progress(&server, &cookie_only(&lead), "ronde-dec").await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a session without the device's key"
    );
    let (status, _) = server
        .send(get("/api/team/rondes/ronde-dec/voortgang", None))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // An unknown round, or an id that is no id: a readable 404, no 500.
    for id in ["bestaat-niet", "%27%3B--", &"x".repeat(300)] {
        let (status, body) = progress(&server, &lead, id).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{id}: {body}");
        assert!(body["message"].as_str().is_some(), "{body}");
    }
}

/// A NUL byte in an API address (PostgreSQL refuses one in a text value) is a readable 400 on
/// every route that takes a value from the address — never a 500 — and changes nothing.
#[tokio::test]
async fn a_nul_byte_in_any_api_address_is_a_readable_400() {
    let server = TestServer::new().await;
    let lead = server.login("lead@noord.test").await;
    let admin = server.login("admin@werkzaam.test").await;
    let requests = [
        get("/api/team/rondes/%00/voortgang", Some(&lead)),
        get("/api/team/dialogen/a%00b", Some(&lead)),
        get("/api/team/clienten/K%00/trend.svg", Some(&lead)),
        get("/api/team/leren?sinds=2026%00", Some(&lead)),
        axum::http::Request::delete("/api/sessies/%00")
            .header(axum::http::header::COOKIE, lead.as_str())
            .body(axum::body::Body::empty())
            .unwrap(),
        post_json(
            "/api/beheer/gebruikers/%00/uitschakelen",
            Some(&admin),
            &json!({}),
        ),
    ];
    for request in requests {
        let uri = request.uri().to_string();
        let (status, body) = server.send(request).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert!(
            body["message"].as_str().unwrap().contains("nul-byte"),
            "{uri}: {body}"
        );
    }
}

#[tokio::test]
async fn an_outsider_flooding_progress_gets_401_and_the_team_still_gets_answers() {
    let server = TestServer::new().await;
    let lead = server.login("lead@noord.test").await;
    start_round(&server, &lead).await;
    for _ in 0..200 {
        let (status, _) = server
            .send(get(
                "/api/team/rondes/ronde-dec/voortgang",
                Some("werkzaam_sessie=nep"),
            ))
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, _) = progress(&server, &lead, "ronde-dec").await;
    assert_eq!(status, StatusCode::OK);
}

/// A colleague an administrator switched off is still named (on what she wrote) but marked, so
/// no round or interview invites her.
#[tokio::test]
async fn a_switched_off_colleague_is_marked_in_the_team_list() {
    let server = TestServer::new().await;
    let bram_id = server.user_id("bram@noord.test").await;
    server.db.disable_user(&bram_id).await.unwrap();
    let anna = server.login("anna@noord.test").await;
    let (status, members) = server.send(get("/api/team/leden", Some(&anna))).await;
    assert_eq!(status, StatusCode::OK, "{members}");
    let members: Vec<werkzaam_protocol::team::TeamMember> =
        serde_json::from_value(members).unwrap();
    let bram = members.iter().find(|m| m.user_id == bram_id).unwrap();
    assert!(bram.disabled);
    assert!(members
        .iter()
        .filter(|m| m.user_id != bram_id)
        .all(|m| !m.disabled));
}
