//! A success story told in a **waarderend interview**: the leidraad's questions and their
//! answers, the werkzame elementen the storyteller names, compliments of colleagues.

use serde::{Deserialize, Serialize};

use super::is_zero;
use super::values::Compliment;
use crate::merge::{record_common, Conflict, Record, Value};

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
