//! The first-run path: a demo team so a newcomer can log in at once.

use werkzaam_domain::variant::Variant;
use werkzaam_domain::Role;

use crate::auth::hash_password;
use crate::clock::new_id;
use crate::error::ApiError;
use crate::store::Db;

/// One demo account, as printed for the newcomer.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub email: &'static str,
    pub name: &'static str,
    pub role: Role,
    pub team: &'static str,
    /// The team's Dutch: Wijkteam Gent speaks Flemish (decision 22).
    pub variant: Variant,
}

pub const ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        email: "teamleider@noord.demo",
        name: "Tamara",
        role: Role::Teamleider,
        team: "Wijkteam Noord",
        variant: Variant::NlNl,
    },
    DemoAccount {
        email: "anna@noord.demo",
        name: "Anna",
        role: Role::Medewerker,
        team: "Wijkteam Noord",
        variant: Variant::NlNl,
    },
    DemoAccount {
        email: "bram@noord.demo",
        name: "Bram",
        role: Role::Medewerker,
        team: "Wijkteam Noord",
        variant: Variant::NlNl,
    },
    DemoAccount {
        email: "teamleider@zuid.demo",
        name: "Zoë",
        role: Role::Teamleider,
        team: "Wijkteam Zuid",
        variant: Variant::NlNl,
    },
    DemoAccount {
        email: "sem@zuid.demo",
        name: "Sem",
        role: Role::Medewerker,
        team: "Wijkteam Zuid",
        variant: Variant::NlNl,
    },
    DemoAccount {
        email: "teamleider@gent.demo",
        name: "Jens",
        role: Role::Teamleider,
        team: "Wijkteam Gent",
        variant: Variant::NlBe,
    },
    DemoAccount {
        email: "lotte@gent.demo",
        name: "Lotte",
        role: Role::Medewerker,
        team: "Wijkteam Gent",
        variant: Variant::NlBe,
    },
    DemoAccount {
        email: "beheer@werkzaam.demo",
        name: "Bas (beheer)",
        role: Role::Beheerder,
        team: "Beheer",
        variant: Variant::NlNl,
    },
];

/// Seeds the demo teams when the database has no team yet. Returns the password used, or
/// `None` when the database was not empty (nothing is changed then).
pub async fn seed(db: &Db, password: Option<String>) -> Result<Option<String>, ApiError> {
    if db.count_teams().await? > 0 {
        return Ok(None);
    }
    let password = password.unwrap_or_else(|| new_id()[..12].to_owned());
    let hash = {
        let password = password.clone();
        tokio::task::spawn_blocking(move || hash_password(&password))
            .await
            .map_err(|e| ApiError::internal("hash", e))??
    };
    let mut teams: Vec<(&str, String)> = Vec::new();
    for account in ACCOUNTS {
        let team_id = match teams.iter().find(|(name, _)| *name == account.team) {
            Some((_, id)) => id.clone(),
            None => {
                let id = db.create_team(account.team, account.variant).await?;
                teams.push((account.team, id.clone()));
                id
            }
        };
        db.create_user(&team_id, account.email, account.name, account.role, &hash)
            .await?;
    }
    Ok(Some(password))
}
