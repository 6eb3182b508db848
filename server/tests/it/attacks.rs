//! Issue 15: the holes an attacker's review found — each tried as the attacker would, against
//! the real router and database. One test (or more) per item; SECURITY.md names them.
//!
//! Over 800 lines, not split here: one test per item of issue 15's review, with shared helpers;
//! it moves with the code it tries in issue 16's restructure, which moves every file in one
//! step with behaviour unchanged (splitting it piecemeal now would make that step harder to
//! review).

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::json;

use sqlx::Row;

use crate::*;

/// Every route the server's source declares (`.route("…", get(…).post(…))`), with the methods
/// it names: read from the source, so a route added later is walked too.
fn declared_routes() -> Vec<(String, Vec<Method>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut routes = Vec::new();
    // Every `.rs` file under `src/`, folders included.
    let mut files = Vec::new();
    let mut folders = vec![dir];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        for piece in source.split(".route(").skip(1) {
            let Some(rest) = piece.trim_start().strip_prefix('"') else {
                continue;
            };
            let (path, rest) = rest.split_once('"').unwrap();
            // The handler expression runs to the `)` that closes `.route(`.
            let mut depth = 1;
            let mut end = rest.len();
            for (i, c) in rest.char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            end = i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let handler = &rest[..end];
            let mut methods = Vec::new();
            for (name, method) in [
                ("get(", Method::GET),
                ("post(", Method::POST),
                ("put(", Method::PUT),
                ("delete(", Method::DELETE),
                ("any(", Method::GET),
            ] {
                if handler.contains(name) && !methods.contains(&method) {
                    methods.push(method);
                }
            }
            assert!(!methods.is_empty(), "{}: {path}: no method", file.display());
            routes.push((path.to_owned(), methods));
        }
    }
    routes
}

