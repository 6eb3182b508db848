//! Follow-up across a client's dialogues: *Vorige keer*, *Is het beter geworden?*, the
//! questions for a gap, and the new fields of a guided dialogue (issue 18).

use crate::common::dialogue;
use werkzaam_domain::dialogue::{
    Address, Agreement, Attitude, ConsentDecision, MediaKind, MediaRef, Party, Path, Progress,
    Scale,
};
use werkzaam_domain::merge::{merge, Value};
use werkzaam_domain::rules::follow_up::{
    address_for_new, agreement_from, answer, checks, last_time, previous, prompts,
};
use werkzaam_domain::rules::validate;
use werkzaam_domain::Dialogue;

fn held(id: &str, code: &str, on: &str, ms: i64) -> Dialogue {
    let mut d = dialogue(id, code, "thee");
    d.held_on = on.to_owned();
    d.updated_at_ms = ms;
    d
}

fn agreement(id: &str, what: &str) -> Agreement {
    Agreement {
        id: id.to_owned(),
        what: what.to_owned(),
        who: Party::Client,
        when: String::new(),
    }
}

#[test]
fn the_previous_dialogue_is_the_latest_earlier_one_with_the_same_client() {
    let old = held("d1", "C-1", "2026-09-01", 5);
    let last = held("d2", "C-1", "2026-10-01", 1);
    let other_client = held("d3", "C-2", "2026-10-15", 1);
    let mut deleted = held("d4", "C-1", "2026-10-20", 1);
    deleted.deleted = true;
    let later = held("d5", "C-1", "2026-12-01", 1);
    let current = held("d6", "C-1", "2026-11-01", 9);
    let all = [&old, &last, &other_client, &deleted, &later, &current];
    assert_eq!(previous(all, &current).map(|d| d.id.as_str()), Some("d2"));
    // The first dialogue with a client has none.
    assert_eq!(previous([&later, &current, &other_client], &old), None);
}

#[test]
fn two_dialogues_on_one_day_follow_each_other_in_the_order_they_were_written() {
    let first = held("d1", "C-1", "2026-11-01", 100);
    let second = held("d2", "C-1", "2026-11-01", 200);
    assert_eq!(
        previous([&first, &second], &second).map(|d| d.id.as_str()),
        Some("d1")
    );
    assert_eq!(previous([&first, &second], &first), None);
}

#[test]
fn last_time_gathers_both_sides_words_once_and_the_agreements() {
    let mut d = held("d1", "C-1", "2026-10-01", 1);
    d.client.good.keywords = vec!["Rust".into(), "thee".into()];
    d.worker.good.keywords = vec!["rust".into(), "eerlijk".into()];
    d.client.better.text = "  meer tijd  ".into();
    d.agreements = vec![agreement("a1", "Samen naar de huisarts")];
    let last = last_time(&d);
    assert_eq!(last.held_on, "2026-10-01");
    assert_eq!(last.good, vec!["Rust", "thee", "eerlijk"]);
    assert_eq!(last.better, vec!["meer tijd"]);
    assert_eq!(last.agreements.len(), 1);
    assert!(!last.is_empty());
    assert!(last_time(&Dialogue::default()).is_empty());
}

#[test]
fn an_answer_about_an_agreement_replaces_the_one_before_and_can_be_taken_back() {
    let mut prev = held("d1", "C-1", "2026-10-01", 1);
    prev.agreements = vec![
        agreement("a1", "Post samen openen"),
        agreement("a2", "Bellen"),
    ];
    let last = last_time(&prev);
    let mut now = held("d2", "C-1", "2026-11-01", 2);
    assert_eq!(
        checks(&last, &now),
        vec![(&last.agreements[0], None), (&last.agreements[1], None)]
    );
    answer(&mut now, &last.agreements[0], Some(Progress::ABit));
    answer(&mut now, &last.agreements[0], Some(Progress::Better));
    assert_eq!(now.checks.len(), 1);
    assert_eq!(now.checks[0].what, "Post samen openen");
    assert_eq!(checks(&last, &now)[0].1, Some(Progress::Better));
    answer(&mut now, &last.agreements[0], None);
    assert!(now.checks.is_empty());
    validate::dialogue(&now).unwrap();
}

#[test]
fn a_wat_kan_beter_becomes_an_agreement_for_the_client_without_a_day() {
    let a = agreement_from("a1".into(), "  vaker bellen ");
    assert_eq!(
        (a.what.as_str(), a.who, a.when.as_str()),
        ("vaker bellen", Party::Client, "")
    );
}

#[test]
fn a_large_gap_between_client_and_worker_suggests_a_solution_focused_question() {
    let mut d = held("d1", "C-1", "2026-11-01", 1);
    d.scales.client.set(Scale::Relationship, Some(9));
    d.scales.worker.set(Scale::Relationship, Some(5));
    d.scales.client.set(Scale::Goals, Some(4));
    d.scales.worker.set(Scale::Goals, Some(6));
    d.mirror.client.set(Attitude::Time, Some(1));
    d.mirror.worker.set(Attitude::Time, Some(3));
    let found = prompts(&d);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].about, "Onze band");
    assert_eq!(found[0].question, "Wat zie jij dat ik niet zie?");
    assert_eq!(found[1].about, "Neem ik de tijd voor je?");
    assert_eq!(
        (found[0].client.as_str(), found[0].worker.as_str()),
        ("9", "5")
    );
    assert_eq!(
        (found[1].client.as_str(), found[1].worker.as_str()),
        ("🙁 Niet zo", "🙂 Ja")
    );
    assert!(found[1].question.contains("stapje beter"));
    d.address = Address::U;
    assert_eq!(prompts(&d)[0].question, "Wat ziet u dat ik niet zie?");
    assert_eq!(prompts(&d)[1].about, "Neem ik de tijd voor u?");
}

