//! A conflict as a person chooses between its versions: every field's name in Dutch, every
//! version as words, the one shown now marked. For dialogues and the team's records alike.

use werkzaam_domain::merge::Value;
use werkzaam_domain::Dialogue;

use super::logic::consent_summary;

/// What a person calls a field of [`werkzaam_domain::dialogue::FIELDS`].
pub fn field_label(field: &str) -> String {
    use werkzaam_domain::dialogue::{Domain, Question, Scale};
    let parts: Vec<&str> = field.split('.').collect();
    match parts.as_slice() {
        ["client_code"] => "Cliëntcode".into(),
        ["nickname"] => "Geheugensteun".into(),
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
            format!("{who}: {}", part_label(aspect, what))
        }
        ["others", n, "relation"] => format!("Iemand naast de cliënt ({n}): wie"),
        ["others", n, aspect, what] => {
            format!("Iemand naast de cliënt ({n}): {}", part_label(aspect, what))
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
        ["path"] => "Hoe het gesprek gaat".into(),
        ["address"] => "Je of u".into(),
        ["sheet"] => "Foto van het blad".into(),
        ["agreements"] => "Afspraken".into(),
        ["checks"] => "Is het beter geworden?".into(),
        ["client_consent"] => "Keuze van de cliënt over delen".into(),
        ["mirror", side, name] => {
            let who = if *side == "client" {
                "cliënt"
            } else {
                "hulpverlener"
            };
            werkzaam_domain::dialogue::Attitude::from_slug(name).map_or_else(
                || field.to_owned(),
                |a| format!("Hoe ging het gesprek ({who}): {}", a.worker_question()),
            )
        }
        _ => field.to_owned(),
    }
}

/// One field of a part, as `wat gaat goed (trefwoorden)`.
fn part_label(aspect: &str, what: &str) -> String {
    let part = if aspect == "good" {
        "wat gaat goed"
    } else {
        "wat kan beter"
    };
    let kind = match what {
        "keywords" => "trefwoorden",
        "media" => "tekeningen en foto's",
        _ => "tekst",
    };
    format!("{part} ({kind})")
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
        Value::Path(p) => p.label().into(),
        Value::Address(a) => a.key().into(),
        Value::Agreements(list) => match list.len() {
            0 => "(geen)".into(),
            _ => list
                .iter()
                .map(|a| a.what.as_str())
                .collect::<Vec<_>>()
                .join("; "),
        },
        Value::Checks(list) => list
            .iter()
            .map(|c| format!("{}: {}", c.what, c.progress.label()))
            .collect::<Vec<_>>()
            .join("; "),
        Value::Decision(d) => match d {
            werkzaam_domain::dialogue::ConsentDecision::Yes => "Ja, dat mag".into(),
            werkzaam_domain::dialogue::ConsentDecision::No => "Nee, liever niet".into(),
            werkzaam_domain::dialogue::ConsentDecision::NotAsked => "Nog niet gekozen".into(),
        },
        Value::Score(None) => "(geen score)".into(),
        Value::Relation(Some(r)) => r.label().into(),
        Value::Relation(None) => "Weggehaald".into(),
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
