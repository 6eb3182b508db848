//! A worker's privacy routes (AVG): who accessed my dialogues, a client's inzage, erasing a
//! client and how far an erasure reached.

use axum::extract::{Path, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use werkzaam_protocol::sync::{ErasureReport, ErasureRequest};

use crate::clock::now_ms;
use crate::error::ApiError;
use crate::extract::{AppJson, CurrentUser};
use crate::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/toegang", get(access_to_my_records))
        .route("/api/clienten/{code}/inzage", get(client_inzage))
        .route("/api/clienten/wissen", post(erase_client))
        .route("/api/wissingen/{id}", get(erasure))
}

/// Who looked at or exported the dialogues the user wrote (team leads, through consent).
async fn access_to_my_records(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<AppJson<Vec<crate::store::AccessEvent>>, ApiError> {
    Ok(AppJson(state.db.access_to_records_of(&user.id, 500).await?))
}

/// AVG inzage: everything stored about one client code by this worker — the dialogues (with
/// the references to their drawings and photos) and who accessed them — as one JSON file.
/// The export itself is logged.
async fn client_inzage(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(code): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    werkzaam_domain::rules::validate::client_code(&code)
        .map_err(|e| ApiError::BadRequest(e.message))?;
    let dialogues = state.db.own_client_dialogues(&user, &code).await?;
    if dialogues.is_empty() {
        return Err(ApiError::NotFound(
            "Je hebt geen dialogen met deze cliëntcode.".into(),
        ));
    }
    let records: Vec<(String, String)> = dialogues
        .iter()
        .map(|d| (d.id.clone(), d.client_code.clone()))
        .collect();
    state
        .db
        .log_access(&user, "exporteren", "inzage", &records)
        .await?;
    let access = state.db.access_about_own_client(&user.id, &code).await?;
    let body = serde_json::json!({
        "client_code": code,
        "exported_at_ms": now_ms(),
        "exported_by": user.display_name,
        "dialogues": dialogues,
        "access": access,
    });
    let file = format!(
        "attachment; filename=\"inzage-{}.json\"",
        code.chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            })
            .collect::<String>()
    );
    Ok((
        [
            (CONTENT_TYPE, "application/json".to_owned()),
            (axum::http::header::CONTENT_DISPOSITION, file),
        ],
        body.to_string(),
    ))
}

/// Erases everything of a client (AVG): the worker's own dialogues with the code, or the team's
/// when a team lead asks.
async fn erase_client(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    AppJson(request): AppJson<ErasureRequest>,
) -> Result<AppJson<ErasureReport>, ApiError> {
    werkzaam_domain::rules::validate::client_code(&request.client_code)
        .map_err(|e| ApiError::BadRequest(e.message))?;
    let report = state
        .db
        .erase_client(&user, &request.client_code, request.client_id.as_deref())
        .await?;
    tracing::info!(
        user = %user.id,
        erasure = report.erasure_id,
        dialogues = report.dialogues,
        "client erased"
    );
    Ok(AppJson(report))
}

/// How far an erasure reached.
async fn erasure(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<AppJson<ErasureReport>, ApiError> {
    match state.db.erasure(&user, id).await? {
        Some(report) => Ok(AppJson(report)),
        None => Err(ApiError::NotFound(
            "Deze wissing bestaat niet of is niet van jou.".into(),
        )),
    }
}
