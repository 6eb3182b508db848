//! The werkalliantie-dialoog as a document: what the worker and the client said, drew and
//! photographed, the client's strengths, the quick scales, the worker's reflection and the
//! client's consent to share.
//!
//! Field names are English and stable on the wire; the words people read (Dutch) come from the
//! `label` methods. Every field has a default, so a document written by an older app reads.

use serde::{Deserialize, Serialize};

pub mod conversation;
pub mod family;
mod merging;
pub mod parts;

pub use conversation::{
    Address, Agreement, Attitude, Check, Mirror, MirrorSet, Party, Path, Progress, MIRROR_ANSWERS,
};
pub use family::{PartAt, Participant, Relation, Voice, MAX_OTHERS};
pub use merging::{get, set, FIELDS};
pub use parts::{
    Aspect, Consent, ConsentDecision, Domain, MediaKind, MediaRef, Part, PartKey, Perspective,
    Question, Reflection, Scale, ScaleSet, Scales, Setting, Side, Status, Strengths,
};

/// A werkalliantie-dialoog.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Dialogue {
    /// Made on the device (a UUID); never changes.
    pub id: String,
    /// The client's code in the team's own registration, never a name (AVG: data minimisation).
    pub client_code: String,
    /// A nickname the worker chose to recognise the client; never shared with the team.
    pub nickname: String,
    /// The day the dialogue was held, `YYYY-MM-DD`.
    pub held_on: String,
    pub setting: Setting,
    pub status: Status,
    /// Hoe ervaart de cliënt jouw begeleiding?
    pub client: Perspective,
    /// Hoe ervaart de hulpverlener de begeleiding?
    pub worker: Perspective,
    /// Family dialogues: others who answer the client's question, each in a slot of their own.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub others: Vec<Participant>,
    pub strengths: Strengths,
    pub scales: Scales,
    pub reflection: Reflection,
    pub consent: Consent,
    /// The way the dialogue is held (issue 18).
    #[serde(skip_serializing_if = "Path::is_default")]
    pub path: Path,
    /// *je* or *u*: how client mode speaks to the client.
    #[serde(skip_serializing_if = "Address::is_default")]
    pub address: Address,
    /// Photos of the paper sheet, filled in by client and worker (the paper route).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sheet: Vec<MediaRef>,
    /// Afspraken: wat, wie, wanneer.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub agreements: Vec<Agreement>,
    /// *Is het beter geworden?* about the agreements of the previous dialogue with the client.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    /// The attitude mirror (seed 003): the client's answers beside the worker's.
    #[serde(skip_serializing_if = "Mirror::is_empty")]
    pub mirror: Mirror,
    /// What the client chose about sharing, in client mode. It shares nothing by itself: the
    /// worker confirms it into [`Dialogue::consent`].
    #[serde(skip_serializing_if = "ConsentDecision::is_not_asked")]
    pub client_consent: ConsentDecision,
    /// When the device last changed it, milliseconds since the Unix epoch.
    pub updated_at_ms: i64,
    /// The server's version this copy builds on: set by the server, kept by the device while it
    /// edits, and sent back as the base of the next change (0: never stored on the server).
    pub version: u64,
    /// Deleted by the worker: a tombstone that hides the dialogue everywhere (its content stays
    /// on the server, so a change made meanwhile on another device can bring it back).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    /// Fields that were changed differently on two devices, with the values the field does not
    /// hold now; a person chooses ([`crate::merge`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<crate::merge::Conflict>,
}

impl Dialogue {
    /// A new, empty dialogue.
    pub fn new(id: String, client_code: String, held_on: String, now_ms: i64) -> Self {
        Dialogue {
            id,
            client_code,
            held_on,
            updated_at_ms: now_ms,
            ..Dialogue::default()
        }
    }

    pub fn perspective(&self, side: Side) -> &Perspective {
        match side {
            Side::Client => &self.client,
            Side::Worker => &self.worker,
        }
    }

    pub fn part(&self, key: PartKey) -> &Part {
        let p = self.perspective(key.side);
        match key.aspect {
            Aspect::Good => &p.good,
            Aspect::Better => &p.better,
        }
    }

