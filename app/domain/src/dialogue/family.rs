//! Family dialogues (issue 18, item 7): besides the client, up to [`MAX_OTHERS`] people around
//! the client — an ouder, a kind, a partner, a mantelzorger — each answer the client's question
//! in their own words or drawings (*wat gaat goed*, *wat kan beter*). Only the client answers
//! the scales, the mirror and the consent question.
//!
//! A participant has a fixed **slot** (1 to 4), so its answers merge field by field like the
//! client's (`others.2.good.keywords`; [`super::FIELDS`]), and a **relation** to the client,
//! never a name (data minimisation, as with the client code).

use serde::{Deserialize, Serialize};

pub use super::conversation::Relation;
use super::parts::{Aspect, Part, PartKey, Side};

/// The most people besides the client and the worker in one dialogue.
pub const MAX_OTHERS: u8 = 4;

/// Someone besides the client who answers the client's question.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Participant {
    /// 1 to [`MAX_OTHERS`]: the participant's place, which names its fields.
    pub slot: u8,
    /// `None` only when one device took the participant away while another still wrote
    /// answers: the answers are kept (nothing a person wrote is lost in a merge).
    pub relation: Option<Relation>,
    /// Wat gaat goed?
    pub good: Part,
    /// Wat kan beter?
    pub better: Part,
}

impl Participant {
    pub fn part(&self, aspect: Aspect) -> &Part {
        match aspect {
            Aspect::Good => &self.good,
            Aspect::Better => &self.better,
        }
    }

    pub fn part_mut(&mut self, aspect: Aspect) -> &mut Part {
        match aspect {
            Aspect::Good => &mut self.good,
            Aspect::Better => &mut self.better,
        }
    }

    /// Nothing left of it: no relation and no answers, not even a space. Strict on purpose:
    /// the merge writes a participant's fields one by one, and a text of only spaces that made
    /// the slot read as empty would be dropped or kept depending on the order.
    pub fn is_empty(&self) -> bool {
        let blank = |p: &Part| p.keywords.is_empty() && p.text.is_empty() && p.media.is_empty();
        self.relation.is_none() && blank(&self.good) && blank(&self.better)
    }
}

/// Who answers a part: the client, the worker, or the participant in a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Voice {
    Client,
    Worker,
    Other(u8),
}

impl From<Side> for Voice {
    fn from(side: Side) -> Self {
        match side {
            Side::Client => Voice::Client,
            Side::Worker => Voice::Worker,
        }
    }
}

/// Any part of a dialogue: one of the four of [`PartKey`], or a participant's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartAt {
    pub voice: Voice,
    pub aspect: Aspect,
}

impl From<PartKey> for PartAt {
    fn from(key: PartKey) -> Self {
        PartAt {
            voice: key.side.into(),
            aspect: key.aspect,
        }
    }
}

/// Where a [`PartAt`] sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// One of the four parts of client and worker.
    Main(PartKey),
    /// A participant's, by slot.
    Other(u8),
}

impl PartAt {
    pub const fn new(voice: Voice, aspect: Aspect) -> Self {
        PartAt { voice, aspect }
    }

    /// Where the part sits: one of the four of client and worker, or a participant's slot.
    pub fn place(self) -> Place {
        match self.voice {
            Voice::Client => Place::Main(PartKey::new(Side::Client, self.aspect)),
            Voice::Worker => Place::Main(PartKey::new(Side::Worker, self.aspect)),
            Voice::Other(slot) => Place::Other(slot),
        }
    }

    /// A short stable name for ids in the page: `client-good`, …, `other2-better`.
    pub fn slug(self) -> String {
        match self.place() {
            Place::Main(key) => key.slug().to_owned(),
            Place::Other(slot) => {
                let aspect = match self.aspect {
                    Aspect::Good => "good",
                    Aspect::Better => "better",
                };
                format!("other{slot}-{aspect}")
            }
        }
    }
}

/// An empty part, for a participant who is not (or no longer) there.
pub(crate) static NO_PART: Part = Part {
    keywords: Vec::new(),
    text: String::new(),
    media: Vec::new(),
};

impl super::Dialogue {
    /// The participant in `slot`, if any.
    pub fn other(&self, slot: u8) -> Option<&Participant> {
        self.others.iter().find(|p| p.slot == slot)
    }

    /// Any part; a participant who is not there reads as empty.
    pub fn part_at(&self, at: PartAt) -> &Part {
        match at.place() {
            Place::Main(key) => self.part(key),
            Place::Other(slot) => self.other(slot).map_or(&NO_PART, |p| p.part(at.aspect)),
        }
    }

    /// Any part to change. A participant who is not there is made again without a relation:
    /// what is written for someone taken away meanwhile (a photo still being read) is kept.
    pub fn part_at_mut(&mut self, at: PartAt) -> &mut Part {
        match at.place() {
            Place::Main(key) => self.part_mut(key),
            Place::Other(slot) => self.other_entry(slot).part_mut(at.aspect),
        }
    }

    /// The participant in `slot`, made (without a relation) when it is not there.
    pub fn other_entry(&mut self, slot: u8) -> &mut Participant {
        let at = match self.others.iter().position(|p| p.slot == slot) {
            Some(at) => at,
            None => {
                let at = self.others.partition_point(|p| p.slot < slot);
                self.others.insert(
                    at,
                    Participant {
                        slot,
                        ..Participant::default()
                    },
                );
                at
            }
        };
        &mut self.others[at]
    }

    /// Adds a participant in the first free slot; `None` when [`MAX_OTHERS`] are there.
    pub fn add_other(&mut self, relation: Relation) -> Option<u8> {
        let slot = (1..=MAX_OTHERS).find(|s| self.other(*s).is_none())?;
        self.others.push(Participant {
            slot,
            relation: Some(relation),
            ..Participant::default()
        });
        self.others.sort_by_key(|p| p.slot);
        Some(slot)
    }

    /// Takes the participant in `slot` away, answers and all.
    pub fn remove_other(&mut self, slot: u8) {
        self.others.retain(|p| p.slot != slot);
    }

    /// What the page calls the participant in `slot`: the relation, numbered when two share it
    /// (*Kind 1*, *Kind 2*).
    pub fn other_name(&self, slot: u8) -> String {
        let relation = self.other(slot).and_then(|p| p.relation);
        let Some(relation) = relation else {
            return "Iemand (weggehaald op een ander apparaat)".to_owned();
        };
        let same: Vec<u8> = self
            .others
            .iter()
            .filter(|p| p.relation == Some(relation))
            .map(|p| p.slot)
            .collect();
        match same.iter().position(|s| *s == slot) {
            Some(i) if same.len() > 1 => format!("{} {}", relation.label(), i + 1),
            _ => relation.label().to_owned(),
        }
    }

    /// Every part in reading order — the client's, the worker's, then each participant's —
    /// with where it sits.
    pub fn every_part(&self) -> impl Iterator<Item = (PartAt, &Part)> {
        PartKey::ALL
            .into_iter()
            .map(|key| (PartAt::from(key), self.part(key)))
            .chain(self.others.iter().flat_map(|p| {
                [Aspect::Good, Aspect::Better]
                    .into_iter()
                    .map(move |a| (PartAt::new(Voice::Other(p.slot), a), p.part(a)))
            }))
    }
}