/// `path` with every `{param}` filled in with something plausible.
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|seg| match seg {
            s if s.starts_with("{*") => "iets/anders".to_owned(),
            "{hash}" => "a".repeat(64),
            "{code}" => "C-1".to_owned(),
            s if s.starts_with('{') => "0123456789abcdef0123456789abcdef".to_owned(),
            s => s.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn every_api_route_answers_no_store_and_every_answer_the_isolation_headers() {
    let server = TestServer::new().await;
    let routes = declared_routes();
    let api: Vec<_> = routes
        .iter()
        .filter(|(p, _)| p.starts_with("/api/"))
        .collect();
    assert!(
        api.len() >= 38,
        "the walk finds the routes of api, review and admin ({} found)",
        api.len()
    );
    let lead = server.login("lead@noord.test").await;
    let admin = server.login("admin@werkzaam.test").await;
    let anna = server.login("anna@noord.test").await;
    let mut walked = 0;
    for (path, methods) in &routes {
        for method in methods {
            for cookie in [None, Some(&anna), Some(&lead), Some(&admin)] {
                let uri = concrete(path);
                let mut builder = Request::builder().method(method.clone()).uri(&uri);
                if let Some(c) = cookie {
                    builder = builder.header(header::COOKIE, c.as_str());
                }
                if *method != Method::GET {
                    builder = builder.header(header::CONTENT_TYPE, "application/json");
                }
                let request = builder.body(Body::from("{}")).unwrap();
                let (status, headers, _) = server.send_raw(request).await;
                walked += 1;
                if path.starts_with("/api/") {
                    assert_eq!(
                        headers
                            .get(header::CACHE_CONTROL)
                            .map(|v| v.to_str().unwrap()),
                        Some("no-store"),
                        "{method} {uri} ({status}) as {cookie:?}"
                    );
                    assert!(
                        status != StatusCode::INTERNAL_SERVER_ERROR,
                        "{method} {uri}"
                    );
                }
                assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY", "{method} {uri}");
                assert_eq!(
                    headers["cross-origin-opener-policy"], "same-origin",
                    "{method} {uri}"
                );
                assert_eq!(
                    headers["cross-origin-resource-policy"], "same-origin",
                    "{method} {uri}"
                );
                let policy = headers["permissions-policy"].to_str().unwrap();
                assert!(
                    policy.contains("microphone=()") && policy.contains("geolocation=()"),
                    "{method} {uri}: {policy}"
                );
            }
        }
    }
    assert!(walked > 150, "{walked} requests");
    // Item 11: the session cookie alone (an address-bar request of a locked phone or of client
    // mode, a copied cookie) opens no route but the account's own; a wrong key neither.
    let account_routes = [
        "/api/inloggen",
        "/api/uitloggen",
        "/api/ik",
        "/api/sessies",
        "/api/sessies/{id}",
        "/api/wachtwoord",
        "/api/{*rest}",
    ];
    for (path, methods) in routes.iter().filter(|(p, _)| p.starts_with("/api/")) {
        if account_routes.contains(&path.as_str()) {
            continue;
        }
        for method in methods {
            for creds in [&anna, &lead, &admin] {
                let wrong_key = format!(
                    "{}; {TEST_KEY_COOKIE}={}",
                    cookie_only(creds),
                    "0".repeat(64)
                );
                for cookie in [cookie_only(creds), wrong_key] {
                    let mut builder = Request::builder()
                        .method(method.clone())
                        .uri(concrete(path))
                        .header(header::COOKIE, &cookie);
                    if *method != Method::GET {
                        builder = builder.header(header::CONTENT_TYPE, "application/json");
                    }
                    let (status, _, body) = server
                        .send_raw(builder.body(Body::from("{}")).unwrap())
                        .await;
                    assert_eq!(
                        status,
                        StatusCode::UNAUTHORIZED,
                        "{method} {path} with {cookie}: {}",
                        String::from_utf8_lossy(&body)
                    );
                }
            }
        }
    }
    // And an address under /api that no route names, and a page.
    for uri in ["/api/bestaat/niet", "/api", "/"] {
        let (_, headers, _) = server.send_raw(get(uri, Some(&anna))).await;
        if uri.starts_with("/api") {
            assert_eq!(headers[header::CACHE_CONTROL], "no-store", "{uri}");
        }
        assert_eq!(
            headers["cross-origin-opener-policy"], "same-origin",
            "{uri}"
        );
    }
}

/// Item 3: Bram pushes a dummy dialogue with Anna's client code to learn who works with that
/// client: his inzage holds his own record and the events about it, nothing of Anna's.
#[tokio::test]
async fn a_workers_inzage_never_shows_a_colleagues_access_to_the_same_client_code() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let lead = server.login("lead@noord.test").await;
    let mut d =
        werkzaam_domain::Dialogue::new("anna-1".into(), "WT-SAMEN".into(), "2026-11-01".into(), 1);
    d.consent.decision = werkzaam_domain::dialogue::ConsentDecision::Yes;
    d.consent.recorded_on = "2026-11-01".into();
    d.consent.answers = true;
    crate::consent::push_dialogue(&server, &anna, "anna-phone", 1, &d).await;
    // The lead looks at Anna's dialogue: an access event about Anna's record with this code.
    let (status, _) = server
        .send(get("/api/team/dialogen/anna-1", Some(&lead)))
        .await;
    assert_eq!(status, StatusCode::OK);
    let bram = server.login("bram@noord.test").await;
    let dummy = werkzaam_domain::Dialogue::new(
        "bram-dummy".into(),
        "WT-SAMEN".into(),
        "2026-11-02".into(),
        1,
    );
    crate::consent::push_dialogue(&server, &bram, "bram-phone", 1, &dummy).await;
    let (status, headers, body) = server
        .send_raw(get("/api/clienten/WT-SAMEN/inzage", Some(&bram)))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    let text = String::from_utf8(body).unwrap();
    let anna_id = server.user_id("anna@noord.test").await;
    let lead_id = server.user_id("lead@noord.test").await;
    assert!(!text.contains("anna-1"), "{text}");
    assert!(!text.contains(&anna_id), "{text}");
    assert!(!text.contains(&lead_id), "{text}");
    let file: serde_json::Value = serde_json::from_str(&text).unwrap();
    let access = file["access"].as_array().unwrap();
    assert!(!access.is_empty(), "Bram's own events are there");
    assert!(
        access.iter().all(|e| e["record_id"] == "bram-dummy"),
        "{access:?}"
    );
    // Anna's inzage still shows the lead's view of her record.
    let (_, _, body) = server
        .send_raw(get("/api/clienten/WT-SAMEN/inzage", Some(&anna)))
        .await;
    let file: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert!(file["access"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["user_id"] == json!(lead_id) && e["record_id"] == "anna-1"));
    assert!(!String::from_utf8_lossy(&body).contains("bram-dummy"));
}

