//! The pieces a dialogue is made of: where and how it went, the parts of each perspective
//! (keywords, text, drawings, photos), strengths, scales, reflection and consent. Kept apart
//! from [`super::Dialogue`], so [`crate::merge::Value`] can hold them without a cycle.

use serde::{Deserialize, Serialize};

/// Where the dialogue took place.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Setting {
    #[default]
    HomeVisit,
    Office,
    Phone,
    Video,
    Elsewhere,
}

impl Setting {
    pub const ALL: [Setting; 5] = [
        Setting::HomeVisit,
        Setting::Office,
        Setting::Phone,
        Setting::Video,
        Setting::Elsewhere,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Setting::HomeVisit => "Huisbezoek",
            Setting::Office => "Op kantoor",
            Setting::Phone => "Telefonisch",
            Setting::Video => "Beeldbellen",
            Setting::Elsewhere => "Ergens anders",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Setting::HomeVisit => "home_visit",
            Setting::Office => "office",
            Setting::Phone => "phone",
            Setting::Video => "video",
            Setting::Elsewhere => "elsewhere",
        }
    }

    pub fn from_key(key: &str) -> Option<Setting> {
        Setting::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// Whether the worker still works on it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Draft,
    Done,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Concept",
            Status::Done => "Afgerond",
        }
    }
}

/// What an attachment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    /// Strokes made on the device, in the encoding of [`crate::drawing`].
    Drawing,
    /// A JPEG photo of a paper drawing or collage, downscaled on the device.
    Photo,
}

impl MediaKind {
    /// The content type the attachment is stored and served with.
    pub fn content_type(self) -> &'static str {
        match self {
            MediaKind::Drawing => crate::drawing::CONTENT_TYPE,
            MediaKind::Photo => "image/jpeg",
        }
    }
}

/// A drawing or photo in a part of the dialogue, addressed by the hash of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MediaRef {
    pub kind: MediaKind,
    /// [`crate::hash::content_hash`] of the bytes: 64 lowercase hex digits.
    pub hash: String,
    /// Size of the bytes.
    pub bytes: u64,
}

/// One part of a perspective (what goes well, or what could be better): any mix of keywords,
/// a short text, drawings and photos.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Part {
    pub keywords: Vec<String>,
    pub text: String,
    pub media: Vec<MediaRef>,
}

impl Part {
    pub fn is_empty(&self) -> bool {
        self.keywords.is_empty() && self.text.trim().is_empty() && self.media.is_empty()
    }
}

/// How one side experiences the support.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Perspective {
    /// Wat gaat goed?
    pub good: Part,
    /// Wat kan beter?
    pub better: Part,
}

/// Whose perspective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// Hoe ervaart de cliënt jouw begeleiding? Answered by the client.
    Client,
    /// Hoe ervaart de hulpverlener de begeleiding? Answered by the worker.
    Worker,
}

/// Which part of a perspective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Aspect {
    Good,
    Better,
}

/// One of the four parts of a dialogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartKey {
    pub side: Side,
    pub aspect: Aspect,
}

impl PartKey {
    pub const ALL: [PartKey; 4] = [
        PartKey::new(Side::Client, Aspect::Good),
        PartKey::new(Side::Client, Aspect::Better),
        PartKey::new(Side::Worker, Aspect::Good),
        PartKey::new(Side::Worker, Aspect::Better),
    ];

    pub const fn new(side: Side, aspect: Aspect) -> Self {
        PartKey { side, aspect }
    }

    /// A short stable name, for ids in the page: `client-good`, `worker-better`, …
    pub fn slug(self) -> &'static str {
        match (self.side, self.aspect) {
            (Side::Client, Aspect::Good) => "client-good",
            (Side::Client, Aspect::Better) => "client-better",
            (Side::Worker, Aspect::Good) => "worker-good",
            (Side::Worker, Aspect::Better) => "worker-better",
        }
    }

    pub fn from_slug(slug: &str) -> Option<PartKey> {
        PartKey::ALL.into_iter().find(|k| k.slug() == slug)
    }
}

/// The client's strengths per life domain (after Rapp & Goscha); each optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Strengths {
    pub living: String,
    pub finances: String,
    pub work: String,
    pub social: String,
    pub health: String,
    pub leisure: String,
}

/// A life domain of [`Strengths`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Domain {
    Living,
    Finances,
    Work,
    Social,
    Health,
    Leisure,
}

impl Domain {
    pub const ALL: [Domain; 6] = [
        Domain::Living,
        Domain::Finances,
        Domain::Work,
        Domain::Social,
        Domain::Health,
        Domain::Leisure,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Domain::Living => "Wonen en dagelijks leven",
            Domain::Finances => "Financiën",
            Domain::Work => "Werk, opleiding en dagbesteding",
            Domain::Social => "Sociale contacten en zingeving",
            Domain::Health => "Gezondheid",
            Domain::Leisure => "Vrije tijd",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Domain::Living => "living",
            Domain::Finances => "finances",
            Domain::Work => "work",
            Domain::Social => "social",
            Domain::Health => "health",
            Domain::Leisure => "leisure",
        }
    }
}

impl Strengths {
    pub fn get(&self, domain: Domain) -> &str {
        match domain {
            Domain::Living => &self.living,
            Domain::Finances => &self.finances,
            Domain::Work => &self.work,
            Domain::Social => &self.social,
            Domain::Health => &self.health,
            Domain::Leisure => &self.leisure,
        }
    }

