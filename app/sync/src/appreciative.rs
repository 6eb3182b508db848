//! The team's own learning loop of seed 000, *Waarderen van wat werkt* (issue 5): the
//! **waarderend interview**, the **werkzame elementen** named in it, the **groepsdroom** and the
//! **acties**. This module holds the records and their rules; it knows nothing of storage or
//! screens.
//!
//! Over 800 lines, not split here: records, their merge fields, the session logic and the
//! authorship rules; they split into a `learning` domain folder in issue 16's restructure,
//! which moves every file in one step with behaviour unchanged (splitting it piecemeal now
//! would make that step harder to review).

use serde::{Deserialize, Serialize};

use crate::merge::{Conflict, Record, Value};
use crate::vocabulary::{count, Counted, Synonyms};

/// The *leidraad* of the waarderend interview: open questions in the seed's own words. The
/// interviewer asks them in this order while the colleague tells their story.
pub const LEIDRAAD: [(&str, &str); 6] = [
    (
        "trots",
        "Vertel over een begeleiding waar je trots op bent.",
    ),
    ("uitdaging", "Voor welke uitdaging stond je?"),
    (
        "doorbraak",
        "Hoe kwam de cliënt tot een doorbraak — wat deed de cliënt, wat deed jij?",
    ),
    ("gevoel", "Hoe voelde jij je daarbij?"),
    (
        "krachten",
        "Welke talenten, competenties en krachten van jou en van de cliënt speelden mee?",
    ),
    ("verschil", "Wat maakte volgens jou het verschil?"),
];

/// The words of a leidraad question, by its slug.
pub fn leidraad_question(slug: &str) -> Option<&'static str> {
    LEIDRAAD.iter().find(|(s, _)| *s == slug).map(|(_, q)| *q)
}

/// The answer to one question of the leidraad.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Answer {
    /// A slug of [`LEIDRAAD`].
    pub question: String,
    pub text: String,
    pub keywords: Vec<String>,
}

/// A short compliment of a colleague on a story (seed 003: "je moet elkaar leren complimenten te
/// maken"); the storyteller sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Compliment {
    pub author_id: String,
    pub text: String,
    pub at_ms: i64,
}

/// A success story told in a waarderend interview. No client identities: the story is about the
/// work, and visible to the whole team.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Story {
    pub id: String,
    /// The colleague who tells the story.
    pub storyteller_id: String,
    /// The colleague who asks and writes.
    pub interviewer_id: String,
    /// `YYYY-MM-DD`.
    pub held_on: String,
    /// A few words to recognise the story by.
    pub title: String,
    pub answers: Vec<Answer>,
    /// Sentences marked as *citaat*: the storyteller's own words.
    pub quotes: Vec<String>,
    /// The werkzame elementen the interviewer and the storyteller named.
    pub elements: Vec<String>,
    pub compliments: Vec<Compliment>,
    /// When the interview was started on the device (ms since the epoch; 0 for stories from
    /// before: their `updated_at_ms` stands in). Never changes; orders it among the sessions.
    #[serde(skip_serializing_if = "is_zero")]
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    /// The server's version this copy builds on (see [`crate::merge`]).
    pub version: u64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
}

/// A team session (*teambijeenkomst*): the team looks at the stories told since the one
/// before, builds the groepsdroom and agrees actions. A team lead opens one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Meeting {
    pub id: String,
    /// `YYYY-MM-DD`.
    pub held_on: String,
    pub title: String,
    /// When the team lead opened it (ms since the epoch; 0 for sessions from before: their
    /// `updated_at_ms` stands in). Never changes; orders sessions held on one day.
    #[serde(skip_serializing_if = "is_zero")]
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub version: u64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
}

/// A statement of the **groepsdroom**: one piece of the team's shared picture of the future,
/// written by one member in a session, optionally drawn; the team puts statements that belong
/// together in one *cluster*. Each statement is its own record, so members adding statements
/// at the same time never collide.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Dream {
    pub id: String,
    pub meeting_id: String,
    pub author_id: String,
    pub text: String,
    /// The name of the group it was put in; empty: not grouped yet.
    pub cluster: String,
    /// A drawing in the text form of [`crate::drawing::to_text`]; empty: none.
    pub drawing: String,
    pub updated_at_ms: i64,
    pub version: u64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
}

