//! The app's native tests: the screen logic, without a browser.

mod learning;
mod reviewing;
mod vault;

use app::ctx::ListedDialogue;
use app::logic::*;
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
    let d = form().to_dialogue("abc-1".into(), 42).unwrap();
    assert_eq!(d.client_code, "WT-014");
    assert_eq!(d.nickname, "buurman");
    assert_eq!(d.updated_at_ms, 42);
    assert!(d.client.good.is_empty() && d.worker.better.is_empty());
    assert_eq!(d.consent.decision, ConsentDecision::NotAsked);
}

#[test]
fn a_form_without_client_code_is_refused_with_a_dutch_reason() {
    let mut f = form();
    f.client_code = "  ".into();
    let err = f.to_dialogue("abc-1".into(), 1).unwrap_err();
    assert_eq!(err.field, "client_code");
    assert_eq!(err.message, "Vul een cliëntcode in.");
}

#[test]
fn a_form_with_an_impossible_date_is_refused() {
    let mut f = form();
    f.held_on = "2026-02-30".into();
    assert_eq!(f.to_dialogue("a".into(), 1).unwrap_err().field, "held_on");
}

#[test]
fn typed_keywords_become_chips_without_doubles() {
    let mut kw = vec!["luistert".to_string()];
    assert_eq!(
        add_keywords(&mut kw, " op tijd, Luistert ,  , geduldig"),
        Ok(2)
    );
    assert_eq!(kw, vec!["luistert", "op tijd", "geduldig"]);
}

#[test]
fn a_keyword_too_long_changes_nothing() {
    let mut kw = vec!["a".to_string()];
    let err = add_keywords(&mut kw, &format!("b, {}", "x".repeat(61))).unwrap_err();
    assert!(err.contains("60"), "{err}");
    assert_eq!(kw, vec!["a"]);
}

#[test]
fn photos_are_scaled_down_never_up() {
    assert_eq!(fit_within(4032, 3024, 1600), (1600, 1200));
    assert_eq!(fit_within(3024, 4032, 1600), (1200, 1600));
    assert_eq!(fit_within(800, 600, 1600), (800, 600));
    assert_eq!(fit_within(0, 0, 1600), (1, 1));
}