    pub fn get_mut(&mut self, domain: Domain) -> &mut String {
        match domain {
            Domain::Living => &mut self.living,
            Domain::Finances => &mut self.finances,
            Domain::Work => &mut self.work,
            Domain::Social => &mut self.social,
            Domain::Health => &mut self.health,
            Domain::Leisure => &mut self.leisure,
        }
    }

    pub fn is_empty(&self) -> bool {
        Domain::ALL.iter().all(|d| self.get(*d).trim().is_empty())
    }
}

/// Four quick 0–10 scales for one side; each may be skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScaleSet {
    pub relationship: Option<u8>,
    pub goals: Option<u8>,
    pub approach: Option<u8>,
    pub overall: Option<u8>,
}

/// One of the four scales.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scale {
    Relationship,
    Goals,
    Approach,
    Overall,
}

impl Scale {
    pub const ALL: [Scale; 4] = [
        Scale::Relationship,
        Scale::Goals,
        Scale::Approach,
        Scale::Overall,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Scale::Relationship => "Onze band",
            Scale::Goals => "Waar we aan werken",
            Scale::Approach => "Hoe we het doen",
            Scale::Overall => "Alles bij elkaar",
        }
    }

    pub fn pictogram(self) -> &'static str {
        match self {
            Scale::Relationship => "🤝",
            Scale::Goals => "🎯",
            Scale::Approach => "🧭",
            Scale::Overall => "⭐",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Scale::Relationship => "relationship",
            Scale::Goals => "goals",
            Scale::Approach => "approach",
            Scale::Overall => "overall",
        }
    }
}

impl ScaleSet {
    pub fn get(&self, scale: Scale) -> Option<u8> {
        match scale {
            Scale::Relationship => self.relationship,
            Scale::Goals => self.goals,
            Scale::Approach => self.approach,
            Scale::Overall => self.overall,
        }
    }

    pub fn set(&mut self, scale: Scale, value: Option<u8>) {
        let slot = match scale {
            Scale::Relationship => &mut self.relationship,
            Scale::Goals => &mut self.goals,
            Scale::Approach => &mut self.approach,
            Scale::Overall => &mut self.overall,
        };
        *slot = value;
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scales {
    pub client: ScaleSet,
    pub worker: ScaleSet,
}

impl Scales {
    pub fn side(&self, side: Side) -> &ScaleSet {
        match side {
            Side::Client => &self.client,
            Side::Worker => &self.worker,
        }
    }

    pub fn side_mut(&mut self, side: Side) -> &mut ScaleSet {
        match side {
            Side::Client => &mut self.client,
            Side::Worker => &mut self.worker,
        }
    }
}

/// The worker's reflection after the visit, on the STAP 3 questions; each optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Reflection {
    pub learned: String,
    pub view_of_client: String,
    pub alliance: String,
    pub process: String,
}

/// A STAP 3 question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Question {
    Learned,
    ViewOfClient,
    Alliance,
    Process,
}

impl Question {
    pub const ALL: [Question; 4] = [
        Question::Learned,
        Question::ViewOfClient,
        Question::Alliance,
        Question::Process,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Question::Learned => "Wat leer ik uit de dialoog met de cliënt?",
            Question::ViewOfClient => "Hoe beïnvloedt het gesprek mijn kijk op de cliënt?",
            Question::Alliance => "Hoe beïnvloedt het gesprek hoe ik in de werkalliantie sta?",
            Question::Process => "Zal het hulpverleningsproces er in de toekomst anders uitzien?",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Question::Learned => "learned",
            Question::ViewOfClient => "view_of_client",
            Question::Alliance => "alliance",
            Question::Process => "process",
        }
    }
}

impl Reflection {
    pub fn get(&self, q: Question) -> &str {
        match q {
            Question::Learned => &self.learned,
            Question::ViewOfClient => &self.view_of_client,
            Question::Alliance => &self.alliance,
            Question::Process => &self.process,
        }
    }

    pub fn get_mut(&mut self, q: Question) -> &mut String {
        match q {
            Question::Learned => &mut self.learned,
            Question::ViewOfClient => &mut self.view_of_client,
            Question::Alliance => &mut self.alliance,
            Question::Process => &mut self.process,
        }
    }

    pub fn is_empty(&self) -> bool {
        Question::ALL.iter().all(|q| self.get(*q).trim().is_empty())
    }
}

/// Whether the client agreed that (parts of) the dialogue are shared with the team.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentDecision {
    /// Not asked yet: nothing is shared.
    #[default]
    NotAsked,
    Yes,
    No,
}

impl ConsentDecision {
    pub fn is_not_asked(&self) -> bool {
        *self == ConsentDecision::NotAsked
    }
}

/// The client's consent to share, as the worker recorded it (geheimhoudingsplicht).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Consent {
    pub decision: ConsentDecision,
    /// The day the client decided, `YYYY-MM-DD`; empty while not asked.
    pub recorded_on: String,
    /// Keywords, texts, strengths and scales.
    pub answers: bool,
    /// Drawings and photos.
    pub media: bool,
    /// The worker's reflection.
    pub reflection: bool,
}