/// A drawing whose bytes are its own (many strokes from `seed`), so a byte search finds it.
fn drawing_from(seed: u32) -> Vec<u8> {
    let mut d = werkzaam_domain::drawing::Drawing::new(1000, 1300);
    let mut x = seed;
    let mut next = move || {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (x >> 16) as u16
    };
    for _ in 0..6 {
        d.strokes.push(werkzaam_domain::drawing::Stroke {
            color: 1,
            size: 1,
            points: (0..60)
                .map(|_| werkzaam_domain::drawing::Point {
                    x: next() % 1000,
                    y: next() % 1300,
                    pressure: (next() % 8) as u8,
                })
                .collect(),
        });
    }
    werkzaam_domain::drawing::encode(&d)
}

fn media(bytes: &[u8]) -> werkzaam_domain::dialogue::MediaRef {
    werkzaam_domain::dialogue::MediaRef {
        kind: werkzaam_domain::dialogue::MediaKind::Drawing,
        hash: werkzaam_domain::hash::content_hash(bytes),
        bytes: bytes.len() as u64,
    }
}

async fn upload_drawing(server: &TestServer, cookie: &str, bytes: &[u8]) {
    let request = Request::put(format!(
        "/api/bijlagen/{}",
        werkzaam_domain::hash::content_hash(bytes)
    ))
    .header(header::CONTENT_TYPE, werkzaam_domain::drawing::CONTENT_TYPE)
    .header(header::COOKIE, cookie)
    .body(Body::from(bytes.to_vec()))
    .unwrap();
    let (status, body) = server.send(request).await;
    assert!(status.is_success(), "{status} {body}");
}

/// Whether any table, or (on SQLite) any file of the database, holds `bytes` (a window of
/// 48 bytes from their middle is searched: in the files as they are, in the dump as hex).
async fn anywhere(server: &TestServer, bytes: &[u8]) -> Vec<String> {
    let window = &bytes[bytes.len() / 2 - 24..bytes.len() / 2 + 24];
    let hex = hex::encode(window);
    let mut found = Vec::new();
    if server
        .db
        .dump()
        .await
        .unwrap()
        .to_lowercase()
        .contains(&hex)
    {
        found.push("a table".to_owned());
    }
    if let Some(path) = server.url.strip_prefix("sqlite://") {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let file = format!("{path}{suffix}");
            if let Ok(content) = std::fs::read(&file) {
                if content.windows(window.len()).any(|w| w == window) {
                    found.push(file);
                }
            }
        }
    }
    found
}

