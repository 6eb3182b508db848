//! Issue 5's pure rules: the name/address warning, the werkzame-elementen vocabulary (suggestions,
//! synonyms, counting) and the action board.

use proptest::prelude::*;
use werkzaam_domain::drawing::{from_text, to_text, Drawing, Point, Stroke};
use werkzaam_domain::merge::{apply_upsert, candidates, merge, resolve, Record, Value};
use werkzaam_domain::rules::privacy::{warnings, Kind};
use werkzaam_domain::rules::vocabulary::{count, normalize, suggest, Synonyms};
use werkzaam_domain::team::{
    board, Action, ActionStatus, Compliment, Dream, Meeting, Story, SynonymMerge, TeamData,
    LEIDRAAD,
};

fn kinds(text: &str) -> Vec<Kind> {
    warnings(text).into_iter().map(|w| w.kind).collect()
}

#[test]
fn texts_with_a_client_identity_warn() {
    for (text, kind) in [
        (
            "Ik ging op huisbezoek bij mevrouw Jansen en we praatten lang.",
            Kind::Name,
        ),
        ("Samen met dhr. De Vries maakten we een plan.", Kind::Name),
        (
            "Toen belde Fatima El Amrani zelf de woningcorporatie.",
            Kind::Name,
        ),
        (
            "Ze woont op de Kerkstraat 12 boven de bakker.",
            Kind::Address,
        ),
        ("Het adres is 1234 AB, tweede verdieping.", Kind::Address),
        ("Geboren op 12-03-1961 en al jaren alleen.", Kind::BirthDate),
        ("Hij is geboren op 3 maart 1961.", Kind::BirthDate),
        ("Bel haar op 06-12345678 als het niet lukt.", Kind::Number),
        ("Zijn BSN 123456782 stond op de brief.", Kind::Number),
        (
            "Mail naar j.jansen@example.nl voor de afspraak.",
            Kind::Email,
        ),
    ] {
        assert!(
            kinds(text).contains(&kind),
            "{text:?} gave {:?}",
            warnings(text)
        );
    }
    let w = warnings("Ik sprak mevrouw Van der Berg op de Dorpsweg 7.");
    assert_eq!(w[0].excerpt, "mevrouw Van der Berg");
    assert_eq!(w[1].excerpt, "Dorpsweg 7");
    assert!(!Kind::Name.message().is_empty());
}

#[test]
fn ordinary_story_texts_do_not_warn() {
    for text in [
        "De cliënt durfde na drie maanden zelf te bellen.",
        "Toen hij in 2019 zijn baan verloor, ging het mis.",
        "We spraken elke week om 14:00 af, twee jaar lang.",
        "Wat hielp: echt luisteren en samen kleine stappen zetten.",
        "Het Wijkteam Noord werkte samen met de GGZ.",
        "Ik voelde me trots. Daarna ging het beter.",
        "Ze heeft 3 kinderen en een hond.",
        "In de WMO-aanvraag stond het anders.",
        "",
    ] {
        assert_eq!(warnings(text), vec![], "{text:?}");
    }
}

proptest! {
    #[test]
    fn the_warning_never_panics_and_quotes_only_the_text(text in "\\PC{0,200}") {
        for w in warnings(&text) {
            for word in w.excerpt.split(' ') {
                prop_assert!(text.contains(word));
            }
        }
    }
}

fn stories(list: &[&[&str]]) -> Vec<Vec<String>> {
    list.iter()
        .map(|s| s.iter().map(|e| e.to_string()).collect())
        .collect()
}

