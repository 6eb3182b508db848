//! What the worker's dialogue screens decide, as plain functions: a new dialogue from its form,
//! the clients and their history, quick keywords, photo sizes, the consent in words, what an
//! erasure reached. No Leptos, no browser; tested natively in `tests/it`.

use werkzaam_domain::rules::follow_up;
use werkzaam_domain::Dialogue;
use werkzaam_domain::{rules::validate, rules::validate::Invalid};

use crate::state::ListedDialogue;
use crate::ui::words::date_nl;

/// What the "Nieuwe dialoog" form holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewDialogueForm {
    pub client_code: String,
    pub nickname: String,
    pub held_on: String,
}

impl NewDialogueForm {
    /// The new, empty dialogue to store, or what the worker must fix first. It speaks to the
    /// client as the previous dialogue with them did (*je* or *u*), of those `earlier`, and
    /// the same people take part (a family dialogue), without their answers.
    pub fn to_dialogue<'a>(
        &self,
        id: String,
        now_ms: i64,
        earlier: impl IntoIterator<Item = &'a Dialogue>,
    ) -> Result<Dialogue, Invalid> {
        let mut d = Dialogue::new(
            id,
            self.client_code.trim().to_owned(),
            self.held_on.trim().to_owned(),
            now_ms,
        );
        d.nickname = self.nickname.trim().to_owned();
        let previous = follow_up::previous(earlier, &d);
        d.address = follow_up::address_for_new(previous);
        d.others = follow_up::others_for_new(previous);
        // The rest of a dialogue is empty here; the device checks it whole when it stores it.
        validate::basics(&d)?;
        Ok(d)
    }
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
