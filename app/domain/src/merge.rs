//! Merging two edits of one dialogue made on different devices, field by field. [`get`] and
//! [`set`] address a field by name; the editor uses them for its plain fields too.
//!
//! The server calls [`apply_upsert`] for every change a device pushes: it merges the incoming
//! copy (`theirs`) into the one it holds (`ours`), given the version the device's edits started
//! from (`base`, chosen by [`base_source`]). [`merge`] decides per [`FIELDS`] entry, looking at
//! each field's *candidates* — its value plus the other values of an open [`Conflict`]:
//! * changed on one side only → that side's value (and conflict);
//! * changed on both sides to the same candidates → those;
//! * changed on both sides differently → a [`Conflict`] that keeps the values either side added
//!   and the ones both sides kept; a value one side replaced goes. Until a person chooses
//!   ([`resolve`]), the field holds `ours`, except for the consent, which holds what all
//!   versions allow (the strictest): sharing is never widened by a conflict.
//!
//! Lists (keywords, drawings and photos, agreements and their checks) merge without conflicts: what either side added is
//! kept, what either side removed goes, in the order of `ours` with `theirs`' additions after.
//! A drawing edited on two devices gets two hashes, so both drawings stay.
//!
//! Pure and deterministic: the same inputs give the same result on every machine. The server
//! computes a merge once and every device pulls that result, so all devices show the same
//! conflict.

use serde::{Deserialize, Serialize};

use crate::dialogue::conversation::{Address, Agreement, Check, Path, Relation};
use crate::dialogue::parts::{Consent, ConsentDecision, MediaRef, Setting, Status};

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
    /// Deleted or not.
    Flag(bool),
    /// Where an action of the team stands.
    ActionStatus(crate::team::values::ActionStatus),
    /// Compliments on a story (a list: merged, never in conflict).
    Compliments(Vec<crate::team::values::Compliment>),
    /// The way a dialogue is held.
    Path(Path),
    /// *je* or *u*.
    Address(Address),
    /// A dialogue's agreements (a list: merged, never in conflict).
    Agreements(Vec<Agreement>),
    /// Answers about the previous agreements (a list: merged, never in conflict).
    Checks(Vec<Check>),
    /// What the client chose about sharing in client mode.
    Decision(ConsentDecision),
    /// Who a participant of a family dialogue is to the client (`None`: taken away).
    Relation(Option<Relation>),
}

/// A document that syncs and merges field by field: a dialogue, a story, an action. Its fields
/// are named (`fields`), read and written as [`Value`]s, and it carries its version, its
/// tombstone and its open conflicts.
pub trait Record: Clone + PartialEq {
    /// Every field that merges on its own, including `"deleted"`.
    fn fields() -> &'static [&'static str];
    fn field(&self, name: &str) -> Option<Value>;
    fn set_field(&mut self, name: &str, value: Value) -> bool;
    fn conflicts(&self) -> &[Conflict];
    fn conflicts_mut(&mut self) -> &mut Vec<Conflict>;
    fn is_deleted(&self) -> bool;
    fn set_deleted(&mut self, deleted: bool);
    fn version(&self) -> u64;
    fn set_version(&mut self, version: u64);
    fn updated_at_ms(&self) -> i64;
    fn set_updated_at_ms(&mut self, ms: i64);
    /// An empty record with the same id: the base when none is known.
    fn empty_like(&self) -> Self;
}