#[test]
fn merged_synonyms_count_together_and_keep_the_words_people_used() {
    let written = stories(&[
        &["Echt luisteren", "kleine stappen"],
        &["luisteren", "echt luisteren"],
        &["Luisteren ", "humor"],
        &["kleine stapjes"],
    ]);
    let plain = count(written.iter().map(|s| s.as_slice()), &Synonyms::default());
    assert_eq!(plain[0].name, "echt luisteren");
    assert_eq!(plain[0].stories, 2);

    let mut synonyms = Synonyms::default();
    synonyms.merge(&["echt luisteren"], "luisteren");
    synonyms.merge(&["kleine stapjes"], "kleine stappen");
    let merged = count(written.iter().map(|s| s.as_slice()), &synonyms);
    assert_eq!(
        merged
            .iter()
            .map(|c| (c.name.as_str(), c.stories))
            .collect::<Vec<_>>(),
        vec![("luisteren", 3), ("kleine stappen", 2), ("humor", 1)]
    );
    // The originals are still there, as written.
    assert_eq!(merged[0].variants.len(), 4);
    assert!(merged[0].variants.contains(&"Echt luisteren".to_owned()));
    // A merge into something that was merged itself follows through, and never loops.
    synonyms.merge(&["luisteren"], "aandacht");
    assert_eq!(synonyms.canonical("Echt  luisteren"), "aandacht");
    synonyms.merge(&["aandacht"], "echt luisteren");
    assert_eq!(
        synonyms.canonical("aandacht"),
        synonyms.canonical("luisteren")
    );
    assert!(synonyms.map.iter().all(|(k, v)| k != v));
}

#[test]
fn suggestions_come_from_the_team_vocabulary_as_you_type() {
    let written = stories(&[
        &["echt luisteren", "humor"],
        &["echt luisteren", "samen plannen"],
        &["luisteren zonder oordeel"],
    ]);
    let vocabulary = count(written.iter().map(|s| s.as_slice()), &Synonyms::default());
    assert_eq!(
        suggest(&vocabulary, "lui", &[], 5),
        vec!["echt luisteren", "luisteren zonder oordeel"]
    );
    assert_eq!(
        suggest(&vocabulary, "Lui", &["echt luisteren".into()], 5),
        vec!["luisteren zonder oordeel"]
    );
    assert_eq!(suggest(&vocabulary, "mor", &[], 5), vec!["humor"]);
    assert!(suggest(&vocabulary, "  ", &[], 5).is_empty());
    assert_eq!(suggest(&vocabulary, "e", &[], 1).len(), 1);
    assert_eq!(normalize("  Echt   Luisteren! "), "echt luisteren");
}

proptest! {
    #[test]
    fn every_story_counts_an_element_once_whatever_the_merges(
        elements in prop::collection::vec(prop::collection::vec("[a-c]{1,2}", 0..5), 0..6),
        merges in prop::collection::vec(("[a-c]{1,2}", "[a-c]{1,2}"), 0..4),
    ) {
        let mut synonyms = Synonyms::default();
        for (from, to) in &merges {
            synonyms.merge(&[from.as_str()], to);
        }
        let counted = count(elements.iter().map(|s| s.as_slice()), &synonyms);
        for c in &counted {
            prop_assert!(c.stories <= elements.len());
        }
        let total_names: usize = elements
            .iter()
            .map(|s| {
                let mut names: Vec<String> = s.iter().map(|e| synonyms.canonical(e)).collect();
                names.sort();
                names.dedup();
                names.len()
            })
            .sum();
        prop_assert_eq!(counted.iter().map(|c| c.stories).sum::<usize>(), total_names);
    }
}

#[test]
fn the_board_shows_open_actions_per_owner_soonest_first_and_overdue_ones_stand_out() {
    let action = |id: &str, owners: &[&str], due: &str, status| Action {
        id: id.into(),
        what: format!("actie {id}"),
        owners: owners.iter().map(|o| o.to_string()).collect(),
        due: due.into(),
        status,
        ..Action::default()
    };
    let actions = vec![
        action("a", &["anna"], "2026-12-01", ActionStatus::Open),
        action("b", &["anna", "bram"], "2026-11-20", ActionStatus::Bezig),
        action("c", &["bram"], "2026-11-01", ActionStatus::Klaar),
        action("d", &["anna"], "", ActionStatus::Open),
    ];
    let b = board(&actions, &["anna".into(), "bram".into()]);
    let ids = |i: usize| b[i].1.iter().map(|a| a.id.as_str()).collect::<Vec<_>>();
    assert_eq!(ids(0), vec!["b", "a", "d"]);
    assert_eq!(ids(1), vec!["b"]);
    assert!(actions[1].overdue("2026-11-23"));
    assert!(!actions[0].overdue("2026-11-23"));
    assert!(!actions[2].overdue("2026-11-23"), "done is never overdue");
    assert!(!actions[3].overdue("2026-11-23"), "no date, not overdue");
    assert_eq!(LEIDRAAD.len(), 6);
    assert_eq!(ActionStatus::Klaar.label(), "Klaar");
}

