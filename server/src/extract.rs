//! What a handler takes from a request, checked before it runs: who is asking
//! ([`DeviceUser`], [`CurrentUser`], [`TeamLead`], [`Admin`], [`AnyUser`]), from which address
//! ([`ClientAddr`]), and a JSON body whose rejection reads like every other error ([`AppJson`],
//! [`SyncJson`]). A route states its rule by the extractor it takes.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use werkzaam_domain::Role;
use werkzaam_protocol::error::ErrorCode;

use crate::auth::{session_token, token_hash, REQUEST_KEY_HEADER, SESSION_IDLE_MS};
use crate::error::ApiError;
use crate::store::User;
use crate::AppState;

/// The logged-in user of a request that proves the device's vault is open: a valid session
/// cookie **and** the session's request key in [`REQUEST_KEY_HEADER`] (compared by its
/// SHA-256). Without the key: 401, as if not logged in (the app then asks for a login, which
/// hands out a new key). Whether the login is still fresh comes along.
pub struct DeviceUser {
    pub user: User,
    pub fresh: bool,
}

impl FromRequestParts<AppState> for DeviceUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = session_token(&parts.headers).ok_or(ApiError::Unauthorized)?;
        let session = state
            .db
            .session(&token_hash(&token), SESSION_IDLE_MS)
            .await?
            .ok_or(ApiError::Unauthorized)?;
        let sent = parts
            .headers
            .get(REQUEST_KEY_HEADER)
            .and_then(|v| v.to_str().ok())
            .filter(|v| v.len() == 64);
        let matches = match (sent, &session.request_key_hash) {
            (Some(sent), Some(stored)) => {
                // Both are hashes of secrets: comparing them leaks nothing about the key.
                token_hash(sent) == *stored
            }
            _ => false,
        };
        if !matches {
            tracing::warn!(user = %session.user.id, path = %parts.uri.path(), "refused: no request key");
            return Err(ApiError::Unauthorized);
        }
        Ok(DeviceUser {
            fresh: session.fresh_until_ms > crate::clock::now_ms(),
            user: session.user,
        })
    }
}

/// The logged-in user of a route that may carry client content ([`DeviceUser`]: the session
/// and the device's request key). Rejects with 401 without both, and with 403 an
/// administrator (`beheerder`), who sees no client content: every content route takes this
/// extractor, so the rule holds on each of them.
pub struct CurrentUser(pub User);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let DeviceUser { user, .. } = DeviceUser::from_request_parts(parts, state).await?;
        if user.role == Role::Beheerder {
            return Err(ApiError::Forbidden(
                "Een beheerder ziet geen cliëntgegevens en werkt niet met dialogen of verhalen."
                    .into(),
            ));
        }
        Ok(CurrentUser(user))
    }
}

/// The logged-in user by the session cookie alone, whatever the role: for the account's own
/// routes that carry no client content (profile, sessions, password, logout).
pub struct AnyUser(pub User);

impl FromRequestParts<AppState> for AnyUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = session_token(&parts.headers).ok_or(ApiError::Unauthorized)?;
        let user = state
            .db
            .session_user(&token_hash(&token), SESSION_IDLE_MS)
            .await?
            .ok_or(ApiError::Unauthorized)?;
        Ok(AnyUser(user))
    }
}

/// The logged-in administrator, with the request key of their login ([`DeviceUser`]); anyone
/// else gets 403.
pub struct Admin(pub User);

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let DeviceUser { user, .. } = DeviceUser::from_request_parts(parts, state).await?;
        if user.role != Role::Beheerder {
            return Err(ApiError::Forbidden("Dit kan alleen een beheerder.".into()));
        }
        Ok(Admin(user))
    }
}

/// The logged-in team lead ([`CurrentUser`] whose role is `teamleider`); anyone else gets 403.
/// Every route that shows the team's shared dialogues or prepares its meeting takes this.
pub struct TeamLead(pub User);

