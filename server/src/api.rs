//! The JSON API under `/api`: login, logout, who am I, sync push, team lead overview.
//!
//! Over 800 lines, not split here: about twelve concerns; they split into services in issue
//! 16's restructure, which moves every file in one step with behaviour unchanged (splitting it
//! piecemeal now would make that step harder to review).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_TYPE, SET_COOKIE};
use axum::http::HeaderMap;
use axum::http::HeaderValue;
use axum::http::StatusCode;
use axum::response::{AppendHeaders, IntoResponse};
use axum::routing::{get, post, put};
use axum::Router;
use werkzaam_sync::dialogue::MediaKind;
use werkzaam_sync::hash::{content_hash, is_content_hash};
use werkzaam_sync::upload::{judge_part, PartDecision, UploadStatus, PART_BYTES};
use werkzaam_sync::validate::MAX_ATTACHMENT_BYTES;
use werkzaam_sync::{
    consent, drawing, ErasureConfirm, ErasureReport, ErasureRequest, LoginRequest, Profile,
    PullRequest, PullResponse, PushRequest, PushResponse, Role, SessionInfo, TeamDialogue,
    TeamMember, TeamOverview, TeamPullRequest, TeamPullResponse, MAX_DIALOGUES_PER_PULL,
    PROTOCOL_VERSION,
};

use crate::auth::{self, AnyUser, CurrentUser};
use crate::error::{ApiError, AppJson, SyncJson};
use crate::store::now_ms;
use crate::AppState;

/// CSRF: a request that changes something must say what it sends, and not as one of the types a
/// form or a plain cross-site request may carry (`application/x-www-form-urlencoded`,
/// `multipart/form-data`, `text/plain`, or none) — a browser sends those cross-site without
/// asking. The app always sends JSON or an attachment's own type. Refused before any handler.
pub async fn refuse_form_posts(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::Method;
    let changes = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if changes && request.uri().path().starts_with("/api/") {
        let content_type = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let form_like = matches!(
            content_type.as_str(),
            "" | "application/x-www-form-urlencoded" | "multipart/form-data" | "text/plain"
        );
        if form_like {
            tracing::warn!(path = %request.uri().path(), %content_type, "refused: form-like request");
            return ApiError::UnsupportedMediaType(
                "Stuur dit als JSON (Content-Type: application/json). Een formulier of verzoek \
                 van een andere site wordt geweigerd; er is niets veranderd."
                    .into(),
            )
            .into_response();
        }
    }
    next.run(request).await
}

/// Largest request body we read: well above the largest valid push.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/inloggen", post(login))
        .route("/api/uitloggen", post(logout))
        .route("/api/ik", get(me))
        .route("/api/sessies", get(my_sessions))
        .route("/api/sessies/{id}", axum::routing::delete(end_my_session))
        .route("/api/wachtwoord", post(change_password))
        .route("/api/herstelsleutel", post(recovery_key))
        .route("/api/toegang", get(access_to_my_records))
        .route("/api/clienten/{code}/inzage", get(client_inzage))
        .route("/api/sync/push", post(push))
        .route("/api/sync/pull", post(pull))
        .route("/api/sync/team", post(team_pull))
        .route("/api/sync/wissen/bevestigd", post(confirm_erasures))
        .route("/api/clienten/wissen", post(erase_client))
        .route("/api/wissingen/{id}", get(erasure))
        .route("/api/team/leden", get(team_members))
        .route("/api/team/dialogen", get(team_dialogues))
        .route("/api/team/dialogen/{id}", get(team_dialogue))
        .route(
            "/api/bijlagen/{hash}",
            put(put_attachment)
                .get(get_attachment)
                .layer(axum::extract::DefaultBodyLimit::max(
                    MAX_ATTACHMENT_BYTES as usize + 1,
                )),
        )
        .route(
            "/api/bijlagen/{hash}/delen",
            put(put_attachment_part).get(attachment_part_status).layer(
                axum::extract::DefaultBodyLimit::max(PART_BYTES as usize + 1),
            ),
        )
        .route("/api/{*rest}", axum::routing::any(not_found))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
}

/// The network address of the client (the TCP peer; behind a proxy, the proxy).
pub struct ClientAddr(pub String);

