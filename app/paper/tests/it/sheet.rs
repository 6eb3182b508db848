use werkzaam_domain::dialogue::Address;
use werkzaam_paper::sheet::{self, Shape};
use werkzaam_paper::{SheetCode, Side, Size};

fn texts(shapes: &[Shape]) -> Vec<String> {
    shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Text { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn each_sheet_asks_its_question_with_a_half_for_good_and_one_for_better_and_the_code() {
    let code = SheetCode::of("d1");
    let client = texts(&sheet::layout(code, Side::Client, Address::Je));
    assert!(client.contains(&"Hoe vind jij de hulp die je krijgt?".to_string()));
    assert!(client.contains(&"Wat gaat goed?".to_string()));
    assert!(client.contains(&"Wat kan beter?".to_string()));
    assert!(client.contains(&format!("Code {code}")));
    assert!(
        client.iter().any(|t| t.contains("collage")),
        "seed 001: a collage is welcome"
    );
    let polite = texts(&sheet::layout(code, Side::Client, Address::U));
    assert!(polite.contains(&"Hoe vindt u de hulp die u krijgt?".to_string()));
    let worker = texts(&sheet::layout(code, Side::Worker, Address::U));
    assert!(worker.contains(&"Hoe ervaar ik als hulpverlener de begeleiding?".to_string()));
    assert!(worker
        .iter()
        .any(|t| t.contains("blad van de hulpverlener")));
}

#[test]
fn everything_on_the_sheet_stays_on_the_page_within_the_printers_margin() {
    let margin = 14.0;
    for side in Side::BOTH {
        for shape in sheet::layout(SheetCode::of("d1"), side, Address::Je) {
            let (x0, y0, x1, y1) = match &shape {
                Shape::Frame { x, y, w, h, .. } => (*x, *y, x + w, y + h),
                Shape::Line { x1, y1, x2, y2, .. } => {
                    (x1.min(*x2), y1.min(*y2), x1.max(*x2), y1.max(*y2))
                }
                Shape::Circle { cx, cy, r, .. } => (cx - r, cy - r, cx + r, cy + r),
                // Text: its baseline and about its width.
                Shape::Text {
                    x,
                    y,
                    size,
                    text,
                    anchor,
                    ..
                } => {
                    let w = text.chars().count() as f64 * size * 0.56;
                    let x0 = if *anchor == sheet::Anchor::Middle {
                        x - w / 2.0
                    } else {
                        *x
                    };
                    (x0, y - size, x0 + w, *y)
                }
                Shape::Qr {
                    x,
                    y,
                    module,
                    modules,
                } => {
                    let side = module * modules.width as f64;
                    (*x, *y, x + side, y + side)
                }
            };
            assert!(
                x0 >= margin
                    && y0 >= margin
                    && x1 <= sheet::WIDTH - margin
                    && y1 <= sheet::HEIGHT - margin,
                "{shape:?} leaves the page"
            );
        }
    }
}

#[test]
fn the_pdf_has_a_landscape_page_for_client_and_worker_in_a4_or_a3() {
    let code = SheetCode::of("d1");
    let a4 = sheet::pdf(code, Address::Je, Size::A4);
    let text = String::from_utf8_lossy(&a4);
    assert!(text.starts_with("%PDF-1.4"));
    assert!(text.trim_end().ends_with("%%EOF"));
    assert_eq!(text.matches("/MediaBox [0 0 842 595]").count(), 2);
    assert!(text.contains("/Count 2"));
    assert!(text.contains("(Hoe vind jij de hulp die je krijgt?)"));
    assert!(text.contains("(Hoe ervaar ik als hulpverlener de begeleiding?)"));
    assert!(text.contains(&format!("(Code {code})")));
    let a3 = sheet::pdf(code, Address::Je, Size::A3);
    let text = String::from_utf8_lossy(&a3);
    assert_eq!(text.matches("/MediaBox [0 0 1191 842]").count(), 2);
    assert!(
        text.contains("1.41449 0 0 1.41449 0 0 cm"),
        "A4's drawing made larger"
    );
}

#[test]
fn accented_letters_are_one_winansi_byte_in_the_pdf() {
    let pdf = sheet::pdf(SheetCode::of("d1"), Address::Je, Size::A4);
    // "cliënt" in "blad van de cliënt": ë is 0xEB in WinAnsi.
    let needle = b"blad van de cli\xebnt";
    assert!(pdf.windows(needle.len()).any(|w| w == needle));
}

#[test]
fn the_svg_shows_the_same_sheet_with_its_text_escaped() {
    let code = SheetCode::of("d1");
    let svg = sheet::svg(code, Side::Client, Address::U);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 842 595\""));
    assert!(svg.contains(">Hoe vindt u de hulp die u krijgt?</text>"));
    assert!(svg.contains(&format!(">Code {code}</text>")));
    assert!(svg.contains("Werkalliantie-dialoog · blad van de cliënt"));
    assert!(svg.ends_with("</svg>"));
}
