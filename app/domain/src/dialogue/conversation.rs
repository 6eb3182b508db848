//! What a guided dialogue adds around the two questions (issue 18): the way it is held
//! ([`Path`]), how the app speaks to the client ([`Address`]), what was agreed ([`Agreement`]),
//! whether the agreements of last time helped ([`Check`]), the attitude mirror of seed 003
//! ([`Mirror`]) and who else takes part in a family dialogue ([`Relation`]; the rest of it in
//! [`super::family`]). Kept apart from [`super::Dialogue`], so [`crate::merge::Value`] can hold them
//! without a cycle.

use serde::{Deserialize, Serialize};

/// The way the worker holds the dialogue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Path {
    /// Every step: prepare, the two questions, strengths, agreements, sharing.
    #[default]
    Steps,
    /// *Alleen de twee vragen*: the two questions and sharing.
    TwoQuestions,
    /// *Foto van het blad en klaar*: the paper sheet, photographed, and sharing.
    Sheet,
}

impl Path {
    pub const ALL: [Path; 3] = [Path::Steps, Path::TwoQuestions, Path::Sheet];

    pub fn label(self) -> &'static str {
        match self {
            Path::Steps => "Het hele gesprek, stap voor stap",
            Path::TwoQuestions => "Alleen de twee vragen",
            Path::Sheet => "Foto van het blad en klaar",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Path::Steps => "steps",
            Path::TwoQuestions => "two_questions",
            Path::Sheet => "sheet",
        }
    }

    pub fn from_key(key: &str) -> Option<Path> {
        Path::ALL.into_iter().find(|p| p.key() == key)
    }

    pub fn is_default(&self) -> bool {
        *self == Path::Steps
    }
}

/// How the app speaks to the client in client mode: *je* or *u*.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Address {
    #[default]
    Je,
    U,
}

impl Address {
    pub fn key(self) -> &'static str {
        match self {
            Address::Je => "je",
            Address::U => "u",
        }
    }

    pub fn from_key(key: &str) -> Option<Address> {
        [Address::Je, Address::U]
            .into_iter()
            .find(|a| a.key() == key)
    }

    pub fn is_default(&self) -> bool {
        *self == Address::Je
    }
}

/// Who does what was agreed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    #[default]
    Client,
    Worker,
    /// Someone around the client: family, a neighbour, a volunteer.
    Network,
}

impl Party {
    pub const ALL: [Party; 3] = [Party::Client, Party::Worker, Party::Network];

    pub fn label(self) -> &'static str {
        match self {
            Party::Client => "Cliënt",
            Party::Worker => "Hulpverlener",
            Party::Network => "Netwerk",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Party::Client => "client",
            Party::Worker => "worker",
            Party::Network => "network",
        }
    }

    pub fn from_key(key: &str) -> Option<Party> {
        Party::ALL.into_iter().find(|p| p.key() == key)
    }
}

/// Who a participant is to the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Parent,
    Child,
    Partner,
    /// A mantelzorger: someone who cares for the client without being paid for it.
    Carer,
    /// Another family member: a brother, a grandmother, an aunt.
    Relative,
    /// A neighbour, a friend, a volunteer.
    Other,
}

impl Relation {
    pub const ALL: [Relation; 6] = [
        Relation::Parent,
        Relation::Child,
        Relation::Partner,
        Relation::Carer,
        Relation::Relative,
        Relation::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Relation::Parent => "Ouder",
            Relation::Child => "Kind",
            Relation::Partner => "Partner",
            Relation::Carer => "Mantelzorger",
            Relation::Relative => "Familielid",
            Relation::Other => "Iemand anders",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Relation::Parent => "parent",
            Relation::Child => "child",
            Relation::Partner => "partner",
            Relation::Carer => "carer",
            Relation::Relative => "relative",
            Relation::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<Relation> {
        Relation::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// An *afspraak*: wat, wie, wanneer. Often made from something that *kan beter*.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Agreement {
    /// Made on the device; the next dialogue's [`Check`] names it.
    pub id: String,
    /// Wat: in the words of the conversation.
    pub what: String,
    /// Wie.
    pub who: Party,
    /// Wanneer: a day `YYYY-MM-DD`, or empty when no day was set.
    pub when: String,
}

/// How far an agreement of last time got: *Is het beter geworden?*
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Progress {
    Better,
    ABit,
    /// *Nog niet*: not *no* — nobody is judged (seed 003).
    NotYet,
}

impl Progress {
    pub const ALL: [Progress; 3] = [Progress::Better, Progress::ABit, Progress::NotYet];

    pub fn label(self) -> &'static str {
        match self {
            Progress::Better => "Ja, beter",
            Progress::ABit => "Een beetje",
            Progress::NotYet => "Nog niet",
        }
    }

    pub fn pictogram(self) -> &'static str {
        match self {
            Progress::Better => "🙂",
            Progress::ABit => "😐",
            Progress::NotYet => "🌱",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Progress::Better => "better",
            Progress::ABit => "a_bit",
            Progress::NotYet => "not_yet",
        }
    }
}

