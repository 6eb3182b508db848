//! *Vraag het een collega* and the leerpunten without a browser: the records the forms make, an
//! answer marked helpful, and who a leerpunt is shown as.

use app::waarderen::advice_logic::{
    lesson_by, new_advice, new_lesson, new_reply, replies_count, with_helpful,
};
use werkzaam_domain::Role;
use werkzaam_protocol::team::TeamMember;

fn team() -> Vec<TeamMember> {
    ["anna", "bram"]
        .into_iter()
        .map(|id| TeamMember {
            user_id: id.into(),
            display_name: id.to_uppercase(),
            role: Role::Medewerker,
            disabled: false,
        })
        .collect()
}

#[test]
fn the_forms_make_records_in_ones_own_name_or_say_what_is_missing() {
    let a = new_advice("a1".into(), "anna", "  Hoe zou jij dat aanpakken?  ", 5).unwrap();
    assert_eq!(
        (a.author_id.as_str(), a.text.as_str(), a.created_at_ms),
        ("anna", "Hoe zou jij dat aanpakken?", 5)
    );
    assert_eq!(
        new_advice("a2".into(), "anna", " ", 5).unwrap_err().message,
        "Schrijf je vraag."
    );
    let r = new_reply("r1".into(), "a1", "bram", "Een kaartje achterlaten", 6).unwrap();
    assert_eq!(r.advice_id, "a1");
    assert!(new_reply("r2".into(), "a1", "bram", "", 6).is_err());
    let l = new_lesson("l1".into(), "bram", "", "Eerst vragen", true, 7).unwrap();
    assert!(l.anonymous);
    assert!(new_lesson("l2".into(), "bram", " ", " ", false, 7).is_err());
}

#[test]
fn marking_an_answer_helpful_adds_or_takes_away_only_that_answer() {
    let a = new_advice("a1".into(), "anna", "Vraag", 5).unwrap();
    let one = with_helpful(&a, "r1", true);
    let two = with_helpful(&one, "r2", true);
    assert_eq!(two.helpful, vec!["r1".to_owned(), "r2".to_owned()]);
    assert_eq!(
        with_helpful(&two, "r1", false).helpful,
        vec!["r2".to_owned()]
    );
    assert_eq!(with_helpful(&two, "r2", true).helpful.len(), 2);
}

#[test]
fn a_leerpunt_shows_its_writer_only_when_she_shared_her_name() {
    let named = new_lesson("l1".into(), "bram", "x", "y", false, 1).unwrap();
    let anonymous = new_lesson("l2".into(), "bram", "x", "y", true, 1).unwrap();
    assert_eq!(lesson_by(&named, "anna", &team()), "BRAM");
    assert_eq!(lesson_by(&anonymous, "anna", &team()), "Een collega");
    assert_eq!(
        lesson_by(&anonymous.clone().for_reader("anna"), "anna", &team()),
        "Een collega"
    );
    assert_eq!(
        lesson_by(&anonymous, "bram", &team()),
        "Jij (gedeeld zonder je naam)"
    );
    assert_eq!(lesson_by(&named, "bram", &team()), "Jij");
    assert_eq!(replies_count(1), "1 antwoord");
    assert_eq!(replies_count(0), "0 antwoorden");
}
