//! The words and formats every screen shares, as plain functions: dates in Dutch, sizes, the
//! sync bar's sentences, the save state, keywords typed into chips. No Leptos, no browser;
//! tested natively in `tests/it`.

use werkzaam_domain::calendar::MONTHS;
use werkzaam_domain::rules::validate;

/// Whether the worker's changes are safe on the device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    Unsaved,
    Saving,
    Failed(String),
}

impl SaveState {
    pub fn label(&self) -> String {
        match self {
            SaveState::Saved => "✓ Opgeslagen op dit apparaat".into(),
            SaveState::Unsaved | SaveState::Saving => "Opslaan…".into(),
            SaveState::Failed(message) => message.clone(),
        }
    }
}

/// `2026-11-23` → `23 november 2026`; anything else is shown as it is.
pub fn date_nl(iso: &str) -> String {
    if validate::date(iso).is_err() {
        return iso.to_owned();
    }
    let day: u32 = iso[8..10].parse().unwrap_or(0);
    let month: usize = iso[5..7].parse().unwrap_or(1);
    format!("{day} {} {}", MONTHS[month - 1], &iso[0..4])
}

/// A date from a year, a month (1–12) and a day, as `YYYY-MM-DD`.
pub fn iso_date(year: u32, month: u32, day: u32) -> String {
    format!("{year:04}-{month:02}-{day:02}")
}

/// The first `max` characters of a keyword field, with an ellipsis when cut.
pub fn snippet(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

/// The connection part of the sync bar.
pub fn connection_label(online: Option<bool>) -> &'static str {
    match online {
        None => "Verbinding controleren…",
        Some(true) => "Online",
        Some(false) => "Offline",
    }
}

/// How the sync state reads for a person. `pending` is the number of undelivered changes.
fn pending_label(pending: usize) -> String {
    match pending {
        0 => "Alles verzonden".to_owned(),
        1 => "1 wijziging nog niet verzonden".to_owned(),
        n => format!("{n} wijzigingen nog niet verzonden"),
    }
}

/// The warning when changes have waited `days` days on the device (see
/// `werkzaam_protocol::outbox::unsent_days`).
pub fn unsent_warning(days: i64) -> String {
    format!(
        "Er staan al {days} dagen wijzigingen op dit apparaat die niet verzonden zijn. \
         Maak verbinding met internet, zodat ze veilig op de server komen."
    )
}

/// The delivery part of the sync bar: changes, and drawings or photos, that still wait.
pub fn delivery_label(pending: Option<usize>, uploads: Option<usize>) -> String {
    match (pending, uploads.unwrap_or(0)) {
        (None, _) => "Wijzigingen tellen…".to_owned(),
        (Some(0), 0) => pending_label(0),
        (Some(0), 1) => "1 tekening of foto nog niet verzonden".to_owned(),
        (Some(0), n) => format!("{n} tekeningen of foto's nog niet verzonden"),
        (Some(n), 0) => pending_label(n),
        (Some(n), 1) => format!("{}, 1 bijlage wacht", pending_label(n)),
        (Some(n), m) => format!("{}, {m} bijlagen wachten", pending_label(n)),
    }
}

/// "100 van de 240 gedeelde dialogen": how much of a paged list is shown.
pub fn shown_of_label(shown: usize, total: usize) -> String {
    let noun = if total == 1 {
        "gedeelde dialoog"
    } else {
        "gedeelde dialogen"
    };
    format!("{shown} van de {total} {noun}")
}

/// The file name a `Content-Disposition` header gives (`attachment; filename="x.csv"`), if it
/// gives a plain one.
pub fn file_name_of(disposition: &str) -> Option<String> {
    let name = disposition
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("filename="))?
        .trim_matches('"');
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    plain.then(|| name.to_owned())
}

