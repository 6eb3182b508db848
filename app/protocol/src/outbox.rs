//! The device's side of the protocol: which pending mutations to send, and what an
//! acknowledgement lets it forget. Storage is the caller's business; these are the rules.

use crate::sync::{Mutation, Operation, MAX_MUTATIONS_PER_PUSH};

/// The most bytes of mutations a device puts in one push (before gzip), well under what the
/// server reads (4 MiB, also unpacked), so a batch of large dialogues never gets stuck as "too
/// large".
pub const MAX_PUSH_BYTES: usize = 2 * 1024 * 1024;

/// The oldest pending mutations that fit in one push: at most [`MAX_MUTATIONS_PER_PUSH`] of
/// them, and at most [`MAX_PUSH_BYTES`] as measured by `size` — but always at least one, so a
/// single large mutation still goes.
///
/// `pending` must be ordered by id (as the device's outbox store returns them).
pub fn next_batch<T>(pending: &[T], size: impl Fn(&T) -> usize) -> &[T] {
    let mut bytes = 0;
    let mut count = 0;
    for m in pending.iter().take(MAX_MUTATIONS_PER_PUSH) {
        bytes += size(m);
        if count > 0 && bytes > MAX_PUSH_BYTES {
            break;
        }
        count += 1;
    }
    &pending[..count]
}

/// A change in a batch: what it is about, and how it becomes a placeholder.
pub trait Change: Pending {
    /// Turns the change into [`Operation::Noop`], keeping its id.
    fn make_noop(&mut self);
}

impl Change for Mutation {
    fn make_noop(&mut self) {
        self.operation = Operation::Noop;
    }
}

/// A batch as it goes out: of the changes to one dialogue in it, only the **last** carries the
/// dialogue; the earlier ones go as [`Operation::Noop`] (their places keep the numbering without
/// a gap). Sound because a dialogue change carries the whole dialogue as the device holds it,
/// so the last one holds everything the earlier ones did (and the server merges it against the
/// copy this device sent last, see `werkzaam_domain::merge::base_source`). It coalesces
/// autosaves: a device whose outbox rows point at the dialogue's row instead of holding a copy
/// would otherwise send the same dialogue once per save. Team records are left as they are.
pub fn latest_only<T: Change>(batch: &mut [T]) {
    let mut later = std::collections::HashSet::new();
    for m in batch.iter_mut().rev() {
        if let Some(id) = m.dialogue_id() {
            if !later.insert(id.to_owned()) {
                m.make_noop();
            }
        }
    }
}

/// A change as the device sends it: its operation already written as JSON. A save of a
/// dialogue carries the dialogue's JSON as the device stored it (decrypted, not parsed and
/// written again: that took a cheap phone about 40 ms per push of 500, a third of it).
/// [`push_body`] puts a batch of them in a [`crate::sync::PushRequest`]'s JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub id: u64,
    pub dialogue_id: Option<String>,
    pub team_record_id: Option<String>,
    /// The `operation` of a [`Mutation`], as JSON.
    pub operation: String,
}

impl Outgoing {
    /// A save of the dialogue `dialogue_id` whose JSON (a [`werkzaam_domain::Dialogue`] as
    /// `serde_json` writes it) is `dialogue_json`.
    pub fn dialogue(id: u64, dialogue_id: &str, dialogue_json: &str) -> Outgoing {
        Outgoing {
            id,
            dialogue_id: Some(dialogue_id.to_owned()),
            team_record_id: None,
            operation: format!("{{\"upsert_dialogue\":{{\"dialogue\":{dialogue_json}}}}}"),
        }
    }

    /// A placeholder (see [`Operation::Noop`]).
    pub fn noop(id: u64) -> Outgoing {
        Outgoing {
            id,
            dialogue_id: None,
            team_record_id: None,
            operation: "\"noop\"".into(),
        }
    }

    /// `m` as it goes out.
    pub fn of(m: &Mutation) -> Result<Outgoing, serde_json::Error> {
        Ok(Outgoing {
            id: m.id,
            dialogue_id: dialogue_id(m).map(str::to_owned),
            team_record_id: team_record_id(m).map(str::to_owned),
            operation: serde_json::to_string(&m.operation)?,
        })
    }