/// The methods of [`Record`] that read and write a record's `conflicts`, `deleted`, `version`,
/// `updated_at_ms` and `id` fields — the same for every record kind: inside `impl Record for …`.
macro_rules! record_common {
    () => {
        fn conflicts(&self) -> &[Conflict] {
            &self.conflicts
        }
        fn conflicts_mut(&mut self) -> &mut Vec<Conflict> {
            &mut self.conflicts
        }
        fn is_deleted(&self) -> bool {
            self.deleted
        }
        fn set_deleted(&mut self, deleted: bool) {
            self.deleted = deleted;
        }
        fn version(&self) -> u64 {
            self.version
        }
        fn set_version(&mut self, version: u64) {
            self.version = version;
        }
        fn updated_at_ms(&self) -> i64 {
            self.updated_at_ms
        }
        fn set_updated_at_ms(&mut self, ms: i64) {
            self.updated_at_ms = ms;
        }
        fn empty_like(&self) -> Self {
            Self {
                id: self.id.clone(),
                ..Self::default()
            }
        }
    };
}
pub(crate) use record_common;

/// A field changed differently on two (or more) devices. The field holds one value; the others
/// wait here until a person chooses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// One of [`FIELDS`].
    pub field: String,
    /// The values the field does not hold now, oldest version first.
    pub others: Vec<Value>,
}

/// The most other values one conflict keeps (more devices than this at once is not a worker).
pub const MAX_CONFLICT_VALUES: usize = 8;

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

/// The open conflict of `field` in `d`, if any.
pub fn conflict<'a, R: Record>(d: &'a R, field: &str) -> Option<&'a Conflict> {
    d.conflicts().iter().find(|c| c.field == field)
}

/// The values a field may take: the one it holds, then the other values of its conflict.
pub fn candidates<R: Record>(d: &R, field: &str) -> Vec<Value> {
    let mut out: Vec<Value> = d.field(field).into_iter().collect();
    if let Some(c) = conflict(d, field) {
        for v in &c.others {
            if !out.contains(v) {
                out.push(v.clone());
            }
        }
    }
    out
}

/// A person chose: `field` takes `value` and its conflict is closed.
pub fn resolve<R: Record>(d: &mut R, field: &str, value: Value) -> bool {
    if !d.set_field(field, value) {
        return false;
    }
    d.conflicts_mut().retain(|c| c.field != field);
    true
}

fn same_set(a: &[Value], b: &[Value]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.contains(x))
}

/// The candidates of one field after merging: what either side added, and what both kept; if
/// both sides replaced everything of the base differently, all of both.
fn merge_candidates(b: &[Value], o: &[Value], t: &[Value]) -> Vec<Value> {
    fn push(out: &mut Vec<Value>, v: &Value) {
        if !out.contains(v) {
            out.push(v.clone());
        }
    }
    let mut out: Vec<Value> = Vec::new();
    for v in o {
        if !b.contains(v) || t.contains(v) {
            push(&mut out, v);
        }
    }
    for v in t {
        if !b.contains(v) {
            push(&mut out, v);
        }
    }
    if out.is_empty() {
        for v in o.iter().chain(t) {
            push(&mut out, v);
        }
    }
    out
}

