//! Erasure and attachments: no byte of any version of an erased drawing stays in a table or a
//! file, the collector, the quota, and an inzage that shows only one's own (items 1–3).

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::json;

use crate::*;

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
