use proptest::prelude::*;
use werkzaam_domain::dialogue::*;
use werkzaam_domain::rules::consent::{covered, is_shared, media_shared, shared_view};

use crate::common::record;

fn with_consent(
    mut d: Dialogue,
    decision: ConsentDecision,
    answers: bool,
    media: bool,
    reflection: bool,
) -> Dialogue {
    d.consent = Consent {
        decision,
        recorded_on: "2026-11-23".into(),
        answers,
        media,
        reflection,
    };
    d
}

fn rich() -> Dialogue {
    let mut d = crate::dialogue("d1", "C-1", "luistert");
    d.nickname = "buurvrouw met de kat".into();
    d.client.better.text = "vaker bellen".into();
    d.client.good.media.push(MediaRef {
        kind: MediaKind::Drawing,
        hash: "a".repeat(64),
        bytes: 300,
    });
    d.strengths.social = "zus helpt".into();
    d.scales.client.overall = Some(7);
    d.reflection.learned = "meer tijd nemen".into();
    d
}

#[test]
fn without_a_yes_nothing_is_shared() {
    for decision in [ConsentDecision::NotAsked, ConsentDecision::No] {
        let d = with_consent(rich(), decision, true, true, true);
        assert!(!is_shared(&d));
        assert_eq!(shared_view(&d), None);
        assert!(!media_shared(&d, &"a".repeat(64)));
    }
}

#[test]
fn a_yes_that_names_no_part_shares_nothing() {
    let d = with_consent(rich(), ConsentDecision::Yes, false, false, false);
    assert_eq!(shared_view(&d), None);
}

#[test]
fn answers_only_shares_words_but_not_drawings_or_reflection() {
    let d = with_consent(rich(), ConsentDecision::Yes, true, false, false);
    let view = shared_view(&d).unwrap();
    assert_eq!(view.client.good.keywords, vec!["luistert".to_string()]);
    assert_eq!(view.client.better.text, "vaker bellen");
    assert_eq!(view.strengths.social, "zus helpt");
    assert_eq!(view.scales.client.overall, Some(7));
    assert!(view.client.good.media.is_empty());
    assert!(view.reflection.is_empty());
    assert!(!media_shared(&d, &"a".repeat(64)));
}

#[test]
fn media_only_shares_drawings_but_no_words() {
    let d = with_consent(rich(), ConsentDecision::Yes, false, true, false);
    let view = shared_view(&d).unwrap();
    assert!(view.client.good.keywords.is_empty());
    assert!(view.client.better.text.is_empty());
    assert!(view.strengths.is_empty());
    assert_eq!(view.client.good.media.len(), 1);
    assert!(media_shared(&d, &"a".repeat(64)));
    assert!(!media_shared(&d, &"b".repeat(64)));
}

#[test]
fn the_nickname_is_never_shared() {
    let d = with_consent(rich(), ConsentDecision::Yes, true, true, true);
    assert_eq!(shared_view(&d).unwrap().nickname, "");
}

proptest! {
    #[test]
    fn the_shared_view_never_holds_more_than_the_consent_covers(d in record()) {
        let c = covered(&d);
        match shared_view(&d) {
            None => prop_assert!(!c.anything()),
            Some(view) => {
                prop_assert_eq!(&view.nickname, "");
                for key in PartKey::ALL {
                    let (got, had) = (view.part(key), d.part(key));
                    if c.answers {
                        prop_assert_eq!(&got.keywords, &had.keywords);
                        prop_assert_eq!(&got.text, &had.text);
                    } else {
                        prop_assert!(got.keywords.is_empty() && got.text.is_empty());
                    }
                    if c.media {
                        prop_assert_eq!(&got.media, &had.media);
                    } else {
                        prop_assert!(got.media.is_empty());
                    }
                }
                if !c.answers {
                    prop_assert!(view.strengths.is_empty());
                    prop_assert_eq!(&view.scales, &Scales::default());
                    prop_assert!(view.agreements.is_empty() && view.checks.is_empty());
                    prop_assert!(view.mirror.is_empty());
                }
                // A photo of the sheet holds words and drawings: shared only when both are.
                if c.answers && c.media {
                    prop_assert_eq!(&view.sheet, &d.sheet);
                } else {
                    prop_assert!(view.sheet.is_empty());
                }
                for m in &d.sheet {
                    prop_assert_eq!(
                        werkzaam_domain::rules::consent::media_shared(&d, &m.hash),
                        view.refers_to(&m.hash)
                    );
                }
                if !c.reflection {
                    prop_assert!(view.reflection.is_empty());
                }
                // Sharing what is shared changes nothing more.
                prop_assert_eq!(shared_view(&view), Some(view.clone()));
            }
        }
    }
}
