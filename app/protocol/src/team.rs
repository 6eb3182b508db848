//! The team over the wire: its members, and what the team lead's overview shows.

use serde::{Deserialize, Serialize};

use werkzaam_domain::{Dialogue, Role};

/// A colleague in the worker's team: whom an interview is with, who does an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub user_id: String,
    pub display_name: String,
    pub role: Role,
    /// Switched off by an administrator: still named on what she wrote, never invited to a
    /// round or an interview.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub disabled: bool,
}

/// One dialogue in the team lead's overview: only what the client's consent covers (see
/// [`werkzaam_domain::rules::consent::shared_view`]).
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
    pub alerts: Vec<werkzaam_domain::review::Alert>,
    /// How many shared dialogues there are in all.
    #[serde(default)]
    pub total: usize,
    /// Whether a next page follows (`?pagina=` one more).
    #[serde(default)]
    pub more: bool,
}

/// Shared dialogues per page of the team lead's overview.
pub const TEAM_PAGE: usize = 100;
