//! The types that cross the wire between device and server, as JSON.
//!
//! Field names are English and stable; what a person reads (messages) is Dutch.

use serde::{Deserialize, Serialize};

use crate::appreciative::{Action, Dream, Meeting, Story, SynonymMerge};
use crate::dialogue::Dialogue;

/// Bumped whenever a wire type changes incompatibly. The server refuses other versions with
/// [`ErrorCode::ProtocolVersion`], so an old app never writes data the server misreads.
pub const PROTOCOL_VERSION: u32 = 9;

/// The most mutations one push may carry; a device with more sends several pushes.
pub const MAX_MUTATIONS_PER_PUSH: usize = 500;

/// What a mutation does. Externally tagged (`{"upsert_dialogue": {"dialogue": …}}`, `"noop"`):
/// an internally tagged enum makes serde buffer every payload, which cost the app 13 KiB of wasm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Operation {
    /// Create the dialogue, or store this copy of it: merged with the server's copy from the
    /// version it builds on (`dialogue.version`), see [`crate::merge::apply_upsert`].
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
    /// Nothing: the place of a change the server refused, which the device set aside (see
    /// [`crate::outbox::set_aside`]). It keeps the numbering without gaps, so the changes after
    /// it still go.
    Noop,
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

/// The most dialogues one pull returns; the device asks again while `more` is set. Larger than
/// what one push can store ([`MAX_MUTATIONS_PER_PUSH`]), so a page always ends on a whole push.
pub const MAX_DIALOGUES_PER_PULL: usize = 1000;

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
pub struct PullResponse {
    /// Pass this as the next `cursor`.
    pub cursor: i64,
    /// The user's dialogues changed since the cursor, oldest change first, each with its
    /// `version` set (the base of the device's next change).
    pub dialogues: Vec<Dialogue>,
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

/// A colleague in the worker's team: whom an interview is with, who does an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub user_id: String,
    pub display_name: String,
    pub role: Role,
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// The roles: a worker, a team lead, and an administrator (`beheerder`: manages users and
/// teams and reads the access log; sees no client content).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Medewerker,
    Teamleider,
    Beheerder,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Medewerker => "medewerker",
            Role::Teamleider => "teamleider",
            Role::Beheerder => "beheerder",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "medewerker" => Some(Role::Medewerker),
            "teamleider" => Some(Role::Teamleider),
            "beheerder" => Some(Role::Beheerder),
            _ => None,
        }
    }

    /// The word a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Role::Medewerker => "Medewerker",
            Role::Teamleider => "Teamleider",
            Role::Beheerder => "Beheerder",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// Who is logged in. The device keeps this (not the password, not the session token) so the app
/// can start offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub user_id: String,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    pub team_id: String,
    pub team_name: String,
}

/// One dialogue in the team lead's overview: only what the client's consent covers (see
/// [`crate::consent::shared_view`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamDialogue {
    pub dialogue: Dialogue,
    pub worker_name: String,
    /// When the server stored the latest version, milliseconds since the Unix epoch.
    pub synced_at_ms: i64,
    /// The attachments of the dialogue the server has received (the others are on their way).
    #[serde(default)]
    pub received_media: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamOverview {
    pub team_name: String,
    /// One page of the shared dialogues, newest first ([`TEAM_PAGE`] a page).
    pub dialogues: Vec<TeamDialogue>,
    /// The alerts (issue 6) on each client's latest shared dialogue (over every page).
    #[serde(default)]
    pub alerts: Vec<crate::review::Alert>,
    /// How many shared dialogues there are in all.
    #[serde(default)]
    pub total: usize,
    /// Whether a next page follows (`?pagina=` one more).
    #[serde(default)]
    pub more: bool,
}

/// Shared dialogues per page of the team lead's overview.
pub const TEAM_PAGE: usize = 100;

/// Machine-readable reason of a refusal; the message next to it is for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidInput,
    ProtocolVersion,
    OutOfOrder,
    TooManyMutations,
    NotLoggedIn,
    WrongCredentials,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    /// The client did not consent to sharing this (part of a) dialogue.
    NoConsent,
    /// An attachment's bytes do not match its hash.
    HashMismatch,
    /// The server is busy (too many logins at once): try again after `Retry-After` seconds.
    Busy,
    /// The user's room for drawings and photos on the server is full.
    QuotaFull,
    Internal,
}

