use app::dialogues::keepsake::keepsake;
use werkzaam_domain::dialogue::{Address, Agreement, Party};
use werkzaam_domain::Dialogue;

fn agreement(what: &str, who: Party, when: &str) -> Agreement {
    Agreement {
        id: what.into(),
        what: what.into(),
        who,
        when: when.into(),
    }
}

#[test]
fn the_keepsake_holds_what_goes_well_once_and_what_we_will_do_in_the_clients_words() {
    let mut d = Dialogue::new("d1".into(), "K-1".into(), "2026-10-01".into(), 1);
    d.client.good.keywords = vec!["Luisteren".into(), "op tijd".into()];
    d.worker.good.keywords = vec!["luisteren".into(), "samen koken".into()];
    d.agreements = vec![
        agreement("Elke week bellen", Party::Worker, "2026-10-15"),
        agreement("Zelf de huisarts bellen", Party::Client, ""),
        agreement("Buurvrouw gaat mee", Party::Network, ""),
    ];
    let je = keepsake(&d);
    assert_eq!(je.title, "Ons gesprek van 1 oktober 2026");
    assert_eq!(
        je.good,
        ["Luisteren", "op tijd", "samen koken"],
        "a word once"
    );
    assert_eq!(
        je.doing,
        [
            (
                "Je hulpverlener".to_string(),
                "Elke week bellen".to_string(),
                Some("vóór 15 oktober 2026".to_string())
            ),
            (
                "Jij".to_string(),
                "Zelf de huisarts bellen".to_string(),
                None
            ),
            (
                "Iemand uit je omgeving".to_string(),
                "Buurvrouw gaat mee".to_string(),
                None
            ),
        ]
    );
    d.address = Address::U;
    let u = keepsake(&d);
    assert_eq!(u.doing[0].0, "Uw hulpverlener");
    assert_eq!(u.doing[1].0, "U");
    assert!(u.closing.contains("is het beter geworden?"));
}

#[test]
fn an_empty_dialogue_makes_an_empty_keepsake() {
    let d = Dialogue::new("d1".into(), "K-1".into(), "2026-10-01".into(), 1);
    let k = keepsake(&d);
    assert!(k.good.is_empty() && k.doing.is_empty());
}
