//! "No client identities in a story" (issue 5): a warning when a text looks like it holds a
//! name, an address, a date of birth or a number that belongs to someone, so the writer can fix
//! it. A hint, not a filter: it errs towards warning for names with a title, addresses and dates;
//! words at the start of a sentence and the team's usual capitalised words do not warn.

use crate::calendar::MONTHS;

/// What a piece of text looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Name,
    Address,
    BirthDate,
    /// A phone number, BSN or other long number.
    Number,
    Email,
}

impl Kind {
    /// What the writer reads.
    pub fn message(self) -> &'static str {
        match self {
            Kind::Name => "Dit lijkt op een naam.",
            Kind::Address => "Dit lijkt op een adres.",
            Kind::BirthDate => "Dit lijkt op een geboortedatum.",
            Kind::Number => "Dit lijkt op een telefoonnummer of BSN.",
            Kind::Email => "Dit lijkt op een e-mailadres.",
        }
    }
}

impl Kind {
    /// What the writer reads, in the team's Dutch (the person number is the BSN or the
    /// rijksregisternummer).
    pub fn message_in(self, variant: crate::variant::Variant) -> String {
        match self {
            Kind::Number => format!(
                "Dit lijkt op een telefoonnummer of {}.",
                variant.person_number()
            ),
            other => other.message().to_owned(),
        }
    }
}

/// One warning: what it looks like, and the words concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub kind: Kind,
    pub excerpt: String,
}

const TITLES: [&str; 10] = [
    "mevrouw", "meneer", "mevr", "mw", "dhr", "heer", "mr", "juffrouw", "mijnheer", "mevr.",
];
const STREET_ENDINGS: [&str; 14] = [
    "straat", "laan", "weg", "plein", "dreef", "gracht", "kade", "singel", "steeg", "hof", "pad",
    "dijk", "markt", "lei",
];
/// Capitalised words a wijkteam writes that are not names.
const NOT_NAMES: [&str; 24] = [
    "wijkteam",
    "noord",
    "zuid",
    "oost",
    "west",
    "wmo",
    "ggz",
    "jeugdzorg",
    "gemeente",
    "cliënt",
    "client",
    "ik",
    "hij",
    "zij",
    "we",
    "wij",
    "het",
    "de",
    "een",
    "maar",
    "toen",
    "daarna",
    "veilig",
    "thuis",
];
fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(|c| c.is_uppercase()) && chars.any(|c| c.is_lowercase())
}

fn bare(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric())
}

fn digits(word: &str) -> usize {
    word.chars().filter(|c| c.is_ascii_digit()).count()
}

/// A date with a year in it: `12-03-1961`, `12/3/61`, `3 maart 1961`.
fn date_at(words: &[&str], i: usize) -> Option<usize> {
    let w = bare(words[i]);
    let parts: Vec<&str> = w.split(['-', '/', '.']).collect();
    if parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        && parts[0].len() <= 2
        && parts[1].len() <= 2
        && matches!(parts[2].len(), 2 | 4)
    {
        return Some(1);
    }
    if i + 2 < words.len()
        && w.chars().all(|c| c.is_ascii_digit())
        && (1..=2).contains(&w.len())
        && MONTHS.contains(&bare(words[i + 1]).to_lowercase().as_str())
        && bare(words[i + 2]).len() == 4
        && bare(words[i + 2]).chars().all(|c| c.is_ascii_digit())
    {
        return Some(3);
    }
    None
}

/// The warnings for `text`, in the order they occur.
pub fn warnings(text: &str) -> Vec<Warning> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out: Vec<Warning> = Vec::new();
    let mut push = |kind: Kind, excerpt: String| {
        if !out.iter().any(|w| w.kind == kind && w.excerpt == excerpt) {
            out.push(Warning { kind, excerpt });
        }
    };
    let mut i = 0;
    while i < words.len() {
        let raw = words[i];
        let w = bare(raw);
        let lower = w.to_lowercase();
        let sentence_start = i == 0 || words[i - 1].ends_with(['.', '!', '?', ':']);
        // E-mail addresses.
        if w.contains('@') && w.split('@').nth(1).is_some_and(|d| d.contains('.')) {
            push(Kind::Email, w.to_owned());
            i += 1;
            continue;
        }
        // Dates with a year.
        if let Some(n) = date_at(&words, i) {
            push(
                Kind::BirthDate,
                words[i..i + n]
                    .iter()
                    .map(|w| bare(w))
                    .collect::<Vec<_>>()
                    .join(" "),
            );
            i += n;
            continue;
        }
        // Long numbers (phone, BSN, rijksregisternummer): nine digits or more, also when written
        // in groups or with dots (`85.07.30-033.28`).
        let mut j = i;
        let mut count = 0;
        while j < words.len() {
            let part = bare(words[j]).trim_start_matches('+');
            let only_number = !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '-' || c == '.');
            if !only_number {
                break;
            }
            count += digits(part);
            j += 1;
        }
        if count >= 9 {
            push(Kind::Number, words[i..j].join(" "));
            i = j;
            continue;
        }
        // A Dutch postcode: 1234 AB.
        if w.len() == 4
            && w.chars().all(|c| c.is_ascii_digit())
            && words.get(i + 1).is_some_and(|n| {
                let n = bare(n);
                n.len() == 2 && n.chars().all(|c| c.is_ascii_uppercase())
            })
        {
            push(Kind::Address, format!("{w} {}", bare(words[i + 1])));
            i += 2;
            continue;
        }
        // A street with a house number: "Kerkstraat 12", "Lange Laan 3a".
        if STREET_ENDINGS
            .iter()
            .any(|e| lower.ends_with(e) && lower.len() > e.len() + 1)
            && words.get(i + 1).is_some_and(|n| {
                let n = bare(n);
                n.chars().next().is_some_and(|c| c.is_ascii_digit()) && n.len() <= 5
            })
        {
            push(Kind::Address, format!("{w} {}", bare(words[i + 1])));
            i += 2;
            continue;
        }
        // A title before a capitalised word: "mevrouw Jansen", "dhr. De Vries".
        if TITLES.contains(&lower.as_str()) || TITLES.contains(&raw.to_lowercase().as_str()) {
            let mut k = i + 1;
            let mut name = Vec::new();
            while k < words.len() {
                let n = bare(words[k]);
                let particle = matches!(
                    n.to_lowercase().as_str(),
                    "van" | "de" | "der" | "den" | "ter" | "te"
                );
                if is_capitalised(n) || (particle && !name.is_empty() && k + 1 < words.len()) {
                    name.push(n);
                    k += 1;
                } else {
                    break;
                }
            }
            while name.last().is_some_and(|n| !is_capitalised(n)) {
                name.pop();
                k -= 1;
            }
            if !name.is_empty() {
                push(Kind::Name, format!("{w} {}", name.join(" ")));
                i = k;
                continue;
            }
        }
        // Two capitalised words in a row inside a sentence: "Fatima El Amrani".
        if !sentence_start && is_capitalised(w) && !NOT_NAMES.contains(&lower.as_str()) {
            let next = words.get(i + 1).map(|n| bare(n)).unwrap_or_default();
            if is_capitalised(next) && !NOT_NAMES.contains(&next.to_lowercase().as_str()) {
                push(Kind::Name, format!("{w} {next}"));
                i += 2;
                continue;
            }
        }
        i += 1;
    }
    out
}
