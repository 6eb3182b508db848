use werkzaam_domain::dialogue::*;
use werkzaam_domain::hash::{content_hash, is_content_hash};
use werkzaam_domain::rules::validate;

#[test]
fn a_dialogue_from_the_first_app_version_keeps_its_keywords() {
    let json = r#"{"id":"d1","client_code":"C-1","held_on":"2026-11-20","client_keywords":"luistert","worker_keywords":"samen","updated_at_ms":5}"#;
    let old: LegacyDialogue = serde_json::from_str(json).unwrap();
    let d: Dialogue = old.into();
    assert_eq!(d.client.good.text, "luistert");
    assert_eq!(d.worker.good.text, "samen");
    assert_eq!(
        (d.id.as_str(), d.held_on.as_str(), d.updated_at_ms),
        ("d1", "2026-11-20", 5)
    );
    // A current dialogue is not mistaken for an old one.
    let current = crate::dialogue("d2", "C-2", "rust");
    let json = serde_json::to_string(&current).unwrap();
    assert!(serde_json::from_str::<LegacyDialogue>(&json).is_err());
}

#[test]
fn a_dialogue_with_an_unknown_field_is_refused() {
    let json = r#"{"id":"d1","client_code":"C-1","held_on":"2026-11-20","mood":"blij"}"#;
    assert!(serde_json::from_str::<Dialogue>(json).is_err());
}

#[test]
fn content_hash_is_sha256_in_hex() {
    assert_eq!(
        content_hash(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert!(is_content_hash(&content_hash(b"")));
    assert!(!is_content_hash("BA7816"));
    assert!(!is_content_hash(&"g".repeat(64)));
}

#[test]
fn validation_names_what_is_wrong_in_dutch() {
    let ok = crate::dialogue("d1", "C-1", "luistert");
    assert_eq!(validate::dialogue(&ok), Ok(()));

    let mut d = ok.clone();
    d.client.better.keywords.push(" spatie".into());
    assert_eq!(validate::dialogue(&d).unwrap_err().field, "client-better");

    let mut d = ok.clone();
    d.worker.good.media.push(MediaRef {
        kind: MediaKind::Photo,
        hash: "a".repeat(64),
        bytes: validate::MAX_ATTACHMENT_BYTES + 1,
    });
    let err = validate::dialogue(&d).unwrap_err();
    assert!(err.message.contains("8 MB"), "{}", err.message);

    let mut d = ok.clone();
    d.scales.worker.goals = Some(11);
    assert_eq!(validate::dialogue(&d).unwrap_err().field, "scales");

    let mut d = ok.clone();
    d.consent.decision = ConsentDecision::Yes;
    assert_eq!(validate::dialogue(&d).unwrap_err().field, "consent");
    d.consent.recorded_on = "2026-11-23".into();
    assert_eq!(validate::dialogue(&d), Ok(()));

    let mut d = ok;
    d.reflection.process = "x".repeat(validate::MAX_TEXT_CHARS + 1);
    assert_eq!(validate::dialogue(&d).unwrap_err().field, "reflection");
}

#[test]
fn media_lists_each_attachment_once() {
    let mut d = crate::dialogue("d1", "C-1", "x");
    let m = MediaRef {
        kind: MediaKind::Drawing,
        hash: "c".repeat(64),
        bytes: 10,
    };
    d.client.good.media.push(m.clone());
    d.worker.better.media.push(m.clone());
    assert_eq!(d.media(), vec![&m]);
    assert!(d.refers_to(&m.hash));
    assert!(!d.refers_to(&"d".repeat(64)));
}

proptest::proptest! {
    /// A pulled dialogue's head, read from its JSON alone, names what the whole dialogue does:
    /// its id, version and attachments (issue 17: a pulled page is stored without being read
    /// into dialogues).
    #[test]
    fn a_dialogues_head_read_from_its_json_matches_the_dialogue(d in crate::common::record(), version in 0u64..1_000_000) {
        let mut d = d;
        d.version = version;
        let json = serde_json::to_string(&d).unwrap();
        let head: DialogueHead = serde_json::from_str(&json).unwrap();
        proptest::prop_assert_eq!(&head.id, &d.id);
        proptest::prop_assert_eq!(head.version, d.version);
        let media: Vec<&str> = d.media().into_iter().map(|m| m.hash.as_str()).collect();
        proptest::prop_assert_eq!(head.media_hashes(), media);
    }
}

#[test]
fn a_dialogues_head_refuses_a_field_the_dialogue_does_not_have() {
    let mut value = serde_json::to_value(Dialogue::new(
        "d1".into(),
        "C-1".into(),
        "2026-11-20".into(),
        1,
    ))
    .unwrap();
    assert!(serde_json::from_value::<DialogueHead>(value.clone()).is_ok());
    value["nieuw_veld"] = serde_json::json!(1);
    assert!(serde_json::from_value::<Dialogue>(value.clone()).is_err());
    assert!(serde_json::from_value::<DialogueHead>(value).is_err());
}
