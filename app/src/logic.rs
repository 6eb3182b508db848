//! What the screens decide, as plain functions: turning a form into a record, and the words the
//! screens show. No Leptos, no browser; tested natively in `tests/it`.

use werkzaam_domain::merge::Value;
use werkzaam_domain::Dialogue;
use werkzaam_domain::{rules::validate, rules::validate::Invalid};

use crate::ctx::ListedDialogue;

/// What the "Nieuwe dialoog" form holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewDialogueForm {
    pub client_code: String,
    pub nickname: String,
    pub held_on: String,
}

impl NewDialogueForm {
    /// The new, empty dialogue to store, or what the worker must fix first.
    pub fn to_dialogue(&self, id: String, now_ms: i64) -> Result<Dialogue, Invalid> {
        let mut d = Dialogue::new(
            id,
            self.client_code.trim().to_owned(),
            self.held_on.trim().to_owned(),
            now_ms,
        );
        d.nickname = self.nickname.trim().to_owned();
        validate::dialogue(&d)?;
        Ok(d)
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

/// Ready-made keywords with a pictogram, for a client who prefers to point.
pub const QUICK_KEYWORDS: [(&str, &str); 10] = [
    ("😊", "fijn"),
    ("👂", "luistert"),
    ("🤝", "samen"),
    ("💬", "praten"),
    ("⏰", "op tijd"),
    ("🏠", "thuis"),
    ("💪", "sterk"),
    ("😟", "zorgen"),
    ("🐢", "te traag"),
    ("❓", "onduidelijk"),
];

/// The longest side of a photo after downscaling on the device.
pub const PHOTO_MAX_SIDE: u32 = 1600;

/// The size of a `w` × `h` image scaled down (never up) so its longest side is at most `max`.
pub fn fit_within(w: u32, h: u32, max: u32) -> (u32, u32) {
    let (w, h) = (w.max(1), h.max(1));
    let longest = w.max(h);
    if longest <= max {
        return (w, h);
    }
    let scale = f64::from(max) / f64::from(longest);
    (
        ((f64::from(w) * scale).round() as u32).clamp(1, max),
        ((f64::from(h) * scale).round() as u32).clamp(1, max),
    )
}

/// One client in the worker's list: their code, the nickname the worker chose, and their
/// dialogues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientSummary {
    pub code: String,
    pub nickname: String,
    pub count: usize,
    pub last_held_on: String,
    pub all_delivered: bool,
    /// A change of one of them was refused by the server (set aside).
    pub problem: bool,
    /// One of them has two versions of a field for the worker to choose from.
    pub conflict: bool,
}

/// The clients of the listed dialogues, the most recently seen first.
pub fn clients(list: &[ListedDialogue]) -> Vec<ClientSummary> {
    let mut out: Vec<ClientSummary> = Vec::new();
    let mut sorted: Vec<&ListedDialogue> = list.iter().collect();
    sorted.sort_by(|a, b| {
        (&b.record.held_on, b.record.updated_at_ms)
            .cmp(&(&a.record.held_on, a.record.updated_at_ms))
    });
    for d in sorted {
        match out.iter_mut().find(|c| c.code == d.record.client_code) {
            Some(c) => {
                c.count += 1;
                c.all_delivered &= d.delivered;
                c.problem |= d.problem;
                c.conflict |= !d.record.conflicts.is_empty();
                if c.nickname.is_empty() {
                    c.nickname = d.record.nickname.clone();
                }
            }
            None => out.push(ClientSummary {
                code: d.record.client_code.clone(),
                nickname: d.record.nickname.clone(),
                count: 1,
                last_held_on: d.record.held_on.clone(),
                all_delivered: d.delivered,
                problem: d.problem,
                conflict: !d.record.conflicts.is_empty(),
            }),
        }
    }
    out
}

/// The dialogues with one client, newest first.
pub fn history<'a>(list: &'a [ListedDialogue], code: &str) -> Vec<&'a ListedDialogue> {
    let mut out: Vec<&ListedDialogue> = list
        .iter()
        .filter(|d| d.record.client_code == code)
        .collect();
    out.sort_by(|a, b| {
        (&b.record.held_on, b.record.updated_at_ms)
            .cmp(&(&a.record.held_on, a.record.updated_at_ms))
    });
    out
}

/// The dialogue with the same client held just before `id`, and the one just after.
pub fn neighbours<'a>(
    list: &'a [ListedDialogue],
    id: &str,
) -> (Option<&'a Dialogue>, Option<&'a Dialogue>) {
    let Some(current) = list.iter().find(|d| d.record.id == id) else {
        return (None, None);
    };
    let all = history(list, &current.record.client_code);
    let Some(at) = all.iter().position(|d| d.record.id == id) else {
        return (None, None);
    };
    let newer = at.checked_sub(1).map(|i| &all[i].record);
    let older = all.get(at + 1).map(|d| &d.record);
    (older, newer)
}

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

