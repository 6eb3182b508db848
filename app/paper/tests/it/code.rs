use werkzaam_paper::{CodeProblem, SheetCode, Side};

#[test]
fn a_dialogue_always_gets_the_same_code_and_others_get_another() {
    let id = "0b5f2c1e-7d4a-4c1f-9a51-2d6c8e0f3b71";
    assert_eq!(SheetCode::of(id), SheetCode::of(id));
    let mut seen = std::collections::HashSet::new();
    for i in 0..10_000 {
        seen.insert(SheetCode::of(&format!("dialoog-{i}")));
    }
    assert_eq!(
        seen.len(),
        10_000,
        "40 bits: no two of 10,000 dialogues share a code"
    );
}

#[test]
fn a_code_reads_as_two_groups_without_letters_that_look_alike() {
    let shown = SheetCode::of("d1").to_string();
    assert_eq!(shown.len(), 9);
    assert_eq!(&shown[4..5], "-");
    assert!(shown
        .chars()
        .filter(|c| *c != '-')
        .all(|c| c.is_ascii_digit() || (c.is_ascii_uppercase() && !"ILOU".contains(c))));
}

#[test]
fn a_typed_code_may_have_small_letters_spaces_and_letters_for_digits() {
    let code = SheetCode::parse("4KQ0-M21B").unwrap();
    assert_eq!(SheetCode::parse("4kq0 m21b"), Ok(code));
    assert_eq!(SheetCode::parse(" 4KQO-M2lB "), Ok(code), "O is 0, l is 1");
    assert_eq!(SheetCode::parse("4kqo m2iB"), Ok(code), "i is 1");
    assert_eq!(code.to_string(), "4KQ0-M21B");
}

#[test]
fn a_wrong_typed_code_says_what_is_wrong_in_dutch() {
    assert_eq!(SheetCode::parse("  - "), Err(CodeProblem::Empty));
    assert_eq!(SheetCode::parse("4KQ0-M21"), Err(CodeProblem::Length));
    assert_eq!(SheetCode::parse("4KQ0-M21BB"), Err(CodeProblem::Length));
    assert_eq!(SheetCode::parse("4KQ0-M2!B"), Err(CodeProblem::Character));
    assert_eq!(
        SheetCode::parse("4KQ0-M2UB"),
        Err(CodeProblem::Character),
        "no U in a code"
    );
    assert!(CodeProblem::Length.message().contains("8 tekens"));
    assert!(CodeProblem::Empty.message().contains("onder op het blad"));
}

#[test]
fn only_a_sheets_qr_text_is_taken_for_a_sheet() {
    let code = SheetCode::of("d1");
    assert_eq!(
        SheetCode::from_payload(&code.payload(Side::Client)),
        Some((code, Side::Client))
    );
    assert_eq!(
        SheetCode::from_payload(&code.payload(Side::Worker)),
        Some((code, Side::Worker))
    );
    for other in [
        "https://example.org/folder",
        "WZ1",
        "WZ1-",
        &format!("WZ2-{}-K", code.plain()),
        &format!("WZ1-{}-X", code.plain()),
        &format!("WZ1-{}-K-extra", code.plain()),
        "WZ1-1234567-K",
    ] {
        assert_eq!(SheetCode::from_payload(other), None, "{other}");
    }
}
