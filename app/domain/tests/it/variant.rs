use werkzaam_domain::dialogue::Address;
use werkzaam_domain::rules::privacy::{warnings, Kind};
use werkzaam_domain::variant::Variant;

#[test]
fn a_team_speaks_dutch_or_flemish_stored_by_its_code() {
    assert_eq!(
        Variant::default(),
        Variant::NlNl,
        "teams from before choose nothing: nl-NL"
    );
    for v in Variant::ALL {
        assert_eq!(Variant::parse(v.code()), Some(v));
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            format!("\"{}\"", v.code())
        );
    }
    assert_eq!(Variant::parse("nl"), None);
    assert_eq!(Variant::parse("fr-BE"), None);
}

#[test]
fn flemish_words_where_the_two_differ_on_a_home_visit() {
    assert_eq!(Variant::NlBe.device(), "toestel");
    assert_eq!(Variant::NlNl.device(), "apparaat");
    assert_eq!(Variant::NlBe.eraser(), "Gom");
    assert_eq!(Variant::NlNl.eraser(), "Gum");
    assert_eq!(
        Variant::NlBe.give_back(Address::U),
        "Geef het toestel terug aan uw hulpverlener."
    );
    assert_eq!(
        Variant::NlNl.give_back(Address::Je),
        "Geef het apparaat terug aan je hulpverlener."
    );
    assert_eq!(
        Variant::NlBe.words("Neem wasco's mee. Het apparaat en je andere apparaten."),
        "Neem wasco's mee. Het toestel en je andere toestellen."
    );
    assert_eq!(
        Variant::NlNl.words("Neem wasco's mee."),
        "Neem waskrijtjes mee."
    );
}

#[test]
fn sharing_in_flanders_is_called_gedeeld_beroepsgeheim() {
    assert_eq!(Variant::NlNl.shared_secrecy(Address::Je), None);
    for address in [Address::Je, Address::U] {
        assert!(Variant::NlBe
            .shared_secrecy(address)
            .unwrap()
            .contains("gedeeld beroepsgeheim"));
    }
    assert!(Variant::NlBe
        .shared_secrecy(Address::U)
        .unwrap()
        .contains("wat u vertelt"));
}

#[test]
fn a_rijksregisternummer_warns_also_with_dots_and_is_named_as_the_team_says_it() {
    for text in [
        "Zijn nummer is 85.07.30-033.28 volgens de brief.",
        "Nummer 85073003328.",
    ] {
        let found = warnings(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert_eq!(found[0].kind, Kind::Number);
    }
    assert_eq!(
        Kind::Number.message_in(Variant::NlBe),
        "Dit lijkt op een telefoonnummer of rijksregisternummer."
    );
    assert_eq!(
        Kind::Number.message_in(Variant::NlNl),
        Kind::Number.message()
    );
    assert_eq!(Kind::Name.message_in(Variant::NlBe), Kind::Name.message());
    // A date with dots stays a date, not a number.
    assert_eq!(
        warnings("Geboren 30.07.1985 in Gent.")[0].kind,
        Kind::BirthDate
    );
}
