//! Drawings and photos: stored whole or in parts at the SHA-256 of their bytes, within the
//! quota; read back by their author, or by the team lead when consent covers them.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::HeaderMap;
use axum::http::HeaderValue;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::put;
use axum::Router;
use werkzaam_domain::dialogue::MediaKind;
use werkzaam_domain::hash::{content_hash, is_content_hash};
use werkzaam_domain::rules::validate::MAX_ATTACHMENT_BYTES;
use werkzaam_domain::{drawing, rules::consent, Role};
use werkzaam_protocol::upload::{judge_part, PartDecision, UploadStatus, PART_BYTES};

use crate::error::ApiError;
use crate::extract::{AppJson, CurrentUser};
use crate::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new()
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
}

/// An attachment's address is the SHA-256 of its bytes.
fn check_address(hash: &str) -> Result<(), ApiError> {
    if is_content_hash(hash) {
        Ok(())
    } else {
        Err(ApiError::BadRequest(
            "Het adres van een bijlage is de SHA-256 van de inhoud (64 tekens 0-9 a-f).".into(),
        ))
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
    check_address(&hash)?;
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

/// One part of an attachment (see `werkzaam_protocol::upload`). The last part completes it: the
/// parts are joined, checked like a whole upload and stored.
async fn put_attachment_part(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(hash): Path<String>,
    Query(query): Query<PartQuery>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<impl IntoResponse, ApiError> {
    check_address(&hash)?;
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
    check_address(&hash)?;
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
