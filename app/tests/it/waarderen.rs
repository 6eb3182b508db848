//! Issue 5's screen logic: names, privacy notes, the elements chart, the forms and the board.

use app::ui::words::privacy_notes;
use app::waarderen::logic::*;
use werkzaam_domain::rules::vocabulary::Counted;
use werkzaam_domain::team::{Action, ActionStatus};
use werkzaam_domain::variant::Variant;
use werkzaam_domain::Role;
use werkzaam_protocol::team::TeamMember;

fn member(id: &str, name: &str) -> TeamMember {
    TeamMember {
        user_id: id.into(),
        display_name: name.into(),
        role: Role::Medewerker,
        disabled: false,
    }
}

#[test]
fn a_colleague_is_named_and_an_unknown_one_is_not_shown_as_an_id() {
    let team = [member("u-1", "Anna"), member("u-2", "Bram")];
    assert_eq!(name_of(&team, "u-2"), "Bram");
    assert_eq!(name_of(&team, "u-9"), "een collega");
}

#[test]
fn a_story_text_with_a_name_gets_a_note_that_says_what_to_do_and_a_plain_one_gets_none() {
    let notes = privacy_notes("Ik ging op bezoek bij mevrouw Jansen.", Variant::NlNl);
    assert_eq!(notes.len(), 1);
    assert!(notes[0].contains("naam"), "{notes:?}");
    assert!(notes[0].contains("Jansen"));
    assert!(notes[0].contains("de cliënt"));
    assert!(privacy_notes("De cliënt belde zelf de woningcorporatie.", Variant::NlNl).is_empty());
    let flemish = privacy_notes("Haar nummer is 85.07.30-033.28.", Variant::NlBe);
    assert_eq!(flemish.len(), 1);
    assert!(flemish[0].contains("rijksregisternummer"), "{flemish:?}");
}

#[test]
fn the_elements_chart_has_a_bar_per_element_scaled_to_the_most_named_and_escapes_names() {
    let counted = vec![
        Counted {
            name: "luisteren".into(),
            stories: 4,
            variants: vec![],
        },
        Counted {
            name: "<b>tijd</b> & ruimte".into(),
            stories: 2,
            variants: vec![],
        },
        Counted {
            name: "humor".into(),
            stories: 1,
            variants: vec![],
        },
    ];
    let svg = elements_chart_svg(&counted, 2);
    assert_eq!(svg.matches("<rect").count(), 2, "at most `max` bars");
    assert!(
        svg.contains("width=\"320.0\""),
        "the most named fills the width: {svg}"
    );
    assert!(
        svg.contains("width=\"160.0\""),
        "half as often, half as long"
    );
    assert!(svg.contains("&lt;b&gt;tijd&lt;/b&gt; &amp; ruimte"));
    assert!(!svg.contains("<b>"));
    assert!(!svg.contains("humor"));
    assert!(elements_chart_svg(&[], 5).contains("Nog geen werkzame elementen"));
}

#[test]
fn an_action_needs_what_and_who_and_a_real_date() {
    let form = ActionForm {
        what: "  Intervisie over luisteren plannen ".into(),
        owners: vec!["u-1".into()],
        due: "2026-12-15".into(),
        serves: "droom-1".into(),
    };
    let action = form.to_action("a-1".into(), "m-1", 5).unwrap();
    assert_eq!(action.what, "Intervisie over luisteren plannen");
    assert_eq!(action.serves.as_deref(), Some("droom-1"));
    assert_eq!(action.meeting_id, "m-1");
    assert_eq!(action.status, ActionStatus::Open);
    let no_one = ActionForm {
        owners: vec![],
        ..form.clone()
    };
    assert!(no_one.to_action("a-2".into(), "m-1", 5).is_err());
    let no_what = ActionForm {
        what: " ".into(),
        ..form.clone()
    };
    assert!(no_what.to_action("a-3".into(), "m-1", 5).is_err());
    let bad_day = ActionForm {
        due: "2026-02-30".into(),
        ..form
    };
    assert!(bad_day.to_action("a-4".into(), "m-1", 5).is_err());
}

#[test]
fn a_session_without_a_title_is_called_teambijeenkomst_and_a_merge_leaves_out_its_own_name() {
    assert_eq!(
        new_meeting("m-1".into(), "2026-11-30", " ", 1)
            .unwrap()
            .title,
        "Teambijeenkomst"
    );
    assert!(new_meeting("m-1".into(), "", "x", 1).is_err());
    let merge = new_synonym(
        "s-1".into(),
        &["luisteren".into(), "Echt luisteren".into()],
        "Luisteren",
        1,
    )
    .unwrap();
    assert_eq!(merge.variants, ["Echt luisteren"]);
    assert!(new_synonym("s-2".into(), &["luisteren".into()], "luisteren", 1).is_err());
    assert!(new_dream("d-1".into(), "m-1", "u-1", "  ", String::new(), 1).is_err());
    assert_eq!(
        new_dream(
            "d-1".into(),
            "m-1",
            "u-1",
            " Samen sterk ",
            String::new(),
            1
        )
        .unwrap()
        .text,
        "Samen sterk"
    );
}