/// Merges `theirs` into `ours`, both edited from `base`. See the module docs. The result keeps
/// `ours`' version; the caller sets the new one.
pub fn merge<R: Record>(base: &R, ours: &R, theirs: &R) -> R {
    let mut merged_record = ours.clone();
    let mut conflicts = Vec::new();
    for &field in R::fields() {
        let (Some(bv), Some(ov), Some(tv)) =
            (base.field(field), ours.field(field), theirs.field(field))
        else {
            continue;
        };
        let list = match (&bv, &ov, &tv) {
            (Value::Words(b), Value::Words(o), Value::Words(t)) => {
                Some(Value::Words(merge_list(b, o, t)))
            }
            (Value::Media(b), Value::Media(o), Value::Media(t)) => {
                Some(Value::Media(merge_list(b, o, t)))
            }
            (Value::Compliments(b), Value::Compliments(o), Value::Compliments(t)) => {
                Some(Value::Compliments(merge_list(b, o, t)))
            }
            (Value::Agreements(b), Value::Agreements(o), Value::Agreements(t)) => {
                Some(Value::Agreements(merge_list(b, o, t)))
            }
            (Value::Checks(b), Value::Checks(o), Value::Checks(t)) => {
                Some(Value::Checks(merge_list(b, o, t)))
            }
            _ => None,
        };
        if let Some(list) = list {
            merged_record.set_field(field, list);
            continue;
        }
        let (b, o, t) = (
            candidates(base, field),
            candidates(ours, field),
            candidates(theirs, field),
        );
        let (value, others) = if same_set(&t, &b) || same_set(&t, &o) {
            (ov, conflict(ours, field).map(|c| c.others.clone()))
        } else if same_set(&o, &b) {
            (tv, conflict(theirs, field).map(|c| c.others.clone()))
        } else {
            let merged = merge_candidates(&b, &o, &t);
            let value = match &ov {
                Value::Consent(_) => Value::Consent(
                    merged
                        .iter()
                        .filter_map(|v| match v {
                            Value::Consent(c) => Some(c.clone()),
                            _ => None,
                        })
                        .reduce(|a, b| stricter(&a, &b))
                        .unwrap_or_default(),
                ),
                _ if merged.contains(&ov) => ov.clone(),
                _ => merged[0].clone(),
            };
            let others: Vec<Value> = merged
                .into_iter()
                .filter(|v| *v != value)
                .take(MAX_CONFLICT_VALUES)
                .collect();
            (value, Some(others))
        };
        merged_record.set_field(field, value);
        if let Some(others) = others.filter(|o| !o.is_empty()) {
            conflicts.push(Conflict {
                field: field.to_owned(),
                others,
            });
        }
    }
    // Deleted on one side while the other side changed something: keep the record, and let a
    // person decide (a delete never silently swallows a change).
    let changed = |d: &R| {
        R::fields()
            .iter()
            .any(|f| *f != "deleted" && d.field(f) != base.field(f))
    };
    let deleted_by_one = |a: &R, b: &R| a.is_deleted() && !base.is_deleted() && !b.is_deleted();
    if merged_record.is_deleted()
        && ((deleted_by_one(ours, theirs) && changed(theirs))
            || (deleted_by_one(theirs, ours) && changed(ours)))
    {
        merged_record.set_deleted(false);
        conflicts.retain(|c| c.field != "deleted");
        conflicts.push(Conflict {
            field: "deleted".to_owned(),
            others: vec![Value::Flag(true)],
        });
    }
    *merged_record.conflicts_mut() = conflicts;
    merged_record.set_updated_at_ms(ours.updated_at_ms().max(theirs.updated_at_ms()));
    merged_record
}

/// Where the server finds the base of an incoming copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseSource {
    /// The version the copy says it builds on (the device's last pull of it).
    Stored(u64),
    /// The copy this device sent last: the device changed it further after that push without
    /// pulling the result, so its edits build on what it sent, not on what it pulled.
    LastSent,
}

/// Which base to merge an incoming copy against, given the version it builds on and the
/// version the server stored from this device's last push of the same dialogue.
pub fn base_source(base_version: u64, last_sent_version: Option<u64>) -> BaseSource {
    match last_sent_version {
        Some(sent) if sent > base_version => BaseSource::LastSent,
        _ => BaseSource::Stored(base_version),
    }
}

/// What the server stores when a device pushes `incoming` as version `version`: the incoming
/// copy itself for a new dialogue, otherwise the merge with what it holds. Without a known base
/// every field that differs becomes a conflict, so nothing is lost silently.
pub fn apply_upsert<R: Record>(
    current: Option<&R>,
    base: Option<&R>,
    incoming: &R,
    version: u64,
) -> R {
    let mut out = match current {
        None => incoming.clone(),
        Some(current) if current.version() == incoming.version() => {
            merge(current, current, incoming)
        }
        Some(current) => {
            let empty = incoming.empty_like();
            merge(base.unwrap_or(&empty), current, incoming)
        }
    };
    out.set_version(version);
    out
}
