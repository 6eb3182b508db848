//! What a team session brought, and its CSV for a spreadsheet.

use super::action::due_key;
use super::{Action, Dream, Meeting, Story, TeamData};
use crate::rules::vocabulary::Counted;

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