/// The delivery part of the sync bar: changes, and drawings or photos, that still wait.
pub fn delivery_label(pending: Option<usize>, uploads: Option<usize>) -> String {
    match (pending, uploads.unwrap_or(0)) {
        (None, _) => "Wijzigingen tellen…".to_owned(),
        (Some(0), 0) => werkzaam_protocol::outbox::pending_label(0),
        (Some(0), 1) => "1 tekening of foto nog niet verzonden".to_owned(),
        (Some(0), n) => format!("{n} tekeningen of foto's nog niet verzonden"),
        (Some(n), 0) => werkzaam_protocol::outbox::pending_label(n),
        (Some(n), 1) => format!(
            "{}, 1 bijlage wacht",
            werkzaam_protocol::outbox::pending_label(n)
        ),
        (Some(n), m) => format!(
            "{}, {m} bijlagen wachten",
            werkzaam_protocol::outbox::pending_label(n)
        ),
    }
}

/// Where a pointer at (`x`, `y`) on the screen lands on a `sheet_w` × `sheet_h` sheet shown in
/// the box (`left`, `top`, `w`, `h`) with `preserveAspectRatio="xMidYMid meet"`.
#[allow(clippy::too_many_arguments)]
pub fn to_sheet(
    x: f64,
    y: f64,
    left: f64,
    top: f64,
    w: f64,
    h: f64,
    sheet_w: f64,
    sheet_h: f64,
) -> (f64, f64) {
    if w <= 0.0 || h <= 0.0 {
        return (0.0, 0.0);
    }
    let scale = (w / sheet_w).min(h / sheet_h);
    let (off_x, off_y) = ((w - sheet_w * scale) / 2.0, (h - sheet_h * scale) / 2.0);
    ((x - left - off_x) / scale, (y - top - off_y) / scale)
}

/// Where the server serves attachment `hash` of dialogue `dialogue_id`.
/// The hint above the werkzame elementen of a session, singular or plural.
pub fn stories_since_label(n: usize) -> String {
    let stories = if n == 1 { "verhaal" } else { "verhalen" };
    format!("Uit {n} {stories} sinds de vorige bijeenkomst. Hoe langer de balk, hoe vaker genoemd.")
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

pub fn attachment_url(hash: &str, dialogue_id: &str) -> String {
    let id: String = dialogue_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("/api/bijlagen/{hash}?dialoog={id}")
}

/// One sentence on what the team sees of `d`.
pub fn consent_summary(d: &Dialogue) -> String {
    let covered = werkzaam_domain::rules::consent::covered(d);
    if !covered.anything() {
        return "Het team ziet niets van deze dialoog.".into();
    }
    let mut parts = Vec::new();
    if covered.answers {
        parts.push("de antwoorden");
    }
    if covered.media {
        parts.push("de tekeningen en foto's");
    }
    if covered.reflection {
        parts.push("je reflectie");
    }
    format!(
        "Het team ziet {} (toestemming van {}).",
        parts.join(", "),
        date_nl(&d.consent.recorded_on)
    )
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
    let text = if value >= 10.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}").replace('.', ",")
    };
    format!("{text} {unit}")
}

