//! Sync over the wire: push, pull, the team's records, erasures — as JSON.
//!
//! Field names are English and stable; what a person reads (messages) is Dutch.

use serde::{Deserialize, Serialize};

use werkzaam_domain::team::{
    Action, Advice, Dream, Lesson, Meeting, Reply, Round, Story, SynonymMerge, TeamRecord,
};
use werkzaam_domain::Dialogue;

/// Bumped whenever a wire type changes incompatibly. The server refuses other versions with
/// [`crate::error::ErrorCode::ProtocolVersion`], so an old app never writes data the server misreads.
pub const PROTOCOL_VERSION: u32 = 12;

/// The most mutations one push may carry; a device with more sends several pushes. (500 until
/// issue 17: each push costs a round trip and a transaction, so fewer, larger ones send 10,000
/// dialogues sooner; at most as many as a pull's page, see [`MAX_DIALOGUES_PER_PULL`].)
pub const MAX_MUTATIONS_PER_PUSH: usize = 1000;

/// What a mutation does. Externally tagged (`{"upsert_dialogue": {"dialogue": …}}`, `"noop"`):
/// an internally tagged enum makes serde buffer every payload, which cost the app 13 KiB of wasm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Operation {
    /// Create the dialogue, or store this copy of it: merged with the server's copy from the
    /// version it builds on (`dialogue.version`), see [`werkzaam_domain::merge::apply_upsert`].
    UpsertDialogue { dialogue: Box<Dialogue> },
    /// A story of a waarderend interview, for the whole team (merged like a dialogue).
    UpsertStory { story: Box<Story> },
    /// An action of the team (merged like a dialogue; any member may change it).
    UpsertAction { action: Box<Action> },
    /// A statement of the groepsdroom (any member).
    UpsertDream { dream: Box<Dream> },
    /// A team session (team leads only).
    UpsertMeeting { meeting: Box<Meeting> },
    /// A merge of werkzame elementen (team leads only).
    UpsertSynonym { synonym: Box<SynonymMerge> },
    /// A dialoogronde (the team lead; a member only shows or hides her own count).
    UpsertRound { round: Box<Round> },
    /// A question to the team (*Hoe zou jij dat aanpakken?*; its asker).
    UpsertAdvice { advice: Box<Advice> },
    /// An answer to a question (its writer).
    UpsertReply { reply: Box<Reply> },
    /// A leerpunt (its writer).
    UpsertLesson { lesson: Box<Lesson> },
    /// Nothing: the place of a change the server refused, which the device set aside (see
    /// [`crate::outbox::set_aside`]). It keeps the numbering without gaps, so the changes after
    /// it still go.
    Noop,
}

impl Operation {
    /// The team's record a change carries, if it carries one.
    pub fn team_record(&self) -> Option<TeamRecord> {
        Some(match self {
            Operation::UpsertStory { story } => TeamRecord::Story((**story).clone()),
            Operation::UpsertAction { action } => TeamRecord::Action((**action).clone()),
            Operation::UpsertDream { dream } => TeamRecord::Dream((**dream).clone()),
            Operation::UpsertMeeting { meeting } => TeamRecord::Meeting((**meeting).clone()),
            Operation::UpsertSynonym { synonym } => TeamRecord::Synonym((**synonym).clone()),
            Operation::UpsertRound { round } => TeamRecord::Round((**round).clone()),
            Operation::UpsertAdvice { advice } => TeamRecord::Advice((**advice).clone()),
            Operation::UpsertReply { reply } => TeamRecord::Reply((**reply).clone()),
            Operation::UpsertLesson { lesson } => TeamRecord::Lesson((**lesson).clone()),
            Operation::UpsertDialogue { .. } | Operation::Noop => return None,
        })
    }
}

impl From<TeamRecord> for Operation {
    /// The change that sends a team record.
    fn from(record: TeamRecord) -> Operation {
        match record {
            TeamRecord::Story(r) => Operation::UpsertStory { story: Box::new(r) },
            TeamRecord::Action(r) => Operation::UpsertAction {
                action: Box::new(r),
            },
            TeamRecord::Dream(r) => Operation::UpsertDream { dream: Box::new(r) },
            TeamRecord::Meeting(r) => Operation::UpsertMeeting {
                meeting: Box::new(r),
            },
            TeamRecord::Synonym(r) => Operation::UpsertSynonym {
                synonym: Box::new(r),
            },
            TeamRecord::Round(r) => Operation::UpsertRound { round: Box::new(r) },
            TeamRecord::Advice(r) => Operation::UpsertAdvice {
                advice: Box::new(r),
            },
            TeamRecord::Reply(r) => Operation::UpsertReply { reply: Box::new(r) },
            TeamRecord::Lesson(r) => Operation::UpsertLesson {
                lesson: Box::new(r),
            },
        }
    }
}

