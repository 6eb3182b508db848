//! Sync: a device pushes its changes and pulls its own dialogues, the team's records and the
//! erasures it must carry out.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use werkzaam_protocol::sync::{
    ErasureConfirm, PullRequest, PullResponse, PushRequest, PushResponse, TeamPullRequest,
    TeamPullResponse, MAX_DIALOGUES_PER_PULL, PROTOCOL_VERSION,
};

use werkzaam_protocol::error::ErrorCode;
use werkzaam_protocol::push::Refusal;

use crate::error::ApiError;
use crate::extract::{AppJson, CurrentUser, SyncJson};
use crate::AppState;
use serde_json::value::RawValue;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/sync/push", post(push))
        .route("/api/sync/pull", post(pull))
        .route("/api/sync/team", post(team_pull))
        .route("/api/sync/wissen/bevestigd", post(confirm_erasures))
        // A page of a pull is up to ~1.2 MB of JSON, a tenth of that gzipped: what a phone on
        // one bar of signal waits for (the browser unpacks it off the page's thread). Gzip at
        // its fastest level, nothing else (brotli costs the server several times more).
        .layer(
            tower_http::compression::CompressionLayer::new()
                .no_br()
                .no_deflate()
                .no_zstd()
                .quality(tower_http::CompressionLevel::Fastest),
        )
}

async fn push(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    SyncJson(request): SyncJson<PushRequest>,
) -> Result<AppJson<PushResponse>, ApiError> {
    let response = crate::services::push::push(&state.db, &user, &request).await?;
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
) -> Result<AppJson<PullResponse<Box<RawValue>>>, ApiError> {
    check_version(request.protocol_version)?;
    let page = state
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
    if !page.records.is_empty() {
        state
            .db
            .log_access(&user, "ophalen", "synchronisatie", &page.records)
            .await?;
    }
    Ok(AppJson(page.response))
}

/// The team's stories and actions stored since the device's team cursor.
async fn team_pull(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    SyncJson(request): SyncJson<TeamPullRequest>,
) -> Result<AppJson<TeamPullResponse>, ApiError> {
    check_version(request.protocol_version)?;
    let response = state
        .db
        .team_pull(
            &user.team_id,
            &user.id,
            request.cursor,
            MAX_DIALOGUES_PER_PULL,
        )
        .await?;
    Ok(AppJson(response))
}

/// A device purged the erasures it pulled.
async fn confirm_erasures(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    AppJson(request): AppJson<ErasureConfirm>,
) -> Result<StatusCode, ApiError> {
    werkzaam_domain::rules::validate::record_id(&request.client_id)
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

/// A pull from an app of another protocol version is refused ("Laad de app opnieuw"). A body
/// that names its version is refused already by [`SyncJson`]; this holds for any other.
fn check_version(got: u32) -> Result<(), ApiError> {
    if got == PROTOCOL_VERSION {
        return Ok(());
    }
    Err(ApiError::PushRefused {
        code: ErrorCode::ProtocolVersion,
        message: Refusal::ProtocolVersion { got }.message(),
        mutation_id: None,
    })
}