/// A team lead's merge of werkzame elementen that mean the same ("echt luisteren" and
/// "luisteren" count as "luisteren"). One record per merge: undoing it is deleting it, and what
/// people wrote in their stories never changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SynonymMerge {
    pub id: String,
    pub variants: Vec<String>,
    /// The name they count under.
    pub name: String,
    pub updated_at_ms: i64,
    pub version: u64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
}

/// One record of the team's learning loop, whichever kind: what a device saves and sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TeamRecord {
    Story(Story),
    Action(Action),
    Dream(Dream),
    Meeting(Meeting),
    Synonym(SynonymMerge),
}

impl TeamRecord {
    pub fn id(&self) -> &str {
        match self {
            TeamRecord::Story(r) => &r.id,
            TeamRecord::Action(r) => &r.id,
            TeamRecord::Dream(r) => &r.id,
            TeamRecord::Meeting(r) => &r.id,
            TeamRecord::Synonym(r) => &r.id,
        }
    }

    /// The name of its kind, as the device and the server store it.
    pub fn kind(&self) -> &'static str {
        match self {
            TeamRecord::Story(_) => "story",
            TeamRecord::Action(_) => "action",
            TeamRecord::Dream(_) => "dream",
            TeamRecord::Meeting(_) => "meeting",
            TeamRecord::Synonym(_) => "synonym",
        }
    }

    /// Checks it (the rules of [`crate::validate`]).
    pub fn validate(&self) -> Result<(), crate::validate::Invalid> {
        match self {
            TeamRecord::Story(r) => crate::validate::story(r),
            TeamRecord::Action(r) => crate::validate::action(r),
            TeamRecord::Dream(r) => crate::validate::dream(r),
            TeamRecord::Meeting(r) => crate::validate::meeting(r),
            TeamRecord::Synonym(r) => crate::validate::synonym(r),
        }
    }

    /// The team's record a change carries, if it carries one.
    pub fn from_operation(op: &crate::wire::Operation) -> Option<TeamRecord> {
        use crate::wire::Operation;
        Some(match op {
            Operation::UpsertStory { story } => TeamRecord::Story((**story).clone()),
            Operation::UpsertAction { action } => TeamRecord::Action((**action).clone()),
            Operation::UpsertDream { dream } => TeamRecord::Dream((**dream).clone()),
            Operation::UpsertMeeting { meeting } => TeamRecord::Meeting((**meeting).clone()),
            Operation::UpsertSynonym { synonym } => TeamRecord::Synonym((**synonym).clone()),
            Operation::UpsertDialogue { .. } | Operation::Noop => return None,
        })
    }

    /// The people it names (user ids): they must be members of the team.
    pub fn people(&self) -> Vec<&str> {
        match self {
            TeamRecord::Story(s) => [s.storyteller_id.as_str(), s.interviewer_id.as_str()]
                .into_iter()
                .chain(s.compliments.iter().map(|c| c.author_id.as_str()))
                .collect(),
            TeamRecord::Action(a) => a.owners.iter().map(String::as_str).collect(),
            TeamRecord::Dream(d) => vec![d.author_id.as_str()],
            TeamRecord::Meeting(_) | TeamRecord::Synonym(_) => Vec::new(),
        }
    }

    /// Only a team lead may write it: sessions and synonym merges.
    pub fn lead_only(&self) -> bool {
        matches!(self, TeamRecord::Meeting(_) | TeamRecord::Synonym(_))
    }

    /// The change that sends it.
    pub fn into_operation(self) -> crate::wire::Operation {
        use crate::wire::Operation;
        match self {
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
        }
    }
}

impl TeamData {
    /// Puts `record` in (replacing the one with its id).
    pub fn put(&mut self, record: TeamRecord) {
        fn put<T>(list: &mut Vec<T>, record: T, id: impl Fn(&T) -> &str) {
            match list.iter().position(|r| id(r) == id(&record)) {
                Some(i) => list[i] = record,
                None => list.push(record),
            }
        }
        match record {
            TeamRecord::Story(r) => put(&mut self.stories, r, |r| &r.id),
            TeamRecord::Action(r) => put(&mut self.actions, r, |r| &r.id),
            TeamRecord::Dream(r) => put(&mut self.dreams, r, |r| &r.id),
            TeamRecord::Meeting(r) => put(&mut self.meetings, r, |r| &r.id),
            TeamRecord::Synonym(r) => put(&mut self.synonyms, r, |r| &r.id),
        }
    }
}

