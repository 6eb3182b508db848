//! The administrator's routes (`beheerder`, issue 7): accounts and teams, the whole access
//! log with its export, and the retention period (AVG). Nothing here returns client content: no dialogue, story or drawing, only
//! who did what, when, and to which record and client code (the NEN 7513 fields). Every route
//! takes [`Admin`]; every client-content route elsewhere takes `CurrentUser`, which refuses an
//! administrator.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post, put};
use axum::Router;
use werkzaam_protocol::admin::{
    AdminTeam, AdminUser, LoggedAccess, NewTeam, NewUser, Retention, TeamSettings,
};

use crate::auth;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::export::access_log::access_log_to_csv;
use crate::extract::{Admin, AppJson};
use crate::services::retention::{apply_retention, MAX_RETENTION_YEARS};
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/beheer/gebruikers", get(users).post(create_user))
        .route("/api/beheer/gebruikers/{id}/uitschakelen", post(disable))
        .route("/api/beheer/gebruikers/{id}/inschakelen", post(enable))
        .route("/api/beheer/teams", get(teams).post(create_team))
        .route("/api/beheer/teams/{id}", put(change_team))
        .route("/api/beheer/toegang", get(access_log))
        .route("/api/beheer/toegang.csv", get(access_log_csv))
        .route(
            "/api/beheer/bewaartermijn",
            get(retention).put(set_retention),
        )
        .route("/api/beheer/avg/inzage", get(avg_inzage))
        .route("/api/beheer/avg/wissen", post(avg_erase))
}

/// A client's AVG request as the administrator handles it: the team, the client code and the
/// request's reference (kenmerk), which goes into the access log as on whose behalf.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct AvgRequest {
    team: String,
    code: String,
    kenmerk: String,
}

impl AvgRequest {
    /// Checks the request; returns the team's name and the words for the log.
    async fn check(&self, state: &AppState) -> Result<String, ApiError> {
        werkzaam_domain::rules::validate::client_code(&self.code)
            .map_err(|e| ApiError::BadRequest(e.message))?;
        let kenmerk = self.kenmerk.trim();
        if kenmerk.is_empty() || kenmerk.chars().count() > 80 {
            return Err(ApiError::BadRequest(
                "Vul het kenmerk van het verzoek van de cliënt in (1 tot 80 tekens).".into(),
            ));
        }
        if !state
            .db
            .all_teams()
            .await?
            .iter()
            .any(|t| t.id == self.team)
        {
            return Err(ApiError::BadRequest("Dit team bestaat niet.".into()));
        }
        Ok(format!("cliënt, verzoek {kenmerk}"))
    }
}

/// AVG inzage at a client's request: everything stored about one client code of a team, as one
/// JSON file. The one route where an administrator receives client content — only with the
/// request's reference, and every dialogue in it is logged as exported on the client's behalf.
async fn avg_inzage(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Query(request): Query<AvgRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let behalf = request.check(&state).await?;
    let dialogues = state
        .db
        .team_client_dialogues(&request.team, &request.code)
        .await?;
    // Every dialogue handed over is logged; the request itself also when there is none.
    let mut records: Vec<(String, String)> = dialogues
        .iter()
        .map(|d| (d.id.clone(), d.client_code.clone()))
        .collect();
    if records.is_empty() {
        records.push((String::new(), request.code.clone()));
    }
    state
        .db
        .log_access_as(
            &admin,
            &request.team,
            "exporteren",
            "inzage",
            &records,
            Some(&behalf),
        )
        .await?;
    if dialogues.is_empty() {
        return Err(ApiError::NotFound(
            "Dit team heeft geen gegevens met deze cliëntcode.".into(),
        ));
    }
    let access = state
        .db
        .access_about_client(&request.team, &request.code)
        .await?;
    let body = serde_json::json!({
        "client_code": request.code,
        "exported_at_ms": now_ms(),
        "exported_by": admin.display_name,
        "request": request.kenmerk.trim(),
        "dialogues": dialogues,
        "access": access,
    });
    Ok((
        [
            (CONTENT_TYPE, "application/json".to_owned()),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"inzage.json\"".to_owned(),
            ),
        ],
        body.to_string(),
    ))
}