    /// About how many bytes it adds to a push (for [`next_batch`]).
    pub fn size(&self) -> usize {
        self.operation.len() + 40
    }
}

impl Pending for Outgoing {
    fn dialogue_id(&self) -> Option<&str> {
        self.dialogue_id.as_deref()
    }
    fn team_record_id(&self) -> Option<&str> {
        self.team_record_id.as_deref()
    }
}

impl Change for Outgoing {
    fn make_noop(&mut self) {
        *self = Outgoing::noop(self.id);
    }
}

/// The JSON of the [`crate::sync::PushRequest`] that carries `batch` for device `client_id`.
pub fn push_body(protocol_version: u32, client_id: &str, batch: &[Outgoing]) -> String {
    let client_id = serde_json::to_string(client_id).unwrap_or_else(|_| "\"\"".into());
    let mut body = String::with_capacity(
        batch.iter().map(Outgoing::size).sum::<usize>() + client_id.len() + 64,
    );
    body.push_str("{\"protocol_version\":");
    body.push_str(&protocol_version.to_string());
    body.push_str(",\"client_id\":");
    body.push_str(&client_id);
    body.push_str(",\"mutations\":[");
    for (i, m) in batch.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push_str("{\"id\":");
        body.push_str(&m.id.to_string());
        body.push_str(",\"operation\":");
        body.push_str(&m.operation);
        body.push('}');
    }
    body.push_str("]}");
    body
}

/// The ids an acknowledgement of `last_mutation_id` lets the device delete from its outbox.
pub fn acknowledged_ids(pending: &[Mutation], last_mutation_id: u64) -> Vec<u64> {
    pending
        .iter()
        .map(|m| m.id)
        .filter(|id| *id <= last_mutation_id)
        .collect()
}

/// The next mutation id, given the last one handed out on this device.
pub fn next_mutation_id(last_issued: u64) -> u64 {
    last_issued + 1
}

/// After how many failed syncs in a row the next try waits the longest.
const BACKOFF_CAP_MS: u64 = 5 * 60 * 1000;
const BACKOFF_FIRST_MS: u64 = 2_000;

/// How long to wait before the next try after `failures` failed syncs in a row (1, 2, …):
/// 2 s, 4 s, 8 s, … up to 5 minutes, times a jitter factor from `random` (0.0–1.0) between ½
/// and 1, so devices that lost the server together do not all come back at once.
pub fn retry_delay_ms(failures: u32, random: f64) -> u64 {
    let exp = failures.saturating_sub(1).min(20);
    let full = BACKOFF_FIRST_MS
        .saturating_mul(1u64 << exp)
        .min(BACKOFF_CAP_MS);
    let factor = 0.5 + 0.5 * random.clamp(0.0, 1.0);
    (full as f64 * factor) as u64
}

/// Changes waiting longer than this get a warning: iOS may clear the storage of a site that was
/// not used for 7 days.
pub const UNSENT_WARNING_MS: i64 = 3 * 24 * 60 * 60 * 1000;

/// How many whole days the oldest unsent change (queued at `oldest_ms`) has waited, when that
/// is long enough for a warning ([`UNSENT_WARNING_MS`]).
pub fn unsent_days(oldest_ms: Option<i64>, now_ms: i64) -> Option<i64> {
    let waited = now_ms - oldest_ms?;
    (waited >= UNSENT_WARNING_MS).then_some(waited / (24 * 60 * 60 * 1000))
}

/// Sets the pending mutation `id` aside after the server refused it: in the outbox its place
/// becomes a [`Operation::Noop`] (so the mutations after it still follow on without a gap), and
/// the refused mutation is returned to be kept, with its reason, where the worker sees it. A
/// refused change never blocks the others. `None` when `id` is not pending.
pub fn set_aside(pending: &mut [Mutation], id: u64) -> Option<Mutation> {
    let slot = pending.iter_mut().find(|m| m.id == id)?;
    if slot.operation == Operation::Noop {
        return None;
    }
    let original = slot.clone();
    slot.operation = Operation::Noop;
    Some(original)
}

