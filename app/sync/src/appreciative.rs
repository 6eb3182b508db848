//! The team's own learning loop of seed 000, *Waarderen van wat werkt* (issue 5): the
//! **waarderend interview**, the **werkzame elementen** named in it, the **groepsdroom** and the
//! **acties**. This module holds the records and their rules; it knows nothing of storage or
//! screens.

use serde::{Deserialize, Serialize};

use crate::merge::{Conflict, Record, Value};

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
    pub updated_at_ms: i64,
    /// The server's version this copy builds on (see [`crate::merge`]).
    pub version: u64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
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
    pub updated_at_ms: i64,
    /// The server's version this copy builds on (see [`crate::merge`]).
    pub version: u64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
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
            mine.sort_by(|a, b| {
                let key = |x: &Action| (x.due.is_empty(), x.due.clone(), x.id.clone());
                key(a).cmp(&key(b))
            });
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
