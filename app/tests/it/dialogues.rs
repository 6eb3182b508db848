//! The worker's dialogue screens' logic (`app::dialogues`): forms, clients, consent in words,
//! conflicts, erasures.

use app::dialogues::logic::*;
use app::state::ListedDialogue;
use werkzaam_domain::dialogue::ConsentDecision;
use werkzaam_domain::Dialogue;

fn form() -> NewDialogueForm {
    NewDialogueForm {
        client_code: " WT-014 ".into(),
        nickname: " buurman ".into(),
        held_on: "2026-11-23".into(),
    }
}

fn listed(id: &str, code: &str, held_on: &str, nickname: &str, delivered: bool) -> ListedDialogue {
    let mut d = Dialogue::new(id.into(), code.into(), held_on.into(), 1);
    d.nickname = nickname.into();
    ListedDialogue {
        record: d,
        delivered,
        problem: false,
    }
}

#[test]
fn a_filled_form_becomes_a_trimmed_empty_dialogue() {
    let d = form().to_dialogue("abc-1".into(), 42, []).unwrap();
    assert_eq!(d.client_code, "WT-014");
    assert_eq!(d.nickname, "buurman");
    assert_eq!(d.updated_at_ms, 42);
    assert!(d.client.good.is_empty() && d.worker.better.is_empty());
    assert_eq!(d.consent.decision, ConsentDecision::NotAsked);
}

#[test]
fn a_new_dialogue_says_u_to_a_client_the_last_dialogue_said_u_to() {
    let mut before = Dialogue::new("d0".into(), "WT-014".into(), "2026-10-01".into(), 1);
    before.address = werkzaam_domain::dialogue::Address::U;
    let other = Dialogue::new("d9".into(), "WT-999".into(), "2026-10-01".into(), 1);
    let d = form().to_dialogue("abc-1".into(), 42, [&before]).unwrap();
    assert_eq!(d.address, werkzaam_domain::dialogue::Address::U);
    let d = form().to_dialogue("abc-1".into(), 42, [&other]).unwrap();
    assert_eq!(d.address, werkzaam_domain::dialogue::Address::Je);
}

#[test]
fn a_new_dialogue_with_a_family_starts_with_the_same_people_without_their_answers() {
    use werkzaam_domain::dialogue::Relation;
    let mut before = Dialogue::new("d0".into(), "WT-014".into(), "2026-10-01".into(), 1);
    before.add_other(Relation::Carer);
    before.others[0].good.keywords = vec!["geduld".into()];
    let d = form().to_dialogue("abc-1".into(), 42, [&before]).unwrap();
    assert_eq!(d.other_name(1), "Mantelzorger");
    assert!(d.other(1).unwrap().good.is_empty());
    let first = form().to_dialogue("abc-1".into(), 42, []).unwrap();
    assert!(first.others.is_empty());
}

#[test]
fn a_form_without_client_code_is_refused_with_a_dutch_reason() {
    let mut f = form();
    f.client_code = "  ".into();
    let err = f.to_dialogue("abc-1".into(), 1, []).unwrap_err();
    assert_eq!(err.field, "client_code");
    assert_eq!(err.message, "Vul een cliëntcode in.");
}

#[test]
fn a_form_with_an_impossible_date_is_refused() {
    let mut f = form();
    f.held_on = "2026-02-30".into();
    assert_eq!(
        f.to_dialogue("a".into(), 1, []).unwrap_err().field,
        "held_on"
    );
}

#[test]
fn photos_are_scaled_down_never_up() {
    assert_eq!(fit_within(4032, 3024, 1600), (1600, 1200));
    assert_eq!(fit_within(3024, 4032, 1600), (1200, 1600));
    assert_eq!(fit_within(800, 600, 1600), (800, 600));
    assert_eq!(fit_within(0, 0, 1600), (1, 1));
}

#[test]
fn clients_are_grouped_by_code_newest_first() {
    let list = vec![
        listed("1", "C-1", "2026-10-01", "", true),
        listed("2", "C-2", "2026-11-01", "buurvrouw", true),
        listed("3", "C-1", "2026-11-20", "meneer", false),
    ];
    let c = clients(&list);
    assert_eq!(c.len(), 2);
    assert_eq!(
        (c[0].code.as_str(), c[0].count, c[0].all_delivered),
        ("C-1", 2, false)
    );
    assert_eq!(c[0].nickname, "meneer");
    assert_eq!(c[0].last_held_on, "2026-11-20");
    assert_eq!(c[1].nickname, "buurvrouw");
}

#[test]
fn the_previous_dialogue_with_the_same_client_is_found() {
    let list = vec![
        listed("a", "C-1", "2026-09-01", "", true),
        listed("b", "C-2", "2026-10-01", "", true),
        listed("c", "C-1", "2026-10-15", "", true),
        listed("d", "C-1", "2026-11-20", "", true),
    ];
    let ids: Vec<&str> = history(&list, "C-1")
        .iter()
        .map(|d| d.record.id.as_str())
        .collect();
    assert_eq!(ids, vec!["d", "c", "a"]);
    let (older, newer) = neighbours(&list, "c");
    assert_eq!(older.map(|d| d.id.as_str()), Some("a"));
    assert_eq!(newer.map(|d| d.id.as_str()), Some("d"));
    let (older, newer) = neighbours(&list, "a");
    assert_eq!((older, newer.map(|d| d.id.as_str())), (None, Some("c")));
}