/// Items 1 and 2: a drawing H1 replaced by H2 in a later version, an upload no version refers
/// to, an upload cut halfway: the erasure removes H1 and H2 from every table and file, the
/// collector the rest — and keeps what a surviving dialogue still refers to.
#[tokio::test]
async fn an_erasure_and_the_collector_leave_no_byte_of_any_version_of_a_drawing() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let (h1, h2, kept, orphan) = (
        drawing_from(1),
        drawing_from(2),
        drawing_from(3),
        drawing_from(4),
    );
    let mut d =
        werkzaam_domain::Dialogue::new("wis-h".into(), "WT-WIS".into(), "2026-11-01".into(), 1);
    d.client.good.media.push(media(&h1));
    crate::consent::push_dialogue(&server, &anna, "phone", 1, &d).await;
    upload_drawing(&server, &anna, &h1).await;
    // The drawing is changed: H2 replaces H1 in the next version.
    d.version = 1;
    d.client.good.media = vec![media(&h2)];
    crate::consent::push_dialogue(&server, &anna, "phone", 2, &d).await;
    upload_drawing(&server, &anna, &h2).await;
    // Another client's dialogue keeps its own drawing.
    let mut other =
        werkzaam_domain::Dialogue::new("blijft".into(), "WT-BLIJFT".into(), "2026-11-01".into(), 1);
    other.client.good.media.push(media(&kept));
    crate::consent::push_dialogue(&server, &anna, "phone", 3, &other).await;
    upload_drawing(&server, &anna, &kept).await;
    // An upload nothing refers to, and one cut off after its first part.
    upload_drawing(&server, &anna, &orphan).await;
    let cut = drawing_from(5);
    let (status, body) = server
        .send(
            Request::put(format!(
                "/api/bijlagen/{}/delen?van=0&totaal={}",
                werkzaam_domain::hash::content_hash(&cut),
                cut.len()
            ))
            .header(header::CONTENT_TYPE, werkzaam_domain::drawing::CONTENT_TYPE)
            .header(header::COOKIE, &anna)
            .body(Body::from(cut[..cut.len() / 2].to_vec()))
            .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        !anywhere(&server, &h1).await.is_empty(),
        "the search finds what is there"
    );

    let (status, report) = crate::erasure::erase(&server, &anna, "WT-WIS", Some("phone")).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(anywhere(&server, &h1).await, Vec::<String>::new(), "H1");
    assert_eq!(anywhere(&server, &h2).await, Vec::<String>::new(), "H2");
    assert!(
        !anywhere(&server, &kept).await.is_empty(),
        "another client's drawing stays"
    );

    // The collector: nothing younger than its grace goes; past it, what no version refers to.
    let now = server::clock::now_ms();
    let (removed, parts) = server
        .db
        .collect_attachments(now - 60_000, now - 60_000)
        .await
        .unwrap();
    assert_eq!((removed, parts), (0, 0), "young uploads wait");
    let report = server::jobs::run_once(&server.db, now + server::jobs::ATTACHMENT_GRACE_MS + 1)
        .await
        .unwrap();
    assert_eq!(
        (report.attachments_removed, report.parts_removed),
        (1, 1),
        "{report:?}"
    );
    assert_eq!(
        anywhere(&server, &orphan).await,
        Vec::<String>::new(),
        "the orphan"
    );
    assert_eq!(
        anywhere(&server, &cut[..cut.len() / 2]).await,
        Vec::<String>::new(),
        "the part"
    );
    assert!(
        !anywhere(&server, &kept).await.is_empty(),
        "what a version refers to stays"
    );
    let (status, _, bytes) = server
        .send_raw(get(
            &crate::consent::attachment_url(&kept, "blijft"),
            Some(&anna),
        ))
        .await;
    assert_eq!((status, bytes), (StatusCode::OK, kept.clone()));
    // And H1 cannot be served again by pointing a new dialogue at its hash.
    let mut again =
        werkzaam_domain::Dialogue::new("opnieuw".into(), "WT-NIEUW".into(), "2026-11-03".into(), 1);
    again.client.good.media.push(media(&h1));
    crate::consent::push_dialogue(&server, &anna, "phone", 4, &again).await;
    let (status, _, _) = server
        .send_raw(get(
            &crate::consent::attachment_url(&h1, "opnieuw"),
            Some(&anna),
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// Per-user attachment quota: past it a Dutch 507 and nothing stored; others are not affected.
#[tokio::test]
async fn past_the_attachment_quota_an_upload_is_refused_in_dutch_and_nothing_is_stored() {
    let server = TestServer::new().await;
    let small = drawing_from(7);
    let router = test_router(
        AppState::new(
            server.db.clone(),
            std::path::PathBuf::from("geen-site"),
            false,
        )
        .with_attachment_quota(small.len() as u64 + 10),
    );
    let anna = server.login("anna@noord.test").await;
    let put = |bytes: &[u8], cookie: &str| {
        Request::put(format!(
            "/api/bijlagen/{}",
            werkzaam_domain::hash::content_hash(bytes)
        ))
        .header(header::CONTENT_TYPE, werkzaam_domain::drawing::CONTENT_TYPE)
        .header(header::COOKIE, cookie)
        .body(Body::from(bytes.to_vec()))
        .unwrap()
    };
    let answer = router.clone().oneshot(put(&small, &anna)).await.unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED);
    let before = server.db.dump().await.unwrap();
    let second = drawing_from(8);
    let answer = router.clone().oneshot(put(&second, &anna)).await.unwrap();
    assert_eq!(answer.status(), StatusCode::INSUFFICIENT_STORAGE);
    let body = answer.into_body().collect().await.unwrap().to_bytes();
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["code"], "quota_full");
    assert!(
        body["message"].as_str().unwrap().contains("ruimte"),
        "{body}"
    );
    assert_eq!(server.db.dump().await.unwrap(), before, "nothing stored");
    // Sending what is already there again is no new use; Bram has his own room.
    let answer = router.clone().oneshot(put(&small, &anna)).await.unwrap();
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    let bram = server.login("bram@noord.test").await;
    let answer = router.clone().oneshot(put(&small, &bram)).await.unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED);
}

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

