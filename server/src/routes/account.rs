//! The account's own routes: log in and out, who am I, where am I logged in, a new password,
//! a device vault's recovery key.

use axum::extract::{Path, State};
use axum::http::header::SET_COOKIE;
use axum::http::HeaderMap;
use axum::http::StatusCode;
use axum::response::{AppendHeaders, IntoResponse};
use axum::routing::{get, post};
use axum::Router;
use werkzaam_protocol::account::{LoginRequest, Me, SessionInfo};

use crate::auth;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::extract::{AnyUser, AppJson, ClientAddr};
use crate::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/inloggen", post(login))
        .route("/api/uitloggen", post(logout))
        .route("/api/ik", get(me))
        .route("/api/sessies", get(my_sessions))
        .route("/api/sessies/{id}", axum::routing::delete(end_my_session))
        .route("/api/wachtwoord", post(change_password))
        .route("/api/herstelsleutel", post(recovery_key))
}

const TOO_MANY_LOGINS: &str =
    "Te veel mislukte pogingen om in te loggen. Wacht een kwartier en probeer het dan opnieuw.";

async fn login(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    AppJson(request): AppJson<LoginRequest>,
) -> Result<impl IntoResponse, ApiError> {
    if request.email.trim().is_empty() || request.password.is_empty() {
        return Err(ApiError::BadRequest(
            "Vul je e-mailadres en je wachtwoord in.".into(),
        ));
    }
    if request.email.len() > 320 || request.password.len() > 1024 {
        return Err(ApiError::BadRequest(
            "Dit e-mailadres of wachtwoord is te lang.".into(),
        ));
    }
    // A place in the bounded password work first (503 at once when it is full: nothing is
    // counted), then the attempt is counted atomically, then the password is checked.
    let ticket = state.passwords.ticket()?;
    let limits = auth::limit_keys(&request.email, &address);
    let attempt = crate::clock::new_id();
    if !state.db.login_attempt(&limits, &attempt, now_ms()).await? {
        tracing::warn!(%address, "login refused: too many failures");
        return Err(ApiError::TooManyRequests(TOO_MANY_LOGINS.into()));
    }
    let user = state.db.user_by_email(&request.email).await?;
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    let password = request.password;
    // On a password worker, also the dummy hash an unknown address is checked against.
    let matches = state
        .passwords
        .run(&ticket, move || {
            let hash = hash.unwrap_or_else(|| auth::dummy_hash().to_owned());
            auth::verify_password(&password, &hash)
        })
        .await?;
    drop(ticket);
    let disabled = match &user {
        Some(u) => state.db.is_disabled(&u.id).await?,
        None => true,
    };
    let user = match user {
        Some(user) if matches && !disabled => user,
        _ => {
            // The counted attempt stays: it is the failure.
            tracing::info!(%address, "failed login");
            return Err(ApiError::WrongCredentials);
        }
    };
    state
        .db
        .login_succeeded(&attempt, &auth::pair_key(&request.email, &address))
        .await?;
    // A session id from before the login never becomes the logged-in one (fixation): it ends,
    // and a new one is made.
    if let Some(old) = auth::session_token(&headers) {
        state.db.delete_session(&auth::token_hash(&old)).await?;
    }
    let (token, token_hash) = auth::new_session_token()?;
    let (request_key, request_key_hash) = auth::new_request_key()?;
    let now = now_ms();
    let expires = now + auth::SESSION_DAYS * crate::clock::DAY_MS;
    state
        .db
        .create_session(
            &token_hash,
            &user.id,
            &request_key_hash,
            expires,
            now + auth::FRESH_LOGIN_MS,
        )
        .await?;
    tracing::info!(user = %user.id, "login");
    Ok((
        AppendHeaders([
            (SET_COOKIE, auth::session_cookie(&token)),
            (
                axum::http::HeaderName::from_static(auth::REQUEST_KEY_HEADER),
                request_key,
            ),
        ]),
        AppJson(user.profile()),
    ))
}

async fn logout(
    State(state): State<AppState>,
    request: axum::extract::Request,
) -> Result<impl IntoResponse, ApiError> {
    let (parts, _) = request.into_parts();
    if let Some(token) = auth::session_token(&parts.headers) {
        state.db.delete_session(&auth::token_hash(&token)).await?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        AppendHeaders([(SET_COOKIE, auth::clearing_cookie())]),
    ))
}