/// One local change, numbered per client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mutation {
    /// 1, 2, 3, … per client id, without gaps.
    pub id: u64,
    pub operation: Operation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    pub protocol_version: u32,
    /// The device's id for this user; see the crate docs.
    pub client_id: String,
    pub mutations: Vec<Mutation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    /// Every mutation of this client up to and including this id is stored on the server.
    pub last_mutation_id: u64,
}

/// The most dialogues one pull returns; the device asks again while `more` is set. At least
/// what one push can store ([`MAX_MUTATIONS_PER_PUSH`]), so a page always ends on a whole push.
pub const MAX_DIALOGUES_PER_PULL: usize = 1000;

const _: () = assert!(MAX_MUTATIONS_PER_PUSH <= MAX_DIALOGUES_PER_PULL);

/// How many rows of a pull's page to send: `versions` are the versions of the rows the query
/// read (ascending, up to `limit + 1`); the page takes at most `limit` and ends on a whole
/// version (one push), so a cursor never skips half of one (a push stores fewer records than a
/// page holds). Returns that count and whether more rows follow.
pub fn page_of_whole_versions(versions: &[i64], limit: usize) -> (usize, bool) {
    let more = versions.len() > limit;
    let mut taken = versions.len().min(limit);
    if more {
        let cut = versions[limit];
        while taken > 1 && versions[taken - 1] == cut {
            taken -= 1;
        }
    }
    (taken, more)
}

/// "What changed since `cursor`?" — a device asks for its user's dialogues stored after the
/// cursor of its last pull (`-1` for everything).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PullRequest {
    pub protocol_version: u32,
    pub cursor: i64,
    /// The asking device; it hears of erasures until it confirmed them.
    #[serde(default)]
    pub client_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullResponse<D = Dialogue> {
    /// Pass this as the next `cursor`.
    pub cursor: i64,
    /// The user's dialogues changed since the cursor, oldest change first, each with its
    /// `version` set (the base of the device's next change). A device reads them as
    /// [`crate::outbox::PulledJson`]: kept as the server wrote them.
    pub dialogues: Vec<D>,
    /// More changes wait: pull again.
    pub more: bool,
    /// The last mutation of the asking device the server applied (0 when it knows none): the
    /// device forgets those from its outbox in the same transaction, also when the answer to
    /// its push got lost.
    #[serde(default)]
    pub last_mutation_id: u64,
    /// Clients whose data was erased (AVG) that this device has not confirmed yet: it purges
    /// these dialogues and confirms with [`ErasureConfirm`].
    #[serde(default)]
    pub erased: Vec<Erasure>,
}

/// "What changed in the team since `cursor`?": the team's stories and actions (issue 5), a
/// stream of its own next to the user's dialogues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamPullRequest {
    pub protocol_version: u32,
    pub cursor: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamPullResponse {
    pub cursor: i64,
    /// Each with its `version` set.
    pub stories: Vec<Story>,
    pub actions: Vec<Action>,
    #[serde(default)]
    pub dreams: Vec<Dream>,
    #[serde(default)]
    pub meetings: Vec<Meeting>,
    #[serde(default)]
    pub synonyms: Vec<SynonymMerge>,
    #[serde(default)]
    pub rounds: Vec<Round>,
    #[serde(default)]
    pub advice: Vec<Advice>,
    #[serde(default)]
    pub replies: Vec<Reply>,
    /// An anonymous leerpunt of someone else comes without its author.
    #[serde(default)]
    pub lessons: Vec<Lesson>,
    pub more: bool,
}

/// An erasure of a client's data (AVG, right to erasure): the dialogues it removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Erasure {
    pub id: i64,
    pub dialogue_ids: Vec<String>,
}

/// "Erase everything of this client": a worker's own dialogues with this client code, or, asked
/// by a team lead, the whole team's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErasureRequest {
    pub client_code: String,
    /// The asking device, which purges at once (counted as confirmed).
    #[serde(default)]
    pub client_id: Option<String>,
}

/// What an erasure did, and how far it reached.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureReport {
    pub erasure_id: i64,
    /// Dialogues removed from the server.
    pub dialogues: usize,
    /// Devices that held them and must purge them, and how many confirmed.
    pub devices: usize,
    pub confirmed: usize,
    /// Of the devices that did not confirm, those not seen for [`DORMANT_DAYS`] (lost, broken,
    /// replaced): they purge if they ever connect again, but nobody should wait for them.
    #[serde(default)]
    pub dormant: usize,
}

/// A device that has not synced for this many days counts as dormant.
pub const DORMANT_DAYS: i64 = 90;

/// A device confirms it purged these erasures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErasureConfirm {
    pub client_id: String,
    pub erasure_ids: Vec<i64>,
}