/// Everything of the team's learning loop a device or a page holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeamData {
    pub stories: Vec<Story>,
    pub actions: Vec<Action>,
    pub dreams: Vec<Dream>,
    pub meetings: Vec<Meeting>,
    pub synonyms: Vec<SynonymMerge>,
}

impl TeamData {
    /// The team's synonyms: the merges not undone, oldest first.
    pub fn vocabulary(&self) -> Synonyms {
        let mut merges: Vec<&SynonymMerge> = self.synonyms.iter().filter(|m| !m.deleted).collect();
        merges.sort_by_cached_key(|m| format!("{:020}{}", m.updated_at_ms.max(0), m.id));
        let mut out = Synonyms::default();
        for m in merges {
            let variants: Vec<&str> = m.variants.iter().map(String::as_str).collect();
            out.merge(&variants, &m.name);
        }
        out
    }

    /// Stories not deleted, newest first.
    pub fn live_stories(&self) -> Vec<&Story> {
        let mut out: Vec<&Story> = self.stories.iter().filter(|s| !s.deleted).collect();
        out.sort_by_cached_key(|s| format!("{}{:020}", s.held_on, s.updated_at_ms.max(0)));
        out.reverse();
        out
    }

    /// Sessions not deleted, newest first: by their day, then by when they were opened (never
    /// by their random id).
    pub fn live_meetings(&self) -> Vec<&Meeting> {
        let mut out: Vec<&Meeting> = self.meetings.iter().filter(|m| !m.deleted).collect();
        out.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
        out.reverse();
        out
    }

    /// The stories a session looks at: those after the session before it, up to the session
    /// itself — in the order of day, then when each was started or opened. So a story belongs to
    /// the first session after it, also when several sessions are held on one day.
    pub fn stories_for(&self, meeting: &Meeting) -> Vec<&Story> {
        let this = meeting.order_key();
        let previous = self
            .live_meetings()
            .into_iter()
            .map(Meeting::order_key)
            .filter(|k| *k < this)
            .max();
        self.live_stories()
            .into_iter()
            .filter(|s| {
                let (day, at) = s.order_key();
                let before_this = (day, at) <= (this.0, this.1);
                let after_previous = previous.is_none_or(|p| (day, at) > (p.0, p.1));
                before_this && after_previous
            })
            .collect()
    }

    /// The werkzame elementen of `stories`, counted under the team's synonyms.
    pub fn elements(&self, stories: &[&Story]) -> Vec<Counted> {
        count(
            stories.iter().map(|s| s.elements.as_slice()),
            &self.vocabulary(),
        )
    }

    /// The groepsdroom of a session: its statements not deleted, by cluster (unclustered
    /// last), then oldest first.
    pub fn dreams_for(&self, meeting_id: &str) -> Vec<&Dream> {
        let mut out: Vec<&Dream> = self
            .dreams
            .iter()
            .filter(|d| !d.deleted && d.meeting_id == meeting_id)
            .collect();
        out.sort_by_cached_key(|d| {
            let unclustered = u8::from(d.cluster.is_empty());
            let cluster = d.cluster.to_lowercase();
            format!(
                "{unclustered}{cluster}\u{0}{:020}{}",
                d.updated_at_ms.max(0),
                d.id
            )
        });
        out
    }

    /// Actions not deleted.
    pub fn live_actions(&self) -> Vec<&Action> {
        self.actions.iter().filter(|a| !a.deleted).collect()
    }
}

/// Where an action stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    #[default]
    Open,
    Bezig,
    Klaar,
}

impl ActionStatus {
    pub fn label(self) -> &'static str {
        match self {
            ActionStatus::Open => "Open",
            ActionStatus::Bezig => "Bezig",
            ActionStatus::Klaar => "Klaar",
        }
    }
}