#[test]
fn two_members_editing_one_action_offline_converge_and_a_real_clash_is_kept() {
    let base = Action {
        id: "actie-1".into(),
        what: "Elke maand een casus bespreken".into(),
        owners: vec!["anna".into()],
        due: "2026-12-15".into(),
        version: 4,
        ..Action::default()
    };
    // Anna marks it klaar on her phone; Bram adds himself and moves the date on his.
    let mut anna = base.clone();
    anna.status = ActionStatus::Klaar;
    let mut bram = base.clone();
    bram.owners.push("bram".into());
    bram.due = "2027-01-10".into();
    let stored = apply_upsert(
        Some(&apply_upsert(Some(&base), None, &anna, 5)),
        Some(&base),
        &bram,
        6,
    );
    assert_eq!(stored.status, ActionStatus::Klaar);
    assert_eq!(stored.owners, vec!["anna", "bram"]);
    assert_eq!(stored.due, "2027-01-10");
    assert!(stored.conflicts.is_empty());
    assert_eq!(stored.version, 6);

    // Both change the status differently: both stay until someone chooses.
    let mut bezig = base.clone();
    bezig.status = ActionStatus::Bezig;
    let clash = merge(&base, &anna, &bezig);
    assert_eq!(
        candidates(&clash, "status"),
        vec![
            Value::ActionStatus(ActionStatus::Klaar),
            Value::ActionStatus(ActionStatus::Bezig)
        ]
    );
    let mut chosen = clash.clone();
    assert!(resolve(
        &mut chosen,
        "status",
        Value::ActionStatus(ActionStatus::Bezig)
    ));
    assert_eq!(merge(&clash, &clash, &chosen), chosen);
    for f in Action::fields() {
        assert!(base.field(f).is_some(), "{f}");
    }
}

#[test]
fn compliments_and_elements_added_on_two_phones_are_all_kept() {
    let mut base = Story {
        id: "verhaal-1".into(),
        storyteller_id: "anna".into(),
        interviewer_id: "bram".into(),
        held_on: "2026-11-20".into(),
        title: "De brief van de woningcorporatie".into(),
        ..Story::default()
    };
    assert!(base.set_field(
        "answer.doorbraak.text",
        Value::Text("Hij belde zelf.".into())
    ));
    let mut bram = base.clone();
    bram.elements.push("echt luisteren".into());
    bram.compliments.push(Compliment {
        author_id: "bram".into(),
        text: "Knap gedaan!".into(),
        at_ms: 1,
    });
    let mut sem = base.clone();
    sem.elements.push("geduld".into());
    sem.compliments.push(Compliment {
        author_id: "sem".into(),
        text: "Mooi verhaal".into(),
        at_ms: 2,
    });
    sem.set_field("answer.verschil.text", Value::Text("Vertrouwen.".into()));
    let m = merge(&base, &bram, &sem);
    assert!(m.conflicts.is_empty());
    assert_eq!(m.elements, vec!["echt luisteren", "geduld"]);
    assert_eq!(m.compliments.len(), 2);
    assert_eq!(m.answer("doorbraak").unwrap().text, "Hij belde zelf.");
    assert_eq!(m.answer("verschil").unwrap().text, "Vertrouwen.");
    // Unknown questions are no fields.
    base.title.clear();
    assert!(base.field("answer.weer.text").is_none());
    assert!(!base.set_field("answer.weer.text", Value::Text("x".into())));
    for f in Story::fields() {
        assert!(base.field(f).is_some(), "{f}");
    }
}

pub fn story_on(id: &str, held_on: &str, elements: &[&str]) -> Story {
    Story {
        id: id.into(),
        storyteller_id: "u-anna".into(),
        interviewer_id: "u-bram".into(),
        held_on: held_on.into(),
        title: format!("Verhaal {id}"),
        elements: elements.iter().map(|e| e.to_string()).collect(),
        ..Story::default()
    }
}

pub fn meeting_on(id: &str, held_on: &str) -> Meeting {
    Meeting {
        id: id.into(),
        held_on: held_on.into(),
        ..Meeting::default()
    }
}