#[test]
fn the_board_puts_my_open_actions_first_and_done_ones_apart() {
    let action = |id: &str, owners: &[&str], due: &str, status| Action {
        id: id.into(),
        what: format!("actie {id}"),
        owners: owners.iter().map(|o| o.to_string()).collect(),
        due: due.into(),
        status,
        ..Action::default()
    };
    let all = [
        action("a1", &["u-2"], "2026-12-01", ActionStatus::Open),
        action("a2", &["u-1", "u-2"], "2026-11-01", ActionStatus::Bezig),
        action("a3", &["u-1"], "", ActionStatus::Klaar),
        action("a4", &["u-9"], "2026-12-05", ActionStatus::Open),
    ];
    let refs: Vec<&Action> = all.iter().collect();
    let team = [member("u-1", "Anna"), member("u-2", "Bram")];
    let board = board_view(&refs, "u-1", &team);
    let groups: Vec<(&str, Vec<&str>)> = board
        .groups
        .iter()
        .map(|(o, l)| (o.as_str(), l.iter().map(|a| a.id.as_str()).collect()))
        .collect();
    assert_eq!(
        groups,
        [
            ("u-1", vec!["a2"]),
            ("u-2", vec!["a2", "a1"]),
            ("u-9", vec!["a4"])
        ]
    );
    assert_eq!(board.done.len(), 1);
    assert_eq!(my_open_actions(&refs, "u-1", "2026-11-30"), (1, 1));
    assert_eq!(my_open_actions(&refs, "u-2", "2026-11-30"), (2, 1));
}

#[test]
fn an_action_changed_differently_on_two_phones_shows_both_versions_named_plainly() {
    use app::dialogues::conflicts::record_conflict_choices;
    use werkzaam_domain::merge::{merge, Value};
    let base = Action {
        id: "a1".into(),
        what: "Intervisie plannen".into(),
        owners: vec!["u-1".into()],
        ..Action::default()
    };
    let mut anna = base.clone();
    anna.status = ActionStatus::Klaar;
    let mut bram = base.clone();
    bram.status = ActionStatus::Bezig;
    let merged = merge(&base, &anna, &bram);
    let choices = record_conflict_choices(&merged, team_field_label);
    assert_eq!(choices.len(), 1);
    assert_eq!(choices[0].label, "Status");
    let labels: Vec<&str> = choices[0].versions.iter().map(|v| v.0.as_str()).collect();
    assert_eq!(labels, ["Klaar", "Bezig"]);
    assert!(choices[0].versions[0].2, "the field holds the first");
    assert_eq!(
        choices[0].versions[1].1,
        Value::ActionStatus(ActionStatus::Bezig)
    );
    assert_eq!(
        team_field_label("answer.verschil.keywords"),
        "Wat maakte volgens jou het verschil? (trefwoorden)"
    );
}

#[test]
fn what_people_wrote_shows_as_text_never_as_markup() {
    use werkzaam_domain::team::{Answer, Story};
    let story = Story {
        id: "s-1".into(),
        storyteller_id: "u-1".into(),
        title: "<script>alert(1)</script>".into(),
        quotes: vec!["\"zelf\" & <b>samen</b>".into()],
        elements: vec!["<img src=x onerror=alert(1)>".into()],
        answers: vec![Answer {
            question: "trots".into(),
            text: "Hij zei: <i>'ik kan het'</i>".into(),
            keywords: vec!["moed".into()],
        }],
        ..Story::default()
    };
    let team = [member("u-1", "<Anna>")];
    let name = |id: &str| name_of(&team, id);
    for out in [story_html(&story), story_cards_html(&[&story], &name)] {
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<img"), "{out}");
        assert!(!out.contains("<b>"), "{out}");
        assert!(!out.contains("<i>"), "{out}");
        assert!(!out.contains("<Anna>"), "{out}");
    }
    let body = story_html(&story);
    assert!(body.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(body.contains("&quot;zelf&quot; &amp; &lt;b&gt;samen&lt;/b&gt;"));
    assert!(body.contains("Vertel over een begeleiding waar je trots op bent."));
    assert!(body.contains("<li class=\"chip\">moed</li>"));
    let cards = story_cards_html(&[&story], &name);
    assert!(cards.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(cards.contains("&lt;Anna&gt;"));
    assert!(cards.contains("href=\"/samen/verhaal/s-1\""));
}

#[test]
fn a_count_of_stories_says_verhaal_for_one() {
    assert!(app::waarderen::logic::stories_since_label(1).starts_with("Uit 1 verhaal sinds"));
    assert!(app::waarderen::logic::stories_since_label(0).starts_with("Uit 0 verhalen sinds"));
    assert!(app::waarderen::logic::stories_since_label(2).starts_with("Uit 2 verhalen sinds"));
}

#[test]
fn the_interview_the_other_way_round_swaps_who_tells_and_who_asks() {
    let mut first = new_story("s1".into(), "anna", "2026-12-02".into(), 1);
    first.storyteller_id = "bram".into();
    first.title = "Zelf de huur geregeld".into();
    let second = swapped_story(&first, "s2".into(), 2);
    assert_eq!(second.interviewer_id, "bram");
    assert_eq!(second.storyteller_id, "anna");
    assert_eq!(second.held_on, "2026-12-02");
    assert_eq!(second.title, "", "a story of its own");
    assert!(second.answers.is_empty());
    // Anna, the storyteller now, may make it (a new story is its interviewer's or teller's).
    assert!(werkzaam_domain::rules::authorship::story(None, &second, "anna").is_ok());
}