/// AVG erasure at a client's request: everything of one client code of a team, on the server
/// and (through the sync) on every device. The administrator sees only the counts.
async fn avg_erase(
    State(state): State<AppState>,
    Admin(admin): Admin,
    AppJson(request): AppJson<AvgRequest>,
) -> Result<AppJson<werkzaam_protocol::sync::ErasureReport>, ApiError> {
    let behalf = request.check(&state).await?;
    let report = state
        .db
        .erase_team_client(&request.team, &request.code, &admin, &behalf)
        .await?;
    tracing::info!(admin = %admin.id, dialogues = report.dialogues, "AVG erasure by an administrator");
    Ok(AppJson(report))
}

async fn retention(
    State(state): State<AppState>,
    Admin(_): Admin,
) -> Result<AppJson<Retention>, ApiError> {
    Ok(AppJson(Retention {
        years: state.db.retention().await?.map(|(y, _)| y),
        erased: None,
    }))
}

/// Sets the retention period (1..=30 years, or `null` for none) and applies it at once.
async fn set_retention(
    State(state): State<AppState>,
    Admin(admin): Admin,
    AppJson(setting): AppJson<Retention>,
) -> Result<AppJson<Retention>, ApiError> {
    if setting
        .years
        .is_some_and(|y| !(1..=MAX_RETENTION_YEARS).contains(&y))
    {
        return Err(ApiError::BadRequest(
            "Kies een bewaartermijn van 1 tot 30 jaar, of geen.".into(),
        ));
    }
    state.db.set_retention(setting.years, &admin).await?;
    tracing::info!(admin = %admin.id, years = ?setting.years, "retention set");
    let erased = apply_retention(&state.db).await?;
    Ok(AppJson(Retention {
        years: setting.years,
        erased: Some(erased),
    }))
}

async fn users(
    State(state): State<AppState>,
    Admin(_): Admin,
) -> Result<AppJson<Vec<AdminUser>>, ApiError> {
    Ok(AppJson(state.db.all_users().await?))
}

async fn teams(
    State(state): State<AppState>,
    Admin(_): Admin,
) -> Result<AppJson<Vec<AdminTeam>>, ApiError> {
    Ok(AppJson(state.db.all_teams().await?))
}

async fn create_team(
    State(state): State<AppState>,
    Admin(admin): Admin,
    AppJson(team): AppJson<NewTeam>,
) -> Result<(StatusCode, AppJson<AdminTeam>), ApiError> {
    let name = team.name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(ApiError::BadRequest(
            "Geef het team een naam van 1 tot 80 tekens.".into(),
        ));
    }
    if state.db.all_teams().await?.iter().any(|t| t.name == name) {
        return Err(ApiError::Conflict(
            "Er is al een team met deze naam.".into(),
        ));
    }
    let id = state.db.create_team(name, team.variant).await?;
    tracing::info!(admin = %admin.id, team = %id, "team created");
    log_account_change(&state, &admin, &id, "aanmaken", "team", &id).await?;
    Ok((
        StatusCode::CREATED,
        AppJson(AdminTeam {
            id,
            name: name.to_owned(),
            members: 0,
            variant: team.variant,
        }),
    ))
}

