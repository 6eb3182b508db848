//! Geheimhoudingsplicht: the server shows a dialogue to nobody but its author unless the
//! client's consent covers it, and then only the parts it covers. These tests try.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::json;
use werkzaam_domain::dialogue::{ConsentDecision, MediaKind, MediaRef};
use werkzaam_domain::hash::content_hash;
use werkzaam_domain::{drawing, Dialogue};

use crate::*;

/// A small valid drawing: one stroke.
pub(crate) fn drawing_bytes() -> Vec<u8> {
    let mut d = drawing::Drawing::new(1000, 1300);
    d.strokes.push(drawing::Stroke {
        color: 1,
        size: 1,
        points: (0..20)
            .map(|i| drawing::Point {
                x: 100 + i * 10,
                y: 200 + i * 5,
                pressure: 8,
            })
            .collect(),
    });
    drawing::encode(&d)
}

/// A tiny "JPEG": the magic bytes are what the server checks.
pub(crate) fn photo_bytes() -> Vec<u8> {
    let mut b = vec![0xff, 0xd8, 0xff, 0xe0];
    b.extend_from_slice(b"een foto van een collage");
    b
}

/// Anna's dialogue with words, a drawing, a photo, strengths, a reflection and a nickname.
pub(crate) fn rich_dialogue(
    id: &str,
    decision: ConsentDecision,
    answers: bool,
    media: bool,
    reflection: bool,
) -> Dialogue {
    let mut d = Dialogue::new(
        id.into(),
        "C-77".into(),
        "2026-11-20".into(),
        1_763_900_000_000,
    );
    d.nickname = "mevrouw met de hond".into();
    d.client.good.keywords = vec!["luistert".into()];
    d.client.better.text = "vaker bellen".into();
    d.client.good.media.push(MediaRef {
        kind: MediaKind::Drawing,
        hash: content_hash(&drawing_bytes()),
        bytes: drawing_bytes().len() as u64,
    });
    d.worker.better.media.push(MediaRef {
        kind: MediaKind::Photo,
        hash: content_hash(&photo_bytes()),
        bytes: photo_bytes().len() as u64,
    });
    d.strengths.social = "zus komt elke week".into();
    d.reflection.learned = "meer ruimte laten".into();
    d.consent.decision = decision;
    if decision != ConsentDecision::NotAsked {
        d.consent.recorded_on = "2026-11-20".into();
    }
    d.consent.answers = answers;
    d.consent.media = media;
    d.consent.reflection = reflection;
    d
}

pub(crate) async fn push_dialogue(
    server: &TestServer,
    cookie: &str,
    client: &str,
    mutation: u64,
    d: &Dialogue,
) {
    let body = json!({
        "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION,
        "client_id": client,
        "mutations": [{ "id": mutation, "operation": { "upsert_dialogue": { "dialogue": d } } }]
    });
    let (status, answer) = server.push(cookie, &body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
}

fn put_attachment(hash: &str, content_type: &str, cookie: &str, bytes: Vec<u8>) -> Request<Body> {
    Request::put(format!("/api/bijlagen/{hash}"))
        .header(header::CONTENT_TYPE, content_type)
        .header(header::COOKIE, cookie)
        .body(Body::from(bytes))
        .unwrap()
}

pub(crate) async fn upload_both(server: &TestServer, cookie: &str) {
    for (bytes, kind) in [
        (drawing_bytes(), MediaKind::Drawing),
        (photo_bytes(), MediaKind::Photo),
    ] {
        let (status, body) = server
            .send(put_attachment(
                &content_hash(&bytes),
                kind.content_type(),
                cookie,
                bytes,
            ))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
}

pub(crate) fn attachment_url(bytes: &[u8], dialogue: &str) -> String {
    format!("/api/bijlagen/{}?dialoog={dialogue}", content_hash(bytes))
}

#[tokio::test]
async fn without_consent_the_team_lead_sees_nothing_and_a_direct_request_is_refused() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    push_dialogue(
        &server,
        &anna,
        "a1",
        1,
        &rich_dialogue("d-not-asked", ConsentDecision::NotAsked, true, true, true),
    )
    .await;
    push_dialogue(
        &server,
        &anna,
        "a1",
        2,
        &rich_dialogue("d-no", ConsentDecision::No, true, true, true),
    )
    .await;
    upload_both(&server, &anna).await;

    let lead = server.login("lead@noord.test").await;
    let (status, overview) = server.send(get("/api/team/dialogen", Some(&lead))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(overview["dialogues"], json!([]));
    let text = overview.to_string();
    assert!(
        !text.contains("luistert") && !text.contains("C-77"),
        "{text}"
    );

    for id in ["d-not-asked", "d-no"] {
        let (status, body) = server
            .send(get(&format!("/api/team/dialogen/{id}"), Some(&lead)))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert_eq!(body["code"], "no_consent");
        assert!(body["message"].as_str().unwrap().contains("toestemming"));
        assert!(!body.to_string().contains("luistert"));
        let (status, _, bytes) = server
            .send_raw(get(&attachment_url(&drawing_bytes(), id), Some(&lead)))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_ne!(bytes, drawing_bytes());
    }
}

#[tokio::test]
async fn with_consent_for_answers_only_the_team_lead_sees_words_but_no_drawings_or_reflection() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    push_dialogue(
        &server,
        &anna,
        "a1",
        1,
        &rich_dialogue("d1", ConsentDecision::Yes, true, false, false),
    )
    .await;
    upload_both(&server, &anna).await;
    let lead = server.login("lead@noord.test").await;

    let (status, item) = server.send(get("/api/team/dialogen/d1", Some(&lead))).await;
    assert_eq!(status, StatusCode::OK, "{item}");
    let d = &item["dialogue"];
    assert_eq!(d["client"]["good"]["keywords"], json!(["luistert"]));
    assert_eq!(d["client"]["better"]["text"], "vaker bellen");
    assert_eq!(d["strengths"]["social"], "zus komt elke week");
    assert_eq!(d["client"]["good"]["media"], json!([]));
    assert_eq!(d["worker"]["better"]["media"], json!([]));
    assert_eq!(d["reflection"]["learned"], "");
    assert_eq!(d["nickname"], "");
    assert!(!item.to_string().contains("mevrouw met de hond"));

    let (status, _, _) = server
        .send_raw(get(&attachment_url(&photo_bytes(), "d1"), Some(&lead)))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The author always gets their own attachment.
    let (status, headers, bytes) = server
        .send_raw(get(&attachment_url(&photo_bytes(), "d1"), Some(&anna)))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "image/jpeg");
    assert_eq!(bytes, photo_bytes());
}