/// The answer, in this dialogue, to *Is het beter geworden?* about an agreement of the
/// previous dialogue with the client.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// The [`Agreement::id`] in the previous dialogue.
    pub agreement: String,
    /// The agreement's words then, so the check reads on its own.
    pub what: String,
    pub progress: Progress,
}

/// One question of the attitude mirror (seed 003's three basic attitudes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Attitude {
    /// Erkennend, begripvol en welwillend.
    Understood,
    /// Geduldig, uitnodigend en waarderend.
    Time,
    /// Aanmoedigend, activerend en doelgericht.
    Forward,
}

impl Attitude {
    pub const ALL: [Attitude; 3] = [Attitude::Understood, Attitude::Time, Attitude::Forward];

    /// The question to the client, with *je* or *u*.
    pub fn client_question(self, address: Address) -> &'static str {
        match (self, address) {
            (Attitude::Understood, Address::Je) => "Voel je je begrepen?",
            (Attitude::Understood, Address::U) => "Voelt u zich begrepen?",
            (Attitude::Time, Address::Je) => "Neem ik de tijd voor je?",
            (Attitude::Time, Address::U) => "Neem ik de tijd voor u?",
            (Attitude::Forward, Address::Je) => "Helpt het gesprek je verder?",
            (Attitude::Forward, Address::U) => "Helpt het gesprek u verder?",
        }
    }

    /// The same question, as the worker answers it for herself.
    pub fn worker_question(self) -> &'static str {
        match self {
            Attitude::Understood => "Voelt de cliënt zich begrepen?",
            Attitude::Time => "Neem ik de tijd voor de cliënt?",
            Attitude::Forward => "Helpt het gesprek de cliënt verder?",
        }
    }

    /// The basic attitude in seed 003's words.
    pub fn attitude(self) -> &'static str {
        match self {
            Attitude::Understood => "erkennend, begripvol en welwillend",
            Attitude::Time => "geduldig, uitnodigend en waarderend",
            Attitude::Forward => "aanmoedigend, activerend en doelgericht",
        }
    }

    pub fn pictogram(self) -> &'static str {
        match self {
            Attitude::Understood => "👂",
            Attitude::Time => "⏳",
            Attitude::Forward => "🚶",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Attitude::Understood => "understood",
            Attitude::Time => "time",
            Attitude::Forward => "forward",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Attitude> {
        Attitude::ALL.into_iter().find(|a| a.slug() == slug)
    }
}

/// The answers on the three pictogram questions: 1 (not really) to 3 (yes); each may be
/// skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MirrorSet {
    pub understood: Option<u8>,
    pub time: Option<u8>,
    pub forward: Option<u8>,
}

/// The answers a mirror question takes: 1, 2 or 3, with a face each.
pub const MIRROR_ANSWERS: [(u8, &str, &str); 3] = [
    (1, "🙁", "Niet zo"),
    (2, "😐", "Een beetje"),
    (3, "🙂", "Ja"),
];

impl MirrorSet {
    pub fn get(&self, a: Attitude) -> Option<u8> {
        match a {
            Attitude::Understood => self.understood,
            Attitude::Time => self.time,
            Attitude::Forward => self.forward,
        }
    }

    pub fn set(&mut self, a: Attitude, value: Option<u8>) {
        let slot = match a {
            Attitude::Understood => &mut self.understood,
            Attitude::Time => &mut self.time,
            Attitude::Forward => &mut self.forward,
        };
        *slot = value;
    }

    pub fn is_empty(&self) -> bool {
        Attitude::ALL.iter().all(|a| self.get(*a).is_none())
    }
}

/// The attitude mirror: the client's answers beside the worker's own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Mirror {
    pub client: MirrorSet,
    pub worker: MirrorSet,
}

impl Mirror {
    pub fn side(&self, side: super::parts::Side) -> &MirrorSet {
        match side {
            super::parts::Side::Client => &self.client,
            super::parts::Side::Worker => &self.worker,
        }
    }

    pub fn side_mut(&mut self, side: super::parts::Side) -> &mut MirrorSet {
        match side {
            super::parts::Side::Client => &mut self.client,
            super::parts::Side::Worker => &mut self.worker,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.client.is_empty() && self.worker.is_empty()
    }
}