/// "bijgewerkt 14:32" for today, "bijgewerkt 21 november" for another day.
pub fn last_synced_label(today: &str, day: &str, hour: u32, minute: u32) -> String {
    if day == today {
        format!("bijgewerkt {hour:02}:{minute:02}")
    } else {
        let full = date_nl(day);
        let short = full.rsplit_once(' ').map_or(full.as_str(), |(d, _)| d);
        format!("bijgewerkt {short}")
    }
}

/// A number of bytes the way people read it: "850 kB", "2,1 MB", "10 GB".
pub fn bytes_nl(bytes: f64) -> String {
    let (value, unit) = if bytes >= 1e9 {
        (bytes / 1e9, "GB")
    } else if bytes >= 1e6 {
        (bytes / 1e6, "MB")
    } else {
        (bytes / 1e3, "kB")
    };
    // Without float formatting (its code is large for a wasm): whole units, or tenths.
    if value >= 10.0 {
        format!("{} {unit}", value.round() as u64)
    } else {
        let tenths = (value * 10.0).round() as u64;
        format!("{},{} {unit}", tenths / 10, tenths % 10)
    }
}

/// The storage line: what is used, what is free, and whether the browser keeps it.
pub fn storage_label(used: f64, quota: f64, persisted: bool) -> String {
    let keep = if persisted {
        "de browser bewaart je gegevens"
    } else {
        "de browser mag je gegevens opruimen als het apparaat vol raakt: verzend op tijd"
    };
    format!(
        "Op dit apparaat: {} gebruikt, {} vrij; {keep}.",
        bytes_nl(used),
        bytes_nl((quota - used).max(0.0))
    )
}

/// What the worker reads about changes the server refused: they are kept, and how to go on.
pub fn set_aside_label(count: usize, first_reason: &str) -> String {
    let what = if count == 1 {
        "1 wijziging kon de server niet in".to_owned()
    } else {
        format!("{count} wijzigingen konden de server niet in")
    };
    format!(
        "{what}; ze staan apart op dit apparaat en de rest is gewoon verzonden. Reden: \
         {first_reason} Pas de dialoog aan om het opnieuw te proberen."
    )
}

/// The sync state of a dialogue (or of a client's dialogues) as a badge: its words and class.
pub fn delivery_badge(
    delivered: bool,
    problem: bool,
    conflict: bool,
) -> (&'static str, &'static str) {
    if problem {
        ("Probleem", "badge problem")
    } else if conflict {
        ("Twee versies", "badge conflict")
    } else if delivered {
        ("Verzonden", "badge sent")
    } else {
        ("Nog niet verzonden", "badge unsent")
    }
}

/// Adds what was typed in a keyword field (one or more, separated by commas) to `keywords`:
/// trimmed, without doubles. Returns what is wrong instead, and then changes nothing.
pub fn add_keywords(keywords: &mut Vec<String>, typed: &str) -> Result<usize, String> {
    let mut next = keywords.clone();
    let mut added = 0;
    for word in typed.split([',', ';', '\n']).map(str::trim) {
        if word.is_empty() {
            continue;
        }
        validate::keyword(word).map_err(|e| e.message)?;
        if next.iter().any(|k| k.to_lowercase() == word.to_lowercase()) {
            continue;
        }
        next.push(word.to_owned());
        added += 1;
    }
    if next.len() > validate::MAX_KEYWORDS {
        return Err(format!(
            "Hoogstens {} trefwoorden per vraag.",
            validate::MAX_KEYWORDS
        ));
    }
    *keywords = next;
    Ok(added)
}

/// The notes under a text the team will read (a story, a reflection, a leerpunt) that looks like
/// it holds a client's identity: what it looks like, the words concerned, and what to do.
pub fn privacy_notes(text: &str, variant: werkzaam_domain::variant::Variant) -> Vec<String> {
    werkzaam_domain::rules::privacy::warnings(text)
        .into_iter()
        .map(|w| {
            format!(
                "{} (‘{}’) Schrijf liever ‘de cliënt’ of laat het weg.",
                w.kind.message_in(variant),
                w.excerpt
            )
        })
        .collect()
}