/// The dialogue a mutation is about, if any.
pub fn dialogue_id(m: &Mutation) -> Option<&str> {
    operation_dialogue_id(&m.operation)
}

/// The dialogue an operation is about, if any.
pub fn operation_dialogue_id(operation: &Operation) -> Option<&str> {
    match operation {
        Operation::UpsertDialogue { dialogue } => Some(&dialogue.id),
        _ => None,
    }
}

/// The team record (story, action, dream statement, session, synonym merge) a mutation is
/// about, if any.
pub fn team_record_id(m: &Mutation) -> Option<&str> {
    operation_team_record_id(&m.operation)
}

/// The team record an operation is about, if any.
pub fn operation_team_record_id(operation: &Operation) -> Option<&str> {
    match operation {
        Operation::UpsertStory { story } => Some(&story.id),
        Operation::UpsertAction { action } => Some(&action.id),
        Operation::UpsertDream { dream } => Some(&dream.id),
        Operation::UpsertMeeting { meeting } => Some(&meeting.id),
        Operation::UpsertSynonym { synonym } => Some(&synonym.id),
        Operation::UpsertRound { round } => Some(&round.id),
        Operation::UpsertAdvice { advice } => Some(&advice.id),
        Operation::UpsertReply { reply } => Some(&reply.id),
        Operation::UpsertLesson { lesson } => Some(&lesson.id),
        Operation::UpsertDialogue { .. } | Operation::Noop => None,
    }
}

/// What the pull rules need to know of a change still waiting: which record it is about. A
/// [`Mutation`] knows; so does a [`PendingRef`], which is what a device with an encrypted outbox
/// can read inside a storage transaction (the ids are stored beside the ciphertext).
pub trait Pending {
    fn dialogue_id(&self) -> Option<&str>;
    fn team_record_id(&self) -> Option<&str>;
}

impl Pending for Mutation {
    fn dialogue_id(&self) -> Option<&str> {
        dialogue_id(self)
    }
    fn team_record_id(&self) -> Option<&str> {
        team_record_id(self)
    }
}

/// A waiting change by its ids only: the mutation id and the record it is about.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PendingRef {
    pub id: u64,
    pub dialogue_id: Option<String>,
    pub team_record_id: Option<String>,
}

impl From<&Mutation> for PendingRef {
    fn from(m: &Mutation) -> Self {
        PendingRef {
            id: m.id,
            dialogue_id: dialogue_id(m).map(str::to_owned),
            team_record_id: team_record_id(m).map(str::to_owned),
        }
    }
}

impl Pending for PendingRef {
    fn dialogue_id(&self) -> Option<&str> {
        self.dialogue_id.as_deref()
    }
    fn team_record_id(&self) -> Option<&str> {
        self.team_record_id.as_deref()
    }
}

/// The cursor to keep after a page of the team's records (`pulled`: id and version) ending at
/// `page_cursor`: before the oldest one the device has unsent changes of (those it does not
/// store; they come again once its own change is delivered). Returns the ids to store too.
pub fn team_page<'a, P: Pending>(
    pending: &[P],
    pulled: &'a [(String, u64)],
    page_cursor: i64,
    held: Option<i64>,
) -> (Vec<&'a str>, i64) {
    let mut keep_cursor = held.map_or(page_cursor, |h| h.min(page_cursor));
    let mut store = Vec::new();
    for (id, version) in pulled {
        if pending
            .iter()
            .any(|m| m.team_record_id() == Some(id.as_str()))
        {
            keep_cursor = keep_cursor.min(*version as i64 - 1);
        } else {
            store.push(id.as_str());
        }
    }
    (store, keep_cursor)
}

/// A pulled dialogue as the pull rules see it.
pub trait Pulled {
    fn id(&self) -> &str;
    fn version(&self) -> u64;
}

impl Pulled for werkzaam_domain::Dialogue {
    fn id(&self) -> &str {
        &self.id
    }
    fn version(&self) -> u64 {
        self.version
    }
}

/// A pulled dialogue kept as the server wrote it: its JSON, and what the device must know of
/// it ([`werkzaam_domain::dialogue::DialogueHead`]). A device stores a page of them as one
/// JSON array ([`pack_json`]) without reading them into dialogues and writing them again.
#[derive(Debug, Clone)]
pub struct PulledJson {
    pub head: werkzaam_domain::dialogue::DialogueHead,
    pub json: Box<serde_json::value::RawValue>,
}