#[tokio::test]
async fn with_consent_for_drawings_the_team_lead_gets_them_and_sees_which_arrived() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    push_dialogue(
        &server,
        &anna,
        "a1",
        1,
        &rich_dialogue("d1", ConsentDecision::Yes, false, true, true),
    )
    .await;
    let lead = server.login("lead@noord.test").await;

    // The text arrived before the attachments: the team lead sees they are on their way.
    let (_, item) = server.send(get("/api/team/dialogen/d1", Some(&lead))).await;
    assert_eq!(item["received_media"], json!([]));
    assert_eq!(item["dialogue"]["client"]["good"]["keywords"], json!([]));
    assert_eq!(
        item["dialogue"]["reflection"]["learned"],
        "meer ruimte laten"
    );
    let (status, _, _) = server
        .send_raw(get(&attachment_url(&drawing_bytes(), "d1"), Some(&lead)))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    upload_both(&server, &anna).await;
    let (_, item) = server.send(get("/api/team/dialogen/d1", Some(&lead))).await;
    assert_eq!(item["received_media"].as_array().unwrap().len(), 2);
    let (status, headers, bytes) = server
        .send_raw(get(&attachment_url(&drawing_bytes(), "d1"), Some(&lead)))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], drawing::CONTENT_TYPE);
    assert_eq!(bytes, drawing_bytes());
    // The lead's look at the drawing is in the access log (issue 6).
    let team = server
        .db
        .user_by_email("lead@noord.test")
        .await
        .unwrap()
        .unwrap()
        .team_id;
    let events = server.db.access_events(&team, 50).await.unwrap();
    assert!(events
        .iter()
        .any(|e| e.what == "bijlage" && e.record_id.as_deref() == Some("d1")));

    // Another team's lead learns nothing, not even that the dialogue exists.
    let zuid = server.login("lead@zuid.test").await;
    let (status, body) = server.send(get("/api/team/dialogen/d1", Some(&zuid))).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let (status, _, _) = server
        .send_raw(get(&attachment_url(&drawing_bytes(), "d1"), Some(&zuid)))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A colleague who is not a team lead neither.
    let bram = server.login("bram@noord.test").await;
    let (status, _) = server.send(get("/api/team/dialogen/d1", Some(&bram))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = server
        .send_raw(get(&attachment_url(&drawing_bytes(), "d1"), Some(&bram)))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn withdrawing_consent_hides_the_dialogue_again() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    push_dialogue(
        &server,
        &anna,
        "a1",
        1,
        &rich_dialogue("d1", ConsentDecision::Yes, true, true, true),
    )
    .await;
    let lead = server.login("lead@noord.test").await;
    let (_, overview) = server.send(get("/api/team/dialogen", Some(&lead))).await;
    assert_eq!(overview["dialogues"].as_array().unwrap().len(), 1);
    push_dialogue(
        &server,
        &anna,
        "a1",
        2,
        &rich_dialogue("d1", ConsentDecision::No, true, true, true),
    )
    .await;
    let (_, overview) = server.send(get("/api/team/dialogen", Some(&lead))).await;
    assert_eq!(overview["dialogues"], json!([]));
    let (status, _) = server.send(get("/api/team/dialogen/d1", Some(&lead))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_attachment_is_checked_against_its_hash_type_and_size() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let bytes = photo_bytes();
    let hash = content_hash(&bytes);

    // Bytes that do not match the address: refused, nothing stored.
    let mut broken = bytes.clone();
    broken.push(0);
    let (status, body) = server
        .send(put_attachment(&hash, "image/jpeg", &anna, broken))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], "hash_mismatch");
    assert!(server
        .db
        .attachment(&server.user_id("anna@noord.test").await, &hash)
        .await
        .unwrap()
        .is_none());

    let (status, _) = server
        .send(put_attachment("abc", "image/jpeg", &anna, bytes.clone()))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, body) = server
        .send(put_attachment(&hash, "text/html", &anna, bytes.clone()))
        .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{body}");
    let not_jpeg = b"<script>".to_vec();
    let (status, body) = server
        .send(put_attachment(
            &content_hash(&not_jpeg),
            "image/jpeg",
            &anna,
            not_jpeg,
        ))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let not_drawing = b"WZ\x01garbage".to_vec();
    let (status, body) = server
        .send(put_attachment(
            &content_hash(&not_drawing),
            drawing::CONTENT_TYPE,
            &anna,
            not_drawing,
        ))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["message"].as_str().unwrap().contains("tekening"));

    let mut huge = vec![0xff, 0xd8, 0xff];
    huge.resize(8 * 1024 * 1024 + 10, 7);
    let (status, body) = server
        .send(put_attachment(
            &content_hash(&huge),
            "image/jpeg",
            &anna,
            huge,
        ))
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(body["message"].as_str().unwrap().contains("8 MB"), "{body}");

    // Sent once, then again: stored once.
    let (status, _) = server
        .send(put_attachment(&hash, "image/jpeg", &anna, bytes.clone()))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = server
        .send(put_attachment(&hash, "image/jpeg", &anna, bytes.clone()))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    // Without a session nothing goes in.
    let request = Request::put(format!("/api/bijlagen/{hash}"))
        .header(header::CONTENT_TYPE, "image/jpeg")
        .body(Body::from(bytes))
        .unwrap();
    let (status, _) = server.send(request).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn fetching_an_attachment_needs_its_dialogue() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    push_dialogue(
        &server,
        &anna,
        "a1",
        1,
        &rich_dialogue("d1", ConsentDecision::Yes, true, true, true),
    )
    .await;
    upload_both(&server, &anna).await;
    let (status, body) = server
        .send(get(
            &format!("/api/bijlagen/{}", content_hash(&photo_bytes())),
            Some(&anna),
        ))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["message"].as_str().unwrap().contains("dialoog"));
    // A hash the dialogue does not show is not served through it.
    let (status, _) = server
        .send(get(
            &format!("/api/bijlagen/{}?dialoog=d1", "0".repeat(64)),
            Some(&anna),
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn dialogues_stored_before_the_document_format_keep_their_keywords() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("old.db").display());
    let options = <sqlx::sqlite::SqliteConnectOptions as std::str::FromStr>::from_str(&url)
        .unwrap()
        .create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    let mut first = sqlx::migrate!("./migrations/sqlite");
    first.migrations = std::borrow::Cow::Owned(first.migrations[..1].to_vec());
    first.run(&pool).await.unwrap();
    for sql in [
        "INSERT INTO teams VALUES ('t1', 'Noord', 0)",
        "INSERT INTO users VALUES ('u1', 't1', 'a@x', 'Anna', 'medewerker', 'x', 0)",
        "INSERT INTO dialogues VALUES ('d1', 't1', 'u1', 'C-1', '2026-11-01', 'luistert', 'samen', 5, 6)",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    pool.close().await;

    let db = server::store::Db::connect(&url).await.unwrap();
    let stored = db.dialogue("d1").await.unwrap().unwrap();
    let d = &stored.row.dialogue;
    assert_eq!(d.client.good.text, "luistert");
    assert_eq!(d.worker.good.text, "samen");
    assert_eq!(
        (d.client_code.as_str(), d.held_on.as_str()),
        ("C-1", "2026-11-01")
    );
    // Nothing was shared before consent existed.
    assert!(stored.shared().is_none());
}

/// Issue 18: the agreements, the follow-up, the attitude mirror and the photo of the paper
/// sheet travel with the dialogue and are shown only as far as the consent covers them; the
/// client's own choice in client mode shares nothing until the worker confirms it.
#[tokio::test]
async fn the_guided_dialogues_parts_are_shared_only_as_far_as_the_confirmed_consent_covers() {
    use werkzaam_domain::dialogue::{Agreement, Attitude, Party};
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let guided = |decision, answers, media| {
        let mut d = rich_dialogue("g1", decision, answers, media, false);
        d.client.good.media.clear();
        d.worker.better.media.clear();
        d.sheet.push(MediaRef {
            kind: MediaKind::Photo,
            hash: content_hash(&photo_bytes()),
            bytes: photo_bytes().len() as u64,
        });
        d.agreements.push(Agreement {
            id: "a1".into(),
            what: "Elke week even bellen".into(),
            who: Party::Worker,
            when: "2026-12-01".into(),
        });
        d.mirror.client.set(Attitude::Time, Some(1));
        d.mirror.worker.set(Attitude::Time, Some(3));
        d.client_consent = ConsentDecision::Yes;
        d
    };
    // The client said yes in client mode; the worker has not confirmed: nothing is shared.
    push_dialogue(
        &server,
        &anna,
        "a1",
        1,
        &guided(ConsentDecision::NotAsked, true, true),
    )
    .await;
    upload_both(&server, &anna).await;
    let lead = server.login("lead@noord.test").await;
    let (status, _) = server.send(get("/api/team/dialogen/g1", Some(&lead))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let sheet = attachment_url(&photo_bytes(), "g1");
    let (status, _, _) = server.send_raw(get(&sheet, Some(&lead))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Confirmed for the answers only: agreements and mirror, not the sheet's photo.
    let mut d = guided(ConsentDecision::Yes, true, false);
    d.version = 1;
    push_dialogue(&server, &anna, "a1", 2, &d).await;
    let (status, item) = server.send(get("/api/team/dialogen/g1", Some(&lead))).await;
    assert_eq!(status, StatusCode::OK, "{item}");
    let shown = &item["dialogue"];
    assert_eq!(shown["agreements"][0]["what"], "Elke week even bellen");
    assert_eq!(shown["mirror"]["client"]["time"], 1);
    assert!(shown.get("sheet").is_none(), "{shown}");
    let (status, _, _) = server.send_raw(get(&sheet, Some(&lead))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Answers and drawings: the sheet's photo too — to this team's lead only.
    let mut d = guided(ConsentDecision::Yes, true, true);
    d.version = 2;
    push_dialogue(&server, &anna, "a1", 3, &d).await;
    let (status, item) = server.send(get("/api/team/dialogen/g1", Some(&lead))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        item["dialogue"]["sheet"][0]["hash"],
        content_hash(&photo_bytes())
    );
    let (status, _, bytes) = server.send_raw(get(&sheet, Some(&lead))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, photo_bytes());
    // Another team's lead learns nothing, not even that it exists; a colleague gets nothing.
    let zuid = server.login("lead@zuid.test").await;
    let (status, _, _) = server.send_raw(get(&sheet, Some(&zuid))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let bram = server.login("bram@noord.test").await;
    let (status, _) = server.send(get("/api/team/dialogen/g1", Some(&bram))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = server.send_raw(get(&sheet, Some(&bram))).await;
    assert!(
        status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
        "{status}"
    );
}

/// A pushed dialogue with a wrong agreement or mirror answer is refused with a Dutch reason
/// and changes nothing.
#[tokio::test]
async fn a_dialogue_with_a_wrong_agreement_is_refused_and_changes_nothing() {
    use werkzaam_domain::dialogue::Agreement;
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let mut d = rich_dialogue("w1", ConsentDecision::NotAsked, false, false, false);
    d.agreements.push(Agreement {
        id: "a1".into(),
        what: "  ".into(),
        ..Agreement::default()
    });
    let body = json!({
        "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION,
        "client_id": "a1",
        "mutations": [{ "id": 1, "operation": { "upsert_dialogue": { "dialogue": d } } }]
    });
    let (status, answer) = server.push(&anna, &body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .contains("Schrijf bij een afspraak wat er gebeurt."),
        "{answer}"
    );
    assert_eq!(server.db.count_dialogues().await.unwrap(), 0);
}
