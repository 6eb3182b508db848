//! Issue 7 (first part): accounts — sessions listed and ended, a disabled account, the login
//! limits (per account, per address, behind a trusted proxy), the password policy and change,
//! what a worker sees of who accessed her dialogues, and a vault's recovery key.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::json;

use crate::*;

#[tokio::test]
async fn sessions_can_be_listed_and_ended_and_a_login_replaces_an_old_session() {
    let server = TestServer::new().await;
    let phone = server.login("anna@noord.test").await;
    let laptop = server.login("anna@noord.test").await;
    let (status, list) = server.send(get("/api/sessies", Some(&phone))).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let list = list.as_array().unwrap().clone();
    assert_eq!(list.len(), 2);
    assert_eq!(list.iter().filter(|s| s["current"] == true).count(), 1);
    let other = list.iter().find(|s| s["current"] == false).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Bram cannot end Anna's session.
    let bram = server.login("bram@noord.test").await;
    let delete = |cookie: &str, id: &str| {
        Request::delete(format!("/api/sessies/{id}"))
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::empty())
            .unwrap()
    };
    let (status, _) = server.send(delete(&bram, &other)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = server.send(delete(&phone, &other)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = server.send(get("/api/ik", Some(&laptop))).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the laptop's session ended"
    );
    let (status, _) = server.send(get("/api/ik", Some(&phone))).await;
    assert_eq!(status, StatusCode::OK);

    // Logging in with an old session cookie ends that session: a new id every login.
    let (status, headers, _) = server
        .send_raw(post_json(
            "/api/inloggen",
            Some(&phone),
            &json!({ "email": "anna@noord.test", "password": PASSWORD }),
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    let fresh = headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    assert_ne!(fresh, phone);
    let (status, _) = server.send(get("/api/ik", Some(&phone))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = server.send(get("/api/ik", Some(&fresh))).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_disabled_account_loses_its_sessions_and_cannot_log_in_with_the_usual_message() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let id = server.user_id("anna@noord.test").await;
    server.db.disable_user(&id).await.unwrap();
    let (status, _) = server.send(get("/api/ik", Some(&anna))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, body) = server
        .send(post_json(
            "/api/inloggen",
            None,
            &json!({ "email": "anna@noord.test", "password": PASSWORD }),
        ))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        body["message"],
        "Het e-mailadres of het wachtwoord klopt niet."
    );
}

#[tokio::test]
async fn failed_logins_are_limited_per_account_without_telling_whether_it_exists() {
    let server = TestServer::new().await;
    for email in ["bram@noord.test", "niemand@noord.test"] {
        for _ in 0..server::auth::MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS {
            let (status, body) = server
                .send(post_json(
                    "/api/inloggen",
                    None,
                    &json!({ "email": email, "password": "fout-fout-fout" }),
                ))
                .await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        }
        let (status, body) = server
            .send(post_json(
                "/api/inloggen",
                None,
                &json!({ "email": email, "password": PASSWORD }),
            ))
            .await;
        assert_eq!(
            status,
            StatusCode::TOO_MANY_REQUESTS,
            "{email}: even the right password waits"
        );
        assert!(body["message"].as_str().unwrap().contains("kwartier"));
    }
    // Another account is not affected.
    let (status, _) = server
        .send(post_json(
            "/api/inloggen",
            None,
            &json!({ "email": "anna@noord.test", "password": PASSWORD }),
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn the_login_limit_counts_per_address_too_and_forgets_after_the_window() {
    use server::auth::{limit_keys, LIMIT_WINDOW_MS, MAX_FAILURES_PER_ADDRESS};
    let server = TestServer::new().await;
    let db = &server.db;
    let t = 1_000_000;
    for i in 0..MAX_FAILURES_PER_ADDRESS {
        let keys = limit_keys(&format!("user{i}@x"), "10.0.0.1");
        assert!(db.login_attempt(&keys, &format!("a{i}"), t).await.unwrap());
    }
    assert!(
        !db.login_attempt(&limit_keys("new@x", "10.0.0.1"), "b", t)
            .await
            .unwrap(),
        "the address is blocked"
    );
    assert!(
        db.login_attempt(&limit_keys("new@x", "10.0.0.2"), "c", t)
            .await
            .unwrap(),
        "another address is not"
    );
    // An attempt after the window prunes what the window forgot.
    let later = t + LIMIT_WINDOW_MS + 1;
    assert!(
        db.login_attempt(&limit_keys("new@x", "10.0.0.1"), "d", later)
            .await
            .unwrap(),
        "after the window"
    );
    let dump = db.dump().await.unwrap();
    let counted = dump
        .lines()
        .filter(|l| l.contains("address:10.0.0.1"))
        .count();
    assert_eq!(counted, 1, "only the new attempt is kept");
    // A login that succeeds takes its own attempt back.
    db.login_succeeded("d", &server::auth::pair_key("new@x", "10.0.0.1"))
        .await
        .unwrap();
    assert!(!db.dump().await.unwrap().contains("address:10.0.0.1"));
}

#[test]
fn new_passwords_follow_the_policy() {
    use server::auth::check_new_password as check;
    assert!(check("kort", "a@b").is_err());
    assert!(check("Wachtwoord123", "a@b").is_err(), "common, any case");
    assert!(check("welkom2026", "a@b").is_err());
    assert!(check("anna@noord.test", "anna@noord.test").is_err());
    assert!(check(&"x".repeat(129), "a@b").is_err());
    assert!(
        check(&"lange zin ".repeat(12), "a@b").is_ok(),
        "long passphrases are welcome"
    );
    assert!(check("correct paard batterij", "a@b").is_ok());
}

#[tokio::test]
async fn a_password_change_needs_the_current_one_meets_the_policy_and_ends_the_other_sessions() {
    let server = TestServer::new().await;
    let phone = server.login("anna@noord.test").await;
    let laptop = server.login("anna@noord.test").await;
    let change = |current: &str, new: &str| {
        post_json(
            "/api/wachtwoord",
            Some(&phone),
            &json!({ "current": current, "new": new }),
        )
    };
    let (status, _) = server.send(change("fout", "een nieuwe lange zin")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = server.send(change(PASSWORD, "wachtwoord")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, _) = server.send(get("/api/ik", Some(&laptop))).await;
    assert_eq!(status, StatusCode::OK, "nothing changed yet");
    let (status, _) = server.send(change(PASSWORD, "een nieuwe lange zin")).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = server.send(get("/api/ik", Some(&laptop))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = server.send(get("/api/ik", Some(&phone))).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = server
        .send(post_json(
            "/api/inloggen",
            None,
            &json!({ "email": "anna@noord.test", "password": "een nieuwe lange zin" }),
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_worker_sees_who_accessed_her_dialogues_and_exports_everything_about_a_client() {
    use werkzaam_domain::dialogue::ConsentDecision;
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let mut d =
        werkzaam_domain::Dialogue::new("inz-1".into(), "WT-INZ".into(), "2026-11-01".into(), 1);
    d.part_mut(werkzaam_domain::dialogue::PartKey::ALL[0])
        .keywords = vec!["rust".into()];
    d.consent.decision = ConsentDecision::Yes;
    d.consent.recorded_on = "2026-11-01".into();
    d.consent.answers = true;
    crate::consent::push_dialogue(&server, &anna, "anna-phone", 1, &d).await;
    let other =
        werkzaam_domain::Dialogue::new("inz-2".into(), "WT-ANDERS".into(), "2026-11-02".into(), 1);
    crate::consent::push_dialogue(&server, &anna, "anna-phone", 2, &other).await;
    let (_, before) = server.send(get("/api/toegang", Some(&anna))).await;
    assert_eq!(before, json!([]));
    let lead = server.login("lead@noord.test").await;
    let (status, _) = server
        .send(get("/api/team/dialogen/inz-1", Some(&lead)))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, seen) = server.send(get("/api/toegang", Some(&anna))).await;
    let lead_id = server.user_id("lead@noord.test").await;
    assert_eq!(seen[0]["user_id"], json!(lead_id));
    assert_eq!(seen[0]["record_id"], "inz-1");
    assert_eq!(seen[0]["client_code"], "WT-INZ");

    let (status, headers, body) = server
        .send_raw(get("/api/clienten/WT-INZ/inzage", Some(&anna)))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .contains("inzage-WT-INZ.json"));
    let file: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(file["dialogues"].as_array().unwrap().len(), 1);
    assert_eq!(
        file["dialogues"][0]["client"]["good"]["keywords"],
        json!(["rust"])
    );
    assert!(!String::from_utf8_lossy(&body).contains("WT-ANDERS"));
    assert!(file["access"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["what"] == "dialoog"));
    // Bram has nothing about this client; the export is logged for Anna.
    let bram = server.login("bram@noord.test").await;
    let (status, _) = server
        .send(get("/api/clienten/WT-INZ/inzage", Some(&bram)))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let team = server
        .db
        .user_by_email("anna@noord.test")
        .await
        .unwrap()
        .unwrap()
        .team_id;
    let events = server.db.access_events(&team, 50).await.unwrap();
    assert!(events
        .iter()
        .any(|e| e.what == "inzage" && e.record_id.as_deref() == Some("inz-1")));
}

#[tokio::test]
async fn a_workers_creates_changes_and_deletes_are_logged_in_the_same_transaction() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let team = server
        .db
        .user_by_email("anna@noord.test")
        .await
        .unwrap()
        .unwrap()
        .team_id;
    let mut d =
        werkzaam_domain::Dialogue::new("log-1".into(), "WT-LOG".into(), "2026-11-01".into(), 1);
    crate::consent::push_dialogue(&server, &anna, "anna-phone", 1, &d).await;
    d.nickname = "buurman".into();
    d.version = 1;
    crate::consent::push_dialogue(&server, &anna, "anna-phone", 2, &d).await;
    d.deleted = true;
    d.version = 2;
    crate::consent::push_dialogue(&server, &anna, "anna-phone", 3, &d).await;
    // A refused push (Bram claims Anna's dialogue) stores nothing, and is logged as refused.
    let bram = server.login("bram@noord.test").await;
    let body = json!({ "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION, "client_id": "bram-phone",
        "mutations": [{ "id": 1, "operation": { "upsert_dialogue": { "dialogue": d } } }] });
    let (status, _) = server.push(&bram, &body).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let anna_id = server.user_id("anna@noord.test").await;
    let bram_id = server.user_id("bram@noord.test").await;
    let mut events = server.db.access_events(&team, 50).await.unwrap();
    events.reverse();
    let seen: Vec<(&str, &str, Option<&str>)> = events
        .iter()
        .map(|e| {
            (
                e.user_id.as_str(),
                e.action.as_str(),
                e.client_code.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (anna_id.as_str(), "aanmaken", Some("WT-LOG")),
            (anna_id.as_str(), "wijzigen", Some("WT-LOG")),
            (anna_id.as_str(), "verwijderen", Some("WT-LOG")),
            (bram_id.as_str(), "geweigerd", Some("WT-LOG")),
        ]
    );
    assert!(
        server.db.dialogue("log-1").await.unwrap().is_some(),
        "Anna's dialogue is still there"
    );
}

#[tokio::test]
async fn a_vault_recovery_key_is_made_once_and_only_its_user_gets_it() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let bram = server.login("bram@noord.test").await;
    let ask = |cookie: Option<&str>, vault: &str| {
        post_json("/api/herstelsleutel", cookie, &json!({ "vault": vault }))
    };
    let (status, first) = server.send(ask(Some(&anna), "kluis-1")).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let key = first["key"].as_str().unwrap().to_owned();
    assert_eq!(key.len(), 64);
    assert!(key.chars().all(|c| c.is_ascii_hexdigit()));
    let (_, again) = server.send(ask(Some(&anna), "kluis-1")).await;
    assert_eq!(again["key"], key, "the same key every time");
    let (_, other_vault) = server.send(ask(Some(&anna), "kluis-2")).await;
    assert_ne!(other_vault["key"], key, "each vault its own key");
    // Another user asking for the same vault id gets a key of their own, never Anna's.
    let (_, bram_key) = server.send(ask(Some(&bram), "kluis-1")).await;
    assert_ne!(bram_key["key"], key);
    // Without a session, nothing.
    let (status, _) = server.send(ask(None, "kluis-1")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Bad ids and unknown fields are refused and store nothing.
    let before = server.db.dump().await.unwrap();
    for body in [
        json!({ "vault": "" }),
        json!({ "vault": "x".repeat(65) }),
        json!({ "vault": "a/b" }),
        json!({ "vault": "k", "extra": 1 }),
        json!({}),
    ] {
        let (status, answer) = server
            .send(post_json("/api/herstelsleutel", Some(&anna), &body))
            .await;
        assert!(status.is_client_error(), "{body}: {status}");
        assert!(
            answer["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{answer}"
        );
    }
    assert_eq!(before, server.db.dump().await.unwrap());
    // A bound on how many vaults one session can make the server keep.
    for i in 3..=server::store::MAX_VAULTS {
        let (status, _) = server.send(ask(Some(&anna), &format!("kluis-{i}"))).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, answer) = server.send(ask(Some(&anna), "kluis-een-te-veel")).await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
}

#[tokio::test]
async fn a_pull_is_in_the_access_log_per_dialogue_but_not_in_who_looked_at_her_work() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let d =
        werkzaam_domain::Dialogue::new("pull-1".into(), "WT-PULL".into(), "2026-11-01".into(), 1);
    crate::consent::push_dialogue(&server, &anna, "anna-phone", 1, &d).await;
    let (status, page) = server
        .send(post_json(
            "/api/sync/pull",
            Some(&anna),
            &json!({ "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION, "cursor": -1, "client_id": "anna-tablet" }),
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let admin = server.login("admin@werkzaam.test").await;
    let (_, log) = server.send(get("/api/beheer/toegang", Some(&admin))).await;
    let fetched: Vec<&Value> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "ophalen")
        .collect();
    assert_eq!(fetched.len(), 1, "{log}");
    assert_eq!(fetched[0]["record_id"], "pull-1");
    assert_eq!(fetched[0]["client_code"], "WT-PULL");
    assert_eq!(fetched[0]["user_name"], "anna");
    // Her own reads are not "someone looked at your work".
    let (_, mine) = server.send(get("/api/toegang", Some(&anna))).await;
    assert_eq!(mine, json!([]));
}

#[test]
fn the_client_address_comes_from_x_forwarded_for_only_through_a_trusted_proxy() {
    use server::extract::client_address;
    let ip = |s: &str| s.parse::<std::net::IpAddr>().unwrap();
    let proxies = [ip("10.0.0.2"), ip("10.0.0.3")];
    // No proxy trusted, or a peer that is not one: the peer, whatever the header says.
    assert_eq!(
        client_address(ip("192.0.2.7"), "203.0.113.9", &[]),
        ip("192.0.2.7")
    );
    assert_eq!(
        client_address(ip("192.0.2.7"), "203.0.113.9", &proxies),
        ip("192.0.2.7")
    );
    // Through a trusted proxy: the nearest untrusted hop from the right.
    for (forwarded, client, why) in [
        ("203.0.113.9", "203.0.113.9", "one proxy"),
        (
            "203.0.113.9, 10.0.0.3",
            "203.0.113.9",
            "two proxies in a row",
        ),
        (
            "1.2.3.4, 203.0.113.9",
            "203.0.113.9",
            "what the client wrote itself is not believed",
        ),
        ("", "10.0.0.2", "no header: the proxy"),
        (
            "onzin, 10.0.0.3",
            "10.0.0.3",
            "garbage stops the walk at the last trusted hop",
        ),
    ] {
        assert_eq!(
            client_address(ip("10.0.0.2"), forwarded, &proxies),
            ip(client),
            "{why}"
        );
    }
}

#[tokio::test]
async fn behind_a_trusted_proxy_a_failed_login_counts_against_the_clients_address() {
    let server = TestServer::new().await;
    let proxy: std::net::SocketAddr = "10.0.0.2:40000".parse().unwrap();
    let router = test_router(
        AppState::new(
            server.db.clone(),
            std::path::PathBuf::from("site-does-not-exist"),
            false,
        )
        .with_trusted_proxies(vec![proxy.ip()]),
    );
    let attempt = |peer: std::net::SocketAddr, forwarded: &str| {
        let mut request = post_json(
            "/api/inloggen",
            None,
            &json!({ "email": "bram@noord.test", "password": "fout-fout-fout" }),
        );
        request
            .headers_mut()
            .insert("x-forwarded-for", forwarded.parse().unwrap());
        request
            .extensions_mut()
            .insert(axum::extract::ConnectInfo(peer));
        router.clone().oneshot(request)
    };
    let answer = attempt(proxy, "203.0.113.9").await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    // A client that is not the proxy cannot choose its address with the header.
    let answer = attempt("192.0.2.7:5000".parse().unwrap(), "198.51.100.1")
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    let dump = server.db.dump().await.unwrap();
    assert!(dump.contains("address:203.0.113.9"), "{dump}");
    assert!(dump.contains("address:192.0.2.7"));
    assert!(!dump.contains("address:10.0.0.2") && !dump.contains("address:198.51.100.1"));
}