/// A login attempt from `peer` (as the TCP peer the server sees).
fn login_from(
    router: &axum::Router,
    peer: &str,
    email: &str,
    password: &str,
) -> impl std::future::Future<Output = StatusCode> {
    let mut request = post_json(
        "/api/inloggen",
        None,
        &json!({ "email": email, "password": password }),
    );
    let peer: std::net::SocketAddr = peer.parse().unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(peer));
    let router = router.clone();
    async move { router.oneshot(request).await.unwrap().status() }
}

fn roomy_router(server: &TestServer) -> axum::Router {
    test_router(
        AppState::new(
            server.db.clone(),
            std::path::PathBuf::from("geen-site"),
            false,
        )
        .with_password_work(server::auth::PasswordWork::new(2, 400)),
    )
}

/// Item 7: the attempt is counted atomically before the password is checked — 60 wrong
/// passwords at once for one account get at most 10 answers of "wrong", 200 at once from one
/// address (other accounts) at most 50.
#[tokio::test]
async fn parallel_wrong_passwords_never_get_past_the_limit() {
    let server = TestServer::new().await;
    let router = roomy_router(&server);
    let tries: Vec<_> = (0..60)
        .map(|_| {
            tokio::spawn(login_from(
                &router,
                "192.0.2.10:1000",
                "anna@noord.test",
                "fout-fout-fout",
            ))
        })
        .collect();
    let mut wrong = 0;
    for t in tries {
        match t.await.unwrap() {
            StatusCode::UNAUTHORIZED => wrong += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("{other}"),
        }
    }
    assert_eq!(
        wrong,
        server::auth::MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS,
        "one account, one address"
    );
    let tries: Vec<_> = (0..200)
        .map(|i| {
            tokio::spawn(login_from(
                &router,
                "192.0.2.20:1000",
                &format!("iemand{i}@noord.test"),
                "fout-fout-fout",
            ))
        })
        .collect();
    let mut wrong = 0;
    for t in tries {
        match t.await.unwrap() {
            StatusCode::UNAUTHORIZED => wrong += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("{other}"),
        }
    }
    assert_eq!(
        wrong,
        server::auth::MAX_FAILURES_PER_ADDRESS,
        "one address, many accounts"
    );
}

/// Item 8: password work is bounded — past its places a login is refused at once with 503,
/// `Retry-After` and a Dutch sentence, and counts as no attempt.
#[tokio::test]
async fn a_burst_of_logins_past_the_password_work_gets_503_with_retry_after() {
    let server = TestServer::new().await;
    let router = test_router(
        AppState::new(
            server.db.clone(),
            std::path::PathBuf::from("geen-site"),
            false,
        )
        .with_password_work(server::auth::PasswordWork::new(1, 2)),
    );
    let tries: Vec<_> = (0..30)
        .map(|i| {
            let mut request = post_json(
                "/api/inloggen",
                None,
                &json!({ "email": format!("onbekend{i}@noord.test"), "password": "fout-fout-fout" }),
            );
            request.extensions_mut().insert(axum::extract::ConnectInfo(
                format!("192.0.2.{}:1000", i + 1).parse::<std::net::SocketAddr>().unwrap(),
            ));
            let router = router.clone();
            tokio::spawn(async move {
                let answer = router.oneshot(request).await.unwrap();
                let status = answer.status();
                let retry = answer.headers().get(header::RETRY_AFTER).cloned();
                let body = answer.into_body().collect().await.unwrap().to_bytes();
                (status, retry, String::from_utf8_lossy(&body).into_owned())
            })
        })
        .collect();
    let (mut busy, mut wrong) = (0, 0);
    for t in tries {
        let (status, retry, body) = t.await.unwrap();
        match status {
            StatusCode::SERVICE_UNAVAILABLE => {
                busy += 1;
                assert_eq!(retry.unwrap(), "5");
                assert!(
                    body.contains("druk") && body.contains("\"code\":\"busy\""),
                    "{body}"
                );
            }
            StatusCode::UNAUTHORIZED => wrong += 1,
            other => panic!("{other} {body}"),
        }
    }
    assert!(busy > 0 && wrong >= 3, "busy {busy}, wrong {wrong}");
    let counted = server
        .db
        .dump()
        .await
        .unwrap()
        .matches("address:192.0.2.")
        .count();
    assert_eq!(counted, wrong, "a refused login counts as no attempt");
}