/// Changes a team's Dutch (nl-NL or nl-BE): its workers read it at their next login or sync of
/// who they are.
async fn change_team(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<String>,
    AppJson(settings): AppJson<TeamSettings>,
) -> Result<StatusCode, ApiError> {
    if !state.db.set_team_variant(&id, settings.variant).await? {
        return Err(ApiError::NotFound("Dit team bestaat niet.".into()));
    }
    tracing::info!(admin = %admin.id, team = %id, variant = settings.variant.code(), "team changed");
    log_account_change(&state, &admin, &id, "wijzigen", "team: taal", &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn create_user(
    State(state): State<AppState>,
    Admin(admin): Admin,
    AppJson(new): AppJson<NewUser>,
) -> Result<(StatusCode, AppJson<AdminUser>), ApiError> {
    let name = new.display_name.trim().to_owned();
    let email = new.email.trim().to_lowercase();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(ApiError::BadRequest(
            "Vul een naam in van 1 tot 80 tekens.".into(),
        ));
    }
    let plausible = email.len() <= 254
        && email
            .split_once('@')
            .is_some_and(|(a, b)| !a.is_empty() && b.contains('.') && !b.starts_with('.'))
        && !email.chars().any(char::is_whitespace);
    if !plausible {
        return Err(ApiError::BadRequest(
            "Dit is geen geldig e-mailadres.".into(),
        ));
    }
    let Some(team) = state
        .db
        .all_teams()
        .await?
        .into_iter()
        .find(|t| t.id == new.team_id)
    else {
        return Err(ApiError::BadRequest("Dit team bestaat niet.".into()));
    };
    if state.db.user_by_email(&email).await?.is_some() {
        return Err(ApiError::Conflict(
            "Er is al een account met dit e-mailadres.".into(),
        ));
    }
    auth::check_new_password(&new.password, &email).map_err(ApiError::BadRequest)?;
    let password = new.password;
    let hash = state
        .passwords
        .run_now(move || auth::hash_password(&password))
        .await??;
    let id = state
        .db
        .create_user(&team.id, &email, &name, new.role, &hash)
        .await?;
    tracing::info!(admin = %admin.id, user = %id, role = new.role.as_str(), "user created");
    // NEN 7513: who made which account, with which role, in which team (the team lead sees it).
    let what = format!("account {}", new.role.as_str());
    log_account_change(&state, &admin, &team.id, "aanmaken", &what, &id).await?;
    Ok((
        StatusCode::CREATED,
        AppJson(AdminUser {
            id,
            display_name: name,
            email,
            team_id: team.id,
            team_name: team.name,
            role: new.role,
            disabled: false,
        }),
    ))
}

/// NEN 7513: an administrator's change of an account or team (`record`), in the team it
/// concerns (a team lead reads them at `GET /api/team/accounts`).
async fn log_account_change(
    state: &AppState,
    admin: &crate::store::User,
    team_id: &str,
    action: &str,
    what: &str,
    record: &str,
) -> Result<(), ApiError> {
    state
        .db
        .log_access_as(
            admin,
            team_id,
            action,
            what,
            &[(record.to_owned(), String::new())],
            None,
        )
        .await?;
    Ok(())
}

async fn known_user(state: &AppState, id: &str) -> Result<AdminUser, ApiError> {
    state
        .db
        .all_users()
        .await?
        .into_iter()
        .find(|u| u.id == id)
        .ok_or_else(|| ApiError::NotFound("Deze gebruiker bestaat niet.".into()))
}

/// Disables an account: it cannot log in, and every session it has ends at once.
async fn disable(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let user = known_user(&state, &id).await?;
    if id == admin.id {
        return Err(ApiError::BadRequest(
            "Je kunt je eigen account niet uitschakelen.".into(),
        ));
    }
    state.db.disable_user(&id).await?;
    tracing::info!(admin = %admin.id, user = %id, "user disabled");
    log_account_change(
        &state,
        &admin,
        &user.team_id,
        "wijzigen",
        "account uitgeschakeld",
        &id,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn enable(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let user = known_user(&state, &id).await?;
    state.db.enable_user(&id).await?;
    tracing::info!(admin = %admin.id, user = %id, "user enabled");
    log_account_change(
        &state,
        &admin,
        &user.team_id,
        "wijzigen",
        "account ingeschakeld",
        &id,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// How far back the log goes: `?dagen=` (1..=3660, default 30).
fn period(query: &HashMap<String, String>) -> Result<(i64, i64), ApiError> {
    let days = match query.get("dagen") {
        None => 30,
        Some(d) => d
            .parse::<i64>()
            .ok()
            .filter(|d| (1..=3660).contains(d))
            .ok_or_else(|| {
                ApiError::BadRequest("‘dagen’ moet een getal van 1 tot 3660 zijn.".into())
            })?,
    };
    let now = now_ms();
    Ok((now - days * crate::clock::DAY_MS, now + 1))
}

/// Most entries a view or an export holds.
const LOG_LIMIT: usize = 100_000;

async fn access_log(
    State(state): State<AppState>,
    Admin(_): Admin,
    Query(query): Query<HashMap<String, String>>,
) -> Result<AppJson<Vec<LoggedAccess>>, ApiError> {
    let (from, to) = period(&query)?;
    Ok(AppJson(state.db.access_log(from, to, 1_000).await?))
}

/// The access log as CSV (`;`, BOM, formulas defused). The export itself is logged.
async fn access_log_csv(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Query(query): Query<HashMap<String, String>>,
) -> Result<impl IntoResponse, ApiError> {
    let (from, to) = period(&query)?;
    let log = state.db.access_log(from, to, LOG_LIMIT).await?;
    state
        .db
        .log_access(&admin, "exporteren", "toegangslog", &[])
        .await?;
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"toegangslog-{}.csv\"",
                    crate::clock::today()
                ),
            ),
        ],
        access_log_to_csv(&log),
    ))
}
