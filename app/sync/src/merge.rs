//! Merging two edits of one dialogue made on different devices, field by field (issue 4; not
//! wired into the sync yet). [`get`] and [`set`] address a field by name; the editor uses them
//! for its plain text fields too.
//!
//! Given the version both edits started from (`base`), the version the server holds (`ours`)
//! and the incoming one (`theirs`), [`merge`] decides per [`FIELDS`] entry:
//! * changed on one side only → that side's value;
//! * changed on both sides to the same value → that value;
//! * changed on both sides differently → a [`Conflict`] that keeps **both** values for a person
//!   to choose from; until then the dialogue holds `ours`, except for the consent, which holds
//!   what both versions allow (the stricter one): sharing is never widened by a conflict.
//!
//! Lists (keywords, drawings and photos) merge without conflicts: what either side added is
//! kept, what either side removed goes, in the order of `ours` with `theirs`' additions after.
//! A drawing edited on two devices gets two hashes, so both drawings stay.
//!
//! Pure and deterministic: the same three inputs give the same result on every machine.

use serde::{Deserialize, Serialize};

use crate::dialogue::{
    Consent, ConsentDecision, Dialogue, Domain, MediaRef, PartKey, Question, Scale, Setting, Side,
    Status,
};

/// The value of one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Value {
    Text(String),
    Words(Vec<String>),
    Media(Vec<MediaRef>),
    Score(Option<u8>),
    Setting(Setting),
    Status(Status),
    Consent(Consent),
}

/// A field changed differently on two devices; both values are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// One of [`FIELDS`].
    pub field: String,
    /// The server's value, then the incoming one.
    pub values: [Value; 2],
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub dialogue: Dialogue,
    pub conflicts: Vec<Conflict>,
}

/// Every field that merges on its own, as a stable name.
pub const FIELDS: [&str; 36] = [
    "client_code",
    "nickname",
    "held_on",
    "setting",
    "status",
    "client.good.keywords",
    "client.good.text",
    "client.good.media",
    "client.better.keywords",
    "client.better.text",
    "client.better.media",
    "worker.good.keywords",
    "worker.good.text",
    "worker.good.media",
    "worker.better.keywords",
    "worker.better.text",
    "worker.better.media",
    "strengths.living",
    "strengths.finances",
    "strengths.work",
    "strengths.social",
    "strengths.health",
    "strengths.leisure",
    "scales.client.relationship",
    "scales.client.goals",
    "scales.client.approach",
    "scales.client.overall",
    "scales.worker.relationship",
    "scales.worker.goals",
    "scales.worker.approach",
    "scales.worker.overall",
    "reflection.learned",
    "reflection.view_of_client",
    "reflection.alliance",
    "reflection.process",
    "consent",
];

fn part_key(side: &str, aspect: &str) -> Option<PartKey> {
    PartKey::from_slug(&format!("{side}-{aspect}"))
}

fn domain(name: &str) -> Option<Domain> {
    Domain::ALL.into_iter().find(|d| d.slug() == name)
}

fn question(name: &str) -> Option<Question> {
    Question::ALL.into_iter().find(|q| q.slug() == name)
}

fn scale(side: &str, name: &str) -> Option<(Side, Scale)> {
    let side = match side {
        "client" => Side::Client,
        "worker" => Side::Worker,
        _ => return None,
    };
    Scale::ALL
        .into_iter()
        .find(|s| s.slug() == name)
        .map(|s| (side, s))
}

/// The value of `field` in `d`, or `None` for an unknown field.
pub fn get(d: &Dialogue, field: &str) -> Option<Value> {
    let parts: Vec<&str> = field.split('.').collect();
    Some(match parts.as_slice() {
        ["client_code"] => Value::Text(d.client_code.clone()),
        ["nickname"] => Value::Text(d.nickname.clone()),
        ["held_on"] => Value::Text(d.held_on.clone()),
        ["setting"] => Value::Setting(d.setting),
        ["status"] => Value::Status(d.status),
        ["consent"] => Value::Consent(d.consent.clone()),
        [side, aspect, what] if matches!(*side, "client" | "worker") => {
            let part = d.part(part_key(side, aspect)?);
            match *what {
                "keywords" => Value::Words(part.keywords.clone()),
                "text" => Value::Text(part.text.clone()),
                "media" => Value::Media(part.media.clone()),
                _ => return None,
            }
        }
        ["strengths", name] => Value::Text(d.strengths.get(domain(name)?).to_owned()),
        ["scales", side, name] => {
            let (side, s) = scale(side, name)?;
            Value::Score(d.scales.side(side).get(s))
        }
        ["reflection", name] => Value::Text(d.reflection.get(question(name)?).to_owned()),
        _ => return None,
    })
}