#[test]
fn a_session_looks_at_the_stories_since_the_session_before_and_counts_their_elements_with_the_synonyms(
) {
    let data = TeamData {
        stories: vec![
            story_on("s1", "2026-09-01", &["luisteren"]),
            story_on("s2", "2026-10-02", &["echt luisteren", "tijd nemen"]),
            story_on("s3", "2026-10-20", &["Luisteren", "humor"]),
            Story {
                deleted: true,
                ..story_on("s4", "2026-10-21", &["luisteren"])
            },
            story_on("s5", "2026-11-02", &["humor"]),
        ],
        meetings: vec![
            meeting_on("m1", "2026-09-15"),
            meeting_on("m2", "2026-10-30"),
        ],
        synonyms: vec![SynonymMerge {
            id: "syn1".into(),
            variants: vec!["echt luisteren".into()],
            name: "luisteren".into(),
            ..SynonymMerge::default()
        }],
        ..TeamData::default()
    };
    let m2 = &data.meetings[1];
    let stories: Vec<&str> = data.stories_for(m2).iter().map(|s| s.id.as_str()).collect();
    assert_eq!(stories, ["s3", "s2"], "after m1, up to m2, not deleted");
    let counted = data.elements(&data.stories_for(m2));
    assert_eq!(counted[0].name, "luisteren");
    assert_eq!(counted[0].stories, 2);
    assert!(counted[0].variants.contains(&"echt luisteren".to_string()));
    // The first session looks at everything before it.
    let first: Vec<&str> = data
        .stories_for(&data.meetings[0])
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(first, ["s1"]);
    // Undoing the merge (deleting it) counts the words apart again.
    let mut undone = data.clone();
    undone.synonyms[0].deleted = true;
    let apart = undone.elements(&undone.stories_for(m2));
    assert!(apart
        .iter()
        .any(|c| c.name == "echt luisteren" && c.stories == 1));
}

#[test]
fn the_groepsdroom_lists_a_sessions_statements_by_cluster_and_leaves_out_deleted_ones() {
    let dream = |id: &str, meeting: &str, cluster: &str, at: i64| Dream {
        id: id.into(),
        meeting_id: meeting.into(),
        author_id: "u-anna".into(),
        text: format!("droom {id}"),
        cluster: cluster.into(),
        updated_at_ms: at,
        ..Dream::default()
    };
    let data = TeamData {
        dreams: vec![
            dream("d1", "m1", "", 1),
            dream("d2", "m1", "Samen", 2),
            dream("d3", "m1", "Ruimte", 3),
            dream("d4", "m2", "Samen", 4),
            Dream {
                deleted: true,
                ..dream("d5", "m1", "Samen", 5)
            },
            dream("d6", "m1", "samen", 6),
        ],
        ..TeamData::default()
    };
    let ids: Vec<&str> = data
        .dreams_for("m1")
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(ids, ["d3", "d2", "d6", "d1"]);
}

#[test]
fn a_dream_drawing_survives_its_text_form_and_garbage_is_refused() {
    let mut drawing = Drawing::new(600, 400);
    drawing.strokes.push(Stroke {
        color: 2,
        size: 1,
        points: (0..57)
            .map(|i| Point {
                x: 10 + i * 7,
                y: 300 - i * 3,
                pressure: (i % 16) as u8,
            })
            .collect(),
    });
    for strokes in [0, 1] {
        let mut d = drawing.clone();
        d.strokes.truncate(strokes);
        let text = to_text(&d);
        assert!(text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '/'));
        assert_eq!(from_text(&text).unwrap(), d);
    }
    assert!(from_text("bm90IGEgZHJhd2luZw").is_err());
    assert!(from_text("é!").is_err());
    assert!(from_text("").is_err());
}

