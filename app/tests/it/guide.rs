//! The guided dialogue's logic (`app::dialogues::guide`): steps per way, free movement, what
//! counts as filled, suggestions for agreements, client mode's words, the client's choice.

use app::dialogues::guide::*;
use werkzaam_domain::dialogue::{Address, Agreement, ConsentDecision, Path};
use werkzaam_domain::variant::Variant;
use werkzaam_domain::Dialogue;

fn fresh() -> Dialogue {
    Dialogue::new("d1".into(), "C-1".into(), "2026-12-01".into(), 1)
}

#[test]
fn each_way_has_its_steps_and_the_reflection_comes_last_apart_from_the_visit() {
    let names = |p: Path| steps(p).iter().map(|s| s.short()).collect::<Vec<_>>();
    assert_eq!(
        names(Path::Steps),
        [
            "Voorbereiden",
            "Cliënt",
            "Hulpverlener",
            "Krachten",
            "Afspraken",
            "Delen",
            "Na het gesprek"
        ]
    );
    assert_eq!(
        names(Path::TwoQuestions),
        [
            "Voorbereiden",
            "Cliënt",
            "Hulpverlener",
            "Delen",
            "Na het gesprek"
        ]
    );
    assert_eq!(
        names(Path::Sheet),
        ["Voorbereiden", "Blad", "Delen", "Na het gesprek"]
    );
    for p in Path::ALL {
        let list = steps(p);
        assert_eq!(list.last(), Some(&Step::Reflect));
        assert!(list[..list.len() - 1].iter().all(|s| s.during_visit()));
        assert!(!list.last().unwrap().during_visit());
    }
}

#[test]
fn the_address_opens_the_step_it_names_when_the_way_has_it() {
    assert_eq!(current(Path::Steps, Some("afspraken")), Step::Agreements);
    assert_eq!(current(Path::Steps, None), Step::Prepare);
    assert_eq!(current(Path::Steps, Some("onzin")), Step::Prepare);
    // The quick path has no agreements step: its first step opens.
    assert_eq!(
        current(Path::TwoQuestions, Some("afspraken")),
        Step::Prepare
    );
    for s in ALL_STEPS {
        assert_eq!(Step::from_slug(s.slug()), Some(s));
    }
}

#[test]
fn vorige_and_volgende_follow_the_way() {
    assert_eq!(
        neighbours(Path::Steps, Step::Prepare),
        (None, Some(Step::Client))
    );
    assert_eq!(
        neighbours(Path::TwoQuestions, Step::Worker),
        (Some(Step::Client), Some(Step::Share))
    );
    assert_eq!(
        neighbours(Path::Sheet, Step::Reflect),
        (Some(Step::Share), None)
    );
    // A step the way does not have leads to its first.
    assert_eq!(
        neighbours(Path::Sheet, Step::Strengths),
        (None, Some(Step::Prepare))
    );
}

#[test]
fn a_step_is_ticked_once_it_holds_something() {
    let mut d = fresh();
    assert!(ALL_STEPS.iter().all(|s| !filled(&d, *s)));
    assert_eq!(progress(&d), (0, 5));
    d.client.better.keywords = vec!["sneller".into()];
    d.agreements.push(Agreement {
        id: "a1".into(),
        what: "Samen bellen".into(),
        ..Agreement::default()
    });
    decide(&mut d, ConsentDecision::No, "2026-12-01".into());
    assert!(filled(&d, Step::Client) && filled(&d, Step::Agreements) && filled(&d, Step::Share));
    assert!(!filled(&d, Step::Worker));
    assert_eq!(progress(&d), (3, 5));
    d.path = Path::TwoQuestions;
    assert_eq!(progress(&d), (2, 3));
    // Verder werken: the first step without anything yet.
    assert_eq!(resume(&d), Step::Worker);
    d.path = Path::Steps;
    assert_eq!(resume(&d), Step::Worker);
    d.worker.good.keywords = vec!["open".into()];
    assert_eq!(resume(&d), Step::Strengths);
    d.path = Path::TwoQuestions;
    assert_eq!(resume(&d), Step::Reflect);
}

#[test]
fn wat_kan_beter_words_are_suggested_as_agreements_until_one_holds_them() {
    let mut d = fresh();
    d.client.better.keywords = vec!["vaker bellen".into(), "Post".into()];
    d.worker.better.keywords = vec!["post".into(), "rust".into()];
    assert_eq!(agreement_suggestions(&d), ["vaker bellen", "Post", "rust"]);
    d.agreements.push(Agreement {
        id: "a1".into(),
        what: "Samen de post openen".into(),
        ..Agreement::default()
    });
    assert_eq!(agreement_suggestions(&d), ["vaker bellen", "rust"]);
}