async fn me(
    State(state): State<AppState>,
    AnyUser(user): AnyUser,
) -> Result<AppJson<Me>, ApiError> {
    Ok(AppJson(Me {
        profile: user.profile(),
        thresholds: state.db.thresholds(&user.team_id).await?,
    }))
}

/// The user's sessions that have not ended ("where am I logged in").
async fn my_sessions(
    State(state): State<AppState>,
    AnyUser(user): AnyUser,
    request: axum::extract::Request,
) -> Result<AppJson<Vec<SessionInfo>>, ApiError> {
    let (parts, _) = request.into_parts();
    let current = auth::session_token(&parts.headers).map(|t| auth::token_hash(&t));
    let rows = state
        .db
        .sessions_of(&user.id, auth::SESSION_IDLE_MS)
        .await?;
    Ok(AppJson(
        rows.into_iter()
            .map(|r| SessionInfo {
                id: r.token_hash[..16].to_owned(),
                current: current.as_deref() == Some(r.token_hash.as_str()),
                created_at_ms: r.created_at_ms,
                last_seen_at_ms: r.last_seen_at_ms,
                expires_at_ms: r.expires_at_ms,
            })
            .collect(),
    ))
}

/// Ends one of the user's own sessions (another device, a lost phone).
async fn end_my_session(
    State(state): State<AppState>,
    AnyUser(user): AnyUser,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    if state.db.end_session(&user.id, &id).await? {
        tracing::info!(user = %user.id, "session ended by its user");
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound(
            "Deze sessie bestaat niet (meer) of is niet van jou.".into(),
        ))
    }
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PasswordChange {
    current: String,
    new: String,
}

/// Changes the user's password: the current one is needed; the new one must meet the policy;
/// the user's other sessions end.
async fn change_password(
    State(state): State<AppState>,
    AnyUser(user): AnyUser,
    headers: HeaderMap,
    AppJson(change): AppJson<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    if change.current.len() > 1024 || change.new.len() > 1024 {
        return Err(ApiError::BadRequest("Dit wachtwoord is te lang.".into()));
    }
    let hash = user.password_hash.clone();
    let current = change.current.clone();
    let matches = state
        .passwords
        .run_now(move || auth::verify_password(&current, &hash))
        .await?;
    if !matches {
        return Err(ApiError::Forbidden(
            "Je huidige wachtwoord klopt niet; er is niets veranderd.".into(),
        ));
    }
    auth::check_new_password(&change.new, &user.email).map_err(ApiError::BadRequest)?;
    let new = change.new;
    let hashed = state
        .passwords
        .run_now(move || auth::hash_password(&new))
        .await??;
    state.db.set_password_hash(&user.id, &hashed).await?;
    let keep = auth::session_token(&headers)
        .map(|t| auth::token_hash(&t))
        .unwrap_or_default();
    state.db.end_other_sessions(&user.id, &keep).await?;
    tracing::info!(user = %user.id, "password changed");
    Ok(StatusCode::NO_CONTENT)
}

/// The recovery key of one of the user's device vaults (see migration 0010): made on the first
/// request, the same afterwards, only ever to the user it belongs to.
async fn recovery_key(
    State(state): State<AppState>,
    device: crate::extract::DeviceUser,
    AppJson(request): AppJson<werkzaam_protocol::account::RecoveryKeyRequest>,
) -> Result<AppJson<werkzaam_protocol::account::RecoveryKey>, ApiError> {
    // Only right after a password login on this device: a copied cookie (and even the request
    // key, read from an opened vault) cannot fetch it later.
    if !device.fresh {
        return Err(ApiError::Forbidden(
            "De herstelsleutel komt alleen vlak na het inloggen met je wachtwoord. Log opnieuw \
             in om je pincode te herstellen."
                .into(),
        ));
    }
    let user = device.user;
    let vault = request.vault;
    if vault.is_empty()
        || vault.len() > 64
        || !vault.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(ApiError::BadRequest(
            "Dit is geen geldige kluis van een apparaat.".into(),
        ));
    }
    match state
        .db
        .recovery_key(&user.id, &vault, &state.recovery_wrap)
        .await?
    {
        Some(key) => Ok(AppJson(werkzaam_protocol::account::RecoveryKey { key })),
        None => Err(ApiError::Conflict(
            "Je gebruikt Werkzaam al op te veel apparaten. Vraag je beheerder om hulp.".into(),
        )),
    }
}
