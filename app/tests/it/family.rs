//! Family dialogues on the screens: the client's step is filled by anyone's answers, the
//! others' *wat kan beter* words are suggested as agreements, client mode asks them about the
//! help the family gets, the keepsake holds their words, a conflict names their fields.

use app::dialogues::conflicts::{field_label, value_label};
use app::dialogues::guide::*;
use app::dialogues::keepsake::keepsake;
use werkzaam_domain::dialogue::{Address, Aspect, PartAt, Relation, Voice};
use werkzaam_domain::merge::Value;
use werkzaam_domain::variant::Variant;
use werkzaam_domain::Dialogue;

fn with_a_child() -> (Dialogue, u8) {
    let mut d = Dialogue::new("d1".into(), "K-1".into(), "2026-10-01".into(), 1);
    let slot = d.add_other(Relation::Child).unwrap();
    (d, slot)
}

#[test]
fn the_clients_step_is_ticked_when_someone_else_answered() {
    let (mut d, slot) = with_a_child();
    assert!(
        !filled(&d, Step::Client),
        "a participant without answers fills nothing"
    );
    d.part_at_mut(PartAt::new(Voice::Other(slot), Aspect::Good))
        .keywords
        .push("samen spelen".into());
    assert!(filled(&d, Step::Client));
    assert_eq!(resume(&d), Step::Worker);
}

#[test]
fn the_others_wat_kan_beter_words_are_suggested_after_the_clients() {
    let (mut d, slot) = with_a_child();
    d.client.better.keywords = vec!["vaker bellen".into()];
    d.part_at_mut(PartAt::new(Voice::Other(slot), Aspect::Better))
        .keywords = vec!["minder ruzie".into(), "Vaker bellen".into()];
    assert_eq!(
        agreement_suggestions(&d),
        ["vaker bellen", "minder ruzie"],
        "each word once, the client's first"
    );
}

#[test]
fn client_mode_asks_someone_else_about_the_help_the_family_gets() {
    let words = |address| ClientWords {
        address,
        variant: Variant::NlNl,
    };
    assert_eq!(
        words(Address::Je).question_for(true),
        "Hoe vind jij de hulp die jullie krijgen?"
    );
    assert_eq!(
        words(Address::U).question_for(true),
        "Hoe vindt u de hulp die jullie krijgen?"
    );
    assert_eq!(
        words(Address::Je).question_for(false),
        words(Address::Je).question()
    );
    let spoken = words(Address::Je).spoken_by(0, true);
    assert!(
        spoken.starts_with("Hoe vind jij de hulp die jullie krijgen? Wat gaat goed?"),
        "{spoken}"
    );
    assert_eq!(
        words(Address::Je).spoken(1),
        words(Address::Je).spoken_by(1, false)
    );
}

#[test]
fn the_keepsake_holds_the_others_words_after_the_clients() {
    let (mut d, slot) = with_a_child();
    d.client.good.keywords = vec!["luisteren".into()];
    d.worker.good.keywords = vec!["samen koken".into()];
    d.part_at_mut(PartAt::new(Voice::Other(slot), Aspect::Good))
        .keywords = vec!["voetbal".into(), "Luisteren".into()];
    assert_eq!(keepsake(&d).good, ["luisteren", "voetbal", "samen koken"]);
}

#[test]
fn a_conflict_in_a_participants_answers_is_named_in_words() {
    assert_eq!(
        field_label("others.2.better.keywords"),
        "Iemand naast de cliënt (2): wat kan beter (trefwoorden)"
    );
    assert_eq!(
        field_label("others.1.relation"),
        "Iemand naast de cliënt (1): wie"
    );
    assert_eq!(
        value_label(&Value::Relation(Some(Relation::Carer))),
        "Mantelzorger"
    );
    assert_eq!(value_label(&Value::Relation(None)), "Weggehaald");
}
