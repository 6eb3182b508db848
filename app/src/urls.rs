//! How the app asks the server: the [`Method`] of a request, and the addresses of the API that
//! carry a value, built in one place with the one percent-encoding ([`encode`]).

/// A drawing or photo of a dialogue: its hash, and the dialogue it belongs to (only letters,
/// digits and `-` of the id are kept).
pub fn attachment_url(hash: &str, dialogue_id: &str) -> String {
    let id: String = dialogue_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("/api/bijlagen/{hash}?dialoog={id}")
}

/// `value` for a URL's query: letters, digits and `-_.~` as they are, everything else as
/// `%XX` of its UTF-8 bytes.
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The address of a client's trend picture.
pub fn trend_svg_url(code: &str) -> String {
    format!("/api/team/clienten/{}/trend.svg", encode(code))
}

/// The method of a request that changes something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Post,
    Put,
    Delete,
}