impl PulledJson {
    /// `json` (a dialogue as the server sent it) with its head; an error when it is not a
    /// dialogue's JSON.
    pub fn read(json: Box<serde_json::value::RawValue>) -> Result<PulledJson, serde_json::Error> {
        Ok(PulledJson {
            head: serde_json::from_str(json.get())?,
            json,
        })
    }

    /// `dialogue` as a pull brings it.
    pub fn of(dialogue: &werkzaam_domain::Dialogue) -> Result<PulledJson, serde_json::Error> {
        PulledJson::read(serde_json::value::to_raw_value(dialogue)?)
    }
}

impl Pulled for PulledJson {
    fn id(&self) -> &str {
        &self.head.id
    }
    fn version(&self) -> u64 {
        self.head.version
    }
}

/// The JSON array of `dialogues`: what reads as a `Vec<Dialogue>`.
pub fn pack_json(dialogues: &[PulledJson]) -> String {
    let mut out = String::with_capacity(
        dialogues
            .iter()
            .map(|d| d.json.get().len() + 1)
            .sum::<usize>()
            + 2,
    );
    out.push('[');
    for (i, d) in dialogues.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(d.json.get());
    }
    out.push(']');
    out
}

/// What a device does with one page of a pull.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PulledPage<D = werkzaam_domain::Dialogue> {
    /// The dialogues to store: all but the ones the device has unsent changes of (those go to
    /// the server next and would otherwise be lost on the device).
    pub store: Vec<D>,
    /// The cursor to keep: the page's, or just before the oldest dialogue passed over, so the
    /// next pull brings it again once the device's own change of it is delivered.
    pub keep_cursor: i64,
}

/// Splits a pulled page (`pulled`, ending at `page_cursor`) given the pending mutations and the
/// cursor an earlier page of the same pull held back (`held`).
pub fn pulled_page<P: Pending, D: Pulled>(
    pending: &[P],
    pulled: Vec<D>,
    page_cursor: i64,
    held: Option<i64>,
) -> PulledPage<D> {
    let mut keep_cursor = held.map_or(page_cursor, |h| h.min(page_cursor));
    let mut store = Vec::with_capacity(pulled.len());
    for d in pulled {
        if pending.iter().any(|m| m.dialogue_id() == Some(d.id())) {
            keep_cursor = keep_cursor.min(d.version() as i64 - 1);
        } else {
            store.push(d);
        }
    }
    PulledPage { store, keep_cursor }
}

/// The pending mutations of erased dialogues: their places become [`Operation::Noop`] (the
/// numbering goes on without a gap) and their content is gone from the device.
pub fn erase_pending(pending: &mut [Mutation], dialogue_ids: &[String]) -> Vec<u64> {
    let mut changed = Vec::new();
    for m in pending.iter_mut() {
        if dialogue_id(m).is_some_and(|id| dialogue_ids.iter().any(|e| e == id)) {
            m.operation = Operation::Noop;
            changed.push(m.id);
        }
    }
    changed
}

/// A mutation stored as JSON by protocol 6 or older (`"operation":{"type":"…",…}`), rewritten to
/// today's form (`"operation":{"…":{…}}`, `"operation":"noop"`), so a change waiting on a device
/// since before an update still goes. `None` when `json` is not in the old form.
pub fn upgrade_mutation_json(json: &str) -> Option<String> {
    const OLD: &str = "\"operation\":{\"type\":\"";
    let at = json.find(OLD)?;
    let name_start = at + OLD.len();
    let name_end = name_start + json[name_start..].find('"')?;
    let name = &json[name_start..name_end];
    let rest = &json[name_end + 1..];
    if let Some(after) = rest.strip_prefix('}') {
        return Some(format!("{}\"operation\":\"{name}\"{after}", &json[..at]));
    }
    let fields = rest.strip_prefix(',')?;
    Some(format!(
        "{}\"operation\":{{\"{name}\":{{{fields}}}",
        &json[..at]
    ))
}
