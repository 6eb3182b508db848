use crate::common::record;
use proptest::prelude::*;
use werkzaam_domain::review::Thresholds;
use werkzaam_domain::variant::Variant;
use werkzaam_domain::Role;
use werkzaam_protocol::account::{Me, Profile, TeamThresholds};
use werkzaam_protocol::sync::*;
use werkzaam_protocol::team::{TeamDialogue, TeamOverview};

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

    /// A push written from stored JSON (`outbox::push_body`) is the push `serde_json` writes:
    /// the server reads the very same request.
    #[test]
    fn a_push_body_from_stored_json_reads_as_the_request(request in push_request(), noop_at in 0usize..8, odd_id in any::<bool>()) {
        use werkzaam_protocol::outbox::{push_body, Outgoing};
        let mut request = request;
        if odd_id {
            request.client_id.push_str("\"\\é\n");
        }
        if let Some(m) = request.mutations.get_mut(noop_at) {
            m.operation = Operation::Noop;
        }
        let outgoing: Vec<Outgoing> = request
            .mutations
            .iter()
            .map(|m| match &m.operation {
                Operation::UpsertDialogue { dialogue } => {
                    Outgoing::dialogue(m.id, &dialogue.id, &serde_json::to_string(dialogue).unwrap())
                }
                _ => Outgoing::of(m).unwrap(),
            })
            .collect();
        let body = push_body(request.protocol_version, &request.client_id, &outgoing);
        let back: PushRequest = serde_json::from_str(&body).unwrap();
        prop_assert_eq!(&back, &request);
        prop_assert_eq!(body, serde_json::to_string(&request).unwrap());
        for (o, m) in outgoing.iter().zip(&request.mutations) {
            prop_assert_eq!(o, &Outgoing::of(m).unwrap());
        }
    }

    /// A pulled page kept as the server wrote it (`PulledJson`, `pack_json`) reads back as the
    /// very dialogues, and the pull rules keep the same ones as for the dialogues themselves.
    #[test]
    fn a_page_kept_as_json_reads_as_its_dialogues(records in prop::collection::vec(record(), 0..6), pending_at in 0usize..6) {
        use werkzaam_protocol::outbox::{pack_json, pulled_page, PendingRef, PulledJson};
        let response = PullResponse { cursor: 9, dialogues: records.clone(), more: false, last_mutation_id: 0, erased: vec![] };
        let wire = serde_json::to_string(&response).unwrap();
        let raw: PullResponse<Box<serde_json::value::RawValue>> = serde_json::from_str(&wire).unwrap();
        let pulled: Vec<PulledJson> = raw.dialogues.into_iter().map(|j| PulledJson::read(j).unwrap()).collect();
        let back: Vec<werkzaam_domain::Dialogue> = serde_json::from_str(&pack_json(&pulled)).unwrap();
        prop_assert_eq!(&back, &records);
        let pending: Vec<PendingRef> = records
            .get(pending_at)
            .map(|d| PendingRef { id: 1, dialogue_id: Some(d.id.clone()), team_record_id: None })
            .into_iter()
            .collect();
        let typed = pulled_page(&pending, records, 9, None);
        let kept = pulled_page(&pending, pulled, 9, None);
        prop_assert_eq!(kept.keep_cursor, typed.keep_cursor);
        let kept: Vec<werkzaam_domain::Dialogue> = serde_json::from_str(&pack_json(&kept.store)).unwrap();
        prop_assert_eq!(kept, typed.store);
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
            variant: if teamleider { Variant::NlBe } else { Variant::NlNl },
        };
        let back: Profile = serde_json::from_str(&serde_json::to_string(&profile).unwrap()).unwrap();
        prop_assert_eq!(&back, &profile);
        // `/api/ik` adds the team's thresholds beside the profile's fields; a profile reads it too.
        let me = Me { profile: profile.clone(), thresholds: Thresholds { drop: 3, low: 2, divergence: 5 } };
        let json = serde_json::to_string(&me).unwrap();
        prop_assert_eq!(&serde_json::from_str::<Me>(&json).unwrap(), &me);
        prop_assert_eq!(serde_json::from_str::<Profile>(&json).unwrap(), profile.clone());
        prop_assert_eq!(serde_json::from_str::<TeamThresholds>(&json).unwrap().thresholds, me.thresholds);
        // From a server without thresholds: the defaults.
        let plain = serde_json::to_string(&profile).unwrap();
        prop_assert_eq!(serde_json::from_str::<Me>(&plain).unwrap().thresholds, Thresholds::default());
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

#[test]
fn a_profile_kept_from_before_team_variants_reads_as_nl_nl() {
    let old = r#"{"user_id":"u1","display_name":"Anna","email":"a@b.nl","role":"medewerker","team_id":"t1","team_name":"Noord"}"#;
    let profile: Profile = serde_json::from_str(old).unwrap();
    assert_eq!(profile.variant, Variant::NlNl);
}

#[test]
fn a_round_travels_as_its_own_operation_and_comes_back_in_a_team_pull() {
    use werkzaam_domain::team::{Round, TeamRecord};
    use werkzaam_protocol::sync::{Operation, TeamPullResponse};
    let mut round = Round::new("r1".into(), "2026-12-01", "2026-12-31", &["u1".into()], 5);
    round.conclusions.structural = "Elk kwartaal".into();
    let op = Operation::from(TeamRecord::Round(round.clone()));
    let json = serde_json::to_value(&op).unwrap();
    assert_eq!(
        json["upsert_round"]["round"]["conclusions"]["structural"],
        "Elk kwartaal"
    );
    let back: Operation = serde_json::from_value(json).unwrap();
    assert_eq!(back.team_record(), Some(TeamRecord::Round(round.clone())));
    // A pull from before rounds (no `rounds`) still reads; one with rounds keeps them.
    let old: TeamPullResponse =
        serde_json::from_str(r#"{"cursor":3,"stories":[],"actions":[],"more":false}"#).unwrap();
    assert!(old.rounds.is_empty());
    let page = TeamPullResponse {
        rounds: vec![round],
        ..old
    };
    let again: TeamPullResponse =
        serde_json::from_str(&serde_json::to_string(&page).unwrap()).unwrap();
    assert_eq!(again, page);
}
