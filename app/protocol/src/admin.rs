//! The administrator's views (accounts, teams, the access log, the retention period) and the
//! access log's events as they travel.

use serde::{Deserialize, Serialize};

use werkzaam_domain::variant::Variant;
use werkzaam_domain::Role;

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
    /// The team's Dutch: its workers and their clients read its words.
    #[serde(default)]
    pub variant: Variant,
}

/// `POST /api/beheer/teams`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewTeam {
    pub name: String,
    #[serde(default)]
    pub variant: Variant,
}

/// `PUT /api/beheer/teams/{id}`: what an administrator changes of a team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamSettings {
    pub variant: Variant,
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

/// `GET`/`PUT /api/beheer/bewaartermijn`: how many years dialogues are kept (`None`: no limit,
/// the default). On `PUT` the server answers with how many it erased right away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    pub years: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub erased: Option<usize>,
}
