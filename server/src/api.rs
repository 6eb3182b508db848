//! The JSON API under `/api`: login, logout, who am I, sync push, team lead overview.

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, SET_COOKIE};
use axum::http::HeaderValue;
use axum::http::StatusCode;
use axum::response::{AppendHeaders, IntoResponse};
use axum::routing::{get, post};
use axum::Router;
use werkzaam_sync::{LoginRequest, Profile, PushRequest, PushResponse, Role, TeamOverview};

use crate::auth::{self, CurrentUser};
use crate::db::now_ms;
use crate::error::{ApiError, AppJson};
use crate::AppState;
use tower_http::set_header::SetResponseHeaderLayer;

/// Largest request body we read: well above the largest valid push.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/inloggen", post(login))
        .route("/api/uitloggen", post(logout))
        .route("/api/ik", get(me))
        .route("/api/sync/push", post(push))
        .route("/api/team/dialogen", get(team_dialogues))
        .route("/api/{*rest}", axum::routing::any(not_found))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        // Client data: never kept in the browser's HTTP cache or by anything in between.
        .layer(SetResponseHeaderLayer::overriding(
            CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

async fn login(
    State(state): State<AppState>,
    AppJson(request): AppJson<LoginRequest>,
) -> Result<impl IntoResponse, ApiError> {
    if request.email.trim().is_empty() || request.password.is_empty() {
        return Err(ApiError::BadRequest(
            "Vul je e-mailadres en je wachtwoord in.".into(),
        ));
    }
    let user = state.db.user_by_email(&request.email).await?;
    let hash = user.as_ref().map_or_else(
        || auth::dummy_hash().to_owned(),
        |u| u.password_hash.clone(),
    );
    let password = request.password;
    let matches = tokio::task::spawn_blocking(move || auth::verify_password(&password, &hash))
        .await
        .map_err(|e| ApiError::internal("verify password", e))?;
    let user = match user {
        Some(user) if matches => user,
        _ => {
            tracing::info!("failed login");
            return Err(ApiError::WrongCredentials);
        }
    };
    let (token, token_hash) = auth::new_session_token()?;
    let expires = now_ms() + auth::SESSION_DAYS * 24 * 60 * 60 * 1000;
    state
        .db
        .create_session(&token_hash, &user.id, expires)
        .await?;
    tracing::info!(user = %user.id, "login");
    Ok((
        AppendHeaders([(
            SET_COOKIE,
            auth::session_cookie(&token, state.secure_cookie),
        )]),
        AppJson(user.profile()),
    ))
}

async fn logout(
    State(state): State<AppState>,
    request: axum::extract::Request,
) -> Result<impl IntoResponse, ApiError> {
    let (parts, _) = request.into_parts();
    if let Some(token) = auth::session_token(&parts) {
        state.db.delete_session(&auth::token_hash(&token)).await?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        AppendHeaders([(SET_COOKIE, auth::clearing_cookie(state.secure_cookie))]),
    ))
}

async fn me(CurrentUser(user): CurrentUser) -> AppJson<Profile> {
    AppJson(user.profile())
}

async fn push(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    AppJson(request): AppJson<PushRequest>,
) -> Result<AppJson<PushResponse>, ApiError> {
    let response = state.db.push(&user, &request).await?;
    tracing::info!(
        user = %user.id,
        mutations = request.mutations.len(),
        last = response.last_mutation_id,
        "push"
    );
    Ok(AppJson(response))
}

async fn team_dialogues(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<AppJson<TeamOverview>, ApiError> {
    if user.role != Role::Teamleider {
        return Err(ApiError::Forbidden(
            "Alleen een teamleider kan het teamoverzicht zien.".into(),
        ));
    }
    let dialogues = state.db.team_dialogues(&user.team_id).await?;
    Ok(AppJson(TeamOverview {
        team_name: user.team_name,
        dialogues,
    }))
}

async fn not_found() -> impl IntoResponse {
    (
        StatusCode::NOT_FOUND,
        axum::Json(werkzaam_sync::ErrorBody {
            code: werkzaam_sync::ErrorCode::NotFound,
            message: "Dit adres bestaat niet.".into(),
        }),
    )
}
