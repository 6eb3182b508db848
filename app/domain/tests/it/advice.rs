//! Asking a colleague and leerpunten (issue 19, items 3 and 4): who may write what, what is
//! valid, how answers marked helpful merge, and what a colleague receives of an anonymous
//! leerpunt.

use werkzaam_domain::merge::apply_upsert;
use werkzaam_domain::rules::{authorship, validate};
use werkzaam_domain::team::{Advice, Lesson, Reply, Round, TeamData, TeamRecord};

fn advice() -> Advice {
    Advice {
        id: "a1".into(),
        author_id: "anna".into(),
        text: "Een cliënt wil niet dat ik kom. Hoe zou jij dat aanpakken?".into(),
        created_at_ms: 1,
        ..Advice::default()
    }
}

fn lesson(anonymous: bool) -> Lesson {
    Lesson {
        id: "l1".into(),
        author_id: "bram".into(),
        what_happened: "Ik gaf te snel een oplossing.".into(),
        learned: "Eerst vragen wat de cliënt zelf wil.".into(),
        anonymous,
        created_at_ms: 1,
        ..Lesson::default()
    }
}

#[test]
fn a_question_is_asked_in_ones_own_name_and_only_the_asker_marks_what_helped() {
    let a = advice();
    assert!(authorship::advice(None, &a, "anna", false).is_ok());
    assert!(
        authorship::advice(None, &a, "bram", false).is_err(),
        "not in Anna's name"
    );
    let mut helped = a.clone();
    helped.helpful.push("r1".into());
    assert!(authorship::advice(Some(&a), &helped, "anna", false).is_ok());
    assert!(authorship::advice(Some(&a), &helped, "bram", false).is_err());
    assert!(
        authorship::advice(Some(&a), &helped, "lead", true).is_err(),
        "the lead neither"
    );
    let mut gone = a.clone();
    gone.deleted = true;
    assert!(
        authorship::advice(Some(&a), &gone, "lead", true).is_ok(),
        "a lead takes it away"
    );
    assert!(authorship::advice(Some(&a), &gone, "bram", false).is_err());
    let mut other = a.clone();
    other.author_id = "bram".into();
    assert!(authorship::advice(Some(&a), &other, "bram", false).is_err());
}

#[test]
fn an_answer_is_ones_own_and_stays_with_its_question() {
    let r = Reply {
        id: "r1".into(),
        advice_id: "a1".into(),
        author_id: "bram".into(),
        text: "Ik zou vragen wat er speelt.".into(),
        ..Reply::default()
    };
    assert!(authorship::reply(None, &r, "bram", false).is_ok());
    assert!(authorship::reply(None, &r, "anna", false).is_err());
    let mut edited = r.clone();
    edited.text = "Anna schrijft in Brams naam".into();
    assert!(authorship::reply(Some(&r), &edited, "anna", false).is_err());
    assert!(authorship::reply(Some(&r), &edited, "bram", false).is_ok());
    let mut moved = r.clone();
    moved.advice_id = "a2".into();
    assert!(authorship::reply(Some(&r), &moved, "bram", false).is_err());
}

#[test]
fn a_leerpunt_keeps_its_writer_and_only_she_changes_it() {
    let l = lesson(true);
    assert!(authorship::lesson(None, &l, "bram", false).is_ok());
    assert!(authorship::lesson(None, &l, "anna", false).is_err());
    let mut named = l.clone();
    named.anonymous = false;
    assert!(
        authorship::lesson(Some(&l), &named, "anna", false).is_err(),
        "not her choice"
    );
    assert!(authorship::lesson(Some(&l), &named, "bram", false).is_ok());
    // The lead's copy has no author; taking it away merges onto the stored one, which keeps it.
    let mut stored = l.clone();
    stored.version = 2;
    let mut leads_copy = stored.clone().for_reader("lead");
    assert_eq!(leads_copy.author_id, "");
    leads_copy.deleted = true;
    let merged = apply_upsert(Some(&stored), Some(&stored), &leads_copy, 3);
    assert_eq!(merged.author_id, "bram");
    assert!(merged.deleted);
    assert!(authorship::lesson(Some(&stored), &merged, "lead", true).is_ok());
    assert!(
        TeamRecord::Lesson(leads_copy).people().is_empty(),
        "names no one"
    );
}

#[test]
fn an_anonymous_leerpunt_reaches_colleagues_without_its_writer() {
    assert_eq!(lesson(true).for_reader("anna").author_id, "");
    assert_eq!(lesson(true).for_reader("bram").author_id, "bram", "her own");
    assert_eq!(lesson(false).for_reader("anna").author_id, "bram");
}

#[test]
fn answers_marked_helpful_on_two_devices_are_both_kept() {
    let mut stored = advice();
    stored.version = 1;
    let mut phone = stored.clone();
    phone.helpful.push("r1".into());
    let mut tablet = stored.clone();
    tablet.helpful.push("r2".into());
    let after_phone = apply_upsert(Some(&stored), Some(&stored), &phone, 2);
    let after_tablet = apply_upsert(Some(&after_phone), Some(&stored), &tablet, 3);
    assert_eq!(after_tablet.helpful, vec!["r1".to_owned(), "r2".to_owned()]);
}

#[test]
fn questions_answers_and_leerpunten_are_refused_empty_or_too_long() {
    let mut empty = advice();
    empty.text = "  ".into();
    assert_eq!(
        validate::advice(&empty).unwrap_err().message,
        "Schrijf je vraag."
    );
    let mut long = advice();
    long.text = "x".repeat(2_001);
    assert!(validate::advice(&long).is_err());
    let reply = Reply {
        id: "r1".into(),
        advice_id: "a1".into(),
        author_id: "bram".into(),
        ..Reply::default()
    };
    assert_eq!(
        validate::reply(&reply).unwrap_err().message,
        "Schrijf je antwoord."
    );
    let mut nothing = lesson(false);
    nothing.what_happened.clear();
    nothing.learned.clear();
    assert!(validate::lesson(&nothing).is_err());
    assert!(
        validate::lesson(&lesson(true).for_reader("anna")).is_ok(),
        "a colleague's copy"
    );
}

#[test]
fn the_meeting_lists_what_was_learned_from_the_leerpunten_it_picked() {
    let mut gone = lesson(false);
    gone.id = "l2".into();
    gone.deleted = true;
    let mut only_what = lesson(true);
    only_what.id = "l3".into();
    only_what.learned.clear();
    let team = TeamData {
        lessons: vec![lesson(true), gone, only_what],
        ..TeamData::default()
    };
    let mut round = Round::new("r".into(), "2026-12-01", "2026-12-31", &["bram".into()], 1);
    round.lessons = vec!["l3".into(), "l2".into(), "l1".into(), "onbekend".into()];
    assert_eq!(
        team.picked_lessons(&round),
        vec![
            "Ik gaf te snel een oplossing.".to_owned(),
            "Eerst vragen wat de cliënt zelf wil.".to_owned()
        ]
    );
}
