use proptest::prelude::*;
use werkzaam_sync::*;

fn part() -> impl Strategy<Value = dialogue::Part> {
    (
        prop::collection::vec("\\PC{1,20}", 0..4),
        "\\PC{0,80}",
        prop::collection::vec((any::<bool>(), "[0-9a-f]{64}", 1..9_000_000u64), 0..3),
    )
        .prop_map(|(keywords, text, media)| dialogue::Part {
            keywords,
            text,
            media: media
                .into_iter()
                .map(|(drawing, hash, bytes)| dialogue::MediaRef {
                    kind: if drawing {
                        dialogue::MediaKind::Drawing
                    } else {
                        dialogue::MediaKind::Photo
                    },
                    hash,
                    bytes,
                })
                .collect(),
        })
}

pub fn record() -> impl Strategy<Value = Dialogue> {
    (
        (
            "[a-f0-9-]{1,36}",
            "\\PC{0,40}",
            "[0-9]{4}-[0-9]{2}-[0-9]{2}",
            any::<i64>(),
        ),
        (part(), part(), part(), part()),
        (
            "\\PC{0,40}",
            "\\PC{0,40}",
            prop::option::of(0..=10u8),
            any::<bool>(),
        ),
        (0..3u8, any::<bool>(), any::<bool>(), any::<bool>()),
    )
        .prop_map(
            |(
                (id, client_code, held_on, updated_at_ms),
                (cg, cb, wg, wb),
                (living, learned, score, done),
                (decision, answers, media, reflection),
            )| {
                let mut d = Dialogue::new(id, client_code, held_on, updated_at_ms);
                d.client = dialogue::Perspective {
                    good: cg,
                    better: cb,
                };
                d.worker = dialogue::Perspective {
                    good: wg,
                    better: wb,
                };
                d.strengths.living = living;
                d.reflection.learned = learned;
                d.scales.client.overall = score;
                d.status = if done {
                    dialogue::Status::Done
                } else {
                    dialogue::Status::Draft
                };
                d.consent = dialogue::Consent {
                    decision: match decision {
                        0 => dialogue::ConsentDecision::NotAsked,
                        1 => dialogue::ConsentDecision::Yes,
                        _ => dialogue::ConsentDecision::No,
                    },
                    recorded_on: "2026-11-23".into(),
                    answers,
                    media,
                    reflection,
                };
                d
            },
        )
}

fn push_request() -> impl Strategy<Value = PushRequest> {
    (
        any::<u32>(),
        "[a-z0-9-]{0,40}",
        prop::collection::vec((any::<u64>(), record()), 0..8),
    )
        .prop_map(|(protocol_version, client_id, items)| PushRequest {
            protocol_version,
            client_id,
            mutations: items
                .into_iter()
                .map(|(id, dialogue)| Mutation {
                    id,
                    operation: Operation::UpsertDialogue {
                        dialogue: Box::new(dialogue),
                    },
                })
                .collect(),
        })
}

proptest! {
    #[test]
    fn push_request_survives_json(request in push_request()) {
        let json = serde_json::to_string(&request).unwrap();
        let back: PushRequest = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, request);
    }

    #[test]
    fn team_overview_survives_json(records in prop::collection::vec(record(), 0..5), name in "\\PC{0,30}") {
        let overview = TeamOverview {
            team_name: name.clone(),
            dialogues: records
                .into_iter()
                .map(|dialogue| TeamDialogue { dialogue, worker_name: name.clone(), synced_at_ms: 5, received_media: vec![] })
                .collect(),
            alerts: vec![],
            total: 7,
            more: true,
        };
        let json = serde_json::to_string(&overview).unwrap();
        let back: TeamOverview = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, overview);
    }

    #[test]
    fn push_response_and_profile_survive_json(last in any::<u64>(), teamleider in any::<bool>()) {
        let response = PushResponse { last_mutation_id: last };
        let back: PushResponse = serde_json::from_str(&serde_json::to_string(&response).unwrap()).unwrap();
        prop_assert_eq!(back, response);
        let profile = Profile {
            user_id: "u1".into(),
            display_name: "Anna".into(),
            email: "anna@example.org".into(),
            role: if teamleider { Role::Teamleider } else { Role::Medewerker },
            team_id: "t1".into(),
            team_name: "Wijkteam Noord".into(),
        };
        let back: Profile = serde_json::from_str(&serde_json::to_string(&profile).unwrap()).unwrap();
        prop_assert_eq!(back, profile);
    }
}

#[test]
fn mutation_json_names_its_operation() {
    let m = crate::upsert(3, crate::dialogue("d1", "C-1", "rust"));
    let json = serde_json::to_value(&m).unwrap();
    assert_eq!(
        json["operation"]["upsert_dialogue"]["dialogue"]["client_code"],
        "C-1"
    );
    assert_eq!(
        json["operation"]["upsert_dialogue"]["dialogue"]["client"]["good"]["keywords"][0],
        "rust"
    );
}

#[test]
fn a_push_without_a_field_does_not_parse() {
    let json = r#"{"protocol_version":2,"mutations":[]}"#;
    let err = serde_json::from_str::<PushRequest>(json).unwrap_err();
    assert!(err.to_string().contains("client_id"), "{err}");
}
