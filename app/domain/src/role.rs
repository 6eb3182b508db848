//! Who someone is in Werkzaam: a worker, a team lead or an administrator.

use serde::{Deserialize, Serialize};

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
