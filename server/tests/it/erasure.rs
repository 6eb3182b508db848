//! Deletes are tombstones that reach every device; a client's erasure (AVG) removes everything
//! from the server and every device purges its copy and confirms (issue 4).

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::{json, Value};
use werkzaam_domain::dialogue::ConsentDecision;

use crate::consent::{attachment_url, photo_bytes, push_dialogue, rich_dialogue, upload_both};
use crate::*;

async fn pull(server: &TestServer, cookie: &str, client: &str) -> Value {
    let (status, page) = server
        .send(post_json(
            "/api/sync/pull",
            Some(cookie),
            &json!({ "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION, "cursor": -1, "client_id": client }),
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page
}

pub(crate) async fn erase(
    server: &TestServer,
    cookie: &str,
    code: &str,
    client: Option<&str>,
) -> (StatusCode, Value) {
    server
        .send(post_json(
            "/api/clienten/wissen",
            Some(cookie),
            &json!({ "client_code": code, "client_id": client }),
        ))
        .await
}

#[tokio::test]
async fn a_deleted_dialogue_is_a_tombstone_that_devices_get_and_the_team_never_sees() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let lead = server.login("lead@noord.test").await;
    let mut d = rich_dialogue("weg-1", ConsentDecision::Yes, true, true, true);
    push_dialogue(&server, &anna, "phone", 1, &d).await;
    let (_, team) = server.send(get("/api/team/dialogen", Some(&lead))).await;
    assert_eq!(team["dialogues"].as_array().unwrap().len(), 1);

    let page = pull(&server, &anna, "phone").await;
    d.version = page["dialogues"][0]["version"].as_u64().unwrap();
    d.deleted = true;
    push_dialogue(&server, &anna, "phone", 2, &d).await;

    let (_, team) = server.send(get("/api/team/dialogen", Some(&lead))).await;
    assert_eq!(team["dialogues"], json!([]));
    let (status, _) = server
        .send(get("/api/team/dialogen/weg-1", Some(&lead)))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Anna's other device hears of the delete.
    let tablet = pull(&server, &anna, "tablet").await;
    assert_eq!(tablet["dialogues"][0]["deleted"], true);
}

#[tokio::test]
async fn erasing_a_client_removes_everything_and_every_device_purges_and_confirms() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let mut first = rich_dialogue("wis-1", ConsentDecision::Yes, true, true, true);
    first.client_code = "C-9".into();
    let mut second = first.clone();
    second.id = "wis-2".into();
    let mut other = first.clone();
    other.id = "blijft-1".into();
    other.client_code = "C-1".into();
    other.client.good.media.clear();
    other.worker.better.media.clear();
    push_dialogue(&server, &anna, "phone", 1, &first).await;
    push_dialogue(&server, &anna, "phone", 2, &second).await;
    push_dialogue(&server, &anna, "phone", 3, &other).await;
    upload_both(&server, &anna).await;
    // The tablet has pulled them too.
    assert_eq!(
        pull(&server, &anna, "tablet").await["dialogues"]
            .as_array()
            .unwrap()
            .len(),
        3
    );

    let (status, report) = erase(&server, &anna, "C-9", Some("phone")).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["dialogues"], 2);
    assert_eq!(report["devices"], 2);
    assert_eq!(report["confirmed"], 1, "the asking phone purged at once");
    assert_eq!(server.db.count_dialogues().await.unwrap(), 1);
    let (status, _, _) = server
        .send_raw(get(&attachment_url(&photo_bytes(), "wis-1"), Some(&anna)))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The tablet hears of it at its next pull, purges and confirms.
    let page = pull(&server, &anna, "tablet").await;
    let ids: Vec<&str> = page["dialogues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["blijft-1"]);
    let erasure = &page["erased"][0];
    assert_eq!(erasure["dialogue_ids"], json!(["wis-1", "wis-2"]));
    let erasure_id = erasure["id"].as_i64().unwrap();
    let (status, _) = server
        .send(post_json(
            "/api/sync/wissen/bevestigd",
            Some(&anna),
            &json!({ "client_id": "tablet", "erasure_ids": [erasure_id] }),
        ))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(pull(&server, &anna, "tablet").await["erased"], json!([]));
    let (_, report) = server
        .send(get(&format!("/api/wissingen/{erasure_id}"), Some(&anna)))
        .await;
    assert_eq!(
        (report["devices"].clone(), report["confirmed"].clone()),
        (json!(2), json!(2))
    );

    // A device that was offline and still sends an erased dialogue is acknowledged, but it is
    // not stored again.
    let body = json!({
        "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION,
        "client_id": "laptop",
        "mutations": [{ "id": 1, "operation": { "upsert_dialogue": { "dialogue": first } } }]
    });
    let (status, answer) = server.push(&anna, &body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["last_mutation_id"], 1);
    assert_eq!(server.db.count_dialogues().await.unwrap(), 1);
    assert_eq!(
        pull(&server, &anna, "laptop").await["erased"][0]["id"],
        erasure_id
    );
}

#[tokio::test]
async fn a_worker_erases_only_her_own_dialogues_and_a_team_lead_the_teams() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let bram = server.login("bram@noord.test").await;
    let sem = server.login("sem@zuid.test").await;
    for (cookie, id) in [(&anna, "a-1"), (&bram, "b-1"), (&sem, "s-1")] {
        let mut d = rich_dialogue(id, ConsentDecision::No, false, false, false);
        d.client_code = "C-5".into();
        d.client.good.media.clear();
        d.worker.better.media.clear();
        push_dialogue(&server, cookie, &format!("device-{id}"), 1, &d).await;
    }
    let (_, report) = erase(&server, &anna, "C-5", None).await;
    assert_eq!(report["dialogues"], 1);
    assert_eq!(server.db.count_dialogues().await.unwrap(), 2);
    // Another worker cannot read Anna's erasure.
    let id = report["erasure_id"].as_i64().unwrap();
    let (status, _) = server
        .send(get(&format!("/api/wissingen/{id}"), Some(&bram)))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let lead = server.login("lead@noord.test").await;
    let (_, report) = erase(&server, &lead, "C-5", None).await;
    assert_eq!(report["dialogues"], 1, "Bram's, not Sem's of team Zuid");
    assert_eq!(server.db.count_dialogues().await.unwrap(), 1);
    assert_eq!(
        pull(&server, &bram, "device-b-1").await["erased"][0]["dialogue_ids"],
        json!(["b-1"])
    );

    // Nothing to erase, and a code that is no code.
    let (status, report) = erase(&server, &anna, "C-404", None).await;
    assert_eq!(
        (status, report["dialogues"].clone()),
        (StatusCode::OK, json!(0))
    );
    let (status, body) = erase(&server, &anna, "<script>", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
}

#[test]
fn the_retention_cutoff_is_the_same_date_so_many_years_back() {
    use server::services::retention::retention_cutoff;
    assert_eq!(
        retention_cutoff("2026-11-30", 7).as_deref(),
        Some("2019-11-30")
    );
    assert_eq!(
        retention_cutoff("2026-02-28", 1).as_deref(),
        Some("2025-02-28")
    );
    assert_eq!(retention_cutoff("gisteren", 1), None);
}

#[tokio::test]
async fn a_retention_period_erases_old_dialogues_everywhere_and_only_an_administrator_sets_it() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let sem = server.login("sem@zuid.test").await;
    let today = server::clock::today();
    let year: i64 = today[..4].parse().unwrap();
    let long_ago = format!("{}-01-15", year - 4);
    let recent = format!("{}-01-15", year - 1);
    let old = werkzaam_domain::Dialogue::new("oud-1".into(), "BT-1".into(), long_ago.clone(), 1);
    let new = werkzaam_domain::Dialogue::new("nieuw-1".into(), "BT-1".into(), recent, 1);
    let zuid_old = werkzaam_domain::Dialogue::new("oud-2".into(), "BT-2".into(), long_ago, 1);
    push_dialogue(&server, &anna, "anna-phone", 1, &old).await;
    push_dialogue(&server, &anna, "anna-phone", 2, &new).await;
    push_dialogue(&server, &sem, "sem-phone", 1, &zuid_old).await;

    // Off by default: nothing goes.
    assert_eq!(
        server::services::retention::apply_retention(&server.db)
            .await
            .unwrap(),
        0
    );
    let admin = server.login("admin@werkzaam.test").await;
    let (_, setting) = server
        .send(get("/api/beheer/bewaartermijn", Some(&admin)))
        .await;
    assert_eq!(setting, json!({ "years": null }));

    // Only an administrator sets it; a bad value changes nothing.
    let lead = server.login("lead@noord.test").await;
    let before = server.db.dump().await.unwrap();
    for (who, body, status) in [
        (&lead, json!({ "years": 3 }), StatusCode::FORBIDDEN),
        (&anna, json!({ "years": 3 }), StatusCode::FORBIDDEN),
        (&admin, json!({ "years": 0 }), StatusCode::BAD_REQUEST),
        (&admin, json!({ "years": 31 }), StatusCode::BAD_REQUEST),
        (&admin, json!({ "years": "drie" }), StatusCode::BAD_REQUEST),
    ] {
        let request = Request::builder()
            .method("PUT")
            .uri("/api/beheer/bewaartermijn")
            .header(header::COOKIE, who.as_str())
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        let (got, answer) = server.send(request).await;
        assert_eq!(got, status, "{body}: {answer}");
    }
    assert_eq!(server.db.dump().await.unwrap(), before);

    // Three years: the dialogues held four years ago go, in both teams; the recent one stays.
    let request = Request::builder()
        .method("PUT")
        .uri("/api/beheer/bewaartermijn")
        .header(header::COOKIE, admin.as_str())
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({ "years": 3 }).to_string()))
        .unwrap();
    let (status, report) = server.send(request).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report, json!({ "years": 3, "erased": 2 }));
    assert!(server.db.dialogue("oud-1").await.unwrap().is_none());
    assert!(server.db.dialogue("oud-2").await.unwrap().is_none());
    assert!(server.db.dialogue("nieuw-1").await.unwrap().is_some());
    // Each erased dialogue is in the access log, as the administrator's, on behalf of the period.
    let (_, log) = server.send(get("/api/beheer/toegang", Some(&admin))).await;
    let wiped: Vec<&Value> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "verwijderen" && e["what"] == "wissen")
        .collect();
    assert_eq!(wiped.len(), 2, "{log}");
    for e in &wiped {
        assert_eq!(e["role"], "beheerder");
        assert_eq!(e["on_behalf_of"], "bewaartermijn 3 jaar");
        assert!(
            e["client_code"] == "BT-1" || e["client_code"] == "BT-2",
            "{e}"
        );
    }
    // Anna's devices hear of it in their pull, like any erasure.
    let page = pull(&server, &anna, "anna-tablet").await;
    let erased: Vec<&str> = page["erased"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| {
            e["dialogue_ids"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i.as_str().unwrap())
        })
        .collect();
    assert_eq!(erased, vec!["oud-1"]);
    // A device still sending the old dialogue is acknowledged but not believed.
    push_dialogue(&server, &anna, "anna-phone", 3, &old).await;
    assert!(server.db.dialogue("oud-1").await.unwrap().is_none());
    // Applying again erases nothing more; switching it off keeps what is left.
    assert_eq!(
        server::services::retention::apply_retention(&server.db)
            .await
            .unwrap(),
        0
    );
    let (_, setting) = server
        .send(get("/api/beheer/bewaartermijn", Some(&admin)))
        .await;
    assert_eq!(setting, json!({ "years": 3 }));
}

