//! Issue 7 (first part): headers on every answer, no inline script or style in the pages, forms
//! from other sites refused, and a fuzz of malformed and oversized requests that must each get a
//! 4xx, leave the server up and the database exactly as it was.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::json;

use crate::*;

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let server = TestServer::new().await;
    for uri in [
        "/",
        "/shell.html",
        "/api/ik",
        "/api/team/dialogen",
        "/bestaat-niet",
    ] {
        let (_, headers, _) = server.send_raw(get(uri, None)).await;
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        for part in [
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(part), "{uri}: {csp}");
        }
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
            "{csp}"
        );
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{uri}");
        assert_eq!(headers[header::REFERRER_POLICY], "no-referrer", "{uri}");
        assert!(
            headers.get(header::STRICT_TRANSPORT_SECURITY).is_none(),
            "plain http: no HSTS"
        );
    }
    let (_, headers, _) = server.send_raw(get("/api/ik", None)).await;
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
}

#[tokio::test]
async fn the_pages_have_no_inline_script_or_style() {
    let server = TestServer::new().await;
    for uri in ["/", "/shell.html", "/inloggen", "/samen", "/team/agenda"] {
        let (status, _, body) = server.send_raw(get(uri, None)).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        let html = String::from_utf8(body).unwrap();
        let scripts: Vec<&str> = html.split("<script").skip(1).collect();
        assert!(!scripts.is_empty(), "{uri}: the app starts from a script");
        for s in scripts {
            let (tag, rest) = s.split_once('>').unwrap();
            assert!(
                tag.contains("src=\"/boot.js?"),
                "{uri}: only the boot file: {tag}"
            );
            assert!(rest.starts_with("</script>"), "{uri}: no inline code");
        }
        assert!(!html.contains(" style="), "{uri}: no inline style");
        assert!(
            !html.contains(" on") || !html.contains(" onclick="),
            "{uri}: no inline handlers"
        );
    }
}

#[tokio::test]
async fn a_form_or_plain_request_from_another_site_changes_nothing() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let before = server.db.dump().await.unwrap();
    for content_type in [
        None,
        Some("text/plain"),
        Some("text/plain;charset=UTF-8"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
    ] {
        for (method, uri) in [
            (Method::POST, "/api/sync/push"),
            (Method::POST, "/api/clienten/wissen"),
            (Method::POST, "/api/uitloggen"),
            (Method::PUT, "/api/team/instellingen"),
        ] {
            let mut builder = Request::builder()
                .method(method.clone())
                .uri(uri)
                .header(header::COOKIE, &anna);
            if let Some(ct) = content_type {
                builder = builder.header(header::CONTENT_TYPE, ct);
            }
            let body = push_body("csrf", 1, 1, "x").to_string();
            let (status, answer) = server.send(builder.body(Body::from(body)).unwrap()).await;
            assert_eq!(
                status,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "{method} {uri} {content_type:?}"
            );
            assert!(answer["message"].as_str().unwrap().contains("andere site"));
        }
    }
    assert_eq!(server.db.dump().await.unwrap(), before);
    // The session still works: the logout above was refused too.
    let (status, _) = server.send(get("/api/ik", Some(&anna))).await;
    assert_eq!(status, StatusCode::OK);
}

/// A small deterministic generator (xorshift), so a failing case can be replayed by its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn junk(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

/// One malformed body for a JSON endpoint: broken, wrong in shape, too deep or too large.
fn malformed(rng: &mut Rng, valid: &serde_json::Value) -> Vec<u8> {
    let text = valid.to_string();
    match rng.below(12) {
        0 => {
            let len = rng.below(300) as usize + 1;
            rng.junk(len)
        }
        1 => text.as_bytes()[..rng.below(text.len() as u64) as usize].to_vec(),
        2 => format!("{}{}", "[".repeat(5_000), "]".repeat(5_000)).into_bytes(),
        3 => vec![b'a'; 4 * 1024 * 1024 + 10],
        4 => {
            let mut v = valid.clone();
            v["onbekend_veld"] = json!(rng.next());
            v.to_string().into_bytes()
        }
        5 => {
            let mut v = valid.clone();
            if let Some(obj) = v.as_object_mut() {
                let key = obj.keys().nth(rng.below(obj.len().max(1) as u64) as usize).cloned();
                if let Some(key) = key {
                    let odd = json!([null, 1.5, "x", {"a": []}]);
                    obj.insert(key, odd[rng.below(4) as usize].clone());
                }
            }
            v.to_string().into_bytes()
        }
        6 => b"null".to_vec(),
        7 => {
            let mut bytes = text.into_bytes();
            let at = rng.below(bytes.len() as u64) as usize;
            bytes[at] = 0xff;
            bytes
        }
        8 => json!({ "protocol_version": u64::MAX, "client_id": "x".repeat(10_000), "mutations": [] })
            .to_string()
            .into_bytes(),
        9 => json!({ "email": "x".repeat(100_000), "password": "y".repeat(100_000) })
            .to_string()
            .into_bytes(),
        10 => {
            let mut v = valid.clone();
            if v.get("mutations").is_some() {
                v["mutations"][0]["id"] = json!(-1);
            } else {
                v = json!([valid]);
            }
            v.to_string().into_bytes()
        }
        _ => json!({ "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION, "client_id": "fuzz",
            "mutations": [{ "id": 1, "operation": { "upsert_dialogue": { "dialogue": {
                "id": "<script>", "client_code": "'; DROP TABLE dialogues; --", "held_on": "2026-02-30" } } } }] })
            .to_string()
            .into_bytes(),
    }
}