#[test]
fn the_consent_summary_says_what_the_team_sees() {
    let mut d = Dialogue::new("x".into(), "C".into(), "2026-11-23".into(), 0);
    assert_eq!(consent_summary(&d), "Het team ziet niets van deze dialoog.");
    d.consent.decision = ConsentDecision::Yes;
    d.consent.recorded_on = "2026-11-23".into();
    d.consent.media = true;
    assert_eq!(
        consent_summary(&d),
        "Het team ziet de tekeningen en foto's (toestemming van 23 november 2026)."
    );
    d.consent.decision = ConsentDecision::No;
    assert_eq!(consent_summary(&d), "Het team ziet niets van deze dialoog.");
}

#[test]
fn a_conflict_reads_as_its_field_and_every_version_with_the_one_shown_now() {
    use werkzaam_domain::merge::{merge, Value};
    let base = Dialogue::new("d1".into(), "C-1".into(), "2026-11-20".into(), 0);
    let (mut phone, mut tablet) = (base.clone(), base.clone());
    phone.reflection.learned = "meer tijd nemen".into();
    tablet.reflection.learned = "vaker tekenen".into();
    phone.scales.client.overall = Some(7);
    tablet.scales.client.overall = None;
    tablet.scales.client.goals = Some(4);
    let merged = merge(&base, &phone, &tablet);
    let choices = app::dialogues::conflicts::conflict_choices(&merged);
    assert_eq!(choices.len(), 1, "{choices:?}");
    assert_eq!(
        choices[0].label,
        "Wat leer ik uit de dialoog met de cliënt?"
    );
    let versions: Vec<(&str, bool)> = choices[0]
        .versions
        .iter()
        .map(|(label, _, now)| (label.as_str(), *now))
        .collect();
    assert_eq!(
        versions,
        vec![("meer tijd nemen", true), ("vaker tekenen", false)]
    );
    assert_eq!(
        app::dialogues::conflicts::field_label("scales.worker.goals"),
        "Score hulpverlener: Waar we aan werken"
    );
    assert_eq!(
        app::dialogues::conflicts::field_label("client.better.text"),
        "Cliënt: wat kan beter (tekst)"
    );
    assert_eq!(
        app::dialogues::conflicts::value_label(&Value::Score(None)),
        "(geen score)"
    );
    assert_eq!(
        app::dialogues::conflicts::value_label(&Value::Text("  ".into())),
        "(leeg)"
    );
    // The list shows it before "sent", after a refusal.
    assert_eq!(
        app::ui::words::delivery_badge(true, false, true).0,
        "Twee versies"
    );
    assert_eq!(
        app::ui::words::delivery_badge(true, true, true).0,
        "Probleem"
    );
    assert_eq!(
        app::ui::words::delivery_badge(true, false, false).0,
        "Verzonden"
    );
}

#[test]
fn an_erasure_says_where_it_happened_and_what_still_waits() {
    use werkzaam_protocol::sync::ErasureReport;
    let report = |dialogues, devices, confirmed| ErasureReport {
        erasure_id: 1,
        dialogues,
        devices,
        confirmed,
        dormant: 0,
    };
    assert_eq!(
        app::dialogues::logic::erasure_label(&report(2, 2, 1), 2),
        "Gewist: 2 dialogen op de server en 2 dialogen op dit apparaat. Nog 1 ander apparaat wist het zodra het verbinding heeft."
    );
    assert_eq!(
        app::dialogues::logic::erasure_label(&report(1, 3, 1), 1),
        "Gewist: 1 dialoog op de server en 1 dialoog op dit apparaat. Nog 2 andere apparaten wissen het zodra ze verbinding hebben."
    );
    assert_eq!(
        app::dialogues::logic::erasure_label(&report(0, 0, 0), 1),
        "Gewist: 0 dialogen op de server en 1 dialoog op dit apparaat."
    );
    // A lost phone, not seen for months, is named apart: nobody waits for it.
    let with_lost = ErasureReport {
        dormant: 1,
        ..report(3, 3, 1)
    };
    assert_eq!(
        app::dialogues::logic::erasure_label(&with_lost, 3),
        "Gewist: 3 dialogen op de server en 3 dialogen op dit apparaat. Nog 1 ander apparaat wist het zodra het verbinding heeft. 1 apparaat is al 90 dagen niet gezien; het wist het als het ooit weer verbinding maakt."
    );
    // The administrator's erasure at a client's request: no device of theirs confirms.
    let admin = ErasureReport {
        dormant: 2,
        ..report(1, 5, 0)
    };
    assert_eq!(
        app::dialogues::logic::admin_erasure_label(&admin),
        "Gewist: 1 dialoog op de server. 3 apparaten wissen het bij de volgende synchronisatie. 2 apparaten zijn al 90 dagen niet gezien; ze wissen het als ze ooit weer verbinding maken."
    );
    assert_eq!(
        app::dialogues::logic::admin_erasure_label(&report(0, 0, 0)),
        "Gewist: 0 dialogen op de server."
    );
}