/// A concrete action toward the groepsdroom: wat, wie, wanneer, status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Action {
    pub id: String,
    pub what: String,
    /// Team members who do it (user ids); at least one.
    pub owners: Vec<String>,
    /// `YYYY-MM-DD`.
    pub due: String,
    pub status: ActionStatus,
    /// The dream statement it serves, if any.
    pub serves: Option<String>,
    /// The team session it was agreed in, if any (set when made, never merged).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub meeting_id: String,
    pub updated_at_ms: i64,
    /// The server's version this copy builds on (see [`crate::merge`]).
    pub version: u64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
}

/// Soonest first, actions without a date last, then by id: one key type for every sort, so the
/// wasm carries one sort.
fn due_key(a: &Action) -> String {
    format!("{}{}\u{0}{}", u8::from(a.due.is_empty()), a.due, a.id)
}

impl Action {
    /// Not done and its day has passed (`today` is `YYYY-MM-DD`; ISO dates compare as text).
    pub fn overdue(&self, today: &str) -> bool {
        self.status != ActionStatus::Klaar && !self.due.is_empty() && self.due.as_str() < today
    }
}

/// The action board: open actions (not *klaar*), per owner, soonest first; an action of two
/// owners is on both their lists. Owners in the order given.
pub fn board<'a>(actions: &'a [Action], owners: &[String]) -> Vec<(String, Vec<&'a Action>)> {
    owners
        .iter()
        .map(|owner| {
            let mut mine: Vec<&Action> = actions
                .iter()
                .filter(|a| a.status != ActionStatus::Klaar && a.owners.contains(owner))
                .collect();
            mine.sort_by_cached_key(|a| due_key(a));
            (owner.clone(), mine)
        })
        .collect()
}

/// The fields of a [`Story`] that merge on their own.
pub const STORY_FIELDS: [&str; 20] = [
    "storyteller_id",
    "interviewer_id",
    "held_on",
    "title",
    "answer.trots.text",
    "answer.trots.keywords",
    "answer.uitdaging.text",
    "answer.uitdaging.keywords",
    "answer.doorbraak.text",
    "answer.doorbraak.keywords",
    "answer.gevoel.text",
    "answer.gevoel.keywords",
    "answer.krachten.text",
    "answer.krachten.keywords",
    "answer.verschil.text",
    "answer.verschil.keywords",
    "quotes",
    "elements",
    "compliments",
    "deleted",
];

/// The fields of a [`Meeting`] that merge on their own.
pub const MEETING_FIELDS: [&str; 3] = ["held_on", "title", "deleted"];

/// The fields of a [`Dream`] that merge on their own.
pub const DREAM_FIELDS: [&str; 4] = ["text", "cluster", "drawing", "deleted"];

/// The fields of a [`SynonymMerge`] that merge on their own.
pub const SYNONYM_FIELDS: [&str; 3] = ["variants", "name", "deleted"];

/// The fields of an [`Action`] that merge on their own.
pub const ACTION_FIELDS: [&str; 6] = ["what", "owners", "due", "status", "serves", "deleted"];

impl Story {
    pub fn answer(&self, question: &str) -> Option<&Answer> {
        self.answers.iter().find(|a| a.question == question)
    }

    fn answer_mut(&mut self, question: &str) -> &mut Answer {
        if let Some(i) = self.answers.iter().position(|a| a.question == question) {
            return &mut self.answers[i];
        }
        self.answers.push(Answer {
            question: question.to_owned(),
            ..Answer::default()
        });
        self.answers.last_mut().expect("just pushed")
    }
}

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

fn is_zero(v: &i64) -> bool {
    *v == 0
}

impl Story {
    /// Its place in time among the sessions: the day it was told, then when it was started.
    pub fn order_key(&self) -> (&str, i64) {
        let at = if self.created_at_ms > 0 {
            self.created_at_ms
        } else {
            self.updated_at_ms
        };
        (&self.held_on, at)
    }
}

impl Meeting {
    /// Its place in time: its day, then when it was opened, then (only to break a perfect tie)
    /// its id.
    pub fn order_key(&self) -> (&str, i64, &str) {
        let at = if self.created_at_ms > 0 {
            self.created_at_ms
        } else {
            self.updated_at_ms
        };
        (&self.held_on, at, &self.id)
    }
}