/// Item 9: strangers' wrong passwords do not lock the owner out from her own address; the
/// lock-out is per account and address, IPv6 by its /64; a slower account-wide limit stays.
#[tokio::test]
async fn a_flood_of_strangers_does_not_lock_the_owner_out() {
    let server = TestServer::new().await;
    let router = roomy_router(&server);
    for i in 0..40 {
        let peer = format!("203.0.113.{}:4000", i % 4);
        let status = login_from(&router, &peer, "anna@noord.test", "fout-fout-fout").await;
        assert!(
            matches!(
                status,
                StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS
            ),
            "{status}"
        );
    }
    assert_eq!(
        login_from(&router, "203.0.113.1:4000", "anna@noord.test", PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS,
        "the stranger's address is locked for this account"
    );
    assert_eq!(
        login_from(&router, "198.51.100.7:5000", "anna@noord.test", PASSWORD).await,
        StatusCode::OK,
        "the owner, elsewhere, is not"
    );
    // IPv6: every address of one /64 is one bucket.
    for i in 0..10 {
        let peer = format!("[2001:db8:1:2::{:x}]:4000", i + 1);
        login_from(&router, &peer, "bram@noord.test", "fout-fout-fout").await;
    }
    assert_eq!(
        login_from(
            &router,
            "[2001:db8:1:2:ffff::9]:4000",
            "bram@noord.test",
            PASSWORD
        )
        .await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        login_from(
            &router,
            "[2001:db8:1:3::1]:4000",
            "bram@noord.test",
            PASSWORD
        )
        .await,
        StatusCode::OK
    );
    assert_eq!(
        server::auth::address_bucket("::ffff:192.0.2.1"),
        "192.0.2.1"
    );
    assert_eq!(
        server::auth::address_bucket("2001:db8:1:2:aaaa::1"),
        "2001:db8:1:2::/64"
    );
    // The account-wide limit: guesses spread over many addresses stop at it.
    let mut refused = 0;
    for i in 0..(server::auth::MAX_FAILURES_PER_ACCOUNT + 5) {
        let peer = format!("10.{}.{}.1:4000", i / 200, i % 200);
        if login_from(&router, &peer, "lead@noord.test", "fout-fout-fout").await
            == StatusCode::TOO_MANY_REQUESTS
        {
            refused += 1;
        }
    }
    assert_eq!(refused, 5);
}

/// Item 10: a client that trickles its request head is cut off; a request whose body never
/// comes is answered 408 in Dutch; ended sessions are purged by the maintenance run.
#[tokio::test]
async fn slow_clients_are_cut_off_and_ended_sessions_are_purged() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let server = TestServer::new().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let timeouts = server::listen::Timeouts {
        header_read: std::time::Duration::from_millis(500),
        request: std::time::Duration::from_millis(800),
    };
    tokio::spawn(server::listen::serve(
        listener,
        server.router.clone(),
        timeouts,
        std::future::pending(),
    ));
    // Headers that never end.
    let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET /api/ik HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        slow.read_to_end(&mut buf),
    )
    .await
    .expect("the server closes the connection");
    assert!(read.is_ok());
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    // A body that never comes.
    let mut stalled = tokio::net::TcpStream::connect(addr).await.unwrap();
    stalled
        .write_all(b"POST /api/inloggen HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"email\"")
        .await
        .unwrap();
    let mut answer = vec![0u8; 4096];
    let n = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stalled.read(&mut answer),
    )
    .await
    .expect("an answer")
    .unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("duurde te lang"), "{answer}");
    // A normal request still works.
    let mut ok = tokio::net::TcpStream::connect(addr).await.unwrap();
    ok.write_all(b"GET /api/ik HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut buf = Vec::new();
    ok.read_to_end(&mut buf).await.unwrap();
    assert!(String::from_utf8_lossy(&buf).starts_with("HTTP/1.1 401"));

    // Sessions that ended (idle too long) are purged.
    let _anna = server.login("anna@noord.test").await;
    let pool = sqlx::AnyPool::connect(&server.url).await.unwrap();
    sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - $1")
        .bind(server::auth::SESSION_IDLE_MS + 1000)
        .execute(&pool)
        .await
        .unwrap();
    let _bram = server.login("bram@noord.test").await;
    server::jobs::run_once(&server.db, server::clock::now_ms())
        .await
        .unwrap();
    let left: i64 = sqlx::query("SELECT COUNT(*) AS n FROM sessions")
        .fetch_one(&pool)
        .await
        .unwrap()
        .get("n");
    assert_eq!(left, 1, "only Bram's session is left");
}

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
            .map(|c| c.sentence())
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