/// The storage line: what is used, what is free, and whether the browser keeps it.
pub fn storage_label(used: f64, quota: f64, persisted: bool) -> String {
    let keep = if persisted {
        "de browser bewaart je gegevens"
    } else {
        "de browser mag je gegevens opruimen als het toestel vol raakt: verzend op tijd"
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

/// What a person calls a field of [`werkzaam_domain::dialogue::FIELDS`].
pub fn field_label(field: &str) -> String {
    use werkzaam_domain::dialogue::{Domain, Question, Scale};
    let parts: Vec<&str> = field.split('.').collect();
    match parts.as_slice() {
        ["client_code"] => "Cliëntcode".into(),
        ["nickname"] => "Bijnaam".into(),
        ["held_on"] => "Datum".into(),
        ["setting"] => "Waar".into(),
        ["status"] => "Concept of afgerond".into(),
        ["consent"] => "Toestemming om te delen".into(),
        ["deleted"] => "Verwijderd op een ander apparaat, hier nog gewijzigd".into(),
        [side @ ("client" | "worker"), aspect, what] => {
            let who = if *side == "client" {
                "Cliënt"
            } else {
                "Hulpverlener"
            };
            let part = if *aspect == "good" {
                "wat gaat goed"
            } else {
                "wat kan beter"
            };
            let kind = match *what {
                "keywords" => "trefwoorden",
                "media" => "tekeningen en foto's",
                _ => "tekst",
            };
            format!("{who}: {part} ({kind})")
        }
        ["strengths", name] => Domain::ALL
            .into_iter()
            .find(|d| d.slug() == *name)
            .map_or_else(|| field.to_owned(), |d| format!("Krachten: {}", d.label())),
        ["scales", side, name] => {
            let who = if *side == "client" {
                "cliënt"
            } else {
                "hulpverlener"
            };
            Scale::ALL
                .into_iter()
                .find(|s| s.slug() == *name)
                .map_or_else(
                    || field.to_owned(),
                    |s| format!("Score {who}: {}", s.label()),
                )
        }
        ["reflection", name] => Question::ALL
            .into_iter()
            .find(|q| q.slug() == *name)
            .map_or_else(|| field.to_owned(), |q| q.label().to_owned()),
        _ => field.to_owned(),
    }
}

/// A value of a field as a person reads it.
pub fn value_label(value: &Value) -> String {
    match value {
        Value::Text(t) if t.trim().is_empty() => "(leeg)".into(),
        Value::Text(t) => t.clone(),
        Value::Words(w) if w.is_empty() => "(geen)".into(),
        Value::Words(w) => w.join(", "),
        Value::Media(m) => match m.len() {
            1 => "1 tekening of foto".into(),
            n => format!("{n} tekeningen of foto's"),
        },
        Value::Score(Some(v)) => format!("{v} van 10"),
        Value::Score(None) => "(geen score)".into(),
        Value::Setting(s) => s.label().into(),
        Value::Status(s) => s.label().into(),
        Value::ActionStatus(s) => s.label().into(),
        Value::Compliments(c) => match c.len() {
            1 => "1 compliment".into(),
            n => format!("{n} complimenten"),
        },
        Value::Flag(true) => "Verwijderen".into(),
        Value::Flag(false) => "Bewaren".into(),
        Value::Consent(c) => {
            let d = Dialogue {
                consent: c.clone(),
                ..Dialogue::default()
            };
            consent_summary(&d)
        }
    }
}

/// One field with two (or more) versions, ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictChoice {
    pub field: String,
    pub label: String,
    /// Each version: what it reads as, the value, and whether the field holds it now.
    pub versions: Vec<(String, Value, bool)>,
}

/// The open conflicts of a dialogue, in the order of the form.
pub fn conflict_choices(d: &Dialogue) -> Vec<ConflictChoice> {
    record_conflict_choices(d, field_label)
}

/// The open conflicts of any record (a dialogue, a story, an action…), each field named by
/// `label`.
pub fn record_conflict_choices<R: werkzaam_domain::merge::Record>(
    r: &R,
    label: impl Fn(&str) -> String,
) -> Vec<ConflictChoice> {
    r.conflicts()
        .iter()
        .map(|c| {
            let current = r.field(&c.field);
            ConflictChoice {
                field: c.field.clone(),
                label: label(&c.field),
                versions: werkzaam_domain::merge::candidates(r, &c.field)
                    .into_iter()
                    .map(|v| {
                        let now = Some(&v) == current.as_ref();
                        (value_label(&v), v, now)
                    })
                    .collect(),
            }
        })
        .collect()
}

/// What an erasure at a client's request did, for the administrator: on the server, and on
/// the workers' devices (which purge at their next sync; dormant ones named apart).
pub fn admin_erasure_label(report: &werkzaam_protocol::sync::ErasureReport) -> String {
    let mut out = format!(
        "Gewist: {} op de server.",
        match report.dialogues {
            1 => "1 dialoog".to_owned(),
            n => format!("{n} dialogen"),
        }
    );
    let waiting = report
        .devices
        .saturating_sub(report.confirmed)
        .saturating_sub(report.dormant);
    match waiting {
        0 => {}
        1 => out.push_str(" 1 apparaat wist het bij de volgende synchronisatie."),
        n => out.push_str(&format!(
            " {n} apparaten wissen het bij de volgende synchronisatie."
        )),
    }
    out.push_str(&dormant_label(report.dormant));
    out
}

/// The sentence about devices not seen for [`werkzaam_protocol::sync::DORMANT_DAYS`], or nothing.
fn dormant_label(dormant: usize) -> String {
    let days = werkzaam_protocol::sync::DORMANT_DAYS;
    match dormant {
        0 => String::new(),
        1 => format!(
            " 1 apparaat is al {days} dagen niet gezien; het wist het als het ooit weer verbinding maakt."
        ),
        n => format!(
            " {n} apparaten zijn al {days} dagen niet gezien; ze wissen het als ze ooit weer verbinding maken."
        ),
    }
}

/// What an erasure did, for the worker who asked: on the server, on this device, and on the
/// other devices (which purge at their next sync).
pub fn erasure_label(report: &werkzaam_protocol::sync::ErasureReport, on_device: usize) -> String {
    let dialogues = |n: usize| match n {
        1 => "1 dialoog".to_owned(),
        n => format!("{n} dialogen"),
    };
    let mut out = format!(
        "Gewist: {} op de server en {} op dit apparaat.",
        dialogues(report.dialogues),
        dialogues(on_device)
    );
    let others = report
        .devices
        .saturating_sub(report.confirmed)
        .saturating_sub(report.dormant);
    if others > 0 {
        out.push_str(&if others == 1 {
            " Nog 1 ander apparaat wist het zodra het verbinding heeft.".to_owned()
        } else {
            format!(" Nog {others} andere apparaten wissen het zodra ze verbinding hebben.")
        });
    }
    out.push_str(&dormant_label(report.dormant));
    out
}