impl FromRequestParts<AppState> for TeamLead {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let CurrentUser(user) = CurrentUser::from_request_parts(parts, state).await?;
        if user.role != Role::Teamleider {
            return Err(ApiError::Forbidden(
                "Alleen een teamleider kan dit zien.".into(),
            ));
        }
        Ok(TeamLead(user))
    }
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

/// `Json`, but a rejection is an [`ApiError`], so bad input reads like every other error.
#[derive(Debug, Clone, Copy, Default, axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct AppJson<T>(pub T);

impl<T: serde::Serialize> IntoResponse for AppJson<T> {
    fn into_response(self) -> Response {
        Json(self.0).into_response()
    }
}

/// [`AppJson`] for the sync endpoints: a body from an app of another protocol version is refused
/// with [`ErrorCode::ProtocolVersion`] ("Laad de app opnieuw") even when its shape no longer
/// parses, instead of a puzzling "missing field". The device may gzip the body
/// (`Content-Encoding: gzip`: a push of 500 dialogues is ~600 KiB of JSON, a tenth of that
/// gzipped — what a phone on one bar of signal sends); it may unpack to at most
/// [`crate::routes::MAX_BODY_BYTES`], like a plain body.
pub struct SyncJson<T>(pub T);

/// `bytes` as sent with `Content-Encoding` `encoding`: unpacked when gzipped, as they are when
/// not encoded; at most `limit` bytes unpacked.
pub fn unpacked(
    encoding: Option<&axum::http::HeaderValue>,
    bytes: axum::body::Bytes,
    limit: usize,
) -> Result<axum::body::Bytes, ApiError> {
    let encoding = encoding.map(|v| v.to_str().unwrap_or("?").trim().to_ascii_lowercase());
    match encoding.as_deref() {
        None | Some("identity") => Ok(bytes),
        Some("gzip") => {
            use std::io::Read;
            let mut out = Vec::with_capacity((bytes.len() * 8).min(limit + 1));
            flate2::read::GzDecoder::new(&bytes[..])
                .take(limit as u64 + 1)
                .read_to_end(&mut out)
                .map_err(|_| {
                    ApiError::BadRequest(
                        "De ingepakte gegevens konden niet uitgepakt worden.".into(),
                    )
                })?;
            if out.len() > limit {
                return Err(ApiError::PayloadTooLarge);
            }
            Ok(out.into())
        }
        Some(_) => Err(ApiError::BadRequest(
            "Deze inpakking (Content-Encoding) kent de server niet; stuur de gegevens als gzip \
             of niet ingepakt."
                .into(),
        )),
    }
}

impl<S, T> axum::extract::FromRequest<S> for SyncJson<T>
where
    S: Send + Sync,
    T: serde::de::DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        let (parts, body) = req.into_parts();
        let bytes = axum::body::Bytes::from_request(
            axum::extract::Request::from_parts(parts.clone(), body),
            state,
        )
        .await
        .map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge
            } else {
                ApiError::BadRequest("De gegevens konden niet gelezen worden.".into())
            }
        })?;
        let bytes = unpacked(
            parts.headers.get(axum::http::header::CONTENT_ENCODING),
            bytes,
            crate::routes::MAX_BODY_BYTES,
        )?;
        #[derive(serde::Deserialize)]
        struct Head {
            protocol_version: Option<u32>,
        }
        if let Ok(Head {
            protocol_version: Some(got),
        }) = serde_json::from_slice::<Head>(&bytes)
        {
            if got != werkzaam_protocol::sync::PROTOCOL_VERSION {
                return Err(ApiError::PushRefused {
                    code: ErrorCode::ProtocolVersion,
                    message: werkzaam_protocol::push::Refusal::ProtocolVersion { got }.message(),
                    mutation_id: None,
                });
            }
        }
        let req = axum::extract::Request::from_parts(parts, axum::body::Body::from(bytes));
        let AppJson(value) = AppJson::<T>::from_request(req, state).await?;
        Ok(SyncJson(value))
    }
}
