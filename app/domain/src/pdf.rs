//! A small PDF writer (decision 5): pages of drawing operators in the PDF standard fonts
//! (Helvetica as `F1`, Helvetica-Bold as `F2`; WinAnsi encoding, so Dutch accents print) — the
//! meeting's agenda ([`document`]: A4 pages of headings, text and list items, lines wrapped to
//! the page) and the dialogue's paper sheet (`werkzaam_paper`, through [`write`]). No images, no
//! compression: the text of the PDF is readable in its bytes, which the tests use. Pure: bytes in
//! memory.

/// One block of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Title(String),
    Heading(String),
    Text(String),
    /// A list item (a bullet and indented text).
    Item(String),
    /// Muted small text.
    Note(String),
    Space,
}

const PAGE_W: f64 = 595.0;
const PAGE_H: f64 = 842.0;
const MARGIN: f64 = 50.0;

/// The byte of `c` in WinAnsiEncoding (`?` for what it cannot show).
fn win_ansi(c: char) -> u8 {
    match c {
        ' '..='~' => c as u8,
        '\u{a0}'..='\u{ff}' => c as u32 as u8,
        '€' => 0x80,
        '…' => 0x85,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '−' => b'-',
        '\t' => b' ',
        _ => b'?',
    }
}

/// A PDF string literal of `text`.
pub fn literal(text: &str) -> Vec<u8> {
    let mut out = vec![b'('];
    for c in text.chars() {
        let b = win_ansi(c);
        if matches!(b, b'(' | b')' | b'\\') {
            out.push(b'\\');
        }
        out.push(b);
    }
    out.push(b')');
    out
}

/// Lines of at most about `width` points in a font of `size` (Helvetica is about half as wide
/// as it is high), broken between words; a word longer than a line is cut.
fn wrap(text: &str, size: f64, width: f64) -> Vec<String> {
    let max = ((width / (size * 0.5)) as usize).max(10);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let mut word = word.to_owned();
            while word.chars().count() > max {
                let head: String = word.chars().take(max).collect();
                word = word.chars().skip(max).collect();
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                lines.push(head);
            }
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > max {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        }
        lines.push(line);
    }
    lines
}

/// The document as PDF bytes, `title` in its properties.
pub fn document(title: &str, blocks: &[Block]) -> Vec<u8> {
    let mut pages: Vec<Vec<u8>> = vec![Vec::new()];
    let mut y = PAGE_H - MARGIN;
    let put = |pages: &mut Vec<Vec<u8>>,
               y: &mut f64,
               font: &str,
               size: f64,
               x: f64,
               text: &str,
               lead: f64| {
        if *y - lead < MARGIN {
            pages.push(Vec::new());
            *y = PAGE_H - MARGIN;
        }
        *y -= lead;
        let page = pages.last_mut().expect("a page");
        page.extend_from_slice(format!("BT /{font} {size} Tf {x:.1} {:.1} Td ", *y).as_bytes());
        page.extend_from_slice(&literal(text));
        page.extend_from_slice(b" Tj ET\n");
    };
    let width = PAGE_W - 2.0 * MARGIN;
    for block in blocks {
        match block {
            Block::Title(t) => {
                for line in wrap(t, 18.0, width) {
                    put(&mut pages, &mut y, "F2", 18.0, MARGIN, &line, 24.0);
                }
            }
            Block::Heading(t) => {
                y -= 8.0;
                for line in wrap(t, 13.0, width) {
                    put(&mut pages, &mut y, "F2", 13.0, MARGIN, &line, 18.0);
                }
            }
            Block::Text(t) => {
                for line in wrap(t, 10.5, width) {
                    put(&mut pages, &mut y, "F1", 10.5, MARGIN, &line, 14.0);
                }
            }
            Block::Item(t) => {
                for (i, line) in wrap(t, 10.5, width - 14.0).into_iter().enumerate() {
                    let text = if i == 0 { format!("• {line}") } else { line };
                    let x = if i == 0 { MARGIN } else { MARGIN + 9.0 };
                    put(&mut pages, &mut y, "F1", 10.5, x, &text, 14.0);
                }
            }
            Block::Note(t) => {
                for line in wrap(t, 9.0, width) {
                    put(&mut pages, &mut y, "F1", 9.0, MARGIN, &line, 12.0);
                }
            }
            Block::Space => y -= 8.0,
        }
    }

    let pages: Vec<Page> = pages
        .into_iter()
        .map(|content| Page {
            width: PAGE_W,
            height: PAGE_H,
            content,
        })
        .collect();
    write(title, &pages)
}

/// One page: its size in points and its drawing operators.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width: f64,
    pub height: f64,
    pub content: Vec<u8>,
}

/// `pages` as a PDF document, `title` in its properties; every page has the fonts `F1`
/// (Helvetica) and `F2` (Helvetica-Bold).
pub fn write(title: &str, pages: &[Page]) -> Vec<u8> {
    // Objects: 1 catalog, 2 pages, 3 and 4 fonts, 5 info, then per page its page and content.
    let mut objects: Vec<Vec<u8>> = Vec::new();
    let kids: Vec<String> = (0..pages.len())
        .map(|i| format!("{} 0 R", 6 + 2 * i))
        .collect();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    objects.push(
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        )
        .into_bytes(),
    );
    objects.push(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    );
    objects.push(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    );
    let mut info = b"<< /Producer (Werkzaam) /Title ".to_vec();
    info.extend_from_slice(&literal(title));
    info.extend_from_slice(b" >>");
    objects.push(info);
    for (i, page) in pages.iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {} {}] \
                 /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
                page.width,
                page.height,
                7 + 2 * i
            )
            .into_bytes(),
        );
        let mut stream = format!("<< /Length {} >>\nstream\n", page.content.len()).into_bytes();
        stream.extend_from_slice(&page.content);
        stream.extend_from_slice(b"\nendstream");
        objects.push(stream);
    }
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(object);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}
