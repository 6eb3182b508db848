//! The one error type of the server. Each variant has a status; what the client reads is a
//! Dutch sentence and a code. Internal details go to the log, never into the answer.

use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use werkzaam_protocol::error::{ErrorBody, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The client sent something we cannot use. The message says what, in Dutch.
    #[error("ongeldige invoer: {0}")]
    BadRequest(String),
    /// A push the protocol refuses (wrong version, out of order, invalid mutation).
    #[error("push geweigerd: {message}")]
    /// `mutation_id` names the one mutation it is about, if any: the device sets that one aside.
    PushRefused {
        code: ErrorCode,
        message: String,
        mutation_id: Option<u64>,
    },
    #[error("niet ingelogd")]
    Unauthorized,
    #[error("verkeerde inloggegevens")]
    WrongCredentials,
    #[error("geen toegang: {0}")]
    Forbidden(String),
    #[error("te groot")]
    PayloadTooLarge,
    /// A drawing or photo over [`werkzaam_domain::rules::validate::MAX_ATTACHMENT_BYTES`].
    #[error("bijlage te groot")]
    AttachmentTooLarge,
    /// The client did not consent to sharing what was asked for.
    #[error("geen toestemming")]
    NoConsent,
    #[error("niet gevonden: {0}")]
    NotFound(String),
    /// Too many attempts (failed logins): wait and try again.
    #[error("te veel pogingen")]
    TooManyRequests(String),
    /// Something comes too early (a part of an attachment before the one missing).
    #[error("conflict: {0}")]
    Conflict(String),
    /// An attachment's bytes do not hash to the address it was sent to.
    #[error("hash klopt niet")]
    HashMismatch,
    #[error("geen JSON: {0}")]
    UnsupportedMediaType(String),
    /// Too much work arrived at once (password checks): try again after `retry_after` seconds.
    #[error("bezet")]
    Busy { retry_after: u32 },
    /// The user's room for drawings and photos on the server is full.
    #[error("opslag vol")]
    QuotaFull,
    /// The request was not answered in time (see [`crate::listen::Timeouts`]).
    #[error("te traag")]
    RequestTimeout,
    /// Anything that is our fault. Logged with its cause; the client only hears that it failed.
    #[error("interne fout: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn internal(context: &str, err: impl std::fmt::Display) -> Self {
        ApiError::Internal(format!("{context}: {err}"))
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        ApiError::internal("database", err)
    }
}

impl From<crate::store::StoreError> for ApiError {
    fn from(err: crate::store::StoreError) -> Self {
        use crate::store::StoreError;
        let refused = |mutation_id: u64, message: String| ApiError::PushRefused {
            code: ErrorCode::Forbidden,
            message,
            mutation_id: Some(mutation_id),
        };
        match err {
            StoreError::Database(err) => ApiError::from(err),
            StoreError::NotYours {
                mutation_id,
                dialogue: true,
            } => refused(
                mutation_id,
                format!(
                    "Wijziging {mutation_id} gaat over een dialoog van iemand anders; niets is \
                     opgeslagen."
                ),
            ),
            StoreError::NotYours { mutation_id, .. } => refused(
                mutation_id,
                format!(
                    "Wijziging {mutation_id} gaat over iets van een ander team; niets is \
                     opgeslagen."
                ),
            ),
            StoreError::Refused {
                mutation_id,
                reason,
            } => refused(
                mutation_id,
                format!("Wijziging {mutation_id}: {reason} Er is niets opgeslagen."),
            ),
            StoreError::OthersDevice => ApiError::Forbidden(
                "Dit apparaat is van een andere gebruiker. Log uit en weer in.".into(),
            ),
            StoreError::BadDeviceId(e) => {
                ApiError::BadRequest(format!("Ongeldige apparaat-id: {e}"))
            }
            StoreError::TargetNotEmpty => ApiError::Conflict(
                "De doeldatabase is niet leeg: kopieer alleen naar een nieuwe, lege database."
                    .into(),
            ),
            other @ (StoreError::Migrate(_) | StoreError::Corrupt { .. }) => {
                ApiError::internal("store", other)
            }
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => ApiError::UnsupportedMediaType(
                "Stuur de gegevens als JSON (Content-Type: application/json).".into(),
            ),
            JsonRejection::JsonSyntaxError(err) => ApiError::BadRequest(format!(
                "De gegevens zijn geen geldige JSON: {}",
                inner_message(&err.body_text())
            )),
            JsonRejection::JsonDataError(err) => ApiError::BadRequest(format!(
                "De gegevens missen iets of hebben de verkeerde vorm: {}",
                inner_message(&err.body_text())
            )),
            JsonRejection::BytesRejection(err) if err.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                ApiError::PayloadTooLarge
            }
            other => ApiError::BadRequest(format!(
                "De gegevens konden niet gelezen worden: {}",
                other.body_text()
            )),
        }
    }
}

