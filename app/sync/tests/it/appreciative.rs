//! Issue 5's pure rules: the name/address warning, the werkzame-elementen vocabulary (suggestions,
//! synonyms, counting) and the action board.

use proptest::prelude::*;
use werkzaam_sync::appreciative::{board, Action, ActionStatus, Compliment, Story, LEIDRAAD};
use werkzaam_sync::merge::{apply_upsert, candidates, merge, resolve, Record, Value};
use werkzaam_sync::privacy::{warnings, Kind};
use werkzaam_sync::vocabulary::{count, normalize, suggest, Synonyms};

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