impl Record for Story {
    fn fields() -> &'static [&'static str] {
        &STORY_FIELDS
    }

    fn field(&self, name: &str) -> Option<Value> {
        let parts: Vec<&str> = name.split('.').collect();
        Some(match parts.as_slice() {
            ["storyteller_id"] => Value::Text(self.storyteller_id.clone()),
            ["interviewer_id"] => Value::Text(self.interviewer_id.clone()),
            ["held_on"] => Value::Text(self.held_on.clone()),
            ["title"] => Value::Text(self.title.clone()),
            ["quotes"] => Value::Words(self.quotes.clone()),
            ["elements"] => Value::Words(self.elements.clone()),
            ["compliments"] => Value::Compliments(self.compliments.clone()),
            ["deleted"] => Value::Flag(self.deleted),
            ["answer", q, what] if leidraad_question(q).is_some() => {
                let answer = self.answer(q);
                match *what {
                    "text" => Value::Text(answer.map(|a| a.text.clone()).unwrap_or_default()),
                    "keywords" => {
                        Value::Words(answer.map(|a| a.keywords.clone()).unwrap_or_default())
                    }
                    _ => return None,
                }
            }
            _ => return None,
        })
    }

    fn set_field(&mut self, name: &str, value: Value) -> bool {
        let parts: Vec<&str> = name.split('.').collect();
        match (parts.as_slice(), value) {
            (["storyteller_id"], Value::Text(v)) => self.storyteller_id = v,
            (["interviewer_id"], Value::Text(v)) => self.interviewer_id = v,
            (["held_on"], Value::Text(v)) => self.held_on = v,
            (["title"], Value::Text(v)) => self.title = v,
            (["quotes"], Value::Words(v)) => self.quotes = v,
            (["elements"], Value::Words(v)) => self.elements = v,
            (["compliments"], Value::Compliments(v)) => self.compliments = v,
            (["deleted"], Value::Flag(v)) => self.deleted = v,
            (["answer", q, "text"], Value::Text(v)) if leidraad_question(q).is_some() => {
                self.answer_mut(q).text = v;
            }
            (["answer", q, "keywords"], Value::Words(v)) if leidraad_question(q).is_some() => {
                self.answer_mut(q).keywords = v;
            }
            _ => return false,
        }
        true
    }

    record_common!();
}

impl Record for Action {
    fn fields() -> &'static [&'static str] {
        &ACTION_FIELDS
    }

    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "what" => Value::Text(self.what.clone()),
            "owners" => Value::Words(self.owners.clone()),
            "due" => Value::Text(self.due.clone()),
            "status" => Value::ActionStatus(self.status),
            "serves" => Value::Text(self.serves.clone().unwrap_or_default()),
            "deleted" => Value::Flag(self.deleted),
            _ => return None,
        })
    }

    fn set_field(&mut self, name: &str, value: Value) -> bool {
        match (name, value) {
            ("what", Value::Text(v)) => self.what = v,
            ("owners", Value::Words(v)) => self.owners = v,
            ("due", Value::Text(v)) => self.due = v,
            ("status", Value::ActionStatus(v)) => self.status = v,
            ("serves", Value::Text(v)) => self.serves = (!v.is_empty()).then_some(v),
            ("deleted", Value::Flag(v)) => self.deleted = v,
            _ => return false,
        }
        true
    }

    record_common!();
}

impl Record for Meeting {
    fn fields() -> &'static [&'static str] {
        &MEETING_FIELDS
    }

    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "held_on" => Value::Text(self.held_on.clone()),
            "title" => Value::Text(self.title.clone()),
            "deleted" => Value::Flag(self.deleted),
            _ => return None,
        })
    }

    fn set_field(&mut self, name: &str, value: Value) -> bool {
        match (name, value) {
            ("held_on", Value::Text(v)) => self.held_on = v,
            ("title", Value::Text(v)) => self.title = v,
            ("deleted", Value::Flag(v)) => self.deleted = v,
            _ => return false,
        }
        true
    }

    record_common!();
}