#[test]
fn a_pointer_lands_on_the_sheet_with_letterboxing() {
    // A 1000 × 1000 sheet in a 400 × 600 box: scale 0.4, 100 px empty above.
    let (x, y) = to_sheet(200.0, 300.0, 0.0, 0.0, 400.0, 600.0, 1000.0, 1000.0);
    assert!((x - 500.0).abs() < 1e-9 && (y - 500.0).abs() < 1e-9);
    let (x, y) = to_sheet(10.0, 110.0, 10.0, 10.0, 400.0, 600.0, 1000.0, 1000.0);
    assert!(x.abs() < 1e-9 && y.abs() < 1e-9);
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
fn dates_read_in_dutch() {
    assert_eq!(date_nl("2026-11-23"), "23 november 2026");
    assert_eq!(date_nl("2026-01-05"), "5 januari 2026");
    assert_eq!(date_nl("gisteren"), "gisteren");
    assert_eq!(iso_date(2026, 3, 7), "2026-03-07");
}

#[test]
fn long_keywords_are_cut_with_an_ellipsis() {
    assert_eq!(snippet("kort", 10), "kort");
    assert_eq!(snippet("een lange zin met woorden", 9), "een lange…");
}

#[test]
fn the_sync_bar_says_how_many_changes_and_attachments_wait() {
    assert_eq!(delivery_label(Some(0), Some(0)), "Alles verzonden");
    assert_eq!(
        delivery_label(Some(1), None),
        "1 wijziging nog niet verzonden"
    );
    assert_eq!(
        delivery_label(Some(2), Some(0)),
        "2 wijzigingen nog niet verzonden"
    );
    assert_eq!(
        delivery_label(Some(0), Some(1)),
        "1 tekening of foto nog niet verzonden"
    );
    assert_eq!(
        delivery_label(Some(1), Some(2)),
        "1 wijziging nog niet verzonden, 2 bijlagen wachten"
    );
    assert_eq!(connection_label(Some(false)), "Offline");
}

#[test]
fn the_last_sync_reads_as_a_time_today_and_a_date_before() {
    assert_eq!(
        last_synced_label("2026-11-23", "2026-11-23", 9, 5),
        "bijgewerkt 09:05"
    );
    assert_eq!(
        last_synced_label("2026-11-23", "2026-11-21", 18, 0),
        "bijgewerkt 21 november"
    );
}

#[test]
fn sizes_read_in_dutch() {
    assert_eq!(bytes_nl(850_000.0), "850 kB");
    assert_eq!(bytes_nl(2_140_000.0), "2,1 MB");
    assert_eq!(bytes_nl(10_751_316_171.0), "11 GB");
    let label = storage_label(2_140_000.0, 10e9, true);
    assert!(
        label.contains("2,1 MB gebruikt") && label.contains("bewaart"),
        "{label}"
    );
    assert!(storage_label(1.0, 2.0, false).contains("opruimen"));
}

#[test]
fn a_refused_change_is_explained_with_what_to_do() {
    let one = set_aside_label(1, "Vul een geldige datum in.");
    assert!(
        one.starts_with("1 wijziging kon de server niet in"),
        "{one}"
    );
    assert!(one.contains("Reden: Vul een geldige datum in.") && one.contains("opnieuw"));
    assert!(set_aside_label(2, "x").starts_with("2 wijzigingen konden"));
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
    let choices = app::logic::conflict_choices(&merged);
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
        app::logic::field_label("scales.worker.goals"),
        "Score hulpverlener: Waar we aan werken"
    );
    assert_eq!(
        app::logic::field_label("client.better.text"),
        "Cliënt: wat kan beter (tekst)"
    );
    assert_eq!(app::logic::value_label(&Value::Score(None)), "(geen score)");
    assert_eq!(app::logic::value_label(&Value::Text("  ".into())), "(leeg)");
    // The list shows it before "sent", after a refusal.
    assert_eq!(
        app::logic::delivery_badge(true, false, true).0,
        "Twee versies"
    );
    assert_eq!(app::logic::delivery_badge(true, true, true).0, "Probleem");
    assert_eq!(
        app::logic::delivery_badge(true, false, false).0,
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
        app::logic::erasure_label(&report(2, 2, 1), 2),
        "Gewist: 2 dialogen op de server en 2 dialogen op dit apparaat. Nog 1 ander apparaat wist het zodra het verbinding heeft."
    );
    assert_eq!(
        app::logic::erasure_label(&report(1, 3, 1), 1),
        "Gewist: 1 dialoog op de server en 1 dialoog op dit apparaat. Nog 2 andere apparaten wissen het zodra ze verbinding hebben."
    );
    assert_eq!(
        app::logic::erasure_label(&report(0, 0, 0), 1),
        "Gewist: 0 dialogen op de server en 1 dialoog op dit apparaat."
    );
    // A lost phone, not seen for months, is named apart: nobody waits for it.
    let with_lost = ErasureReport {
        dormant: 1,
        ..report(3, 3, 1)
    };
    assert_eq!(
        app::logic::erasure_label(&with_lost, 3),
        "Gewist: 3 dialogen op de server en 3 dialogen op dit apparaat. Nog 1 ander apparaat wist het zodra het verbinding heeft. 1 apparaat is al 90 dagen niet gezien; het wist het als het ooit weer verbinding maakt."
    );
    // The administrator's erasure at a client's request: no device of theirs confirms.
    let admin = ErasureReport {
        dormant: 2,
        ..report(1, 5, 0)
    };
    assert_eq!(
        app::logic::admin_erasure_label(&admin),
        "Gewist: 1 dialoog op de server. 3 apparaten wissen het bij de volgende synchronisatie. 2 apparaten zijn al 90 dagen niet gezien; ze wissen het als ze ooit weer verbinding maken."
    );
    assert_eq!(
        app::logic::admin_erasure_label(&report(0, 0, 0)),
        "Gewist: 0 dialogen op de server."
    );
}

#[test]
fn a_query_value_keeps_letters_and_digits_and_encodes_the_rest() {
    use app::admin_page::query_value;
    assert_eq!(query_value("AVG-2026_17.x~"), "AVG-2026_17.x~");
    assert_eq!(query_value("a b/ä&=?#"), "a%20b%2F%C3%A4%26%3D%3F%23");
    assert_eq!(query_value(""), "");
}

#[test]
fn a_downloads_file_name_comes_from_the_server_only_when_it_is_plain() {
    use app::logic::file_name_of;
    assert_eq!(
        file_name_of("attachment; filename=\"agenda-2026-08-01-2026-11-30.csv\""),
        Some("agenda-2026-08-01-2026-11-30.csv".into())
    );
    assert_eq!(
        file_name_of("attachment; filename=inzage.json"),
        Some("inzage.json".into())
    );
    for unsafe_name in [
        "attachment; filename=\"../../etc/passwd\"",
        "attachment; filename=\".verborgen\"",
        "attachment; filename=\"a b.csv\"",
        "attachment",
        "attachment; filename=\"\"",
    ] {
        assert_eq!(file_name_of(unsafe_name), None, "{unsafe_name}");
    }
}

#[test]
fn a_paged_list_says_how_much_of_it_shows() {
    assert_eq!(
        app::logic::shown_of_label(100, 230),
        "100 van de 230 gedeelde dialogen"
    );
    assert_eq!(
        app::logic::shown_of_label(0, 1),
        "0 van de 1 gedeelde dialoog"
    );
}

#[test]
fn a_count_of_stories_says_verhaal_for_one() {
    assert!(app::logic::stories_since_label(1).starts_with("Uit 1 verhaal sinds"));
    assert!(app::logic::stories_since_label(0).starts_with("Uit 0 verhalen sinds"));
    assert!(app::logic::stories_since_label(2).starts_with("Uit 2 verhalen sinds"));
}
