//! The team's own learning loop of seed 000, *Waarderen van wat werkt* (issue 5): the
//! **waarderend interview**, the **werkzame elementen** named in it, the **groepsdroom** and the
//! **acties**. This module holds the records and their rules; it knows nothing of storage or
//! screens.
//!
//!
//! One file per record: [`story`], [`action`], [`dream`], [`meeting`], [`synonyms`]; the values
//! merge compares in [`values`]; a session's summary in [`summary`]. Here: a record of any kind
//! ([`TeamRecord`]) and everything a device holds of the team ([`TeamData`]).

use crate::rules::vocabulary::{count, Counted, Synonyms};

fn is_zero(v: &i64) -> bool {
    *v == 0
}

mod action;
mod advice;
mod dream;
mod lesson;
mod meeting;
mod round;
mod story;
mod summary;
mod synonyms;
pub mod values;

pub use action::{board, Action, ACTION_FIELDS};
pub use advice::{Advice, Reply, ADVICE_FIELDS, REPLY_FIELDS};
pub use dream::{Dream, DREAM_FIELDS};
pub use lesson::{Lesson, LESSON_FIELDS};
pub use meeting::{Meeting, MEETING_FIELDS};
pub use round::{
    date_of, date_of_ms, day_number, dialogues_count, progress, record_blocks, record_pdf,
    Conclusions, Rhythm, Round, RoundDialogue, RoundPhase, RoundProgress, TeamQuestion, INVITATION,
    ROUND_FIELDS,
};
pub use story::{leidraad_question, Answer, Story, LEIDRAAD, STORY_FIELDS};
pub use summary::{summary_csv, SessionSummary};
pub use synonyms::{SynonymMerge, SYNONYM_FIELDS};
pub use values::{ActionStatus, Compliment};

/// One record of the team's learning loop, whichever kind: what a device saves and sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TeamRecord {
    Story(Story),
    Action(Action),
    Dream(Dream),
    Meeting(Meeting),
    Synonym(SynonymMerge),
    Round(Round),
    Advice(Advice),
    Reply(Reply),
    Lesson(Lesson),
}

impl TeamRecord {
    pub fn id(&self) -> &str {
        match self {
            TeamRecord::Story(r) => &r.id,
            TeamRecord::Action(r) => &r.id,
            TeamRecord::Dream(r) => &r.id,
            TeamRecord::Meeting(r) => &r.id,
            TeamRecord::Synonym(r) => &r.id,
            TeamRecord::Round(r) => &r.id,
            TeamRecord::Advice(r) => &r.id,
            TeamRecord::Reply(r) => &r.id,
            TeamRecord::Lesson(r) => &r.id,
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
            TeamRecord::Round(_) => "round",
            TeamRecord::Advice(_) => "advice",
            TeamRecord::Reply(_) => "reply",
            TeamRecord::Lesson(_) => "lesson",
        }
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
            TeamRecord::Round(r) => r
                .participants
                .iter()
                .chain(&r.shown)
                .map(String::as_str)
                .collect(),
            TeamRecord::Advice(a) => vec![a.author_id.as_str()],
            TeamRecord::Reply(r) => vec![r.author_id.as_str()],
            // A colleague's copy of an anonymous leerpunt has no author: it names no one.
            TeamRecord::Lesson(l) if l.author_id.is_empty() => Vec::new(),
            TeamRecord::Lesson(l) => vec![l.author_id.as_str()],
            TeamRecord::Meeting(_) | TeamRecord::Synonym(_) => Vec::new(),
        }
    }

    /// Only a team lead may write it: sessions and synonym merges. (A round is the lead's too,
    /// but a member shows her own count in it: [`crate::rules::authorship::round`].)
    pub fn lead_only(&self) -> bool {
        matches!(self, TeamRecord::Meeting(_) | TeamRecord::Synonym(_))
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
            TeamRecord::Round(r) => put(&mut self.rounds, r, |r| &r.id),
            TeamRecord::Advice(r) => put(&mut self.advice, r, |r| &r.id),
            TeamRecord::Reply(r) => put(&mut self.replies, r, |r| &r.id),
            TeamRecord::Lesson(r) => put(&mut self.lessons, r, |r| &r.id),
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
    pub rounds: Vec<Round>,
    pub advice: Vec<Advice>,
    pub replies: Vec<Reply>,
    pub lessons: Vec<Lesson>,
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

    /// Rounds not deleted, the latest period first.
    pub fn live_rounds(&self) -> Vec<&Round> {
        let mut out: Vec<&Round> = self.rounds.iter().filter(|r| !r.deleted).collect();
        out.sort_by(|a, b| {
            (&b.starts_on, b.created_at_ms, &b.id).cmp(&(&a.starts_on, a.created_at_ms, &a.id))
        });
        out
    }

    /// The round a member's start screen shows on `today`: one that runs (the latest begun),
    /// else the next one planned, else one whose STAP 3 meeting is still to come.
    pub fn current_round(&self, today: &str) -> Option<&Round> {
        let rounds = self.live_rounds();
        let phase = |p: RoundPhase| rounds.iter().copied().filter(move |r| r.phase(today) == p);
        phase(RoundPhase::Running)
            .next()
            .or_else(|| phase(RoundPhase::Planned).next_back())
            .or_else(|| phase(RoundPhase::ToDiscuss).next())
    }

    /// Questions to the team not taken away, the newest first.
    pub fn live_advice(&self) -> Vec<&Advice> {
        let mut out: Vec<&Advice> = self.advice.iter().filter(|a| !a.deleted).collect();
        out.sort_by(|a, b| (b.created_at_ms, &b.id).cmp(&(a.created_at_ms, &a.id)));
        out
    }

    /// The answers to a question not taken away, the oldest first.
    pub fn replies_to(&self, advice_id: &str) -> Vec<&Reply> {
        let mut out: Vec<&Reply> = self
            .replies
            .iter()
            .filter(|r| !r.deleted && r.advice_id == advice_id)
            .collect();
        out.sort_by(|a, b| (a.created_at_ms, &a.id).cmp(&(b.created_at_ms, &b.id)));
        out
    }

    /// Leerpunten not taken away, the newest first.
    pub fn live_lessons(&self) -> Vec<&Lesson> {
        let mut out: Vec<&Lesson> = self.lessons.iter().filter(|l| !l.deleted).collect();
        out.sort_by(|a, b| (b.created_at_ms, &b.id).cmp(&(a.created_at_ms, &a.id)));
        out
    }

    /// What the team learned from the leerpunten `round` picked up, in the order picked: each
    /// one's *dit leer ik ervan* (or what went wrong when that is empty); never who wrote it.
    pub fn picked_lessons(&self, round: &Round) -> Vec<String> {
        round
            .lessons
            .iter()
            .filter_map(|id| self.lessons.iter().find(|l| &l.id == id && !l.deleted))
            .map(|l| {
                if l.learned.trim().is_empty() {
                    l.what_happened.clone()
                } else {
                    l.learned.clone()
                }
            })
            .collect()
    }

    /// Actions not deleted.
    pub fn live_actions(&self) -> Vec<&Action> {
        self.actions.iter().filter(|a| !a.deleted).collect()
    }
}
