//! The shared words and formats (`app::ui`), the drawing sheet's pointer maths and the URLs.

use app::ui::drawing_pad::to_sheet;
use app::ui::words::*;

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
fn a_pointer_lands_on_the_sheet_with_letterboxing() {
    // A 1000 × 1000 sheet in a 400 × 600 box: scale 0.4, 100 px empty above.
    let (x, y) = to_sheet(200.0, 300.0, 0.0, 0.0, 400.0, 600.0, 1000.0, 1000.0);
    assert!((x - 500.0).abs() < 1e-9 && (y - 500.0).abs() < 1e-9);
    let (x, y) = to_sheet(10.0, 110.0, 10.0, 10.0, 400.0, 600.0, 1000.0, 1000.0);
    assert!(x.abs() < 1e-9 && y.abs() < 1e-9);
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
fn a_value_in_a_url_keeps_letters_and_digits_and_encodes_the_rest() {
    use app::urls::encode;
    assert_eq!(encode("AVG-2026_17.x~"), "AVG-2026_17.x~");
    assert_eq!(encode("a b/ä&=?#"), "a%20b%2F%C3%A4%26%3D%3F%23");
    assert_eq!(encode(""), "");
}

#[test]
fn a_downloads_file_name_comes_from_the_server_only_when_it_is_plain() {
    use app::ui::words::file_name_of;
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
        app::ui::words::shown_of_label(100, 230),
        "100 van de 230 gedeelde dialogen"
    );
    assert_eq!(
        app::ui::words::shown_of_label(0, 1),
        "0 van de 1 gedeelde dialoog"
    );
}

#[test]
fn changes_waiting_days_get_a_warning_in_dutch() {
    let w = unsent_warning(3);
    assert!(w.contains("3 dagen"), "{w}");
    assert!(w.contains("Maak verbinding met internet"), "{w}");
}
