//! The team lead's review over HTTP (issue 6): a client's trend (JSON and an SVG picture), what
//! the team learns, the meeting's agenda (JSON, CSV, PDF; optionally de-identified) and the
//! alert thresholds. Team leads only, their own team only, only what consent covers (every list
//! starts from [`crate::store::Db::shared_team_dialogues`]), and every view and export is written to
//! the access log.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use werkzaam_domain::review::{
    agenda, alerts, learning, trend, Agenda, AgendaInput, ClientDialogueRef, ClientReview,
    TeamLearning, Thresholds,
};
use werkzaam_domain::{rules::validate, Dialogue};
use werkzaam_protocol::team::TeamDialogue;

use crate::error::ApiError;
use crate::export::agenda::{agenda_to_csv, agenda_to_pdf};
use crate::extract::{AppJson, TeamLead};
use crate::store::User;
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/team/clienten/{code}", get(client_review))
        .route("/api/team/clienten/{code}/trend.svg", get(client_trend_svg))
        .route("/api/team/leren", get(team_learning))
        .route("/api/team/agenda", get(agenda_json))
        .route("/api/team/agenda.csv", get(agenda_csv))
        .route("/api/team/agenda.pdf", get(agenda_pdf))
        .route("/api/team/accounts", get(account_changes))
        .route(
            "/api/team/instellingen",
            get(get_thresholds).put(put_thresholds),
        )
}

/// The accounts an administrator made or changed in the lead's team.
async fn account_changes(
    State(state): State<AppState>,
    TeamLead(user): TeamLead,
) -> Result<AppJson<Vec<werkzaam_protocol::admin::AccountChange>>, ApiError> {
    Ok(AppJson(state.db.account_changes(&user.team_id).await?))
}

/// The shared dialogues of the lead's team as (dialogue as shared, worker's name).
async fn shared(state: &AppState, user: &User) -> Result<Vec<(Dialogue, String)>, ApiError> {
    Ok(state
        .db
        .shared_team_dialogues(&user.team_id)
        .await?
        .into_iter()
        .map(|t: TeamDialogue| (t.dialogue, t.worker_name))
        .collect())
}

fn records(list: &[&Dialogue]) -> Vec<(String, String)> {
    list.iter()
        .map(|d| (d.id.clone(), d.client_code.clone()))
        .collect()
}

async fn client_data(
    state: &AppState,
    user: &User,
    code: &str,
) -> Result<(Vec<(Dialogue, String)>, Thresholds), ApiError> {
    validate::client_code(code).map_err(|e| ApiError::BadRequest(e.message))?;
    let mine: Vec<(Dialogue, String)> = shared(state, user)
        .await?
        .into_iter()
        .filter(|(d, _)| d.client_code == code)
        .collect();
    if mine.is_empty() {
        return Err(ApiError::NotFound(
            "Van deze cliënt is in jouw team niets gedeeld.".into(),
        ));
    }
    Ok((mine, state.db.thresholds(&user.team_id).await?))
}

/// One client's trend, alerts and dialogues.
async fn client_review(
    State(state): State<AppState>,
    TeamLead(user): TeamLead,
    Path(code): Path<String>,
) -> Result<AppJson<ClientReview>, ApiError> {
    let (mine, thresholds) = client_data(&state, &user, &code).await?;
    let dialogues: Vec<&Dialogue> = mine.iter().map(|(d, _)| d).collect();
    let all: Vec<Dialogue> = mine.iter().map(|(d, _)| d.clone()).collect();
    let mut raised = alerts(&all, &thresholds);
    raised.reverse();
    let mut refs: Vec<ClientDialogueRef> = mine
        .iter()
        .map(|(d, worker)| ClientDialogueRef {
            dialogue_id: d.id.clone(),
            held_on: d.held_on.clone(),
            worker_name: worker.clone(),
        })
        .collect();
    refs.sort_by_cached_key(|r| format!("{}{}", r.held_on, r.dialogue_id));
    refs.reverse();
    state
        .db
        .log_access(&user, "bekijken", "client", &records(&dialogues))
        .await?;
    Ok(AppJson(ClientReview {
        client_code: code,
        points: trend(&dialogues),
        alerts: raised,
        dialogues: refs,
        thresholds,
    }))
}

/// The client's trend as an SVG picture.
async fn client_trend_svg(
    State(state): State<AppState>,
    TeamLead(user): TeamLead,
    Path(code): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let (mine, _) = client_data(&state, &user, &code).await?;
    let dialogues: Vec<&Dialogue> = mine.iter().map(|(d, _)| d).collect();
    state
        .db
        .log_access(&user, "bekijken", "client-grafiek", &records(&dialogues))
        .await?;
    let svg = werkzaam_domain::chart::trend_svg(&format!("Cliënt {code}"), &trend(&dialogues));
    Ok(([(CONTENT_TYPE, "image/svg+xml; charset=utf-8")], svg))
}

fn date_param(query: &HashMap<String, String>, name: &str) -> Result<Option<String>, ApiError> {
    match query.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => validate::date(v)
            .map(|_| Some(v.to_owned()))
            .map_err(|_| ApiError::BadRequest(format!("‘{name}’ is geen datum (jjjj-mm-dd)."))),
    }
}

