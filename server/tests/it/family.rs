//! Family dialogues (issue 18, item 7; decision 23): the participants' answers and drawings
//! travel with the dialogue and are shared under the client's consent like the client's own.

use axum::http::StatusCode;
use serde_json::json;
use werkzaam_domain::dialogue::{ConsentDecision, MediaKind, MediaRef};
use werkzaam_domain::hash::content_hash;

use crate::consent::{attachment_url, drawing_bytes, push_dialogue, rich_dialogue, upload_both};
use crate::*;

/// A family dialogue (issue 18, item 7): the others' answers and drawings reach the team lead
/// only as far as the consent goes, never another team or a colleague; a dialogue with too many
/// participants or two in one place is refused in Dutch and changes nothing.
#[tokio::test]
async fn a_family_dialogues_participants_are_shared_as_far_as_the_consent_covers() {
    use werkzaam_domain::dialogue::{Aspect, PartAt, Participant, Relation, Voice};
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let family = |answers, media| {
        let mut d = rich_dialogue("f1", ConsentDecision::Yes, answers, media, false);
        d.client.good.media.clear();
        d.worker.better.media.clear();
        d.add_other(Relation::Parent);
        d.add_other(Relation::Child);
        d.part_at_mut(PartAt::new(Voice::Other(1), Aspect::Good))
            .keywords = vec!["eerlijk".into()];
        d.part_at_mut(PartAt::new(Voice::Other(2), Aspect::Good))
            .media = vec![MediaRef {
            kind: MediaKind::Drawing,
            hash: content_hash(&drawing_bytes()),
            bytes: drawing_bytes().len() as u64,
        }];
        d
    };
    push_dialogue(&server, &anna, "a1", 1, &family(true, false)).await;
    upload_both(&server, &anna).await;
    let drawing = attachment_url(&drawing_bytes(), "f1");

    // The author gets everything back in her pull.
    let (status, pulled) = server
        .send(post_json(
            "/api/sync/pull",
            Some(&anna),
            &json!({ "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION, "cursor": -1 }),
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{pulled}");
    let own = &pulled["dialogues"][0];
    assert_eq!(own["others"][1]["relation"], "child");
    assert_eq!(
        own["others"][1]["good"]["media"][0]["hash"],
        content_hash(&drawing_bytes())
    );

    // The lead: the ouder's words, not the kind's drawing (answers only).
    let lead = server.login("lead@noord.test").await;
    let (status, item) = server.send(get("/api/team/dialogen/f1", Some(&lead))).await;
    assert_eq!(status, StatusCode::OK, "{item}");
    let shown = &item["dialogue"];
    assert_eq!(shown["others"][0]["relation"], "parent");
    assert_eq!(shown["others"][0]["good"]["keywords"], json!(["eerlijk"]));
    assert_eq!(shown["others"][1]["good"]["media"], json!([]));
    let (status, _, _) = server.send_raw(get(&drawing, Some(&lead))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Drawings shared too: the kind's drawing reaches this team's lead.
    let mut d = family(true, true);
    d.version = 1;
    push_dialogue(&server, &anna, "a1", 2, &d).await;
    let (status, _, bytes) = server.send_raw(get(&drawing, Some(&lead))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, drawing_bytes());
    // Another team's lead learns nothing; a colleague gets nothing.
    let zuid = server.login("lead@zuid.test").await;
    let (status, _) = server.send(get("/api/team/dialogen/f1", Some(&zuid))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = server.send_raw(get(&drawing, Some(&zuid))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let bram = server.login("bram@noord.test").await;
    let (status, _) = server.send(get("/api/team/dialogen/f1", Some(&bram))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = server.send_raw(get(&drawing, Some(&bram))).await;
    assert!(
        status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
        "{status}"
    );
    // An administrator manages accounts, and reads no client content.
    let admin = server.login("admin@werkzaam.test").await;
    let (status, _) = server
        .send(get("/api/team/dialogen/f1", Some(&admin)))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, bytes) = server.send_raw(get(&drawing, Some(&admin))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_ne!(bytes, drawing_bytes());

    // Too many people, or two in one place: refused in Dutch, nothing changed.
    let mut crowded = family(true, true);
    crowded.version = 2;
    for slot in 3..=5 {
        crowded.others.push(Participant {
            slot,
            relation: Some(Relation::Relative),
            ..Participant::default()
        });
    }
    let mut twice = family(true, true);
    twice.version = 2;
    twice.others[1].slot = 1;
    for (bad, says) in [
        (crowded, "Hoogstens 4 mensen naast de cliënt"),
        (twice, "Twee mensen in het gesprek hebben dezelfde plaats."),
    ] {
        let body = json!({
            "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION,
            "client_id": "a1",
            "mutations": [{ "id": 3, "operation": { "upsert_dialogue": { "dialogue": bad } } }]
        });
        let (status, answer) = server.push(&anna, &body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
        assert!(
            answer["message"].as_str().unwrap().contains(says),
            "{answer}"
        );
    }
    let (_, item) = server.send(get("/api/team/dialogen/f1", Some(&lead))).await;
    assert_eq!(item["dialogue"]["others"].as_array().unwrap().len(), 2);
    assert_eq!(item["dialogue"]["version"], 2);
}