impl Record for Dream {
    fn fields() -> &'static [&'static str] {
        &DREAM_FIELDS
    }

    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "text" => Value::Text(self.text.clone()),
            "cluster" => Value::Text(self.cluster.clone()),
            "drawing" => Value::Text(self.drawing.clone()),
            "deleted" => Value::Flag(self.deleted),
            _ => return None,
        })
    }

    fn set_field(&mut self, name: &str, value: Value) -> bool {
        match (name, value) {
            ("text", Value::Text(v)) => self.text = v,
            ("cluster", Value::Text(v)) => self.cluster = v,
            ("drawing", Value::Text(v)) => self.drawing = v,
            ("deleted", Value::Flag(v)) => self.deleted = v,
            _ => return false,
        }
        true
    }

    record_common!();
}

impl Record for SynonymMerge {
    fn fields() -> &'static [&'static str] {
        &SYNONYM_FIELDS
    }

    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "variants" => Value::Words(self.variants.clone()),
            "name" => Value::Text(self.name.clone()),
            "deleted" => Value::Flag(self.deleted),
            _ => return None,
        })
    }

    fn set_field(&mut self, name: &str, value: Value) -> bool {
        match (name, value) {
            ("variants", Value::Words(v)) => self.variants = v,
            ("name", Value::Text(v)) => self.name = v,
            ("deleted", Value::Flag(v)) => self.deleted = v,
            _ => return false,
        }
        true
    }

    record_common!();
}

/// What a team session brought: the stories it looked at, the werkzame elementen counted in
/// them, the groepsdroom and the actions agreed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionSummary<'a> {
    pub meeting: &'a Meeting,
    pub stories: Vec<&'a Story>,
    pub elements: Vec<Counted>,
    pub dreams: Vec<&'a Dream>,
    pub actions: Vec<&'a Action>,
}

impl TeamData {
    /// The summary of `meeting`.
    pub fn summary<'a>(&'a self, meeting: &'a Meeting) -> SessionSummary<'a> {
        let stories = self.stories_for(meeting);
        let elements = self.elements(&stories);
        let mut actions: Vec<&Action> = self
            .live_actions()
            .into_iter()
            .filter(|a| a.meeting_id == meeting.id)
            .collect();
        actions.sort_by_cached_key(|a| due_key(a));
        SessionSummary {
            meeting,
            stories,
            elements,
            dreams: self.dreams_for(&meeting.id),
            actions,
        }
    }
}

