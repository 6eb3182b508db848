//! A dialoogronde's screens (issue 19) without a browser: the start screen's line, the lines
//! of *Hoe ver is het team?*, the lead's form, showing one's own count, and what the STAP 3
//! meeting puts beside each question.

use app::state::ListedDialogue;
use app::waarderen::round_logic::{
    client_words, own_count, progress_lines, round_notice, shared_reflections, with_shown,
    KnownProgress, RoundFields,
};
use werkzaam_domain::review::{Agenda, AgendaDialogue, AgendaPart, AgendaReflections};
use werkzaam_domain::team::{Round, RoundProgress, TeamData, TeamQuestion, INVITATION};
use werkzaam_domain::Dialogue;

fn listed(id: &str, day: &str, deleted: bool) -> ListedDialogue {
    ListedDialogue {
        record: Dialogue {
            id: id.into(),
            client_code: "C-1".into(),
            held_on: day.into(),
            deleted,
            ..Dialogue::default()
        },
        delivered: true,
        problem: false,
    }
}

fn team_with(round: Round) -> TeamData {
    TeamData {
        rounds: vec![round],
        ..TeamData::default()
    }
}

fn december() -> Round {
    let mut r = Round::new(
        "r1".into(),
        "2026-12-01",
        "2026-12-31",
        &["anna".into(), "bram".into()],
        1,
    );
    r.title = "Ronde december".into();
    r
}

#[test]
fn the_start_screen_shows_the_running_round_with_the_team_and_her_own_count() {
    let mine = [
        listed("a", "2026-12-02", false),
        listed("b", "2026-12-05", false),
        listed("c", "2026-12-06", true),
        listed("d", "2026-11-30", false),
    ];
    let known = KnownProgress {
        round_id: "r1".into(),
        at_ms: 1,
        progress: RoundProgress {
            held: 5,
            ..RoundProgress::default()
        },
    };
    let n = round_notice(&team_with(december()), "2026-12-10", Some(&known), &mine).unwrap();
    assert_eq!(n.id, "r1");
    assert_eq!(n.title, "Ronde december");
    assert_eq!(
        n.line,
        "Tot en met 31 december 2026. Het team: 5 dialogen. Jij: 2 dialogen."
    );
    // Progress of another round is not this round's.
    let other = KnownProgress {
        round_id: "r0".into(),
        ..known
    };
    let n = round_notice(&team_with(december()), "2026-12-10", Some(&other), &mine).unwrap();
    assert_eq!(n.line, "Tot en met 31 december 2026. Jij: 2 dialogen.");
    let planned = round_notice(&team_with(december()), "2026-11-20", None, &mine).unwrap();
    assert_eq!(planned.line, "Begint op 1 december 2026.");
    let over = round_notice(&team_with(december()), "2027-01-05", None, &mine).unwrap();
    assert!(over.line.contains("teamoverleg"), "{}", over.line);
    assert!(round_notice(&TeamData::default(), "2026-12-10", None, &mine).is_none());
}

#[test]
fn the_own_count_leaves_out_deleted_dialogues_and_other_periods() {
    let mine = [
        listed("a", "2026-12-01", false),
        listed("b", "2026-12-31", false),
        listed("c", "2026-12-06", true),
        listed("d", "2027-01-01", false),
    ];
    assert_eq!(own_count(&december(), &mine), 2);
}

#[test]
fn progress_is_told_for_the_team_in_plain_words() {
    let lines = progress_lines(&RoundProgress {
        held: 1,
        shared: 1,
        with_dialogue: 1,
        participants: 6,
        shown: Vec::new(),
    });
    assert_eq!(
        lines,
        vec![
            "Het team voerde 1 dialoog.",
            "1 van de 6 collega's voerde al een dialoog.",
            "1 gedeeld met het team."
        ]
    );
    let none = progress_lines(&RoundProgress {
        participants: 1,
        ..RoundProgress::default()
    });
    assert_eq!(
        none,
        vec![
            "Het team voerde 0 dialogen.",
            "0 van de 1 collega voerde al een dialoog."
        ]
    );
}