#[test]
fn dreams_sessions_and_merges_are_checked_before_they_are_kept() {
    use werkzaam_domain::rules::validate;
    let dream = Dream {
        id: "d1".into(),
        meeting_id: "m1".into(),
        author_id: "u-anna".into(),
        text: "Iedereen kent de krachten van de cliënt".into(),
        ..Dream::default()
    };
    assert!(validate::dream(&dream).is_ok());
    assert!(validate::dream(&Dream {
        text: " ".into(),
        ..dream.clone()
    })
    .is_err());
    assert!(validate::dream(&Dream {
        drawing: "xx".into(),
        ..dream.clone()
    })
    .is_err());
    assert!(validate::dream(&Dream {
        meeting_id: String::new(),
        ..dream.clone()
    })
    .is_err());
    let drawn = Dream {
        text: String::new(),
        drawing: to_text(&Drawing::new(300, 200)),
        ..dream.clone()
    };
    assert!(
        validate::dream(&drawn).is_ok(),
        "a drawing alone is a statement"
    );
    assert!(validate::meeting(&meeting_on("m1", "2026-11-31")).is_err());
    assert!(validate::meeting(&meeting_on("m1", "2026-11-30")).is_ok());
    let merge = SynonymMerge {
        id: "s1".into(),
        variants: vec!["echt luisteren".into()],
        name: "luisteren".into(),
        ..SynonymMerge::default()
    };
    assert!(validate::synonym(&merge).is_ok());
    assert!(validate::synonym(&SynonymMerge {
        variants: vec![],
        ..merge.clone()
    })
    .is_err());
    assert!(validate::synonym(&SynonymMerge {
        name: "".into(),
        ..merge
    })
    .is_err());
}

proptest! {
    /// Issue 20: any number of sessions on one day, opened in any order and with any ids, each
    /// counts exactly the stories since the one before — never by the random ids.
    #[test]
    fn sessions_on_one_day_each_count_the_stories_since_the_one_before(
        // The events of one day in time order: true opens a session, false tells a story.
        events in prop::collection::vec(any::<bool>(), 1..30),
        ids in prop::collection::vec("[0-9a-f]{8}", 30),
        shuffle_seed in any::<u64>(),
    ) {
        let mut meetings = Vec::new();
        let mut stories = Vec::new();
        // What each session must count: the stories since the session before.
        let mut expected: Vec<(String, Vec<String>)> = Vec::new();
        let mut told = Vec::new();
        for (i, opens) in events.iter().enumerate() {
            let at = 1_000_000 + i as i64 * 1000;
            if *opens {
                let id = format!("{}-{i}", ids[i]);
                meetings.push(Meeting {
                    id: id.clone(),
                    held_on: "2026-11-20".into(),
                    created_at_ms: at,
                    updated_at_ms: at + 5_000_000,
                    ..Meeting::default()
                });
                expected.push((id, std::mem::take(&mut told)));
            } else {
                let id = format!("s{i}");
                stories.push(Story {
                    created_at_ms: at,
                    updated_at_ms: at + 9_000_000,
                    ..story_on(&id, "2026-11-20", &["luisteren"])
                });
                told.push(id);
            }
        }
        // The order they reach the device is any.
        let mut x = shuffle_seed | 1;
        for i in (1..meetings.len()).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            meetings.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let data = TeamData { stories, meetings, ..TeamData::default() };
        for (id, want) in expected {
            let meeting = data.meetings.iter().find(|m| m.id == id).unwrap();
            let mut got: Vec<String> = data.stories_for(meeting).iter().map(|s| s.id.clone()).collect();
            got.sort();
            let mut want = want;
            want.sort();
            prop_assert_eq!(got, want, "session {}", id);
        }
    }
}

#[test]
fn a_story_told_on_an_earlier_day_belongs_to_the_first_session_after_it() {
    let data = TeamData {
        stories: vec![
            Story {
                created_at_ms: 50,
                ..story_on("oud", "2026-10-01", &[])
            },
            Story {
                created_at_ms: 10,
                ..story_on("nieuw", "2026-11-21", &[])
            },
        ],
        meetings: vec![
            Meeting {
                created_at_ms: 20,
                ..meeting_on("m-b", "2026-11-20")
            },
            Meeting {
                created_at_ms: 30,
                ..meeting_on("m-a", "2026-11-22")
            },
        ],
        ..TeamData::default()
    };
    let ids = |m: &str| -> Vec<String> {
        let meeting = data.meetings.iter().find(|x| x.id == m).unwrap();
        data.stories_for(meeting)
            .iter()
            .map(|s| s.id.clone())
            .collect()
    };
    assert_eq!(ids("m-b"), ["oud"]);
    assert_eq!(ids("m-a"), ["nieuw"]);
    assert_eq!(
        data.live_meetings()[0].id,
        "m-a",
        "newest first by day, then by opening"
    );
}