impl axum::extract::FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip());
        let forwarded: Vec<&str> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        Ok(ClientAddr(peer.map_or_else(
            || "onbekend".to_owned(),
            |peer| client_address(peer, &forwarded.join(","), &state.trusted_proxies).to_string(),
        )))
    }
}

/// The client's address: the TCP peer — unless the peer is a trusted proxy, then the nearest
/// address in `X-Forwarded-For` (read from the right) that is not a trusted proxy. Entries a
/// client wrote itself stand further left and are never reached; an entry that is not an
/// address stops the walk at the last trusted hop.
pub fn client_address(
    peer: std::net::IpAddr,
    forwarded_for: &str,
    trusted: &[std::net::IpAddr],
) -> std::net::IpAddr {
    let mut client = peer;
    if !trusted.contains(&peer) {
        return client;
    }
    for hop in forwarded_for
        .rsplit(',')
        .map(str::trim)
        .filter(|h| !h.is_empty())
    {
        match hop.parse::<std::net::IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !trusted.contains(&ip) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    client
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
    let attempt = crate::store::new_id();
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
    let expires = now + auth::SESSION_DAYS * 24 * 60 * 60 * 1000;
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
    werkzaam_sync::validate::client_code(&code).map_err(|e| ApiError::BadRequest(e.message))?;
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
    device: auth::DeviceUser,
    AppJson(request): AppJson<werkzaam_sync::RecoveryKeyRequest>,
) -> Result<AppJson<werkzaam_sync::RecoveryKey>, ApiError> {
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
        Some(key) => Ok(AppJson(werkzaam_sync::RecoveryKey { key })),
        None => Err(ApiError::Conflict(
            "Je gebruikt Werkzaam al op te veel apparaten. Vraag je beheerder om hulp.".into(),
        )),
    }
}

async fn me(AnyUser(user): AnyUser) -> AppJson<Profile> {
    AppJson(user.profile())
}

async fn push(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    SyncJson(request): SyncJson<PushRequest>,
) -> Result<AppJson<PushResponse>, ApiError> {
    let response = match state.db.push(&user, &request).await {
        Err(ApiError::PushRefused {
            code: werkzaam_sync::ErrorCode::Forbidden,
            message,
            mutation_id,
        }) => {
            // A push that claims what is not the user's: refused (nothing stored, the whole
            // transaction rolled back) and written to the access log as a refused attempt.
            let refused = mutation_id.and_then(|id| request.mutations.iter().find(|m| m.id == id));
            let record = refused.map_or((String::new(), String::new()), |m| match &m.operation {
                werkzaam_sync::Operation::UpsertDialogue { dialogue } => {
                    (dialogue.id.clone(), dialogue.client_code.clone())
                }
                _ => (
                    werkzaam_sync::outbox::team_record_id(m)
                        .unwrap_or_default()
                        .to_owned(),
                    String::new(),
                ),
            });
            tracing::warn!(user = %user.id, mutation = ?mutation_id, record = %record.0, "push refused: not the user's");
            state
                .db
                .log_access(&user, "geweigerd", "wijziging", &[record])
                .await?;
            return Err(ApiError::PushRefused {
                code: werkzaam_sync::ErrorCode::Forbidden,
                message,
                mutation_id,
            });
        }
        other => other?,
    };
    tracing::info!(
        user = %user.id,
        mutations = request.mutations.len(),
        last = response.last_mutation_id,
        "push"
    );
    Ok(AppJson(response))
}

/// The user's own dialogues stored since the device's cursor (other devices' changes).
async fn pull(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    SyncJson(request): SyncJson<PullRequest>,
) -> Result<AppJson<PullResponse>, ApiError> {
    if request.protocol_version != PROTOCOL_VERSION {
        return Err(ApiError::PushRefused {
            code: werkzaam_sync::ErrorCode::ProtocolVersion,
            message: werkzaam_sync::push::Refusal::ProtocolVersion {
                got: request.protocol_version,
            }
            .message(),
            mutation_id: None,
        });
    }
    let response = state
        .db
        .pull(
            &user,
            request.cursor,
            MAX_DIALOGUES_PER_PULL,
            request.client_id.as_deref(),
        )
        .await?;
    // NEN 7513: which of the user's dialogues went to a device (also her own: a new phone
    // receiving a caseload is an access worth knowing).
    let records: Vec<(String, String)> = response
        .dialogues
        .iter()
        .map(|d| (d.id.clone(), d.client_code.clone()))
        .collect();
    if !records.is_empty() {
        state
            .db
            .log_access(&user, "ophalen", "synchronisatie", &records)
            .await?;
    }
    Ok(AppJson(response))
}