/// The body of every error answer of the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: ErrorCode,
    /// Dutch, plain language; safe to show to the user.
    pub message: String,
    /// The one mutation the refusal is about, when it is about one (the device sets it aside).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mutation_id: Option<u64>,
}

/// One recorded view, export or change of a record (NEN 7513): who, when, what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessEvent {
    pub at_ms: i64,
    pub user_id: String,
    pub role: String,
    /// `bekijken`, `exporteren`, `aanmaken`, `wijzigen`, `verwijderen`.
    pub action: String,
    /// What it was: `dialoog`, `overzicht`, `agenda.pdf`, `inzage`, …
    pub what: String,
    pub record_id: Option<String>,
    pub client_code: Option<String>,
    /// On whose behalf (NEN 7513), when not the user's own: a client's request, a retention
    /// period set by an administrator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_behalf_of: Option<String>,
}

/// One of a user's sessions, as they see it (the id is the start of the token's hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub id: String,
    pub created_at_ms: i64,
    pub last_seen_at_ms: i64,
    pub expires_at_ms: i64,
    pub current: bool,
}

/// `POST /api/herstelsleutel`: the recovery key of one device vault of the logged-in user
/// (made on the first request). It wraps the vault's data key a second time on the device, so
/// an online login opens the vault when the PIN is forgotten or locked after wrong tries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoveryKeyRequest {
    /// The vault's id (random, made on the device).
    pub vault: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryKey {
    /// 32 bytes as 64 lowercase hex digits.
    pub key: String,
}

/// A user as the administrator sees them (`GET /api/beheer/gebruikers`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminUser {
    pub id: String,
    pub display_name: String,
    pub email: String,
    pub team_id: String,
    pub team_name: String,
    pub role: Role,
    pub disabled: bool,
}

/// `POST /api/beheer/gebruikers`: a new account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    pub display_name: String,
    pub email: String,
    pub team_id: String,
    pub role: Role,
    /// A first password, to hand over; the user changes it under *Mijn account*.
    pub password: String,
}

/// A team as the administrator sees it (`GET /api/beheer/teams`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminTeam {
    pub id: String,
    pub name: String,
    pub members: u32,
}

/// `POST /api/beheer/teams`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewTeam {
    pub name: String,
}

/// One entry of the whole access log, for the administrator: the event and whose it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedAccess {
    #[serde(flatten)]
    pub event: AccessEvent,
    pub user_name: String,
    pub team_id: String,
}

/// `GET /api/team/accounts`: an account an administrator made, switched off or on in the team
/// lead's team (issue 15: a lead sees who was added to the team, and by whom).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountChange {
    pub at_ms: i64,
    /// `aanmaken` or `wijzigen`.
    pub action: String,
    /// `account teamleider`, `account medewerker`, `account uitgeschakeld`, …
    pub what: String,
    pub account_name: String,
    pub by_name: String,
}

impl AccountChange {
    /// In plain Dutch: "Beheer maakte een account voor Piet (teamleider)".
    pub fn sentence(&self) -> String {
        let role = self.what.strip_prefix("account ").unwrap_or(&self.what);
        match (self.action.as_str(), role) {
            ("aanmaken", role) => format!(
                "{} maakte een account voor {} ({role})",
                self.by_name, self.account_name
            ),
            (_, "uitgeschakeld") => {
                format!(
                    "{} zette het account van {} uit",
                    self.by_name, self.account_name
                )
            }
            (_, "ingeschakeld") => format!(
                "{} zette het account van {} weer aan",
                self.by_name, self.account_name
            ),
            (_, other) => format!(
                "{} wijzigde het account van {} ({other})",
                self.by_name, self.account_name
            ),
        }
    }
}

/// `GET`/`PUT /api/beheer/bewaartermijn`: how many years dialogues are kept (`None`: no limit,
/// the default). On `PUT` the server answers with how many it erased right away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    pub years: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub erased: Option<usize>,
}
