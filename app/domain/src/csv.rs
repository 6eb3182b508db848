//! CSV for spreadsheets, written by `csv-core` (BurntSushi's maintained writer) with every cell
//! quoted, `;` between cells (as Dutch spreadsheets expect), CRLF line ends and a byte-order
//! mark so accents survive. A cell a spreadsheet could run as a formula — one that starts with
//! `=`, `+`, `-`, `@`, a tab or a carriage return — gets a leading `'`, so it reads as text in
//! every spreadsheet, also one that splits on commas or ignores the quotes. Every CSV the
//! product writes comes from [`document`].

use csv_core::{QuoteStyle, Terminator, WriteResult, WriterBuilder};

/// A cell's text as a spreadsheet may safely read it (see the module's comment).
pub fn defused(value: &str) -> std::borrow::Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{value}"))
    } else {
        std::borrow::Cow::Borrowed(value)
    }
}

/// The rows as one CSV document (byte-order mark, every cell quoted and defused).
pub fn document<R, S>(rows: impl IntoIterator<Item = R>) -> String
where
    R: AsRef<[S]>,
    S: AsRef<str>,
{
    let mut writer = WriterBuilder::new()
        .delimiter(b';')
        .terminator(Terminator::CRLF)
        .quote_style(QuoteStyle::Always)
        .build();
    let mut out: Vec<u8> = "\u{feff}".as_bytes().to_vec();
    for row in rows {
        for (i, cell) in row.as_ref().iter().enumerate() {
            if i > 0 {
                emit(&mut out, |buf| writer.delimiter(buf));
            }
            let text = defused(cell.as_ref());
            let mut input = text.as_bytes();
            loop {
                let mut buf = [0u8; 1024];
                let (result, read, wrote) = writer.field(input, &mut buf);
                out.extend_from_slice(&buf[..wrote]);
                input = &input[read..];
                if matches!(result, WriteResult::InputEmpty) && input.is_empty() {
                    break;
                }
            }
        }
        emit(&mut out, |buf| writer.terminator(buf));
    }
    emit(&mut out, |buf| writer.finish(buf));
    // csv-core copies the input bytes and adds only ASCII quotes and separators.
    String::from_utf8(out).unwrap_or_default()
}

/// Runs one of the writer's fixed-size steps (a separator, a line end, the end) into `out`.
fn emit(out: &mut Vec<u8>, mut step: impl FnMut(&mut [u8]) -> (WriteResult, usize)) {
    let mut buf = [0u8; 16];
    let (_, wrote) = step(&mut buf);
    out.extend_from_slice(&buf[..wrote]);
}