/// Item 12: the recovery key goes out only right after a password login on the device (with
/// its request key), and is stored wrapped by a key outside the database: a copy of the
/// database opens nothing, and keys stored plain before are wrapped at start.
#[tokio::test]
async fn the_recovery_key_needs_a_fresh_login_and_is_stored_wrapped() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let ask = |cookie: &str| {
        post_json(
            "/api/herstelsleutel",
            Some(cookie),
            &json!({ "vault": "kluis-a" }),
        )
    };
    let (status, answer) = server.send(ask(&anna)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let key = answer["key"].as_str().unwrap().to_owned();
    // Stored wrapped: the key is in no table.
    assert!(!server.db.dump().await.unwrap().contains(&key));
    // The cookie alone (a copied browser profile): nothing.
    let (status, _) = server.send(ask(&cookie_only(&anna))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Once the login is no longer fresh: refused in Dutch, also with cookie and request key.
    let pool = sqlx::AnyPool::connect(&server.url).await.unwrap();
    sqlx::query("UPDATE sessions SET fresh_until = 0")
        .execute(&pool)
        .await
        .unwrap();
    let (status, answer) = server.send(ask(&anna)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
    assert!(
        answer["message"].as_str().unwrap().contains("wachtwoord"),
        "{answer}"
    );
    // A new password login opens it again, and it is the same key.
    let anna = server.login("anna@noord.test").await;
    let (_, answer) = server.send(ask(&anna)).await;
    assert_eq!(answer["key"], json!(key));
    // Another server key (a database restored elsewhere without the key file) opens nothing.
    let elsewhere = test_router(
        AppState::new(
            server.db.clone(),
            std::path::PathBuf::from("geen-site"),
            false,
        )
        .with_recovery_wrap(server::recovery::RecoveryWrap::random()),
    );
    let answer = elsewhere.oneshot(ask(&anna)).await.unwrap();
    assert_eq!(answer.status(), StatusCode::INTERNAL_SERVER_ERROR);
    // A key stored plain (before wrapping) is wrapped by the start-up step, and still opens.
    let anna_id = server.user_id("anna@noord.test").await;
    let plain = "ab".repeat(32);
    sqlx::query("INSERT INTO recovery_keys (user_id, vault_id, key_hex, created_at) VALUES ($1, 'oud', $2, 1)")
        .bind(&anna_id)
        .bind(&plain)
        .execute(&pool)
        .await
        .unwrap();
    let wrap = server::recovery::RecoveryWrap::random();
    assert_eq!(
        server.db.wrap_recovery_keys(&wrap).await.unwrap(),
        1,
        "only the plain one"
    );
    assert_eq!(server.db.wrap_recovery_keys(&wrap).await.unwrap(), 0);
    assert!(!server.db.dump().await.unwrap().contains(&plain));
    assert_eq!(
        server
            .db
            .recovery_key(&anna_id, "oud", &wrap)
            .await
            .unwrap()
            .unwrap(),
        plain
    );
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

/// Item 8: hashing reuses each thread's argon2 memory, and stays the standard PHC argon2id —
/// hashes made before verify, and new ones verify with the argon2 crate's own check.
#[test]
fn password_hashes_stay_standard_argon2id_both_ways() {
    use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
    let old = argon2::Argon2::default()
        .hash_password(
            b"correct paard batterij",
            &SaltString::encode_b64(&[7u8; 16]).unwrap(),
        )
        .unwrap()
        .to_string();
    assert!(server::auth::verify_password(
        "correct paard batterij",
        &old
    ));
    assert!(!server::auth::verify_password(
        "correct paard batterij!",
        &old
    ));
    let new = server::auth::hash_password("een andere zin").unwrap();
    assert!(new.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{new}");
    argon2::Argon2::default()
        .verify_password(b"een andere zin", &PasswordHash::new(&new).unwrap())
        .unwrap();
    assert!(server::auth::verify_password("een andere zin", &new));
    assert!(!server::auth::verify_password(
        "een andere zin",
        "geen hash"
    ));
    assert_ne!(
        new,
        server::auth::hash_password("een andere zin").unwrap(),
        "a new salt each time"
    );
}
