//! Text put into HTML or SVG that is built as a string (the read-only views, the charts): the
//! one escape every such string goes through, on the server and in the app.

/// `text` with everything that could start markup or end an attribute escaped: `&`, `<`, `>`,
/// `"` and `'` (a story with `<script>` shows as text).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
