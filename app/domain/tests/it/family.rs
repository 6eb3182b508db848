//! Family dialogues: others beside the client answer the client's question, each in a slot of
//! their own that merges, validates and is shared like the client's answers.

use werkzaam_domain::dialogue::*;
use werkzaam_domain::merge::{candidates, merge, Value};
use werkzaam_domain::rules::consent::{media_shared, shared_view};
use werkzaam_domain::rules::validate;

fn drawing(n: u8) -> MediaRef {
    MediaRef {
        kind: MediaKind::Drawing,
        hash: format!("{n:064x}"),
        bytes: 120,
    }
}

/// A dialogue with a mother and two children, the younger one drawing.
fn family() -> Dialogue {
    let mut d = crate::dialogue("d-fam", "C-7", "rust");
    assert_eq!(d.add_other(Relation::Parent), Some(1));
    assert_eq!(d.add_other(Relation::Child), Some(2));
    assert_eq!(d.add_other(Relation::Child), Some(3));
    d.part_at_mut(PartAt::new(Voice::Other(1), Aspect::Good))
        .keywords = vec!["duidelijk".into()];
    d.part_at_mut(PartAt::new(Voice::Other(3), Aspect::Better))
        .media = vec![drawing(7)];
    d
}

#[test]
fn participants_take_the_first_free_slot_up_to_four_and_are_named_by_relation() {
    let mut d = family();
    assert_eq!(d.other_name(1), "Ouder");
    assert_eq!(d.other_name(2), "Kind 1");
    assert_eq!(d.other_name(3), "Kind 2");
    d.remove_other(2);
    assert_eq!(d.other_name(3), "Kind", "one child left: no number");
    assert_eq!(
        d.add_other(Relation::Carer),
        Some(2),
        "the freed slot is used again"
    );
    assert_eq!(d.add_other(Relation::Partner), Some(4));
    assert_eq!(
        d.add_other(Relation::Other),
        None,
        "four besides the client at most"
    );
    assert_eq!(
        d.others.iter().map(|p| p.slot).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
    assert!(d
        .part_at(PartAt::new(Voice::Other(5), Aspect::Good))
        .is_empty());
    // A photo read after its participant was taken away is kept, without a relation.
    d.remove_other(1);
    d.part_at_mut(PartAt::new(Voice::Other(1), Aspect::Good))
        .keywords
        .push("laat".into());
    assert_eq!(d.other(1).unwrap().relation, None);
    assert_eq!(d.other(1).unwrap().good.keywords, ["laat"]);
}

#[test]
fn every_part_reads_client_worker_then_each_participant_and_media_follow() {
    let d = family();
    let slugs: Vec<String> = d.every_part().map(|(at, _)| at.slug()).collect();
    assert_eq!(
        slugs,
        [
            "client-good",
            "client-better",
            "worker-good",
            "worker-better",
            "other1-good",
            "other1-better",
            "other2-good",
            "other2-better",
            "other3-good",
            "other3-better"
        ]
    );
    assert!(d.refers_to(&drawing(7).hash));
    assert_eq!(d.media(), vec![&drawing(7)]);
}

#[test]
fn a_family_dialogue_round_trips_and_an_older_one_reads_without_participants() {
    let d = family();
    let json = serde_json::to_string(&d).unwrap();
    assert!(json.contains("\"relation\":\"parent\""));
    assert_eq!(serde_json::from_str::<Dialogue>(&json).unwrap(), d);
    let plain = crate::dialogue("d2", "C-8", "koffie");
    let json = serde_json::to_string(&plain).unwrap();
    assert!(
        !json.contains("others"),
        "no participants: the field is left out"
    );
    assert!(serde_json::from_str::<Dialogue>(&json)
        .unwrap()
        .others
        .is_empty());
}

#[test]
fn each_participants_answers_merge_field_by_field() {
    let base = family();
    let mut phone = base.clone();
    let mut tablet = base.clone();
    phone
        .part_at_mut(PartAt::new(Voice::Other(1), Aspect::Good))
        .keywords
        .push("eerlijk".into());
    tablet
        .part_at_mut(PartAt::new(Voice::Other(1), Aspect::Better))
        .text = "vaker samen".into();
    tablet.add_other(Relation::Carer);
    let m = merge(&base, &phone, &tablet);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    let mother = m.other(1).unwrap();
    assert_eq!(mother.good.keywords, ["duidelijk", "eerlijk"]);
    assert_eq!(mother.better.text, "vaker samen");
    assert_eq!(m.other(4).unwrap().relation, Some(Relation::Carer));
    validate::dialogue(&m).unwrap();
}

#[test]
fn taken_away_on_one_device_while_the_other_wrote_keeps_what_was_written() {
    let base = family();
    let mut phone = base.clone();
    phone.remove_other(1);
    let mut tablet = base.clone();
    tablet
        .part_at_mut(PartAt::new(Voice::Other(1), Aspect::Good))
        .keywords
        .push("eerlijk".into());
    let m = merge(&base, &phone, &tablet);
    let kept = m.other(1).expect("the new answer is not lost");
    assert_eq!(kept.good.keywords, ["eerlijk"]);
    assert_eq!(kept.relation, None);
    assert_eq!(m.other_name(1), "Iemand (weggehaald op een ander apparaat)");
    validate::dialogue(&m).unwrap();
    // Taken away on both: gone.
    let m = merge(&base, &phone, &phone);
    assert!(m.other(1).is_none());
}

#[test]
fn the_same_participant_changed_differently_keeps_both_versions() {
    let base = family();
    let mut phone = base.clone();
    phone.others[0].relation = Some(Relation::Carer);
    let mut tablet = base.clone();
    tablet.others[0].relation = Some(Relation::Relative);
    let m = merge(&base, &phone, &tablet);
    let versions = candidates(&m, "others.1.relation");
    assert!(versions.contains(&Value::Relation(Some(Relation::Carer))));
    assert!(versions.contains(&Value::Relation(Some(Relation::Relative))));
}

#[test]
fn setting_a_participants_field_makes_or_tidies_the_slot() {
    let mut d = crate::dialogue("d3", "C-9", "rust");
    assert!(set(
        &mut d,
        "others.2.good.keywords",
        Value::Words(vec!["fijn".into()])
    ));
    assert_eq!(d.other(2).unwrap().good.keywords, ["fijn"]);
    assert!(set(&mut d, "others.2.good.keywords", Value::Words(vec![])));
    assert!(
        d.others.is_empty(),
        "nothing left of it: the slot is free again"
    );
    assert!(!set(
        &mut d,
        "others.5.relation",
        Value::Relation(Some(Relation::Child))
    ));
    assert!(!set(
        &mut d,
        "others.1.good.keywords",
        Value::Text("x".into())
    ));
    assert!(d.others.is_empty(), "a refused value leaves nothing behind");
    assert!(get(&d, "others.0.relation").is_none());
}

#[test]
fn a_participant_breaks_the_same_rules_as_the_client_and_slots_are_checked() {
    let ok = family();
    validate::dialogue(&ok).unwrap();

    let mut long = ok.clone();
    long.others[1].good.keywords = vec!["x".repeat(61)];
    let e = validate::dialogue(&long).unwrap_err();
    assert_eq!(e.field, "others");

    let mut twice = ok.clone();
    twice.others[1].slot = 1;
    let e = validate::dialogue(&twice).unwrap_err();
    assert_eq!(
        e.message,
        "Twee mensen in het gesprek hebben dezelfde plaats."
    );

    let mut zero = ok.clone();
    zero.others[0].slot = 0;
    assert!(validate::dialogue(&zero).is_err());

    let mut five = ok.clone();
    for slot in 4..=5 {
        five.others.push(Participant {
            slot,
            relation: Some(Relation::Other),
            ..Participant::default()
        });
    }
    let e = validate::dialogue(&five).unwrap_err();
    assert!(e.message.contains("Hoogstens 4 mensen"), "{}", e.message);
}

#[test]
fn the_team_sees_a_participants_answers_only_as_far_as_the_consent_goes() {
    let mut d = family();
    d.consent = Consent {
        decision: ConsentDecision::Yes,
        recorded_on: "2026-11-23".into(),
        answers: false,
        media: true,
        reflection: false,
    };
    let view = shared_view(&d).unwrap();
    assert_eq!(view.other(1).unwrap().relation, Some(Relation::Parent));
    assert!(view.other(1).unwrap().good.keywords.is_empty());
    assert_eq!(view.other(3).unwrap().better.media, [drawing(7)]);
    assert!(media_shared(&d, &drawing(7).hash));

    d.consent.media = false;
    d.consent.answers = true;
    let view = shared_view(&d).unwrap();
    assert_eq!(view.other(1).unwrap().good.keywords, ["duidelijk"]);
    assert!(view.other(3).unwrap().better.media.is_empty());
    assert!(!media_shared(&d, &drawing(7).hash));

    d.consent.decision = ConsentDecision::No;
    assert!(shared_view(&d).is_none());
}

#[test]
fn next_time_starts_with_the_same_people_and_vorige_keer_holds_their_words() {
    use werkzaam_domain::rules::follow_up::{last_time, others_for_new};
    let mut d = family();
    d.client.good.keywords = vec!["rust".into()];
    d.worker.good.keywords = vec!["humor".into()];
    // Someone taken away on one device while the other wrote: not carried to a new dialogue.
    d.others.push(Participant {
        slot: 4,
        relation: None,
        good: Part {
            keywords: vec!["laat".into()],
            ..Part::default()
        },
        ..Participant::default()
    });
    let last = last_time(&d);
    assert_eq!(last.good, ["rust", "duidelijk", "laat", "humor"]);
    let next = others_for_new(Some(&d));
    assert_eq!(
        next.iter()
            .map(|p| (p.slot, p.relation))
            .collect::<Vec<_>>(),
        [
            (1, Some(Relation::Parent)),
            (2, Some(Relation::Child)),
            (3, Some(Relation::Child))
        ]
    );
    assert!(next
        .iter()
        .all(|p| p.good.is_empty() && p.better.is_empty()));
    assert!(others_for_new(None).is_empty());
}
