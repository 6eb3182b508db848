//! The JSON API under `/api`, one file per resource; each file declares its routes at its top.

use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Router;

use crate::error::ApiError;
use crate::AppState;

mod account;
pub mod admin;
mod attachments;
mod privacy;
pub mod review;
mod sync;
mod team;

/// An API address with a NUL byte (`%00`) in it is no address of ours: refused (400) before any
/// handler, so no value with a NUL reaches a query (PostgreSQL refuses one in text, which would
/// be a 500 for a client's mistake). Found by issue 19's tests of a round's id.
pub async fn refuse_nul_bytes(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let uri = request.uri();
    let has_nul = |s: &str| s.to_ascii_lowercase().contains("%00") || s.contains('\0');
    if uri.path().starts_with("/api/") && (has_nul(uri.path()) || uri.query().is_some_and(has_nul))
    {
        tracing::warn!("refused: a NUL byte in an API address");
        return ApiError::BadRequest(
            "Dit adres bevat een teken dat niet kan (een nul-byte). Er is niets veranderd.".into(),
        )
        .into_response();
    }
    next.run(request).await
}

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

/// Every route of the API. The limit on a body's size holds for the app's routes (the
/// attachments' routes set their own); review and admin keep axum's default.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(account::router())
        .merge(sync::router())
        .merge(privacy::router())
        .merge(team::router())
        .merge(attachments::router())
        .route("/api/{*rest}", axum::routing::any(not_found))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .merge(review::router())
        .merge(admin::router())
}

async fn not_found() -> impl IntoResponse {
    (
        StatusCode::NOT_FOUND,
        axum::Json(werkzaam_protocol::error::ErrorBody {
            code: werkzaam_protocol::error::ErrorCode::NotFound,
            message: "Dit adres bestaat niet.".into(),
            mutation_id: None,
        }),
    )
}