#[test]
fn client_mode_says_je_or_u() {
    let je = ClientWords {
        address: Address::Je,
        variant: Variant::NlNl,
    };
    let u = ClientWords {
        address: Address::U,
        variant: Variant::NlNl,
    };
    assert_eq!(je.question(), "Hoe vind jij de hulp die je krijgt?");
    assert_eq!(u.question(), "Hoe vindt u de hulp die u krijgt?");
    assert_eq!(u.thanks(), "Dank u wel! 🙌");
    assert!(u
        .consent_text()
        .iter()
        .all(|l| !l.contains(" je ") && !l.starts_with("Je ")));
    assert!(je
        .consent_text()
        .iter()
        .any(|l| l.contains("Nee zeggen mag")));
}

#[test]
fn the_clients_choice_waits_for_the_worker_and_shares_nothing_until_then() {
    let mut d = fresh();
    assert_eq!(client_choice(&d), None);
    d.client_consent = ConsentDecision::Yes;
    assert!(client_choice(&d).unwrap().contains("Ja, dat mag"));
    assert!(!werkzaam_domain::rules::consent::is_shared(&d));
    let value = d.client_consent;
    decide(&mut d, value, "2026-12-01".into());
    assert_eq!(client_choice(&d), None);
    assert_eq!(d.consent.decision, ConsentDecision::Yes);
    assert_eq!(d.consent.recorded_on, "2026-12-01");
    assert!(d.consent.answers && d.consent.media && !d.consent.reflection);
    assert!(werkzaam_domain::rules::consent::is_shared(&d));
    // Taking it back clears the day.
    decide(&mut d, ConsentDecision::NotAsked, "2026-12-02".into());
    assert_eq!(d.consent.recorded_on, "");
}

#[test]
fn every_step_has_guidance_in_the_seeds_words() {
    for s in ALL_STEPS {
        assert!(!s.guide().is_empty(), "{s:?}");
    }
    let all: String = ALL_STEPS
        .iter()
        .flat_map(|s| s.guide().iter().copied())
        .collect();
    for words in [
        "op je handen zitten",
        "eigen oordeel ondergeschikt",
        "laat me graag verrassen",
        "deskundige",
        "collage",
        "wasco's",
    ] {
        assert!(all.to_lowercase().contains(words), "{words}");
    }
}

#[test]
fn voorlezen_reads_the_screens_words_without_pictograms() {
    let u = ClientWords {
        address: Address::U,
        variant: Variant::NlNl,
    };
    assert_eq!(
        u.spoken(0),
        "Hoe vindt u de hulp die u krijgt? Wat gaat goed?"
    );
    assert!(u.spoken(3).contains("Neem ik de tijd voor u?"));
    assert!(u
        .spoken(4)
        .starts_with("Mag het team meelezen? Uw hulpverlener"));
    assert_eq!(u.spoken(5), "Geef het apparaat terug aan uw hulpverlener.");
    assert_eq!(u.heading(2), "Hoeveel? (mag u overslaan)");
    for step in 0..CLIENT_STEPS {
        assert!(
            u.spoken(step).chars().all(|c| (c as u32) < 0x2000),
            "{step}"
        );
    }
}

#[test]
fn the_reflection_asks_the_stap_3_questions_in_the_seeds_words() {
    use werkzaam_domain::dialogue::Question;
    let labels: Vec<&str> = Question::ALL.iter().map(|q| q.label()).collect();
    assert!(labels.contains(&"Hoe beïnvloedt het gesprek mijn kijk op de cliënt?"));
    assert!(labels.contains(&"Hoe beïnvloedt het gesprek hoe ik in de werkalliantie sta?"));
    assert!(labels.contains(&"Zal het hulpverleningsproces er in de toekomst anders uitzien?"));
}

#[test]
fn client_mode_in_flanders_says_toestel_and_names_gedeeld_beroepsgeheim() {
    let be = ClientWords {
        address: Address::U,
        variant: Variant::NlBe,
    };
    assert_eq!(
        be.give_back(),
        "Geef het toestel terug aan uw hulpverlener."
    );
    let lines = be.consent_text();
    assert_eq!(lines.len(), 5);
    assert!(lines[3].contains("gedeeld beroepsgeheim"));
    assert_eq!(lines[4], "Nee zeggen mag. Uw hulp blijft hetzelfde.");
    assert!(
        be.spoken(4).contains("gedeeld beroepsgeheim"),
        "Voorlezen reads it too"
    );
    let nl = ClientWords {
        address: Address::U,
        variant: Variant::NlNl,
    };
    assert!(!nl
        .consent_text()
        .iter()
        .any(|l| l.contains("beroepsgeheim")));
    assert_eq!(
        nl.give_back(),
        "Geef het apparaat terug aan uw hulpverlener."
    );
}
