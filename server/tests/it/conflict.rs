//! Two devices of one worker change the same dialogue: the server merges field by field and keeps
//! both values of a field changed differently, for every device alike (issue 4).

use axum::http::StatusCode;
use serde_json::{json, Value};
use werkzaam_domain::Dialogue;
use werkzaam_domain::{merge, merge::Value as FieldValue};

use crate::*;

/// A device of Anna: its client id, the next mutation id and its copies.
struct Device {
    client_id: &'static str,
    next: u64,
}

impl Device {
    fn new(client_id: &'static str) -> Self {
        Device { client_id, next: 1 }
    }

    async fn push(
        &mut self,
        server: &TestServer,
        cookie: &str,
        d: &Dialogue,
    ) -> (StatusCode, Value) {
        let body = json!({
            "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION,
            "client_id": self.client_id,
            "mutations": [{ "id": self.next, "operation": { "upsert_dialogue": { "dialogue": d } } }]
        });
        let answer = server.push(cookie, &body).await;
        if answer.0 == StatusCode::OK {
            self.next += 1;
        }
        answer
    }
}

async fn pull_one(server: &TestServer, cookie: &str, id: &str) -> Dialogue {
    let (status, page) = server
        .send(post_json(
            "/api/sync/pull",
            Some(cookie),
            &json!({ "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION, "cursor": -1 }),
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let found = page["dialogues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .unwrap()
        .clone();
    serde_json::from_value(found).unwrap()
}

fn dialogue() -> Dialogue {
    Dialogue::new(
        "gedeeld-1".into(),
        "C-7".into(),
        "2026-11-20".into(),
        1_763_900_000_000,
    )
}

#[tokio::test]
async fn edits_of_different_fields_on_two_devices_both_arrive() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let (mut phone, mut tablet) = (Device::new("phone"), Device::new("tablet"));
    phone.push(&server, &anna, &dialogue()).await;
    let pulled = pull_one(&server, &anna, "gedeeld-1").await;

    let mut on_phone = pulled.clone();
    on_phone.reflection.learned = "meer tijd nemen".into();
    on_phone.client.good.keywords.push("rustig".into());
    let mut on_tablet = pulled.clone();
    on_tablet.strengths.work = "vrijwilligerswerk".into();
    on_tablet.client.good.keywords.push("eerlijk".into());
    assert_eq!(
        phone.push(&server, &anna, &on_phone).await.0,
        StatusCode::OK
    );
    assert_eq!(
        tablet.push(&server, &anna, &on_tablet).await.0,
        StatusCode::OK
    );

    let merged = pull_one(&server, &anna, "gedeeld-1").await;
    assert_eq!(merged.reflection.learned, "meer tijd nemen");
    assert_eq!(merged.strengths.work, "vrijwilligerswerk");
    assert_eq!(merged.client.good.keywords, vec!["rustig", "eerlijk"]);
    assert!(merged.conflicts.is_empty());
}

#[tokio::test]
async fn the_same_field_changed_on_two_devices_keeps_both_until_someone_chooses() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let (mut phone, mut tablet) = (Device::new("phone"), Device::new("tablet"));
    phone.push(&server, &anna, &dialogue()).await;
    let pulled = pull_one(&server, &anna, "gedeeld-1").await;

    let mut on_phone = pulled.clone();
    on_phone.reflection.learned = "meer tijd nemen".into();
    let mut on_tablet = pulled.clone();
    on_tablet.reflection.learned = "vaker samen tekenen".into();
    phone.push(&server, &anna, &on_phone).await;
    tablet.push(&server, &anna, &on_tablet).await;

    // Both devices pull the same dialogue with the same conflict.
    let seen = pull_one(&server, &anna, "gedeeld-1").await;
    assert_eq!(
        merge::candidates(&seen, "reflection.learned"),
        vec![
            FieldValue::Text("meer tijd nemen".into()),
            FieldValue::Text("vaker samen tekenen".into())
        ]
    );

    // The tablet resolves it; the phone gets the choice.
    let mut chosen = seen.clone();
    merge::resolve(
        &mut chosen,
        "reflection.learned",
        FieldValue::Text("vaker samen tekenen".into()),
    );
    assert_eq!(tablet.push(&server, &anna, &chosen).await.0, StatusCode::OK);
    let after = pull_one(&server, &anna, "gedeeld-1").await;
    assert!(after.conflicts.is_empty());
    assert_eq!(after.reflection.learned, "vaker samen tekenen");
}

#[tokio::test]
async fn a_device_that_edits_on_without_pulling_does_not_conflict_with_itself() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let (mut phone, mut tablet) = (Device::new("phone"), Device::new("tablet"));
    let mut copy = dialogue();
    phone.push(&server, &anna, &copy).await;
    let pulled = pull_one(&server, &anna, "gedeeld-1").await;
    // The tablet changes another field in between.
    let mut on_tablet = pulled.clone();
    on_tablet.strengths.health = "wandelt elke dag".into();
    tablet.push(&server, &anna, &on_tablet).await;
    // The phone types on, pushing after every save, never pulling (its copy stays at version 0).
    for text in ["m", "me", "meer tijd"] {
        copy.reflection.learned = text.into();
        assert_eq!(phone.push(&server, &anna, &copy).await.0, StatusCode::OK);
    }
    let stored = pull_one(&server, &anna, "gedeeld-1").await;
    assert!(stored.conflicts.is_empty(), "{:?}", stored.conflicts);
    assert_eq!(stored.reflection.learned, "meer tijd");
    assert_eq!(stored.strengths.health, "wandelt elke dag");
}

#[tokio::test]
async fn a_conflict_that_names_no_real_field_is_refused_naming_the_mutation() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let mut phone = Device::new("phone");
    let mut bad = serde_json::to_value(dialogue()).unwrap();
    bad["conflicts"] =
        json!([{ "field": "colour", "others": [{ "kind": "text", "value": "rood" }] }]);
    let body = json!({
        "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION,
        "client_id": "phone",
        "mutations": [{ "id": 1, "operation": { "upsert_dialogue": { "dialogue": bad } } }]
    });
    let (status, answer) = server.push(&anna, &body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(answer["mutation_id"], 1);
    assert!(
        answer["message"].as_str().unwrap().contains("versie"),
        "{answer}"
    );
    assert_eq!(server.db.count_dialogues().await.unwrap(), 0);
    // A valid push after it still goes.
    assert_eq!(
        phone.push(&server, &anna, &dialogue()).await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn several_saves_of_one_dialogue_in_one_push_merge_as_if_sent_one_by_one() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let (mut phone, mut tablet) = (Device::new("phone"), Device::new("tablet"));
    let copy = dialogue();
    phone.push(&server, &anna, &copy).await;
    let pulled = pull_one(&server, &anna, "gedeeld-1").await;
    // The tablet changes another field and the same field as the phone will.
    let mut on_tablet = pulled.clone();
    on_tablet.strengths.health = "wandelt elke dag".into();
    on_tablet.client.better.text = "tablet".into();
    tablet.push(&server, &anna, &on_tablet).await;
    // Offline, the phone saved three times (never pulling); the three go in one push.
    let mut saves = Vec::new();
    let mut on_phone = pulled.clone();
    for text in ["m", "me", "meer tijd"] {
        on_phone.reflection.learned = text.into();
        on_phone.client.better.text = "telefoon".into();
        saves.push(on_phone.clone());
    }
    let mutations: Vec<Value> = saves
        .iter()
        .enumerate()
        .map(|(i, d)| json!({ "id": phone.next + i as u64, "operation": { "upsert_dialogue": { "dialogue": d } } }))
        .collect();
    let body = json!({ "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION,
        "client_id": phone.client_id, "mutations": mutations });
    let (status, answer) = server.push(&anna, &body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let stored = pull_one(&server, &anna, "gedeeld-1").await;
    // The phone's own saves never conflict with each other; the tablet's other field stays;
    // the field both changed keeps both versions — exactly one conflict, not three.
    assert_eq!(stored.reflection.learned, "meer tijd");
    assert_eq!(stored.strengths.health, "wandelt elke dag");
    assert_eq!(stored.conflicts.len(), 1, "{:?}", stored.conflicts);
    // Sent one by one instead, the result is the same.
    let one_by_one = TestServer::new().await;
    let anna2 = one_by_one.login("anna@noord.test").await;
    let (mut phone2, mut tablet2) = (Device::new("phone"), Device::new("tablet"));
    phone2.push(&one_by_one, &anna2, &copy).await;
    tablet2.push(&one_by_one, &anna2, &on_tablet).await;
    for save in &saves {
        assert_eq!(
            phone2.push(&one_by_one, &anna2, save).await.0,
            StatusCode::OK
        );
    }
    let mut expected = pull_one(&one_by_one, &anna2, "gedeeld-1").await;
    let mut got = stored.clone();
    for d in [&mut expected, &mut got] {
        d.version = 0;
    }
    assert_eq!(
        serde_json::to_value(&got).unwrap(),
        serde_json::to_value(&expected).unwrap()
    );
}

#[tokio::test]
async fn old_versions_are_forgotten_yet_a_device_that_built_on_one_loses_nothing() {
    let server = TestServer::new().await;
    let anna = server.login("anna@noord.test").await;
    let (mut phone, mut tablet) = (Device::new("phone"), Device::new("tablet"));
    let mut on_phone = dialogue();
    phone.push(&server, &anna, &on_phone).await;
    let mut on_tablet = pull_one(&server, &anna, "gedeeld-1").await;
    // The phone saves four more times without pulling: five versions are kept.
    for text in ["a", "ab", "abc", "abcd"] {
        on_phone.reflection.learned = text.into();
        assert_eq!(
            phone.push(&server, &anna, &on_phone).await.0,
            StatusCode::OK
        );
    }
    assert_eq!(
        server.db.stored_versions("gedeeld-1").await.unwrap().len(),
        5
    );
    // A story saved three times: three versions of a team record.
    for (i, title) in ["Zelf", "Zelf gebeld", "Zelf de huur geregeld"]
        .iter()
        .enumerate()
    {
        let story = json!({ "id": "verhaal-1", "storyteller_id": server.user_id("anna@noord.test").await,
            "interviewer_id": server.user_id("bram@noord.test").await, "held_on": "2026-11-20",
            "title": title });
        let body = json!({ "protocol_version": werkzaam_protocol::sync::PROTOCOL_VERSION, "client_id": "phone",
            "mutations": [{ "id": phone.next + i as u64, "operation": { "upsert_story": { "story": story } } }] });
        assert_eq!(server.push(&anna, &body).await.0, StatusCode::OK);
    }
    phone.next += 3;
    // Young versions stay.
    let keep = server::store::HISTORY_KEEP_DAYS * 86_400_000;
    assert_eq!(
        server
            .db
            .prune_history(server::clock::now_ms() - keep)
            .await
            .unwrap(),
        0
    );
    // Once old, only the current version stays (it is also the phone's last sent).
    let all = server
        .db
        .prune_history(server::clock::now_ms() + 1)
        .await
        .unwrap();
    assert_eq!(
        all,
        4 + 2,
        "four versions of the dialogue, two of the story"
    );
    let kept = server.db.stored_versions("gedeeld-1").await.unwrap();
    assert_eq!(kept.len(), 1);
    // The phone goes on from what it sent: no conflict.
    on_phone.reflection.learned = "abcde".into();
    assert_eq!(
        phone.push(&server, &anna, &on_phone).await.0,
        StatusCode::OK
    );
    let stored = pull_one(&server, &anna, "gedeeld-1").await;
    assert!(stored.conflicts.is_empty(), "{:?}", stored.conflicts);
    // The tablet built on the first version, now forgotten: its change is not lost, and neither
    // is the phone's — what differs is kept as a conflict for Anna to choose.
    on_tablet.strengths.health = "wandelt elke dag".into();
    on_tablet.reflection.learned = "van de tablet".into();
    assert_eq!(
        tablet.push(&server, &anna, &on_tablet).await.0,
        StatusCode::OK
    );
    let stored = pull_one(&server, &anna, "gedeeld-1").await;
    assert_eq!(stored.strengths.health, "wandelt elke dag");
    let text = serde_json::to_string(&stored).unwrap();
    assert!(
        text.contains("abcde") && text.contains("van de tablet"),
        "{text}"
    );
    assert_eq!(stored.conflicts.len(), 1, "{:?}", stored.conflicts);
}
