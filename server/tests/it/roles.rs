//! Issue 7: roles that hold on every endpoint — a suite that tries. Every protected route is
//! called as nobody, with an ended session, as a disabled account, as a worker where a team lead
//! is needed, and across teams with forged ids; nothing answers what it should not, and nothing
//! changes.
//!
//! Over 600 lines: one walk over every protected route (`routes`) that each test here takes for
//! another kind of caller; split, every file would need the same list.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::json;

use crate::*;

/// Every protected route: method, path, JSON body (for the ones that change something).
fn routes() -> Vec<(Method, &'static str, Option<serde_json::Value>)> {
    let pv = werkzaam_protocol::sync::PROTOCOL_VERSION;
    vec![
        (Method::GET, "/api/ik", None),
        (Method::GET, "/api/sessies", None),
        (Method::GET, "/api/toegang", None),
        (Method::GET, "/api/team/leden", None),
        (Method::GET, "/api/team/dialogen", None),
        (Method::GET, "/api/team/dialogen/rol-1", None),
        (Method::GET, "/api/team/clienten/WT-ROL", None),
        (Method::GET, "/api/team/clienten/WT-ROL/trend.svg", None),
        (Method::GET, "/api/team/leren", None),
        (
            Method::GET,
            "/api/team/agenda?van=2026-01-01&tot=2026-12-31",
            None,
        ),
        (
            Method::GET,
            "/api/team/agenda.csv?van=2026-01-01&tot=2026-12-31",
            None,
        ),
        (
            Method::GET,
            "/api/team/agenda.pdf?van=2026-01-01&tot=2026-12-31",
            None,
        ),
        (Method::GET, "/api/team/instellingen", None),
        (Method::GET, "/api/clienten/WT-ROL/inzage", None),
        (Method::GET, "/api/wissingen/1", None),
        (
            Method::PUT,
            "/api/team/instellingen",
            Some(json!({ "drop": 1, "low": 9, "divergence": 1 })),
        ),
        (
            Method::POST,
            "/api/sync/push",
            Some(json!({ "protocol_version": pv, "client_id": "rol", "mutations": [] })),
        ),
        (
            Method::POST,
            "/api/sync/pull",
            Some(json!({ "protocol_version": pv, "client_id": "rol", "cursor": -1 })),
        ),
        (
            Method::POST,
            "/api/sync/team",
            Some(json!({ "protocol_version": pv, "cursor": -1 })),
        ),
        (
            Method::POST,
            "/api/clienten/wissen",
            Some(json!({ "client_code": "WT-ROL" })),
        ),
        (
            Method::POST,
            "/api/wachtwoord",
            Some(json!({ "current": PASSWORD, "new": "een heel nieuw wachtwoord" })),
        ),
        (Method::GET, "/api/beheer/gebruikers", None),
        (Method::GET, "/api/beheer/teams", None),
        (Method::GET, "/api/beheer/toegang", None),
        (Method::GET, "/api/beheer/toegang.csv", None),
        (
            Method::POST,
            "/api/beheer/teams",
            Some(json!({ "name": "Wijkteam Oost" })),
        ),
        (
            Method::PUT,
            "/api/beheer/teams/onbekend",
            Some(json!({ "variant": "nl-BE" })),
        ),
        (
            Method::POST,
            "/api/beheer/gebruikers/onbekend/uitschakelen",
            Some(json!({})),
        ),
        (Method::GET, "/api/beheer/bewaartermijn", None),
        (
            Method::GET,
            "/api/beheer/avg/inzage?team=t&code=WT-ROL&kenmerk=k",
            None,
        ),
        (
            Method::POST,
            "/api/beheer/avg/wissen",
            Some(json!({ "team": "t", "code": "WT-ROL", "kenmerk": "k" })),
        ),
        (
            Method::PUT,
            "/api/beheer/bewaartermijn",
            Some(json!({ "years": 1 })),
        ),
    ]
}

/// The routes of the account itself, open to every role.
fn own_account(uri: &str) -> bool {
    ["/api/ik", "/api/sessies", "/api/wachtwoord"].contains(&uri)
}