#[test]
fn a_new_dialogue_speaks_to_the_client_as_last_time() {
    let mut prev = held("d1", "C-1", "2026-10-01", 1);
    assert_eq!(address_for_new(Some(&prev)), Address::Je);
    prev.address = Address::U;
    assert_eq!(address_for_new(Some(&prev)), Address::U);
    assert_eq!(address_for_new(None), Address::Je);
}

#[test]
fn a_dialogue_without_the_new_parts_is_written_as_before() {
    let d = dialogue("d1", "C-1", "thee");
    let json = serde_json::to_string(&d).unwrap();
    for field in [
        "path",
        "address",
        "sheet",
        "agreements",
        "checks",
        "mirror",
        "client_consent",
    ] {
        assert!(!json.contains(&format!("\"{field}\"")), "{field} in {json}");
    }
}

#[test]
fn the_new_parts_survive_json_and_validate() {
    let mut d = dialogue("d1", "C-1", "thee");
    d.path = Path::TwoQuestions;
    d.address = Address::U;
    d.sheet = vec![MediaRef {
        kind: MediaKind::Photo,
        hash: "a".repeat(64),
        bytes: 10,
    }];
    d.agreements = vec![Agreement {
        when: "2026-12-24".into(),
        who: Party::Network,
        ..agreement("a1", "Buurvrouw helpt met boodschappen")
    }];
    d.mirror.client.set(Attitude::Understood, Some(3));
    d.client_consent = ConsentDecision::Yes;
    validate::dialogue(&d).unwrap();
    let back: Dialogue = serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
    assert_eq!(back, d);
    assert_eq!(
        d.media().len(),
        1,
        "the sheet's photo is an attachment of the dialogue"
    );
}

#[test]
fn a_wrong_agreement_or_mirror_answer_is_refused_in_dutch() {
    let base = dialogue("d1", "C-1", "thee");
    let refused = |change: &dyn Fn(&mut Dialogue)| {
        let mut d = base.clone();
        change(&mut d);
        validate::dialogue(&d).unwrap_err()
    };
    let e = refused(&|d| d.agreements = vec![agreement("a1", "   ")]);
    assert_eq!(e.message, "Schrijf bij een afspraak wat er gebeurt.");
    let e = refused(&|d| d.agreements = vec![agreement("a1", "x"), agreement("a1", "y")]);
    assert_eq!(e.field, "agreements");
    let e = refused(&|d| {
        d.agreements = vec![Agreement {
            when: "morgen".into(),
            ..agreement("a1", "x")
        }]
    });
    assert!(e.message.contains("datum"), "{}", e.message);
    let e = refused(&|d| d.agreements = vec![agreement("a 1", "x")]);
    assert_eq!(e.field, "agreements");
    let e = refused(&|d| d.agreements = vec![agreement("a1", &"x".repeat(301))]);
    assert_eq!(e.field, "agreements");
    let e = refused(&|d| d.mirror.worker.set(Attitude::Forward, Some(4)));
    assert_eq!(e.message, "Een antwoord met een gezichtje is 1, 2 of 3.");
    let e = refused(&|d| d.mirror.worker.set(Attitude::Forward, Some(0)));
    assert_eq!(e.field, "mirror");
    let e = refused(&|d| {
        d.sheet = vec![MediaRef {
            kind: MediaKind::Photo,
            hash: "nope".into(),
            bytes: 1,
        }]
    });
    assert_eq!(e.field, "sheet");
    assert!(
        !e.message.contains("hash"),
        "no jargon a worker cannot read: {}",
        e.message
    );
}

#[test]
fn agreements_added_on_two_devices_are_both_kept() {
    let mut base = dialogue("d1", "C-1", "thee");
    base.agreements = vec![agreement("a0", "Bellen")];
    let mut ours = base.clone();
    ours.agreements.push(agreement("a1", "Huisarts"));
    let mut theirs = base.clone();
    theirs.agreements = vec![agreement("a2", "Post")];
    let merged = merge(&base, &ours, &theirs);
    let ids: Vec<&str> = merged.agreements.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        vec!["a1", "a2"],
        "theirs removed a0, each side added one"
    );
    assert!(merged.conflicts.is_empty());
}

#[test]
fn the_client_choice_and_the_path_merge_like_other_fields() {
    let base = dialogue("d1", "C-1", "thee");
    let mut ours = base.clone();
    ours.client_consent = ConsentDecision::Yes;
    let mut theirs = base.clone();
    theirs.path = Path::Sheet;
    let merged = merge(&base, &ours, &theirs);
    assert_eq!(
        (merged.client_consent, merged.path),
        (ConsentDecision::Yes, Path::Sheet)
    );
    // Chosen differently on two devices: a conflict keeps both.
    let mut other = base.clone();
    other.client_consent = ConsentDecision::No;
    let merged = merge(&base, &ours, &other);
    assert_eq!(merged.conflicts.len(), 1);
    assert_eq!(
        merged.conflicts[0].others,
        vec![Value::Decision(ConsentDecision::No)]
    );
    // The client's choice alone shares nothing.
    assert!(!werkzaam_domain::rules::consent::is_shared(&ours));
}
