//! The team: its members, how far it is in a dialoogronde, and for the team lead the dialogues
//! shared with the team (paged, with the alerts) and one of them.

use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::Router;
use werkzaam_protocol::team::{TeamDialogue, TeamMember, TeamOverview};

use crate::error::ApiError;
use crate::extract::{AppJson, CurrentUser, TeamLead};
use crate::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/team/leden", get(team_members))
        .route("/api/team/dialogen", get(team_dialogues))
        .route("/api/team/dialogen/{id}", get(team_dialogue))
        .route("/api/team/rondes/{id}/voortgang", get(round_progress))
}

/// A round of the user's team with its progress (404 for another team's or a deleted one).
async fn round_with_progress(
    state: &AppState,
    user: &crate::store::User,
    id: &str,
) -> Result<
    (
        werkzaam_domain::team::Round,
        werkzaam_domain::team::RoundProgress,
    ),
    ApiError,
> {
    // Not an id at all (a NUL byte, a quote): no round, and never a query PostgreSQL refuses.
    werkzaam_domain::rules::validate::record_id(id)
        .map_err(|_| ApiError::NotFound("Deze dialoogronde bestaat niet in jouw team.".into()))?;
    let round = state
        .db
        .round(&user.team_id, id)
        .await?
        .filter(|r| !r.deleted)
        .ok_or_else(|| ApiError::NotFound("Deze dialoogronde bestaat niet in jouw team.".into()))?;
    let held = state
        .db
        .held_between(&user.team_id, &round.starts_on, &round.ends_on)
        .await?;
    let members = state.db.team_members(&user.team_id).await?;
    let name = |id: &str| {
        members
            .iter()
            .find(|m| m.user_id == id)
            .map(|m| m.display_name.clone())
    };
    let progress = werkzaam_domain::team::progress(
        &round,
        held.iter().map(
            |(owner, held_on, shared)| werkzaam_domain::team::RoundDialogue {
                owner,
                held_on,
                shared: *shared,
            },
        ),
        name,
    );
    Ok((round, progress))
}

/// How far the team is in a dialoogronde: counted for the team; a member's own count only when
/// she chose to show it. Any member of the round's team may ask; another team hears it does not
/// exist.
async fn round_progress(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<AppJson<werkzaam_domain::team::RoundProgress>, ApiError> {
    Ok(AppJson(round_with_progress(&state, &user, &id).await?.1))
}

/// The colleagues of the user's team (any member may ask: stories and actions name them).
async fn team_members(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<AppJson<Vec<TeamMember>>, ApiError> {
    Ok(AppJson(state.db.team_members(&user.team_id).await?))
}

async fn team_dialogues(
    State(state): State<AppState>,
    TeamLead(user): TeamLead,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Result<AppJson<TeamOverview>, ApiError> {
    let page = match query.get("pagina") {
        None => 0,
        Some(p) => p
            .parse::<usize>()
            .ok()
            .filter(|p| *p < 100_000)
            .ok_or_else(|| {
                ApiError::BadRequest("De pagina is een getal vanaf 0 (?pagina=0).".into())
            })?,
    };
    let mut dialogues = state.db.shared_team_dialogues(&user.team_id).await?;
    // The alerts on each client's latest shared dialogue (issue 6).
    let thresholds = state.db.thresholds(&user.team_id).await?;
    let shared: Vec<werkzaam_domain::Dialogue> =
        dialogues.iter().map(|t| t.dialogue.clone()).collect();
    let mut latest: std::collections::BTreeMap<&str, &str> = std::collections::BTreeMap::new();
    for d in &shared {
        let day = latest.entry(&d.client_code).or_insert(&d.held_on);
        if d.held_on.as_str() > *day {
            *day = &d.held_on;
        }
    }
    let mut alerts: Vec<werkzaam_domain::review::Alert> =
        werkzaam_domain::review::alerts(&shared, &thresholds)
            .into_iter()
            .filter(|a| latest.get(a.client_code.as_str()) == Some(&a.held_on.as_str()))
            .collect();
    // Newest first; the alerts of one dialogue stay in their order (drop, low, divergence).
    alerts.sort_by_cached_key(|a| std::cmp::Reverse(format!("{}{}", a.held_on, a.client_code)));
    // One page of the list goes out (and only what goes out is in the access log).
    let total = dialogues.len();
    let start = (page * werkzaam_protocol::team::TEAM_PAGE).min(total);
    let end = (start + werkzaam_protocol::team::TEAM_PAGE).min(total);
    let dialogues: Vec<_> = dialogues.drain(start..end).collect();
    let seen: Vec<(String, String)> = dialogues
        .iter()
        .map(|t| (t.dialogue.id.clone(), t.dialogue.client_code.clone()))
        .collect();
    state
        .db
        .log_access(&user, "bekijken", "overzicht", &seen)
        .await?;
    Ok(AppJson(TeamOverview {
        team_name: user.team_name,
        dialogues,
        alerts,
        total,
        more: end < total,
    }))
}

/// One dialogue of the team, as far as the client's consent covers it. Asking for one without
/// consent is refused (403), not answered with an empty dialogue.
async fn team_dialogue(
    State(state): State<AppState>,
    TeamLead(user): TeamLead,
    Path(id): Path<String>,
) -> Result<AppJson<TeamDialogue>, ApiError> {
    let missing = || ApiError::NotFound("Deze dialoog bestaat niet in jouw team.".into());
    werkzaam_domain::rules::validate::record_id(&id).map_err(|_| missing())?;
    let stored = state.db.dialogue(&id).await?.ok_or_else(missing)?;
    if stored.team_id != user.team_id {
        return Err(missing());
    }
    match stored.shared() {
        Some(item) => {
            tracing::info!(user = %user.id, dialogue = %id, "team lead read a shared dialogue");
            state
                .db
                .log_access(
                    &user,
                    "bekijken",
                    "dialoog",
                    &[(id.clone(), item.dialogue.client_code.clone())],
                )
                .await?;
            Ok(AppJson(item))
        }
        None => {
            tracing::warn!(user = %user.id, dialogue = %id, "refused: no consent");
            Err(ApiError::NoConsent)
        }
    }
}