fn request(
    method: &Method,
    uri: &str,
    body: &Option<serde_json::Value>,
    cookie: Option<&str>,
) -> Request<Body> {
    let mut b = Request::builder().method(method.clone()).uri(uri);
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    match body {
        Some(v) => b
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(v.to_string()))
            .unwrap(),
        None => b.body(Body::empty()).unwrap(),
    }
}

/// Anna's shared dialogue about WT-ROL, and an erasure of Bram's.
async fn seed(server: &TestServer) -> String {
    use werkzaam_domain::dialogue::ConsentDecision;
    let anna = server.login("anna@noord.test").await;
    let mut d =
        werkzaam_domain::Dialogue::new("rol-1".into(), "WT-ROL".into(), "2026-11-01".into(), 1);
    d.scales
        .client
        .set(werkzaam_domain::dialogue::Scale::Overall, Some(7));
    d.consent.decision = ConsentDecision::Yes;
    d.consent.recorded_on = "2026-11-01".into();
    d.consent.answers = true;
    crate::consent::push_dialogue(server, &anna, "anna-phone", 1, &d).await;
    anna
}

#[tokio::test]
async fn nobody_an_ended_session_and_a_disabled_account_get_401_everywhere_and_change_nothing() {
    let server = TestServer::new().await;
    let anna = seed(&server).await;
    let ended = server.login("bram@noord.test").await;
    let logout = post_json("/api/uitloggen", Some(&ended), &json!({}));
    assert_eq!(server.send(logout).await.0, StatusCode::NO_CONTENT);
    let disabled = server.login("lead@zuid.test").await;
    let zuid_lead = server.user_id("lead@zuid.test").await;
    server.db.disable_user(&zuid_lead).await.unwrap();
    let forged =
        "__Host-werkzaam_sessie=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    let before = server.db.dump().await.unwrap();
    for who in [
        None,
        Some(ended.as_str()),
        Some(disabled.as_str()),
        Some(forged),
    ] {
        for (method, uri, body) in routes() {
            let (status, answer) = server.send(request(&method, uri, &body, who)).await;
            assert_eq!(
                status,
                StatusCode::UNAUTHORIZED,
                "{method} {uri} as {who:?}: {answer}"
            );
            assert!(answer["message"].is_string());
        }
    }
    assert_eq!(server.db.dump().await.unwrap(), before);
    let (status, _) = server.send(get("/api/ik", Some(&anna))).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_worker_gets_none_of_the_team_leads_pages() {
    let server = TestServer::new().await;
    seed(&server).await;
    let bram = server.login("bram@noord.test").await;
    let before = server.db.dump().await.unwrap();
    for (method, uri, body) in routes() {
        if !uri.starts_with("/api/team/") || uri == "/api/team/leden" {
            continue;
        }
        let (status, answer) = server.send(request(&method, uri, &body, Some(&bram))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method} {uri}: {answer}");
    }
    assert_eq!(
        server.db.dump().await.unwrap(),
        before,
        "settings unchanged"
    );
}

#[tokio::test]
async fn another_teams_lead_and_worker_learn_nothing_through_forged_ids() {
    let server = TestServer::new().await;
    seed(&server).await;
    let zuid_lead = server.login("lead@zuid.test").await;
    let sem = server.login("sem@zuid.test").await;
    let before = server.db.dump().await.unwrap();
    for (uri, who) in [
        ("/api/team/dialogen/rol-1", &zuid_lead),
        ("/api/team/clienten/WT-ROL", &zuid_lead),
        ("/api/team/clienten/WT-ROL/trend.svg", &zuid_lead),
        ("/api/clienten/WT-ROL/inzage", &sem),
        ("/api/clienten/WT-ROL/inzage", &zuid_lead),
        ("/api/wissingen/1", &sem),
    ] {
        let (status, _, body) = server.send_raw(get(uri, Some(who))).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        let text = String::from_utf8_lossy(&body);
        assert!(
            !text.contains("rol-1") || uri.ends_with("rol-1") && !text.contains("WT-ROL"),
            "{uri}: {text}"
        );
    }
    // Lists of another team are empty, never Noord's.
    let (_, overview) = server
        .send(get("/api/team/dialogen", Some(&zuid_lead)))
        .await;
    assert_eq!(overview["dialogues"], json!([]));
    let (_, members) = server.send(get("/api/team/leden", Some(&sem))).await;
    assert!(!members.to_string().contains("noord"), "{members}");
    // Erasing Noord's client from Zuid erases nothing.
    let (status, report) = server
        .send(post_json(
            "/api/clienten/wissen",
            Some(&zuid_lead),
            &json!({ "client_code": "WT-ROL" }),
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(report["dialogues"], 0);
    // Only Zuid's own sessions and access events were touched: Noord's data is as it was.
    let after = server.db.dump().await.unwrap();
    let noord_rows = |dump: &str| -> Vec<String> {
        dump.lines()
            .filter(|l| l.contains("rol-1") || l.contains("WT-ROL"))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(noord_rows(&after), noord_rows(&before));
    // A push claiming Anna's dialogue from Sem's account is refused, naming the mutation.
    let body = json!({ "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION, "client_id": "sem-phone",
        "mutations": [{ "id": 1, "operation": { "upsert_dialogue": { "dialogue":
            werkzaam_domain::Dialogue::new("rol-1".into(), "WT-ROL".into(), "2026-11-05".into(), 9) } } }] });
    let (status, answer) = server.push(&sem, &body).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
    assert_eq!(answer["mutation_id"], 1);
    // Nothing of Noord changed; the attempt itself is in the access log, as Sem's.
    let after = server.db.dump().await.unwrap();
    let (refused, rest): (Vec<String>, Vec<String>) = noord_rows(&after)
        .into_iter()
        .partition(|l| l.contains("geweigerd"));
    assert_eq!(rest, noord_rows(&before));
    let sem_id = server.user_id("sem@zuid.test").await;
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert!(
        refused[0].contains(&sem_id) && refused[0].contains("rol-1"),
        "{refused:?}"
    );
}

#[tokio::test]
async fn an_administrator_gets_no_client_content_from_any_route() {
    let server = TestServer::new().await;
    seed(&server).await;
    let admin = server.login("admin@werkzaam.test").await;
    let before = server.db.dump().await.unwrap();
    for (method, uri, body) in routes() {
        if own_account(uri) || uri.starts_with("/api/beheer/") {
            continue;
        }
        let (status, _, answer) = server
            .send_raw(request(&method, uri, &body, Some(&admin)))
            .await;
        let text = String::from_utf8_lossy(&answer);
        assert_eq!(status, StatusCode::FORBIDDEN, "{method} {uri}: {text}");
        assert!(
            !text.contains("WT-ROL") && !text.contains("rol-1"),
            "{uri}: {text}"
        );
    }
    // The shared dialogue's drawing route too.
    let (status, _) = server
        .send(get("/api/bijlagen/00?dialoog=rol-1", Some(&admin)))
        .await;
    assert!(status == StatusCode::FORBIDDEN || status == StatusCode::BAD_REQUEST);
    assert_eq!(server.db.dump().await.unwrap(), before);
    let (_, me) = server.send(get("/api/ik", Some(&admin))).await;
    assert_eq!(me["role"], "beheerder");
}

#[tokio::test]
async fn only_an_administrator_manages_accounts_and_reads_the_whole_log() {
    let server = TestServer::new().await;
    let anna = seed(&server).await;
    // A team lead's view is an access event about client WT-ROL.
    let lead = server.login("lead@noord.test").await;
    let (status, _) = server
        .send(get("/api/team/dialogen/rol-1", Some(&lead)))
        .await;
    assert_eq!(status, StatusCode::OK);
    for who in [&anna, &lead] {
        for (method, uri, body) in routes() {
            if uri.starts_with("/api/beheer/") {
                let (status, _) = server.send(request(&method, uri, &body, Some(who))).await;
                assert_eq!(status, StatusCode::FORBIDDEN, "{method} {uri}");
            }
        }
    }
    let admin = server.login("admin@werkzaam.test").await;
    let (status, users) = server
        .send(get("/api/beheer/gebruikers", Some(&admin)))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(users.as_array().unwrap().len(), 6);
    assert!(!users.to_string().contains("password"), "{users}");
    let noord = server.team_id("Wijkteam Noord").await;

    // Bad input: a clear 4xx, nothing stored.
    let before = server.db.dump().await.unwrap();
    for body in [
        json!({ "display_name": "", "email": "x@y.nl", "team_id": noord, "role": "medewerker", "password": "een goed wachtwoord" }),
        json!({ "display_name": "Noor", "email": "geen-adres", "team_id": noord, "role": "medewerker", "password": "een goed wachtwoord" }),
        json!({ "display_name": "Noor", "email": "noor@noord.test", "team_id": "bestaat-niet", "role": "medewerker", "password": "een goed wachtwoord" }),
        json!({ "display_name": "Noor", "email": "noor@noord.test", "team_id": noord, "role": "baas", "password": "een goed wachtwoord" }),
        json!({ "display_name": "Noor", "email": "noor@noord.test", "team_id": noord, "role": "medewerker", "password": "welkom" }),
        json!({ "display_name": "Anna 2", "email": "anna@noord.test", "team_id": noord, "role": "medewerker", "password": "een goed wachtwoord" }),
    ] {
        let (status, answer) = server
            .send(post_json("/api/beheer/gebruikers", Some(&admin), &body))
            .await;
        assert!(status.is_client_error(), "{body}: {status}");
        assert!(
            answer["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{answer}"
        );
    }
    let (status, _) = server
        .send(post_json(
            "/api/beheer/teams",
            Some(&admin),
            &json!({ "name": "Wijkteam Noord" }),
        ))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(server.db.dump().await.unwrap(), before);

    // A new team and a new worker in it, who can log in.
    let (status, oost) = server
        .send(post_json(
            "/api/beheer/teams",
            Some(&admin),
            &json!({ "name": "Wijkteam Oost" }),
        ))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, noor) = server
        .send(post_json(
            "/api/beheer/gebruikers",
            Some(&admin),
            &json!({ "display_name": "Noor", "email": "Noor@Oost.test", "team_id": oost["id"], "role": "medewerker", "password": PASSWORD }),
        ))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{noor}");
    let noor_session = server.login("noor@oost.test").await;
    let (_, me) = server.send(get("/api/ik", Some(&noor_session))).await;
    assert_eq!(me["team_name"], "Wijkteam Oost");

    // Disabling Anna ends her session at once and keeps her out; enabling lets her in again.
    let anna_id = server.user_id("anna@noord.test").await;
    let (status, _) = server
        .send(post_json(
            &format!("/api/beheer/gebruikers/{anna_id}/uitschakelen"),
            Some(&admin),
            &json!({}),
        ))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        server.send(get("/api/ik", Some(&anna))).await.0,
        StatusCode::UNAUTHORIZED
    );
    let login = post_json(
        "/api/inloggen",
        None,
        &json!({ "email": "anna@noord.test", "password": PASSWORD }),
    );
    assert!(server.send(login).await.0.is_client_error());
    let (_, users) = server
        .send(get("/api/beheer/gebruikers", Some(&admin)))
        .await;
    assert!(users
        .as_array()
        .unwrap()
        .iter()
        .any(|u| u["id"] == anna_id.as_str() && u["disabled"] == true));
    let admin_id = server.user_id("admin@werkzaam.test").await;
    let (status, _) = server
        .send(post_json(
            &format!("/api/beheer/gebruikers/{admin_id}/uitschakelen"),
            Some(&admin),
            &json!({}),
        ))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "not oneself");
    let (status, _) = server
        .send(post_json(
            &format!("/api/beheer/gebruikers/{anna_id}/inschakelen"),
            Some(&admin),
            &json!({}),
        ))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    server.login("anna@noord.test").await;

    // The whole log: the lead's view, with who, role, team and client code — and its export.
    let (status, log) = server
        .send(get("/api/beheer/toegang?dagen=7", Some(&admin)))
        .await;
    assert_eq!(status, StatusCode::OK);
    let view = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["record_id"] == "rol-1" && e["action"] == "bekijken")
        .expect("the lead's view is in the log");
    assert_eq!(view["client_code"], "WT-ROL");
    assert_eq!(view["role"], "teamleider");
    assert_eq!(view["user_name"], "lead");
    let (status, headers, csv) = server
        .send_raw(get("/api/beheer/toegang.csv?dagen=7", Some(&admin)))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.starts_with(
            "\u{feff}\"tijd (UTC)\";\"gebruiker\";\"naam\";\"rol\";\"team\";\"handeling\";\"wat\";\"record\";\"cliëntcode\";\"namens\"\r\n"
        ),
        "{csv}"
    );
    assert!(
        csv.contains(";\"lead\";\"teamleider\";")
            && csv.contains(";\"bekijken\";")
            && csv.contains(";\"rol-1\";\"WT-ROL\";"),
        "{csv}"
    );
    let (_, log) = server.send(get("/api/beheer/toegang", Some(&admin))).await;
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|e| e["what"] == "toegangslog"
                && e["action"] == "exporteren"
                && e["role"] == "beheerder"),
        "the export is logged"
    );
    let (status, _) = server
        .send(get("/api/beheer/toegang?dagen=0", Some(&admin)))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn an_idle_or_expired_session_gets_401_everywhere_and_changes_nothing() {
    let server = TestServer::new().await;
    seed(&server).await;
    let idle = server.login("bram@noord.test").await;
    let expired = server.login("lead@noord.test").await;
    // Age the sessions as time would: Bram's unused for 4 days (idle limit 3), the lead's past
    // its absolute end (30 days).
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&server.url).await.unwrap();
    let bram = server.user_id("bram@noord.test").await;
    let lead = server.user_id("lead@noord.test").await;
    let day = 24 * 60 * 60 * 1000_i64;
    sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - $1, created_at = created_at - $1 WHERE user_id = $2")
        .bind(4 * day)
        .bind(&bram)
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("UPDATE sessions SET expires_at = $1 WHERE user_id = $2")
        .bind(server::clock::now_ms() - 1)
        .bind(&lead)
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let before = server.db.dump().await.unwrap();
    for who in [&idle, &expired] {
        for (method, uri, body) in routes() {
            let (status, answer) = server.send(request(&method, uri, &body, Some(who))).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {uri}: {answer}");
        }
    }
    assert_eq!(server.db.dump().await.unwrap(), before);
    // A new login works again.
    let fresh = server.login("bram@noord.test").await;
    assert_eq!(
        server.send(get("/api/ik", Some(&fresh))).await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_colleague_in_the_same_team_reads_and_erases_nothing_of_a_workers_dialogues() {
    let server = TestServer::new().await;
    seed(&server).await;
    let bram = server.login("bram@noord.test").await;
    // Her pull brings only her own dialogues.
    let (status, page) = server
        .send(post_json(
            "/api/sync/pull",
            Some(&bram),
            &json!({ "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION, "cursor": -1, "client_id": "bram-phone" }),
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["dialogues"], json!([]), "{page}");
    let before = server.db.dump().await.unwrap();
    // Anna's dialogue by id, her client's inzage, an attachment route: nothing.
    for (uri, want) in [
        ("/api/team/dialogen/rol-1", StatusCode::FORBIDDEN),
        ("/api/clienten/WT-ROL/inzage", StatusCode::NOT_FOUND),
        ("/api/team/clienten/WT-ROL", StatusCode::FORBIDDEN),
    ] {
        let (status, _, body) = server.send_raw(get(uri, Some(&bram))).await;
        assert_eq!(status, want, "{uri}");
        assert!(
            !String::from_utf8_lossy(&body).contains("\"client_code\":\"WT-ROL\""),
            "{uri}"
        );
    }
    // Erasing "her" client from Bram's account erases nothing of Anna's.
    let (status, report) = server
        .send(post_json(
            "/api/clienten/wissen",
            Some(&bram),
            &json!({ "client_code": "WT-ROL" }),
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(report["dialogues"], 0);
    assert_eq!(server.db.dump().await.unwrap(), before);
}

#[tokio::test]
async fn an_administrator_sets_a_teams_dutch_and_its_workers_read_it() {
    let server = TestServer::new().await;
    let anna = seed(&server).await;
    let admin = server.login("admin@werkzaam.test").await;
    // `PUT /api/beheer/teams/{team}` with `body`, as `who`.
    let change = |team: &str, body: serde_json::Value, who: &str| {
        request(
            &Method::PUT,
            &format!("/api/beheer/teams/{team}"),
            &Some(body),
            Some(who),
        )
    };
    let (_, me) = server.send(get("/api/ik", Some(&anna))).await;
    assert_eq!(me["variant"], "nl-NL", "teams from before speak nl-NL");

    // A Flemish team from the start, and a worker in it.
    let (status, gent) = server
        .send(post_json(
            "/api/beheer/teams",
            Some(&admin),
            &json!({ "name": "Wijkteam Gent", "variant": "nl-BE" }),
        ))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{gent}");
    assert_eq!(gent["variant"], "nl-BE");
    let (status, _) = server
        .send(post_json(
            "/api/beheer/gebruikers",
            Some(&admin),
            &json!({ "display_name": "Lien", "email": "lien@gent.test", "team_id": gent["id"], "role": "medewerker", "password": PASSWORD }),
        ))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let lien = server.login("lien@gent.test").await;
    let (_, me) = server.send(get("/api/ik", Some(&lien))).await;
    assert_eq!(me["variant"], "nl-BE");

    // Bad input: a readable 4xx, nothing changed.
    let noord = server.team_id("Wijkteam Noord").await;
    let before = server.db.dump().await.unwrap();
    for body in [
        json!({ "variant": "fr-BE" }),
        json!({ "variant": "nl-BE", "name": "Nieuw" }),
        json!({}),
    ] {
        let (status, answer) = server.send(change(&noord, body.clone(), &admin)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {answer}");
        assert!(
            answer["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{answer}"
        );
    }
    let (status, answer) = server
        .send(change(
            "bestaat-niet",
            json!({ "variant": "nl-BE" }),
            &admin,
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(answer["message"], "Dit team bestaat niet.");
    assert_eq!(server.db.dump().await.unwrap(), before);

    // Noord becomes Flemish: Anna reads it, the list says it, the log holds who did it.
    let (status, _) = server
        .send(change(&noord, json!({ "variant": "nl-BE" }), &admin))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, me) = server.send(get("/api/ik", Some(&anna))).await;
    assert_eq!(me["variant"], "nl-BE");
    let (_, teams) = server.send(get("/api/beheer/teams", Some(&admin))).await;
    let noord_row = teams
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == noord.as_str())
        .unwrap()
        .clone();
    assert_eq!(noord_row["variant"], "nl-BE");
    let (_, log) = server.send(get("/api/beheer/toegang", Some(&admin))).await;
    assert!(log.to_string().contains("team: taal"), "{log}");
    // A team lead cannot change it back, not even for her own team.
    let lead = server.login("lead@noord.test").await;
    let (status, _) = server
        .send(change(&noord, json!({ "variant": "nl-NL" }), &lead))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, me) = server.send(get("/api/ik", Some(&anna))).await;
    assert_eq!(me["variant"], "nl-BE");
}

/// The first run's demo (`--demo`) has a Flemish team, so a newcomer sees *toestel* and
/// *gedeeld beroepsgeheim* by logging in as Lotte; a second run on the same database adds nothing.
#[tokio::test]
async fn the_demo_seeds_a_flemish_team_beside_the_dutch_ones_once() {
    use werkzaam_domain::variant::Variant;
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(test_backend(), dir.path()).await;
    let db = server::store::Db::connect(&url).await.unwrap();
    let password = server::demo::seed(&db, Some("een-lang-demowachtwoord".into()))
        .await
        .unwrap();
    assert_eq!(password.as_deref(), Some("een-lang-demowachtwoord"));
    let lotte = db.user_by_email("lotte@gent.demo").await.unwrap().unwrap();
    assert_eq!(lotte.team_name, "Wijkteam Gent");
    assert_eq!(lotte.team_variant, Variant::NlBe);
    assert_eq!(lotte.profile().variant, Variant::NlBe);
    let anna = db.user_by_email("anna@noord.demo").await.unwrap().unwrap();
    assert_eq!(anna.team_variant, Variant::NlNl);
    assert_ne!(anna.team_id, lotte.team_id);
    let teams = db.count_teams().await.unwrap();
    assert_eq!(teams, 4, "Noord, Zuid, Gent and Beheer");
    assert_eq!(server::demo::seed(&db, None).await.unwrap(), None);
    assert_eq!(db.count_teams().await.unwrap(), teams);
}
