//! What the screens decide, as plain functions: turning a form into a record, and the words the
//! screens show. No Leptos, no browser; tested natively in `tests/it`.

use werkzaam_sync::validate::{self, Invalid};
use werkzaam_sync::DialogueRecord;

/// What the "Nieuwe dialoog" form holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DialogueForm {
    pub client_code: String,
    pub held_on: String,
    pub client_keywords: String,
    pub worker_keywords: String,
}

impl DialogueForm {
    /// The record to store, or what the worker must fix first.
    pub fn to_record(&self, id: String, now_ms: i64) -> Result<DialogueRecord, Invalid> {
        let record = DialogueRecord {
            id,
            client_code: self.client_code.trim().to_owned(),
            held_on: self.held_on.trim().to_owned(),
            client_keywords: self.client_keywords.trim().to_owned(),
            worker_keywords: self.worker_keywords.trim().to_owned(),
            updated_at_ms: now_ms,
        };
        validate::dialogue(&record)?;
        Ok(record)
    }
}

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

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

/// The delivery part of the sync bar.
pub fn delivery_label(pending: Option<usize>) -> String {
    match pending {
        None => "Wijzigingen tellen…".to_owned(),
        Some(n) => werkzaam_sync::outbox::pending_label(n),
    }
}