/// Sets `field` of `d`; `false` (and nothing changed) when the field or the kind of value is
/// wrong.
pub fn set(d: &mut Dialogue, field: &str, value: Value) -> bool {
    let parts: Vec<&str> = field.split('.').collect();
    match (parts.as_slice(), value) {
        (["client_code"], Value::Text(v)) => d.client_code = v,
        (["nickname"], Value::Text(v)) => d.nickname = v,
        (["held_on"], Value::Text(v)) => d.held_on = v,
        (["setting"], Value::Setting(v)) => d.setting = v,
        (["status"], Value::Status(v)) => d.status = v,
        (["consent"], Value::Consent(v)) => d.consent = v,
        ([side, aspect, what], value) if matches!(*side, "client" | "worker") => {
            let Some(key) = part_key(side, aspect) else {
                return false;
            };
            let part = d.part_mut(key);
            match (*what, value) {
                ("keywords", Value::Words(v)) => part.keywords = v,
                ("text", Value::Text(v)) => part.text = v,
                ("media", Value::Media(v)) => part.media = v,
                _ => return false,
            }
        }
        (["strengths", name], Value::Text(v)) => match domain(name) {
            Some(dm) => *d.strengths.get_mut(dm) = v,
            None => return false,
        },
        (["scales", side, name], Value::Score(v)) => match scale(side, name) {
            Some((side, s)) => d.scales.side_mut(side).set(s, v),
            None => return false,
        },
        (["reflection", name], Value::Text(v)) => match question(name) {
            Some(q) => *d.reflection.get_mut(q) = v,
            None => return false,
        },
        _ => return false,
    }
    true
}

/// Three-way merge of a list: what either side removed goes, what either side added stays.
fn merge_list<T: PartialEq + Clone>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<T> {
    let removed_by_theirs = |x: &T| base.contains(x) && !theirs.contains(x);
    let mut out: Vec<T> = ours
        .iter()
        .filter(|x| !removed_by_theirs(x))
        .cloned()
        .collect();
    for x in theirs {
        if !base.contains(x) && !ours.contains(x) && !out.contains(x) {
            out.push(x.clone());
        }
    }
    out
}

/// What two consents both allow.
fn stricter(a: &Consent, b: &Consent) -> Consent {
    let both_yes = a.decision == ConsentDecision::Yes && b.decision == ConsentDecision::Yes;
    let decision = if both_yes {
        ConsentDecision::Yes
    } else if a.decision == ConsentDecision::No || b.decision == ConsentDecision::No {
        ConsentDecision::No
    } else {
        ConsentDecision::NotAsked
    };
    Consent {
        decision,
        recorded_on: if decision == ConsentDecision::NotAsked {
            String::new()
        } else {
            a.recorded_on.clone().max(b.recorded_on.clone())
        },
        answers: both_yes && a.answers && b.answers,
        media: both_yes && a.media && b.media,
        reflection: both_yes && a.reflection && b.reflection,
    }
}

/// Merges `theirs` into `ours`, both edited from `base`. See the module docs.
pub fn merge(base: &Dialogue, ours: &Dialogue, theirs: &Dialogue) -> Merged {
    let mut dialogue = ours.clone();
    let mut conflicts = Vec::new();
    for field in FIELDS {
        let (Some(b), Some(o), Some(t)) = (get(base, field), get(ours, field), get(theirs, field))
        else {
            continue;
        };
        let merged = match (&b, &o, &t) {
            (Value::Words(b), Value::Words(o), Value::Words(t)) => {
                Value::Words(merge_list(b, o, t))
            }
            (Value::Media(b), Value::Media(o), Value::Media(t)) => {
                Value::Media(merge_list(b, o, t))
            }
            _ if t == b || t == o => o.clone(),
            _ if o == b => t.clone(),
            (_, Value::Consent(oc), Value::Consent(tc)) => {
                conflicts.push(Conflict {
                    field: field.to_owned(),
                    values: [o.clone(), t.clone()],
                });
                Value::Consent(stricter(oc, tc))
            }
            _ => {
                conflicts.push(Conflict {
                    field: field.to_owned(),
                    values: [o.clone(), t.clone()],
                });
                o.clone()
            }
        };
        set(&mut dialogue, field, merged);
    }
    dialogue.updated_at_ms = ours.updated_at_ms.max(theirs.updated_at_ms);
    Merged {
        dialogue,
        conflicts,
    }
}