/// axum's rejection texts start with a generic English sentence; keep the part after the colon.
fn inner_message(text: &str) -> &str {
    text.split_once(": ").map_or(text, |(_, rest)| rest)
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mutation_id = match &self {
            ApiError::PushRefused { mutation_id, .. } => *mutation_id,
            _ => None,
        };
        let retry_after = match &self {
            ApiError::Busy { retry_after } => Some(*retry_after),
            _ => None,
        };
        let (status, code, message) = match self {
            ApiError::BadRequest(message) => {
                (StatusCode::BAD_REQUEST, ErrorCode::InvalidInput, message)
            }
            ApiError::PushRefused { code, message, .. } => {
                let status = match code {
                    ErrorCode::OutOfOrder => StatusCode::CONFLICT,
                    ErrorCode::TooManyMutations => StatusCode::PAYLOAD_TOO_LARGE,
                    ErrorCode::Forbidden => StatusCode::FORBIDDEN,
                    _ => StatusCode::BAD_REQUEST,
                };
                (status, code, message)
            }
            ApiError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                ErrorCode::NotLoggedIn,
                "Je bent niet (meer) ingelogd. Log opnieuw in.".into(),
            ),
            ApiError::WrongCredentials => (
                StatusCode::UNAUTHORIZED,
                ErrorCode::WrongCredentials,
                "Het e-mailadres of het wachtwoord klopt niet.".into(),
            ),
            ApiError::Forbidden(message) => (StatusCode::FORBIDDEN, ErrorCode::Forbidden, message),
            ApiError::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::PayloadTooLarge,
                "Te veel gegevens in één keer.".into(),
            ),
            ApiError::AttachmentTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::PayloadTooLarge,
                werkzaam_domain::rules::validate::attachment_too_large_message(),
            ),
            ApiError::NoConsent => (
                StatusCode::FORBIDDEN,
                ErrorCode::NoConsent,
                "De cliënt heeft geen toestemming gegeven om dit met het team te delen.".into(),
            ),
            ApiError::NotFound(message) => (StatusCode::NOT_FOUND, ErrorCode::NotFound, message),
            ApiError::TooManyRequests(message) => (
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::WrongCredentials,
                message,
            ),
            ApiError::Conflict(message) => (StatusCode::CONFLICT, ErrorCode::OutOfOrder, message),
            ApiError::HashMismatch => (
                StatusCode::BAD_REQUEST,
                ErrorCode::HashMismatch,
                "De bijlage kwam niet heel aan (de controle klopt niet). Ze wordt opnieuw verstuurd."
                    .into(),
            ),
            ApiError::UnsupportedMediaType(message) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::InvalidInput,
                message,
            ),
            ApiError::Busy { retry_after } => (
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::Busy,
                format!(
                    "Het is nu erg druk op de server. Probeer het over {retry_after} seconden \
                     opnieuw; er is niets veranderd."
                ),
            ),
            ApiError::QuotaFull => (
                StatusCode::INSUFFICIENT_STORAGE,
                ErrorCode::QuotaFull,
                "Je ruimte voor tekeningen en foto's op de server is vol. Ze blijven op je \
                 apparaat bewaard. Vraag je beheerder om meer ruimte, of verwijder oude dialogen."
                    .into(),
            ),
            ApiError::RequestTimeout => (
                StatusCode::REQUEST_TIMEOUT,
                ErrorCode::Busy,
                "Dit duurde te lang; er is niets veranderd. Probeer het opnieuw.".into(),
            ),
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ErrorCode::Internal,
                    "Er ging iets mis op de server. Je gegevens blijven op je apparaat bewaard; probeer het later opnieuw.".into(),
                )
            }
        };
        let mut response = (
            status,
            Json(ErrorBody {
                code,
                message,
                mutation_id,
            }),
        )
            .into_response();
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}