/// The summary as CSV for a spreadsheet (`;`-separated, as Dutch spreadsheets expect, with a
/// byte-order mark so accents survive): one row per story, element, dream statement and action.
/// `name` turns a user id into a name.
pub fn summary_csv(summary: &SessionSummary<'_>, name: &dyn Fn(&str) -> String) -> String {
    let mut rows: Vec<[String; 7]> = vec![[
        "onderdeel".into(),
        "tekst".into(),
        "wie".into(),
        "datum".into(),
        "status".into(),
        "groep of hoort bij".into(),
        "aantal verhalen".into(),
    ]];
    for s in &summary.stories {
        rows.push([
            "verhaal".into(),
            s.title.clone(),
            name(&s.storyteller_id),
            s.held_on.clone(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    for e in &summary.elements {
        rows.push([
            "werkzaam element".into(),
            e.name.clone(),
            String::new(),
            String::new(),
            String::new(),
            e.variants.join(", "),
            e.stories.to_string(),
        ]);
    }
    for d in &summary.dreams {
        rows.push([
            "droom".into(),
            if d.text.is_empty() {
                "(tekening)".into()
            } else {
                d.text.clone()
            },
            name(&d.author_id),
            String::new(),
            String::new(),
            d.cluster.clone(),
            String::new(),
        ]);
    }
    for a in &summary.actions {
        let serves = a
            .serves
            .as_ref()
            .and_then(|id| summary.dreams.iter().find(|d| d.id == *id))
            .map(|d| d.text.clone())
            .unwrap_or_default();
        rows.push([
            "actie".into(),
            a.what.clone(),
            a.owners
                .iter()
                .map(|o| name(o))
                .collect::<Vec<_>>()
                .join(", "),
            a.due.clone(),
            a.status.label().into(),
            serves,
            String::new(),
        ]);
    }
    crate::csv::document(rows)
}

/// Who may write what of a team record (issue 15): what the server stores after a push
/// (`merged`, the merge with what it held, `current`) must not put words in a colleague's
/// mouth. `user` pushed it; `is_lead` says whether they lead the team. `Err` carries a Dutch
/// sentence; nothing is stored then.
pub mod authorship {
    use super::{Dream, Story};

    const NOT_YOURS: &str = "Je kunt alleen iets namens jezelf schrijven";

    /// A story: a new one is written by its interviewer or its storyteller; an existing one
    /// keeps its interviewer, only the interviewer changes who tells, and only those two change
    /// what it says. Anyone in the team adds a compliment in their own name; a compliment is
    /// changed or taken away only by whoever wrote it.
    pub fn story(current: Option<&Story>, merged: &Story, user: &str) -> Result<(), String> {
        let teller_or_asker = |s: &Story| s.interviewer_id == user || s.storyteller_id == user;
        match current {
            None => {
                if !teller_or_asker(merged) {
                    return Err(format!(
                        "{NOT_YOURS}: een nieuw verhaal schrijf je als interviewer of verteller."
                    ));
                }
            }
            Some(current) => {
                if !current.interviewer_id.is_empty()
                    && merged.interviewer_id != current.interviewer_id
                {
                    return Err(format!("{NOT_YOURS}: wie interviewde, blijft hetzelfde."));
                }
                if merged.storyteller_id != current.storyteller_id
                    && current.interviewer_id != user
                    && !current.interviewer_id.is_empty()
                {
                    return Err(format!(
                        "{NOT_YOURS}: alleen wie interviewde, kiest wie vertelt."
                    ));
                }
                let content = |s: &Story| {
                    let mut s = s.clone();
                    s.compliments.clear();
                    s.conflicts.clear();
                    // A merge writes every leidraad question; an empty answer is no answer.
                    s.answers
                        .retain(|a| !a.text.is_empty() || !a.keywords.is_empty());
                    s.answers.sort_by(|a, b| a.question.cmp(&b.question));
                    s.version = 0;
                    s.updated_at_ms = 0;
                    s
                };
                if content(current) != content(merged) && !teller_or_asker(current) {
                    return Err(format!(
                        "{NOT_YOURS}: een verhaal verandert alleen wie het vertelde of opschreef. \
                         Een compliment geven kan wel."
                    ));
                }
            }
        }
        let before = current.map_or(&[][..], |c| c.compliments.as_slice());
        for c in before.iter().filter(|c| c.author_id != user) {
            if !merged.compliments.contains(c) {
                return Err(format!(
                    "{NOT_YOURS}: het compliment van een collega verander of verwijder je niet."
                ));
            }
        }
        for c in merged.compliments.iter().filter(|c| !before.contains(c)) {
            if c.author_id != user {
                return Err(format!(
                    "{NOT_YOURS}: een compliment geef je in je eigen naam."
                ));
            }
        }
        Ok(())
    }

    /// A statement of the groepsdroom: a new one is written in the writer's own name; only
    /// its author changes its words or drawing; its author or the team lead takes it away (or
    /// back); anyone in the team puts it in a group.
    pub fn dream(
        current: Option<&Dream>,
        merged: &Dream,
        user: &str,
        is_lead: bool,
    ) -> Result<(), String> {
        let Some(current) = current else {
            return if merged.author_id == user {
                Ok(())
            } else {
                Err(format!(
                    "{NOT_YOURS}: een droom schrijf je in je eigen naam."
                ))
            };
        };
        if merged.author_id != current.author_id {
            return Err(format!(
                "{NOT_YOURS}: wie een droom schreef, blijft hetzelfde."
            ));
        }
        let author = current.author_id == user;
        if (merged.text != current.text || merged.drawing != current.drawing) && !author {
            return Err(format!(
                "{NOT_YOURS}: alleen wie de droom schreef, verandert de woorden of de tekening."
            ));
        }
        if merged.deleted != current.deleted && !author && !is_lead {
            return Err(format!(
                "{NOT_YOURS}: alleen wie de droom schreef of de teamleider haalt hem weg."
            ));
        }
        Ok(())
    }
}
