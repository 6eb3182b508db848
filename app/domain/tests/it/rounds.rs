//! Dialoogrondes (issue 19): where a round stands, how the next one is planned, how two devices'
//! changes merge, what is valid, who may write what, and how progress is counted.

use proptest::prelude::*;
use werkzaam_domain::merge::{apply_upsert, merge, Value};
use werkzaam_domain::rules::{authorship, validate};
use werkzaam_domain::team::{
    date_of, day_number, progress, record_pdf, Round, RoundDialogue, RoundPhase, RoundProgress,
    TeamData, TeamQuestion,
};

fn round(id: &str, from: &str, to: &str) -> Round {
    Round::new(
        id.into(),
        from,
        to,
        &["lead".into(), "anna".into(), "bram".into()],
        1,
    )
}

#[test]
fn a_round_is_planned_runs_waits_for_its_meeting_and_is_discussed() {
    let mut r = round("r", "2026-12-01", "2026-12-31");
    assert_eq!(r.phase("2026-11-30"), RoundPhase::Planned);
    assert_eq!(r.phase("2026-12-01"), RoundPhase::Running);
    assert_eq!(r.phase("2026-12-31"), RoundPhase::Running);
    assert_eq!(r.phase("2027-01-01"), RoundPhase::ToDiscuss);
    r.agreed = "Elke maand".into();
    assert_eq!(r.phase("2027-01-01"), RoundPhase::Discussed);
}

#[test]
fn the_start_screen_shows_the_running_round_else_the_next_planned_else_one_to_discuss() {
    let mut team = TeamData {
        rounds: vec![
            round("oud", "2026-10-01", "2026-10-31"),
            round("later", "2027-03-01", "2027-03-31"),
            round("eerst", "2027-01-01", "2027-01-31"),
        ],
        ..TeamData::default()
    };
    assert_eq!(team.current_round("2026-11-15").unwrap().id, "eerst");
    team.rounds.push(round("nu", "2026-11-01", "2026-11-30"));
    assert_eq!(team.current_round("2026-11-15").unwrap().id, "nu");
    let only_old = TeamData {
        rounds: vec![round("oud", "2026-10-01", "2026-10-31")],
        ..TeamData::default()
    };
    assert_eq!(only_old.current_round("2026-11-15").unwrap().id, "oud");
    let mut discussed = only_old.clone();
    discussed.rounds[0].deleted = true;
    assert!(discussed.current_round("2026-11-15").is_none());
}

#[test]
fn the_next_round_follows_the_rhythm_the_team_chose() {
    let mut r = round("r", "2026-12-01", "2026-12-31");
    assert!(r.plan_next("n".into(), 2).is_none(), "no rhythm chosen");
    r.rhythm = "geen".into();
    assert!(r.plan_next("n".into(), 2).is_none(), "voorlopig niet");
    r.rhythm = "kwartaal".into();
    let next = r.plan_next("n".into(), 2).unwrap();
    assert_eq!(
        (next.starts_on.as_str(), next.ends_on.as_str()),
        ("2027-03-01", "2027-03-31")
    );
    assert_eq!(next.participants, r.participants);
    assert_eq!(next.invitation, r.invitation);
    assert!(!next.is_discussed());
    // A monthly rhythm after a round of two months starts the day after it ends.
    let mut long = round("r", "2026-12-01", "2027-01-31");
    long.rhythm = "maand".into();
    let next = long.plan_next("n".into(), 2).unwrap();
    assert_eq!(
        (next.starts_on.as_str(), next.ends_on.as_str()),
        ("2027-02-01", "2027-04-03")
    );
    // The 31st plus a month is the month's last day.
    let mut end = round("r", "2027-01-31", "2027-01-31");
    end.rhythm = "maand".into();
    assert_eq!(
        end.plan_next("n".into(), 2).unwrap().starts_on,
        "2027-02-28"
    );
}

proptest! {
    #[test]
    fn day_numbers_and_dates_go_back_and_forth(days in 10_957i64..47_482) {
        let date = date_of(days);
        prop_assert_eq!(day_number(&date), Some(days));
        prop_assert!(validate::date(&date).is_ok(), "{}", date);
    }
}

#[test]
fn two_devices_concluding_different_questions_keep_both() {
    let base = round("r", "2026-12-01", "2026-12-31");
    let mut ours = base.clone();
    ours.conclusions.learned = "Luisteren werkt".into();
    let mut theirs = base.clone();
    theirs.conclusions.process = "Vaker samen plannen".into();
    theirs.agreed = "Elke maand".into();
    let merged = merge(&base, &ours, &theirs);
    assert_eq!(merged.conclusions.learned, "Luisteren werkt");
    assert_eq!(merged.conclusions.process, "Vaker samen plannen");
    assert_eq!(merged.agreed, "Elke maand");
    assert!(merged.conflicts.is_empty());
}

#[test]
fn one_question_concluded_differently_keeps_both_versions() {
    let base = round("r", "2026-12-01", "2026-12-31");
    let mut ours = base.clone();
    ours.conclusions.learned = "A".into();
    let mut theirs = base.clone();
    theirs.conclusions.learned = "B".into();
    let merged = merge(&base, &ours, &theirs);
    assert_eq!(merged.conflicts.len(), 1);
    assert_eq!(merged.conflicts[0].field, TeamQuestion::Learned.field());
    assert_eq!(merged.conflicts[0].others, vec![Value::Text("B".into())]);
}

