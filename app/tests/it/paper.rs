use app::dialogues::paper::{file_name, with_code, with_sheet_photo};
use app::state::{ListedDialogue, LocalBlob};
use werkzaam_domain::Dialogue;
use werkzaam_paper::{SheetCode, Size};

fn listed(id: &str, client: &str, deleted: bool) -> ListedDialogue {
    let mut record = Dialogue::new(id.into(), client.into(), "2026-12-02".into(), 1);
    record.deleted = deleted;
    ListedDialogue {
        record,
        delivered: true,
        problem: false,
    }
}

#[test]
fn a_sheets_code_finds_its_own_dialogue_and_not_a_deleted_one() {
    let list = vec![
        listed("a", "K-1", false),
        listed("b", "K-2", false),
        listed("c", "K-3", true),
    ];
    let found = with_code(SheetCode::of("b"), &list);
    assert_eq!(
        found
            .iter()
            .map(|d| d.client_code.as_str())
            .collect::<Vec<_>>(),
        ["K-2"]
    );
    assert!(
        with_code(SheetCode::of("c"), &list).is_empty(),
        "a deleted dialogue takes no photo"
    );
    assert!(with_code(SheetCode::of("elders"), &list).is_empty());
}

#[test]
fn a_sheet_photo_is_added_once_and_marks_the_change() {
    let dialogue = Dialogue::new("a".into(), "K-1".into(), "2026-12-02".into(), 1_000);
    let blob = LocalBlob {
        hash: "f".repeat(64),
        content_type: "image/jpeg".into(),
        bytes: vec![1, 2, 3],
    };
    let once = with_sheet_photo(dialogue, &blob, 5_000);
    assert_eq!(once.sheet.len(), 1);
    assert_eq!(once.sheet[0].bytes, 3);
    assert_eq!(once.updated_at_ms, 5_000);
    let twice = with_sheet_photo(once, &blob, 4_000);
    assert_eq!(twice.sheet.len(), 1, "the same photo again stays one");
    assert_eq!(
        twice.updated_at_ms, 5_000,
        "the change time never goes back"
    );
}

#[test]
fn the_printed_file_is_named_after_the_code_and_paper() {
    let code = SheetCode::of("a");
    assert_eq!(
        file_name(code, Size::A3),
        format!("werkalliantie-blad-{code}-A3.pdf")
    );
}
