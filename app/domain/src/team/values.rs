//! Values of team records that [`crate::merge::Value`] holds: kept apart from the records, so
//! the merge rules need no record (and no record module is needed to merge).

use serde::{Deserialize, Serialize};

/// A short compliment of a colleague on a story (seed 003: "je moet elkaar leren complimenten te
/// maken"); the storyteller sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Compliment {
    pub author_id: String,
    pub text: String,
    pub at_ms: i64,
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
