//! The one CSV writer: every cell quoted, formulas defused, and a session's summary as a
//! spreadsheet reads it.

use crate::team::{meeting_on, story_on};
use werkzaam_domain::team::{summary_csv, Action, Dream, TeamData};

#[test]
fn every_csv_cell_is_quoted_and_a_formula_or_leading_tab_is_defused() {
    let csv = werkzaam_domain::csv::document([
        vec![
            "zie,=cmd|' /C calc'!A0",
            "=1+1",
            "+31 6",
            "-2",
            "@SUM(A1)",
            "\tverborgen",
            "\r=x",
            "gewoon",
        ],
        vec![
            "met \"aanhalingstekens\"",
            "regel\nnieuw",
            "a;b",
            "",
            "",
            "",
            "",
            "",
        ],
    ]);
    let body = csv.strip_prefix('\u{feff}').expect("a byte-order mark");
    let lines: Vec<&str> = body.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "\"zie,=cmd|' /C calc'!A0\";\"'=1+1\";\"'+31 6\";\"'-2\";\"'@SUM(A1)\";\"'\tverborgen\";\"'\r=x\";\"gewoon\""
    );
    assert!(body.contains("\"met \"\"aanhalingstekens\"\"\";\"regel\nnieuw\";\"a;b\";\"\""));
    // Read as a spreadsheet set to commas would (quotes respected): no cell starts a formula.
    for delimiter in [',', ';'] {
        for cell in split_quoted(lines[0], delimiter) {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?} would run ({delimiter:?})"
            );
        }
    }
}

/// One CSV line split on `delimiter` the way spreadsheets do: quotes group, `""` is a quote.
fn split_quoted(line: &str, delimiter: char) -> Vec<String> {
    let (mut cells, mut cell, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == delimiter && !quoted => cells.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    cells.push(cell);
    cells
}

#[test]
fn the_session_summary_exports_as_csv_a_spreadsheet_reads_safely() {
    let meeting = meeting_on("m1", "2026-11-20");
    let data = TeamData {
        stories: vec![story_on("s1", "2026-11-02", &["luisteren"])],
        dreams: vec![Dream {
            id: "d1".into(),
            meeting_id: "m1".into(),
            author_id: "u-bram".into(),
            text: "Cliënten voelen zich gehoord; \"echt\"".into(),
            cluster: "Samen".into(),
            ..Dream::default()
        }],
        actions: vec![
            Action {
                id: "a1".into(),
                what: "=HYPERLINK(\"x\") intervisie plannen".into(),
                owners: vec!["u-anna".into(), "u-bram".into()],
                due: "2026-12-01".into(),
                serves: Some("d1".into()),
                meeting_id: "m1".into(),
                ..Action::default()
            },
            Action {
                id: "a2".into(),
                what: "Van een andere bijeenkomst".into(),
                owners: vec!["u-anna".into()],
                meeting_id: "m0".into(),
                ..Action::default()
            },
        ],
        meetings: vec![meeting.clone()],
        ..TeamData::default()
    };
    let names = |id: &str| match id {
        "u-anna" => "Anna".to_string(),
        "u-bram" => "Bram".to_string(),
        other => other.to_string(),
    };
    let csv = summary_csv(&data.summary(&data.meetings[0]), &names);
    assert!(
        csv.starts_with('\u{feff}'),
        "a byte-order mark for the accents"
    );
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(
        lines[0],
        "\"onderdeel\";\"tekst\";\"wie\";\"datum\";\"status\";\"groep of hoort bij\";\"aantal verhalen\""
    );
    assert_eq!(
        lines[1],
        "\"verhaal\";\"Verhaal s1\";\"Anna\";\"2026-11-02\";\"\";\"\";\"\""
    );
    assert_eq!(
        lines[2],
        "\"werkzaam element\";\"luisteren\";\"\";\"\";\"\";\"luisteren\";\"1\""
    );
    assert_eq!(
        lines[3],
        "\"droom\";\"Cliënten voelen zich gehoord; \"\"echt\"\"\";\"Bram\";\"\";\"\";\"Samen\";\"\""
    );
    assert!(
        lines[4].starts_with(
            "\"actie\";\"'=HYPERLINK(\"\"x\"\") intervisie plannen\";\"Anna, Bram\";\"2026-12-01\";\"Open\";"
        ),
        "a formula is defused: {}",
        lines[4]
    );
    assert!(
        lines[4].contains("Cliënten voelen zich gehoord"),
        "the dream it serves"
    );
    assert!(
        !csv.contains("andere bijeenkomst"),
        "only this session's actions"
    );
    assert_eq!(lines.len(), 6, "five rows and the end");
}