#[test]
fn members_showing_their_counts_at_once_are_all_shown() {
    let mut stored = round("r", "2026-12-01", "2026-12-31");
    stored.version = 3;
    let mut anna = stored.clone();
    anna.shown.push("anna".into());
    let after_anna = apply_upsert(Some(&stored), Some(&stored), &anna, 4);
    let mut bram = stored.clone();
    bram.shown.push("bram".into());
    let after_bram = apply_upsert(Some(&after_anna), Some(&stored), &bram, 5);
    assert_eq!(after_bram.shown, vec!["anna".to_owned(), "bram".to_owned()]);
}

#[test]
fn a_round_is_refused_with_a_dutch_reason() {
    let ok = round("r", "2026-12-01", "2026-12-31");
    assert!(validate::round(&ok).is_ok());
    let mut backwards = ok.clone();
    backwards.ends_on = "2026-11-30".into();
    assert_eq!(validate::round(&backwards).unwrap_err().field, "ends_on");
    let mut too_long = ok.clone();
    too_long.ends_on = "2028-01-01".into();
    assert!(validate::round(&too_long)
        .unwrap_err()
        .message
        .contains("jaar"));
    let mut nobody = ok.clone();
    nobody.participants.clear();
    assert_eq!(validate::round(&nobody).unwrap_err().field, "participants");
    let mut silent = ok.clone();
    silent.invitation = "  ".into();
    assert_eq!(validate::round(&silent).unwrap_err().field, "invitation");
    let mut rhythm = ok.clone();
    rhythm.rhythm = "dagelijks".into();
    assert_eq!(validate::round(&rhythm).unwrap_err().field, "rhythm");
    let mut day = ok.clone();
    day.meeting_on = "2026-02-30".into();
    assert_eq!(validate::round(&day).unwrap_err().field, "meeting_on");
    let mut long = ok;
    long.conclusions.alliance = "x".repeat(4_001);
    assert_eq!(
        validate::round(&long).unwrap_err().field,
        TeamQuestion::Alliance.field()
    );
}

#[test]
fn only_the_lead_writes_a_round_and_a_member_only_shows_her_own_count() {
    let r = round("r", "2026-12-01", "2026-12-31");
    assert!(authorship::round(None, &r, "lead", true).is_ok());
    assert!(authorship::round(None, &r, "anna", false).is_err());
    let mut mine = r.clone();
    mine.shown.push("anna".into());
    assert!(authorship::round(Some(&r), &mine, "anna", false).is_ok());
    assert!(
        authorship::round(Some(&mine), &r, "anna", false).is_ok(),
        "and hide it again"
    );
    assert!(
        authorship::round(Some(&r), &mine, "bram", false).is_err(),
        "not for Anna"
    );
    assert!(authorship::round(Some(&mine), &r, "bram", false).is_err());
    let mut concluded = mine.clone();
    concluded.conclusions.learned = "Anna's conclusie".into();
    assert!(authorship::round(Some(&mine), &concluded, "anna", false).is_err());
    assert!(authorship::round(Some(&mine), &concluded, "lead", true).is_ok());
}

#[test]
fn progress_counts_the_team_in_the_period_and_names_only_who_shows() {
    let mut r = round("r", "2026-12-01", "2026-12-31");
    r.shown = vec!["bram".into(), "buiten".into()];
    let held = [
        ("anna", "2026-12-02", true),
        ("anna", "2026-12-20", false),
        ("bram", "2026-12-31", true),
        ("anna", "2026-11-30", true),
        ("buiten", "2026-12-05", true),
    ];
    let p = progress(
        &r,
        held.iter().map(|(owner, held_on, shared)| RoundDialogue {
            owner,
            held_on,
            shared: *shared,
        }),
        |id| Some(id.to_uppercase()),
    );
    assert_eq!(
        (p.held, p.shared, p.with_dialogue, p.participants),
        (3, 2, 2, 3)
    );
    assert_eq!(
        p.shown,
        vec![("BRAM".to_owned(), 1)],
        "only a participant who shows it"
    );
}

#[test]
fn the_stap3_record_prints_the_conclusions_and_the_progress_when_known() {
    let mut r = round("r", "2026-12-01", "2026-12-31");
    r.title = "Ronde december".into();
    r.conclusions.learned = "Cliënten waarderen dat we luisteren".into();
    r.agreed = "Elke maand een dialoog".into();
    r.rhythm = "kwartaal".into();
    let text = |bytes: Vec<u8>| String::from_utf8_lossy(&bytes).into_owned();
    let without = text(record_pdf("Wijkteam Noord", &r, None, &[]));
    assert!(without.starts_with("%PDF"));
    for expected in [
        "Teamoverleg: Ronde december",
        "Wat leren we uit de dialoog met cli",
        "waarderen dat we luisteren",
        "Elke maand een dialoog",
        "Elk kwartaal",
        "Niets opgeschreven.",
    ] {
        assert!(without.contains(expected), "{expected} in the PDF");
    }
    assert!(
        !without.contains("Hoe ver kwam het team"),
        "offline: no progress to print"
    );
    let with = text(record_pdf(
        "Wijkteam Noord",
        &r,
        Some(&RoundProgress {
            held: 1,
            shared: 1,
            with_dialogue: 1,
            participants: 3,
            shown: vec![("Anna".into(), 1)],
        }),
        &["Eerst vragen wat de cliënt zelf wil".to_owned()],
    ));
    assert!(with.contains("1 dialoog gevoerd, 1 gedeeld met het team."));
    assert!(with.contains("1 van de 3 collega"));
    assert!(
        !with.contains("Anna"),
        "the record counts the team, it names no one"
    );
}
