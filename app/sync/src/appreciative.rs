//! The team's own learning loop of seed 000, *Waarderen van wat werkt* (issue 5): the
//! **waarderend interview**, the **werkzame elementen** named in it, the **groepsdroom** and the
//! **acties**. This module holds the records and their rules; it knows nothing of storage or
//! screens.

use serde::{Deserialize, Serialize};

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