/// The team's stories and actions stored since the device's team cursor.
async fn team_pull(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    SyncJson(request): SyncJson<TeamPullRequest>,
) -> Result<AppJson<TeamPullResponse>, ApiError> {
    if request.protocol_version != PROTOCOL_VERSION {
        return Err(ApiError::PushRefused {
            code: werkzaam_sync::ErrorCode::ProtocolVersion,
            message: werkzaam_sync::push::Refusal::ProtocolVersion {
                got: request.protocol_version,
            }
            .message(),
            mutation_id: None,
        });
    }
    let response = state
        .db
        .team_pull(&user.team_id, request.cursor, MAX_DIALOGUES_PER_PULL)
        .await?;
    Ok(AppJson(response))
}

/// The colleagues of the user's team (any member may ask: stories and actions name them).
async fn team_members(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<AppJson<Vec<TeamMember>>, ApiError> {
    Ok(AppJson(state.db.team_members(&user.team_id).await?))
}

/// A device purged the erasures it pulled.
async fn confirm_erasures(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    AppJson(request): AppJson<ErasureConfirm>,
) -> Result<StatusCode, ApiError> {
    werkzaam_sync::validate::record_id(&request.client_id)
        .map_err(|e| ApiError::BadRequest(format!("Ongeldige apparaat-id: {e}")))?;
    if request.erasure_ids.len() > 1_000 {
        return Err(ApiError::BadRequest(
            "Te veel wissingen in één keer.".into(),
        ));
    }
    state.db.confirm_erasures(&user, &request).await?;
    tracing::info!(user = %user.id, erasures = request.erasure_ids.len(), "erasures confirmed");
    Ok(StatusCode::NO_CONTENT)
}

/// Erases everything of a client (AVG): the worker's own dialogues with the code, or the team's
/// when a team lead asks.
async fn erase_client(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    AppJson(request): AppJson<ErasureRequest>,
) -> Result<AppJson<ErasureReport>, ApiError> {
    werkzaam_sync::validate::client_code(&request.client_code)
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

async fn team_dialogues(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Result<AppJson<TeamOverview>, ApiError> {
    if user.role != Role::Teamleider {
        return Err(ApiError::Forbidden(
            "Alleen een teamleider kan het teamoverzicht zien.".into(),
        ));
    }
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
    let shared: Vec<werkzaam_sync::Dialogue> =
        dialogues.iter().map(|t| t.dialogue.clone()).collect();
    let mut latest: std::collections::BTreeMap<&str, &str> = std::collections::BTreeMap::new();
    for d in &shared {
        let day = latest.entry(&d.client_code).or_insert(&d.held_on);
        if d.held_on.as_str() > *day {
            *day = &d.held_on;
        }
    }
    let mut alerts: Vec<werkzaam_sync::review::Alert> =
        werkzaam_sync::review::alerts(&shared, &thresholds)
            .into_iter()
            .filter(|a| latest.get(a.client_code.as_str()) == Some(&a.held_on.as_str()))
            .collect();
    // Newest first; the alerts of one dialogue stay in their order (drop, low, divergence).
    alerts.sort_by_cached_key(|a| std::cmp::Reverse(format!("{}{}", a.held_on, a.client_code)));
    // One page of the list goes out (and only what goes out is in the access log).
    let total = dialogues.len();
    let start = (page * werkzaam_sync::TEAM_PAGE).min(total);
    let end = (start + werkzaam_sync::TEAM_PAGE).min(total);
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
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<AppJson<TeamDialogue>, ApiError> {
    if user.role != Role::Teamleider {
        return Err(ApiError::Forbidden(
            "Alleen een teamleider kan dialogen van het team bekijken.".into(),
        ));
    }
    let missing = || ApiError::NotFound("Deze dialoog bestaat niet in jouw team.".into());
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

fn attachment_kind(headers: &HeaderMap) -> Result<MediaKind, ApiError> {
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    [MediaKind::Photo, MediaKind::Drawing]
        .into_iter()
        .find(|k| k.content_type() == content_type)
        .ok_or_else(|| {
            ApiError::UnsupportedMediaType(format!(
                "Een bijlage is een JPEG-foto ({}) of een tekening ({}).",
                MediaKind::Photo.content_type(),
                MediaKind::Drawing.content_type()
            ))
        })
}

/// Stores a drawing or photo of the logged-in user at the SHA-256 of its bytes. Sending it
/// again is harmless.
async fn put_attachment(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(hash): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<impl IntoResponse, ApiError> {
    if !is_content_hash(&hash) {
        return Err(ApiError::BadRequest(
            "Het adres van een bijlage is de SHA-256 van de inhoud (64 tekens 0-9 a-f).".into(),
        ));
    }
    let kind = attachment_kind(&headers)?;
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::AttachmentTooLarge
        } else {
            ApiError::BadRequest("De bijlage kon niet gelezen worden.".into())
        }
    })?;
    if body.len() as u64 > MAX_ATTACHMENT_BYTES {
        return Err(ApiError::AttachmentTooLarge);
    }
    if body.is_empty() {
        return Err(ApiError::BadRequest("De bijlage is leeg.".into()));
    }
    check_attachment(kind, &hash, &body)?;
    if !state.db.has_attachment(&user.id, &hash).await? {
        check_quota(&state, &user, body.len()).await?;
    }
    let new = state
        .db
        .put_attachment(&user.id, &hash, kind.content_type(), &body)
        .await?;
    tracing::info!(user = %user.id, bytes = body.len(), new, "attachment");
    Ok(if new {
        StatusCode::CREATED
    } else {
        StatusCode::NO_CONTENT
    })
}

/// Refuses (507, in Dutch) bytes that would take `user` over the attachment quota.
async fn check_quota(
    state: &AppState,
    user: &crate::store::User,
    adding: usize,
) -> Result<(), ApiError> {
    let used = state.db.attachment_bytes_of(&user.id).await?;
    if used.max(0) as u64 + adding as u64 > state.attachment_quota {
        tracing::warn!(user = %user.id, used, "attachment quota reached");
        return Err(ApiError::QuotaFull);
    }
    Ok(())
}

/// A whole attachment is what its hash says, and a drawing or photo we can read.
fn check_attachment(kind: MediaKind, hash: &str, bytes: &[u8]) -> Result<(), ApiError> {
    if content_hash(bytes) != hash {
        return Err(ApiError::HashMismatch);
    }
    match kind {
        MediaKind::Drawing => {
            drawing::decode(bytes).map_err(|e| {
                ApiError::BadRequest(format!("Deze tekening kan niet gelezen worden: {e}."))
            })?;
        }
        MediaKind::Photo => {
            if !bytes.starts_with(&[0xff, 0xd8, 0xff]) {
                return Err(ApiError::BadRequest("Deze foto is geen JPEG.".into()));
            }
        }
    }
    Ok(())
}

#[derive(Debug, serde::Deserialize)]
struct PartQuery {
    /// Where this part starts.
    #[serde(default)]
    van: u64,
    /// The size of the whole attachment.
    totaal: u64,
}

/// One part of an attachment (see `werkzaam_sync::upload`). The last part completes it: the
/// parts are joined, checked like a whole upload and stored.
async fn put_attachment_part(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(hash): Path<String>,
    Query(query): Query<PartQuery>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<impl IntoResponse, ApiError> {
    if !is_content_hash(&hash) {
        return Err(ApiError::BadRequest(
            "Het adres van een bijlage is de SHA-256 van de inhoud (64 tekens 0-9 a-f).".into(),
        ));
    }
    let kind = attachment_kind(&headers)?;
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::BadRequest(format!(
                "Een deel van een bijlage is hoogstens {} kB.",
                PART_BYTES / 1024
            ))
        } else {
            ApiError::BadRequest("Het deel van de bijlage kon niet gelezen worden.".into())
        }
    })?;
    let total = query.totaal;
    let done = UploadStatus {
        received: total,
        complete: true,
    };
    if state.db.has_attachment(&user.id, &hash).await? {
        return Ok((StatusCode::OK, AppJson(done)));
    }
    let received = state.db.parts_received(&user.id, &hash, total).await?;
    match judge_part(received, query.van, body.len() as u64, total) {
        PartDecision::TooLarge => return Err(ApiError::AttachmentTooLarge),
        PartDecision::Invalid(message) => return Err(ApiError::BadRequest(message)),
        PartDecision::Gap { received } => {
            return Err(ApiError::Conflict(format!(
                "Er mist een deel van de bijlage: ga verder vanaf byte {received}."
            )))
        }
        PartDecision::AlreadyHave => {
            return Ok((
                StatusCode::OK,
                AppJson(UploadStatus {
                    received,
                    complete: false,
                }),
            ))
        }
        PartDecision::Append => {}
    }
    check_quota(&state, &user, body.len()).await?;
    state
        .db
        .put_part(&user.id, &hash, query.van, total, &body)
        .await?;
    let received = received + body.len() as u64;
    if received < total {
        return Ok((
            StatusCode::OK,
            AppJson(UploadStatus {
                received,
                complete: false,
            }),
        ));
    }
    let whole = state.db.joined_parts(&user.id, &hash).await?;
    if let Err(e) = check_attachment(kind, &hash, &whole) {
        // Start over: parts that do not make up the attachment are of no use.
        state.db.delete_parts(&user.id, &hash).await?;
        return Err(e);
    }
    state
        .db
        .put_attachment(&user.id, &hash, kind.content_type(), &whole)
        .await?;
    state.db.delete_parts(&user.id, &hash).await?;
    tracing::info!(user = %user.id, bytes = whole.len(), "attachment (in parts)");
    Ok((StatusCode::CREATED, AppJson(done)))
}

/// How much of an attachment the server has: where a cut upload goes on.
async fn attachment_part_status(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(hash): Path<String>,
    Query(query): Query<PartQuery>,
) -> Result<AppJson<UploadStatus>, ApiError> {
    if !is_content_hash(&hash) {
        return Err(ApiError::BadRequest(
            "Het adres van een bijlage is de SHA-256 van de inhoud (64 tekens 0-9 a-f).".into(),
        ));
    }
    if state.db.has_attachment(&user.id, &hash).await? {
        return Ok(AppJson(UploadStatus {
            received: query.totaal,
            complete: true,
        }));
    }
    let received = state
        .db
        .parts_received(&user.id, &hash, query.totaal)
        .await?;
    Ok(AppJson(UploadStatus {
        received,
        complete: false,
    }))
}

#[derive(Debug, serde::Deserialize)]
struct AttachmentQuery {
    dialoog: String,
}

/// The bytes of an attachment, for the author of the dialogue that shows it, or for their team
/// lead when the client's consent covers drawings and photos.
async fn get_attachment(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(hash): Path<String>,
    query: Result<Query<AttachmentQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let Ok(Query(query)) = query else {
        return Err(ApiError::BadRequest(
            "Zeg bij welke dialoog de bijlage hoort (?dialoog=…).".into(),
        ));
    };
    let missing = || ApiError::NotFound("Deze bijlage bestaat niet (of nog niet).".into());
    let stored = state
        .db
        .dialogue(&query.dialoog)
        .await?
        .ok_or_else(missing)?;
    let dialogue = &stored.row.dialogue;
    let is_author = stored.row.owner_id == user.id;
    let same_team_lead = user.role == Role::Teamleider && stored.team_id == user.team_id;
    if !is_author && !same_team_lead {
        return Err(missing());
    }
    if !dialogue.refers_to(&hash) {
        return Err(missing());
    }
    if !is_author && !consent::media_shared(dialogue, &hash) {
        tracing::warn!(user = %user.id, dialogue = %query.dialoog, "refused attachment: no consent");
        return Err(ApiError::NoConsent);
    }
    let (content_type, bytes) = state
        .db
        .attachment(&stored.row.owner_id, &hash)
        .await?
        .ok_or_else(missing)?;
    let content_type = HeaderValue::from_str(&content_type)
        .map_err(|e| ApiError::internal("stored content type", e))?;
    if !is_author {
        // A team lead looking at a shared drawing or photo (issue 6: every view is logged).
        state
            .db
            .log_access(
                &user,
                "bekijken",
                "bijlage",
                &[(query.dialoog.clone(), dialogue.client_code.clone())],
            )
            .await?;
    }
    Ok(([(CONTENT_TYPE, content_type)], bytes))
}

async fn not_found() -> impl IntoResponse {
    (
        StatusCode::NOT_FOUND,
        axum::Json(werkzaam_sync::ErrorBody {
            code: werkzaam_sync::ErrorCode::NotFound,
            message: "Dit adres bestaat niet.".into(),
            mutation_id: None,
        }),
    )
}