    pub fn part_mut(&mut self, key: PartKey) -> &mut Part {
        let p = match key.side {
            Side::Client => &mut self.client,
            Side::Worker => &mut self.worker,
        };
        match key.aspect {
            Aspect::Good => &mut p.good,
            Aspect::Better => &mut p.better,
        }
    }

    /// Every attachment the dialogue refers to, each hash once, in the order they appear: the
    /// four parts, the participants' parts, then the sheet.
    pub fn media(&self) -> Vec<&MediaRef> {
        let mut seen = std::collections::HashSet::new();
        self.every_part()
            .flat_map(|(_, part)| part.media.iter())
            .chain(self.sheet.iter())
            .filter(|m| seen.insert(m.hash.as_str()))
            .collect()
    }

    /// Whether the dialogue mentions `hash` anywhere.
    pub fn refers_to(&self, hash: &str) -> bool {
        self.every_part()
            .flat_map(|(_, part)| part.media.iter())
            .chain(self.sheet.iter())
            .any(|m| m.hash == hash)
    }
}

/// The shape of a dialogue before drawings, strengths and consent (protocol 1): two keyword
/// fields. Devices may still hold these; `Dialogue::from` carries everything over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegacyDialogue {
    pub id: String,
    pub client_code: String,
    pub held_on: String,
    pub client_keywords: String,
    pub worker_keywords: String,
    pub updated_at_ms: i64,
}

impl From<LegacyDialogue> for Dialogue {
    fn from(old: LegacyDialogue) -> Self {
        let mut d = Dialogue::new(old.id, old.client_code, old.held_on, old.updated_at_ms);
        d.client.good.text = old.client_keywords;
        d.worker.good.text = old.worker_keywords;
        d
    }
}

/// What a device needs to know of a pulled dialogue to keep it as the server wrote it: its
/// id, its version and the hashes of its drawings and photos ([`Dialogue::media`]) — read from
/// the JSON without building the dialogue (issue 17: a page of 1,000 is stored without being
/// read whole and written again). It refuses a field a [`Dialogue`] does not have, as the
/// dialogue itself does.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DialogueHead {
    pub id: String,
    pub version: u64,
    client: PerspectiveMedia,
    worker: PerspectiveMedia,
    others: Vec<PerspectiveMedia>,
    client_code: serde::de::IgnoredAny,
    nickname: serde::de::IgnoredAny,
    held_on: serde::de::IgnoredAny,
    setting: serde::de::IgnoredAny,
    status: serde::de::IgnoredAny,
    strengths: serde::de::IgnoredAny,
    scales: serde::de::IgnoredAny,
    reflection: serde::de::IgnoredAny,
    consent: serde::de::IgnoredAny,
    path: serde::de::IgnoredAny,
    address: serde::de::IgnoredAny,
    sheet: Vec<MediaHash>,
    agreements: serde::de::IgnoredAny,
    checks: serde::de::IgnoredAny,
    mirror: serde::de::IgnoredAny,
    client_consent: serde::de::IgnoredAny,
    updated_at_ms: serde::de::IgnoredAny,
    deleted: serde::de::IgnoredAny,
    conflicts: serde::de::IgnoredAny,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
struct PerspectiveMedia {
    good: PartMedia,
    better: PartMedia,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
struct PartMedia {
    media: Vec<MediaHash>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
struct MediaHash {
    hash: String,
}

impl DialogueHead {
    /// The hashes of the dialogue's attachments, each once, in the order of
    /// [`Dialogue::media`].
    pub fn media_hashes(&self) -> Vec<&str> {
        let mut seen = std::collections::HashSet::new();
        [
            &self.client.good,
            &self.client.better,
            &self.worker.good,
            &self.worker.better,
        ]
        .into_iter()
        .chain(self.others.iter().flat_map(|p| [&p.good, &p.better]))
        .flat_map(|part| part.media.iter().map(|m| m.hash.as_str()))
        .chain(self.sheet.iter().map(|m| m.hash.as_str()))
        .filter(|hash| seen.insert(*hash))
        .collect()
    }
}
