//! The app's native tests: the screen logic, without a browser.

use app::logic::*;

fn form() -> DialogueForm {
    DialogueForm {
        client_code: " WT-014 ".into(),
        held_on: "2026-11-23".into(),
        client_keywords: "luistert, \n".into(),
        worker_keywords: "open".into(),
    }
}

#[test]
fn a_filled_form_becomes_a_trimmed_record() {
    let record = form().to_record("abc-1".into(), 42).unwrap();
    assert_eq!(record.client_code, "WT-014");
    assert_eq!(record.client_keywords, "luistert,");
    assert_eq!(record.updated_at_ms, 42);
}

#[test]
fn a_form_without_client_code_is_refused_with_a_dutch_reason() {
    let mut f = form();
    f.client_code = "  ".into();
    let err = f.to_record("abc-1".into(), 1).unwrap_err();
    assert_eq!(err.field, "client_code");
    assert_eq!(err.message, "Vul een cliëntcode in.");
}

#[test]
fn a_form_with_an_impossible_date_is_refused() {
    let mut f = form();
    f.held_on = "2026-02-30".into();
    assert_eq!(f.to_record("a".into(), 1).unwrap_err().field, "held_on");
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
fn the_sync_bar_says_how_many_changes_wait() {
    assert_eq!(delivery_label(Some(0)), "Alles verzonden");
    assert_eq!(delivery_label(Some(1)), "1 wijziging nog niet verzonden");
    assert_eq!(delivery_label(Some(2)), "2 wijzigingen nog niet verzonden");
    assert_eq!(connection_label(Some(false)), "Offline");
}
