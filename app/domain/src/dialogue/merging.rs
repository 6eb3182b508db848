//! A dialogue as a [`Record`] that merges field by field: its [`FIELDS`] by stable name, read
//! ([`get`]) and written ([`set`]) as [`Value`]s. The editor uses them for its plain fields too.

use super::conversation::Attitude;
use super::family::{Participant, Voice, MAX_OTHERS};
use super::parts::{Aspect, Domain, PartKey, Question, Scale, Side};
use super::Dialogue;
use crate::merge::{record_common, Conflict, Record, Value};

impl Record for Dialogue {
    fn fields() -> &'static [&'static str] {
        &FIELDS
    }
    fn field(&self, name: &str) -> Option<Value> {
        get(self, name)
    }
    fn set_field(&mut self, name: &str, value: Value) -> bool {
        set(self, name, value)
    }
    record_common!();
}

/// Every field that merges on its own, as a stable name.
pub const FIELDS: [&str; 77] = [
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
    "others.1.relation",
    "others.1.good.keywords",
    "others.1.good.text",
    "others.1.good.media",
    "others.1.better.keywords",
    "others.1.better.text",
    "others.1.better.media",
    "others.2.relation",
    "others.2.good.keywords",
    "others.2.good.text",
    "others.2.good.media",
    "others.2.better.keywords",
    "others.2.better.text",
    "others.2.better.media",
    "others.3.relation",
    "others.3.good.keywords",
    "others.3.good.text",
    "others.3.good.media",
    "others.3.better.keywords",
    "others.3.better.text",
    "others.3.better.media",
    "others.4.relation",
    "others.4.good.keywords",
    "others.4.good.text",
    "others.4.good.media",
    "others.4.better.keywords",
    "others.4.better.text",
    "others.4.better.media",
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
    "path",
    "address",
    "sheet",
    "agreements",
    "checks",
    "mirror.client.understood",
    "mirror.client.time",
    "mirror.client.forward",
    "mirror.worker.understood",
    "mirror.worker.time",
    "mirror.worker.forward",
    "client_consent",
    "consent",
    "deleted",
];

fn part_key(side: &str, aspect: &str) -> Option<PartKey> {
    PartKey::from_slug(&format!("{side}-{aspect}"))
}

/// A participant's slot from its name in a field (`"2"`), 1 to [`MAX_OTHERS`].
fn slot(name: &str) -> Option<u8> {
    name.parse::<u8>()
        .ok()
        .filter(|s| (1..=MAX_OTHERS).contains(s))
}

fn aspect(name: &str) -> Option<Aspect> {
    match name {
        "good" => Some(Aspect::Good),
        "better" => Some(Aspect::Better),
        _ => None,
    }
}

/// Sets a participant's field, making the participant when it is not there yet, and taking it
/// away when nothing is left of it (so an empty slot reads the same on every device).
fn set_other(d: &mut Dialogue, slot: u8, change: impl FnOnce(&mut Participant) -> bool) -> bool {
    let done = change(d.other_entry(slot));
    d.others.retain(|p| !p.is_empty());
    done
}

fn domain(name: &str) -> Option<Domain> {
    Domain::ALL.into_iter().find(|d| d.slug() == name)
}

fn question(name: &str) -> Option<Question> {
    Question::ALL.into_iter().find(|q| q.slug() == name)
}

fn side(name: &str) -> Option<Side> {
    match name {
        "client" => Some(Side::Client),
        "worker" => Some(Side::Worker),
        _ => None,
    }
}

fn scale(side_name: &str, name: &str) -> Option<(Side, Scale)> {
    let side = side(side_name)?;
    Scale::ALL
        .into_iter()
        .find(|s| s.slug() == name)
        .map(|s| (side, s))
}

fn attitude(side_name: &str, name: &str) -> Option<(Side, Attitude)> {
    Some((side(side_name)?, Attitude::from_slug(name)?))
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
        ["deleted"] => Value::Flag(d.deleted),
        ["path"] => Value::Path(d.path),
        ["address"] => Value::Address(d.address),
        ["sheet"] => Value::Media(d.sheet.clone()),
        ["agreements"] => Value::Agreements(d.agreements.clone()),
        ["checks"] => Value::Checks(d.checks.clone()),
        ["client_consent"] => Value::Decision(d.client_consent),
        ["mirror", side, name] => {
            let (side, a) = attitude(side, name)?;
            Value::Score(d.mirror.side(side).get(a))
        }
        ["others", n, "relation"] => Value::Relation(d.other(slot(n)?).and_then(|p| p.relation)),
        ["others", n, a, what] => {
            let part = d.part_at(super::PartAt::new(Voice::Other(slot(n)?), aspect(a)?));
            match *what {
                "keywords" => Value::Words(part.keywords.clone()),
                "text" => Value::Text(part.text.clone()),
                "media" => Value::Media(part.media.clone()),
                _ => return None,
            }
        }
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
        (["deleted"], Value::Flag(v)) => d.deleted = v,
        (["path"], Value::Path(v)) => d.path = v,
        (["address"], Value::Address(v)) => d.address = v,
        (["sheet"], Value::Media(v)) => d.sheet = v,
        (["agreements"], Value::Agreements(v)) => d.agreements = v,
        (["checks"], Value::Checks(v)) => d.checks = v,
        (["client_consent"], Value::Decision(v)) => d.client_consent = v,
        (["mirror", side, name], Value::Score(v)) => match attitude(side, name) {
            Some((side, a)) => d.mirror.side_mut(side).set(a, v),
            None => return false,
        },
        (["others", n, "relation"], Value::Relation(v)) => {
            let Some(slot) = slot(n) else {
                return false;
            };
            return set_other(d, slot, |p| {
                p.relation = v;
                true
            });
        }
        (["others", n, a, what], value) => {
            let (Some(slot), Some(aspect)) = (slot(n), aspect(a)) else {
                return false;
            };
            let what = *what;
            return set_other(d, slot, move |p| {
                let part = p.part_mut(aspect);
                match (what, value) {
                    ("keywords", Value::Words(v)) => part.keywords = v,
                    ("text", Value::Text(v)) => part.text = v,
                    ("media", Value::Media(v)) => part.media = v,
                    _ => return false,
                }
                true
            });
        }
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