#[tokio::test]
async fn an_administrator_handles_a_clients_avg_request_with_its_reference_logged() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let bram = server.login("bram@noord.test").await;
    let sem = server.login("sem@zuid.test").await;
    for (cookie, client, id) in [
        (&anna, "anna-phone", "avg-a"),
        (&bram, "bram-phone", "avg-b"),
    ] {
        let d = werkzaam_domain::Dialogue::new(id.into(), "AVG-1".into(), "2026-10-01".into(), 1);
        push_dialogue(&server, cookie, client, 1, &d).await;
    }
    // The same code in another team is another client.
    let other =
        werkzaam_domain::Dialogue::new("avg-z".into(), "AVG-1".into(), "2026-10-01".into(), 1);
    push_dialogue(&server, &sem, "sem-phone", 1, &other).await;
    let admin = server.login("admin@werkzaam.test").await;
    let noord = server.team_id("Wijkteam Noord").await;

    let before = server.db.dump().await.unwrap();
    for (query, status) in [
        (
            format!("team={noord}&code=AVG-1&kenmerk="),
            StatusCode::BAD_REQUEST,
        ),
        (
            "team=onbekend&code=AVG-1&kenmerk=K1".to_string(),
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("team={noord}&code=GEEN-1&kenmerk=K1"),
            StatusCode::NOT_FOUND,
        ),
        (format!("team={noord}&code=AVG-1"), StatusCode::BAD_REQUEST),
    ] {
        let (got, _) = server
            .send(get(
                &format!("/api/beheer/avg/inzage?{query}"),
                Some(&admin),
            ))
            .await;
        assert_eq!(got, status, "{query}");
    }
    // Nothing changed but the log of the one well-formed request that found nothing.
    let without_log = |dump: &str| -> String {
        dump.lines()
            .filter(|l| !(l.contains("inzage") && l.contains("GEEN-1")))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let after = server.db.dump().await.unwrap();
    assert_eq!(without_log(&after), without_log(&before));
    let logged = server.db.access_events(&noord, 100).await.unwrap();
    assert_eq!(
        logged
            .iter()
            .filter(|e| e.what == "inzage"
                && e.client_code.as_deref() == Some("GEEN-1")
                && e.on_behalf_of.as_deref() == Some("cliënt, verzoek K1"))
            .count(),
        1
    );

    // Inzage: both workers' dialogues of this team, nothing of Zuid; logged on the client's behalf.
    let (status, _, file) = server
        .send_raw(get(
            &format!("/api/beheer/avg/inzage?team={noord}&code=AVG-1&kenmerk=AVG-2026-17"),
            Some(&admin),
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    let file: Value = serde_json::from_slice(&file).unwrap();
    let mut ids: Vec<&str> = file["dialogues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, vec!["avg-a", "avg-b"]);
    assert_eq!(file["request"], "AVG-2026-17");
    let (_, log) = server.send(get("/api/beheer/toegang", Some(&admin))).await;
    let exported = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["what"] == "inzage" && e["on_behalf_of"] == "cliënt, verzoek AVG-2026-17")
        .count();
    assert_eq!(exported, 2);

    // Erasure: everything of AVG-1 in Noord goes, Zuid's AVG-1 stays; devices hear of it.
    let (status, report) = server
        .send(post_json(
            "/api/beheer/avg/wissen",
            Some(&admin),
            &json!({ "team": noord, "code": "AVG-1", "kenmerk": "AVG-2026-18" }),
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["dialogues"], 2);
    assert!(server.db.dialogue("avg-a").await.unwrap().is_none());
    assert!(server.db.dialogue("avg-b").await.unwrap().is_none());
    assert!(server.db.dialogue("avg-z").await.unwrap().is_some());
    let page = pull(&server, &bram, "bram-tablet").await;
    assert_eq!(page["erased"][0]["dialogue_ids"], json!(["avg-b"]));
    let (_, log) = server.send(get("/api/beheer/toegang", Some(&admin))).await;
    let wiped = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["action"] == "verwijderen"
                && e["on_behalf_of"] == "cliënt, verzoek AVG-2026-18"
                && e["role"] == "beheerder"
        })
        .count();
    assert_eq!(wiped, 2);
}

#[tokio::test]
async fn a_device_not_seen_for_ninety_days_is_reported_apart_and_counts_again_when_back() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let mut d = rich_dialogue("wis-1", ConsentDecision::No, false, false, false);
    d.client_code = "C-9".into();
    d.client.good.media.clear();
    d.worker.better.media.clear();
    push_dialogue(&server, &anna, "phone", 1, &d).await;
    for device in ["tablet", "oude-laptop"] {
        pull(&server, &anna, device).await;
    }
    // The old laptop was last seen 100 days ago.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&server.url).await.unwrap();
    sqlx::query("UPDATE sync_clients SET updated_at = $1 WHERE client_id = 'oude-laptop'")
        .bind(server::clock::now_ms() - 100 * 86_400_000)
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;

    let (status, report) = erase(&server, &anna, "C-9", Some("phone")).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(
        (&report["devices"], &report["confirmed"], &report["dormant"]),
        (&json!(3), &json!(1), &json!(1)),
        "{report}"
    );
    // The laptop comes back: it is seen again, hears of the erasure, and is waited for again.
    let page = pull(&server, &anna, "oude-laptop").await;
    assert_eq!(page["erased"][0]["dialogue_ids"], json!(["wis-1"]));
    let id = report["erasure_id"].as_i64().unwrap();
    let (_, report) = server
        .send(get(&format!("/api/wissingen/{id}"), Some(&anna)))
        .await;
    assert_eq!(report["dormant"], 0, "{report}");
}