#[test]
fn the_leads_form_makes_a_round_or_says_what_is_wrong() {
    let form = RoundFields {
        title: "  Ronde december ".into(),
        starts_on: "2026-12-01".into(),
        ends_on: "2026-12-31".into(),
        invitation: INVITATION.into(),
        participants: vec!["anna".into()],
    };
    let r = form.to_round("r1".into(), 7).unwrap();
    assert_eq!(r.title, "Ronde december");
    assert_eq!(r.created_at_ms, 7);
    let backwards = RoundFields {
        ends_on: "2026-11-01".into(),
        ..form.clone()
    };
    assert!(backwards
        .to_round("r2".into(), 7)
        .unwrap_err()
        .message
        .contains("eindigt"));
    let nobody = RoundFields {
        participants: Vec::new(),
        ..form
    };
    assert_eq!(
        nobody.to_round("r3".into(), 7).unwrap_err().field,
        "participants"
    );
}

#[test]
fn a_lead_changing_a_round_keeps_what_the_team_wrote_and_a_wrong_change_changes_nothing() {
    let mut r = december();
    r.shown = vec!["bram".into()];
    r.conclusions.learned = "Luisteren werkt".into();
    r.version = 3;
    let mut fields = RoundFields::of(&r);
    assert_eq!(fields.participants, r.participants);
    // A colleague who joined later is added, and the round lasts a week longer.
    fields.participants.push("nieuw".into());
    fields.ends_on = "2027-01-07".into();
    fields.title = " Ronde winter ".into();
    let changed = fields.apply(&r).unwrap();
    assert_eq!(changed.title, "Ronde winter");
    assert_eq!(changed.ends_on, "2027-01-07");
    assert!(changed.participants.contains(&"nieuw".to_owned()));
    assert_eq!(changed.shown, r.shown);
    assert_eq!(changed.conclusions.learned, "Luisteren werkt");
    assert_eq!((changed.id.as_str(), changed.version), ("r1", 3));
    assert_eq!(changed.created_at_ms, r.created_at_ms);

    let backwards = RoundFields {
        starts_on: "2027-02-01".into(),
        ..fields
    };
    let wrong = backwards.apply(&r).unwrap_err();
    assert_eq!(wrong.field, "ends_on");
}

#[test]
fn showing_ones_count_adds_or_takes_away_only_oneself() {
    let mut r = december();
    r.shown = vec!["bram".into()];
    let on = with_shown(&r, "anna", true);
    assert_eq!(on.shown, vec!["bram".to_owned(), "anna".to_owned()]);
    assert_eq!(
        with_shown(&with_shown(&on, "anna", true), "anna", true)
            .shown
            .len(),
        2
    );
    assert_eq!(
        with_shown(&on, "anna", false).shown,
        vec!["bram".to_owned()]
    );
}

#[test]
fn each_stap3_question_gets_what_colleagues_shared_on_it() {
    let agenda = Agenda {
        team_name: "Noord".into(),
        from: "2026-12-01".into(),
        to: "2026-12-31".into(),
        deidentified: false,
        dialogues: vec![
            AgendaDialogue {
                dialogue_id: "d1".into(),
                client: "C-1".into(),
                worker_name: "Anna".into(),
                held_on: "2026-12-02".into(),
                parts: vec![
                    AgendaPart {
                        label: "Cliënt: wat gaat goed".into(),
                        keywords: vec!["Luisteren".into(), "luisteren ".into(), "op tijd".into()],
                        text: String::new(),
                    },
                    AgendaPart {
                        label: "Hulpverlener: wat gaat goed".into(),
                        keywords: vec!["plannen".into()],
                        text: String::new(),
                    },
                ],
            },
            AgendaDialogue {
                dialogue_id: "d2".into(),
                client: "C-2".into(),
                worker_name: "Bram".into(),
                held_on: "2026-12-03".into(),
                parts: vec![AgendaPart {
                    label: "Cliënt: wat gaat goed".into(),
                    keywords: vec!["luisteren".into()],
                    text: String::new(),
                }],
            },
        ],
        alerts: Vec::new(),
        reflections: vec![AgendaReflections {
            question: werkzaam_domain::dialogue::Question::Learned.label().into(),
            answers: vec![(
                "C-1".into(),
                "2026-12-02".into(),
                "Ze wil zelf bellen".into(),
            )],
        }],
        actions: Vec::new(),
    };
    let learned = shared_reflections(&agenda, TeamQuestion::Learned);
    assert_eq!(learned.len(), 1);
    assert_eq!(learned[0].2, "Ze wil zelf bellen");
    assert!(shared_reflections(&agenda, TeamQuestion::Alliance).is_empty());
    assert!(shared_reflections(&agenda, TeamQuestion::Structural).is_empty());
    assert_eq!(
        client_words(&agenda, 10),
        vec![("luisteren".to_owned(), 2), ("op tijd".to_owned(), 1)],
        "the client's words, once per dialogue; not the worker's"
    );
}