#[tokio::test]
async fn two_hundred_and_forty_malformed_requests_each_get_a_4xx_and_change_nothing() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let lead = server.login("lead@noord.test").await;
    // Something to keep: a dialogue and a story.
    let (status, _) = server.push(&anna, &push_body("keep", 1, 2, "rust")).await;
    assert_eq!(status, StatusCode::OK);
    let before = server.db.dump().await.unwrap();
    let valid_push = push_body("fuzz", 1, 1, "x");
    let valid_login = json!({ "email": "anna@noord.test", "password": "verkeerd wachtwoord" });
    let seed = std::env::var("WERKZAAM_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_2026_u64);
    let mut rng = Rng(seed);
    let mut counts = std::collections::BTreeMap::<u16, usize>::new();
    for i in 0..240 {
        let request = match i % 4 {
            0 => post_raw_bytes(
                "/api/sync/push",
                Some(&anna),
                malformed(&mut rng, &valid_push),
            ),
            1 => post_raw_bytes("/api/inloggen", None, malformed(&mut rng, &valid_login)),
            2 => {
                let bad = [
                    "2026-13-01",
                    "gisteren",
                    "",
                    "2026-02-30",
                    "%00",
                    "2026-01-01'--",
                ];
                let van = bad[rng.below(bad.len() as u64) as usize];
                let extra = String::from_utf8_lossy(&rng.junk(8)).replace(['&', '#', ' '], "");
                get(
                    &format!(
                        "/api/team/agenda{}?van={}&tot=2026-12-31&x={}",
                        [".csv", ".pdf", ""][rng.below(3) as usize],
                        van,
                        urlencode(&extra)
                    ),
                    Some(&lead),
                )
            }
            _ => {
                if rng.below(2) == 0 {
                    let code = format!("ZZ{}", urlencode(&String::from_utf8_lossy(&rng.junk(12))));
                    get(&format!("/api/team/clienten/{code}"), Some(&lead))
                } else {
                    Request::put("/api/team/instellingen")
                        .header(header::CONTENT_TYPE, "application/json")
                        .header(header::COOKIE, &lead)
                        .body(Body::from(malformed(
                            &mut rng,
                            &json!({"drop": 2, "low": 4, "divergence": 3}),
                        )))
                        .unwrap()
                }
            }
        };
        let (status, _, body) = server.send_raw(request).await;
        assert!(
            status.is_client_error(),
            "request {i} (seed {seed}): {status} {}",
            String::from_utf8_lossy(&body[..body.len().min(300)])
        );
        *counts.entry(status.as_u16()).or_default() += 1;
    }
    assert_eq!(
        server.db.dump().await.unwrap(),
        before,
        "the database is exactly as it was"
    );
    // Still up and answering.
    let (status, _) = server.send(get("/api/ik", Some(&anna))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(counts.len() >= 2, "a spread of refusals: {counts:?}");
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

fn post_raw_bytes(uri: &str, cookie: Option<&str>, body: Vec<u8>) -> Request<Body> {
    let mut builder = Request::post(uri).header(header::CONTENT_TYPE, "application/json");
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, cookie);
    }
    builder.body(Body::from(body)).unwrap()
}

#[test]
fn only_the_empty_hydration_scripts_are_stripped() {
    use server::web::strip_empty_hydration_scripts as strip;
    let page = "<head><script type=\"module\" src=\"/boot.js\"></script></head><body>x\
        <script nonce=\"abc\">__RESOLVED_RESOURCES=[];__SERIALIZED_ERRORS=[];__PENDING_RESOURCES=[];__RESOURCE_RESOLVERS=[];</script>\
        <script nonce=\"abc\">__INCOMPLETE_CHUNKS=[];</script>y</body>";
    assert_eq!(
        strip(page),
        "<head><script type=\"module\" src=\"/boot.js\"></script></head><body>xy</body>"
    );
    // Anything else stays, so the browser's refusal shows.
    for kept in [
        "<script nonce=\"a\">__RESOLVED_RESOURCES[0] = \"x\";</script>",
        "<script>__INCOMPLETE_CHUNKS=[];</script>",
        "<script nonce=\"a\" src=\"x.js\">__INCOMPLETE_CHUNKS=[];</script>",
        "<script nonce=\"a\">alert(1)</script>",
        "<script nonce=\"a\">",
    ] {
        assert_eq!(strip(kept), kept);
    }
}

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