/// What the team learns since `?sinds=` (all when left out).
async fn team_learning(
    State(state): State<AppState>,
    TeamLead(user): TeamLead,
    Query(query): Query<HashMap<String, String>>,
) -> Result<AppJson<TeamLearning>, ApiError> {
    let since = date_param(&query, "sinds")?.unwrap_or_default();
    let all = shared(&state, &user).await?;
    let used: Vec<&Dialogue> = all
        .iter()
        .map(|(d, _)| d)
        .filter(|d| d.held_on >= since)
        .collect();
    state
        .db
        .log_access(&user, "bekijken", "leren", &records(&used))
        .await?;
    Ok(AppJson(learning(&all, &since)))
}

/// The agenda of `?van=&tot=` (both needed), de-identified with `?anoniem=ja`.
async fn build_agenda(
    state: &AppState,
    user: &User,
    query: &HashMap<String, String>,
    action: &str,
    what: &str,
) -> Result<Agenda, ApiError> {
    let (Some(from), Some(to)) = (date_param(query, "van")?, date_param(query, "tot")?) else {
        return Err(ApiError::BadRequest(
            "Kies een periode: ‘van’ en ‘tot’ (jjjj-mm-dd).".into(),
        ));
    };
    if from > to {
        return Err(ApiError::BadRequest(
            "‘van’ ligt na ‘tot’: kies een andere periode.".into(),
        ));
    }
    let deidentify = matches!(
        query.get("anoniem").map(String::as_str),
        Some("ja" | "1" | "true")
    );
    let dialogues = shared(state, user).await?;
    let actions = state.db.team_actions(&user.team_id).await?;
    let members = state.db.team_members(&user.team_id).await?;
    let name = |id: &str| {
        members
            .iter()
            .find(|m| m.user_id == id)
            .map_or_else(|| "een collega".to_owned(), |m| m.display_name.clone())
    };
    let today = crate::clock::today();
    let built = agenda(&AgendaInput {
        team_name: &user.team_name,
        from: &from,
        to: &to,
        deidentify,
        thresholds: state.db.thresholds(&user.team_id).await?,
        dialogues: &dialogues,
        actions: &actions,
        name: &name,
        today: &today,
    });
    let in_period: Vec<&Dialogue> = dialogues
        .iter()
        .map(|(d, _)| d)
        .filter(|d| d.held_on >= from && d.held_on <= to)
        .collect();
    let what = if deidentify {
        format!("{what} (anoniem)")
    } else {
        what.to_owned()
    };
    state
        .db
        .log_access(user, action, &what, &records(&in_period))
        .await?;
    Ok(built)
}

async fn agenda_json(
    State(state): State<AppState>,
    TeamLead(user): TeamLead,
    Query(query): Query<HashMap<String, String>>,
) -> Result<AppJson<Agenda>, ApiError> {
    Ok(AppJson(
        build_agenda(&state, &user, &query, "bekijken", "agenda").await?,
    ))
}

fn file_name(agenda: &Agenda, ext: &str) -> String {
    let anon = if agenda.deidentified { "-anoniem" } else { "" };
    format!(
        "attachment; filename=\"agenda-{}-{}{anon}.{ext}\"",
        agenda.from, agenda.to
    )
}

async fn agenda_csv(
    State(state): State<AppState>,
    TeamLead(user): TeamLead,
    Query(query): Query<HashMap<String, String>>,
) -> Result<impl IntoResponse, ApiError> {
    let agenda = build_agenda(&state, &user, &query, "exporteren", "agenda.csv").await?;
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (CONTENT_DISPOSITION, file_name(&agenda, "csv")),
        ],
        agenda_to_csv(&agenda),
    ))
}

async fn agenda_pdf(
    State(state): State<AppState>,
    TeamLead(user): TeamLead,
    Query(query): Query<HashMap<String, String>>,
) -> Result<impl IntoResponse, ApiError> {
    let agenda = build_agenda(&state, &user, &query, "exporteren", "agenda.pdf").await?;
    Ok((
        [
            (CONTENT_TYPE, "application/pdf".to_owned()),
            (CONTENT_DISPOSITION, file_name(&agenda, "pdf")),
        ],
        agenda_to_pdf(&agenda),
    ))
}

async fn get_thresholds(
    State(state): State<AppState>,
    TeamLead(user): TeamLead,
) -> Result<AppJson<Thresholds>, ApiError> {
    Ok(AppJson(state.db.thresholds(&user.team_id).await?))
}

async fn put_thresholds(
    State(state): State<AppState>,
    TeamLead(user): TeamLead,
    AppJson(thresholds): AppJson<Thresholds>,
) -> Result<AppJson<Thresholds>, ApiError> {
    thresholds.check().map_err(ApiError::BadRequest)?;
    state.db.set_thresholds(&user.team_id, &thresholds).await?;
    tracing::info!(user = %user.id, ?thresholds, "alert thresholds changed");
    Ok(AppJson(thresholds))
}
