//! How the server says no: a machine-readable code and a Dutch sentence.

use serde::{Deserialize, Serialize};

/// Machine-readable reason of a refusal; the message next to it is for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidInput,
    ProtocolVersion,
    OutOfOrder,
    TooManyMutations,
    NotLoggedIn,
    WrongCredentials,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    /// The client did not consent to sharing this (part of a) dialogue.
    NoConsent,
    /// An attachment's bytes do not match its hash.
    HashMismatch,
    /// The server is busy (too many logins at once): try again after `Retry-After` seconds.
    Busy,
    /// The user's room for drawings and photos on the server is full.
    QuotaFull,
    Internal,
}

/// The body of every error answer of the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: ErrorCode,
    /// Dutch, plain language; safe to show to the user.
    pub message: String,
    /// The one mutation the refusal is about, when it is about one (the device sets it aside).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mutation_id: Option<u64>,
}
